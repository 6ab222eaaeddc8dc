"""Run reports: a self-contained report.html, junit.xml and a text summary (issue 6)."""
