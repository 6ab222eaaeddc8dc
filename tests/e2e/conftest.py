"""Fixtures the e2e tests share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.helpers.pages import DISCOVERY_SITE, serve_directory


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    """The discovery fixture pages (tests/fixtures/discovery), served on 127.0.0.1."""
    with serve_directory(DISCOVERY_SITE) as url:
        yield url
