"""The vector index's manifest and the integrity of its files: reading and writing
``manifest.json``, the model and store it must match, each file's size and checksum, and the
:class:`IndexDamagedError` that names a damaged file and the command that repairs it."""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from pathlib import Path
from typing import Any

from verify import config
from verify.corpus.store import Store
from verify.errors import IndexMismatchError, IndexMissingError

MANIFEST = "manifest.json"
FORMAT = 2  # 1: flat only, no file sizes; read as flat
KIND_FLAT = "flat"
KIND_IVF_SQ8 = "ivf-sq8"
KIND_IVF_PQ = "ivf-pq"
KINDS = (KIND_FLAT, KIND_IVF_SQ8, KIND_IVF_PQ)
COMPRESSED = (KIND_IVF_SQ8, KIND_IVF_PQ)  # inverted file + exact float32 vectors on disk
ENV_KIND = "VERIFY_INDEX_KIND"
REPAIR = "verify index build --rebuild"


class IndexDamagedError(IndexMismatchError):
    """A file of the vector index is missing, truncated, corrupt or disagrees with the
    manifest. The message names the file; the hint says how to repair it."""


def _damaged(path: Path, what: str, hint: str = REPAIR) -> IndexDamagedError:
    return IndexDamagedError(
        f"The vector index file {path} {what}.",
        f"Repair it: {hint} (the store is not touched; only the vectors are re-embedded).",
    )


# --------------------------------------------------------------------------- manifest


def read_manifest(directory: Path | None = None) -> dict[str, Any] | None:
    path = (directory or config.index_dir()) / MANIFEST
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexDamagedError(
            f"The index manifest {path} is unreadable ({exc}).", f"Rebuild the index: {REPAIR}"
        ) from exc
    if not isinstance(data, dict) or "index_file" not in data or "max_passage_id" not in data:
        raise IndexDamagedError(
            f"The index manifest {path} is not a verify index manifest.",
            f"Rebuild the index: {REPAIR}",
        )
    data.setdefault("kind", KIND_FLAT)
    return data


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
    if manifest.get("kind", KIND_FLAT) not in KINDS:
        raise IndexMismatchError(
            f"The index is of kind {manifest.get('kind')!r}, which this version of verify "
            "does not know.",
            "Upgrade verify, or rebuild the index: verify index build --rebuild",
        )
    return manifest


# --------------------------------------------------------------------------- file checks


def _sha256(path: Path, start: int = 0, end: int | None = None) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        fh.seek(start)
        left = (end - start) if end is not None else None
        while left is None or left > 0:
            chunk = fh.read(1 << 22 if left is None else min(1 << 22, left))
            if not chunk:
                break
            digest.update(chunk)
            if left is not None:
                left -= len(chunk)
    return digest.hexdigest()


def _file_entry(path: Path) -> dict[str, Any]:
    return {"size": path.stat().st_size, "sha256": _sha256(path)}


def _check_sizes(directory: Path, manifest: dict[str, Any]) -> None:
    """Every file the manifest names exists and has its recorded size (a stat per file).

    Append-only files (``segments``) may be longer than recorded (a build is adding to
    them); the rows beyond the manifest's count are not read."""
    for key in ("index_file", "search_file", "vectors_file", "ids_file"):
        name = manifest.get(key)
        if name and not (directory / name).exists():
            raise _damaged(directory / name, "named by the manifest is missing")
    for name, entry in (manifest.get("files") or {}).items():
        path = directory / name
        try:
            size = path.stat().st_size
        except OSError:
            raise _damaged(path, "named by the manifest is missing") from None
        want = int(entry.get("size", -1))
        if size < want or (size > want and "segments" not in entry):
            raise _damaged(path, f"is {size:,} bytes, but the manifest records {want:,}")


def check_files(directory: Path | None = None, *, checksums: bool = True) -> dict[str, Any]:
    """Check the index files against the manifest: sizes, and checksums when asked.

    Returns {"files": n, "bytes": total, "checksums": bool}; raises IndexDamagedError naming
    the first file that disagrees, IndexMissingError when there is no index."""
    directory = directory or config.index_dir()
    manifest = read_manifest(directory)
    if manifest is None:
        raise IndexMissingError(f"No vector index in {directory}.", "Run: verify index build")
    _check_sizes(directory, manifest)
    files = manifest.get("files") or {}
    if checksums:
        for name, entry in files.items():
            _check_checksum(directory / name, entry)
    return {
        "files": len(files),
        "bytes": sum(int(e.get("size", 0)) for e in files.values()),
        "checksums": bool(checksums and files),
    }


def _check_checksum(path: Path, entry: dict[str, Any]) -> None:
    if "segments" in entry:
        start = 0
        for end, digest in entry["segments"]:
            if _sha256(path, start, end) != digest:
                raise _damaged(path, f"is corrupt (bytes {start:,}-{end:,} differ from the build)")
            start = end
    elif entry.get("sha256") and _sha256(path) != entry["sha256"]:
        raise _damaged(path, "is corrupt (its checksum differs from the manifest's)")


def _read_faiss(path: Path, manifest: dict[str, Any], *, mmap: bool = False) -> Any:
    """faiss.read_index with damaged files turned into IndexDamagedError."""
    import faiss

    try:
        if mmap:
            return faiss.read_index(str(path), faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY)
        return faiss.read_index(str(path))
    except Exception as exc:  # noqa: BLE001 - faiss raises RuntimeError with C++ text
        entry = (manifest.get("files") or {}).get(path.name)
        if entry:
            _check_checksum(path, entry)  # raises with the precise reason when it differs
        first = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
        raise _damaged(path, f"cannot be read (truncated or corrupt: {first})") from exc


def _check_counts(path: Path, index: Any, manifest: dict[str, Any]) -> None:
    want = manifest.get("passages")
    if want is not None:
        # a compressed index's vector file keeps rows the index dropped (superseded versions)
        want = int(want) - int((manifest.get("params") or {}).get("removed", 0))
    if want is not None and int(index.ntotal) != int(want):
        raise _damaged(
            path, f"holds {int(index.ntotal):,} vectors, but the manifest records {int(want):,}"
        )
    dim = manifest.get("dimension")
    if dim is not None and int(index.d) != int(dim):
        raise _damaged(path, f"has {index.d} dimensions, but the manifest records {dim}")


# --------------------------------------------------------------------------- choosing a kind
