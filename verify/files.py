"""The one atomic writer: a temp file in the target's folder, written, fsynced, given the
mode a plain new file would get (or the target's own), renamed over the target, and the
folder fsynced, so that a reader (or a crash) sees the old file or the new one, never half.

- ``atomic_writer(path)``: a text (or ``binary=True``) handle; stdout for None or "-".
- ``atomic_write_text``, ``atomic_write_bytes``, ``atomic_write_json``: the one-call forms.
- ``atomic_path(path)``: a temp path for a library that writes files itself
  (``faiss.write_index``, an ONNX export), put in place the same way when the block ends.

On an exception the target is untouched and the temp file removed.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

_DEFAULT_MODE = 0o644


def _umask() -> int:
    """This process's umask, without changing it (os.umask would, for a moment, for every
    thread)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        return (0o666 & ~_umask()) or _DEFAULT_MODE


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable (best effort: not every system opens folders)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _put_in_place(tmp: Path, target: Path) -> None:
    os.chmod(tmp, _mode_for(target))  # mkstemp makes the file private
    os.replace(tmp, target)
    _fsync_dir(target.parent)


def _temp_in(target: Path) -> tuple[int, Path]:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    return fd, Path(tmp)


def _discard(tmp: Path) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


@contextmanager
def atomic_writer(
    path: Path | str | None, *, encoding: str = "utf-8", binary: bool = False
) -> Iterator[IO[Any]]:
    """Write to ``path`` atomically (stdout when None or "-"). On an exception the target is
    untouched."""
    if path is None or str(path) == "-":
        out: IO[Any] = sys.stdout.buffer if binary else sys.stdout
        yield out
        out.flush()
        return
    target = Path(path)
    fd, tmp = _temp_in(target)
    try:
        if binary:
            fh: IO[Any] = os.fdopen(fd, "wb")
        else:
            fh = os.fdopen(fd, "w", encoding=encoding, newline="")
        with fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        _put_in_place(tmp, target)
    except BaseException:
        _discard(tmp)
        raise


@contextmanager
def atomic_path(path: Path | str) -> Iterator[Path]:
    """A temp path next to ``path`` for a writer that takes a file name; when the block
    ends, the file written there replaces ``path`` (fsynced, renamed, folder fsynced)."""
    target = Path(path)
    fd, tmp = _temp_in(target)
    os.close(fd)
    try:
        yield tmp
        _fsync_file(tmp)
        _put_in_place(tmp, target)
    except BaseException:
        _discard(tmp)
        raise


def atomic_write_text(path: Path | str, text: str, *, encoding: str = "utf-8") -> None:
    with atomic_writer(path, encoding=encoding) as fh:
        fh.write(text)


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    with atomic_writer(path, binary=True) as fh:
        fh.write(data)


def atomic_write_json(path: Path | str, data: Any, *, indent: int | None = 2) -> None:
    with atomic_writer(path) as fh:
        json.dump(data, fh, indent=indent)


__all__ = [
    "atomic_path",
    "atomic_write_bytes",
    "atomic_write_json",
    "atomic_write_text",
    "atomic_writer",
]
