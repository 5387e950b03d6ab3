"""Exporting the model to ONNX once (torch.onnx, dynamo), quantising it to int8, and checking
the export against its reference; cached per model fingerprint, under a file lock."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import time
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from verify.corpus.model import (
    _CHECK_SENTENCES,
    _EXPORT_VERSION,
    _FP32_CHECK_MIN,
    _FP32_FILE,
    _INT8_CHECK_MIN,
    _INT8_FILE,
    ModelSource,
    _cache_dir,
    _fingerprint,
    _offline_env,
    resolve_model,
)
from verify.errors import ConfigError, VerifyError


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

    from verify.corpus.embed import _threads

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
    from verify.corpus.embed import OnnxEmbedder, _l2_normalise, _load_tokenizer

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
