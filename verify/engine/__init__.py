"""Where bulk work runs: ``local`` (this machine's processes, the default) or ``ray``.

The Ray engine (``verify.engine.cluster`` and the modules beside it) spreads bulk runs over
a pool of Ray actors, each holding one loaded checker (store, model, index), loaded once
per actor: ``verify article --engine ray`` (:mod:`verify.engine.articles`), ``verify
check --engine ray`` (:mod:`verify.engine.quotes`) and ``verify index build --engine ray``
(:mod:`verify.engine.index`). Without an address it starts a private Ray instance on
loopback; with one it joins that cluster. Nothing here imports ray at module level: ``verify
--help`` and the local engine never load it.
"""

from __future__ import annotations

from verify.errors import InputError

ENGINES = ("local", "ray")


def check_engine(
    engine: str | None, *, address: str | None = None, actors: int | None = None
) -> str:
    """The engine's name, lower case; InputError for an unknown one or for Ray options
    given to the local engine."""
    name = (engine or "local").strip().lower()
    if name not in ENGINES:
        raise InputError(f"Unknown engine {engine!r}.", "Use --engine local or --engine ray.")
    if name == "local" and (address or actors is not None):
        raise InputError(
            "--address and --actors are options of the Ray engine.",
            "Add --engine ray, or leave them out.",
        )
    if actors is not None and actors < 1:
        raise InputError(f"--actors must be at least 1, not {actors}.", "Give --actors 1 or more.")
    return name


__all__ = ["ENGINES", "check_engine"]
