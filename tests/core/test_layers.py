"""The layering of DESIGN.md section 6, as contracts in pyproject.toml checked by import-linter:
an import only points down (vocabulary < config < robot < subsystems < actors < harness, tooling
above the core), subsystems are independent of each other, and neither core nor tooling imports
ROS. A new import circle or an upward import fails here."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_every_layering_contract_is_kept() -> None:
    lint_imports = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run([lint_imports, "--config", str(REPO / "pyproject.toml"), "--no-cache"], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout and "3 kept" in result.stdout, result.stdout[-2000:]
