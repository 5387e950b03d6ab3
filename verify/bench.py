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
