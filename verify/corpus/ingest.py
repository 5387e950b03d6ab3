"""Ingestion: files -> records (sources) -> turns (turns) -> sentences/passages (chunk) -> store.

One document is one transaction. A bad file or row is reported and skipped (or, with
``strict``, stops the run); documents stored before it stay stored.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from verify.corpus.chunk import chunk
from verify.corpus.store import Store
from verify.errors import InputError, SourceError
from verify.models import DocumentRecord

KINDS = ("primary", "secondary")


@dataclass
class IngestReport:
    added: int = 0
    new_versions: int = 0
    unchanged: int = 0
    turns: int = 0
    passages: int = 0
    chars: int = 0
    errors: list[SourceError] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (origin, reason)
    seconds: float = 0.0
    stopped_early: bool = False
    fingerprinted: int = 0  # documents of an older store given their fingerprints first
    credited: int = 0  # unlabelled documents of an older store credited to their authors

    @property
    def documents(self) -> int:
        return self.added + self.new_versions + self.unchanged

    def to_json(self) -> dict:
        return {
            "documents": self.documents,
            "added": self.added,
            "new_versions": self.new_versions,
            "unchanged": self.unchanged,
            "turns": self.turns,
            "passages": self.passages,
            "chars": self.chars,
            "seconds": round(self.seconds, 2),
            "errors": [{"origin": e.origin, "message": e.message} for e in self.errors],
            "skipped": [{"origin": o, "reason": r} for o, r in self.skipped],
            "stopped_early": self.stopped_early,
        }


def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def validate_kind(kind: str | None) -> str | None:
    if kind is not None and kind not in KINDS:
        raise InputError(
            f"Unknown kind {kind!r}.", "Use --kind primary (official) or --kind secondary (media)."
        )
    return kind


def store_record(store: Store, record: DocumentRecord):
    """Segment, chunk and store one record; returns the store's AddResult."""
    from verify.corpus.authors import record_author, with_author
    from verify.corpus.turns import segment

    turns = segment(record.text, publisher=record.publisher, date=record.date)
    # a statement, a prepared speech, an article: no label, the title names whose words
    turns = with_author(record.text, turns, record_author(record))
    sentences, passages = chunk(record.text, turns)
    return store.add_document(record, turns, sentences, passages)


# An ingest that added at least this many passages merges the full-text index afterwards
# (Store.optimize_fts: about 1 s per 400k passages here); smaller ones leave it to FTS5's
# own incremental merging.
OPTIMIZE_AFTER = 10_000


def ingest_records(
    records: Iterable[object],
    store: Store,
    *,
    publisher: str | None = None,
    kind: str | None = None,
    strict: bool = False,
    on_event: Callable[[str, object], None] | None = None,
    original_language: str | None = None,
    merge_index: bool = True,
) -> IngestReport:
    """Store every DocumentRecord of ``records``; collect SourceErrors and Skipped notices.

    ``merge_index``: merge the full-text index afterwards when OPTIMIZE_AFTER passages or more
    were added (False: the caller merges once after several ingests).

    ``on_event(kind, payload)`` is called with ("document", AddResult), ("error", SourceError)
    and ("skipped", Skipped) so a caller can show progress and problems as they happen.
    """
    from verify.corpus.sources import Skipped
    from verify.knowledge.publishers import find as find_publisher

    validate_kind(kind)
    report = IngestReport()
    t0 = time.perf_counter()
    try:
        # a store made before the exact-wording fingerprints existed gets them first
        report.fingerprinted = store.build_shingles()
        # and its unlabelled documents credited to the authors their titles name
        from verify.corpus.authors import credit_authors

        report.credited = credit_authors(store)
        for item in records:
            if isinstance(item, SourceError):
                report.errors.append(item)
                if on_event:
                    on_event("error", item)
                if strict:
                    report.stopped_early = True
                    break
                continue
            if isinstance(item, Skipped):
                report.skipped.append((item.origin, item.reason))
                if on_event:
                    on_event("skipped", item)
                continue
            assert isinstance(item, DocumentRecord)
            if publisher:
                item.publisher = publisher
            if kind:
                item.kind = kind
            if not item.kind:
                item.kind = "primary"
            if original_language:
                item.meta["original_language"] = original_language
            elif "original_language" not in item.meta:
                # a translated publisher's transcripts (publishers.toml) are translations
                known = find_publisher(item.publisher)
                if known is not None and known.original_language:
                    item.meta["original_language"] = known.original_language
            if not item.text or not item.text.strip():
                err = SourceError(
                    f"{item.origin or 'a record'}: no text.",
                    "Check the text column mapping (--map text=COLUMN).",
                    origin=item.origin,
                )
                report.errors.append(err)
                if on_event:
                    on_event("error", err)
                if strict:
                    report.stopped_early = True
                    break
                continue
            result = store_record(store, item)
            if result.status == "added":
                report.added += 1
            elif result.status == "new_version":
                report.new_versions += 1
            else:
                report.unchanged += 1
            report.turns += result.turns
            report.passages += result.passages
            report.chars += len(item.text)
            if on_event:
                on_event("document", result)
        if merge_index and report.passages >= OPTIMIZE_AFTER:
            store.optimize_fts()
    finally:
        report.seconds = time.perf_counter() - t0
    return report


def ingest_paths(
    paths: list[str],
    store: Store,
    *,
    fmt: str = "auto",
    mapping: dict[str, str] | None = None,
    publisher: str | None = None,
    kind: str | None = None,
    language: str = "en",
    strict: bool = False,
    on_event: Callable[[str, object], None] | None = None,
    original_language: str | None = None,
    merge_index: bool = True,
) -> IngestReport:
    """Ingest files, directories (recursively) or globs into ``store`` (``merge_index``: as
    in :func:`ingest_records`)."""
    from verify.corpus.sources import iter_records

    validate_kind(kind)
    records = iter_records(
        paths, fmt=fmt, mapping=mapping, publisher=publisher, kind=kind, language=language
    )
    return ingest_records(
        records,
        store,
        publisher=publisher,
        kind=kind,
        strict=strict,
        on_event=on_event,
        original_language=original_language,
        merge_index=merge_index,
    )


def ingest_sources(
    store: Store,
    *,
    names: list[str] | None = None,
    demo: bool = False,
    strict: bool = False,
    on_event: Callable[[str, object], None] | None = None,
) -> dict[str, IngestReport]:
    """Ingest the sources declared in corpora/sources.toml (all, or ``names``); the
    full-text index is merged once at the end, not after each source."""
    from verify.corpus.sourcelist import get_source, load_sources

    sources = [get_source(n) for n in names] if names else load_sources()
    out: dict[str, IngestReport] = {}
    for src in sources:
        paths = src.paths(demo=demo)
        if not paths:
            continue
        out[src.name] = ingest_paths(
            paths,
            store,
            fmt=src.format,
            mapping=src.map or None,
            publisher=src.publisher,
            kind=src.kind,
            language=src.language,
            strict=strict,
            on_event=on_event,
            original_language=src.original_language,
            merge_index=False,
        )
    if sum(r.passages for r in out.values()) >= OPTIMIZE_AFTER:
        store.optimize_fts()
    return out
