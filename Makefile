# Regiekamer: `make demo` serves the demo region, `make test` runs the whole suite.
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install demo test test-fast messages vendor clean bench

install: $(BIN)/regiekamer

$(BIN)/regiekamer: pyproject.toml
	@PY=$$(scripts/find-python) || exit 1; \
	  if [ ! -x $(BIN)/python ]; then echo "Creating $(VENV) with $$PY"; "$$PY" -m venv $(VENV) || exit 1; fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,production]'
	@touch $@

# The demo runs as users see it (DEBUG off: our own error pages), with a secret key kept in var/.
DEMO_ENV = REGIEKAMER_DEBUG=false REGIEKAMER_SECRET_KEY="$$(cat var/demo-secret-key)"

demo: install var/demo-secret-key
	$(DEMO_ENV) $(BIN)/regiekamer migrate --no-input
	$(DEMO_ENV) $(BIN)/regiekamer demo-data --if-empty
	PORT=$(PORT) $(DEMO_ENV) $(BIN)/regiekamer demo-logins
	$(DEMO_ENV) $(BIN)/regiekamer runserver 127.0.0.1:$(PORT) --insecure

var/demo-secret-key:
	@mkdir -p var && umask 077 && $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

# On every core (pytest-xdist); the browser tests stay together on one worker, which seeds their
# server once (tests/e2e/conftest.py). JOBS=0 runs in this process.
JOBS ?= auto
test: install
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup $(PYTEST_ARGS)

# The risk engine's speed benchmark against a pandas version of the same work (benchmarks/README.md).
SIZE ?= 10000000
bench: install
	$(BIN)/python benchmarks/run.py --addresses $(SIZE)

messages: install
	cd regiekamer && ../$(BIN)/regiekamer compilemessages --ignore=.venv

vendor:
	scripts/refresh-vendor

clean:
	rm -rf $(VENV) var staticfiles

# The municipal dashboard's speed over three years of a 200,000-address municipality, on SQLite and on
# a throwaway PostgreSQL cluster (benchmarks/README.md, "The dashboard benchmark").
DASHBOARD_SIZE ?= 200000
.PHONY: bench-dashboard
bench-dashboard: install
	@rc=0; \
	  $(BIN)/python benchmarks/dashboard.py --addresses $(DASHBOARD_SIZE) || rc=$$?; \
	  scripts/with-postgres $(BIN)/python benchmarks/dashboard.py --addresses $(DASHBOARD_SIZE) || rc=$$?; \
	  exit $$rc

# requirements.lock pins every package of .venv (docs/deployment.md, "Dependencies"); refresh it after
# changing pyproject.toml, then `make audit` (known vulnerabilities, as CI does) and `make test`.
.PHONY: lock audit
lock: install
	@{ sed -n '/^#/p' requirements.lock; $(BIN)/python -m pip freeze --exclude-editable; } > requirements.lock.new
	@mv requirements.lock.new requirements.lock && echo "requirements.lock: $$(grep -vc '^#' requirements.lock) packages"

audit: install
	scripts/audit-dependencies

# The load test: 50 users in a 500,000-address region for 5 minutes against gunicorn and a throwaway
# PostgreSQL (benchmarks/README.md, "The load test"). A benchmark, not part of CI.
# A quick look: LOAD_ARGS="--addresses 20000 --users 10 --duration 30" make loadtest
LOAD_ARGS ?=
.PHONY: loadtest
loadtest: install
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[load]'
	$(BIN)/python benchmarks/load/run.py $(LOAD_ARGS)

# The API fuzzing at full strength (tests/test_api_fuzz.py): every schemathesis check, every role that
# reaches the API and an anonymous caller, FUZZ_EXAMPLES examples per operation, role and mode; prints
# a summary (operations x roles, examples, failures). CI runs the same tests with a few examples.
FUZZ_EXAMPLES ?= 100
.PHONY: fuzz
fuzz: install
	REGIEKAMER_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/test_api_fuzz.py -n0 -p no:cacheprovider -q $(PYTEST_ARGS)
