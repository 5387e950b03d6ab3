"""The quote-checking pipeline: quote -> candidates -> alignments -> verdict -> QuoteResult.

``Checker`` holds what is expensive to load (the store connection, the speaker registry,
and, only when the wording search has not settled a quote, the embedding model and the
vector index), so a batch, the web server or an article run pays for them once.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from verify.check.align import DocTokens, align, clean_quote, split_quote
from verify.check.retrieve import (
    STOPWORDS,
    fts_terms,
    fuse,
    fuse_passages,
    lexical_rankings,
)
from verify.check.verdict import (
    PARAPHRASE_THRESHOLD,
    TRANSLATION_NOTE,
    Judgement,
    date_plausibility,
    days_between,
    inside_quotation,
    institution,
    paraphrase_probability,
    speaker_check,
    wording_verdict,
)
from verify.corpus.store import Store
from verify.errors import IndexMissingError, InputError, VerifyError
from verify.models import Appearance, Difference, Document, QuoteResult, SourceSpan
from verify.text.wording import spelling_key

MAX_QUOTE_CHARS = 2000
DOC_CACHE = 256  # documents (and their tokenized windows) kept between quotes
# documents longer than this are aligned in windows around the retrieval hits
WHOLE_DOC_CHARS = 8_000
WINDOW_CHARS = 600  # around each hit; at least 1.5 times the quote's length
LEXICAL_CANDIDATES = 10
KEYWORD_ONLY_JUDGED = 3  # candidates found by rare words only, aligned if ranked this high
VECTOR_K = 60
REFINE_PASSAGES = 6  # closest passages re-scored by their best one- or two-sentence window
# of those, the closest this many are also compared as two-sentence windows (embedded on the
# fly: most of a multi-sentence quote's time); 3 and 6 gave the same results on both
# evaluation sets (make eval, make eval-articles), none lost 2 right sources of 78
WINDOW_PASSAGES = 3
PRERANK_SPEAKER = 0.08
PRERANK_DATE = 0.06
VECTOR_JUDGED = 5
APPEARANCE_CHUNKS = 6  # phrases of the source words that a document must all hold
APPEARANCE_LIMIT = 300  # documents found by meaning only, aligned word by word too
SEMANTIC_FUSION = {"vector": 1.0, "speaker": 1.0, "keyword": 0.6, "phrase": 0.6}
SPEAKER_WINDOW_DAYS = 45  # the claimed speaker's passages this long before the claimed date
SPEAKER_MAX_PASSAGES = 6000


def validate_quote(quote: Any) -> str:
    if not isinstance(quote, str) or not quote.strip():
        raise InputError("The quote is empty.", 'Give the quoted words, e.g. verify quote "…".')
    if len(quote) > MAX_QUOTE_CHARS:
        raise InputError(
            f"The quote is {len(quote):,} characters long; the limit is {MAX_QUOTE_CHARS:,}.",
            "Check it in pieces: split it at sentence boundaries.",
        )
    if not fts_terms(quote):
        raise InputError("The quote has no words.", "Give the quoted words, not just punctuation.")
    return quote


class Checker:
    def __init__(
        self,
        store: Store | None = None,
        *,
        registry: Any = None,
        embedder: Any = None,
        index: Any = None,
        semantic: bool = True,
    ):
        self.store = store if store is not None else Store(create=False)
        self._registry = registry
        self._embedder = embedder
        self._index = index
        self.semantic = semantic
        self._docs: OrderedDict[tuple, tuple[Document, DocTokens, list[tuple[int, int]]]] = (
            OrderedDict()
        )
        self._doc_objects: OrderedDict[int, Document] = OrderedDict()
        self._n_passages: int | None = None
        self._exclude: set[int] = set()
        self._publisher: str | None = None
        self._same_cache: dict[tuple[str, str, str], bool] = {}

    # ----------------------------------------------------------------- resources

    @property
    def registry(self) -> Any:
        if self._registry is None:
            from verify.knowledge.speakers import SpeakerRegistry

            self._registry = SpeakerRegistry.default()
        return self._registry

    def vector_index(self) -> Any:
        if self._index is None:
            from verify.corpus.index import VectorIndex

            self._index = VectorIndex.load(
                self.store, model=self._embedder.name if self._embedder else None
            )
        return self._index

    def embedder(self) -> Any:
        if self._embedder is None:
            from verify.corpus.embed import load_embedder

            backend = self.vector_index().manifest.get("backend")
            self._embedder = load_embedder(backend=backend)
        return self._embedder

    def document(self, doc_id: int) -> Document:
        doc = self._doc_objects.get(doc_id)
        if doc is None:
            doc = self.store.get_document(doc_id)
            self._doc_objects[doc_id] = doc
            if len(self._doc_objects) > DOC_CACHE:
                self._doc_objects.popitem(last=False)
        else:
            self._doc_objects.move_to_end(doc_id)
        return doc

    def doc(
        self, doc_id: int, offsets: list[int] | None = None, quote_chars: int = 0
    ) -> tuple[Document, DocTokens, list[tuple[int, int]]]:
        """A document with its tokens. Long documents are tokenized only in windows around
        ``offsets`` (where retrieval found the quote's words), short ones whole."""
        doc = self.document(doc_id)
        windows = None
        if len(doc.text) > WHOLE_DOC_CHARS and offsets:
            windows = _windows(offsets, len(doc.text), quote_chars)
        key = (doc_id, tuple(windows) if windows else None)
        hit = self._docs.get(key)
        if hit is not None:
            self._docs.move_to_end(key)
            return hit
        dt = DocTokens(doc.text, windows)
        bounds = [(dt.token_at(t.start), dt.token_at(t.end)) for t in doc.turns]
        self._docs[key] = (doc, dt, bounds)
        if len(self._docs) > DOC_CACHE:
            self._docs.popitem(last=False)
        return self._docs[key]

    # ----------------------------------------------------------------- judging

    def judge(
        self,
        quote: str,
        doc_id: int,
        claimed: str | None,
        date: str | None,
        offsets: list[int] | None = None,
    ) -> Judgement | None:
        doc, dt, bounds = self.doc(doc_id, offsets, len(quote))
        prefer = None
        if claimed:
            prefer = [
                b
                for t, b in zip(doc.turns, bounds, strict=True)
                if t.speaker and not t.is_question and self._same_person(claimed, t.speaker, date)
            ]
        aln = align(quote, dt, turn_bounds=bounds, prefer=prefer)
        if aln is None:
            return None
        translated = (doc.meta.get("original_language") or "en") != (doc.language or "en")
        verdict, score, notes, changes = wording_verdict(aln, translated=translated)
        start, end = aln.span
        turn = (
            doc.turn_at(aln.doc.toks[aln.main_piece().j1].start)
            if aln.main_piece().j2 > aln.main_piece().j1
            else doc.turn_at(start)
        )
        quoted = inside_quotation(doc.text, turn.body_start, start, end) if turn else False
        ok = speaker_check(claimed, doc, turn, quoted, registry=self._reg_or_none(), date=date)
        j = Judgement(
            doc, verdict, score, aln, (start, end), turn, ok, quoted, notes=notes, changes=changes
        )
        j.remote = _remote(aln.n_quote, doc.date, date, verdict)
        return j

    def _same_person(self, a: str, b: str, date: str | None) -> bool:
        key = (a, b, (date or "")[:7])
        hit = self._same_cache.get(key)
        if hit is None:
            reg = self._reg_or_none()
            hit = bool(reg.same_person(a, b, date=date)) if reg is not None else a == b
            if len(self._same_cache) > 50_000:
                self._same_cache.clear()
            self._same_cache[key] = hit
        return hit

    def _reg_or_none(self) -> Any:
        try:
            return self.registry
        except ImportError:
            return None

    @staticmethod
    def _order(j: Judgement, claimed_date: str | None) -> tuple:
        speaker_rank = {True: 0, None: 1, False: 2}[j.speaker_ok]
        return (
            j.effective_rank,
            speaker_rank,
            j.quoted,
            -round(j.aln.coverage if j.aln else 0.0, 2),
            -date_plausibility(j.doc.date, claimed_date),
            0 if j.doc.kind == "primary" else 1,
            j.doc.date or "9999",
        )

    # ----------------------------------------------------------------- main entry

    def check_quote(
        self,
        quote: str,
        speaker: str | None = None,
        date: str | None = None,
        *,
        id: str | None = None,
        top_k: int = 5,
        exclude: set[int] | None = None,
        publisher: str | None = None,
    ) -> QuoteResult:
        """Judge one quote. ``exclude``: document ids to leave out (the article being
        checked); ``publisher``: only documents of that publisher (an intermediary)."""
        validate_quote(quote)
        text = clean_quote(quote)
        claimed = self._canonical(speaker, date)
        self._exclude = set(exclude or ())
        self._publisher = publisher
        rankings = lexical_rankings(text, self.store, publisher=publisher)
        cands = fuse(rankings, self.store, limit=LEXICAL_CANDIDATES + len(self._exclude))
        judged: dict[int, Judgement | None] = {}
        for rank, c in enumerate(cands):
            if c.doc_id in self._exclude:
                continue
            if "phrase" not in c.via and rank >= KEYWORD_ONLY_JUDGED:
                continue  # no five words of the quote in a row there: no wording to judge
            j = self.judge(text, c.doc_id, claimed, date, c.offsets)
            judged[c.doc_id] = j
            if j is not None and _settled(j, claimed):
                break  # the exact words, said by the claimed speaker: other documents are
                # found as appearances by their words, not judged here
        lexical = [j for j in judged.values() if j is not None]
        lexical.sort(key=lambda j: self._order(j, date))
        best = lexical[0] if lexical else None

        if best is not None and best.effective_rank <= 2:
            return self._lexical_result(quote, text, speaker, claimed, date, id, best, lexical)
        # the wording is not in the corpus: look for the same statement in other words
        if not self.semantic:
            raise IndexMissingError(
                "The quote's wording is not in the store and semantic search is off.",
                "Build the vector index (verify index build) to look for paraphrases.",
            )
        return self._semantic_result(
            quote, text, speaker, claimed, date, id, top_k, judged, rankings
        )

    def _canonical(self, speaker: str | None, date: str | None) -> str | None:
        if not speaker or not speaker.strip():
            return None
        try:
            return self.registry.canonical(speaker, date=date) or speaker.strip()
        except ImportError:
            return speaker.strip()

    # ----------------------------------------------------------------- lexical verdicts

    def _lexical_result(
        self,
        quote: str,
        text: str,
        speaker: str | None,
        claimed: str | None,
        date: str | None,
        id: str | None,
        best: Judgement,
        judged: list[Judgement],
    ) -> QuoteResult:
        appearances = self.appearances(text, claimed, date, seed=judged, best=best)
        same_rank = [j for j in judged if j.effective_rank <= best.effective_rank]
        verdict = best.verdict
        explanation = self._explain(best, claimed)
        if claimed and best.speaker_ok is False:
            if not any(j.speaker_ok is not False for j in same_rank):
                verdict = "misattributed"
                explanation = self._explain_misattributed(best, claimed)
        # the source shown: among the equally good matches with the right speaker, the one
        # the report most plausibly drew on (closest before the claimed date, unquoted, primary)
        result = QuoteResult(
            quote=quote,
            verdict=verdict,
            score=best.score,
            explanation=explanation,
            id=id,
            claimed_speaker=speaker,
            claimed_date=date,
            source=self._span(best),
            differences=differences(best),
            appearances=appearances,
        )
        result.earliest_primary = earliest_primary(appearances)
        if result.earliest_primary and verdict in ("verbatim", "minor", "altered"):
            ep = result.earliest_primary
            result.explanation += (
                f" Earliest primary source: {ep.publisher or '?'}, {(ep.date or '?')[:10]}."
            )
        return result

    def appearances(
        self,
        text: str,
        claimed: str | None,
        date: str | None,
        *,
        seed: list[Judgement] | None = None,
        best: Judgement | None = None,
    ) -> list[Appearance]:
        """Every document that holds the same source words as ``best`` (or, without it, that
        matches the quote verbatim, minor or altered)."""
        seen: dict[int, Judgement] = {j.doc.id: j for j in (seed or [])}
        ref_text = best.doc.text[best.span[0] : best.span[1]] if best is not None else text
        for doc_id, offs in self._docs_with_words(ref_text).items():
            if doc_id in seen or doc_id in self._exclude:
                continue
            j = self.judge(text, doc_id, claimed, date, offs)
            if j is not None:
                seen[doc_id] = j
        out = []
        ref = _span_keys(best) if best is not None else None
        for j in seen.values():
            if j.rank > 1:
                continue
            if ref is not None and j is not best and not _same_words(ref, _span_keys(j)):
                continue
            verdict = j.verdict
            if claimed and j.speaker_ok is False:
                verdict = "misattributed"
            out.append(self._appearance(j, verdict))
        out.sort(key=lambda a: (a.date or "9999", 0 if a.kind == "primary" else 1))
        return out

    # ----------------------------------------------------------------- semantic verdicts

    def _docs_with_words(self, text: str, size: int = 5) -> dict[int, list[int]]:
        """Documents holding every 5-word chunk of ``text`` (so, very likely, all of its
        words), with the offsets of the passages where the chunks are."""
        words = fts_terms(text)
        if not words:
            return {}
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
            hits = self.store.fts(
                '"' + " ".join(chunk) + '"', limit=APPEARANCE_LIMIT, publisher=self._publisher
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
        starts_of = {p.id: p.start for p in self.store.passages(pids)}
        return {d: [starts_of[p] for p in ps if p in starts_of] for d, ps in (docs or {}).items()}

    def _semantic_result(
        self,
        quote: str,
        text: str,
        speaker: str | None,
        claimed: str | None,
        date: str | None,
        id: str | None,
        top_k: int,
        judged: dict[int, Judgement | None],
        rankings: dict[str, list] | None = None,
    ) -> QuoteResult:
        plain = " ".join(p.text for p in split_quote(text)[0]) or text
        qvec, vec_ranking, passages = self.vector_ranking(plain)
        vec_ranking = self._prerank(vec_ranking, passages, claimed, date)
        # what the claimed speaker said around the claimed date, compared directly
        spk_ranking = self.speaker_ranking(qvec, claimed, date, passages)
        # hybrid: passages found by rare words join the closest ones by meaning
        lexical = {
            k: [r for r in v if r[1] not in self._exclude] for k, v in (rankings or {}).items()
        }
        fused = fuse_passages(
            {"vector": vec_ranking, "speaker": spk_ranking, **lexical},
            weights=SEMANTIC_FUSION,
            limit=max(top_k, REFINE_PASSAGES),
        )
        missing = [pid for pid, _, _ in fused if pid not in passages]
        passages.update({p.id: p for p in self.store.passages(missing)})
        # words of the newly found documents may still match (altered, composite)
        for pid, doc_id, _ in vec_ranking[:VECTOR_JUDGED]:
            if doc_id not in judged:
                judged[doc_id] = self.judge(text, doc_id, claimed, date, [passages[pid].start])
        lexical = sorted((j for j in judged.values() if j), key=lambda j: self._order(j, date))
        if lexical and lexical[0].effective_rank <= 2:
            return self._lexical_result(
                quote, text, speaker, claimed, date, id, lexical[0], lexical
            )
        scored = [
            (j.score, j)
            for j in self.semantic_candidates(
                plain,
                claimed,
                date,
                fused,
                passages,
                top_k=top_k,
                qvec=qvec,
                lead=_speaker_lead(spk_ranking, passages),
            )
        ]
        scored.sort(key=lambda x: -x[0])
        if claimed:
            right = [x for x in scored if x[1].speaker_ok is not False]
            wrong = sorted(
                (x for x in scored if x[1].speaker_ok is False),
                key=lambda x: -(x[1].cosine or 0.0),
            )
        else:
            right, wrong = scored, []
        if right and right[0][0] >= PARAPHRASE_THRESHOLD:
            prob, j = right[0]
            return QuoteResult(
                quote=quote,
                verdict="paraphrase",
                score=prob,
                explanation=self._explain_paraphrase(j, claimed),
                id=id,
                claimed_speaker=speaker,
                claimed_date=date,
                source=self._span(j),
                differences=passage_differences(text, j),
                appearances=[self._appearance(j, "paraphrase")],
                earliest_primary=None,
                evidence=_evidence(j),
                related=[r for r in _related(scored, claimed) if r["url"] != j.doc.url],
            )
        if lexical and lexical[0].rank <= 2:
            # only far from the claimed date are these words: report them, with a caveat
            far = lexical[0]
            result = self._lexical_result(quote, text, speaker, claimed, date, id, far, lexical)
            days = days_between(far.doc.date, date)
            result.explanation += (
                f" Note: that was {abs(days or 0)} days "
                f"{'before' if (days or 0) >= 0 else 'after'} the claimed date; check that it "
                "is the occasion reported."
            )
            return result
        closest = scored[0][1] if scored else None
        n_docs = self.store.count("documents", current_only=True)
        expl = f"Not found in the indexed sources ({n_docs:,} documents)."
        if wrong and _confident_elsewhere(wrong[0][1], date):
            # the statement is there, made by someone else
            j = wrong[0][1]
            return QuoteResult(
                quote=quote,
                verdict="misattributed",
                score=float(j.cosine or 0.0),
                explanation=(
                    f"The same statement is in {_doc_label(j.doc)}, in other words, but made by "
                    f"{_speaker_label(j) or 'another speaker'}, not {claimed}."
                ),
                id=id,
                claimed_speaker=speaker,
                claimed_date=date,
                source=self._span(j),
                differences=passage_differences(text, j),
                appearances=[self._appearance(j, "misattributed")],
                evidence=_evidence(j),
            )
        elif closest is not None:
            expl += (
                f" The closest passage ({_doc_label(closest.doc)}, cosine {closest.cosine:.2f}) "
                "does not make the same statement."
            )
        return QuoteResult(
            quote=quote,
            verdict="not_found",
            score=1.0 - (scored[0][0] if scored else 0.0),
            explanation=expl,
            id=id,
            claimed_speaker=speaker,
            claimed_date=date,
            source=None,
            differences=[],
            appearances=[],
            evidence=_evidence(closest) if closest is not None else None,
            related=_related(scored, claimed),
        )

    def _prerank(
        self,
        ranking: list[tuple[int, int, float]],
        passages: dict[int, Any],
        claimed: str | None,
        date: str | None,
    ) -> list[tuple[int, int, float]]:
        """Order the closest passages by cosine plus small bonuses for the claimed speaker and
        for a date shortly before the claimed one, so that the few passages re-scored in
        detail are the likeliest sources, not just the likeliest wordings."""
        if not ranking or (not claimed and not date):
            return ranking
        dates = self.store.doc_dates({d for _, d, _ in ranking})
        reg = self._reg_or_none() if claimed else None
        inst = institution(claimed) if claimed else None
        pubs = self.store.doc_publishers({d for _, d, _ in ranking}) if inst else {}

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
        self, qvec: Any, claimed: str | None, date: str | None, passages: dict[int, Any]
    ) -> list[tuple[int, int, float]]:
        """The claimed speaker's passages from shortly before the claimed date, by cosine.

        Found by who and when rather than by nearest neighbours among every passage: a
        translated sentence can be closer in wording to other people's similar sentences
        than to its own source."""
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
        # the documents of those days first (by the date index), then their passages
        rows = self.store.db.execute(
            "SELECT p.id, p.doc_id FROM documents d CROSS JOIN passages p ON p.doc_id = d.id "
            "WHERE d.date >= ? AND d.date < ? AND d.is_current = 1 "
            "AND p.speaker = ? AND p.is_question = 0 LIMIT ?",
            (lo, until, claimed, SPEAKER_MAX_PASSAGES),
        ).fetchall()
        rows = [r for r in rows if r[1] not in self._exclude]
        if not rows:
            return []
        vecs = self.vector_index().vectors([r[0] for r in rows])
        sims = vecs @ qvec
        order = sims.argsort()[::-1][:VECTOR_K]
        ranking = [(int(rows[i][0]), int(rows[i][1]), float(sims[i])) for i in order]
        missing = [pid for pid, _, _ in ranking if pid not in passages]
        passages.update({p.id: p for p in self.store.passages(missing)})
        return ranking

    def vector_ranking(self, plain: str) -> tuple[Any, list[tuple[int, int, float]], dict]:
        """The quote's embedding and the closest current passages: (qvec, [(passage_id,
        doc_id, cosine)], {passage_id: Passage})."""
        index = self.vector_index()
        qvec = self.embedder().encode([plain])[0]
        hits = index.search(qvec, VECTOR_K)[0]
        current = self.store.current_passage_ids([pid for pid, _ in hits])
        hits = [(pid, s) for pid, s in hits if pid in current]
        passages = {p.id: p for p in self.store.passages([pid for pid, _ in hits])}
        ranking = [
            (pid, passages[pid].doc_id, s)
            for pid, s in hits
            if pid in passages and passages[pid].doc_id not in self._exclude
        ]
        if self._publisher:
            pubs = self.store.doc_publishers({d for _, d, _ in ranking})
            ranking = [
                r for r in ranking if (pubs.get(r[1]) or "").lower() == self._publisher.lower()
            ]
        return qvec, ranking, passages

    def semantic_candidates(
        self,
        plain: str,
        claimed: str | None,
        date: str | None,
        ranking: list[tuple[int, int, float | None]],
        passages: dict[int, Any],
        *,
        top_k: int = 5,
        qvec: Any = None,
        lead: tuple[int, float, int] | None = None,
    ) -> list[Judgement]:
        """The closest passages (sentence-sized) with the evidence for "same statement":
        cosine, shared content words, speaker and date, combined into a probability
        (Judgement.score). A quote of several sentences is also compared with each passage
        joined to its neighbours in the same turn (those windows are embedded on the fly)."""
        from verify.text.tokens import split_sentences

        emb = self.embedder()
        if qvec is None:
            qvec = emb.encode([plain])[0]
        qterms = content_stems(plain)
        idf = self._idf(qterms)
        top = ranking[: max(top_k, REFINE_PASSAGES)]
        best: dict[int, tuple[float, int, int]] = {}
        # the passages' own vectors, from the index (passages found by words alone too)
        vecs = self.vector_index().vectors([pid for pid, _, _ in top])
        for k, ((pid, _, _), vec) in enumerate(zip(top, vecs, strict=True)):
            p = passages[pid]
            best[k] = (float(vec @ qvec), p.start, p.end)
        if len(split_sentences(plain)) > 1:
            windows: list[tuple[int, int, int]] = []  # (index into top, start, end)
            for k, (pid, doc_id, _) in enumerate(top[:WINDOW_PASSAGES]):
                p = passages[pid]
                doc = self.document(doc_id)
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
            if windows:
                # adjacent passages share a window: each span is embedded once
                spans = list(dict.fromkeys((top[k][1], a, b) for k, a, b in windows))
                # one window per model call: mixed lengths padded to the longest cost more
                # (6 windows: 88 ms one at a time, 128 ms in one batch; same vectors)
                texts = [self.document(d).text[a:b] for d, a, b in spans]
                vecs = emb.encode(texts, batch_size=1)
                sim_of = dict(zip(spans, (vecs @ qvec).tolist(), strict=True))
                sims = [sim_of[(top[k][1], a, b)] for k, a, b in windows]
                for (k, a, b), sim in zip(windows, sims, strict=True):
                    if sim > best[k][0]:
                        best[k] = (float(sim), a, b)
        out: list[Judgement] = []
        for k, (pid, doc_id, cos) in enumerate(top):
            p = passages[pid]
            doc = self.document(doc_id)
            wcos, a, b = best.get(k, (cos or 0.0, p.start, p.end))
            cos = max(cos or 0.0, wcos)
            turn = doc.turn_at(a)
            lo = max(turn.body_start if turn else 0, a - 300)
            hi = min(turn.end if turn else len(doc.text), b + 300)
            overlap = weighted_overlap(qterms, content_stems(doc.text[lo:hi]), idf)
            quoted = inside_quotation(doc.text, turn.body_start, a, b) if turn else False
            ok = speaker_check(claimed, doc, turn, quoted, registry=self._reg_or_none(), date=date)
            dscore = date_plausibility(doc.date, date)
            days = days_between(doc.date, date)
            lead_margin = lead[1] if lead and lead[0] == doc_id and a <= lead[2] < b + 1 else None
            prob = paraphrase_probability(
                cos, overlap, ok, days, speaker_claimed=bool(claimed), lead=lead_margin
            )
            j = Judgement(
                doc, "paraphrase", prob, None, (a, b), turn, ok, quoted, cosine=cos, overlap=overlap
            )
            j.date_score = dscore
            out.append(j)
        # one candidate per place: the best of overlapping windows
        out.sort(key=lambda j: -j.score)
        kept: list[Judgement] = []
        for j in out:
            if any(
                o.doc.id == j.doc.id and o.span[0] < j.span[1] and j.span[0] < o.span[1]
                for o in kept
            ):
                continue
            kept.append(j)
        return kept

    def _idf(self, terms: set[str]) -> dict[str, float]:
        import math

        if self._n_passages is None:
            self._n_passages = max(1, self.store.count("passages"))
        freq = self.store.term_frequencies(sorted(terms))
        return {t: math.log((self._n_passages + 1) / (freq.get(t, 0) + 1)) for t in terms}

    # ----------------------------------------------------------------- rendering helpers

    def _span(self, j: Judgement) -> SourceSpan:
        s, e = j.span
        return SourceSpan(
            url=j.doc.url,
            title=j.doc.title,
            date=j.doc.date,
            publisher=j.doc.publisher,
            kind=j.doc.kind,
            speaker=j.turn.speaker if j.turn else None,
            speaker_label=j.turn.label if j.turn else None,
            text=j.doc.text[s:e],
            start=s,
            end=e,
            doc_id=j.doc.id,
        )

    @staticmethod
    def _appearance(j: Judgement, verdict: str) -> Appearance:
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

    def _explain(self, j: Judgement, claimed: str | None) -> str:
        where = _doc_label(j.doc)
        who = _speaker_label(j)
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
            return (
                f"The quote joins {n} separate passages of {where}{said} without marking "
                f"the cut{extra}."
            )
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

    def _explain_misattributed(self, j: Judgement, claimed: str) -> str:
        where = _doc_label(j.doc)
        if j.turn is not None and j.turn.is_question:
            return (
                f"The words are in {where}, but in a question from a reporter "
                f"({j.turn.label or 'Q'}), not said by {claimed}."
            )
        return f"The words are in {where}, but said by {_speaker_label(j)}, not {claimed}."

    def _explain_paraphrase(self, j: Judgement, claimed: str | None) -> str:
        who = _speaker_label(j) or claimed or "the speaker"
        return (
            f"{who} made this statement in {_doc_label(j.doc)} in different words "
            f"(cosine {j.cosine:.2f}, {100 * (j.overlap or 0):.0f}% of the content words "
            "shared); the quote is not the transcript's wording."
        )

    # ----------------------------------------------------------------- batches

    def check_many(
        self,
        items: Iterable[dict[str, Any] | VerifyError],
        *,
        progress: Callable[[], None] | None = None,
    ) -> Iterator[QuoteResult]:
        """One result per item, in order; a bad item becomes an error record."""
        for item in items:
            try:
                if isinstance(item, VerifyError):
                    raise item
                yield self.check_quote(
                    item.get("quote"),
                    speaker=item.get("speaker"),
                    date=item.get("date"),
                    id=None if item.get("id") is None else str(item.get("id")),
                )
            except InputError as exc:
                yield error_result(item, exc)
            finally:
                if progress:
                    progress()


RELATED_MIN_COSINE = 0.55


def _related(scored: list[tuple[float, Judgement]], claimed: str | None) -> list[dict[str, Any]]:
    """Up to three documents closest in meaning (one passage each), by the claimed speaker
    where one is claimed: context for a reader when the statement itself is not found."""
    out: list[dict[str, Any]] = []
    seen: set[int] = set()
    for _, j in sorted(scored, key=lambda x: -(x[1].cosine or 0.0)):
        if j.doc.id in seen or (j.cosine or 0.0) < RELATED_MIN_COSINE:
            continue
        if claimed and j.speaker_ok is not True:
            continue
        seen.add(j.doc.id)
        s, e = j.span
        out.append(
            {
                "url": j.doc.url,
                "title": j.doc.title,
                "date": j.doc.date,
                "publisher": j.doc.publisher,
                "kind": j.doc.kind,
                "speaker": j.turn.speaker if j.turn else None,
                "text": j.doc.text[s:e],
                "cosine": round(float(j.cosine or 0.0), 3),
            }
        )
        if len(out) == 3:
            break
    return out


# A short quote ("golden billion", "nothing about Ukraine without Ukraine") can be said on
# many occasions: its words in a document far from the claimed date do not show that this
# report came from there. Such matches are listed as appearances but not taken as the source.
SHORT_QUOTE_WORDS = 8
SHORT_ALTERED_WORDS = 15
NEAR_BEFORE_DAYS = 45


def _remote(
    n_words: int, source_date: str | None, claimed_date: str | None, verdict: str | None = None
) -> bool:
    # a changed or stitched match is weaker evidence than an exact one: allow longer quotes
    limit = SHORT_QUOTE_WORDS if verdict in ("verbatim", "minor") else SHORT_ALTERED_WORDS
    if n_words > limit or not claimed_date:
        return False
    days = days_between(source_date, claimed_date)
    return days is not None and not (-1 <= days <= NEAR_BEFORE_DAYS)


MISATTRIBUTED_MIN_COSINE = 0.80


def _speaker_lead(
    ranking: list[tuple[int, int, float]], passages: dict[int, Any]
) -> tuple[int, float, int] | None:
    """(doc_id, lead, start) of the claimed speaker's closest passage: how far its cosine is
    ahead of the best passage of theirs in another document (all of it if there is none)."""
    if not ranking:
        return None
    pid, doc_id, cos = ranking[0]
    other = next((c for _, d, c in ranking[1:] if d != doc_id), 0.0)
    return doc_id, cos - max(0.0, other), passages[pid].start


def _settled(j: Judgement, claimed: str | None) -> bool:
    """An exact match that no other candidate could beat as the source."""
    return (
        j.effective_rank == 0
        and j.aln is not None
        and j.aln.coverage >= 0.999
        and not j.quoted
        and (j.speaker_ok is True if claimed else True)
    )


def _confident_elsewhere(j: Judgement, date: str | None) -> bool:
    """Would this passage by another speaker have been a clear paraphrase had they been
    the claimed speaker? (Then the statement is misattributed rather than not found.)"""
    if (j.cosine or 0.0) < MISATTRIBUTED_MIN_COSINE:
        return False
    days = days_between(j.doc.date, date)
    return paraphrase_probability(j.cosine or 0.0, j.overlap or 0.0, True, days) >= 0.9


def _evidence(j: Judgement) -> dict[str, Any]:
    return {
        "cosine": round(float(j.cosine or 0.0), 4),
        "shared_content_words": round(float(j.overlap or 0.0), 4),
        "speaker_match": j.speaker_ok,
        "date_score": round(float(getattr(j, "date_score", 0.5)), 4),
        "probability": round(float(j.score), 4),
        "url": j.doc.url,
    }


def _windows(offsets: list[int], n: int, quote_chars: int = 0) -> list[tuple[int, int]]:
    w = max(WINDOW_CHARS, int(1.5 * quote_chars))
    spans = sorted((max(0, o - w), min(n, o + w)) for o in offsets)
    merged: list[list[int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]


def error_result(item: Any, exc: VerifyError) -> QuoteResult:
    data = item if isinstance(item, dict) else {}
    quote = data.get("quote")
    r = QuoteResult(
        quote=quote if isinstance(quote, str) else "",
        verdict="not_found",
        score=0.0,
        explanation=f"Not checked: {exc.message}",
        id=None if data.get("id") is None else str(data.get("id")),
        claimed_speaker=data.get("speaker"),
        claimed_date=data.get("date"),
    )
    r.error = exc.message + (f" {exc.hint}" if exc.hint else "")
    return r


# ----------------------------------------------------------------- module helpers


def _doc_label(doc: Document) -> str:
    title = doc.title or doc.url or f"document {doc.id}"
    return f"{doc.publisher or 'unknown publisher'}, {(doc.date or '?')[:10]}, \u201c{title}\u201d"


def _speaker_label(j: Judgement) -> str | None:
    if j.turn is None:
        return None
    if j.turn.speaker and j.turn.label and j.turn.label.lower() != j.turn.speaker.lower():
        short = j.turn.label if len(j.turn.label) <= 40 else "…" + j.turn.label[-30:]
        return f"{j.turn.speaker} ({short})"
    return j.turn.speaker or j.turn.label


def _span_keys(j: Judgement) -> list[str]:
    if j.aln is None:
        return []
    toks = j.aln.doc.toks
    js = [(p.j1, p.j2) for p in j.aln.pieces]
    out: list[str] = []
    for a, b in js:
        out.extend(t.key for t in toks[a:b])
    return out


def _same_words(a: list[str], b: list[str]) -> bool:
    """Do two source spans carry the same words (allowing a little slack at the edges)?"""
    from difflib import SequenceMatcher

    if not a or not b:
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.9


def earliest_primary(appearances: list[Appearance]) -> Appearance | None:
    """The first primary appearance; words inside quotation marks count only when the corpus
    holds no unquoted primary appearance."""
    primary = [a for a in appearances if a.kind == "primary" and a.verdict != "misattributed"]
    own = [a for a in primary if not a.quoted]
    pool = own or primary
    return pool[0] if pool else None


_SUFFIX = re.compile(r"(ations?|ings?|ments?|ness|ly|ies|ied|es|ed|s)$")


def stem(word: str) -> str:
    w = spelling_key(word)
    if len(w) > 5:
        w = _SUFFIX.sub("", w)
    return w


def content_stems(text: str) -> set[str]:
    return {stem(w) for w in fts_terms(text) if w not in STOPWORDS and len(w) > 2}


def weighted_overlap(q: set[str], window: set[str], idf: dict[str, float]) -> float:
    if not q:
        return 0.0
    total = sum(idf.get(t, 1.0) for t in q)
    hit = sum(idf.get(t, 1.0) for t in q if t in window)
    return hit / total if total else 0.0


def differences(j: Judgement) -> list[Difference]:
    """The alignment as quote/source text pieces, in quote order. Equal runs are cut where a
    word differs harmlessly (spelling, contraction, number form, punctuation), so each such
    word shows as its own "replace" with a note."""
    aln = j.aln
    if aln is None:
        return []
    q, d = aln.qtoks, aln.doc.toks
    qtext, dtext = aln.quote, aln.doc.text

    def qs(i1: int, i2: int) -> str:
        return qtext[q[i1].start : q[i2 - 1].end] if i2 > i1 else ""

    def ds(j1: int, j2: int) -> str:
        return dtext[d[j1].start : d[j2 - 1].end] if j2 > j1 else ""

    out: list[Difference] = []
    for op in aln.ops:
        if op.tag == "elide":
            out.append(Difference("elide", op.marker or "...", ds(op.j1, op.j2), op.harmless))
            continue
        if op.tag != "equal":
            out.append(Difference(op.tag, qs(op.i1, op.i2), ds(op.j1, op.j2), op.harmless))
            continue
        run_start = 0
        n = op.i2 - op.i1
        for k in range(n):
            qt, dt = q[op.i1 + k], d[op.j1 + k]
            note = None
            if qt.surface != dt.surface:
                note = (
                    "number form"
                    if qt.key.startswith("#")
                    else ("contraction" if qt.expanded or dt.expanded else "spelling")
                )
            elif k > 0 and qt.gap.replace('"', "") != dt.gap.replace('"', ""):
                note = "punctuation"
            if note is None:
                continue
            lo = k - 1 if note == "punctuation" else k
            if lo > run_start:
                out.append(
                    Difference(
                        "equal",
                        qs(op.i1 + run_start, op.i1 + lo),
                        ds(op.j1 + run_start, op.j1 + lo),
                    )
                )
            hi = k + 1
            # an expanded contraction covers two tokens: keep them together
            while hi < n and q[op.i1 + hi].start == qt.start and qt.expanded:
                hi += 1
            out.append(
                Difference("replace", qs(op.i1 + lo, op.i1 + hi), ds(op.j1 + lo, op.j1 + hi), note)
            )
            run_start = hi
        if run_start < n:
            out.append(
                Difference("equal", qs(op.i1 + run_start, op.i2), ds(op.j1 + run_start, op.j2))
            )
    # merge neighbours that cover the same characters (a contraction split over two tokens)
    merged: list[Difference] = []
    for dif in out:
        if (
            merged
            and dif.op == "replace"
            and merged[-1].op == "replace"
            and (dif.quote == merged[-1].quote or not dif.quote)
        ):
            continue
        merged.append(dif)
    return merged


def passage_differences(text: str, j: Judgement) -> list[Difference]:
    """A word diff of the quote against a paraphrased passage, for display."""
    from difflib import SequenceMatcher

    from verify.text.wording import prepare

    s, e = j.span
    src = j.doc.text
    q = prepare(text)
    d = prepare(src[s:e], s)
    sm = SequenceMatcher(None, [t.key for t in d], [t.key for t in q], autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        ss = src[d[i1].start : d[i2 - 1].end] if i2 > i1 else ""
        qs = text[q[j1].start : q[j2 - 1].end] if j2 > j1 else ""
        out.append(Difference(tag, qs, ss))
    return out


__all__ = ["Checker", "validate_quote", "error_result"]
