"""Selector records for storage and check tests."""

from __future__ import annotations

from backend.models import Fingerprint, LocatorCall, LocatorSpec, SelectorRecord


def make_record(
    key: str = "k1",
    version: int = 1,
    name: str = "Go",
    role: str = "button",
    tag: str = "button",
    route: str = "/wiki/Main_Page",
) -> SelectorRecord:
    """A record of `get_by_role(role, name=name)` on `route` (a "Go" button by default)."""
    spec = LocatorSpec(
        calls=(LocatorCall(method="get_by_role", args=(role,), kwargs={"name": name}),)
    )
    return SelectorRecord(
        key=key,
        origin="http://127.0.0.1:1",
        route=route,
        target=f"{role}|{name.lower()}",
        selector=spec.expr(),
        locator=spec,
        strategy="role",
        fingerprint=Fingerprint(tag=tag, role=role, name=name, digest="1k2j3h4g5f"),
        version=version,
    )
