"""The vector index: passage embeddings in faiss, plus a manifest that ties them to the
model and the store they were built from.

Layout under ``VERIFY_HOME/vectors/``: ``manifest.json`` and the faiss file it names.
A build writes a new faiss file and then replaces the manifest atomically, so an
interrupted build leaves the last good index in place; long builds checkpoint as they go.
faiss is imported inside the functions that need it.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from verify import config
from verify.corpus.store import Store
from verify.errors import IndexMismatchError, IndexMissingError

MANIFEST = "manifest.json"
FORMAT = 1


def read_manifest(directory: Path | None = None) -> dict[str, Any] | None:
    path = (directory or config.index_dir()) / MANIFEST
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise IndexMismatchError(
            f"The index manifest {path} is unreadable ({exc}).",
            "Rebuild the index: verify index build --rebuild",
        ) from exc


def _write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    with open(tmp, "w") as fh:
        json.dump(data, fh, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def check_manifest(manifest: dict[str, Any] | None, store: Store, model: str) -> dict[str, Any]:
    """Raise a clear error when the index is missing or belongs to another model or store."""
    if manifest is None:
        raise IndexMissingError(
            f"No vector index in {config.index_dir()}.", "Run: verify index build"
        )
    if manifest.get("model") != model:
        raise IndexMismatchError(
            f"The index was built with the model {manifest.get('model')!r}, "
            f"but the current model is {model!r}.",
            "Rebuild it: verify index build --rebuild (or set VERIFY_MODEL to the index's model).",
        )
    if manifest.get("store_id") != store.store_id:
        raise IndexMismatchError(
            "The index was built from another corpus store.",
            "Rebuild it: verify index build --rebuild",
        )
    return manifest


@dataclass
class BuildReport:
    embedded: int
    total: int
    seconds: float
    model: str
    backend: str
    up_to_date: bool = False

    @property
    def per_second(self) -> float:
        return self.embedded / self.seconds if self.seconds > 0 else 0.0


def build(
    store: Store,
    *,
    embedder: Any = None,
    rebuild: bool = False,
    directory: Path | None = None,
    batch: int = 2048,
    checkpoint_every: int = 20000,
    on_start: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> BuildReport:
    """Embed every current passage not yet in the index and save the index.

    Incremental by default (passages with ids above the manifest's high-water mark);
    ``rebuild`` starts from scratch. Checkpoints every ``checkpoint_every`` passages.
    """
    import faiss
    import numpy as np

    from verify.corpus.embed import load_embedder

    directory = directory or config.index_dir()
    directory.mkdir(parents=True, exist_ok=True)
    manifest = None if rebuild else read_manifest(directory)
    if embedder is None:
        backend = manifest.get("backend") if manifest else None
        embedder = load_embedder(backend=backend)
    if manifest is not None:
        check_manifest(manifest, store, embedder.name)
        index = faiss.read_index(str(directory / manifest["index_file"]))
        after = manifest["max_passage_id"]
    else:
        index = faiss.IndexIDMap2(faiss.IndexFlatIP(embedder.dimension))
        after = 0
    todo = store.db.execute(
        "SELECT count(*) FROM passages p JOIN documents d ON d.id=p.doc_id "
        "WHERE d.is_current=1 AND p.id>?",
        (after,),
    ).fetchone()[0]
    if on_start:
        on_start(todo)
    t0 = time.perf_counter()
    done = 0
    since_checkpoint = 0
    max_id = after
    buf_ids: list[int] = []
    buf_texts: list[str] = []

    def flush() -> None:
        nonlocal done, since_checkpoint, max_id
        if not buf_ids:
            return
        vecs = embedder.encode(buf_texts, progress=on_progress)
        index.add_with_ids(
            np.ascontiguousarray(vecs, dtype="float32"), np.asarray(buf_ids, dtype="int64")
        )
        done += len(buf_ids)
        since_checkpoint += len(buf_ids)
        max_id = max(max_id, buf_ids[-1])
        buf_ids.clear()
        buf_texts.clear()

    def checkpoint() -> None:
        nonlocal since_checkpoint
        _save(index, directory, store, embedder, max_id)
        since_checkpoint = 0

    for passage in store.iter_passages(after_id=after):
        buf_ids.append(passage.id)
        buf_texts.append(passage.text)
        if len(buf_ids) >= batch:
            flush()
            if since_checkpoint >= checkpoint_every:
                checkpoint()
    flush()
    # the high-water mark covers passages of superseded versions too
    max_id = max(max_id, store.max_passage_id())
    missing_search = index.ntotal >= IVF_MIN_VECTORS and not (manifest or {}).get("search_file")
    if done or manifest is None or max_id != after or missing_search:
        checkpoint()
    return BuildReport(
        done,
        index.ntotal,
        time.perf_counter() - t0,
        embedder.name,
        embedder.backend,
        up_to_date=(todo == 0),
    )


def _save(index: Any, directory: Path, store: Store, embedder: Any, max_id: int) -> None:
    import faiss

    old = read_manifest(directory)
    name = f"index-{uuid.uuid4().hex[:12]}.faiss"
    tmp = directory / f".{name}.tmp"
    faiss.write_index(index, str(tmp))
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, directory / name)
    search_name = None
    if index.ntotal >= IVF_MIN_VECTORS:
        search_name = name.replace("index-", "search-")
        ivf = _ivf_copy(index)
        tmp = directory / f".{search_name}.tmp"
        faiss.write_index(ivf, str(tmp))
        os.replace(tmp, directory / search_name)
    manifest = {
        "format": FORMAT,
        "model": embedder.name,
        "backend": embedder.backend,
        "dimension": embedder.dimension,
        "metric": "inner_product",
        "passages": int(index.ntotal),
        "max_passage_id": int(max_id),
        "store_id": store.store_id,
        "store_hash": f"{store.store_id}:{max_id}",
        "index_file": name,
        "search_file": search_name,
        "nprobe": IVF_NPROBE if search_name else None,
        "built_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    _write_json_atomic(directory / MANIFEST, manifest)
    for key in ("index_file", "search_file"):
        if old and old.get(key) and old[key] not in (name, search_name):
            try:
                (directory / old[key]).unlink()
            except OSError:
                pass
    for stale in directory.glob(".index-*.tmp"):
        try:
            stale.unlink()
        except OSError:
            pass


# Large indexes are also saved as an inverted-file copy for search (IVF, exact vectors in
# each list): about a millisecond per query instead of a scan of every vector. The flat
# index stays the authoritative copy that incremental builds add to.
IVF_MIN_VECTORS = 100_000
IVF_NPROBE = 24


def _ivf_copy(index: Any) -> Any:
    import faiss
    import numpy as np

    inner = faiss.downcast_index(index.index)
    n, d = index.ntotal, index.d
    vectors = faiss.rev_swig_ptr(inner.get_xb(), n * d).reshape(n, d).copy()
    ids = faiss.vector_to_array(index.id_map).astype("int64")
    nlist = int(4 * np.sqrt(n))
    quantizer = faiss.IndexFlatIP(d)
    ivf = faiss.IndexIVFFlat(quantizer, d, nlist, faiss.METRIC_INNER_PRODUCT)
    rng = np.random.default_rng(0)
    sample = vectors[rng.choice(n, size=min(n, 40 * nlist), replace=False)]
    ivf.train(sample)
    ivf.add_with_ids(vectors, ids)
    return ivf


class VectorIndex:
    """A loaded faiss index with its manifest, searchable by quote embeddings."""

    def __init__(self, index: Any, manifest: dict[str, Any]):
        self.index = index
        self.manifest = manifest

    @classmethod
    def load(
        cls, store: Store, *, model: str | None = None, directory: Path | None = None
    ) -> VectorIndex:
        import faiss

        from verify.corpus.embed import model_identity

        directory = directory or config.index_dir()
        manifest = read_manifest(directory)
        check_manifest(manifest, store, model or model_identity())
        path = directory / (manifest.get("search_file") or manifest["index_file"])
        if not path.exists():
            raise IndexMissingError(
                f"The index file {path} named by the manifest is missing.",
                "Rebuild it: verify index build --rebuild",
            )
        index = faiss.read_index(str(path))
        # one query at a time: a single thread answers sooner than two (measured here)
        faiss.omp_set_num_threads(int(os.environ.get("VERIFY_FAISS_THREADS", "1")))
        if manifest.get("search_file"):
            ivf = faiss.extract_index_ivf(index)
            ivf.nprobe = int(manifest.get("nprobe") or IVF_NPROBE)
            # so that vectors can be read back by passage id (ids are not sequential)
            ivf.set_direct_map_type(faiss.DirectMap.Hashtable)
        return cls(index, manifest)

    def stale(self, store: Store) -> int:
        """Current passages that are not in the index yet."""
        return store.db.execute(
            "SELECT count(*) FROM passages p JOIN documents d ON d.id=p.doc_id "
            "WHERE d.is_current=1 AND p.id>?",
            (self.manifest["max_passage_id"],),
        ).fetchone()[0]

    def search(self, vectors: Any, k: int) -> list[list[tuple[int, float]]]:
        import numpy as np

        q = np.ascontiguousarray(vectors, dtype="float32")
        if q.ndim == 1:
            q = q[None, :]
        scores, ids = self.index.search(q, k)
        return [
            [(int(i), float(s)) for i, s in zip(row_ids, row_s, strict=True) if i >= 0]
            for row_ids, row_s in zip(ids, scores, strict=True)
        ]

    def vectors(self, ids: list[int]) -> Any:
        """The stored vectors of passages ``ids`` (zeros for ids not in the index). One
        batched call (6,000 vectors in ~5 ms); one call per id only when some are missing."""
        import numpy as np

        if not ids:
            return np.zeros((0, self.index.d), dtype="float32")
        try:
            return self.index.reconstruct_batch(np.asarray(ids, dtype="int64"))
        except RuntimeError:  # an id not in the index (a passage added since the build)
            pass
        out = np.zeros((len(ids), self.index.d), dtype="float32")
        for k, i in enumerate(ids):
            try:
                out[k] = self.index.reconstruct(int(i))
            except RuntimeError:
                pass
        return out


def index_status(store: Store, directory: Path | None = None) -> dict[str, Any]:
    manifest = read_manifest(directory)
    if manifest is None:
        return {"built": False, "pending": store.count("passages", current_only=True)}
    pending = store.db.execute(
        "SELECT count(*) FROM passages p JOIN documents d ON d.id=p.doc_id "
        "WHERE d.is_current=1 AND p.id>?",
        (manifest.get("max_passage_id", 0),),
    ).fetchone()[0]
    return {"built": True, "pending": pending, **manifest}
