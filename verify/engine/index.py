"""`verify index build --engine ray`: passages embedded by a pool of Ray actors.

The build itself is :func:`verify.corpus.index.build`, unchanged: it reads the passages
from the store here, adds the vectors to one index, checkpoints, and commits the index file
and its manifest atomically. Only the embedding is spread: each batch of passages is cut
into shards, one actor embeds each shard (every actor holds one loaded model), and the
shards' vectors are put back together in passage order. The store stays on this machine;
only the model must be installed on every node.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

SHARD = 256  # passages an actor embeds per call


class EmbedActor:
    """One Ray actor: a loaded embedder."""

    def __init__(self, setup: dict[str, Any], backend: str | None):
        from verify.corpus.embed import load_embedder
        from verify.engine.cluster import take_on

        take_on(setup)
        self.embedder = load_embedder(backend=backend)

    def info(self) -> tuple[str, str, int]:
        e = self.embedder
        return e.name, e.backend, e.dimension

    def encode(self, texts: list[str]) -> Any:
        """Passages as this embedder embeds passages (``encode_passages`` where it has one:
        an index of int8 passages with fp32 queries)."""
        e = self.embedder
        return (getattr(e, "encode_passages", None) or e.encode)(texts)


class RayEmbedder:
    """An embedder of passages (``name``, ``backend``, ``dimension``, ``encode``) whose work
    is done by a pool of actors; what ``verify.corpus.index.build`` takes as its
    ``embedder``."""

    def __init__(self, ray: Any, actors: list[Any], info: tuple[str, str, int], shard: int):
        self._ray = ray
        self.actors = actors
        self.name, self.backend, self.dimension = info
        self.shard = shard

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int = 64,
        progress: Callable[[int], None] | None = None,
    ) -> Any:
        import numpy as np

        texts = list(texts)
        if not texts:
            return np.empty((0, self.dimension), dtype=np.float32)
        # shards small enough for every actor to get one, at most ``shard`` long
        size = max(1, min(self.shard, -(-len(texts) // len(self.actors))))
        shards = [texts[i : i + size] for i in range(0, len(texts), size)]
        refs = [self.actors[k % len(self.actors)].encode.remote(s) for k, s in enumerate(shards)]
        out = []
        for s, ref in zip(shards, refs, strict=True):
            out.append(np.asarray(self._ray.get(ref), dtype=np.float32))
            if progress is not None:
                progress(len(s))
        return np.concatenate(out)

    encode_passages = encode  # an index build is all it is for

    def __repr__(self) -> str:
        return f"<RayEmbedder {self.name} {self.backend} actors={len(self.actors)}>"


@contextmanager
def ray_embedder(
    backend: str | None = None,
    *,
    address: str | None = None,
    actors: int | None = None,
    shard: int = SHARD,
) -> Iterator[RayEmbedder]:
    """A RayEmbedder over a pool of ``actors`` (default one per CPU of the cluster)."""
    from verify.engine.cluster import actor_cpus, actor_setup, pool_size, ray_session, run_stopped
    from verify.errors import VerifyError

    with ray_session(address) as ray:
        n = pool_size(ray, actors)
        remote = ray.remote(EmbedActor).options(
            num_cpus=actor_cpus(ray, n), max_restarts=-1, max_task_retries=-1
        )
        setup = actor_setup()
        pool = [remote.remote(setup, backend) for _ in range(n)]
        try:
            try:
                info = ray.get(pool[0].info.remote())
            except Exception as exc:
                cause = getattr(exc, "cause", None)
                if isinstance(cause, VerifyError):
                    raise cause from None
                raise run_stopped(exc) from None
            yield RayEmbedder(ray, pool, tuple(info), shard)
        finally:
            for actor in pool:
                ray.kill(actor)


__all__ = ["ray_embedder", "RayEmbedder", "EmbedActor"]
