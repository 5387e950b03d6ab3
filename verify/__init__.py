"""verify: claim and quote verification for fact-checkers.

The Python API is :class:`verify.Verifier` (see :mod:`verify.api`); ``import verify`` stays
light: the API module is imported on first use.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["Verifier", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "Verifier":
        from verify.api import Verifier

        return Verifier
    raise AttributeError(f"module 'verify' has no attribute {name!r}")
