# Two commands on a fresh machine: `make edition` and `make test` (each does all the set-up it needs).
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: edition test lint system-deps clean

system-deps:
	@./scripts/system-deps.sh

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[test]'
	# the DTS reference library, for tests/test_dts.py only: without its pins (saxonche==12.9.0, flask, …)
	$(VENV)/bin/pip install -q --no-deps 'dapytains==1.0.0rc4'
	touch $(STAMP)

# SOURCE_DATE_EPOCH (time of the last commit) makes the deposit's Bagging-Date reproducible.
edition: system-deps $(STAMP)
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null)} \
	  $(VENV)/bin/teiedit build -j $(JOBS) --volume --zip

test: system-deps $(STAMP)
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/pytest -q

clean:
	rm -rf build $(VENV)
