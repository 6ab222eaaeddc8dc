"""PACTS: plain-English requirements in, executed browser tests and generated pytest files out."""

__version__ = "0.1.0"
