"""The meaning stage, for quotes whose wording the corpus does not hold: the closest passages
by embedding (and the claimed speaker's passages around the claimed date, and passages found
by rare words), each scored as evidence of "the same statement" (cosine, shared content
words, speaker, date).

:func:`semantic_retrieval` finds passages and returns them with the lexical judgements of
documents only they found; :func:`semantic_candidates` scores the closest passages. Both
return values; the verdict is decided in :mod:`verify.check.decide`.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from verify.check.anchored import Anchored, anchored_sentence
from verify.check.fragments import Rewording, reworded_fragment
from verify.check.lexical import FRAGMENT_WORDS, LexicalEvidence, judge_more, narrates_claimed
from verify.check.lexical import judge as judge_wording
from verify.check.request import CheckRequest
from verify.check.resources import Resources
from verify.check.retrieve import fuse_passages
from verify.check.verdict import (
    Judgement,
    date_plausibility,
    days_between,
    inside_quotation,
    institution,
    paraphrase_probability,
    speaker_check,
)
from verify.text.stems import content_stems, weighted_overlap
from verify.text.tokens import surname_pattern

VECTOR_K = 60
REFINE_PASSAGES = 6  # closest passages re-scored by their best one- or two-sentence window
# of those, the closest this many are also compared as two-sentence windows (embedded on the
# fly: most of a multi-sentence quote's time); 3 and 6 gave the same results on both
# evaluation sets (make eval, make eval-articles), none lost 2 right sources of 78
WINDOW_PASSAGES = 3
PRERANK_SPEAKER = 0.08
PRERANK_DATE = 0.06
VECTOR_JUDGED = 5
EVENT_JUDGED = 2
SEMANTIC_FUSION = {"vector": 1.0, "speaker": 1.0, "event": 1.0, "keyword": 0.6, "phrase": 0.6}
SPEAKER_WINDOW_DAYS = 45  # the claimed speaker's passages this long before the claimed date
SPEAKER_MAX_PASSAGES = 6000
# how sure a fragment's rewording in the claimed speaker's sentence of the event is (above
# verdict.PARAPHRASE_THRESHOLD: the rule of verify.check.fragments decides, not a cosine)
REWORDED_FRAGMENT = 0.9
# ... and a longer quote's sentence of the event sharing several of its words (the rule of
# verify.check.anchored)
ANCHORED_SENTENCE = 0.8

Ranking = list[tuple[int, int, float]]  # (passage_id, doc_id, cosine)


@dataclass(frozen=True)
class SemanticRetrieval:
    """Passages close to the quote in meaning.

    ``plain``: the quote's words without omission markers; ``qvec``: its embedding;
    ``fused``: the passage ranking (vector, claimed speaker, rare words); ``passages``: the
    Passage rows by id; ``lead``: the claimed speaker's closest passage and its margin;
    ``judged``: lexical judgements of documents the wording stage had not judged.
    """

    plain: str
    qvec: Any
    fused: list
    passages: dict[int, Any]
    lead: tuple[int, float, int] | None
    judged: dict[int, Judgement | None] = field(default_factory=dict)
    # event passages compared sentence by sentence: passage_id -> (cosine, start, end)
    windows: dict[int, tuple[float, int, int]] = field(default_factory=dict)
    # event passages compared word by word: passage_id -> (recall, cosine, start, end) of
    # the sentence (or pair) whose words best account for the quote's
    aligned: dict[int, tuple[float, float, int, int]] = field(default_factory=dict)
    # a fragment: the claimed speaker's sentence of the event that says it in other words
    reworded: Rewording | None = None
    # a longer quote: the claimed speaker's sentence of the event sharing several of its words
    anchored: Anchored | None = None


def semantic_retrieval(
    res: Resources, req: CheckRequest, lexical: LexicalEvidence
) -> SemanticRetrieval:
    from verify.check.align import split_quote
    from verify.text.tokens import split_sentences

    plain = " ".join(p.text for p in split_quote(req.text)[0]) or req.text
    qvec, vec_ranking, passages = vector_ranking(res, req, plain)
    vec_ranking = prerank(res, vec_ranking, passages, req.claimed, req.date)
    # what the claimed speaker said around the claimed date, compared directly
    spk_ranking = speaker_ranking(res, req, qvec, passages)
    # the article's resolved event: the claimed speaker's passages there, compared first
    rows = event_rows(res, req, passages)
    ev_ranking = event_ranking(res, qvec, passages, rows)
    reworded = anchored = None
    if rows:
        passages.update(
            {p.id: p for p in res.store.passages([pid for pid, _ in rows if pid not in passages])}
        )
        if req.n_words <= FRAGMENT_WORDS:
            # a fragment said otherwise there ("serious breakthrough" for "an impressive
            # breakthrough"): too few words for its vector to find it
            reworded = reworded_fragment(res, plain, rows, passages)
        else:
            # a loose translation there, sharing a few of its words with the transcript
            anchored = anchored_sentence(
                res, plain, qvec, rows, passages, pairs=len(split_sentences(plain)) > 1
            )
    if ev_ranking:
        # a quote of several sentences, or a long one (a translation may split it in two)
        several = len(split_sentences(plain)) > 1 or len(plain.split()) >= PAIR_MIN_WORDS
        ev_ranking, windows = refine_event(res, ev_ranking, qvec, passages, pairs=several)
        aligned = align_event(res, ev_ranking, plain, qvec, passages, pairs=several)
        ev_ranking = by_alignment(ev_ranking, aligned)
    else:
        windows, aligned = {}, {}
    # hybrid: passages found by rare words join the closest ones by meaning
    lexical_rankings = {
        k: [r for r in v if r[1] not in req.exclude] for k, v in lexical.rankings.items()
    }
    fused = fuse_passages(
        {"vector": vec_ranking, "speaker": spk_ranking, "event": ev_ranking, **lexical_rankings},
        weights=SEMANTIC_FUSION,
        limit=max(req.top_k, REFINE_PASSAGES),
    )
    missing = [pid for pid, _, _ in fused if pid not in passages]
    passages.update({p.id: p for p in res.store.passages(missing)})
    # words of the newly found documents may still match (altered, composite)
    # and the claimed speaker's closest passages in the reported event: a quote that shares
    # no five words in a row with them ("say" for "are saying") is still their wording
    found = [(doc_id, passages[pid].start) for pid, doc_id, _ in ev_ranking[:EVENT_JUDGED]]
    found += [(doc_id, passages[pid].start) for pid, doc_id, _ in vec_ranking[:VECTOR_JUDGED]]
    if reworded is not None and reworded.passage_id in passages:
        # the fragment's sentence there: its words may be the fragment's in another form
        # ("severe costs" for "severe cost"), a wording match rather than other words
        found.append((reworded.doc_id, passages[reworded.passage_id].start))
    judged = judge_more(res, req, found, lexical.judged)
    if reworded is not None and reworded.same_words:
        # every word of the fragment is in that sentence in some form ("deeply concerning"
        # for "deeply concerned", "undaunted, unafraid" for "undaunted and unafraid"): its
        # wording there, judged where it stands, when that is the words with harmless changes
        # (in a translation, only the words themselves: another form of a translated word is
        # another translation, "alleged poisoning" for "allegedly poisoned")
        there = judge_wording(res, req, reworded.doc_id, [reworded.start])
        before = judged.get(reworded.doc_id)
        if (
            there is not None
            and (
                there.verdict == "verbatim"
                or (there.verdict == "minor" and not there.doc.translated)
            )
            and (before is None or before.verdict not in ("verbatim", "minor"))
        ):
            judged[reworded.doc_id] = there
    return SemanticRetrieval(
        plain=plain,
        qvec=qvec,
        fused=fused,
        passages=passages,
        lead=speaker_lead(spk_ranking, passages),
        judged=judged,
        windows=windows,
        aligned=aligned,
        reworded=reworded,
        anchored=anchored,
    )


def vector_ranking(
    res: Resources, req: CheckRequest, plain: str
) -> tuple[Any, Ranking, dict[int, Any]]:
    """The quote's embedding and the closest current passages: (qvec, [(passage_id,
    doc_id, cosine)], {passage_id: Passage})."""
    index = res.vector_index()
    qvec = res.embedder().encode([plain])[0]
    hits = index.search(qvec, VECTOR_K)[0]
    current = res.store.current_passage_ids([pid for pid, _ in hits])
    hits = [(pid, s) for pid, s in hits if pid in current]
    passages = {p.id: p for p in res.store.passages([pid for pid, _ in hits])}
    ranking = [
        (pid, passages[pid].doc_id, s)
        for pid, s in hits
        if pid in passages and passages[pid].doc_id not in req.exclude
    ]
    if req.publisher:
        pubs = res.store.doc_publishers({d for _, d, _ in ranking})
        ranking = [r for r in ranking if (pubs.get(r[1]) or "").lower() == req.publisher.lower()]
    return qvec, ranking, passages


def prerank(
    res: Resources,
    ranking: Ranking,
    passages: dict[int, Any],
    claimed: str | None,
    date: str | None,
) -> Ranking:
    """Order the closest passages by cosine plus small bonuses for the claimed speaker and
    for a date shortly before the claimed one, so that the few passages re-scored in
    detail are the likeliest sources, not just the likeliest wordings."""
    if not ranking or (not claimed and not date):
        return ranking
    dates = res.store.doc_dates({d for _, d, _ in ranking})
    reg = res.registry_or_none() if claimed else None
    inst = institution(claimed) if claimed else None
    pubs = res.store.doc_publishers({d for _, d, _ in ranking}) if inst else {}

    def key(row: tuple[int, int, float]) -> float:
        pid, doc_id, cos = row
        bonus = 0.0
        if claimed:
            spk = passages[pid].speaker
            if inst:
                bonus += PRERANK_SPEAKER * ((pubs.get(doc_id) or "").lower() == inst.lower())
            elif spk and reg is not None and reg.same_person(claimed, spk, date=date):
                bonus += PRERANK_SPEAKER
        if date:
            bonus += PRERANK_DATE * date_plausibility(dates.get(doc_id), date)
        return cos + bonus

    return sorted(ranking, key=lambda r: -key(r))


def speaker_ranking(
    res: Resources, req: CheckRequest, qvec: Any, passages: dict[int, Any]
) -> Ranking:
    """The claimed speaker's passages from shortly before the claimed date, by cosine.

    Found by who and when rather than by nearest neighbours among every passage: a
    translated sentence can be closer in wording to other people's similar sentences
    than to its own source."""
    claimed, date = req.claimed, req.date
    if not claimed or not date or institution(claimed):
        return []
    from datetime import date as Date
    from datetime import timedelta

    try:
        day = Date.fromisoformat(date[:10])
    except ValueError:
        return []
    lo = (day - timedelta(days=SPEAKER_WINDOW_DAYS)).isoformat()
    until = (day + timedelta(days=2)).isoformat()  # up to the day after, inclusive
    rows = res.store.speaker_passages(claimed, lo, until, limit=SPEAKER_MAX_PASSAGES)
    rows = [r for r in rows if r[1] not in req.exclude]
    if not rows:
        return []
    vecs = res.vector_index().vectors([r[0] for r in rows])
    sims = vecs @ qvec
    order = sims.argsort()[::-1][:VECTOR_K]
    ranking = [(int(rows[i][0]), int(rows[i][1]), float(sims[i])) for i in order]
    missing = [pid for pid, _, _ in ranking if pid not in passages]
    passages.update({p.id: p for p in res.store.passages(missing)})
    return ranking


EVENT_PASSAGES = 20


def event_rows(
    res: Resources, req: CheckRequest, passages: dict[int, Any]
) -> list[tuple[int, int]]:
    """(passage_id, doc_id) of the claimed speaker's passages in the transcripts of the
    resolved event, and of the narrative passages naming them in the event's readouts. For
    an institution ("the Kremlin said"), the narrative passages of the event's documents it
    published: its readout is its own account."""
    if not req.event or not req.claimed:
        return []
    inst = institution(req.claimed)
    if inst:
        docs = sorted(req.event - req.exclude)
        pubs = res.store.doc_publishers(set(docs))
        own = [d for d in docs if (pubs.get(d) or "").lower() == inst.lower()]
        narrated = res.store.narrated_passages(own)
        passages.update(
            {
                p.id: p
                for p in res.store.passages([pid for pid, _ in narrated if pid not in passages])
            }
        )
        return [(pid, d) for pid, d in narrated if pid in passages]
    from datetime import date as Date
    from datetime import timedelta

    rows: list[tuple[int, int]] = []
    for day in sorted({(res.document(d).date or "")[:10] for d in req.event} - {""}):
        try:
            d0 = Date.fromisoformat(day)
        except ValueError:
            continue
        until = (d0 + timedelta(days=1)).isoformat()
        rows.extend(
            r
            for r in res.store.speaker_passages(req.claimed, day, until, limit=SPEAKER_MAX_PASSAGES)
            if r[1] in req.event and r[1] not in req.exclude
        )
    # a readout of the event (the speaker has no turn in it): its narrative passages that
    # name the speaker, the Kremlin's account of what they said
    silent = sorted(req.event - req.exclude - {d for _, d in rows})
    named = surname_pattern(req.claimed)
    if silent and named is not None:
        narrated = res.store.narrated_passages(silent)
        found = {p.id: p for p in res.store.passages([pid for pid, _ in narrated])}
        rows.extend(
            (pid, d) for pid, d in narrated if pid in found and named.search(found[pid].text)
        )
        passages.update(found)
    return rows


def event_ranking(
    res: Resources, qvec: Any, passages: dict[int, Any], rows: list[tuple[int, int]]
) -> Ranking:
    """The claimed speaker's passages in the transcripts of the resolved event
    (:func:`event_rows`), by cosine. A loose translation shares few words with the
    transcript's English: found where it was said rather than among every passage of the
    corpus."""
    if not rows:
        return []
    vecs = res.vector_index().vectors([r[0] for r in rows])
    sims = vecs @ qvec
    order = sims.argsort()[::-1][:EVENT_PASSAGES]
    ranking = [(int(rows[i][0]), int(rows[i][1]), float(sims[i])) for i in order]
    missing = [pid for pid, _, _ in ranking if pid not in passages]
    passages.update({p.id: p for p in res.store.passages(missing)})
    return ranking


# the event's closest passages compared sentence by sentence (12 and 6 found the same
# sources on the dev articles; 6 costs half the embedding)
EVENT_REFINE = 6
# a one-sentence quote this long is also compared with pairs of the event's sentences
PAIR_MIN_WORDS = 8
EVENT_SETTLED_COSINE = 0.85
_SENTENCE_VECTORS: OrderedDict[tuple[str, int, int, int], Any] = OrderedDict()
SENTENCE_CACHE = 20_000
NEIGHBOUR_CHARS = 400  # how far to look for a passage's neighbouring sentences


def _event_sentences(
    res: Resources, doc_id: int, p: Any, neighbours: bool
) -> list[tuple[int, int]]:
    """The sentences of an event passage; with ``neighbours``, also the sentence just before
    and just after it in the same turn (a translation of one sentence may be two of the
    transcript's, cut into separate passages)."""
    from verify.text.tokens import split_sentences

    doc = res.document(doc_id)
    if not neighbours:
        return split_sentences(doc.text, p.start, p.end)
    turn = doc.turn_at(p.start)
    lo = max(turn.body_start if turn else 0, p.start - NEIGHBOUR_CHARS)
    hi = min(turn.end if turn else len(doc.text), p.end + NEIGHBOUR_CHARS)
    sents = split_sentences(doc.text, lo, hi)
    inside = [i for i, (a, b) in enumerate(sents) if a < p.end and b > p.start]
    if not inside:
        return split_sentences(doc.text, p.start, p.end)
    return sents[max(0, inside[0] - 1) : inside[-1] + 2]


def refine_event(
    res: Resources, ranking: Ranking, qvec: Any, passages: dict[int, Any], *, pairs: bool = True
) -> tuple[Ranking, dict[int, tuple[float, int, int]]]:
    """The event's closest passages, each scored by its best sentence (or pair of
    sentences): a loose translation of one sentence is diluted in a long passage's vector.
    Sentence vectors are cached, so an article's quotes of one event embed each sentence
    once; pairs of sentences only when ``pairs`` (a quote of several sentences). Returns the
    ranking re-ordered by that score and {passage_id: (cosine, start, end)} of the best
    windows."""
    if not ranking or ranking[0][2] >= EVENT_SETTLED_COSINE:
        return ranking, {}  # the event's passage already says it as a whole

    sid = res.store.store_id
    spans: dict[int, list[tuple[str, int, int, int]]] = {}
    todo: list[tuple[str, int, int, int]] = []
    for pid, doc_id, _ in ranking[:EVENT_REFINE]:
        sents = _event_sentences(res, doc_id, passages[pid], pairs)
        if len(sents) < 2:
            continue
        wins = [(sid, doc_id, a, b) for a, b in sents]
        if pairs:
            wins += [(sid, doc_id, sents[i][0], sents[i + 1][1]) for i in range(len(sents) - 1)]
        spans[pid] = wins
        todo.extend(w for w in wins if w not in _SENTENCE_VECTORS)
    todo = list(dict.fromkeys(todo))
    if todo:
        vecs = res.embedder().encode([res.document(d).text[a:b] for _, d, a, b in todo])
        for w, v in zip(todo, vecs, strict=True):
            _SENTENCE_VECTORS[w] = v
        while len(_SENTENCE_VECTORS) > SENTENCE_CACHE:
            _SENTENCE_VECTORS.popitem(last=False)
    windows: dict[int, tuple[float, int, int]] = {}
    for pid, wins in spans.items():
        scored = [(float(_SENTENCE_VECTORS[w] @ qvec), w[2], w[3]) for w in wins]
        windows[pid] = max(scored, key=lambda w: (round(w[0], 4), w[1] - w[2]))  # ties: shorter
    cos = {pid: max(c, windows[pid][0]) if pid in windows else c for pid, _, c in ranking}
    ranking = sorted(ranking, key=lambda r: -cos[r[0]])
    return [(pid, d, cos[pid]) for pid, d, _ in ranking], windows


# Word by word (verify.check.wordalign): the event's closest passages, each sentence (and
# pair of sentences, for a quote of several) compared with the quote by contextual token
# vectors. Only inside the resolved event and for the claimed speaker: there who and when
# are already known, and a loose translation aligned part by part with one sentence is the
# statement; elsewhere a same-topic look-alike aligns as well.
ALIGN_PASSAGES = EVENT_REFINE
_TOKEN_VECTORS: OrderedDict[tuple[str, int, int, int], Any] = OrderedDict()
# sentences, each about 20 content words of 384 floats (30 KB): at most about 60 MB; an
# article's quotes of one event touch a few hundred
TOKEN_CACHE = 2_000


def _sentence_words(res: Resources, wins: list[tuple[str, int, int, int]]) -> None:
    """Fill the token-vector cache for these sentences (each embedded once)."""
    from verify.check.wordalign import content_words

    todo = list(dict.fromkeys(w for w in wins if w not in _TOKEN_VECTORS))
    if not todo:
        return
    texts = [res.document(d).text[a:b] for _, d, a, b in todo]
    for w, text, tv in zip(todo, texts, res.embedder().encode_tokens(texts), strict=True):
        _TOKEN_VECTORS[w] = content_words(tv, text, w[2])
    while len(_TOKEN_VECTORS) > TOKEN_CACHE:
        _TOKEN_VECTORS.popitem(last=False)


def align_event(
    res: Resources,
    ranking: Ranking,
    plain: str,
    qvec: Any,
    passages: dict[int, Any],
    *,
    pairs: bool = False,
) -> dict[int, tuple[float, float, int, int]]:
    """The event's closest passages compared with the quote word by word: {passage_id:
    (recall, cosine, start, end)} of the sentence (or, when ``pairs``, two adjacent
    sentences) whose words best account for the quote's, by cosine plus recall. Token
    vectors of sentences are cached like sentence vectors, so an article's quotes of one
    event embed each sentence once. Empty when the embedder gives no token vectors or the
    event's passage already says the quote as a whole."""
    from verify.check.wordalign import ALIGN_MIN_WORDS, content_words, greedy_scores, join

    emb = res.embedder()
    if not ranking or ranking[0][2] >= EVENT_SETTLED_COSINE or not hasattr(emb, "encode_tokens"):
        return {}
    qwords = content_words(emb.encode_tokens([plain])[0], plain)
    if len(qwords) < ALIGN_MIN_WORDS:
        return {}
    sid = res.store.store_id
    spans: dict[int, list[tuple[str, int, int, int]]] = {}
    for pid, doc_id, _ in ranking[:ALIGN_PASSAGES]:
        spans[pid] = [
            (sid, doc_id, a, b) for a, b in _event_sentences(res, doc_id, passages[pid], pairs)
        ]
    _sentence_words(res, [w for wins in spans.values() for w in wins])
    cos_of = {pid: c for pid, _, c in ranking}
    out: dict[int, tuple[float, float, int, int]] = {}
    for pid, wins in spans.items():
        if any(w not in _TOKEN_VECTORS for w in wins):
            continue  # evicted meanwhile (a cache smaller than one event)
        cands = [(w[2], w[3], _TOKEN_VECTORS[w]) for w in wins]
        if pairs:
            cands += [
                (x[2], y[3], join(_TOKEN_VECTORS[x], _TOKEN_VECTORS[y]))
                for x, y in zip(wins, wins[1:], strict=False)
            ]
        best = None
        for a, b, words in cands:
            key = (sid, wins[0][1], a, b)
            vec = _SENTENCE_VECTORS.get(key)
            # a passage of one sentence: its own vector's cosine
            cos = float(vec @ qvec) if vec is not None else cos_of[pid] if len(wins) == 1 else None
            if cos is None:
                continue
            recall = greedy_scores(qwords.vectors, words.vectors).recall
            if best is None or cos + recall > best[0] + best[1]:
                best = (recall, cos, a, b)
        if best is not None:
            out[pid] = best
    return out


def by_alignment(ranking: Ranking, aligned: dict[int, tuple[float, float, int, int]]) -> Ranking:
    """The event ranking with the aligned passages first, best cosine plus recall first."""
    if not aligned:
        return ranking
    first = sorted(
        (r for r in ranking if r[0] in aligned),
        key=lambda r: -(aligned[r[0]][0] + aligned[r[0]][1]),
    )
    return first + [r for r in ranking if r[0] not in aligned]


def speaker_lead(ranking: Ranking, passages: dict[int, Any]) -> tuple[int, float, int] | None:
    """(doc_id, lead, start) of the claimed speaker's closest passage: how far its cosine is
    ahead of the best passage of theirs in another document (all of it if there is none)."""
    if not ranking:
        return None
    pid, doc_id, cos = ranking[0]
    other = next((c for _, d, c in ranking[1:] if d != doc_id), 0.0)
    return doc_id, cos - max(0.0, other), passages[pid].start


def _windows_of(res: Resources, top: list, passages: dict[int, Any]) -> list[tuple[int, int, int]]:
    """Two-sentence windows (index into top, start, end) around the closest passages."""
    from verify.text.tokens import split_sentences

    windows: list[tuple[int, int, int]] = []
    for k, (pid, doc_id, _) in enumerate(top[:WINDOW_PASSAGES]):
        p = passages[pid]
        doc = res.document(doc_id)
        turn = doc.turn_at(p.start)
        lo = turn.body_start if turn else 0
        hi = turn.end if turn else len(doc.text)
        sents = split_sentences(doc.text, max(lo, p.start - 400), min(hi, p.end + 400))
        idx = [i for i, (a, b) in enumerate(sents) if a < p.end and b > p.start]
        if not idx:
            continue
        first, last = idx[0], idx[-1]
        if first > 0:
            windows.append((k, sents[first - 1][0], p.end))
        if last + 1 < len(sents):
            windows.append((k, p.start, sents[last + 1][1]))
    return windows


def semantic_candidates(
    res: Resources, req: CheckRequest, found: SemanticRetrieval
) -> list[Judgement]:
    """The closest passages (sentence-sized) with the evidence for "same statement":
    cosine, shared content words, speaker and date, combined into a probability
    (Judgement.score). A quote of several sentences is also compared with each passage
    joined to its neighbours in the same turn (those windows are embedded on the fly)."""
    from verify.text.tokens import split_sentences

    plain, claimed, date, passages, qvec = (
        found.plain,
        req.claimed,
        req.date,
        found.passages,
        found.qvec,
    )
    emb = res.embedder()
    qterms = content_stems(plain)
    idf = res.idf(qterms)
    top = found.fused[: max(req.top_k, REFINE_PASSAGES)]
    best: dict[int, tuple[float, int, int]] = {}
    # the passages' own vectors, from the index (passages found by words alone too)
    vecs = res.vector_index().vectors([pid for pid, _, _ in top])
    for k, ((pid, _, _), vec) in enumerate(zip(top, vecs, strict=True)):
        p = passages[pid]
        best[k] = (float(vec @ qvec), p.start, p.end)
        if pid in found.windows and found.windows[pid][0] > best[k][0]:
            best[k] = found.windows[pid]  # the event's sentence that says it
    if len(split_sentences(plain)) > 1:
        windows = _windows_of(res, top, passages)
        if windows:
            # adjacent passages share a window: each span is embedded once
            spans = list(dict.fromkeys((top[k][1], a, b) for k, a, b in windows))
            # one window per model call: mixed lengths padded to the longest cost more
            # (6 windows: 88 ms one at a time, 128 ms in one batch; same vectors)
            texts = [res.document(d).text[a:b] for d, a, b in spans]
            wvecs = emb.encode(texts, batch_size=1)
            sim_of = dict(zip(spans, (wvecs @ qvec).tolist(), strict=True))
            for k, a, b in windows:
                sim = sim_of[(top[k][1], a, b)]
                if sim > best[k][0]:
                    best[k] = (float(sim), a, b)
    lead = found.lead

    def judge(doc_id: int, cos: float, a: int, b: int, alignment: float | None) -> Judgement:
        doc = res.document(doc_id)
        turn = doc.turn_at(a)
        lo = max(turn.body_start if turn else 0, a - 300)
        hi = min(turn.end if turn else len(doc.text), b + 300)
        overlap = weighted_overlap(qterms, content_stems(doc.text[lo:hi]), idf)
        quoted = inside_quotation(doc.text, turn.body_start, a, b) if turn else False
        ok = speaker_check(claimed, doc, turn, quoted, registry=res.registry_or_none(), date=date)
        if ok is None and not quoted and narrates_claimed(req, doc, turn, a):
            ok = True  # the event's readout reports what the claimed speaker said
        days = days_between(doc.date, date)
        lead_margin = lead[1] if lead and lead[0] == doc_id and a <= lead[2] < b + 1 else None
        prob = paraphrase_probability(
            cos,
            overlap,
            ok,
            days,
            speaker_claimed=bool(claimed),
            lead=lead_margin,
            alignment=alignment,
            on_occasion=doc_id in req.event,
            # a fragment's few words have their own rule (verify.check.fragments)
            translated=doc.translated and req.n_words > FRAGMENT_WORDS,
        )
        j = Judgement(
            doc, "paraphrase", prob, None, (a, b), turn, ok, quoted, cosine=cos, overlap=overlap
        )
        j.date_score = date_plausibility(doc.date, date)
        j.content_ok = content_agreement(plain, doc.text[lo:hi])
        j.alignment = alignment
        return j

    out: list[Judgement] = []
    for k, (pid, doc_id, cos) in enumerate(top):
        p = passages[pid]
        wcos, a, b = best.get(k, (cos or 0.0, p.start, p.end))
        j = judge(doc_id, max(cos or 0.0, wcos), a, b, None)
        if pid in found.aligned:
            # the event's sentence whose words account for the quote's
            recall, acos, aa, ab = found.aligned[pid]
            aligned = judge(doc_id, acos, aa, ab, recall)
            if aligned.score > j.score:
                j = aligned
        out.append(j)
    if found.reworded is not None:
        rw = found.reworded
        text = res.document(rw.doc_id).text[rw.start : rw.end]
        j = judge(rw.doc_id, float(emb.encode([text])[0] @ qvec), rw.start, rw.end, None)
        if j.speaker_ok is True:  # the rule of verify.check.fragments decides
            j.score = max(j.score, REWORDED_FRAGMENT)
            j.counterparts = tuple((c.word, c.source, c.cosine) for c in rw.pairs)
        out.append(j)
    if found.anchored is not None:
        an = found.anchored
        j = judge(an.doc_id, an.cosine, an.start, an.end, None)
        if j.speaker_ok is True:  # the rule of verify.check.anchored decides
            j.score = max(j.score, ANCHORED_SENTENCE)
        out.append(j)
    # one candidate per place: the best of overlapping windows
    out.sort(key=lambda j: -j.score)
    kept: list[Judgement] = []
    for j in out:
        if any(
            o.doc.id == j.doc.id and o.span[0] < j.span[1] and j.span[0] < o.span[1] for o in kept
        ):
            continue
        kept.append(j)
    return kept


# ----------------------------------------------------------------------------- content

_NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
# other words for nought: one translation's "reduced to zero" is another's "to naught"
_NUMBER_WORDS.update({w: "0" for w in ("naught", "nought", "nil")})
_SCALE = {"hundred", "thousand", "million", "billion", "trillion", "percent"}
_TOKEN = re.compile(r"\d[\d,.]*\d|[^\W_]+(?:['\u2019][^\W_]+)*|[.!?:;\"\u201c\u201d]")
_NOT_NAMES = frozenset("i i'm i've i'd i'll mr mrs ms dr".split())
MISSING_NAMES_SHARE = 0.5  # more of the quote's names than this missing: another statement
MISSING_NAMES_MIN = 2


_COMPOUND = re.compile(r"\b([a-z]+)-([a-z]+)\b")


def _is_compound(m: re.Match) -> bool:
    a, b = m.group(1), m.group(2)
    num_a, num_b = a in _NUMBER_WORDS, b in _NUMBER_WORDS or b in _SCALE
    return num_a != num_b  # "twenty-five" and "two-hundred" are numbers


_DECADE_WORDS = {
    w: f"{k}0"
    for k, w in enumerate(
        "- - twenties thirties forties fifties sixties seventies eighties nineties".split()
    )
    if w != "-"
}
_DECADE = re.compile(
    r"(?<![\w.,])['\u2019]?(?:1[5-9]|20)?([1-9]0)['\u2019]?s\b|\b("
    + "|".join(_DECADE_WORDS)
    + r")\b"
)


def numbers(text: str, *, in_compounds: bool = False) -> set[str]:
    """The numbers a text states: digits, number words (as digits), scale words. A number
    word inside a compound ("three-way", "one-sided") names a kind, not a count: left out,
    unless ``in_compounds`` (a passage that may say "the two-state concept" where a quote
    says "two independent states")."""
    out: set[str] = set()
    text = text.lower()
    if in_compounds:
        text = _COMPOUND.sub(lambda m: f"{m.group(1)} {m.group(2)}", text)
    else:
        text = _COMPOUND.sub(lambda m: "" if _is_compound(m) else m.group(0), text)

    def decade(m: re.Match) -> str:  # "the 90s", "the '90s", "the 1990s", "the nineties"
        out.add("decade " + (m.group(1) or _DECADE_WORDS[m.group(2)]))
        return " "

    text = _DECADE.sub(decade, text)
    for t in _TOKEN.findall(text):
        t = t.replace(",", "")
        if t.replace(".", "").isdigit():
            out.add(t.lstrip("0") or "0")
        elif t in _NUMBER_WORDS and t != "one":  # "one of" is rarely a number
            out.add(_NUMBER_WORDS[t])
        elif t in _SCALE:
            out.add(t)
    return out


def names(text: str) -> list[str]:
    """Capitalised words that do not open a sentence: the names a statement is about."""
    out: list[str] = []
    opening = True
    for t in _TOKEN.findall(text):
        if not t[0].isalnum():
            opening = t in '.!?:"\u201c'
            continue
        if t[0].isupper() and not opening and t.lower() not in _NOT_NAMES:
            out.append(re.sub(r"['\u2019]s$", "", t).lower())
        opening = False
    return out


_NAME_GAP = re.compile(r"[\s()]*")


def name_groups(text: str) -> list[tuple[str, ...]]:
    """The quote's names, one group per run of capitalised words joined only by spaces or
    brackets: "Alexander Grigorievich (Lukashenko)" is one person, however many of its words
    a transcript uses ("Mr Lukashenko")."""
    groups: list[list[str]] = []
    opening, last_end = True, -1
    for m in _TOKEN.finditer(text):
        t = m.group(0)
        if not t[0].isalnum():
            opening, last_end = t in '.!?:"\u201c', -1
            continue
        if t[0].isupper() and not opening and t.lower() not in _NOT_NAMES:
            word = re.sub(r"['\u2019]s$", "", t).lower()
            joined = last_end >= 0 and _NAME_GAP.fullmatch(text, last_end, m.start())
            if joined:
                groups[-1].append(word)
            else:
                groups.append([word])
            last_end = m.end()
        else:
            last_end = -1
        opening = False
    return [tuple(g) for g in groups]


def content_agreement(quote: str, passage: str) -> bool | None:
    """Do the quote's numbers and (most of) its names appear in the passage? A loose
    look-alike on the same topic shares the topic's words but not the statement's names
    and numbers. None when the quote states neither."""
    qnums, qnames = numbers(quote), names(quote)
    if not qnums and not qnames:
        return None
    if qnums - numbers(passage, in_compounds=True):
        return False
    if qnames:
        words = {w.lower() for w in _TOKEN.findall(passage) if w[0].isalnum()}
        groups = set(name_groups(quote))
        missing = [g for g in groups if not any(_name_in(n, words) for n in g)]
        # a translation may drop one name; two or more, and most of them, is another statement
        if len(missing) >= MISSING_NAMES_MIN and len(missing) > MISSING_NAMES_SHARE * len(groups):
            return False
    return True


def _name_in(name: str, words: set[str]) -> bool:
    """Is the name among the words, allowing derived forms ("West" / "Western",
    "Ukraine" / "Ukrainian")?"""
    if name in words:
        return True
    if len(name) < 4:
        return False
    stem = name[:5] if len(name) >= 5 else name
    return any(w.startswith(stem) for w in words if len(w) >= len(stem))
