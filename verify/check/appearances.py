"""Appearances: every document that holds the same source words, judged the same way,
earliest first; and the one rule for the earliest primary source."""

from __future__ import annotations

from verify.check.lexical import judge
from verify.check.request import CheckRequest
from verify.check.resources import Resources
from verify.check.retrieve import fts_terms
from verify.check.verdict import Judgement
from verify.corpus import shingles
from verify.models import Appearance

APPEARANCE_CHUNKS = 6  # phrases of the source words that a document must all hold
APPEARANCE_LIMIT = 300  # documents found by meaning only, aligned word by word too


def appearance(j: Judgement, verdict: str) -> Appearance:
    return Appearance(
        url=j.doc.url,
        date=j.doc.date,
        publisher=j.doc.publisher,
        kind=j.doc.kind,
        verdict=verdict,
        title=j.doc.title,
        speaker=j.turn.speaker if j.turn else None,
        doc_id=j.doc.id,
        quoted=j.quoted,
    )


def docs_with_words(
    res: Resources, text: str, publisher: str | None = None, size: int = 5
) -> dict[int, list[int]]:
    """Documents holding every 5-word chunk of ``text`` (so, very likely, all of its
    words), with the offsets of the passages where the chunks are: by the exact-wording
    fingerprints where the store has them and the text has seven words or more
    (:meth:`Store.shingle_documents`), else by FTS5 phrase queries."""
    words = fts_terms(text)
    if not words:
        return {}
    if res.store.shingles_complete() and len(words) >= shingles.GUARANTEED_WORDS:
        found = res.store.shingle_documents(text, publisher=publisher, limit=APPEARANCE_LIMIT)
        pids = [p for ps in found.values() for p in ps]
        starts = {p.id: p.start for p in res.store.passages(pids)}
        return {d: [starts[p] for p in ps if p in starts] for d, ps in found.items()}
    if len(words) <= size + 1:
        chunks = [words]
    else:
        starts = sorted({*range(0, len(words) - size + 1, size), len(words) - size})
        if len(starts) > APPEARANCE_CHUNKS:
            step = len(starts) / APPEARANCE_CHUNKS
            starts = [starts[int(i * step)] for i in range(APPEARANCE_CHUNKS)]
        chunks = [words[i : i + size] for i in starts]
    docs: dict[int, list[int]] | None = None
    for chunk in chunks:
        hits = res.store.fts(
            '"' + " ".join(chunk) + '"', limit=APPEARANCE_LIMIT, publisher=publisher
        )
        found: dict[int, list[int]] = {}
        for pid, doc_id, _ in hits:
            found.setdefault(doc_id, []).append(pid)
        if docs is None:
            docs = found
        else:
            docs = {d: docs[d] + found[d] for d in docs if d in found}
        if not docs:
            return {}
    pids = [p for ps in (docs or {}).values() for p in ps]
    starts_of = {p.id: p.start for p in res.store.passages(pids)}
    return {d: [starts_of[p] for p in ps if p in starts_of] for d, ps in (docs or {}).items()}


def span_keys(j: Judgement) -> list[str]:
    if j.aln is None:
        return []
    toks = j.aln.doc.toks
    out: list[str] = []
    for p in j.aln.pieces:
        out.extend(t.key for t in toks[p.j1 : p.j2])
    return out


def same_words(a: list[str], b: list[str]) -> bool:
    """Do two source spans carry the same words (allowing a little slack at the edges)?"""
    from difflib import SequenceMatcher

    if not a or not b:
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.9


def find_appearances(
    res: Resources,
    req: CheckRequest,
    *,
    seed: list[Judgement] | None = None,
    best: Judgement | None = None,
) -> list[Appearance]:
    """Every document that holds the same source words as ``best`` (or, without it, that
    matches the quote verbatim, minor or altered), earliest first."""
    seen: dict[int, Judgement] = {j.doc.id: j for j in (seed or [])}
    ref_text = best.doc.text[best.span[0] : best.span[1]] if best is not None else req.text
    for doc_id, offs in docs_with_words(res, ref_text, req.publisher).items():
        if doc_id in seen or doc_id in req.exclude:
            continue
        j = judge(res, req, doc_id, offs)
        if j is not None:
            seen[doc_id] = j
    out = []
    ref = span_keys(best) if best is not None else None
    for j in seen.values():
        if j.rank > 1:
            continue
        if ref is not None and j is not best and not same_words(ref, span_keys(j)):
            continue
        verdict = j.verdict
        if req.claimed and j.speaker_ok is False:
            verdict = "misattributed"
        out.append(appearance(j, verdict))
    out.sort(key=lambda a: (a.date or "9999", 0 if a.kind == "primary" else 1))
    return out


def earliest_primary(appearances: list[Appearance]) -> Appearance | None:
    """The first primary appearance (``appearances`` earliest first) that is not the words of
    someone else; words inside quotation marks count only when the corpus holds no unquoted
    primary appearance."""
    primary = [a for a in appearances if a.kind == "primary" and a.verdict != "misattributed"]
    own = [a for a in primary if not a.quoted]
    pool = own or primary
    return pool[0] if pool else None
