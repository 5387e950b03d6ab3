"""The embedder: interface, backends, ONNX export cache, errors.

Tests with the real model use the ONNX files already cached under verify.config.home()
when both are there, otherwise they export once per session into a temporary VERIFY_HOME
(about 15 s). Comparisons with torch (and the export race) are marked slow.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from verify import config
from verify.corpus import embed
from verify.corpus.embed import FakeEmbedder, ensure_onnx, load_embedder, model_identity
from verify.errors import ConfigError, InputError, VerifyError
from verify.text.tokens import split_sentences

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("torch", "sentence_transformers", "transformers", "sklearn")

# Real sentences from the corpora (kremlin.ru 68469/68464, White House briefings) and
# hand-written light paraphrases of them; each topic differs from the others.
PAIRS = [
    (
        "Both leaders reaffirmed their mutual commitment to further strengthening "
        "Russia-Uzbekistan relations of strategic partnership and alliance.",
        "The two presidents confirmed they remain committed to strengthening the strategic "
        "partnership and alliance between Russia and Uzbekistan.",
    ),
    (
        "It was agreed to maintain regular contacts at various levels.",
        "They agreed to keep in regular contact at different levels.",
    ),
    (
        "I would like to emphasise that effective management of natural resources is a "
        "foundation for the sustainable development of every state.",
        "Managing natural resources effectively underpins the sustainable development of "
        "every country, I want to stress.",
    ),
    (
        "It's nothing about Ukraine without Ukraine.",
        "No decisions about Ukraine will be made without Ukraine.",
    ),
]
LONG_TEXT = " ".join(["The security guarantees that we proposed in December were ignored."] * 60)


@contextlib.contextmanager
def _env(**values: str | None) -> Iterator[None]:
    old = {k: os.environ.get(k) for k in values}
    try:
        for key, value in values.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=600,
    )


# --------------------------------------------------------------------------- FakeEmbedder


def test_fake_embedder_is_deterministic_and_normalised() -> None:
    texts = ["Dmitry Peskov said so.", "", "Nothing about Ukraine without Ukraine.", "x " * 50]
    a = FakeEmbedder().encode(texts)
    b = FakeEmbedder().encode(list(reversed(texts)))[::-1]
    assert a.dtype == np.float32 and a.shape == (4, 384)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-6)


def test_fake_embedder_does_not_depend_on_the_process_hash_seed() -> None:
    code = (
        "from verify.corpus.embed import FakeEmbedder; "
        "print(repr(FakeEmbedder(16).encode(['Peskov said the talks stalled'])[0].tolist()))"
    )
    outs = {_python(code, PYTHONHASHSEED=seed).stdout for seed in ("1", "2")}
    assert len(outs) == 1 and outs != {""}


def test_fake_embedder_puts_texts_sharing_words_closer() -> None:
    vecs = FakeEmbedder().encode(
        [
            "the president met the prime minister in Moscow",
            "the president met the prime minister",
            "grain exports through the Black Sea ports",
        ]
    )
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2]


# --------------------------------------------------------------------------- batching contract


def test_fake_token_vectors_are_one_unit_row_per_word_with_offsets() -> None:
    text = "Forces are, always needed"
    (tv,) = FakeEmbedder(dimension=64).encode_tokens([text])
    assert tv.tokens == ("forces", "are", "always", "needed")
    assert [text[a:b] for a, b in tv.offsets] == ["Forces", "are", "always", "needed"]
    assert tv.word_ids == (0, 1, 2, 3) and tv.vectors.shape == (4, 64)
    np.testing.assert_allclose(np.linalg.norm(tv.vectors, axis=1), 1.0, atol=1e-6)
    # the same word is close in another text, other words are not
    (other,) = FakeEmbedder(dimension=64).encode_tokens(["strength is always needed"])
    sim = tv.vectors @ other.vectors.T
    assert sim[2, 2] > 0.8 and sim[0].max() < 0.5
    assert FakeEmbedder().encode_tokens([]) == []
    empty = FakeEmbedder().encode_tokens(["", "a b"])
    assert len(empty[0]) == 0 and empty[1].tokens == ("a", "b")  # input order kept


def test_encode_keeps_input_order_and_reports_progress_per_batch() -> None:
    texts = [("word " * n).strip() for n in (3, 40, 1, 17, 8, 25, 2)]
    emb = FakeEmbedder()
    whole = emb.encode(texts, batch_size=64)
    calls: list[int] = []
    batched = emb.encode(texts, batch_size=3, progress=calls.append)
    singles = np.vstack([emb.encode([t]) for t in texts])
    np.testing.assert_array_equal(batched, singles)
    np.testing.assert_array_equal(whole, singles)
    assert calls == [3, 3, 1]


def test_encode_of_nothing_is_an_empty_matrix() -> None:
    out = FakeEmbedder().encode([])
    assert out.shape == (0, 384) and out.dtype == np.float32


def test_encode_rejects_a_bare_string_and_non_strings() -> None:
    with pytest.raises(InputError):
        FakeEmbedder().encode("one string")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="Text 1"):
        FakeEmbedder().encode(["ok", None])  # type: ignore[list-item]
    with pytest.raises(InputError):
        FakeEmbedder().encode(["ok"], batch_size=0)


# --------------------------------------------------------------------------- model lookup, errors


def test_model_identity_is_the_manifest_name(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("VERIFY_MODEL", raising=False)
    assert model_identity() == "all-MiniLM-L6-v2"
    assert model_identity("sentence-transformers/all-MiniLM-L6-v2") == "all-MiniLM-L6-v2"
    folder = tmp_path / "my-model"
    folder.mkdir()
    assert model_identity(str(folder)) == "my-model"
    monkeypatch.setenv("VERIFY_MODEL", str(folder))
    assert model_identity() == "my-model"


def test_model_identity_and_import_stay_light() -> None:
    code = (
        "import sys; from verify.corpus.embed import model_identity, FakeEmbedder; "
        "model_identity(); FakeEmbedder().encode(['a']); "
        f"print([m for m in sys.modules if m.split('.')[0] in {HEAVY + ('onnxruntime',)!r}])"
    )
    result = _python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_missing_model_folder_is_a_config_error_with_a_hint(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-model"
    for backend in ("onnx-fp32", "torch"):
        with pytest.raises(ConfigError) as info:
            load_embedder(str(missing), backend=backend)
        assert str(missing) in info.value.message and info.value.hint


def test_folder_that_is_not_a_model_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a model")
    with pytest.raises(ConfigError, match="config.json"):
        embed.resolve_model(str(tmp_path))


def test_uncached_hub_name_is_refused_without_network() -> None:
    with pytest.raises(ConfigError, match="never downloads"):
        embed.resolve_model("some-org/surely-not-cached-model-xyz")


def test_model_with_extra_modules_cannot_use_onnx(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text(json.dumps({"hidden_size": 8}))
    (tmp_path / "tokenizer.json").write_text("{}")
    modules = [
        {"idx": i, "name": str(i), "path": path, "type": f"sentence_transformers.models.{kind}"}
        for i, (path, kind) in enumerate(
            [("", "Transformer"), ("1_Pooling", "Pooling"), ("2_Dense", "Dense")]
        )
    ]
    (tmp_path / "modules.json").write_text(json.dumps(modules))
    with pytest.raises(ConfigError, match="Dense") as info:
        ensure_onnx(str(tmp_path))
    assert "torch" in (info.value.hint or "")


def test_backend_choice(monkeypatch) -> None:
    monkeypatch.setenv("VERIFY_EMBED_BACKEND", "fake")
    assert load_embedder().backend == "fake"
    with pytest.raises(ConfigError, match="Unknown embedding backend"):
        load_embedder(backend="onnx-int4")
    monkeypatch.delenv("VERIFY_EMBED_BACKEND")
    assert embed.default_backend() == embed.DEFAULT_BACKEND


def test_explicit_onnx_backend_does_not_silently_fall_back(monkeypatch) -> None:
    def broken(source, quantized):  # noqa: ANN001, ARG001
        raise ConfigError("Exporting failed", "use torch")

    monkeypatch.setattr(embed, "_ensure_onnx", broken)
    with pytest.raises(VerifyError, match="Exporting failed"):
        load_embedder(backend="onnx-int8")


# --------------------------------------------------------------------------- real model, ONNX


@pytest.fixture(scope="session")
def onnx_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A VERIFY_HOME holding both ONNX files: the user's cache if complete, else a fresh one."""
    try:
        cached = embed.model_cache_dir()
    except ConfigError as exc:
        pytest.skip(f"the default model is not installed: {exc.message}")
    if (cached / "model.onnx").exists() and (cached / "model.int8.onnx").exists():
        return config.home()
    home = tmp_path_factory.mktemp("verify-home")
    with _env(VERIFY_HOME=str(home), VERIFY_MODEL=None):
        ensure_onnx(quantized=True)
    return home


def _load(home: Path, backend: str) -> embed.Embedder:
    with _env(VERIFY_HOME=str(home), VERIFY_MODEL=None):
        return load_embedder(backend=backend)


@pytest.fixture(scope="session")
def onnx_fp32(onnx_home: Path) -> embed.Embedder:
    return _load(onnx_home, "onnx-fp32")


@pytest.fixture(scope="session")
def onnx_int8(onnx_home: Path) -> embed.Embedder:
    return _load(onnx_home, "onnx-int8")


@pytest.fixture(params=["onnx-fp32", "onnx-int8"])
def onnx_embedder(request: pytest.FixtureRequest) -> embed.Embedder:
    return request.getfixturevalue(request.param.replace("-", "_"))


@functools.cache
def _corpus_sentences(n: int) -> tuple[str, ...]:
    """n distinct sentences of 10-40 words from different Kremlin documents."""
    path = config.corpora_root() / "kremlin-en" / "putin.csv"
    csv.field_size_limit(1 << 30)
    out: list[str] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            body = row.get("body") or ""
            for a, b in split_sentences(body)[1:]:
                sentence = body[a:b]
                if 10 <= len(sentence.split()) <= 40 and sentence not in out:
                    out.append(sentence)
                    break
            if len(out) == n:
                break
    return tuple(out)


def _real_sentences(n: int) -> list[str]:
    path = config.corpora_root() / "kremlin-en" / "putin.csv"
    if not path.exists():
        pytest.skip(f"shared corpora not found at {path}")
    return list(_corpus_sentences(40)[:n])


def test_onnx_vectors_are_unit_rows_of_the_model_dimension(onnx_embedder) -> None:
    texts = [p for pair in PAIRS for p in pair] + [LONG_TEXT, ""]
    vecs = onnx_embedder.encode(texts)
    assert onnx_embedder.name == "all-MiniLM-L6-v2" and onnx_embedder.dimension == 384
    assert vecs.shape == (len(texts), 384) and vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)


def test_a_sentence_is_nearest_to_its_own_paraphrase(onnx_embedder) -> None:
    originals = onnx_embedder.encode([a for a, _ in PAIRS])
    paraphrases = onnx_embedder.encode([b for _, b in PAIRS])
    scores = originals @ paraphrases.T
    assert list(scores.argmax(axis=1)) == list(range(len(PAIRS)))


def test_corpus_sentences_with_words_dropped_find_their_source(onnx_embedder) -> None:
    sentences = _real_sentences(40)
    damaged = [" ".join(w for i, w in enumerate(s.split()) if i % 5 != 2) for s in sentences]
    scores = onnx_embedder.encode(damaged) @ onnx_embedder.encode(sentences).T
    hits = np.mean(scores.argmax(axis=1) == np.arange(len(sentences)))
    assert hits >= 0.95


def test_onnx_rows_do_not_depend_on_batch_composition(onnx_fp32) -> None:
    texts = [LONG_TEXT, "Let us begin."] + [p for pair in PAIRS for p in pair]
    together = onnx_fp32.encode(texts, batch_size=64)
    alone = np.vstack([onnx_fp32.encode([t]) for t in texts])
    np.testing.assert_allclose(together, alone, atol=1e-5)


def test_onnx_token_vectors_leave_out_special_tokens(onnx_fp32) -> None:
    text = "Forces are always needed, but they're of different quality."
    tvs = onnx_fp32.encode_tokens([text, "Short one.", ""])
    tv = tvs[0]
    assert "[CLS]" not in tv.tokens and "[SEP]" not in tv.tokens and "[PAD]" not in tv.tokens
    assert tv.tokens[0] == "forces" and text[slice(*tv.offsets[0])] == "Forces"
    assert len(tv.word_ids) == len(tv.tokens) == tv.vectors.shape[0]
    assert tv.vectors.shape[1] == 384
    np.testing.assert_allclose(np.linalg.norm(tv.vectors, axis=1), 1.0, atol=1e-5)
    assert tvs[1].tokens == ("short", "one", ".") and len(tvs[2]) == 0  # no padding rows


def test_onnx_empty_input(onnx_int8) -> None:
    assert onnx_int8.encode([]).shape == (0, 384)


@pytest.mark.parametrize("backend", ["onnx-fp32", "onnx-int8"])
def test_batches_on_threads_give_the_same_vectors_bit_for_bit(
    onnx_home: Path, backend: str, monkeypatch
) -> None:
    """Bulk encodes run whole batches on threads over one single-threaded session: the
    vectors must be exactly those of one batch after another (indexes built before keep
    answering the same)."""
    with _env(VERIFY_HOME=str(onnx_home), VERIFY_MODEL=None):
        emb = load_embedder(backend=backend, threads=2)
    texts = _real_sentences(40) + [p for pair in PAIRS for p in pair]
    parallel = emb.encode(texts, batch_size=4)
    assert emb._bulk is not None  # the threaded path ran
    monkeypatch.setenv("VERIFY_EMBED_PARALLEL", "0")
    serial = emb.encode(texts, batch_size=4)
    assert np.array_equal(parallel, serial)


def test_int8p_embeds_passages_on_int8_and_queries_on_fp32(onnx_home, onnx_fp32, onnx_int8):
    split = _load(onnx_home, "onnx-int8p")
    texts = _real_sentences(6)
    assert split.backend == "onnx-int8p" and split.dimension == 384
    assert np.array_equal(split.encode(texts), onnx_fp32.encode(texts))
    assert np.array_equal(split.encode_passages(texts), onnx_int8.encode(texts))


def test_new_indexes_are_built_with_the_build_backend(monkeypatch) -> None:
    monkeypatch.delenv("VERIFY_EMBED_BACKEND", raising=False)
    monkeypatch.setattr(embed, "cpu_multiplies_bf16", lambda: False)
    assert embed.build_backend() == embed.DEFAULT_BUILD_BACKEND
    monkeypatch.setattr(embed, "cpu_multiplies_bf16", lambda: True)
    assert embed.build_backend() == "bf16p"  # hardware bfloat16 (AMX): the faster build
    monkeypatch.setenv("VERIFY_EMBED_BACKEND", "onnx-int8p")
    assert embed.build_backend() == "onnx-int8p"  # an explicit choice always wins
    monkeypatch.setenv("VERIFY_EMBED_BACKEND", "nope")
    with pytest.raises(ConfigError):
        embed.build_backend()


def test_token_budget_batches_keep_rows_times_longest_within_the_budget() -> None:
    lengths = [5, 40, 12, 12, 300, 7, 40, 9]
    batches = embed.token_budget_batches(lengths, 64)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    assert batches[0] == [4]  # longer than the budget: a batch of its own, first
    for b in batches:
        assert len(b) == 1 or len(b) * max(lengths[i] for i in b) <= 64
        assert [lengths[i] for i in b] == sorted((lengths[i] for i in b), reverse=True)
    assert len(batches[-1]) > 1  # short texts share a batch


def test_bf16p_queries_are_fp32_and_passages_stay_within_rounding(onnx_home, onnx_fp32):
    split = _load(onnx_home, "bf16p")
    texts = _real_sentences(40) + [LONG_TEXT]
    assert split.backend == "bf16p" and split.dimension == 384
    assert callable(split._passages)  # the torch model is not loaded for queries
    assert np.array_equal(split.encode(texts), onnx_fp32.encode(texts))
    passages = split.encode_passages(texts)
    assert passages.shape == (len(texts), 384)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-5)
    cosine = np.sum(passages * onnx_fp32.encode(texts), axis=1)
    assert cosine.min() > 0.999
    # rows do not depend on which other texts share the call (batching by token budget)
    alone = split.encode_passages(texts[:3])
    assert np.allclose(alone, passages[:3], atol=2e-3)


def test_int8_stays_close_to_fp32(onnx_fp32, onnx_int8) -> None:
    texts = _real_sentences(30) + [LONG_TEXT]
    cosine = np.sum(onnx_fp32.encode(texts) * onnx_int8.encode(texts), axis=1)
    assert cosine.min() > 0.95 and cosine.mean() > 0.98


@pytest.mark.parametrize("backend", ["onnx-int8", "bf16p"])
def test_onnx_query_path_never_imports_torch(onnx_home: Path, backend: str) -> None:
    code = (
        "import sys; from verify.corpus.embed import load_embedder; "
        f"e = load_embedder(backend={backend!r}); v = e.encode(['Nothing about Ukraine.']); "
        "assert v.shape == (1, 384); "
        f"print([m for m in sys.modules if m.split('.')[0] in {HEAVY!r}])"
    )
    env = {k: v for k, v in os.environ.items() if k != "VERIFY_MODEL"}
    env["VERIFY_HOME"] = str(onnx_home)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert "exporting" not in result.stderr  # the cached file was used


def test_default_load_uses_the_cached_default_backend(onnx_home: Path) -> None:
    with _env(VERIFY_HOME=str(onnx_home), VERIFY_MODEL=None, VERIFY_EMBED_BACKEND=None):
        emb = load_embedder()
    assert (emb.name, emb.backend) == ("all-MiniLM-L6-v2", embed.DEFAULT_BACKEND)


# --------------------------------------------------------------------------- slow: torch, export


@pytest.fixture(scope="session")
def torch_embedder() -> embed.Embedder:
    return load_embedder(backend="torch")


@pytest.mark.slow
def test_onnx_agrees_with_torch(onnx_fp32, onnx_int8, torch_embedder) -> None:
    texts = _real_sentences(30) + [p for pair in PAIRS for p in pair] + [LONG_TEXT, ""]
    reference = torch_embedder.encode(texts)
    assert torch_embedder.dimension == 384
    fp32 = np.sum(onnx_fp32.encode(texts) * reference, axis=1)
    int8 = np.sum(onnx_int8.encode(texts) * reference, axis=1)
    assert fp32.min() > 0.999
    assert int8.min() > 0.97


@pytest.mark.slow
def test_onnx_token_vectors_agree_with_torch(onnx_fp32, torch_embedder) -> None:
    texts = _real_sentences(5) + ["We always need to be strong, but it can take on forms.", ""]
    for a, b in zip(
        onnx_fp32.encode_tokens(texts), torch_embedder.encode_tokens(texts), strict=True
    ):
        assert a.tokens == b.tokens and a.offsets == b.offsets and a.word_ids == b.word_ids
        if len(a):
            assert np.sum(a.vectors * b.vectors, axis=1).min() > 0.999


@pytest.mark.slow
def test_default_backend_falls_back_to_torch_with_a_warning(monkeypatch, capsys) -> None:
    def broken(source, quantized):  # noqa: ANN001, ARG001
        raise ConfigError("Exporting failed")

    monkeypatch.setattr(embed, "_ensure_onnx", broken)
    monkeypatch.delenv("VERIFY_EMBED_BACKEND", raising=False)
    emb = load_embedder()
    assert emb.backend == "torch"
    assert "using the torch backend" in capsys.readouterr().err


@pytest.mark.slow
def test_concurrent_exports_are_safe(tmp_path: Path) -> None:
    """Two processes exporting into an empty cache both succeed and leave one clean file."""
    code = "from verify.corpus.embed import ensure_onnx; print(ensure_onnx(quantized=False))"
    env = {k: v for k, v in os.environ.items() if k != "VERIFY_MODEL"}
    env["VERIFY_HOME"] = str(tmp_path)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=600)[0].strip() for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    assert outs[0] == outs[1] and Path(outs[0]).name == "model.onnx"
    folder = Path(outs[0]).parent
    assert not list(folder.glob("*.tmp")) and not list(folder.glob(".*.tmp"))
    # quantising next to the fp32 file needs no torch and keeps the fp32 file as it was
    before = Path(outs[0]).stat().st_mtime_ns
    with _env(VERIFY_HOME=str(tmp_path), VERIFY_MODEL=None):
        int8 = ensure_onnx(quantized=True)
        assert ensure_onnx(quantized=True) == int8
    assert Path(outs[0]).stat().st_mtime_ns == before
    meta = json.loads((folder / "meta.json").read_text())
    assert meta["name"] == "all-MiniLM-L6-v2" and "model.int8.onnx" in meta["files"]
