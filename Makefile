# Two commands matter: `make run` (serve the demo portal) and `make test` (the suite).
# Each target is a line you could type yourself.

VENV := .venv
BIN := $(VENV)/bin
# The newest interpreter >= 3.11 that actually runs (a pyenv shim may exist and fail).
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { command -v $$p; break; }; done)

.PHONY: install install-load run test fuzz-api bench loadtest lint format worker beat \
	demo messages

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Installs only when requirements-dev.txt changed since the last install.
$(VENV)/.installed: requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --require-hashes -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# The load driver (locust, with gevent and brotli) in a venv of its own: brotli in
# .venv would make whitenoise's collectstatic compress everything twice.
LOAD_VENV := .venv-load
$(LOAD_VENV)/.installed: requirements-load.txt | $(BIN)/python
	test -x $(LOAD_VENV)/bin/python || $(PYTHON) -m venv $(LOAD_VENV)
	$(LOAD_VENV)/bin/python -m pip install --require-hashes -r requirements-load.txt
	touch $@

install-load: $(LOAD_VENV)/.installed

# `make run PORT=8001` serves on another port; links in mails follow it.
PORT ?= 8000

run: install
	$(BIN)/python manage.py migrate --noinput
	DEBUG=true SITE_URL=http://127.0.0.1:$(PORT) $(BIN)/python manage.py seed_demo
	DEBUG=true SITE_URL=http://127.0.0.1:$(PORT) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/pytest -n 2

# schemathesis over the API's schema, 100 examples per operation, three roles' tokens
# (`make test` runs it with 5; one test, one process: -n would not share it out).
fuzz-api: install
	API_FUZZ_EXAMPLES=100 $(BIN)/pytest -p no:randomly tests/api/test_api_fuzz.py

# Timings (demo seed, form and list pages, the API) on a scratch database; tests assert none.
bench: install
	$(BIN)/python scripts/bench.py

# Simulated university reporters against gunicorn on the national set (PostgreSQL at
# DATABASE_URL): `make loadtest LOADTEST_ARGS="--universities 300 --stage-seconds 30"`.
loadtest: install install-load
	$(BIN)/python scripts/loadtest.py $(LOADTEST_ARGS)

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

worker: install
	$(BIN)/celery -A carbonplan worker --loglevel INFO

beat: install
	$(BIN)/celery -A carbonplan beat --loglevel INFO

demo: install
	DEBUG=true $(BIN)/python manage.py seed_demo

messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans --add-location file --no-obsolete \
		--ignore '.venv/*' --ignore 'static/vendor/*' --ignore 'tests/*'
	$(BIN)/python manage.py compilemessages -l zh_Hans --ignore '.venv/*'
