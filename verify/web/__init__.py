"""The fact-checker's workbench: `verify serve` (pages and a JSON API over the library)."""

from __future__ import annotations


def create_app(**kwargs):  # noqa: ANN201 - re-exported lazily: fastapi loads only when used
    from verify.web.app import create_app as _create_app

    return _create_app(**kwargs)


__all__ = ["create_app"]
