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
	touch $(STAMP)

edition: system-deps $(STAMP)
	$(VENV)/bin/teiedit convert seeds/ -o tei/
	$(VENV)/bin/teiedit html tei/ -o build/html/
	$(VENV)/bin/teiedit search-index tei/ -o build/html/
	$(VENV)/bin/teiedit browse tei/ -o build/html/
	$(VENV)/bin/teiedit pdf tei/ -o build/pdf/ --volume

test: system-deps $(STAMP)
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/pytest -q

clean:
	rm -rf build $(VENV)
