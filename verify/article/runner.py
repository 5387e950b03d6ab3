"""Articles in, reports out: extract every quote and claim of an article, check each against
the corpus, trace its provenance, and keep the article as a secondary document.

Bulk runs append each finished article to a results file as it completes, so an
interrupted run resumes where it stopped; one bad article never stops the rest.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from verify.article.quotes.words import OBJECT_PRONOUNS, PRONOUNS
from verify.corpus.store import content_hash
from verify.errors import InputError, VerifyError
from verify.models import Article, ArticleReport, DocumentRecord, QuoteCheck, QuoteResult

# An article is a news story, not a book: beyond these sizes a run would take hours.
MAX_ARTICLE_CHARS = 1_000_000
MAX_CHECKS_PER_ARTICLE = 300
# a quoted term (ExtractedQuote.term: three words or fewer with no cue) is reported where
# the speaker's own words on the occasion hold it, as the words or in other words
TERM_HELD = frozenset(("verbatim", "minor", "altered", "paraphrase", "composite"))


def article_key(article: Article) -> str:
    if article.url:
        return article.url
    digest = hashlib.sha1(article.text.encode("utf-8")).hexdigest()[:16]
    return f"{article.origin or 'article'}#{digest}"


def iter_inputs(
    source: str, *, outlet: str | None = None, date: str | None = None, url: str | None = None
) -> Iterator[Article | VerifyError]:
    """Articles from a file, URL, '-', folder or JSONL of many; errors are yielded, not raised,
    so a bulk run can report them and go on."""
    from verify.article.inputs import iter_articles

    for item in iter_articles(source):
        if isinstance(item, Article):
            if outlet and not item.outlet:
                item.outlet = outlet
            if date and not item.date:
                item.date = date
            if url and not item.url:
                item.url = url
        yield item


_BARE_PRONOUNS = PRONOUNS | OBJECT_PRONOUNS | {"you"}


def claimed_speaker(ex: Any) -> str | None:
    """Who the article says spoke: the resolved speaker, else the mention as written ("a UN
    spokesperson", an unknown name), but never a pronoun left unresolved ("he"): that names
    nobody, and checking the words against "he" would call them someone else's."""
    if ex.speaker:
        return ex.speaker
    mention = (ex.speaker_mention or "").strip()
    if not mention or mention.lower() in _BARE_PRONOUNS:
        return None
    return mention


def event_ids(events: dict[str, Any], key: str | None) -> tuple[int, ...]:
    """The documents a speaker's quotes are judged in first: their own event's candidates,
    ranked; for a speaker with no occasion of their own (no transcript of theirs those days),
    the occasions the article's institutions resolved, each one's best: a readout is the
    institution's account of everyone in the call ("Biden focused on what he called
    'threatening' movements", from the Kremlin's readout of the video call). Another
    person's occasion is not (a reporter quoting the governor in a press secretary's
    briefing is no account of the governor's words)."""
    from verify.check.verdict import institution

    event = events.get(key) if key else None
    if event is not None and event.candidates:
        return event.ranked_ids
    return tuple(
        dict.fromkeys(
            e.best.doc_id
            for speaker, e in events.items()
            if e.best is not None and institution(speaker)
        )
    )


class ArticleRunner:
    def __init__(
        self,
        checker: Any = None,
        *,
        store_article: bool = True,
        claims: bool = True,
    ):
        if checker is None:
            from verify.check.pipeline import Checker

            checker = Checker()
        self.checker = checker
        self.store_article = store_article
        self.claims = claims

    # ------------------------------------------------------------------ one article

    def _own_documents(self, article: Article) -> set[int]:
        """Ids of stored copies of this article (to keep it from confirming itself)."""
        return self.checker.store.documents_matching(content_hash(article.text), article.url)

    def check_article(self, article: Article) -> ArticleReport:
        from verify.article.extract import extract_quotes
        from verify.article.provenance import trace

        report = ArticleReport(article=article)
        if not article.text or not article.text.strip():
            report.errors.append("The article has no text.")
            return report
        if len(article.text) > MAX_ARTICLE_CHARS:
            report.errors.append(
                f"The article is {len(article.text):,} characters long; the limit is "
                f"{MAX_ARTICLE_CHARS:,}. Split it into its parts and check them separately."
            )
            return report
        exclude = self._own_documents(article)
        quotes = extract_quotes(
            article.text,
            claims=self.claims,
            outlet=article.outlet,
            date=article.date,
            terms=True,
        )
        # the quotations that resolve the article's occasions: not its quoted terms
        direct = [q for q in quotes if q.kind == "quote" and not q.term]
        if len(quotes) > MAX_CHECKS_PER_ARTICLE:
            report.errors.append(
                f"{len(quotes):,} quotes and claims found; only the first "
                f"{MAX_CHECKS_PER_ARTICLE} were checked."
            )
            quotes = quotes[:MAX_CHECKS_PER_ARTICLE]
        events = self._events(article, direct, exclude)
        report.events = [e.to_json() for e in events.values() if e.candidates]
        checked_claims: set[tuple[str, str | None]] = set()
        for ex in quotes:
            text = ex.text
            if ex.kind == "claim":
                if _restates_quote(ex, direct):
                    continue
                # checked as its sentence; two cues of one speaker in one sentence ("X said
                # that A, and she accused B of C") are one statement: checked once
                text = claim_context(article.text, ex)
                key = (text, claimed_speaker(ex))
                if key in checked_claims:
                    continue
                checked_claims.add(key)
            try:
                speaker = claimed_speaker(ex)
                result = self._check(
                    text,
                    speaker,
                    article.date,
                    exclude,
                    event_ids(events, self._event_key(speaker, article.date)),
                )
                ex, result = self._reread(article, ex, result, events, exclude)
                prov = trace(
                    self._check_via,
                    self.checker.store.has_publisher,
                    ex,
                    result,
                    article,
                    exclude=exclude,
                )
            except InputError as exc:
                from verify.check.result import not_checked
                from verify.models import Provenance

                item = {"quote": ex.text, "speaker": ex.speaker, "date": article.date}
                result = not_checked(item, exc)

                prov = Provenance(statement="Not checked.", via=ex.via)
            if ex.term and result.verdict not in TERM_HELD and not result.error:
                # a term in quotation marks that the speaker's words do not hold: the
                # writer's word, not a quotation to report (listed, not checked); one that
                # could not be checked stays, with what went wrong
                report.terms_left_out.append(
                    {
                        "text": ex.text,
                        "start": ex.start,
                        "end": ex.end,
                        "speaker": ex.speaker,
                        "verdict": result.verdict,
                    }
                )
                continue
            report.checks.append(QuoteCheck(ex, result, prov))
        from verify.factcheck.match import attach

        attach(report.checks)  # prior fact checks, when there is a fact-check archive
        if self.store_article:
            report.doc_id = self._store(article)
        return report

    def _surnames(self, name: str) -> list[str]:
        reg = self.checker.resources.registry_or_none()
        person = reg.person(name) if reg is not None else None
        names = list(person.surnames) if person is not None else []
        return names or [name.split()[-1]]

    def _reread(
        self,
        article: Article,
        ex: Any,
        result: QuoteResult,
        events: dict[str, Any],
        exclude: set[int],
    ) -> tuple[Any, QuoteResult]:
        """The quote read as the words of the person whose own turn holds them, when the
        article names that person beside it (:mod:`verify.article.reread`); else as it was."""
        from dataclasses import replace

        from verify.article.reread import reread_speaker

        other = reread_speaker(article.text, ex, result, self._surnames)
        if other is None:
            return ex, result
        again = self._check(
            ex.text,
            other,
            article.date,
            exclude,
            event_ids(events, self._event_key(other, article.date)),
        )
        if again.verdict in ("misattributed", "not_found"):
            return ex, result
        gave = result.claimed_speaker or "nobody"
        if other == "reporter":
            why = (
                "the words are a reporter's question in the transcript, and the article "
                f"speaks of a question beside them (the attribution rules gave {gave})"
            )
        else:
            where = "in the article" if ex.speaker_inferred else "beside them"
            why = (
                f"the words are {other}'s own, and the article names {other} {where} "
                f"(the attribution rules gave {gave})"
            )
        again.explanation = f"Read as {other}'s: {why}. " + again.explanation
        return replace(ex, speaker=other, speaker_inferred=True), again

    def _event_key(self, speaker: str | None, date: str | None) -> str | None:
        """Whose event a quote belongs to: the canonical speaker, and for an institution
        the publisher it speaks in ("Moscow", "Russia" and "the Kremlin" are one speaker,
        the Kremlin, with one event)."""
        from verify.check.verdict import institution

        name = self._canonical(speaker, date)
        return (institution(name) or name) if name else None

    def _canonical(self, speaker: str | None, date: str | None) -> str | None:
        if not speaker or not speaker.strip():
            return None
        return self.checker.resources.canonical(speaker, date)

    def _events(self, article: Article, direct: list[Any], exclude: set[int]) -> dict[str, Any]:
        """The article's events, once per article: {canonical speaker: Event}."""
        from verify.article.event import resolve_events
        from verify.check.verdict import institution

        pairs = [(self._event_key(claimed_speaker(q), article.date), q.text) for q in direct]
        try:
            return resolve_events(
                self.checker.store,
                article.text,
                article.date,
                [(s, t) for s, t in pairs if s],
                institution=institution,
                exclude=exclude,
            )
        except VerifyError:
            return {}

    def _check(
        self,
        text: str,
        speaker: str | None,
        date: str | None,
        exclude: set[int],
        event: tuple[int, ...],
    ) -> QuoteResult:
        """One quote or claim of the article, its speaker's event transcripts looked at
        first."""
        from verify.check.pipeline import check
        from verify.check.request import make_request

        req = make_request(
            text,
            speaker,
            date,
            exclude=exclude,
            canonical=self.checker.resources.canonical,
            event=event,
        )
        return check(self.checker.resources, req, semantic=self.checker.semantic)

    def _check_via(
        self, text: str, speaker: str | None, date: str | None, via: str, exclude: set[int] | None
    ) -> QuoteResult:
        """The quote checked against the credited outlet's documents only."""
        return self.checker.check_quote(
            text, speaker=speaker, date=date, publisher=via, exclude=exclude
        )

    def _store(self, article: Article) -> int | None:
        from verify.corpus.ingest import store_record

        record = DocumentRecord(
            text=article.text,
            url=article.url,
            title=article.title,
            date=article.date,
            publisher=article.outlet or "unknown outlet",
            kind="secondary",
            origin=article.origin,
            meta={"stored_by": "verify article"},
        )
        return store_record(self.checker.store, record).doc_id

    # ------------------------------------------------------------------ many articles

    def run(
        self,
        inputs: Iterable[Article | VerifyError],
        *,
        results: Path | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> Iterator[ArticleReport]:
        """Check each article; with ``results``, skip the ones already finished there and
        append each new one as it completes."""
        done = _load_done(results) if results else {}
        out = open(results, "a", encoding="utf-8") if results else None
        try:
            for item in inputs:
                if isinstance(item, VerifyError):
                    bad = Article(text="", origin=getattr(item, "origin", None) or "input")
                    rep = ArticleReport(article=bad, errors=[_message(item)])
                    yield rep
                    if progress:
                        progress(1)
                    continue
                key = article_key(item)
                if key in done:
                    yield done[key]
                    if progress:
                        progress(1)
                    continue
                try:
                    rep = self.check_article(item)
                except VerifyError as exc:
                    rep = ArticleReport(article=item, errors=[_message(exc)])
                if out is not None and (rep.checks or not rep.errors):
                    row = rep.to_json()
                    row["key"] = key
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
                    out.flush()
                    os.fsync(out.fileno())
                yield rep
                if progress:
                    progress(1)
        finally:
            if out is not None:
                out.close()


_DATELINE = re.compile(r"[A-Z][A-Z .,'-]{1,40}(?:\([^)]{1,40}\))?\s*[\u2013\u2014-]+\s*")


def claim_context(text: str, claim: Any, max_chars: int = 600) -> str:
    """What to check for a reported claim: the whole sentence that carries it (a claim's
    content alone, "to hold talks to discuss them", loses what the sentence is about)."""
    from verify.text.tokens import split_sentences

    lo = text.rfind("\n\n", 0, claim.start)
    hi = text.find("\n\n", claim.end)
    lo = 0 if lo < 0 else lo
    hi = len(text) if hi < 0 else hi
    spans = [(a, b) for a, b in split_sentences(text, lo, hi) if a < claim.end and b > claim.start]
    if not spans:
        return claim.text
    start = spans[0][0]
    dateline = _DATELINE.match(text, start, claim.start)
    if dateline:
        start = dateline.end()  # "TEHRAN (Tasnim) – " is not part of what was said
    sentence = text[start : spans[-1][1]]
    return sentence if len(sentence) <= max_chars else claim.text


def _restates_quote(claim: Any, quotes: list[Any], min_words: int = 6) -> bool:
    """A claim that is a direct quote plus a few framing words ('there would be "…"',
    '"…," the spokesman explained') adds nothing to checking the quote itself."""
    inside = [q for q in quotes if q.start < claim.end and q.end > claim.start]
    if not inside:
        return False
    rest = claim.text
    for q in sorted(inside, key=lambda q: -q.start):
        a = max(0, q.start - claim.start)
        b = min(len(rest), q.end - claim.start)
        rest = rest[:a] + " " + rest[b:]
    return len([w for w in rest.split() if any(c.isalnum() for c in w)]) < min_words


def _message(exc: VerifyError) -> str:
    return exc.message + (f" {exc.hint}" if exc.hint else "")


def _load_done(path: Path) -> dict[str, ArticleReport]:
    """Finished articles of an earlier run, by key (a torn last line is ignored)."""
    if not path.exists():
        return {}
    from verify.report import report_from_json

    done: dict[str, ArticleReport] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            try:
                row = json.loads(line)
                done[row["key"]] = report_from_json(row)
            except (ValueError, KeyError, VerifyError):
                continue
    return done
