# Regiekamer: `make demo` serves the demo region, `make test` runs the whole suite.
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install demo test test-fast messages vendor clean

install: $(BIN)/regiekamer

$(BIN)/regiekamer: pyproject.toml
	@PY=$$(scripts/find-python) || exit 1; \
	  if [ ! -x $(BIN)/python ]; then echo "Creating $(VENV) with $$PY"; "$$PY" -m venv $(VENV) || exit 1; fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

demo: install
	$(BIN)/regiekamer migrate --no-input
	$(BIN)/regiekamer demo-data --if-empty
	$(BIN)/regiekamer demo-logins
	$(BIN)/regiekamer runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

messages: install
	cd regiekamer && ../$(BIN)/regiekamer compilemessages --ignore=.venv

vendor:
	scripts/refresh-vendor

clean:
	rm -rf $(VENV) var staticfiles
