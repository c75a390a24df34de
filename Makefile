# Two entry points for a fresh machine with only Python 3.11+: `make play` and `make test`.
# Both install the exact versions in requirements.lock (with their hashes) into .venv the first time.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: play test fuzz check randomtest bench lint lock i18n clean

$(STAMP): requirements.lock pyproject.toml
	@echo "Setting up $(VENV): installing the locked packages (about a minute, once; later runs start at once)..."
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --require-hashes --requirement requirements.lock
	$(PIP) install --no-deps --no-build-isolation --editable .
	@touch $(STAMP)
	@echo "Ready."

play: $(STAMP)
	$(BIN)/python -m game play

test: $(STAMP)
	$(BIN)/python -m pytest -n 2

# The fuzz tests with a budget of thousands of examples each, instead of the normal run's few dozen.
fuzz: $(STAMP)
	MILLONES_FUZZ_EXAMPLES=3000 $(BIN)/python -m pytest -n 2 -m fuzz

check: $(STAMP)
	$(BIN)/python -m game check scenes

randomtest: $(STAMP)
	$(BIN)/python -m game randomtest scenes --runs 10000 --seed 1

bench: $(STAMP)
	$(BIN)/python tests/bench/run_all.py

# Also part of `make test` (tests/test_architecture.py); here on their own, with full reports.
lint: $(STAMP)
	$(BIN)/ruff check game tests docs
	$(BIN)/lint-imports --no-cache

# Refresh requirements.lock after changing the dependencies in pyproject.toml (needs the network).
lock: $(STAMP)
	$(PIP) install uv
	$(BIN)/uv pip compile pyproject.toml --extra test --extra build --universal --python-version 3.11 \
		--generate-hashes --custom-compile-command "make lock" --output-file requirements.lock

# The interface's words: extract them from the code into game/locale/millones.pot, merge that into each
# language's catalog (new words untranslated, changed ones fuzzy), and compile the .mo files the game reads.
# Translate game/locale/<lang>/LC_MESSAGES/millones.po (Poedit works), then run it again; commit all three.
i18n: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k ngettext:1,2 --no-location --sort-output --project millones \
		-w 120 -o game/locale/millones.pot .
	$(BIN)/pybabel update -i game/locale/millones.pot -d game/locale -D millones -w 120 --no-fuzzy-matching \
		--ignore-obsolete
	$(BIN)/pybabel compile -d game/locale -D millones --statistics

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
