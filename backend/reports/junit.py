"""junit.xml for CI: one testsuite per run, one testcase per step (`pacts test --junit PATH`)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from backend.models import Verdict


def junit_xml(verdicts: list[Verdict]) -> str:
    """The verdicts as JUnit XML text."""
    suites = ET.Element("testsuites")
    for v in verdicts:
        failures = sum(1 for s in v.steps if s.status == "failed")
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=f"pacts.{v.requirement}",
            tests=str(max(len(v.steps), 1)),
            failures=str(failures if v.verdict == "FAIL" else 0),
            errors=str(1 if v.verdict == "ERROR" else 0),
            time=f"{v.duration_ms / 1000:.3f}",
            timestamp=v.started_at,
        )
        ET.SubElement(ET.SubElement(suite, "properties"), "property", name="run_id", value=v.run_id)
        if not v.steps and v.verdict != "PASS":
            case = ET.SubElement(suite, "testcase", name="run", classname=v.requirement)
            ET.SubElement(case, "error", type=v.root_cause or "error", message=v.explanation)
        for s in v.steps:
            case = ET.SubElement(
                suite,
                "testcase",
                name=f"step {s.index + 1:02d}: {s.step.source or s.step.label()}",
                classname=v.requirement,
                time=f"{s.duration_ms / 1000:.3f}",
            )
            if s.status != "passed":
                kind = "failure" if v.verdict == "FAIL" else "error"
                node = ET.SubElement(
                    case, kind, type=s.error_kind or "failed", message=v.explanation or ""
                )
                node.text = s.error or ""
            elif s.healed:
                ET.SubElement(case, "system-out").text = f"healed -> {s.selector}"
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def write_junit(verdicts: list[Verdict], path: Path) -> Path:
    """Write the JUnit file, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(junit_xml(verdicts), encoding="utf-8")
    return path
