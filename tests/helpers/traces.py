"""Reading a Playwright trace.zip the way the trace viewer does: calls, snapshots, groups."""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from pathlib import Path


def read_trace(path: Path) -> tuple[list[str], Counter[str], list[str]]:
    """The recorded calls in order ("Frame.fill"), the DOM snapshots per call, the groups."""
    calls: dict[str, str] = {}
    order: list[str] = []
    snapshots: Counter[str] = Counter()
    groups: list[str] = []
    with zipfile.ZipFile(path) as archive:
        lines = archive.read("trace.trace").decode("utf-8").splitlines()
    for line in lines:
        event = json.loads(line)
        if event["type"] == "before":
            name = f"{event['class']}.{event['method']}"
            calls[event["callId"]] = name
            order.append(name)
            if event["method"] == "tracingGroup":
                groups.append(event.get("title") or event["params"].get("name", ""))
        elif event["type"] == "frame-snapshot":
            snapshots[calls.get(event["snapshot"]["callId"], "?")] += 1
    return order, snapshots, groups


#: Signs in (a secret in a field), then checks a heading the page does not show: every kind of
#: step, then a FAIL at step 5 (the page opened is step 1).
FAILING_LOGIN = """---
url: /login
---
Enter "alice" into the Username field
Enter "${DEMO_PASSWORD}" into the Password field
Click the "Sign in" button
Verify the heading is "Welcome, nobody"
"""
