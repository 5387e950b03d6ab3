"""The quote-checking pipeline: request -> wording -> (meaning) -> decision -> QuoteResult.

:func:`check` wires the stages; each returns a value and none keeps state of the check:

1. :func:`verify.check.request.make_request` validates and freezes what is asked;
2. :func:`verify.check.lexical.lexical_stage` finds and judges documents by their words;
3. :func:`verify.check.decide.decide_wording` settles the quote if the words are there;
4. otherwise :func:`verify.check.semantic.semantic_retrieval` finds passages by meaning (and
   judges by wording the documents only it found), then
   :func:`verify.check.semantic.semantic_candidates` scores the closest;
5. :func:`verify.check.decide.decide` is the pure decision over all of it;
6. :func:`verify.check.appearances.find_appearances` lists where else the source words are,
   and :func:`verify.check.result.build_result` renders the QuoteResult.

:class:`Checker` holds the loaded :class:`~verify.check.resources.Resources` (store,
registry, model, index, caches) so a batch, the web server or an article run pays for them
once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from verify.check.appearances import earliest_primary, find_appearances
from verify.check.decide import (
    FRAGMENT_WORDS,
    WORDING,
    WORDING_FAR,
    Decision,
    decide,
    decide_wording,
    event_rewording,
    event_wording,
    off_event_fragment,
    rank_wording,
)
from verify.check.lexical import lexical_stage
from verify.check.request import CheckRequest, make_request, validate_quote
from verify.check.resources import Resources
from verify.check.result import build_result, not_checked
from verify.check.semantic import semantic_candidates, semantic_retrieval
from verify.corpus.store import Store
from verify.errors import IndexMissingError, InputError, VerifyError
from verify.models import QuoteResult


def check(res: Resources, req: CheckRequest, *, semantic: bool = True) -> QuoteResult:
    """Judge one quote against the store (and, when its wording is not there, the index)."""
    lexical = lexical_stage(res, req)
    decision = decide_wording(lexical.judgements, req.claimed, req.date)
    fragment = req.n_words <= FRAGMENT_WORDS
    if decision is not None and semantic and off_event_fragment(decision, req.event, fragment):
        decision = _event_first(res, req, decision, lexical)
    if decision is None:
        if not semantic:
            raise IndexMissingError(
                "The quote's wording is not in the store and semantic search is off.",
                "Build the vector index (verify index build) to look for paraphrases.",
            )
        found = semantic_retrieval(res, req, lexical)
        judgements = lexical.judgements + [j for j in found.judged.values() if j is not None]
        decision = decide_wording(judgements, req.claimed, req.date)
        if decision is not None and off_event_fragment(decision, req.event, fragment):
            decision = _event_first(res, req, decision, lexical, found)
        if decision is None:
            candidates = semantic_candidates(res, req, found)
            decision = decide(
                judgements,
                candidates,
                req.claimed,
                req.date,
                fragment=fragment,
            )
    return render(res, req, decision)


def _event_first(
    res: Resources,
    req: CheckRequest,
    decision: Decision,
    lexical: Any,
    found: Any = None,
) -> Decision:
    """A fragment's words found on another day (:func:`off_event_fragment`): the claimed
    speaker's turn of the resolved event comes first, its words there among those judged by
    wording (before the meaning stage ran), else its rewording there; else ``decision``."""
    if found is None:
        inside = event_wording(decision, req.event, req.claimed)
        if inside is not None:
            return inside
        found = semantic_retrieval(res, req, lexical)
    if found.reworded is None:
        return decision
    extra = [j for j in found.judged.values() if j is not None]
    if extra:
        # the fragment's words in the claimed speaker's sentence of the event, in some form
        widened = replace(
            decision, ranked=tuple(rank_wording(list(decision.ranked) + extra, req.date))
        )
        inside = event_wording(widened, req.event, req.claimed)
        if inside is not None:
            return inside
    return event_rewording(decision, semantic_candidates(res, req, found), req.event)


def render(res: Resources, req: CheckRequest, decision: Decision) -> QuoteResult:
    appearances = None
    if decision.kind in (WORDING, WORDING_FAR):
        appearances = find_appearances(res, req, seed=list(decision.ranked), best=decision.chosen)
    n_documents = res.store.count("documents", current_only=True) if decision.chosen is None else 0
    return build_result(req, decision, appearances, n_documents)


class Checker:
    """Checks quotes against one store; loads the model and index only when needed.

    ``semantic=False`` checks wording only (no model, no index)."""

    def __init__(
        self,
        store: Store | None = None,
        *,
        registry: Any = None,
        embedder: Any = None,
        index: Any = None,
        index_dir: Path | None = None,
        semantic: bool = True,
    ):
        self.resources = Resources(
            store, registry=registry, embedder=embedder, index=index, index_dir=index_dir
        )
        self.semantic = semantic

    @property
    def store(self) -> Store:
        return self.resources.store

    @property
    def registry(self) -> Any:
        return self.resources.registry

    def vector_index(self) -> Any:
        return self.resources.vector_index()

    def embedder(self) -> Any:
        return self.resources.embedder()

    def request(
        self,
        quote: str,
        speaker: str | None = None,
        date: str | None = None,
        *,
        id: str | None = None,
        top_k: int = 5,
        exclude: set[int] | None = None,
        publisher: str | None = None,
    ) -> CheckRequest:
        return make_request(
            quote,
            speaker,
            date,
            id=id,
            top_k=top_k,
            exclude=exclude,
            publisher=publisher,
            canonical=self.resources.canonical,
        )

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
        req = self.request(
            quote, speaker, date, id=id, top_k=top_k, exclude=exclude, publisher=publisher
        )
        return check(self.resources, req, semantic=self.semantic)

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
                yield not_checked(item, exc)
            finally:
                if progress:
                    progress()


# the names other modules have used
error_result = not_checked

__all__ = ["Checker", "check", "validate_quote", "error_result", "not_checked", "earliest_primary"]
