"""Starting or joining Ray, and what every actor is handed.

- :func:`ray_session` starts a private Ray instance on loopback (CPUs from the machine, no
  dashboard, no usage report) or, with ``address``, joins an existing cluster; an instance
  it started is shut down when the run ends, one it joined is left running.
- :func:`actor_setup` is what decides what an actor loads: this process's ``Settings`` (as
  worker processes get them: home resolved, one model thread) and the offline switches of
  the model libraries, handed to each actor so it opens the same store, index and model as
  this process, even on another node (the store and index must then be at a path every
  node can read).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from verify import config
from verify.errors import ConfigError, VerifyError

# environment an actor needs to load what this process would load
_PASSED = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE")


def import_ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise ConfigError(
            f"The Ray engine needs the ray package ({exc}).",
            'Install it: pip install "ray[data]==2.60.0" (or use --engine local).',
        ) from None
    return ray


def actor_setup() -> dict[str, Any]:
    from verify.workers import worker_settings

    return {
        "settings": worker_settings(),
        "env": {k: os.environ[k] for k in _PASSED if k in os.environ},
    }


def take_on(setup: dict[str, Any]) -> None:
    """In an actor: take on the driver's settings."""
    os.environ.update(setup["env"])
    config.use(setup["settings"])


@contextmanager
def ray_session(address: str | None = None) -> Iterator[Any]:
    """The ray module, connected: to ``address`` when given, else to a private instance on
    loopback; reuses a connection this process already has."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    if not address:
        # a private instance binds to loopback only (Ray's own switch for single-machine
        # instances, inherited by its processes)
        os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.ERROR)
    ray = import_ray()
    if not address:
        from ray._private import ray_constants

        ray_constants.ENABLE_RAY_CLUSTER = False  # read at call time; the variable at import
    started = False
    if not ray.is_initialized():
        try:
            if address:
                ray.init(address=address, logging_level=logging.WARNING, log_to_driver=False)
            else:
                ray.init(
                    num_cpus=os.cpu_count() or 1,
                    include_dashboard=False,
                    logging_level=logging.WARNING,
                    log_to_driver=False,
                )
        except VerifyError:
            raise
        except Exception as exc:  # ConnectionError, a dead cluster, a bad address
            where = f"the Ray cluster at {address}" if address else "a local Ray instance"
            raise ConfigError(
                f"Could not start or join {where}: {type(exc).__name__}: {exc}",
                "Check the address (ray start --head prints it), or leave out --address "
                "to start a local instance; --engine local needs no Ray.",
            ) from None
        started = True
    _quiet_ray_data()
    try:
        yield ray
    finally:
        if started:
            ray.shutdown()


def _quiet_ray_data() -> None:
    from ray.data import DataContext

    ctx = DataContext.get_current()
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False


def cluster_cpus(ray: Any) -> int:
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def pool_size(ray: Any, actors: int | None) -> int:
    """Actors to start: as asked, else one per CPU of the cluster."""
    return actors if actors else cluster_cpus(ray)


READ_CPUS = 0.25  # what a Ray Data task reading and parsing input files reserves


def actor_cpus(ray: Any, actors: int) -> float:
    """CPUs each actor reserves: one, or an equal share of what the readers leave when more
    actors than that were asked for (so that every actor and a reader can run at once)."""
    return min(1.0, (cluster_cpus(ray) - READ_CPUS) / actors)


def run_stopped(exc: BaseException, results: Any = None) -> VerifyError:
    """The error to show when a Ray run dies part way."""
    cause = exc
    while getattr(cause, "cause", None) is not None and cause is not cause.cause:
        cause = cause.cause
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    first_line = lines[0] if lines else "no reason given"
    keep = (
        f" Finished articles are kept in {results}; run the same command again to finish the rest."
        if results
        else ""
    )
    return VerifyError(
        f"The Ray run stopped: {type(cause).__name__}: {first_line[:300]}{keep}",
        "If an actor ran out of memory, use fewer --actors; --engine local needs no Ray.",
    )
