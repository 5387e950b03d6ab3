"""The sentences a person reads: why the verdict is what it is, in plain English."""

from __future__ import annotations

from verify.check.verdict import TRANSLATION_NOTE, Judgement, days_between
from verify.models import Appearance, Document


def doc_label(doc: Document) -> str:
    title = doc.title or doc.url or f"document {doc.id}"
    return f"{doc.publisher or 'unknown publisher'}, {(doc.date or '?')[:10]}, \u201c{title}\u201d"


def speaker_label(j: Judgement) -> str | None:
    if j.turn is None:
        return None
    if j.turn.speaker and j.turn.label and j.turn.label.lower() != j.turn.speaker.lower():
        short = j.turn.label if len(j.turn.label) <= 40 else "…" + j.turn.label[-30:]
        return f"{j.turn.speaker} ({short})"
    return j.turn.speaker or j.turn.label


def wording(j: Judgement) -> str:
    """A wording verdict (verbatim, minor, altered, composite, lexical paraphrase)."""
    where = doc_label(j.doc)
    who = speaker_label(j)
    said = f", said by {who}" if who else ""
    if j.quoted:
        said += " (inside quotation marks: the speaker repeats someone else's words)"
    if j.verdict == "verbatim":
        extra = " (with a marked omission)" if j.aln and j.aln.elided else ""
        return f"The words appear verbatim{extra} in {where}{said}."
    if j.verdict == "minor":
        return (
            f"The words appear in {where}{said}, with harmless differences only: "
            f"{', '.join(j.notes) or 'variants'}."
        )
    if j.verdict == "altered":
        return (
            f"The passage is in {where}{said}, but the quote changes its wording: "
            f"{'; '.join(j.changes)}."
        )
    if j.verdict == "composite":
        n = len(j.aln.pieces) if j.aln else 2
        extra = f" ({'; '.join(j.notes)})" if j.notes else ""
        what = "two stretches of one passage" if n == 1 else f"{n} separate passages"
        return f"The quote joins {what} of {where}{said} without marking the cut{extra}."
    if j.verdict == "paraphrase":
        what = "; ".join(j.changes) or "reworded"
        if TRANSLATION_NOTE in j.notes:
            return (
                f"The passage is in {where}{said}; the quote renders it in other words "
                f"({what}). The transcript is itself a translation, and the quote reads "
                "like another translation of the same words: a paraphrase, not the "
                "transcript's wording."
            )
        return f"The passage is in {where}{said}, but the quote rewords it ({what})."
    return f"Closest wording in {where}{said}."


def misattributed_words(j: Judgement, claimed: str) -> str:
    where = doc_label(j.doc)
    if j.turn is not None and j.turn.is_question:
        return (
            f"The words are in {where}, but in a question from a reporter "
            f"({j.turn.label or 'Q'}), not said by {claimed}."
        )
    return f"The words are in {where}, but said by {speaker_label(j)}, not {claimed}."


def paraphrase(j: Judgement, claimed: str | None) -> str:
    who = speaker_label(j) or claimed or "the speaker"
    if j.counterparts:
        pairs = ", ".join(
            f"'{w}'" if w == s else f"'{w}' for '{s}'" if s else f"'{w}' (no counterpart)"
            for w, s, _ in j.counterparts
        )
        return (
            f"{who} said these words otherwise on the occasion, in {doc_label(j.doc)}: "
            f"{pairs} (each word's counterpart in that sentence); the quote is not the "
            "transcript's wording."
        )
    aligned = (
        f", word-by-word alignment {j.alignment:.2f} with that sentence of the occasion"
        if j.alignment is not None
        else ""
    )
    return (
        f"{who} made this statement in {doc_label(j.doc)} in different words "
        f"(cosine {j.cosine:.2f}{aligned}, {100 * (j.overlap or 0):.0f}% of the content words "
        "shared); the quote is not the transcript's wording."
    )


def statement_elsewhere(j: Judgement, claimed: str | None) -> str:
    return (
        f"The same statement is in {doc_label(j.doc)}, in other words, but made by "
        f"{speaker_label(j) or 'another speaker'}, not {claimed}."
    )


def not_found(n_documents: int, closest: Judgement | None, elsewhere: bool = False) -> str:
    text = f"Not found in the indexed sources ({n_documents:,} documents)."
    if closest is not None and not elsewhere:
        text += (
            f" The closest passage ({doc_label(closest.doc)}, cosine {closest.cosine:.2f}) "
            "does not make the same statement."
        )
    return text


def words_elsewhere(
    places: list[Judgement],
    claimed: str | None,
    fragment: bool,
    n_documents: int,
    date: str | None = None,
    changed_far: bool = False,
) -> str:
    """Not found: the words are in the corpus, but only where they are no evidence."""
    who = claimed or "the speaker"
    where = "; ".join(
        f"{doc_label(j.doc)}" + (f" ({speaker_label(j)})" if speaker_label(j) else "")
        for j in places[:3]
    )
    more = f" and {len(places) - 3} more" if len(places) > 3 else ""
    if fragment:
        when = f" around {date[:10]}" if date else ""
        return (
            f"Not found in {who}'s own remarks{when}: so few words are evidence only where "
            f"the report says they were said. They do appear in {where}{more}."
        )
    if changed_far:
        when = _days_from(places[0].doc.date, date) or "on another occasion"
        return (
            f"Not found as quoted in the indexed sources ({n_documents:,} documents). The "
            f"closest wording, with changes, is in {where}{more}, {when}: so short a quote "
            "changed there is no evidence of what was said on the occasion reported."
        )
    return (
        f"Not found in {who}'s own words in the indexed sources ({n_documents:,} documents). "
        f"The words appear where someone else quotes {who}: {where}{more}; a quotation "
        "is an appearance, not the source."
    )


def _days_from(source_date: str | None, claimed_date: str | None) -> str | None:
    """ "12 days before the claimed date" (None when either date is unknown)."""
    days = days_between(source_date, claimed_date)
    if days is None:
        return None
    return f"{abs(days)} days {'before' if days >= 0 else 'after'} the claimed date"


def far_from_date(source_date: str | None, claimed_date: str | None) -> str:
    when = _days_from(source_date, claimed_date) or "0 days before the claimed date"
    return f" Note: that was {when}; check that it is the occasion reported."


def earliest_primary(ep: Appearance) -> str:
    return f" Earliest primary source: {ep.publisher or '?'}, {(ep.date or '?')[:10]}."
