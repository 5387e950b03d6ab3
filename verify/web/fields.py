"""What the workbench accepts: the JSON bodies of the API and the parsing of form and query
fields (dates, optional strings, review filters). Bad input raises InputError."""

from __future__ import annotations

from datetime import date as Date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from verify.errors import InputError
from verify.models import VERDICTS
from verify.web.reviews import Filters

MAX_FIELD = 200  # speaker, outlet, url, title, reviewer


# ---------------------------------------------------------------------- request bodies


class QuoteIn(BaseModel):
    """One quote to check: what `verify quote` takes."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "quote": "nothing about Ukraine without Ukraine",
                "speaker": "White House",
                "date": "2022-11-01",
            }
        }
    )
    quote: str = Field(description="The quoted words (at most 2,000 characters).")
    speaker: str | None = Field(None, max_length=MAX_FIELD, description="Claimed speaker.")
    date: str | None = Field(None, max_length=40, description="When it was reported, YYYY-MM-DD.")
    outlet: str | None = Field(None, max_length=MAX_FIELD, description="Who reported it.")
    id: str | None = Field(None, max_length=MAX_FIELD, description="Your id, echoed back.")


class ArticleIn(BaseModel):
    """An article to check: its text or its HTML, and what is known about it."""

    text: str | None = Field(None, description="The article's plain text.")
    html: str | None = Field(None, description="The article page's HTML (text is extracted).")
    url: str | None = Field(None, max_length=2000)
    outlet: str | None = Field(None, max_length=MAX_FIELD)
    date: str | None = Field(None, max_length=40, description="Publication date, YYYY-MM-DD.")
    title: str | None = Field(None, max_length=1000)


class DecisionIn(BaseModel):
    """A reviewer's decision: omit ``verdict`` to accept the automatic one."""

    reviewer: str = Field(max_length=MAX_FIELD, description="Who decides (name or initials).")
    verdict: str | None = Field(None, description="One of: " + ", ".join(VERDICTS) + ".")
    note: str | None = Field(None, max_length=5000)


# ---------------------------------------------------------------------- fields


def check_date(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        Date.fromisoformat(value[:10])
    except ValueError:
        raise InputError(f"Bad date {value!r}.", "Write it as YYYY-MM-DD.") from None
    return value


def opt(value: Any, limit: int = MAX_FIELD) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    if len(value) > limit:
        raise InputError(f"A field is longer than {limit:,} characters.", "Shorten it.")
    return value or None


def reviewed(value: str | None) -> bool | None:
    v = (value or "").strip().lower()
    if v in ("yes", "true", "1", "reviewed"):
        return True
    if v in ("no", "false", "0", "pending"):
        return False
    if v in ("", "any", "all"):
        return None
    raise InputError(f"Bad value {value!r} for reviewed.", "Use yes, no or leave it out.")


def filters(
    verdict: str | None, outlet: str | None, speaker: str | None, reviewed_: str | None
) -> Filters:
    return Filters(
        verdict=(verdict or None),
        outlet=outlet,
        speaker=speaker,
        reviewed=reviewed(reviewed_),
    ).validate()


def short(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n].rstrip() + "…"


def safe_next(value: Any) -> str:
    """A local path to go back to after login (never another site)."""
    if isinstance(value, str) and value.startswith("/") and not value.startswith("//"):
        if "\\" not in value and "\n" not in value and "\r" not in value:
            return value
    return "/"
