# Two commands do everything on a fresh machine:
#   make build   set up .venv (uv sync --frozen) and build the dataset from raw/ into dist/
#   make test    set up .venv and run the test suite
# uv is not preinstalled: it is bootstrapped into .uv/ with pip, pinned.

UV_VERSION := 0.13.8
UV := .uv/bin/uv
VENV := .venv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/.venv
export PREFECT_HOME := $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1
export PREFECT_LOGGING_LEVEL ?= WARNING

.PHONY: build test test-all lint env clean-env

build: $(VENV)/.synced
	$(VENV)/bin/hotspots build

test: $(VENV)/.synced
	$(VENV)/bin/python -m pytest

test-all: $(VENV)/.synced
	$(VENV)/bin/python -m pytest -m "slow or not slow"

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

env: $(VENV)/.synced

$(UV):
	python3 -m venv .uv
	.uv/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.synced: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --python python3
	touch $@

clean-env:
	rm -rf .uv $(VENV)
