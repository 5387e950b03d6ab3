"""What a check needs loaded, loaded once: the store, the speaker registry and, only when
the wording search has not settled a quote, the embedding model and the vector index; plus
caches of documents and their tokens. Shared by every check a process runs; it holds no
state of any one check.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from pathlib import Path
from typing import Any

from verify.check.align import DocTokens
from verify.corpus.store import Store
from verify.models import Document

DOC_CACHE = 256  # documents (and their tokenized windows) kept between quotes
# documents longer than this are aligned in windows around the retrieval hits
WHOLE_DOC_CHARS = 8_000
WINDOW_CHARS = 600  # around each hit; at least 1.5 times the quote's length


class Resources:
    """The loaded store, registry, model and index, and the caches over them."""

    def __init__(
        self,
        store: Store | None = None,
        *,
        registry: Any = None,
        embedder: Any = None,
        index: Any = None,
        index_dir: Path | None = None,
    ):
        self.store = store if store is not None else Store(create=False)
        self.index_dir = index_dir  # None: the settings' (VERIFY_HOME/vectors)
        self._registry = registry
        self._embedder = embedder
        self._index = index
        self._docs: OrderedDict[tuple, tuple[Document, DocTokens, list[tuple[int, int]]]] = (
            OrderedDict()
        )
        self._doc_objects: OrderedDict[int, Document] = OrderedDict()
        self._n_passages: int | None = None
        self._same_cache: dict[tuple[str, str, str], bool] = {}

    # ----------------------------------------------------------------- loaded once

    @property
    def registry(self) -> Any:
        if self._registry is None:
            from verify.knowledge.speakers import SpeakerRegistry

            self._registry = SpeakerRegistry.default()
        return self._registry

    def registry_or_none(self) -> Any:
        try:
            return self.registry
        except ImportError:
            return None

    def vector_index(self) -> Any:
        if self._index is None:
            from verify.corpus.index import VectorIndex

            self._index = VectorIndex.load(
                self.store,
                model=self._embedder.name if self._embedder else None,
                directory=self.index_dir,
            )
        return self._index

    def embedder(self) -> Any:
        if self._embedder is None:
            from verify.corpus.embed import load_embedder

            backend = self.vector_index().manifest.get("backend")
            self._embedder = load_embedder(backend=backend)
        return self._embedder

    # ----------------------------------------------------------------- cached lookups

    def canonical(self, speaker: str, date: str | None) -> str:
        try:
            return self.registry.canonical(speaker, date=date) or speaker.strip()
        except ImportError:
            return speaker.strip()

    def same_person(self, a: str, b: str, date: str | None) -> bool:
        key = (a, b, (date or "")[:7])
        hit = self._same_cache.get(key)
        if hit is None:
            reg = self.registry_or_none()
            hit = bool(reg.same_person(a, b, date=date)) if reg is not None else a == b
            if len(self._same_cache) > 50_000:
                self._same_cache.clear()
            self._same_cache[key] = hit
        return hit

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

    def tokens(
        self, doc_id: int, offsets: list[int] | None = None, quote_chars: int = 0
    ) -> tuple[Document, DocTokens, list[tuple[int, int]]]:
        """A document with its tokens and its turns' token bounds. Long documents are
        tokenized only in windows around ``offsets`` (where retrieval found the quote's
        words), short ones whole."""
        doc = self.document(doc_id)
        windows = None
        if len(doc.text) > WHOLE_DOC_CHARS and offsets:
            windows = windows_around(offsets, len(doc.text), quote_chars)
        key = (doc_id, tuple(windows) if windows else None)
        hit = self._docs.get(key)
        if hit is not None:
            self._docs.move_to_end(key)
            return hit
        dt = DocTokens(doc.text, windows)
        bounds = [(dt.token_at(t.start), dt.token_at(t.end)) for t in doc.turns]
        dt.turn_speakers = [t.speaker for t in doc.turns]
        self._docs[key] = (doc, dt, bounds)
        if len(self._docs) > DOC_CACHE:
            self._docs.popitem(last=False)
        return self._docs[key]

    def idf(self, terms: set[str]) -> dict[str, float]:
        """Inverse passage frequency of each term."""
        if self._n_passages is None:
            self._n_passages = max(1, self.store.count("passages"))
        freq = self.store.term_frequencies(sorted(terms))
        return {t: math.log((self._n_passages + 1) / (freq.get(t, 0) + 1)) for t in terms}


def windows_around(offsets: list[int], n: int, quote_chars: int = 0) -> list[tuple[int, int]]:
    """Merged character windows around retrieval hits in a text of ``n`` characters."""
    w = max(WINDOW_CHARS, int(1.5 * quote_chars))
    spans = sorted((max(0, o - w), min(n, o + w)) for o in offsets)
    merged: list[list[int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]
