"""A page still drawing: the exact name, missed at first, wins over a looser match found later.

Unit test with a scripted page (which locator finds what, call by call). Its twin against a real
app is tests/realworld/test_jupyterlab_discovery.py's loading-page test, where JupyterLab's
menu bar appeared between the exact and the looser role query (CI of stop 21).
"""

from __future__ import annotations

from typing import Any

from backend.discovery.engine import _tally
from backend.models import Target


class _Locator:
    def __init__(self, page: _Page, key: tuple[Any, ...]) -> None:
        self.page, self.key = page, key

    async def count(self) -> int:
        self.page.seen.append(self.key)
        return 1 if self.page.drawn(self.key) else 0

    async def is_visible(self) -> bool:
        return True


class _Page:
    """Draws its "File" menu item after `draw_after` queries; a looser query finds it too."""

    def __init__(self, draw_after: int) -> None:
        self.draw_after = draw_after
        self.seen: list[tuple[Any, ...]] = []

    def drawn(self, key: tuple[Any, ...]) -> bool:
        return key[:2] == ("get_by_role", ("menuitem",)) and len(self.seen) > self.draw_after

    def __getattr__(self, method: str) -> Any:
        return lambda *args, **kwargs: _Locator(self, (method, args, tuple(sorted(kwargs))))


async def test_the_exact_role_name_drawn_late_is_chosen_over_the_looser_one() -> None:
    page = _Page(draw_after=2)  # the test id and the exact role query see nothing
    tally = await _tally(page, Target(kind="menuitem", name="File"), "assert_visible", (), True)
    assert tally.chosen is not None
    attempt, spec = tally.chosen
    assert attempt.exact
    assert spec.calls[-1].kwargs == {"name": "File", "exact": True}
    assert tally.fallbacks[0].calls[-1].kwargs == {"name": "File"}  # the looser one, kept


async def test_a_page_that_draws_nothing_exact_keeps_the_looser_match() -> None:
    page = _Page(draw_after=1)
    page.drawn = lambda key: key[:2] == ("get_by_role", ("menuitem",)) and "exact" not in key[2]  # type: ignore[method-assign]
    tally = await _tally(page, Target(kind="menuitem", name="File"), "assert_visible", (), True)
    assert tally.chosen is not None
    assert not tally.chosen[0].exact
