"""The decision: which verdict the judged evidence supports. Pure: judgements in, a
:class:`Decision` out; no store, no model, no text rendering. Tested with hand-built
judgements in milliseconds (tests/test_decide.py).

The rules, in order:

1. A wording match (verbatim, minor, altered, composite, or another translation of the very
   passage) that is not a short quote found far from the claimed date is the source. If its
   turn is not the claimed speaker's (a reporter's question, another official) and no equally
   good match is, the verdict is ``misattributed`` -- unless that turn is quoting the claimed
   speaker (it names them: a reporter reading their line, an official repeating the
   President): a quotation is an appearance, not the source, and the speaker's own passage
   is looked for by meaning (rule 2); failing that, ``not_found`` with the quotation listed.
   Someone else's own words that, as well matched, are also such a quotation are not
   ``misattributed`` outright and never a confirmation: the meaning rules decide.
   A fragment (one to four words) is evidence only in the claimed speaker's own turn on the
   occasion reported (the article's event, or the claimed date); found only elsewhere it is
   ``not_found``, with where the words do appear listed.
2. Otherwise, the same statement in other words: the best-scoring passage of the claimed
   speaker at or above :data:`PARAPHRASE_THRESHOLD` whose content agrees (the quote's
   numbers and most of its names are there: ``content_ok``) is a ``paraphrase``; a generic
   line on the same topic is not. Rule 4 asks the same agreement of another speaker.
3. Otherwise, a wording match far from the claimed date is still reported (with a caveat),
   unless it is a short quote's changed or stitched match (``changed_far``): then rule 5.
4. Otherwise, when another speaker clearly made the statement, ``misattributed`` (not for a
   fragment: a few words close in meaning to someone's line are not their statement).
5. Otherwise ``not_found``, with the closest passages as context.
"""

from __future__ import annotations

from dataclasses import dataclass

from verify.check.verdict import (
    PARAPHRASE_THRESHOLD,
    Judgement,
    date_plausibility,
    days_between,
    paraphrase_probability,
)

# A statement made by someone else counts as misattributed only when it would have been a
# clear paraphrase had they been the claimed speaker.
MISATTRIBUTED_MIN_COSINE = 0.80
MISATTRIBUTED_MIN_PROBABILITY = 0.9
WORDING_MAX_RANK = 2  # verbatim/minor 0, altered 1, composite 2 (see verdict.RANK)

# the kinds of decision, and how the result reads
WORDING = "wording"  # rule 1: the words are in the source
WORDING_FAR = "wording_far"  # rule 3: the words, but only far from the claimed date
PARAPHRASE = "paraphrase"  # rule 2
STATEMENT_ELSEWHERE = "statement_elsewhere"  # rule 4
NOT_FOUND = "not_found"  # rule 5
WORDS_ELSEWHERE = "words_elsewhere"  # not_found: the words are only where they are no evidence

FRAGMENT_WORDS = 4


@dataclass(frozen=True)
class Decision:
    """The verdict and the judgement it rests on.

    ``chosen``: the source judgement (None for not_found); ``ranked``: the wording judgements,
    best first; ``scored``: the meaning candidates, best first (empty when the wording
    settled the quote); ``closest``: for not_found, the closest passage.
    """

    verdict: str
    kind: str
    chosen: Judgement | None
    ranked: tuple[Judgement, ...] = ()
    scored: tuple[Judgement, ...] = ()
    closest: Judgement | None = None

    @property
    def score(self) -> float:
        if self.kind == NOT_FOUND:
            return 1.0 - (self.scored[0].score if self.scored else 0.0)
        if self.kind == STATEMENT_ELSEWHERE and self.chosen is not None:
            return float(self.chosen.cosine or 0.0)
        return self.chosen.score if self.chosen is not None else 0.0


EVENT_RANK_NONE = 1_000  # a document outside the ranked event: after every one inside it


def order_key(j: Judgement, claimed_date: str | None) -> tuple:
    """How good a source a wording judgement is: better wording, the claimed speaker, not
    inside a quotation, more of the quote covered, the likelier occasion of the article's
    event (the same words in two speeches of one day: the one the article reports), closer
    before the claimed date, primary, earlier."""
    speaker_rank = {True: 0, None: 1, False: 2}[j.speaker_ok]
    return (
        j.effective_rank,
        speaker_rank,
        j.quoted,
        -round(j.aln.coverage if j.aln else 0.0, 2),
        j.event_rank if j.event_rank is not None else EVENT_RANK_NONE,
        -date_plausibility(j.doc.date, claimed_date),
        0 if j.doc.kind == "primary" else 1,
        j.doc.date or "9999",
    )


def rank_wording(judgements: list[Judgement], date: str | None) -> list[Judgement]:
    return sorted(judgements, key=lambda j: order_key(j, date))


def is_fragment(j: Judgement) -> bool:
    return j.aln is not None and j.aln.n_quote <= FRAGMENT_WORDS


def quotation_of_claimed(j: Judgement, claimed: str | None) -> bool:
    """Is this match someone else quoting the claimed speaker (their turn names them, or a
    named person's turn puts the words in quotation marks)? Then it is an appearance of the
    words, not their source, and not a misattribution either."""
    if not claimed or j.speaker_ok is True or j.turn is None:
        return False
    if j.quotes_claimed:
        return True
    return j.quoted and bool(j.turn.speaker or j.turn.is_question)


def source_eligible(j: Judgement, claimed: str | None) -> bool:
    """May this wording match be the quote's source? Not a quotation of the claimed speaker
    by someone else; for a fragment, only the claimed speaker's own turn (any turn when no
    speaker is claimed) on the occasion reported."""
    if quotation_of_claimed(j, claimed):
        return False
    if is_fragment(j):
        if claimed and j.speaker_ok is not True:
            return False
        return j.on_occasion is not False
    return True


def _wording(
    best: Judgement, ranked: list[Judgement], claimed: str | None, kind: str
) -> Decision | None:
    """The decision on the best eligible wording match; None when it is someone else's own
    words and, as good, the words are also a quotation of the claimed speaker (a reporter
    reading their line): whose they are is for the meaning rules, never a confirmation
    credited to another person ("a slap in the face" in a briefing, and a reporter's question
    quoting the mayor who said it)."""
    verdict = best.verdict or "not_found"
    if claimed and best.speaker_ok is False:
        same_rank = [j for j in ranked if j.effective_rank <= best.effective_rank]
        others = [j for j in same_rank if j.speaker_ok is not False]
        if not others:
            verdict = "misattributed"
        elif all(quotation_of_claimed(j, claimed) for j in others):
            return None
    return Decision(verdict=verdict, kind=kind, chosen=best, ranked=tuple(ranked))


def _elsewhere(ranked: list[Judgement]) -> list[Judgement]:
    return [j for j in ranked if j.rank <= WORDING_MAX_RANK]


def decide_wording(
    judgements: list[Judgement], claimed: str | None, date: str | None
) -> Decision | None:
    """Rule 1, or None when the wording does not settle the quote."""
    ranked = rank_wording(judgements, date)
    eligible = [j for j in ranked if source_eligible(j, claimed)]
    if eligible and eligible[0].effective_rank <= WORDING_MAX_RANK:
        return _wording(eligible[0], ranked, claimed, WORDING)
    return None


def changed_far(j: Judgement) -> bool:
    """A short quote whose words only a changed or stitched passage far from the claimed
    date holds (one word of five different, months away): no evidence that the speaker said
    it so, nor that the report came from there. Its words are listed where they appear;
    the verdict is not_found. (An exact match far away is still reported, with a caveat.)"""
    return j.remote and j.rank > 0


def off_event_fragment(d: Decision, event: frozenset[int] | set[int], fragment: bool) -> bool:
    """Is this a fragment's wording match (verbatim or minor) found outside the resolved
    event, on a nearby day? Then the claimed speaker's own sentences of the event come first:
    a rewording there (:func:`event_rewording`) is where the report took it from."""
    return (
        fragment
        and bool(event)
        and d.chosen is not None
        and d.verdict in ("verbatim", "minor")
        and d.chosen.doc.id not in event
    )


def event_wording(
    d: Decision, event: frozenset[int] | set[int], claimed: str | None
) -> Decision | None:
    """The fragment's words in the claimed speaker's own turn of the event, when the best
    match is on another day (:func:`off_event_fragment`): the event's comes first."""
    ranked = list(d.ranked)
    inside = [
        j
        for j in ranked
        if j.doc.id in event
        and j.verdict in ("verbatim", "minor")
        and j.effective_rank <= WORDING_MAX_RANK
        and source_eligible(j, claimed)
    ]
    return _wording(inside[0], ranked, claimed, WORDING) if inside else None


def event_rewording(
    d: Decision, candidates: list[Judgement], event: frozenset[int] | set[int]
) -> Decision:
    """The fragment said otherwise in the claimed speaker's sentence of the event (a
    candidate with word counterparts, verify.check.fragments) over its exact words on
    another occasion (:func:`off_event_fragment`); else the decision as it was."""
    reworded = [
        j for j in candidates if j.counterparts and j.speaker_ok is True and j.doc.id in event
    ]
    if not reworded:
        return d
    best = max(reworded, key=lambda j: j.score)
    return Decision("paraphrase", PARAPHRASE, best, d.ranked, tuple(candidates))


def published_after(j: Judgement, date: str | None) -> bool:
    """Is the candidate's document dated after the report? A report quotes what was said
    before it was written: a later statement in other words is not its source (of the
    labelled articles' 1,261 sources, none is dated after the article). An exact wording
    dated later is still listed where the words appear."""
    days = days_between(j.doc.date, date)
    return days is not None and days < 0


def confident_elsewhere(j: Judgement, date: str | None) -> bool:
    """Would this passage by another speaker have been a clear paraphrase had they been
    the claimed speaker? (Then the statement is misattributed rather than not found.)"""
    if (j.cosine or 0.0) < MISATTRIBUTED_MIN_COSINE:
        return False
    days = days_between(j.doc.date, date)
    probability = paraphrase_probability(j.cosine or 0.0, j.overlap or 0.0, True, days)
    return probability >= MISATTRIBUTED_MIN_PROBABILITY


def decide(
    judgements: list[Judgement],
    candidates: list[Judgement],
    claimed: str | None,
    date: str | None,
    *,
    fragment: bool = False,
) -> Decision:
    """All five rules: ``judgements`` by wording, ``candidates`` by meaning; ``fragment``:
    the quote is one to four words."""
    settled = decide_wording(judgements, claimed, date)
    if settled is not None:
        return settled
    ranked = rank_wording(judgements, date)
    scored = sorted(candidates, key=lambda j: -j.score)
    if claimed:
        right = [j for j in scored if j.speaker_ok is not False]
        wrong = sorted(
            (j for j in scored if j.speaker_ok is False), key=lambda j: -(j.cosine or 0.0)
        )
    else:
        right, wrong = scored, []
    # the same statement: close in meaning and agreeing in content (its names, numbers)
    agreeing = [
        j
        for j in right
        if j.score >= PARAPHRASE_THRESHOLD
        and j.content_ok is not False
        and not published_after(j, date)
    ]
    if agreeing:
        return Decision("paraphrase", PARAPHRASE, agreeing[0], tuple(ranked), tuple(scored))
    eligible = [j for j in ranked if source_eligible(j, claimed)]
    if eligible and eligible[0].rank <= WORDING_MAX_RANK and not changed_far(eligible[0]):
        far = _wording(eligible[0], ranked, claimed, WORDING_FAR)
        if far is not None:
            return Decision(far.verdict, WORDING_FAR, far.chosen, far.ranked, tuple(scored))
    wrong = [j for j in wrong if j.content_ok is not False and not published_after(j, date)]
    if wrong and not fragment and confident_elsewhere(wrong[0], date):
        return Decision(
            "misattributed", STATEMENT_ELSEWHERE, wrong[0], tuple(ranked), tuple(scored)
        )
    closest = scored[0] if scored else None
    if _elsewhere(ranked):
        # the words are there, but only as a quotation of the speaker by someone else
        return Decision("not_found", WORDS_ELSEWHERE, None, tuple(ranked), tuple(scored), closest)
    return Decision("not_found", NOT_FOUND, None, tuple(ranked), tuple(scored), closest)
