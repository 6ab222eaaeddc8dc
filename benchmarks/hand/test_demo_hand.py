"""The hand-written demo tests as one pytest-playwright session: COPIES x 4 tests (the suite
side of benchmarks/bench_vs_hand.py). Run with `--base-url URL`."""

from __future__ import annotations

import os
from typing import Any

import pytest
from demo_hand import SCRIPTS  # type: ignore[import-not-found]

COPIES = int(os.environ.get("HAND_COPIES", "5"))


@pytest.mark.parametrize("copy", range(COPIES))
@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_demo(page: Any, base_url: str, name: str, copy: int) -> None:
    SCRIPTS[name](page, base_url.rstrip("/"))
