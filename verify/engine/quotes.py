"""`verify check --engine ray`: a JSON-lines batch of quotes on a pool of Ray actors.

Each actor holds one Checker (store, model, index loaded once per actor) and answers with
the same record as a local worker process (:mod:`verify.check.batch`). Results arrive in the
order the quotes finish and are handed on in input order: each one as soon as every earlier
one has been handed on.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from verify.errors import VerifyError


class QuoteActor:
    """One Ray actor: a loaded Checker, kept for every quote it is handed."""

    def __init__(self, setup: dict[str, Any]):
        from verify.check import batch
        from verify.engine.cluster import take_on

        take_on(setup)
        batch._init_worker(setup["settings"])
        self._check = batch._check_one

    def __call__(self, row: dict[str, Any]) -> dict[str, Any]:
        out = self._check(json.loads(row["item"]))
        return {"seq": row["seq"], "result": json.dumps(out, ensure_ascii=False)}


def check_items_ray(
    items: Iterable[dict[str, Any] | VerifyError],
    *,
    actors: int | None = None,
    address: str | None = None,
    progress: Callable[[], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """Results (the JSON contract, plus "error" for lines that could not be checked), in
    input order, checked on Ray."""
    from verify.check.batch import _as_item
    from verify.engine.cluster import actor_cpus, actor_setup, pool_size, ray_session, run_stopped

    rows = [
        {"seq": i, "item": json.dumps(_as_item(it), ensure_ascii=False)}
        for i, it in enumerate(items)
    ]
    if not rows:
        return
    setup = actor_setup()
    with ray_session(address) as ray:
        import ray.data

        n = min(pool_size(ray, actors), len(rows))
        ds = ray.data.from_items(rows, override_num_blocks=-(-len(rows) // 4)).map(
            QuoteActor,
            fn_constructor_kwargs={"setup": setup},
            compute=ray.data.ActorPoolStrategy(size=n),
            num_cpus=actor_cpus(ray, n),
        )
        waiting: dict[int, dict[str, Any]] = {}
        next_seq = 0
        try:
            for row in ds.iter_rows():
                waiting[int(row["seq"])] = json.loads(row["result"])
                if progress:
                    progress()
                while next_seq in waiting:
                    yield waiting.pop(next_seq)
                    next_seq += 1
        except (VerifyError, KeyboardInterrupt, GeneratorExit):
            raise
        except Exception as exc:
            raise run_stopped(exc) from None


__all__ = ["check_items_ray", "QuoteActor"]
