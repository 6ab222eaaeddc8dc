"""Helpers the tests share: local page servers, CLI subprocesses, records (no tests here)."""
