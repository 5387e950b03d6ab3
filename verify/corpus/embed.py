"""Sentence embeddings: one interface, several backends.

``load_embedder()`` returns an object with ``name``, ``backend``, ``dimension`` and
``encode(texts) -> float32 (n, dimension)`` with L2-normalised rows in input order, and
``encode_tokens(texts) -> [TokenVectors]``: each text's contextual token vectors (the model's
last hidden state, before pooling) with the tokens and their character offsets, for
comparing texts word by word (:mod:`verify.check.wordalign`).

Backends (``VERIFY_EMBED_BACKEND`` or ``backend=``):

- ``onnx-int8``: the model exported once to ONNX and quantised (dynamic int8, per channel),
  run with onnxruntime + the ``tokenizers`` fast tokenizer + mean pooling in numpy.
- ``onnx-fp32``: the same export without quantisation (same vectors as torch).
- ``onnx-int8p``: passages (index builds, ``encode_passages``) on int8, queries (``encode``)
  on fp32: the faster build, query vectors as exact as fp32's.
- ``bf16p``: passages (index builds) on torch in bfloat16, where the CPU multiplies it in
  hardware (Intel AMX), in token-budget batches on one thread per core; queries on
  onnx-fp32 (torch is imported only when passages are embedded). The default for new
  indexes on such CPUs (see ``build_backend()``).
- ``torch``: sentence-transformers on the CPU (imports torch: about 5 s).
- ``fake``: a deterministic hashing embedder for tests of plumbing (no model).

The ONNX run path imports only onnxruntime, tokenizers and numpy. Exporting needs torch
and happens once per model (``prepare_model()`` / ``ensure_onnx()``); the files are cached
under ``<VERIFY_HOME>/models/<model-id>/``. Nothing here touches the network.

An index and the queries against it must use the same ``name`` and ``backend``.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from verify import config
from verify.corpus.model import (
    BACKENDS,
    DEFAULT_BACKEND,
    DEFAULT_BUILD_BACKEND,
    ENV_BACKEND,
    HARDWARE_BF16_BUILD_BACKEND,
    Embedder,
    ModelSource,
    _offline_env,
    model_cache_dir,
    model_identity,
    resolve_model,
)
from verify.corpus.onnx_export import (
    _ensure_onnx,
    _no_hf_progress_bars,
    ensure_onnx,
)
from verify.errors import ConfigError, InputError, VerifyError

# the names this module has always offered, now defined beside it
__all__ = [
    "BACKENDS",
    "DEFAULT_BACKEND",
    "DEFAULT_BUILD_BACKEND",
    "ENV_BACKEND",
    "Embedder",
    "ModelSource",
    "model_cache_dir",
    "model_identity",
    "resolve_model",
    "ensure_onnx",
    "FakeEmbedder",
    "OnnxEmbedder",
    "SplitEmbedder",
    "TorchEmbedder",
    "TokenVectors",
    "load_embedder",
    "prepare_model",
    "default_backend",
    "build_backend",
]


@dataclass(frozen=True)
class TokenVectors:
    """One text's contextual token vectors, special tokens ([CLS], [SEP], padding) left out.

    ``tokens``: the model's tokens (word pieces, "##" marks a continuation); ``offsets``:
    each token's (start, end) characters in the text; ``word_ids``: which word of the text
    (as the tokenizer splits words: punctuation is its own word) each token belongs to;
    ``vectors``: float32 (n_tokens, dimension), L2-normalised rows.
    """

    tokens: tuple[str, ...]
    offsets: tuple[tuple[int, int], ...]
    word_ids: tuple[int, ...]
    vectors: np.ndarray

    def __len__(self) -> int:
        return len(self.tokens)


class _BaseEmbedder:
    """Length-sorted batching, progress, normalisation and order restoration."""

    name: str
    backend: str
    dimension: int

    def _embed_batch(self, texts: list[str]) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int = 64,
        progress: Callable[[int], None] | None = None,
    ) -> np.ndarray:
        """Embed ``texts``: float32 (n, dimension), unit rows, in input order."""
        texts = _check_texts(texts)
        if batch_size < 1:
            raise InputError(f"batch_size must be at least 1, not {batch_size}.")
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        for idx, vectors in self._batched_vectors(texts, batch_size):
            out[idx] = _l2_normalise(np.asarray(vectors, dtype=np.float32))
            if progress is not None:
                progress(len(idx))
        return out

    def encode_tokens(self, texts: Sequence[str], *, batch_size: int = 16) -> list[TokenVectors]:
        """Each text's contextual token vectors, in input order (see :class:`TokenVectors`).
        Texts longer than the model's window are cut there, as ``encode`` cuts them."""
        texts = _check_texts(texts)
        out: list[TokenVectors | None] = [None] * len(texts)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for a in range(0, len(order), max(1, batch_size)):
            idx = order[a : a + batch_size]
            for i, tv in zip(idx, self._token_batch([texts[i] for i in idx]), strict=True):
                out[i] = tv
        return [tv for tv in out if tv is not None]

    def _token_batch(self, texts: list[str]) -> list[TokenVectors]:  # pragma: no cover
        raise NotImplementedError

    def _batched_vectors(
        self, texts: list[str], batch_size: int
    ) -> Iterator[tuple[list[int], np.ndarray]]:
        """(indices, raw vectors) of each batch of ``batch_size`` texts, longest first:
        similar lengths share a batch (little padding), and the largest batch comes first so
        a memory problem shows at once."""
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        batches = [order[a : a + batch_size] for a in range(0, len(order), batch_size)]
        yield from zip(batches, self._run_batches(texts, batches), strict=True)

    def _run_batches(self, texts: list[str], batches: list[list[int]]) -> Iterator[np.ndarray]:
        """The batches' raw vectors, in order (one after another here)."""
        for idx in batches:
            yield self._embed_batch([texts[i] for i in idx])

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} {self.backend} dim={self.dimension}>"


def _check_texts(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str):
        raise InputError(
            "encode() takes a list of texts, not one string.", "Wrap it: encode([text])."
        )
    texts = list(texts)
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise InputError(
                f"Text {i} to embed is a {type(text).__name__}, not a string.",
                "Pass a list of strings.",
            )
    return texts


def _token_vectors(
    hidden: np.ndarray, tokens: Sequence[str], offsets: Sequence, word_ids: Sequence, keep: Any
) -> TokenVectors:
    """One row of a batch's hidden states as TokenVectors: the kept (non-special) tokens."""
    rows = [k for k, flag in enumerate(keep) if flag]
    vectors = np.asarray(hidden[rows], dtype=np.float32).reshape(len(rows), hidden.shape[-1])
    return TokenVectors(
        tokens=tuple(str(tokens[k]) for k in rows),
        offsets=tuple((int(offsets[k][0]), int(offsets[k][1])) for k in rows),
        word_ids=tuple(int(word_ids[k]) for k in rows),
        vectors=_l2_normalise(vectors) if rows else vectors,
    )


def _l2_normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


_WORD = re.compile(r"\w+", re.UNICODE)


class FakeEmbedder(_BaseEmbedder):
    """Deterministic hashing embedder for tests of plumbing (no model, no heavy imports).

    Texts sharing words (and word pairs) get similar vectors; identical texts identical ones;
    results do not depend on the process (no Python ``hash()``).
    """

    name = "fake"
    backend = "fake"

    def __init__(self, dimension: int = 384):
        if dimension < 2:
            raise ValueError("dimension must be at least 2")
        self.dimension = dimension

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            words = [w.lower() for w in _WORD.findall(text)]
            features = words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
            if not features:
                features = ["\0empty"]
            for feature in features:
                h = int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest())
                out[row, h % self.dimension] += 1.0 if (h >> 32) & 1 else -1.0
            if not out[row].any():  # every feature cancelled out
                out[row, 0] = 1.0
        return out

    def _token_batch(self, texts: list[str]) -> list[TokenVectors]:
        """One token per word (lower-cased), its vector the word's hash feature plus a
        quarter of each neighbour's: the same word gets close vectors in any text, other
        words nearly orthogonal ones."""
        out = []
        for text in texts:
            found = list(_WORD.finditer(text))
            base = np.zeros((len(found), self.dimension), dtype=np.float32)
            for k, m in enumerate(found):
                h = int.from_bytes(
                    hashlib.blake2b(m.group().lower().encode(), digest_size=8).digest()
                )
                base[k, h % self.dimension] = 1.0
                base[k, (h >> 20) % self.dimension] += 0.5
            hidden = base.copy()
            hidden[1:] += 0.25 * base[:-1]
            hidden[:-1] += 0.25 * base[1:]
            out.append(
                _token_vectors(
                    hidden,
                    [m.group().lower() for m in found],
                    [m.span() for m in found],
                    range(len(found)),
                    [True] * len(found),
                )
            )
        return out


def _threads(threads: int | None) -> int:
    """Threads for the model: the argument, else VERIFY_THREADS, else every core."""
    return max(1, int(threads or config.settings().threads or os.cpu_count() or 1))


class OnnxEmbedder(_BaseEmbedder):
    """onnxruntime + tokenizers + numpy mean pooling. Imports neither torch nor transformers."""

    def __init__(
        self, source: ModelSource, onnx_path: Path, backend: str, *, threads: int | None = None
    ):
        import onnxruntime as ort

        self.name = source.name
        self.backend = backend
        self.dimension = source.dimension
        self.path = onnx_path
        options = ort.SessionOptions()
        options.intra_op_num_threads = _threads(threads)
        options.inter_op_num_threads = 1
        # Idle threads sleep instead of spinning: on 2 shared cores, spinning measured slower
        # (fp32 34 vs 39 sentences/s, int8 66 vs 85 with other jobs running).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        try:
            self.session = ort.InferenceSession(
                str(onnx_path), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:
            raise ConfigError(
                f"onnxruntime cannot load {onnx_path}: {exc}",
                "Delete that file and export it again (python -m verify.corpus.embed), "
                "or use VERIFY_EMBED_BACKEND=torch.",
            ) from exc
        self.input_names = {i.name for i in self.session.get_inputs()}
        self.tokenizer = _load_tokenizer(source)
        self.threads = options.intra_op_num_threads
        self._bulk: Any = None  # (session of one thread each, thread pool), made on first use
        self._options = (ort, onnx_path)

    def _run_batches(self, texts: list[str], batches: list[list[int]]) -> Iterator[np.ndarray]:
        """Several batches: one session of one intra-op thread shared by ``threads`` Python
        threads, each running whole batches (onnxruntime releases the GIL), instead of every
        matrix product split over the cores. The same vectors bit for bit (measured: fp32 and
        int8 rows do not depend on the thread count), less idle time between operators."""
        if len(batches) < 2 or self.threads < 2 or os.environ.get("VERIFY_EMBED_PARALLEL") == "0":
            yield from super()._run_batches(texts, batches)
            return
        if self._bulk is None:
            from concurrent.futures import ThreadPoolExecutor

            ort, onnx_path = self._options
            options = ort.SessionOptions()
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            options.log_severity_level = 3
            session = ort.InferenceSession(
                str(onnx_path), options, providers=["CPUExecutionProvider"]
            )
            self._bulk = (session, ThreadPoolExecutor(self.threads, thread_name_prefix="embed"))
        session, pool = self._bulk
        # at most 2 x threads batches in flight: memory stays bounded on long lists
        pending: list[Any] = []
        for idx in batches:
            pending.append(pool.submit(self._embed_batch, [texts[i] for i in idx], session))
            if len(pending) >= 2 * self.threads:
                yield pending.pop(0).result()
        for fut in pending:
            yield fut.result()

    def _embed_batch(self, texts: list[str], session: Any = None) -> np.ndarray:
        encodings = self.tokenizer.encode_batch([t.strip() for t in texts])
        ids = np.asarray([e.ids for e in encodings], dtype=np.int64)
        mask = np.asarray([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.input_names:
            feeds["token_type_ids"] = np.asarray([e.type_ids for e in encodings], dtype=np.int64)
        (hidden,) = (session or self.session).run(["last_hidden_state"], feeds)
        weights = mask.astype(np.float32)
        summed = np.einsum("bsd,bs->bd", hidden, weights)
        return summed / np.maximum(weights.sum(axis=1, keepdims=True), 1e-9)

    def _token_batch(self, texts: list[str]) -> list[TokenVectors]:
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.asarray([e.ids for e in encodings], dtype=np.int64)
        mask = np.asarray([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.input_names:
            feeds["token_type_ids"] = np.asarray([e.type_ids for e in encodings], dtype=np.int64)
        (hidden,) = self.session.run(["last_hidden_state"], feeds)
        return [
            _token_vectors(
                hidden[b],
                e.tokens,
                e.offsets,
                [-1 if w is None else w for w in e.word_ids],
                [
                    m == 1 and not sp
                    for m, sp in zip(e.attention_mask, e.special_tokens_mask, strict=True)
                ],
            )
            for b, e in enumerate(encodings)
        ]


def _load_tokenizer(source: ModelSource) -> Any:
    from tokenizers import Tokenizer

    try:
        tokenizer = Tokenizer.from_file(str(source.path / "tokenizer.json"))
    except Exception as exc:
        raise ConfigError(
            f"Cannot load the tokenizer of {source.path}: {exc}",
            "Reinstall the model or use VERIFY_EMBED_BACKEND=torch.",
        ) from exc
    # tokenizer.json may carry its own fixed padding/truncation: use the model's settings.
    padding = tokenizer.padding or {}
    pad_token = padding.get("pad_token") or "[PAD]"
    pad_id = padding.get("pad_id")
    if pad_id is None:
        pad_id = tokenizer.token_to_id(pad_token) or 0
    tokenizer.no_padding()
    tokenizer.enable_padding(pad_id=pad_id, pad_token=pad_token)  # longest in the batch
    tokenizer.enable_truncation(max_length=source.max_seq_length)
    return tokenizer


class SplitEmbedder:
    """Passages on one embedder (``encode_passages``: index builds), queries on another
    (``encode``). Both of the same model and dimension. ``make_passages`` makes the passage
    embedder on the first ``encode_passages``: a checker that only embeds queries never
    loads it."""

    def __init__(self, backend: str, queries: Any, make_passages: Callable[[], Any]):
        self.name = queries.name
        self.backend = backend
        self.dimension = queries.dimension
        self.queries = queries
        self._passages = make_passages
        self._passage_embedder: Any = None

    @property
    def passages_embedder(self) -> Any:
        if self._passage_embedder is None:
            self._passage_embedder = self._passages()
        return self._passage_embedder

    def encode(self, texts: Sequence[str], **kw: Any) -> np.ndarray:
        return self.queries.encode(texts, **kw)

    def encode_passages(self, texts: Sequence[str], **kw: Any) -> np.ndarray:
        return self.passages_embedder.encode(texts, **kw)

    def encode_tokens(self, texts: Sequence[str], **kw: Any) -> list[TokenVectors]:
        return self.queries.encode_tokens(texts, **kw)

    def __repr__(self) -> str:
        return f"<SplitEmbedder {self.name} {self.backend} dim={self.dimension}>"


def cpu_multiplies_bf16() -> bool:
    """Whether this CPU has Intel AMX bfloat16 tiles (Linux /proc/cpuinfo): where it does
    not, torch emulates bfloat16 and is slower than float32."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.startswith("flags"):
                    return "amx_bf16" in line.split()
    except OSError:
        pass
    return False


# Rows x longest row of a bf16 batch. Measured on 1,000 real passages (2 cores, AMX): 2,048
# tokens 817 sentences/s, 1,024 776, 4,096 757, a fixed 32 rows 711; sentence-transformers
# (fp32, 32 rows) 236-249 in the same run.
TOKEN_BUDGET = 2048


def token_budget_batches(lengths: Sequence[int], budget: int) -> list[list[int]]:
    """Indices grouped longest first into batches whose rows x longest row stay within
    ``budget`` tokens (a row longer than the budget is a batch of its own): short texts
    share large batches, long ones small, and padding stays small."""
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        if current and (len(current) + 1) * lengths[current[0]] > budget:
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


class TorchBf16Embedder(_BaseEmbedder):
    """The transformer in bfloat16 on torch (AMX matrix tiles), mean pooling and the
    normalisation in float32. The same fast tokenizer as the ONNX path; batches by token
    budget; with several cores, one torch thread per core, each running whole batches (torch
    releases the GIL), which measured faster than every product split over the cores."""

    backend = "torch-bf16"

    def __init__(self, source: ModelSource, *, threads: int | None = None):
        _offline_env()
        import torch
        from transformers import AutoModel

        self.name = source.name
        self.dimension = source.dimension
        self.threads = _threads(threads)
        try:
            with _no_hf_progress_bars():
                model = AutoModel.from_pretrained(str(source.path), dtype=torch.bfloat16)
        except Exception as exc:
            raise ConfigError(
                f"transformers cannot load {source.path} in bfloat16: {exc}",
                "Point VERIFY_MODEL at a complete model folder, or use "
                "VERIFY_EMBED_BACKEND=onnx-fp32.",
            ) from exc
        self.model = model.eval()
        self.tokenizer = _load_tokenizer(source)
        self.tokenizer.no_padding()  # batches are padded here, after grouping by length
        self._pool: Any = None

    def _batched_vectors(
        self, texts: list[str], batch_size: int
    ) -> Iterator[tuple[list[int], np.ndarray]]:
        """Batches by token budget (TOKEN_BUDGET), not by ``batch_size`` rows; the texts
        tokenised once, here."""
        import torch

        encodings = self.tokenizer.encode_batch([t.strip() for t in texts])
        batches = token_budget_batches([len(e.ids) for e in encodings], TOKEN_BUDGET)
        parallel = self.threads > 1 and len(batches) > 1
        torch.set_num_threads(1 if parallel else self.threads)
        rows = ([encodings[i] for i in idx] for idx in batches)
        if parallel:
            if self._pool is None:
                from concurrent.futures import ThreadPoolExecutor

                self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="embed-bf16")
            yield from zip(batches, self._pool.map(self._embed_encoded, rows), strict=True)
        else:
            yield from zip(batches, map(self._embed_encoded, rows), strict=True)

    def _embed_encoded(self, encodings: list[Any]) -> np.ndarray:
        import torch

        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        types = np.zeros((len(encodings), width), dtype=np.int64)
        for b, e in enumerate(encodings):
            n = len(e.ids)
            ids[b, :n] = e.ids
            mask[b, :n] = 1
            types[b, :n] = e.type_ids
        with torch.inference_mode():
            hidden = self.model(
                input_ids=torch.from_numpy(ids),
                attention_mask=torch.from_numpy(mask),
                token_type_ids=torch.from_numpy(types),
            ).last_hidden_state.float()
        weights = torch.from_numpy(mask).unsqueeze(-1).float()
        summed = (hidden * weights).sum(dim=1)
        return (summed / weights.sum(dim=1).clamp(min=1e-9)).numpy()


class TorchEmbedder(_BaseEmbedder):
    """sentence-transformers on the CPU."""

    backend = "torch"

    def __init__(self, source: ModelSource, *, threads: int | None = None):
        _offline_env()
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(_threads(threads))
        self.name = source.name
        try:
            with _no_hf_progress_bars():
                self.model = SentenceTransformer(str(source.path), device="cpu")
        except Exception as exc:
            raise ConfigError(
                f"sentence-transformers cannot load {source.path}: {exc}",
                "Point VERIFY_MODEL at a complete sentence-transformers model folder.",
            ) from exc
        self.model.max_seq_length = source.max_seq_length
        self.dimension = int(self.model.get_embedding_dimension())

    def _token_batch(self, texts: list[str]) -> list[TokenVectors]:
        import torch

        transformer = self.model[0]
        batch = self.model.tokenizer(
            texts,
            padding=True,
            truncation=True,
            max_length=self.model.max_seq_length,
            return_offsets_mapping=True,
            return_special_tokens_mask=True,
            return_tensors="pt",
        )
        offsets = batch.pop("offset_mapping").tolist()
        special = batch.pop("special_tokens_mask").tolist()
        with torch.inference_mode():
            hidden = transformer.auto_model(**batch).last_hidden_state.float().numpy()
        mask = batch["attention_mask"].tolist()
        out = []
        for b in range(len(texts)):
            ids = batch["input_ids"][b].tolist()
            word_ids = [-1 if w is None else w for w in batch.word_ids(b)]
            keep = [m == 1 and not sp for m, sp in zip(mask[b], special[b], strict=True)]
            tokens = self.model.tokenizer.convert_ids_to_tokens(ids)
            out.append(_token_vectors(hidden[b], tokens, offsets[b], word_ids, keep))
        return out

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        return self.model.encode(
            texts,
            batch_size=len(texts),
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )


# --------------------------------------------------------------------------- ONNX export


def default_backend() -> str:
    """``VERIFY_EMBED_BACKEND`` if set, else the measured default (``DEFAULT_BACKEND``)."""
    value = os.environ.get(ENV_BACKEND, "").strip()
    return value or DEFAULT_BACKEND


def _check_backend(backend: str) -> str:
    backend = backend.strip().lower()
    if backend not in BACKENDS:
        raise ConfigError(
            f"Unknown embedding backend {backend!r}.",
            f"Use one of {', '.join(BACKENDS)} (VERIFY_EMBED_BACKEND or --backend).",
        )
    return backend


def load_embedder(
    model: str | None = None, *, backend: str | None = None, threads: int | None = None
) -> Embedder:
    """An embedder for ``model`` (None: ``verify.config.model_name()``) on ``backend``.

    ``backend`` None: ``VERIFY_EMBED_BACKEND`` or the measured default. If the default ONNX
    backend cannot be used (onnxruntime missing, export failing), this falls back to torch
    and says so on stderr; an explicitly requested backend raises ConfigError instead.
    Check ``embedder.backend`` for what you got. Never touches the network.
    """
    explicit = backend is not None or bool(os.environ.get(ENV_BACKEND, "").strip())
    chosen = _check_backend(backend if backend is not None else default_backend())
    if chosen == "fake":
        return FakeEmbedder()
    source = resolve_model(model)
    if chosen == "torch":
        return TorchEmbedder(source, threads=threads)
    try:
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError as exc:
        if explicit:
            raise ConfigError(
                f"The {chosen} backend needs onnxruntime and tokenizers: {exc}",
                "pip install -e . (onnxruntime is a project dependency), or use "
                "VERIFY_EMBED_BACKEND=torch.",
            ) from exc
        _warn(f"onnxruntime is not available ({exc}); using the torch backend.")
        return TorchEmbedder(source, threads=threads)
    try:
        if chosen == "onnx-int8p":
            fp32 = OnnxEmbedder(source, _ensure_onnx(source, False), chosen, threads=threads)
            int8 = OnnxEmbedder(source, _ensure_onnx(source, True), chosen, threads=threads)
            return SplitEmbedder(chosen, fp32, lambda: int8)
        if chosen == "bf16p":
            fp32 = OnnxEmbedder(source, _ensure_onnx(source, False), chosen, threads=threads)
            return SplitEmbedder(chosen, fp32, lambda: TorchBf16Embedder(source, threads=threads))
        path = _ensure_onnx(source, quantized=chosen == "onnx-int8")
        return OnnxEmbedder(source, path, chosen, threads=threads)
    except ConfigError as exc:
        if explicit:
            raise
        _warn(f"{exc.message}; using the torch backend instead.")
        return TorchEmbedder(source, threads=threads)


def _warn(message: str) -> None:
    print(f"verify: warning: {message}", file=sys.stderr)


def prepare_model(model: str | None = None, *, backend: str | None = None) -> Path | None:
    """Make ``load_embedder(model, backend=backend)`` fast: export/quantise the ONNX file now.

    For ``make install`` and ``verify index build``. Returns the ONNX file, or None for
    the torch and fake backends (nothing to prepare beyond checking the model folder).
    """
    chosen = _check_backend(backend if backend is not None else default_backend())
    if chosen == "fake":
        return None
    source = resolve_model(model)
    if chosen == "torch":
        return None
    if chosen == "onnx-int8p":
        _ensure_onnx(source, quantized=False)
    return _ensure_onnx(source, quantized=chosen in ("onnx-int8", "onnx-int8p"))


def build_backend() -> str:
    """The backend a new index is built with: ``VERIFY_EMBED_BACKEND`` if set, else
    ``bf16p`` where the CPU multiplies bfloat16 in hardware (``cpu_multiplies_bf16()``),
    else ``DEFAULT_BUILD_BACKEND``. An existing index keeps the backend
    its manifest records (queries must be embedded the way its passages were)."""
    value = os.environ.get(ENV_BACKEND, "").strip()
    if value:
        return _check_backend(value)
    return HARDWARE_BF16_BUILD_BACKEND if cpu_multiplies_bf16() else DEFAULT_BUILD_BACKEND


def main(argv: list[str] | None = None) -> int:
    """``python -m verify.corpus.embed [--model M] [--backend B]``: prepare the model cache."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m verify.corpus.embed", description=main.__doc__)
    parser.add_argument("--model", default=None)
    parser.add_argument("--backend", default=None, choices=BACKENDS)
    args = parser.parse_args(argv)
    try:
        path = prepare_model(args.model, backend=args.backend)
    except VerifyError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        if exc.hint:
            print(exc.hint, file=sys.stderr)
        return exc.exit_code
    print(path if path is not None else "nothing to prepare")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
