# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test layout bench lint format screenshot screenshots translations clean

# The stamp files make the install re-run whenever pyproject.toml changes.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	bash .ci/system-deps --gui
	$(BIN)/backprop-explorer

# The last line builds the sdist and a wheel, installs the wheel into a new virtual environment
# and runs backprop-explorer from outside the checkout (tests/test_install.py, about 15 s).
test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q
	BACKPROP_EXPLORER_WHEEL_TEST=1 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q tests/test_install.py -k wheel

# Issue 10's layout test on all 80 combinations of screen (1024x768 … 3840x2160 at pixel ratio
# 2), mode, theme, language and K (make test runs a sample of 10); a few minutes.
layout: $(VENV)/.installed-test
	BACKPROP_EXPLORER_LAYOUT=full QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q tests/test_layout.py

# The bench extra (torch) is installed once per change of pyproject.toml, like the stamps above;
# if it cannot be installed the suite still runs and reports the PyTorch column as skipped.
bench: $(VENV)/.installed-test
	@if [ ! -f $(VENV)/.installed-bench ] || [ pyproject.toml -nt $(VENV)/.installed-bench ]; then \
	  if $(BIN)/python -m pip install --quiet -e '.[bench]'; then touch $(VENV)/.installed-bench; \
	  else echo "torch not installable: PyTorch column skipped"; fi; \
	fi
	@# Bytecode as a user's launch has it (pip compiles an installed wheel; a checkout's first
	@# run writes it): without this, a PYTHONDONTWRITEBYTECODE environment recompiles the app's
	@# ~60 modules on every launch while the baseline's libraries load compiled.
	$(BIN)/python -m compileall -q core explorer resources tests/bench
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.bench

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

screenshot: $(VENV)/.installed
	QT_QPA_PLATFORM=offscreen $(BIN)/backprop-explorer --lang en --screenshot docs/screenshot.png --select 1 --train-steps 2000 --size 1600x1000

# The gallery docs/gallery/<size>-<mode>.png: 1024x768, 1366x768 and 1920x1080, normal and
# presentation mode, each rendered on an offscreen screen of that size (tools/screenshots.py).
screenshots: $(VENV)/.installed
	$(BIN)/python tools/screenshots.py

# Extract every tr("…") in explorer/ into resources/translations/explorer_pl.ts (translations
# kept, new strings marked unfinished, obsolete ones dropped) and compile explorer_pl.qm with
# pyside6-lrelease. The .qm is committed, so installs need no build step; make test checks
# that every string is translated and the .qm is current (tools/translations.py --check).
translations: $(VENV)/.installed
	$(BIN)/python tools/translations.py

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache
