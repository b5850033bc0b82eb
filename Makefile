# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
DEV_ENV := DEBUG=1
# Tests run on every core (pytest-xdist; each worker has its own test database).
PYTEST_ARGS ?= -n auto --durations=15
APPS := accounts regions audit referrals volunteers events support matches matching planning followups outcomes reports transfer expenses portal notifications privacy demo

.PHONY: run test test-fast lint format bench install messages compilemessages demo clean

$(BIN)/.installed: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

install: $(BIN)/.installed

compilemessages: install
	$(BIN)/python scripts/compile_messages.py

run: install compilemessages
	$(DEV_ENV) $(MANAGE) migrate --noinput
	$(DEV_ENV) $(MANAGE) demo_data
	$(DEV_ENV) $(MANAGE) runserver 127.0.0.1:8000

demo: install compilemessages
	$(DEV_ENV) $(MANAGE) migrate --noinput
	$(DEV_ENV) $(MANAGE) demo_data

test: install compilemessages lint
	DJANGO_SETTINGS_MODULE=config.settings_test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

# Without the browser tests: the quick loop while working.
test-fast: install compilemessages
	$(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Each bench/bench_*.py prints its figures as one JSON object on its own line.
bench: install
	for script in bench/bench_*.py; do DJANGO_SETTINGS_MODULE=config.settings_test $(BIN)/python $$script || exit 1; done

# Re-extract translatable strings (needs GNU gettext): per app, plus the shared templates.
messages: install
	for app in $(APPS); do (cd $$app && mkdir -p locale && DEBUG=1 ../$(BIN)/python ../manage.py makemessages -l da --no-obsolete --no-location); done
	DEBUG=1 $(MANAGE) makemessages -l da --no-obsolete --no-location $(foreach app,$(APPS),--ignore=$(app)/*) --ignore=.venv/* --ignore=bench/*

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
