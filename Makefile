# Inside the Embedding Layer: build, test and teach from one place.
# Every target creates .venv and installs requirements.txt when needed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000
BUILD_FLAGS := -W -n --keep-going

.PHONY: help install frameworks book test test-unit test-site lab serve bench bench-site pdf timings student lock clean

help:
	@echo "make book   install into $(VENV) and build the website into _build/html"
	@echo "make test   install into $(VENV) and run every test"
	@echo "make frameworks  add PyTorch and Keras (optional) so the framework tests run too"
	@echo "make lab    open the chapters in JupyterLab (widgets live)"
	@echo "make serve  serve the built website on http://127.0.0.1:$(PORT) (gzip, as a web server would)"
	@echo "make bench  time embedlab's lookup and gradient against plain NumPy"
	@echo "make bench-site  load each chapter page on a throttled connection: first paint and bytes"
	@echo "make pdf    print the built website as PDF (whole book and each chapter, student and instructor) into _build/pdf"
	@echo "make timings  time every chapter, each in a fresh kernel"
	@echo "make student  write student versions (no solutions) of every chapter into student/"
	@echo "make lock   regenerate requirements.txt from requirements.in"
	@echo "make clean  remove builds, fetched assets and caches (keeps $(VENV))"

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

install: $(STAMP)

# PyTorch (CPU) and Keras 3: never needed by the book, only by the tests that
# check what it says about them. Without them those tests are skipped.
frameworks: $(STAMP)
	$(BIN)/python -m pip install --quiet -r requirements-frameworks.txt

book: $(STAMP)
	$(BIN)/jupyter-book build . $(BUILD_FLAGS)
	@echo
	@echo "The website is in _build/html. Open file://$(CURDIR)/_build/html/index.html"
	@echo "or run 'make serve' and visit http://127.0.0.1:$(PORT)/"

# Unit tests, doctests and every notebook (nbmake) run in parallel; then the
# site is built strictly and checked in a real browser.
test: $(STAMP) test-unit test-site

test-unit: $(STAMP)
	$(BIN)/python -m pytest -n auto -m "not site" tests src/embedlab --nbmake book

test-site: $(STAMP)
	$(BIN)/python -m pytest -m site tests

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=book

serve:
	@test -f _build/html/index.html || { echo "No site yet: run 'make book' first."; exit 1; }
	$(BIN)/python tools/serve.py --port $(PORT) --directory _build/html

bench: $(STAMP)
	$(BIN)/python -m embedlab.bench

# A benchmark, not a test: 9 Mbit/s, 60 ms, CPU 4x slower, cold cache (tools/bench_site.py).
bench-site: $(STAMP)
	@test -f _build/html/index.html || { echo "No site yet: run 'make book' first."; exit 1; }
	$(BIN)/python tools/bench_site.py

# Prints the already built site; run 'make book' first.
pdf: $(STAMP)
	@test -f _build/html/index.html || { echo "No site yet: run 'make book' first."; exit 1; }
	$(BIN)/python tools/make_pdf.py --out _build/pdf

timings: $(STAMP)
	$(BIN)/python tools/time_chapters.py --repeat 2

student: $(STAMP)
	$(BIN)/python tools/make_student.py --out student

lock: $(STAMP)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile --universal --python-version 3.10 --no-annotate \
		requirements.in -o requirements.txt

clean:
	rm -rf _build _vendor student .pytest_cache .hypothesis
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +
