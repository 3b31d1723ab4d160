"""Shared test set-up: every test gets its own SONGWRITER_HOME, and nothing reaches the network."""

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


@pytest.fixture(autouse=True)
def songwriter_home(tmp_path, monkeypatch):
    home = tmp_path / "songwriter-home"
    monkeypatch.setenv("SONGWRITER_HOME", str(home))
    return home
