"""The vector index: kinds by size, the compressed ivf-sq8 kind against exact search,
incremental builds, and damaged files (a VerifyError naming the file and the repair).

Fast tier: a tiny store of synthetic passages and the fake embedder (no model).
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from verify.cli import app
from verify.corpus import index as vindex
from verify.corpus.embed import FakeEmbedder
from verify.corpus.index import (
    COMPRESSED,
    KIND_FLAT,
    KIND_IVF_PQ,
    KIND_IVF_SQ8,
    IndexDamagedError,
    VectorIndex,
    build,
    check_files,
    choose_kind,
    read_manifest,
)
from verify.corpus.ingest import store_record
from verify.corpus.store import Store
from verify.errors import ConfigError, IndexMissingError, StoreError, VerifyError
from verify.models import DocumentRecord

WORDS = (
    "security guarantees proposals treaty sanctions energy grain ports missiles border talks "
    "ministers summit agenda inflation budget alliance ceasefire region stability trade visit "
    "nuclear exports pipeline elections court parliament reform army navy drones satellites"
).split()


def _doc(i: int, rng: random.Random, sentences: int = 8) -> DocumentRecord:
    body = " ".join(
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 14))).capitalize() + "."
        for _ in range(sentences)
    )
    return DocumentRecord(
        text=f"SPEAKER {i}: {body}\n\nQ What about item {i}?\n\nSPEAKER {i}: {body[:80]}.",
        url=f"https://example.org/doc-{i}",
        title=f"Document {i}",
        date=f"2022-{1 + i % 12:02d}-{1 + i % 27:02d}",
        publisher="Example",
        kind="primary",
        origin="test",
    )


def _fill(store: Store, start: int, count: int, seed: int = 1) -> None:
    rng = random.Random(seed + start)
    for i in range(start, start + count):
        store_record(store, _doc(i, rng))


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of ~60 documents (a few hundred passages), no index."""
    home = tmp_path_factory.mktemp("tiny")
    with Store(home / "store.sqlite") as store:
        _fill(store, 0, 60)
    return home


def _home(tiny: Path, tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir(parents=True)
    for name in ("store.sqlite", "store.sqlite-wal", "store.sqlite-shm"):
        if (tiny / name).exists():
            shutil.copy2(tiny / name, home / name)
    return home


SQ8 = {"nlist": 8, "nprobe": 8, "train_sample": 10_000}


def _build(home: Path, kind: str | None = None, **kw) -> vindex.BuildReport:
    with Store(home / "store.sqlite") as store:
        return build(store, embedder=FakeEmbedder(), directory=home / "vectors", kind=kind, **kw)


def _load(home: Path) -> VectorIndex:
    with Store(home / "store.sqlite") as store:
        return VectorIndex.load(store, model="fake", directory=home / "vectors")


def _queries(home: Path, n: int = 40) -> tuple[list[int], np.ndarray]:
    with Store(home / "store.sqlite") as store:
        rows = store.db.execute("SELECT id, text FROM passages ORDER BY id").fetchall()
    picked = rows[:: max(1, len(rows) // n)][:n]
    return [r[0] for r in picked], FakeEmbedder().encode([r[1] for r in picked])


# --------------------------------------------------------------------------- kinds


def test_kind_is_chosen_by_size_and_can_be_forced(monkeypatch) -> None:
    monkeypatch.delenv(vindex.ENV_KIND, raising=False)
    assert choose_kind(408_661) == KIND_FLAT
    assert choose_kind(vindex.COMPRESSED_MIN_VECTORS - 1) == KIND_FLAT
    assert choose_kind(vindex.COMPRESSED_MIN_VECTORS) == KIND_IVF_PQ
    assert choose_kind(10_000_000) == KIND_IVF_PQ
    monkeypatch.setenv(vindex.ENV_KIND, "flat")
    assert choose_kind(10_000_000) == KIND_FLAT
    monkeypatch.setenv(vindex.ENV_KIND, "hnsw")
    with pytest.raises(ConfigError):
        choose_kind(10)


def test_sq8_parameters_grow_with_the_archive() -> None:
    small, large = vindex.sq8_params(2_500_000), vindex.sq8_params(10_000_000)
    assert small["nlist"] == 4096 and large["nlist"] == 8192
    assert small["nprobe"] == 512 and small["quantizer"] == "SQ8"
    assert vindex.sq8_params(10_000_000, KIND_IVF_PQ)["quantizer"] == "PQ96x4fs"
    assert large["train_sample"] <= vindex.SQ8_TRAIN_MAX
    assert vindex.sq8_params(1000, nprobe=3)["nprobe"] == 3


def test_flat_manifest_records_kind_and_each_file_size_and_checksum(tiny, tmp_path) -> None:
    home = _home(tiny, tmp_path)
    report = _build(home)
    manifest = read_manifest(home / "vectors")
    assert report.kind == manifest["kind"] == KIND_FLAT and manifest["format"] == vindex.FORMAT
    entry = manifest["files"][manifest["index_file"]]
    path = home / "vectors" / manifest["index_file"]
    assert entry["size"] == path.stat().st_size and len(entry["sha256"]) == 64
    assert check_files(home / "vectors")["checksums"] is True


def test_a_manifest_of_the_first_format_still_loads_and_answers_the_same(tiny, tmp_path) -> None:
    home = _home(tiny, tmp_path)
    _build(home)
    _, q = _queries(home)
    before = _load(home).search(q, 10)
    manifest = read_manifest(home / "vectors")
    for key in ("kind", "files", "params"):
        manifest.pop(key)
    manifest["format"] = 1
    (home / "vectors" / "manifest.json").write_text(json.dumps(manifest))
    assert _load(home).search(q, 10) == before


@pytest.mark.parametrize("kind", COMPRESSED)
def test_compressed_finds_what_exact_search_finds_with_exact_scores(tiny, tmp_path, kind):
    flat_home = _home(tiny, tmp_path / "a")
    sq8_home = _home(tiny, tmp_path / "b")
    _build(flat_home)
    report = _build(sq8_home, kind, params=SQ8)
    manifest = read_manifest(sq8_home / "vectors")
    assert report.kind == manifest["kind"] == kind
    assert manifest["params"]["nlist"] == 8 and manifest["params"]["trained"] is True
    assert set(manifest["files"]) == {
        manifest["index_file"],
        manifest["vectors_file"],
        manifest["ids_file"],
    }
    flat, sq8 = _load(flat_home), _load(sq8_home)
    assert sq8.ntotal == flat.ntotal == manifest["passages"]
    ids, q = _queries(sq8_home)
    got, want = sq8.search(q, 10), flat.search(q, 10)
    for g, w, own in zip(got, want, ids, strict=True):
        assert g[0][0] == own  # its own passage first
        assert [s for _, s in g] == pytest.approx([s for _, s in w], abs=1e-5)
    # the exact vectors come back by passage id, zeros for an unknown id
    assert np.array_equal(sq8.vectors(ids), flat.vectors(ids))
    mixed = sq8.vectors([ids[1], 10**9, ids[0]])
    assert not mixed[1].any() and np.array_equal(mixed[0], flat.vectors([ids[1]])[0])
    assert sq8.vectors([]).shape == (0, 384)


def test_a_new_version_replaces_the_old_ones_vectors(tiny, tmp_path) -> None:
    """A document re-ingested with new text: the old version's passages leave the flat
    index at the next build, so a search's neighbours are current passages only."""
    home = _home(tiny, tmp_path)
    first = _build(home, KIND_FLAT)
    with Store(home / "store.sqlite") as store:
        old_ids = [r[0] for r in store.db.execute("SELECT id FROM passages WHERE doc_id = 1")]
        before = store.max_passage_id()
        rec = _doc(0, random.Random(1))
        rec.text += "\n\nSPEAKER 0: A corrected closing sentence about the grain ports."
        assert store_record(store, rec).status == "new_version"
        query = "SELECT id FROM passages WHERE id > ?"
        new_ids = [r[0] for r in store.db.execute(query, (before,))]
    second = _build(home)
    assert second.embedded == len(new_ids)
    index = _load(home)
    assert index.index.ntotal == first.total - len(old_ids) + len(new_ids)
    with Store(home / "store.sqlite") as store:
        texts = [p.text for p in store.passages(old_ids)]
    found = {pid for hits in index.search(FakeEmbedder().encode(texts), 5) for pid, _ in hits}
    assert not found & set(old_ids)
    assert _build(home).up_to_date


@pytest.mark.parametrize("kind", COMPRESSED)
def test_a_new_version_leaves_the_compressed_index_too(tiny, tmp_path, kind) -> None:
    """The compressed kinds drop an old version's passages from the index at the next build;
    their exact vectors stay in the append-only file, counted as removed in the manifest."""
    home = _home(tiny, tmp_path)
    first = _build(home, kind, params=SQ8)
    with Store(home / "store.sqlite") as store:
        old_ids = [r[0] for r in store.db.execute("SELECT id FROM passages WHERE doc_id = 1")]
        rec = _doc(0, random.Random(1))
        rec.text += "\n\nSPEAKER 0: A corrected closing sentence about the grain ports."
        assert store_record(store, rec).status == "new_version"
    second = _build(home)
    manifest = read_manifest(home / "vectors")
    assert manifest["params"]["removed"] == len(old_ids)
    assert manifest["passages"] == first.total + second.embedded  # the file's rows
    index = _load(home)  # loads: the index holds the rows less the removed ones
    assert index.ntotal == first.total + second.embedded - len(old_ids)
    with Store(home / "store.sqlite") as store:
        texts = [p.text for p in store.passages(old_ids)]
    found = {pid for hits in index.search(FakeEmbedder().encode(texts), 5) for pid, _ in hits}
    assert not found & set(old_ids)
    assert _build(home).up_to_date
    assert read_manifest(home / "vectors")["params"]["removed"] == len(old_ids)  # once


@pytest.mark.parametrize("kind", COMPRESSED)
def test_compressed_builds_incrementally_and_keep_their_kind(tiny, tmp_path, kind) -> None:
    home = _home(tiny, tmp_path)
    first = _build(home, kind, params=SQ8)
    with Store(home / "store.sqlite") as store:
        _fill(store, 1000, 8, seed=9)
    second = _build(home)  # the kind comes from the manifest
    manifest = read_manifest(home / "vectors")
    assert second.kind == kind and 0 < second.embedded < first.embedded
    assert manifest["passages"] == first.total + second.embedded
    assert len(manifest["files"][manifest["vectors_file"]]["segments"]) == 2
    check_files(home / "vectors", checksums=True)
    with Store(home / "store.sqlite") as store:
        new = store.db.execute(
            "SELECT id, text FROM passages WHERE id > ? ORDER BY id LIMIT 5",
            (read_manifest(home / "vectors")["max_passage_id"] - second.embedded,),
        ).fetchall()
    hits = _load(home).search(FakeEmbedder().encode([r[1] for r in new]), 3)
    assert [h[0][0] for h in hits] == [r[0] for r in new]
    assert _build(home).up_to_date
    with pytest.raises(ConfigError) as exc:
        _build(home, KIND_FLAT)
    assert "--rebuild" in exc.value.hint


def test_an_interrupted_first_sq8_build_says_to_finish_it(tiny, tmp_path, monkeypatch) -> None:
    home = _home(tiny, tmp_path)

    def boom(*a, **kw):
        raise KeyboardInterrupt

    monkeypatch.setattr(vindex, "SQ8_CHECKPOINT_MIN", 1)
    monkeypatch.setattr(vindex, "train_sq8", boom)
    with pytest.raises(KeyboardInterrupt):
        _build(home, KIND_IVF_SQ8, params=SQ8, batch=64, checkpoint_every=64)
    manifest = read_manifest(home / "vectors")
    assert manifest["index_file"] is None and manifest["passages"] > 0
    with pytest.raises(IndexMissingError) as exc:
        _load(home)
    assert "verify index build" in exc.value.hint
    monkeypatch.undo()
    report = _build(home)  # resumes after the checkpoint, then trains
    assert report.kind == KIND_IVF_SQ8 and report.embedded < report.total
    assert _load(home).ntotal == report.total


# --------------------------------------------------------------------------- damaged files


def _damage(home: Path, key: str, how: str) -> Path:
    manifest = read_manifest(home / "vectors")
    path = home / "vectors" / manifest[key]
    data = bytearray(path.read_bytes())
    if how == "truncate":
        path.write_bytes(bytes(data[: len(data) // 2]))
    elif how == "header":
        data[:16] = b"\xff" * 16
        path.write_bytes(bytes(data))
    elif how == "middle":
        mid = len(data) // 2
        data[mid : mid + 64] = bytes(b ^ 0xFF for b in data[mid : mid + 64])
        path.write_bytes(bytes(data))
    return path


def _assert_names(exc: VerifyError, path: Path) -> None:
    assert str(path) in exc.message
    assert exc.hint and "verify index build --rebuild" in exc.hint


@pytest.mark.parametrize("kind", [KIND_FLAT, *COMPRESSED])
def test_a_truncated_index_file_names_the_file_and_the_repair(tiny, tmp_path, kind) -> None:
    home = _home(tiny, tmp_path)
    _build(home, kind, params=SQ8)
    path = _damage(home, "index_file", "truncate")
    with pytest.raises(IndexDamagedError) as exc:
        _load(home)
    _assert_names(exc.value, path)
    assert "bytes" in exc.value.message


def test_a_truncated_file_of_an_old_manifest_is_a_clear_error(tiny, tmp_path) -> None:
    """No sizes recorded (format 1): faiss fails to read it, and that is reported."""
    home = _home(tiny, tmp_path)
    _build(home)
    manifest = read_manifest(home / "vectors")
    manifest.pop("files")
    (home / "vectors" / "manifest.json").write_text(json.dumps(manifest))
    path = _damage(home, "index_file", "truncate")
    with pytest.raises(IndexDamagedError) as exc:
        _load(home)
    _assert_names(exc.value, path)


def test_a_corrupt_header_is_reported_with_its_checksum(tiny, tmp_path) -> None:
    home = _home(tiny, tmp_path)
    _build(home)
    path = _damage(home, "index_file", "header")
    with pytest.raises(IndexDamagedError) as exc:
        _load(home)
    _assert_names(exc.value, path)
    assert "checksum" in exc.value.message


@pytest.mark.parametrize(
    "kind,key",
    [(KIND_FLAT, "index_file"), (KIND_IVF_SQ8, "vectors_file"), (KIND_IVF_PQ, "ids_file")],
)
def test_corruption_that_loads_is_found_by_the_checksums(tiny, tmp_path, kind, key) -> None:
    home = _home(tiny, tmp_path)
    _build(home, kind, params=SQ8)
    path = _damage(home, key, "middle")
    _load(home)  # the cheap check (sizes) does not read the content
    check_files(home / "vectors", checksums=False)
    with pytest.raises(IndexDamagedError) as exc:
        check_files(home / "vectors", checksums=True)
    _assert_names(exc.value, path)


def test_a_manifest_that_disagrees_with_its_files(tiny, tmp_path) -> None:
    home = _home(tiny, tmp_path)
    _build(home)
    mpath = home / "vectors" / "manifest.json"
    good = json.loads(mpath.read_text())
    # a count that is not what the file holds (sizes rewritten to match, so faiss reads it)
    mpath.write_text(json.dumps({**good, "passages": good["passages"] + 5}))
    with pytest.raises(IndexDamagedError) as exc:
        _load(home)
    assert "holds" in exc.value.message and good["index_file"] in exc.value.message
    # a file that is not there
    mpath.write_text(json.dumps({**good, "index_file": "index-gone.faiss"}))
    with pytest.raises(IndexDamagedError) as exc:
        _load(home)
    assert "index-gone.faiss" in exc.value.message and "missing" in exc.value.message
    # not JSON, and JSON that is not a manifest
    for text in ("{not json", "[1, 2]"):
        mpath.write_text(text)
        with pytest.raises(IndexDamagedError) as exc:
            _load(home)
        _assert_names_manifest = str(mpath) in exc.value.message
        assert _assert_names_manifest and "--rebuild" in exc.value.hint


def _flat(text: str) -> str:
    """CLI output without the line wrapping of the terminal."""
    return "".join(text.split())


def _cli(home: Path, monkeypatch, *args: str):
    monkeypatch.setenv("VERIFY_HOME", str(home))
    monkeypatch.setenv("VERIFY_EMBED_BACKEND", "fake")
    monkeypatch.setenv("VERIFY_MODEL", "fake")
    return CliRunner().invoke(app, list(args))


def test_cli_reports_a_damaged_index_without_a_traceback(tiny, tmp_path, monkeypatch) -> None:
    home = _home(tiny, tmp_path)
    _build(home)
    r = _cli(home, monkeypatch, "index", "check", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["checksums"] is True
    path = _damage(home, "index_file", "middle")
    r = _cli(home, monkeypatch, "index", "check")
    assert r.exit_code == 1 and isinstance(r.exception, SystemExit)
    assert path.name in _flat(r.output) and "verifyindexbuild--rebuild" in _flat(r.output)
    _damage(home, "index_file", "truncate")
    r = _cli(home, monkeypatch, "quote", "proposals treaty sanctions energy grain ports missiles")
    assert r.exit_code == 1 and isinstance(r.exception, SystemExit)
    assert path.name in _flat(r.output) and "Traceback" not in r.output


def test_a_store_that_is_not_a_database_is_a_store_error(tmp_path, monkeypatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "store.sqlite").write_bytes(b"this is not a database\n" * 200)
    with pytest.raises(StoreError) as exc:
        Store(home / "store.sqlite", create=False)
    assert str(home / "store.sqlite") in exc.value.message and exc.value.hint
    with pytest.raises(StoreError):
        Store(home / "store.sqlite", readonly=True)
    r = _cli(home, monkeypatch, "quote", "security guarantees")
    assert r.exit_code == 1 and isinstance(r.exception, SystemExit)
    assert "store.sqlite" in _flat(r.output) and "Traceback" not in r.output


class _Recording(FakeEmbedder):
    def __init__(self, backend: str):
        super().__init__()
        self.backend = backend
        self.passage_calls = 0

    def encode_passages(self, texts, **kw):
        self.passage_calls += 1
        return self.encode(texts, **kw)


def test_builds_embed_passages_on_the_passage_path_and_keep_the_backend(tiny, tmp_path) -> None:
    home = _home(tiny, tmp_path)
    emb = _Recording("fake")
    with Store(home / "store.sqlite") as store:
        build(store, embedder=emb, directory=home / "vectors")
        assert emb.passage_calls > 0
        _fill(store, 2000, 2, seed=3)
        with pytest.raises(ConfigError) as exc:
            build(store, embedder=_Recording("onnx-int8"), directory=home / "vectors")
    assert "--rebuild" in exc.value.hint and "fake" in exc.value.message
