"""Selector records for storage tests."""

from __future__ import annotations

from backend.models import Fingerprint, LocatorCall, LocatorSpec, SelectorRecord


def make_record(key: str = "k1", version: int = 1, name: str = "Go") -> SelectorRecord:
    spec = LocatorSpec(
        calls=(LocatorCall(method="get_by_role", args=("button",), kwargs={"name": name}),)
    )
    return SelectorRecord(
        key=key,
        origin="http://127.0.0.1:1",
        route="/wiki/Main_Page",
        target="button|go",
        selector=spec.expr(),
        locator=spec,
        strategy="role",
        fingerprint=Fingerprint(tag="button", role="button", name=name),
        version=version,
    )
