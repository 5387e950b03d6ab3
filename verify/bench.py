"""Benchmarks behind `make bench` / `verify bench …`: measured numbers, never timed tests."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from verify.corpus.ingest import ingest_sources, peak_rss_mb
from verify.corpus.store import Store


def bench_ingest(names: list[str] | None = None, *, demo: bool = False) -> dict[str, Any]:
    """Ingest the declared sources into a fresh temporary store and time it."""
    with tempfile.TemporaryDirectory(prefix="verify-bench-") as tmp:
        path = Path(tmp) / "store.sqlite"
        t0 = time.perf_counter()
        with Store(path) as store:
            reports = ingest_sources(store, names=names, demo=demo)
            seconds = time.perf_counter() - t0
            stats = store.stats()
        docs = sum(r.documents for r in reports.values())
        turns = sum(r.turns for r in reports.values())
        passages = sum(r.passages for r in reports.values())
        chars = sum(r.chars for r in reports.values())
        errors = sum(len(r.errors) for r in reports.values())
        return {
            "documents": docs,
            "turns": turns,
            "passages": passages,
            "megabytes_text": round(chars / 1e6, 1),
            "errors": errors,
            "seconds": round(seconds, 1),
            "documents_per_s": round(docs / seconds, 1),
            "turns_per_s": round(turns / seconds, 1),
            "passages_per_s": round(passages / seconds, 1),
            "peak_rss_mb": round(peak_rss_mb(), 0),
            "store_mb": round(stats["bytes"] / 1e6, 1),
        }


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def bench_search(store: Store, n: int = 200) -> dict[str, Any]:
    """faiss search latency for real passage texts used as queries."""
    from verify.check.pipeline import Checker

    checker = Checker(store)
    index = checker.vector_index()
    emb = checker.embedder()
    rows = store.db.execute("SELECT text FROM passages ORDER BY random() LIMIT ?", (n,)).fetchall()
    vecs = emb.encode([r[0] for r in rows])
    times = []
    for v in vecs:
        t = time.perf_counter()
        index.search(v, 50)
        times.append((time.perf_counter() - t) * 1000)
    return {
        "queries": len(times),
        "vectors": int(index.index.ntotal),
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 95), 2),
    }


def bench_quote_process(quote: str, speaker: str | None = None, runs: int = 3) -> dict[str, Any]:
    """Wall time of `verify quote` in a fresh process (median of ``runs``)."""
    cmd = [sys.executable, "-m", "verify", "quote", quote, "--json"]
    if speaker:
        cmd += ["--speaker", speaker]
    times = []
    verdict = None
    for _ in range(runs):
        t = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy())
        times.append(time.perf_counter() - t)
        if proc.returncode == 0:
            import json

            verdict = json.loads(proc.stdout)["verdict"]
        else:
            verdict = "error: " + proc.stderr.strip()[-200:]
    return {"seconds": round(statistics.median(times), 2), "verdict": verdict}


def bench_embed(store: Store, n: int = 2000) -> dict[str, Any]:
    """Index build throughput: embedding n real passages with the index's backend."""
    from verify.check.pipeline import Checker

    checker = Checker(store)
    emb = checker.embedder()
    rows = store.db.execute("SELECT text FROM passages ORDER BY random() LIMIT ?", (n,)).fetchall()
    texts = [r[0] for r in rows]
    emb.encode(texts[:64])
    t = time.perf_counter()
    emb.encode(texts)
    seconds = time.perf_counter() - t
    return {
        "passages": len(texts),
        "backend": emb.backend,
        "seconds": round(seconds, 2),
        "passages_per_s": round(len(texts) / seconds, 1),
    }


def quote_mix(cases_path: Path, n: int = 100, seed: int = 3) -> list[dict[str, Any]]:
    """A realistic mix of quotes from the labelled set (every verdict)."""
    import json
    import random

    cases = [json.loads(line) for line in cases_path.read_text().splitlines() if line.strip()]
    random.Random(seed).shuffle(cases)
    return [
        {"id": c["id"], "quote": c["quote"], "speaker": c.get("speaker"), "date": c.get("date")}
        for c in cases[:n]
    ]


def bench_check_parallel(items: list[dict[str, Any]], workers: int) -> dict[str, Any]:
    """`verify check` throughput over worker processes, start-up of the workers included."""
    from verify.check.batch import check_items

    t = time.perf_counter()
    n = sum(1 for _ in check_items(items, workers=workers))
    seconds = time.perf_counter() - t
    return {
        "quotes": n,
        "workers": workers,
        "seconds": round(seconds, 2),
        "quotes_per_s": round(n / seconds, 1),
    }


def bench_check(store: Store, items: list[dict[str, Any]]) -> dict[str, Any]:
    """Warm `verify check` throughput: quotes per second with the model already loaded."""
    from verify.check.pipeline import Checker

    checker = Checker(store)
    checker.vector_index()
    checker.embedder().encode(["warm up"])
    t = time.perf_counter()
    verdicts = [r.verdict for r in checker.check_many(items)]
    seconds = time.perf_counter() - t
    return {
        "quotes": len(verdicts),
        "seconds": round(seconds, 2),
        "quotes_per_s": round(len(verdicts) / seconds, 1),
    }


def _real_sentences(store: Store, n: int, seed: int = 7) -> tuple[list[str], list[str]]:
    """Real transcript sentences (5-80 words) and the passages they come from, from the
    store's current passages (random, reproducible)."""
    import random

    from verify.text.tokens import split_sentences

    rows = store.db.execute(
        "SELECT p.text FROM passages p JOIN documents d ON d.id = p.doc_id "
        "WHERE d.is_current = 1 AND p.is_question = 0 AND length(p.text) > 80"
    ).fetchall()
    rng = random.Random(seed)
    texts = [r[0] for r in rows]
    rng.shuffle(texts)
    sentences: list[str] = []
    for text in texts:
        for a, b in split_sentences(text):
            s = text[a:b].strip()
            if 5 <= len(s.split()) <= 80:
                sentences.append(s)
        if len(sentences) >= 4 * n:
            break
    passages = list(dict.fromkeys(texts))
    return rng.sample(sentences, min(n, len(sentences))), passages


def _drop_words(sentence: str, rng: Any) -> str:
    words = sentence.split()
    drop = set(rng.sample(range(len(words)), max(1, min(3, len(words) // 6))))
    return " ".join(w for i, w in enumerate(words) if i not in drop)


def bench_embed_backends(
    store: Store,
    *,
    backend: str | None = None,
    sentences: int = 1000,
    passages: int = 3000,
    queries: int = 200,
    rounds: int = 2,
    batch_size: int = 32,
) -> dict[str, Any]:
    """An embedding backend against plain sentence-transformers (torch), same run, same
    cores, same real sentences: rate (sentences/s, best of interleaved rounds), their ratio,
    the minimum cosine between the two backends' vectors, and top-1 agreement: real
    sentences with a few words dropped as queries against real passages (their own among
    them), the top-1 passage under ``backend`` (its passage and query paths) against torch's.

    ``backend`` None: the backend new indexes are built with (``build_backend()``)."""
    import random

    import numpy as np

    from verify.corpus.embed import build_backend, load_embedder

    backend = backend or build_backend()
    sample, pool = _real_sentences(store, sentences)
    rng = random.Random(11)
    rng.shuffle(pool)
    pool = pool[: passages + queries]
    query_texts: list[str] = []
    for text in pool[:queries]:
        from verify.text.tokens import split_sentences

        spans = split_sentences(text)
        first = text[spans[0][0] : spans[0][1]] if spans else text
        query_texts.append(_drop_words(first if len(first.split()) >= 8 else text, rng))
    ref = load_embedder(backend="torch")
    emb = load_embedder(backend=backend)
    for e in (ref, emb):
        e.encode(sample[:64], batch_size=batch_size)  # warm-up
    rate = {"ref": 0.0, "emb": 0.0}
    for _ in range(rounds):  # interleaved: load from other processes hits both alike
        for key, e in (("ref", ref), ("emb", emb)):
            t = time.perf_counter()
            _encode_passages(e, sample, batch_size)
            rate[key] = max(rate[key], len(sample) / (time.perf_counter() - t))
    cos = np.sum(_encode_passages(emb, sample, 64) * ref.encode(sample, batch_size=64), axis=1)
    top = {}
    for key, e in (("ref", ref), ("emb", emb)):
        pv = _encode_passages(e, pool, 64)
        qv = e.encode(query_texts, batch_size=64)
        top[key] = np.argmax(qv @ pv.T, axis=1)
    return {
        "backend": emb.backend,
        "rate": round(rate["emb"], 1),
        "sentence_transformers_rate": round(rate["ref"], 1),
        "ratio": round(rate["emb"] / rate["ref"], 2),
        "cosine_min": round(float(cos.min()), 4),
        "top1_agreement": round(float(np.mean(top["emb"] == top["ref"])), 4),
    }


def _encode_passages(embedder: Any, texts: list[str], batch_size: int) -> Any:
    """Passages as an index build embeds them (a backend may embed passages differently
    from queries)."""
    encode = getattr(embedder, "encode_passages", None) or embedder.encode
    return encode(texts, batch_size=batch_size)
