"""The one atomic writer (verify.files): all or nothing, the mode of a plain file, no temp
files left behind."""

from __future__ import annotations

import json
import os
import stat

import pytest

from verify.files import (
    atomic_path,
    atomic_write_bytes,
    atomic_write_json,
    atomic_write_text,
    atomic_writer,
)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_writes_text_bytes_and_json_with_a_plain_files_mode(tmp_path) -> None:
    umask = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "a" / "t.txt", "héllo\r\n")
        atomic_write_bytes(tmp_path / "b.bin", b"\x00\x01")
        atomic_write_json(tmp_path / "c.json", {"x": [1, 2]})
    finally:
        os.umask(umask)
    assert (tmp_path / "a" / "t.txt").read_bytes() == "héllo\r\n".encode()  # no newline change
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"
    assert json.loads((tmp_path / "c.json").read_text()) == {"x": [1, 2]}
    assert _mode(tmp_path / "b.bin") == 0o644  # not mkstemp's private 0600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b.bin", "c.json"]


def test_a_failed_write_leaves_the_old_file(tmp_path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    os.chmod(target, 0o600)
    with pytest.raises(RuntimeError), atomic_writer(target) as fh:
        fh.write("half a new file")
        raise RuntimeError("stopped")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
    atomic_write_text(target, "new\n")
    assert target.read_text() == "new\n" and _mode(target) == 0o600  # keeps its mode


def test_a_path_for_writers_that_take_a_file_name(tmp_path) -> None:
    target = tmp_path / "index.faiss"
    with atomic_path(target) as tmp:
        assert tmp.parent == tmp_path and tmp != target
        tmp.write_bytes(b"vectors")
        assert not target.exists()
    assert target.read_bytes() == b"vectors"
    with pytest.raises(ValueError), atomic_path(target) as tmp:
        tmp.write_bytes(b"broken")
        raise ValueError
    assert target.read_bytes() == b"vectors"
    assert [p.name for p in tmp_path.iterdir()] == ["index.faiss"]


def test_none_or_dash_writes_to_stdout(capsys) -> None:
    with atomic_writer("-") as fh:
        fh.write("to stdout\n")
    assert capsys.readouterr().out == "to stdout\n"
