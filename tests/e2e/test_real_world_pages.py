"""Full requirements through `pacts test` on pages shaped like real apps (tests/fixtures/discovery):
a Lightning record page (custom elements, open shadow roots, generated ids, a combobox whose
options render on click, two "New" buttons in different cards, row actions, a modal), a checkout
whose card form is in an iframe, and a sign-up page whose ids and classes change on every load."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.cli import cold_then_warm, run_pytest
from tests.helpers.pages import DISCOVERY_SITE as SITE

pytestmark = pytest.mark.e2e
CASES = {
    "lightning_record": "/lightning.html",
    "checkout_iframe": "/checkout.html",
    "signup_dynamic_ids": "/signup.html",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_requirement_passes_cold_then_warm_and_its_generated_test_passes(
    name: str, site: str, tmp_path: Path
) -> None:
    req = SITE / "requirements" / f"{name}.md"
    url = site + CASES[name]
    cold, _ = cold_then_warm(req, url, tmp_path)
    selectors = [s["selector"] or "" for s in cold["steps"]]
    assert not any(":r" in s or "input-" in s or "__" in s for s in selectors)  # nothing dynamic
    generated = tmp_path / "generated_tests" / f"test_{name}.py"
    code = generated.read_text()
    if name == "checkout_iframe":
        assert "frame_locator(\"iframe[title='Secure payment form']\")" in code
    if name == "lightning_record":
        assert 'get_by_role("article", name="Contacts", exact=True)' in code
        assert 'get_by_role("article", name="Opportunities", exact=True)' in code
        # counts look at every matching element, through the shadow roots
        edits = 'get_by_role("button", name="Edit", exact=True)).to_have_count(4)'
        assert edits in code
        assert 'get_by_role("dialog"' in code  # scoped by its dialog (named or not)
    test = run_pytest(generated, "--base-url", site, cwd=tmp_path)
    assert test.returncode == 0, test.stdout + test.stderr
