# Two commands do all the set-up:  `make lab`  and  `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# JupyterLab refuses to run as root unless told it may (containers, CI machines).
ROOT_FLAG := $(shell [ "$$(id -u)" = "0" ] && echo --allow-root)
LAB_ARGS ?=
# nbgrader runs `alembic` from PATH when it opens a gradebook, so the environment's bin comes first.
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: lab test install workspace lint bench clean-grading help system-deps figures site serve-site guide

help:
	@echo "make lab    install everything and open the course in JupyterLab"
	@echo "make test   install everything and run every test"
	@echo "make bench  run the benchmarks (on demand, not part of make test)"
	@echo "make guide  write the one-page role guide, printable (PDF and PNG, A4 and US Letter) into role-guide/"
	@echo "make figures  redraw the lessons' stored figures after changing ailead.instructor.drawing or ailead.case"
	@echo "make site   build the browser version of the course into site/ (static files, no install needed)"
	@echo "make serve-site  serve site/ at http://127.0.0.1:8000/ (keep the same address: progress is kept per address)"
	@echo "make system-deps  install what some tests need (Chromium, bubblewrap, PostgreSQL, npm); Debian/Ubuntu, sudo if needed"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the package's dependencies change.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -q --upgrade pip
	$(BIN)/python -m pip install --disable-pip-version-check -q -e ".[grading,test,hub]"
	@touch $(STAMP)

install: $(STAMP)

# The learner's git-ignored working copy: made on first run, never overwriting their edits.
workspace: install
	$(BIN)/ailead workspace

# A quiet start: the course's JupyterLab defaults (no news pop-up, no update check) in the course's own
# environment, never in the learner's ~/.jupyter.
lab: workspace
	$(BIN)/python -m ailead.instructor.workspace --quiet-lab-only
	$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir=my-work $(LAB_ARGS) my-work/notebooks/00-start-here.ipynb

test: install
	$(BIN)/ruff check .
	$(BIN)/python -m pytest tests
	$(BIN)/python -m pytest --nbval-lax -p no:cacheprovider notebooks solutions

# System packages some tests need; without them those tests skip with a hint (in CI they fail):
# Chromium (browser tests), bubblewrap (grading sandbox), and for the JupyterHub cohort test
# PostgreSQL, npm (configurable-http-proxy) and Debian's python3-venv (the hub's shared environment).
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v bwrap >/dev/null || missing="$$missing bubblewrap"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	/usr/bin/python3 -c "import venv, ensurepip" 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -z "$$missing" ]; then echo "System packages for the tests are installed."; else \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

# Redraw the lessons' figures into assets/figures/ (a test says when they are out of date).
figures: install
	$(BIN)/python -m ailead.instructor.drawing.build

# The one-page role guide: the four roles side by side, for print (and its text stays text).
guide: install
	$(BIN)/ailead guide --out role-guide

# The course in a browser tab: a static JupyterLite site in site/, built from a clean state every time.
site: install
	$(BIN)/python -m ailead.instructor.site site

SITE_PORT ?= 8000
serve-site:
	@[ -f site/index.html ] || $(MAKE) site
	$(BIN)/python -m http.server $(SITE_PORT) --bind 127.0.0.1 --directory site

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/python benchmarks/notebooks.py
	$(BIN)/python benchmarks/quiz_latency.py
	$(BIN)/python benchmarks/site.py
	$(BIN)/python benchmarks/sim.py

clean-grading:
	rm -rf grading
