"""Healing a failed step: strategies, fingerprint re-ranking and heal events (issue 6)."""
