"""The vector index: passage embeddings in faiss, plus a manifest that ties them to the
model and the store they were built from, and records every file's size and checksum.

Layout under ``VERIFY_HOME/vectors/``: ``manifest.json`` and the files it names. A build
writes new files and then replaces the manifest atomically, so an interrupted build leaves
the last good index in place; long builds checkpoint as they go. faiss is imported inside
the functions that need it.

Two kinds, picked by size when an index is first built (``verify index build``; the
manifest records the kind and its parameters, and an incremental build keeps the kind):

- ``flat`` (below ``COMPRESSED_MIN_VECTORS``): every vector exact in a faiss
  ``IndexIDMap2(IndexFlatIP)``, the authoritative copy that incremental builds add to; from
  ``IVF_MIN_VECTORS`` on, an inverted-file copy with exact vectors (``search_file``) answers
  the queries in about a millisecond.
- ``ivf-pq`` (the default from ``COMPRESSED_MIN_VECTORS``: archives of millions of passages)
  and ``ivf-sq8``: an inverted file of compressed codes, trained on a random sample of the
  vectors: 4-bit product-quantiser codes scanned with SIMD "fast scan" (48 bytes a vector:
  0.5 GB at 10M) or 8-bit scalar-quantised vectors (384 bytes a vector: 3.9 GB at 10M,
  memory-mapped when searched). The exact float32 vectors are kept on disk
  (``vectors_file``, rows in passage-id order, ids in ``ids_file``), read back for an exact
  re-ranking of the candidates and by :meth:`VectorIndex.vectors`, so scores are exact.
  Incremental builds append to both and add to the trained index.

Damaged files: loading checks each file's size against the manifest (cheap: a stat); a
file faiss cannot read, or one whose size or content disagrees with the manifest, is an
:class:`IndexDamagedError` naming the file and the command that repairs it. Checksums are
compared when asked (``verify index check``) or when a file fails to load.
"""

from __future__ import annotations

import hashlib
import math
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from verify import config
from verify.corpus.manifest import (
    COMPRESSED,
    ENV_KIND,
    FORMAT,
    KIND_FLAT,
    KIND_IVF_PQ,
    KIND_IVF_SQ8,
    KINDS,
    MANIFEST,
    IndexDamagedError,
    _check_counts,
    _check_sizes,
    _file_entry,
    _read_faiss,
    _write_json_atomic,
    check_files,
    check_manifest,
    read_manifest,
)
from verify.corpus.store import Store
from verify.errors import ConfigError, IndexMissingError

# Large flat indexes are also saved as an inverted-file copy for search (IVF, exact vectors
# in each list): about a millisecond per query instead of a scan of every vector.
# what other modules import from here (the manifest and integrity checks live in manifest.py)
__all__ = [
    "IndexDamagedError",
    "VectorIndex",
    "build",
    "check_files",
    "check_manifest",
    "choose_kind",
    "index_status",
    "read_manifest",
]

IVF_MIN_VECTORS = 100_000
IVF_NPROBE = 24
# From this many passages a new index is compressed (ivf-sq8): a flat index of 1M vectors
# is 1.5 GB (and its IVF copy as much again); ivf-sq8 is a quarter of one copy.
COMPRESSED_MIN_VECTORS = 1_000_000
# Compressed defaults, measured by tools/bench_scale.py (real quotes against real vectors and
# noisy copies, 200k, nlist 1024): recall@10 0.968 at nprobe 64, 0.989 at 128, the same for
# SQ8 and 4-bit PQ (re-ranked exactly); PQ fast-scan answered in 0.7 ms where SQ8 took 12.
SQ8_NPROBE_FRACTION = 8  # nprobe = nlist / 8
SQ8_NPROBE_MIN = 32
SQ8_RERANK = 4  # candidates re-ranked exactly: RERANK x k (at least the kind's minimum)
SQ8_RERANK_MIN = 64
PQ_RERANK_MIN = 256
SQ8_TRAIN_PER_LIST = 40
SQ8_TRAIN_MAX = 262_144
SQ8_CHECKPOINT_MIN = 250_000


def choose_kind(passages: int) -> str:
    """The index kind for a new index of ``passages`` vectors (``VERIFY_INDEX_KIND`` wins)."""
    forced = os.environ.get(ENV_KIND, "").strip().lower()
    if forced:
        return _check_kind(forced)
    return KIND_IVF_PQ if passages >= COMPRESSED_MIN_VECTORS else KIND_FLAT


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ConfigError(
            f"Unknown index kind {kind!r}.",
            f"Use one of {', '.join(KINDS)} (--kind or {ENV_KIND}).",
        )
    return kind


def sq8_params(
    passages: int, kind: str = KIND_IVF_SQ8, dimension: int = 384, **overrides: Any
) -> dict[str, Any]:
    """Compressed-index parameters for about ``passages`` vectors: nlist a power of two near
    2*sqrt(n) (4,096 at 2.5M, 8,192 at 10M), trained on 40 vectors a list (at most 262,144);
    ivf-sq8 codes of 8 bits a dimension, ivf-pq of 4 bits per 4 dimensions (fast scan)."""
    n = max(1, passages)
    nlist = 2 ** round(math.log2(max(1.0, 2 * math.sqrt(n))))
    nlist = int(min(16_384, max(1, min(nlist, n // 8 or 1))))
    quantizer = "SQ8" if kind == KIND_IVF_SQ8 else f"PQ{max(1, dimension // 4)}x4fs"
    params = {
        "quantizer": quantizer,
        "nlist": nlist,
        "nprobe": min(nlist, max(SQ8_NPROBE_MIN, nlist // SQ8_NPROBE_FRACTION)),
        "rerank": SQ8_RERANK,
        "train_sample": int(min(SQ8_TRAIN_MAX, max(SQ8_TRAIN_PER_LIST * nlist, 1000))),
    }
    params.update({k: v for k, v in overrides.items() if v is not None})
    return params


# --------------------------------------------------------------------------- building


@dataclass
class BuildReport:
    embedded: int
    total: int
    seconds: float
    model: str
    backend: str
    up_to_date: bool = False
    kind: str = KIND_FLAT

    @property
    def per_second(self) -> float:
        return self.embedded / self.seconds if self.seconds > 0 else 0.0


def _pending(store: Store, after: int) -> int:
    return store.db.execute(
        "SELECT count(*) FROM passages p JOIN documents d ON d.id=p.doc_id "
        "WHERE d.is_current=1 AND p.id>?",
        (after,),
    ).fetchone()[0]


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
    kind: str | None = None,
    params: dict[str, Any] | None = None,
) -> BuildReport:
    """Embed every current passage not yet in the index and save the index.

    Incremental by default (passages with ids above the manifest's high-water mark);
    ``rebuild`` starts from scratch. Checkpoints every ``checkpoint_every`` passages.
    A new index gets ``kind`` (None: by size, see :func:`choose_kind`); an existing one
    keeps its kind (asking for another one needs ``rebuild``). ``params`` override the
    ivf-sq8 parameters of a new index (nlist, nprobe, rerank, train_sample).
    """
    from verify.corpus.embed import build_backend, load_embedder

    directory = directory or config.index_dir()
    directory.mkdir(parents=True, exist_ok=True)
    manifest = None if rebuild else read_manifest(directory)
    if embedder is None:
        embedder = load_embedder(backend=manifest["backend"] if manifest else build_backend())
    if manifest is not None:
        check_manifest(manifest, store, embedder.name)
        if kind is not None and _check_kind(kind) != manifest["kind"]:
            raise ConfigError(
                f"The index in {directory} is of kind {manifest['kind']}, not {kind}.",
                f"Rebuild it as {kind}: verify index build --rebuild --kind {kind}",
            )
        if manifest.get("backend") and embedder.backend != manifest["backend"]:
            raise ConfigError(
                f"The index in {directory} was built with the {manifest['backend']} backend, "
                f"not {embedder.backend}: its vectors would not mix.",
                f"Keep {manifest['backend']} (leave out --backend), or rebuild: "
                f"verify index build --rebuild --backend {embedder.backend}",
            )
        kind = manifest["kind"]
        _check_sizes(directory, manifest)
    else:
        kind = _check_kind(kind) if kind else choose_kind(_pending(store, 0))
    if kind in COMPRESSED:
        return _build_sq8(
            store, embedder, manifest, directory, batch, max(checkpoint_every, 1),
            on_start, on_progress, params or {}, kind,
        )  # fmt: skip
    return _build_flat(
        store, embedder, manifest, directory, batch, checkpoint_every, on_start, on_progress
    )


def _build_flat(
    store: Store,
    embedder: Any,
    manifest: dict[str, Any] | None,
    directory: Path,
    batch: int,
    checkpoint_every: int,
    on_start: Callable[[int], None] | None,
    on_progress: Callable[[int], None] | None,
) -> BuildReport:
    import faiss
    import numpy as np

    if manifest is not None:
        path = directory / manifest["index_file"]
        index = _read_faiss(path, manifest)
        _check_counts(path, index, manifest)
        after = manifest["max_passage_id"]
    else:
        index = faiss.IndexIDMap2(faiss.IndexFlatIP(embedder.dimension))
        after = 0
    todo = _pending(store, after)
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
        vecs = _encode_passages(embedder, buf_texts, on_progress)
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
        _save_flat(index, directory, store, embedder, max_id)
        since_checkpoint = 0

    for passage in store.iter_passages(after_id=after):
        buf_ids.append(passage.id)
        buf_texts.append(passage.text)
        if len(buf_ids) >= batch:
            flush()
            if since_checkpoint >= checkpoint_every:
                checkpoint()
    flush()
    # a document's older version is no answer any more: its passages leave the index, so
    # they do not crowd the new version's out of a search's nearest neighbours
    removed = _drop_superseded(index, store)
    # the high-water mark covers passages of superseded versions too
    max_id = max(max_id, store.max_passage_id())
    missing_search = index.ntotal >= IVF_MIN_VECTORS and not (manifest or {}).get("search_file")
    if done or removed or manifest is None or max_id != after or missing_search:
        checkpoint()
    return BuildReport(
        done,
        index.ntotal,
        time.perf_counter() - t0,
        embedder.name,
        embedder.backend,
        up_to_date=(todo == 0),
        kind=KIND_FLAT,
    )


def _drop_superseded(index: Any, store: Store) -> int:
    """Remove the vectors of passages whose document has a newer version; returns how many
    were in the index."""
    import faiss
    import numpy as np

    ids = store.superseded_passage_ids()
    if not ids:
        return 0
    return int(index.remove_ids(faiss.IDSelectorBatch(np.asarray(ids, dtype="int64"))))


def _encode_passages(embedder: Any, texts: list[str], progress: Any) -> Any:
    """Passages as the embedder embeds passages (``encode_passages`` where it differs from
    the query path, see verify.corpus.embed.SplitEmbedder)."""
    encode = getattr(embedder, "encode_passages", None) or embedder.encode
    return encode(texts, progress=progress)


def _base_manifest(store: Store, embedder: Any, kind: str, ntotal: int, max_id: int) -> dict:
    return {
        "format": FORMAT,
        "kind": kind,
        "model": embedder.name,
        "backend": embedder.backend,
        "dimension": embedder.dimension,
        "metric": "inner_product",
        "passages": int(ntotal),
        "max_passage_id": int(max_id),
        "store_id": store.store_id,
        "store_hash": f"{store.store_id}:{max_id}",
    }


def _write_faiss(index: Any, path: Path) -> None:
    import faiss

    tmp = path.with_name(f".{path.name}.tmp")
    faiss.write_index(index, str(tmp))
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _commit(directory: Path, manifest: dict[str, Any], old: dict[str, Any] | None) -> None:
    """Replace the manifest, then remove the files of the old one that the new one drops."""
    _write_json_atomic(directory / MANIFEST, manifest)
    keep = {manifest.get(k) for k in ("index_file", "search_file", "vectors_file", "ids_file")}
    for key in ("index_file", "search_file", "vectors_file", "ids_file"):
        name = (old or {}).get(key)
        if name and name not in keep:
            try:
                (directory / name).unlink()
            except OSError:
                pass
    for stale in [*directory.glob(".index-*.tmp"), *directory.glob(".sq8-*.tmp")]:
        try:
            stale.unlink()
        except OSError:
            pass


def _save_flat(index: Any, directory: Path, store: Store, embedder: Any, max_id: int) -> None:
    old = read_manifest(directory)
    name = f"index-{uuid.uuid4().hex[:12]}.faiss"
    _write_faiss(index, directory / name)
    files = {name: _file_entry(directory / name)}
    search_name = None
    if index.ntotal >= IVF_MIN_VECTORS:
        search_name = name.replace("index-", "search-")
        _write_faiss(_ivf_copy(index), directory / search_name)
        files[search_name] = _file_entry(directory / search_name)
    manifest = {
        **_base_manifest(store, embedder, KIND_FLAT, index.ntotal, max_id),
        "index_file": name,
        "search_file": search_name,
        "nprobe": IVF_NPROBE if search_name else None,
        "params": {"search_nprobe": IVF_NPROBE} if search_name else {},
        "files": files,
        "built_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    _commit(directory, manifest, old)


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


# --------------------------------------------------------------------------- ivf-sq8


def new_sq8(dimension: int, params: dict[str, Any]) -> Any:
    """An untrained inverted-file index of compressed codes (inner product): 8-bit scalar
    quantiser ("SQ8") or product quantiser ("PQ96x4fs": 4-bit codes, fast scan)."""
    import faiss

    factory = f"IVF{int(params['nlist'])},{params.get('quantizer', 'SQ8')}"
    index = faiss.index_factory(dimension, factory, faiss.METRIC_INNER_PRODUCT)
    ivf = faiss.extract_index_ivf(index)
    ivf.cp.niter = 10
    ivf.cp.max_points_per_centroid = 10_000  # the sample is chosen here, not by faiss
    return index


def train_sq8(index: Any, vectors: Any, sample: int, seed: int = 0) -> int:
    """Train on a random sample of the rows of ``vectors`` (an array or a memmap)."""
    import numpy as np

    n = len(vectors)
    take = min(n, int(sample))
    rows = np.sort(np.random.default_rng(seed).choice(n, size=take, replace=False))
    index.train(np.ascontiguousarray(vectors[rows], dtype="float32"))
    return take


def add_rows(index: Any, vectors: Any, ids: Any, start: int, end: int, chunk: int = 65_536) -> None:
    import numpy as np

    for a in range(start, end, chunk):
        b = min(end, a + chunk)
        index.add_with_ids(
            np.ascontiguousarray(vectors[a:b], dtype="float32"),
            np.ascontiguousarray(ids[a:b], dtype="int64"),
        )


class _Appender:
    """An append-only raw file whose new bytes are hashed as they are written: each
    checkpoint closes a segment (end offset, sha256) recorded in the manifest."""

    def __init__(self, path: Path, entry: dict[str, Any] | None):
        self.path = path
        self.segments = [list(s) for s in (entry or {}).get("segments", [])]
        size = int((entry or {}).get("size", 0))
        with open(path, "ab") as fh:  # creates it; drops what an interrupted build appended
            fh.truncate(size)
        self.fh = open(path, "ab")  # noqa: SIM115 - closed in close()
        self.size = size
        self.digest = hashlib.sha256()
        self.pending = 0

    def write(self, data: bytes) -> None:
        self.fh.write(data)
        self.digest.update(data)
        self.size += len(data)
        self.pending += len(data)

    def checkpoint(self) -> dict[str, Any]:
        self.fh.flush()
        os.fsync(self.fh.fileno())
        if self.pending:
            self.segments.append([self.size, self.digest.hexdigest()])
            self.digest = hashlib.sha256()
            self.pending = 0
        return {"size": self.size, "segments": [list(s) for s in self.segments]}

    def close(self) -> None:
        self.fh.close()


def _build_sq8(
    store: Store,
    embedder: Any,
    manifest: dict[str, Any] | None,
    directory: Path,
    batch: int,
    checkpoint_every: int,
    on_start: Callable[[int], None] | None,
    on_progress: Callable[[int], None] | None,
    overrides: dict[str, Any],
    kind: str = KIND_IVF_SQ8,
) -> BuildReport:
    """Embed into the raw vector file; train on a random sample of it once all of the
    first build is embedded; afterwards add new rows to the trained index as they come."""
    import numpy as np

    d = embedder.dimension
    after = manifest["max_passage_id"] if manifest else 0
    todo = _pending(store, after)
    if manifest is not None:
        params = dict(manifest["params"])
        tag = manifest["vectors_file"].removeprefix("vectors-").removesuffix(".f32")
        rows = int(manifest["passages"])
    else:
        params = sq8_params(todo, kind, embedder.dimension, **overrides)
        params["trained"] = False
        tag = uuid.uuid4().hex[:12]
        rows = 0
    if on_start:
        on_start(todo)
    vec_name, ids_name = f"vectors-{tag}.f32", f"ids-{tag}.i64"
    files = (manifest or {}).get("files") or {}
    vec_out = _Appender(directory / vec_name, files.get(vec_name))
    ids_out = _Appender(directory / ids_name, files.get(ids_name))
    index = None
    if params.get("trained"):
        path = directory / manifest["index_file"]  # type: ignore[index]
        index = _read_faiss(path, manifest)  # type: ignore[arg-type]
        _check_counts(path, index, manifest)  # type: ignore[arg-type]
    checkpoint_every = max(checkpoint_every, SQ8_CHECKPOINT_MIN)
    t0 = time.perf_counter()
    done = since = 0
    max_id = after
    state = {"manifest": manifest}

    def checkpoint() -> None:
        nonlocal since
        entries = {vec_name: vec_out.checkpoint(), ids_name: ids_out.checkpoint()}
        index_name = None
        if index is not None:
            index_name = f"sq8-{uuid.uuid4().hex[:12]}.faiss"
            _write_faiss(index, directory / index_name)
            entries[index_name] = _file_entry(directory / index_name)
        new = {
            **_base_manifest(store, embedder, kind, rows, max_id),
            "index_file": index_name,
            "search_file": None,
            "vectors_file": vec_name,
            "ids_file": ids_name,
            "nprobe": params["nprobe"],
            "params": params,
            "files": entries,
            "built_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        _commit(directory, new, state["manifest"])
        state["manifest"] = new
        since = 0

    buf_ids: list[int] = []
    buf_texts: list[str] = []

    def flush() -> None:
        nonlocal done, since, max_id, rows
        if not buf_ids:
            return
        vecs = np.ascontiguousarray(_encode_passages(embedder, buf_texts, on_progress), "float32")
        ids = np.asarray(buf_ids, dtype="int64")
        vec_out.write(vecs.tobytes())
        ids_out.write(ids.tobytes())
        if index is not None:
            index.add_with_ids(vecs, ids)
        rows += len(buf_ids)
        done += len(buf_ids)
        since += len(buf_ids)
        max_id = max(max_id, buf_ids[-1])
        buf_ids.clear()
        buf_texts.clear()

    try:
        for passage in store.iter_passages(after_id=after):
            buf_ids.append(passage.id)
            buf_texts.append(passage.text)
            if len(buf_ids) >= batch:
                flush()
                if since >= checkpoint_every:
                    checkpoint()
        flush()
        max_id = max(max_id, store.max_passage_id())
        if index is None and rows:
            vec_out.checkpoint()
            ids_out.checkpoint()
            vectors = np.memmap(directory / vec_name, dtype="float32", mode="r", shape=(rows, d))
            all_ids = np.memmap(directory / ids_name, dtype="int64", mode="r", shape=(rows,))
            index = new_sq8(d, params)
            params["train_sample"] = train_sq8(index, vectors, params["train_sample"])
            add_rows(index, vectors, all_ids, 0, rows)
            params["trained"] = True
            del vectors, all_ids
        # a document's older version leaves the compressed index too (its exact vectors stay
        # in the append-only file, never a candidate again); the manifest counts them
        removed = _drop_superseded(index, store) if index is not None else 0
        params["removed"] = int(params.get("removed", 0)) + removed
        if done or removed or manifest is None or max_id != after:
            checkpoint()
    finally:
        vec_out.close()
        ids_out.close()
    return BuildReport(
        done,
        rows,
        time.perf_counter() - t0,
        embedder.name,
        embedder.backend,
        up_to_date=(todo == 0),
        kind=kind,
    )


# --------------------------------------------------------------------------- searching


class VectorIndex:
    """A loaded faiss index with its manifest, searchable by quote embeddings."""

    def __init__(self, index: Any, manifest: dict[str, Any], directory: Path | None = None):
        self.index = index
        self.manifest = manifest
        self.kind = manifest.get("kind", KIND_FLAT)
        self._vectors: Any = None
        self._ids: Any = None
        if self.kind in COMPRESSED and directory is not None:
            import numpy as np

            n, d = int(manifest["passages"]), int(manifest["dimension"])
            self._vectors = np.memmap(
                directory / manifest["vectors_file"], dtype="float32", mode="r", shape=(n, d)
            )
            self._ids = np.memmap(
                directory / manifest["ids_file"], dtype="int64", mode="r", shape=(n,)
            )
            params = manifest.get("params") or {}
            self.rerank = int(os.environ.get("VERIFY_RERANK") or params.get("rerank", SQ8_RERANK))
            self.rerank_min = SQ8_RERANK_MIN if self.kind == KIND_IVF_SQ8 else PQ_RERANK_MIN

    @property
    def ntotal(self) -> int:
        return int(self.index.ntotal)

    @property
    def dimension(self) -> int:
        return int(self.index.d)

    @classmethod
    def load(
        cls, store: Store, *, model: str | None = None, directory: Path | None = None
    ) -> VectorIndex:
        import faiss

        from verify.corpus.embed import model_identity

        directory = directory or config.index_dir()
        manifest = read_manifest(directory)
        check_manifest(manifest, store, model or model_identity())
        if not manifest.get("index_file"):
            raise IndexMissingError(
                f"The vector index in {directory} is not finished (its first build was "
                "interrupted before training).",
                "Finish it: verify index build",
            )
        _check_sizes(directory, manifest)
        kind = manifest["kind"]
        path = directory / (manifest.get("search_file") or manifest["index_file"])
        # SQ8 lists memory-mapped (3.9 GB at 10M, read as touched); PQ codes are small
        index = _read_faiss(path, manifest, mmap=kind == KIND_IVF_SQ8)
        _check_counts(path, index, manifest)
        # one query at a time: a single thread answers sooner than two (measured here)
        faiss.omp_set_num_threads(int(os.environ.get("VERIFY_FAISS_THREADS", "1")))
        if kind in COMPRESSED:
            faiss.extract_index_ivf(index).nprobe = int(
                os.environ.get("VERIFY_NPROBE") or manifest["params"]["nprobe"]
            )
        elif manifest.get("search_file"):
            ivf = faiss.extract_index_ivf(index)
            ivf.nprobe = int(manifest.get("nprobe") or IVF_NPROBE)
            # so that vectors can be read back by passage id (ids are not sequential)
            ivf.set_direct_map_type(faiss.DirectMap.Hashtable)
        return cls(index, manifest, directory)

    def stale(self, store: Store) -> int:
        """Current passages that are not in the index yet."""
        return _pending(store, self.manifest["max_passage_id"])

    def search(self, vectors: Any, k: int) -> list[list[tuple[int, float]]]:
        import numpy as np

        q = np.ascontiguousarray(vectors, dtype="float32")
        if q.ndim == 1:
            q = q[None, :]
        if self.kind in COMPRESSED:
            return self._search_reranked(q, k)
        scores, ids = self.index.search(q, k)
        return [
            [(int(i), float(s)) for i, s in zip(row_ids, row_s, strict=True) if i >= 0]
            for row_ids, row_s in zip(ids, scores, strict=True)
        ]

    def _search_reranked(self, q: Any, k: int) -> list[list[tuple[int, float]]]:
        """Candidates from the compressed index, re-scored with the exact vectors."""
        import numpy as np

        cand = max(k * self.rerank, self.rerank_min, k)
        _, ids = self.index.search(q, cand)
        out = []
        for row, qv in zip(ids, q, strict=True):
            found = row[row >= 0]
            if not len(found):
                out.append([])
                continue
            rows = np.unique(self._rows(found))  # sorted: the file is read in order
            exact = np.asarray(self._vectors[rows])
            order_ids = np.asarray(self._ids[rows])
            scores = exact @ qv
            best = np.argsort(-scores, kind="stable")[:k]
            out.append([(int(order_ids[j]), float(scores[j])) for j in best])
        return out

    def _rows(self, ids: Any) -> Any:
        import numpy as np

        rows = np.searchsorted(self._ids, ids)
        return np.minimum(rows, len(self._ids) - 1)

    def vectors(self, ids: list[int]) -> Any:
        """The stored vectors of passages ``ids`` (zeros for ids not in the index). One
        batched call (6,000 vectors in ~5 ms); one call per id only when some are missing."""
        import numpy as np

        if not ids:
            return np.zeros((0, self.index.d), dtype="float32")
        if self.kind in COMPRESSED:
            want = np.asarray(ids, dtype="int64")
            rows = self._rows(want)
            order = np.argsort(rows, kind="stable")  # read the file in order
            out = np.zeros((len(ids), self.index.d), dtype="float32")
            got = np.asarray(self._vectors[rows[order]])
            hit = np.asarray(self._ids[rows[order]]) == want[order]
            out[order[hit]] = got[hit]
            return out
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
    pending = _pending(store, manifest.get("max_passage_id", 0))
    return {"built": True, "pending": pending, **manifest}
