"""verify: claim and quote verification for fact-checkers."""

__version__ = "0.1.0"
