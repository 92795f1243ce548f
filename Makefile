# Dita: `make run` serves the demo day; `make test` runs every test. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
# The interface catalogs, from app/languages.py (app/catalogs.py; run without importing the whole app).
CATALOGS = $(BIN)/python -c "import sys, types; app = types.ModuleType('app'); app.__path__ = ['app']; \
	sys.modules['app'] = app; from app.catalogs import main; sys.exit(main(sys.argv))"
# The catalogs translators write; the others (sr_Cyrl) are generated from them by i18n-compile.
LANGS = $(shell $(CATALOGS) written)

.PHONY: run test check setup install install-dev db-upgrade demo i18n i18n-extract i18n-update i18n-compile i18n-init i18n-langs clean bench

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

# Test and check tools, only for `make test` and `make check`.
$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# Generated catalogs first (Serbian Cyrillic, transliterated from Serbian Latin), then every .mo.
i18n-compile: install
	$(CATALOGS) generate
	$(BIN)/pybabel -q compile -d translations

db-upgrade: install
	$(FLASK) db upgrade

demo: db-upgrade
	$(FLASK) demo --if-empty

setup: install i18n-compile db-upgrade demo

run: setup
	$(FLASK) run --host 127.0.0.1 --port 5000

test: install-dev i18n-compile
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Static checks: ruff (lint and import order) and mypy over app/.
check: install-dev
	$(BIN)/ruff check .
	$(BIN)/mypy

# Interface catalogs: extract the strings, merge them into every language, compile.
i18n-extract: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --sort-by-file --no-wrap -o translations/messages.pot .

i18n-update: i18n-extract
	for lang in $(LANGS); do \
	  $(BIN)/pybabel update -i translations/messages.pot -d translations -l $$lang --no-fuzzy-matching --no-wrap \
	    --ignore-obsolete || exit 1; \
	done

# The catalogs i18n-update writes into (tests/test_languages_guard.py compares them with the list).
i18n-langs:
	@echo $(LANGS)

# A new interface catalog: add the language to app/languages.py, then `make i18n-init LANG=xx`
# (the catalog directory's name, e.g. tr or sr_Cyrl). Plural-Forms come from Babel's CLDR data.
i18n-init:
	@test "$(origin LANG)" = "command line" || { echo "usage: make i18n-init LANG=xx"; exit 2; }
	$(MAKE) i18n-extract
	$(BIN)/pybabel init -i translations/messages.pot -d translations -l $(LANG) --no-wrap

i18n: i18n-update i18n-compile

clean:
	rm -rf $(VENV) instance/dita.sqlite .pytest_cache

# Benchmarks: builds a world-sized dataset, serves it with gunicorn, writes bench/README.md.
bench: install-dev i18n-compile
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# The model-based test (tests/test_stateful.py) with many more random histories than `make test` runs.
# DITA_STATEFUL_EXAMPLES sets how many; TEST_DATABASE_URL=postgresql://… runs it on PostgreSQL.
.PHONY: stateful-long
stateful-long: install-dev i18n-compile
	DITA_STATEFUL_EXAMPLES=$${DITA_STATEFUL_EXAMPLES:-500} $(BIN)/python -m pytest tests/test_stateful.py $(PYTEST_ARGS)
