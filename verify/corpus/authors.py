"""Who speaks a document that has no speaker labels: the author its title names.

A written statement, a prepared speech or an article carries no ``THE PRESIDENT:`` label: the
whole text is one narrative turn (speaker None), so a quote of it could not be credited to
anybody, and a fragment of it could never be found "in the claimed speaker's own remarks".
Its title says whose words they are: "Statement by President Joe Biden on ...", "Remarks as
Prepared for Delivery by First Lady Jill Biden at ...", "Article by Vladimir Putin ...".

:func:`title_author` reads the author from a title of one of the publisher's authored kinds
(``authored_kinds`` in verify/knowledge/publishers.toml): ``<kind> by|from|of <author>``, the
author running to the first connector ("on", "at", "to", ...), dash, colon or quotation mark,
resolved with the speaker registry (offices by date: "the Press Secretary" on 2022-03-01 is
Jen Psaki). A title naming two authors ("... by President Joe Biden and First Lady Jill Biden",
"... from National Security Advisor Jake Sullivan and NEC Director Brian Deese") names both
(:func:`title_authors`): the words are each one's, and the turns are credited to the first
named (an article quotes "the President"); the speaker check (verify.check.verdict) takes the
other author's claim too. :func:`with_author` gives the author to the
turns of a document that has no labelled turn at all (a document with labels keeps them,
narrative stretches included); a closing ``END`` line stays narrative.

Readouts ("Readout of President Biden's Call with ...") and fact sheets are accounts of what
was said, not the words themselves: they are not authored kinds.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from verify.knowledge.speakers import SpeakerRegistry
from verify.models import DocumentRecord, Turn

if TYPE_CHECKING:
    from verify.corpus.store import Store

# words that end the author's name in a title ("Statement by X on ...", "Remarks by X at ...")
_FINAL = (
    "on|at|before|after|during|with|regarding|following|marking|announcing|about|upon|as|"
    "ahead|celebrating|commemorating|honoring|recognizing|calling|urging|welcoming|condemning"
)
_END = re.compile(rf"\s+(?:{_FINAL})\b|\s*[\u2013\u2014:;,(\"\u201c\u2018]|\s+-\s|\s+'|$", re.I)
# words that may be inside an office's name ("Deputy National Security Advisor for Cyber and
# Emerging Technology Anne Neuberger", "Deputy Press Secretary to the Vice President ...") or
# end the author ("Statement by President Biden for the Record")
_INSIDE = re.compile(r"\s+(?:for|to|of)\s+", re.I)
_JOINT = re.compile(r"\s+(?:and|&)\s+", re.I)
_END_LINE = re.compile(r"^\s*END\b[\s\d:APMESTDC.]*$")


def title_author(
    title: str | None,
    kinds: tuple[str, ...] | list[str],
    *,
    date: str | None = None,
    publisher: str | None = None,
    registry: SpeakerRegistry | None = None,
) -> str | None:
    """The author a document title of one of ``kinds`` names (the first named of joint
    authors), or None."""
    found = title_authors(title, kinds, date=date, publisher=publisher, registry=registry)
    return found[0] if found else None


def title_authors(
    title: str | None,
    kinds: tuple[str, ...] | list[str],
    *,
    date: str | None = None,
    publisher: str | None = None,
    registry: SpeakerRegistry | None = None,
) -> tuple[str, ...]:
    """Every author a document title of one of ``kinds`` names, in the title's order."""
    if not title or not kinds:
        return ()
    title = " ".join(title.split())
    kind_alt = "|".join(re.escape(k) for k in sorted(kinds, key=len, reverse=True))
    m = re.match(rf"(?:{kind_alt})\s+(?:by|from|of)\s+", title, re.I)
    if not m:
        return ()
    rest = title[m.end() :]
    cut = _END.search(rest)
    span = rest[: cut.start()].strip() if cut else rest.strip()
    if not span:
        return ()
    reg = registry or SpeakerRegistry.default()

    def named(text: str) -> str | None:
        # a person the text names (their surname is in it), not an office's holder
        name = reg.canonical(text, date=date, publisher=publisher)
        if not name or " " not in name.strip():
            return None
        return name if name.split()[-1].casefold() in text.casefold() else None

    # the longest stretch up to an office-internal connector that names a person
    stretches = [span] + [span[: c.start()] for c in reversed(list(_INSIDE.finditer(span)))]
    for text in stretches:
        parts = _JOINT.split(text)
        joint = [n for n in (named(p) for p in parts) if n] if len(parts) > 1 else []
        if len(joint) > 1:
            return tuple(dict.fromkeys(joint))  # joint authors: each one's words
        name = named(text)
        if name:
            return (name,)
    # no one named: an office, held by someone that day ("Statement from the Press Secretary")
    name = reg.canonical(stretches[-1], date=date, publisher=publisher)
    if not name or " " not in name.strip() or _JOINT.search(stretches[-1]):
        return ()
    return (name,)


def with_author(text: str, turns: list[Turn], author: str | None) -> list[Turn]:
    """The turns of a document with no speaker label, each credited to ``author`` (a closing
    END line stays narrative); any other document's turns unchanged."""
    if not author or not turns or any(t.label or t.speaker for t in turns):
        return turns
    return [
        t if _END_LINE.match(text[t.body_start : t.end]) else replace(t, speaker=author)
        for t in turns
    ]


def record_author(record: DocumentRecord) -> str | None:
    """The author a record's title names, by its publisher's authored kinds."""
    from verify.knowledge.publishers import authored_kinds

    return title_author(
        record.title,
        authored_kinds(record.publisher),
        date=record.date,
        publisher=record.publisher,
    )


def credit_authors(store: Store) -> int:
    """Credit the unlabelled documents of a store made before authors were read from titles
    (each ingest runs this first; a no-op once done). Returns the number of documents
    credited."""
    if store.authors_credited():
        return 0
    from verify.knowledge.publishers import authored_kinds

    speakers: dict[int, dict[int, str]] = {}
    for doc_id, title, date, publisher in store.unlabelled_documents():
        author = title_author(title, authored_kinds(publisher), date=date, publisher=publisher)
        if not author:
            continue
        doc = store.get_document(doc_id)
        turns = doc.turns
        credited = with_author(doc.text, turns, author)
        by_seq = {
            seq: t.speaker for seq, t in enumerate(credited) if t.speaker and t is not turns[seq]
        }
        if by_seq:
            speakers[doc_id] = by_seq
    store.set_turn_speakers(speakers, done=True)
    return len(speakers)
