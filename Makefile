# The two set-up commands of the README:
#   make example   build examples/ketamine-therapy.md into dist/ (html, pdf, epub, mp3 + vtt)
#   make test      install everything the tests need, then run the whole suite
# Both create .venv on first use; `make deps` installs Debian packages (needs root or sudo).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BUILD_PACKAGES := fonts-noto-core fonts-dejavu-core
TEST_PACKAGES  := $(BUILD_PACKAGES) chromium poppler-utils ffmpeg pandoc default-jre-headless

.PHONY: example test deps fonts apt venv test-deps golden bench clean

example: venv fonts
	$(BIN)/medpub build examples/ketamine-therapy.md -o dist

test: test-deps
	$(BIN)/python -m pytest -n auto --dist loadfile

venv: $(BIN)/medpub
$(BIN)/medpub: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[neural]"
	touch $@

test-deps: venv deps node_modules/.package-lock.json
	$(BIN)/python -m pip install --quiet -e ".[neural,check,cluster,test]"

fonts:
	@$(MAKE) --no-print-directory apt PACKAGES="$(BUILD_PACKAGES)"

deps:
	@$(MAKE) --no-print-directory apt PACKAGES="$(TEST_PACKAGES)"

apt:
	@missing=""; for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund

golden: test-deps
	MEDPUB_REGENERATE_GOLDEN=1 $(BIN)/python -m pytest -m golden -q

bench: venv deps
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/speech.py

clean:
	rm -rf dist .venv node_modules .pytest_cache
