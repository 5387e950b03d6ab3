"""The desk's own reviews into the archive: the review → archive loop.

The workbench's ClaimReview export (``/api/export/claimreview``, ``verify report --format
claimreview``) is read like any ClaimReview document, so ``verify factcheck add export.json``
works; ``publish_claimreviews`` does the same from the workbench itself (``POST
/api/factchecks/publish``): each reviewed verdict becomes (a new version of) a fact check,
with its vectors, so later matches find it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from verify.factcheck.archive import AddReport, Archive
from verify.factcheck.readers import read_claimreview_text


def publish_claimreviews(
    text: str,
    *,
    publisher: str | None = None,
    path: Path | None = None,
    embedder: Any = None,
    origin: str = "workbench export",
) -> AddReport:
    """Add the ClaimReviews in ``text`` (a JSON-LD export) to the archive and embed them."""
    items = read_claimreview_text(text, origin, publisher=publisher)
    with Archive(path) as archive:
        report = archive.add_all(items)
        if report.added + report.updated:
            if embedder is None:
                from verify.corpus.embed import load_embedder

                embedder = load_embedder()
            archive.embed_missing(embedder)
    return report
