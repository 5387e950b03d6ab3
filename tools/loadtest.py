"""Load test of the workbench on loopback: N concurrent clients checking quotes for S seconds.

    python -m tools.loadtest [--clients 8] [--seconds 30] [--processes 0,2] [--embed-cache 0]

(`verify bench all` runs ``run_server_loadtest`` instead, which starts `verify serve` in a
process of its own, as it is run) starts the server in a thread against the current
VERIFY_HOME (review items go to a temporary SQLite file, so the real review queue is not
flooded), warms it up on other quotes, then runs the
clients and prints p50/p95/p99 latency, throughput and errors, overall, per expected verdict
and per set. The quotes: the labelled quotes of the evaluation set and of the real news
articles (shared/articles/news/gold.jsonl), invented statements, and quotes made from stored
transcripts (verbatim windows, the same with a word changed, reworded) to fill a pool of
POOL_SIZE. Every request is a quote not sent before, so no cache answers from an earlier
identical request; the figures are those of new quotes.

``run_loadtest(base_url, quotes, clients=8, seconds=30)`` is the library entry.

Measured on the 2-core development machine (demo corpus: 57,932 passages), 8 clients, 30 s:
`verify bench all` (`verify serve` with two check processes): p50 117 ms, p95 199 ms, 63.9
requests/s, no errors. `python -m tools.loadtest --processes 0,2` (server and clients
in one process): two check processes p95 212 ms, 61.2 requests/s; checks in the server
process (two Checker threads) p95 395 ms, 36.9 requests/s, since the checks are Python work
and one process runs it on one core at a time.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

INVENTED = [
    "We will build a bridge across the Bering Strait within the next five years.",
    "The price of bread must be cut in half by the end of the month.",
    "Our astronauts will land on Mars before any other nation does.",
    "I have never met the ambassador and I do not intend to meet him.",
    "The harvest this year was the largest in the history of the country.",
    "Every school in the country will get free tablets for its pupils next autumn.",
    "We are ready to sell our gas for roubles, gold or bitcoin, whatever they prefer.",
    "The new stadium will host the world chess championship next spring.",
    "The central bank will print a special banknote for the anniversary.",
    "Nobody in this building has ever read that report, I can assure you.",
]
SWAPS = ["never", "secretly", "absolutely", "tomorrow", "billions", "immediately", "reluctantly"]
STOP = set("the a an and or of to in on for with that this is are was were be it we i you".split())
POOL_SIZE = 3000  # distinct quotes: more than 8 clients send in 30 s here


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile ``q`` (0-100) of ``values``."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(q / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def run_loadtest(
    base_url: str,
    quotes: list[dict[str, Any]],
    clients: int = 8,
    seconds: float = 30,
    *,
    max_requests: int = 50_000,
    timeout: float = 30.0,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """``clients`` threads POST ``quotes`` (dicts for /api/quote; an optional ``kind`` key
    labels a quote for the per-kind figures, ``set`` for the per-set ones; neither is sent) in
    turn (each once, before any is sent again) to
    ``base_url``/api/quote until ``seconds`` have passed or ``max_requests`` were sent.
    Returns counts, latency percentiles in ms (overall and per kind), throughput and the
    verdicts seen."""
    import httpx

    if not quotes:
        raise ValueError("no quotes to send")
    clients = max(1, int(clients))
    lock = threading.Lock()
    latencies: list[float] = []
    by_kind: dict[str, list[float]] = {}
    by_set: dict[str, list[float]] = {}
    errors: list[str] = []
    verdicts: Counter[str] = Counter()
    sent = 0
    start = time.perf_counter()
    deadline = start + float(seconds)

    def worker(n: int) -> None:
        nonlocal sent
        with httpx.Client(base_url=base_url, timeout=timeout, headers=headers) as client:
            while time.perf_counter() < deadline:
                with lock:
                    if sent >= max_requests:
                        return
                    item = quotes[sent % len(quotes)]  # the pool once round, then again
                    sent += 1
                body = {k: v for k, v in item.items() if k not in ("kind", "set")}
                t0 = time.perf_counter()
                try:
                    resp = client.post("/api/quote", json=body)
                    ms = (time.perf_counter() - t0) * 1000
                    ok = resp.status_code == 200
                    verdict = resp.json().get("verdict") if ok else None
                    problem = None if ok else f"HTTP {resp.status_code}: {resp.text[:200]}"
                except Exception as exc:  # a failed request is counted, never fatal
                    ms = (time.perf_counter() - t0) * 1000
                    verdict, problem = None, f"{type(exc).__name__}: {exc}"
                with lock:
                    latencies.append(ms)
                    by_kind.setdefault(str(item.get("kind") or "any"), []).append(ms)
                    by_set.setdefault(str(item.get("set") or "any"), []).append(ms)
                    if problem:
                        errors.append(problem)
                    else:
                        verdicts[str(verdict)] += 1

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=float(seconds) + timeout + 30)
    elapsed = time.perf_counter() - start
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "errors": len(errors),
        "error_samples": errors[:5],
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(max(latencies), 1) if latencies else float("nan"),
        "mean_ms": round(sum(latencies) / len(latencies), 1) if latencies else float("nan"),
        "throughput_rps": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        "distinct_quotes": min(len(latencies), len(quotes)),
        "repeated": max(0, len(latencies) - len(quotes)),
        "verdicts": dict(verdicts.most_common()),
        "by_kind": _percentiles(by_kind),
        "by_set": _percentiles(by_set),
    }


def _percentiles(groups: dict[str, list[float]]) -> dict[str, dict[str, Any]]:
    """Requests, p50 and p95 (ms) of each group of latencies."""
    return {
        name: {
            "requests": len(v),
            "p50_ms": round(percentile(v, 50), 1),
            "p95_ms": round(percentile(v, 95), 1),
        }
        for name, v in sorted(groups.items())
    }


# ---------------------------------------------------------------------- the quote mix


def _window(text: str, rng: random.Random, lo: int = 9, hi: int = 18) -> str | None:
    words = text.split()
    if len(words) < lo + 2:
        return None
    n = rng.randint(lo, min(hi, len(words) - 1))
    start = rng.randint(0, len(words) - n)
    return " ".join(words[start : start + n]).strip(" ,;:")


def store_quotes(store_path: Path, *, n: int = 12, seed: int = 7) -> list[dict[str, Any]]:
    """Quotes made from stored primary transcripts: verbatim windows, the same with one
    word changed (altered), and reworded ones (words reordered, small words dropped)."""
    rng = random.Random(seed)
    db = sqlite3.connect(f"file:{store_path}?mode=ro", uri=True)
    try:
        rows = db.execute(
            "SELECT p.text, p.speaker, d.date FROM passages p JOIN documents d ON d.id=p.doc_id"
            " WHERE d.is_current=1 AND d.kind='primary' AND p.is_question=0"
            " AND p.speaker IS NOT NULL AND length(p.text) > 200 ORDER BY p.id"
        ).fetchall()
    finally:
        db.close()
    if not rows:
        return []
    picks = [rows[rng.randrange(len(rows))] for _ in range(n * 3)]
    out: list[dict[str, Any]] = []
    for k, (text, speaker, date) in enumerate(picks):
        window = _window(re.sub(r"\s+", " ", text), rng)
        if not window:
            continue
        day = (date or "")[:10] or None
        if k % 3 == 0:
            out.append({"quote": window, "speaker": speaker, "date": day, "kind": "verbatim"})
        elif k % 3 == 1:
            words = window.split()
            spots = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
            if not spots:
                continue
            words[rng.choice(spots)] = rng.choice(SWAPS)
            out.append(
                {"quote": " ".join(words), "speaker": speaker, "date": day, "kind": "altered"}
            )
        else:
            words = [w for w in window.split() if w.lower().strip(",.") not in STOP]
            half = len(words) // 2
            reworded = " ".join(words[half:] + words[:half])
            out.append({"quote": reworded, "speaker": speaker, "date": day, "kind": "reworded"})
    return out


def news_quotes(shared: Path) -> list[dict[str, Any]]:
    """The labelled quotes of real news articles (shared/articles/news), when present."""
    gold = shared / "articles" / "news" / "gold.jsonl"
    meta = shared / "articles" / "news" / "meta.jsonl"
    if not gold.exists():
        return []
    dates: dict[str, str] = {}
    if meta.exists():
        for line in meta.read_text(encoding="utf-8").splitlines():
            if line.strip():
                m = json.loads(line)
                dates[m.get("id")] = (m.get("date") or "")[:10] or None
    out = []
    for line in gold.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        out.append(
            {
                "quote": g["quote"],
                "speaker": g.get("speaker"),
                "date": dates.get(g.get("article_id")),
                "kind": g.get("expected_verdict") or "news",
            }
        )
    return out


def eval_quotes(path: Path | None = None) -> list[dict[str, Any]]:
    """The labelled quotes of the quote evaluation set (bench/quotes_eval.jsonl)."""
    path = path or Path(__file__).resolve().parents[1] / "bench" / "quotes_eval.jsonl"
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            c = json.loads(line)
            out.append(
                {
                    "quote": c["quote"],
                    "speaker": c.get("speaker"),
                    "date": c.get("date"),
                    "kind": c.get("expected_verdict") or "eval",
                }
            )
    return out


def default_quotes(
    store_path: Path | None = None, shared: Path | None = None, *, size: int = POOL_SIZE
) -> list[dict]:
    """The mix the load test sends, in a fixed shuffled order, every quote different: the
    labelled quotes (evaluation set, real news quotes), invented statements, and quotes made
    from stored transcripts to fill the pool up to ``size``. Requests go through the pool
    once before any quote is repeated, so no cache answers from an earlier identical request.
    """
    from verify import config

    quotes = [{**q, "set": "eval"} for q in eval_quotes()]
    quotes += [{**q, "set": "news"} for q in news_quotes(shared or config.shared_root())]
    quotes += [
        {"quote": q, "speaker": None, "date": None, "kind": "invented", "set": "invented"}
        for q in INVENTED
    ]
    missing = max(0, size - len(quotes))
    made = store_quotes(store_path or config.store_path(), n=missing // 3 + 10)
    quotes += [{**q, "set": "transcripts"} for q in made]
    seen: set[str] = set()
    distinct = []
    for q in quotes:
        if q["quote"] not in seen:
            seen.add(q["quote"])
            distinct.append(q)
    random.Random(11).shuffle(distinct)
    return distinct


def warmup_quotes(store_path: Path | None = None, n: int = 8) -> list[dict]:
    """Quotes for the unmeasured warm-up pass, none of them in default_quotes()."""
    from verify import config

    return store_quotes(store_path or config.store_path(), n=n, seed=99)


# ---------------------------------------------------------------------- command line


def _table(rows: list[dict[str, Any]]) -> str:
    head = (
        f"{'processes':>9} {'cache':>6} {'clients':>7} {'secs':>5} {'requests':>8} {'errors':>6} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7} {'req/s':>6}"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(
            f"{r['processes']:>9} {r['embed_cache']:>6} {r['clients']:>7} {r['seconds']:>5} "
            f"{r['requests']:>8} "
            f"{r['errors']:>6} {r['p50_ms']:>7} {r['p95_ms']:>7} {r['p99_ms']:>7} "
            f"{r['max_ms']:>7} {r['throughput_rps']:>6}"
        )
    return "\n".join(lines)


def run_server_loadtest(
    *,
    seconds: float = 30,
    clients: int = 8,
    processes: int | None = None,
    embed_cache: int | None = None,
) -> dict[str, Any]:
    """Start `verify serve` in its own process(es) on a free loopback port, against
    VERIFY_HOME (reviews go to a throwaway file), and load-test it (for `make bench`).
    Every measured request is a quote not sent before (default_quotes), so no cache answers
    from an identical earlier request; ``embed_cache``: the server's vector-cache size
    (None: its default)."""
    import os
    import socket
    import subprocess
    import time

    import httpx

    from verify.web.server import default_processes

    quotes = default_quotes()
    n = processes or default_processes()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with tempfile.TemporaryDirectory(prefix="verify-loadtest-") as tmp:
        env = dict(os.environ)
        env["VERIFY_REVIEW_DB"] = str(Path(tmp) / "reviews.sqlite")
        if embed_cache is not None:
            env["VERIFY_WEB_EMBED_CACHE"] = str(embed_cache)
        proc = subprocess.Popen(
            [sys.executable, "-m", "verify", "serve", "--port", str(port), "--processes", str(n)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 180
            while True:
                try:
                    if httpx.get(url + "/api/status", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("the workbench did not start")
                time.sleep(0.5)
            # an unmeasured pass with other quotes, so that every process has loaded its
            # model and index (and no measured quote was seen before)
            warm = warmup_quotes()
            run_loadtest(url, warm, clients=n, seconds=120, max_requests=4 * n * len(warm))
            result = run_loadtest(url, quotes, clients=clients, seconds=seconds)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    return {
        "clients": clients,
        "check_processes": n,
        "seconds": seconds,
        "requests": result.get("requests"),
        "errors": result.get("errors"),
        "p50_ms": result.get("p50_ms"),
        "p95_ms": result.get("p95_ms"),
        "requests_per_s": result.get("throughput_rps"),
        "distinct_quotes": result.get("distinct_quotes"),
        "repeated": result.get("repeated"),
        "by_kind": result.get("by_kind"),
        "by_set": result.get("by_set"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.loadtest",
        description="Load-test the workbench's POST /api/quote on loopback.",
    )
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--max-requests", type=int, default=50_000)
    parser.add_argument(
        "--processes",
        default="0,2",
        help="Check-process counts to compare (0: checks in the server process, with two "
        "Checker threads; default 0,2).",
    )
    parser.add_argument(
        "--embed-cache",
        default="20000",
        help="Sizes of the server's text-vector cache to compare (0: none; default 20000).",
    )
    parser.add_argument(
        "--sets",
        default="",
        help="Only quotes of these sets, e.g. eval,news,invented (the labelled ones; default all: "
        "eval, news, invented, transcripts).",
    )
    parser.add_argument("--json", action="store_true", help="Print the results as JSON.")
    args = parser.parse_args(argv)

    from verify import config
    from verify.web.app import create_app
    from verify.web.server import BackgroundServer

    if not config.store_path().exists():
        print(
            f"No corpus store at {config.store_path()}. Run: make demo (or set VERIFY_HOME).",
            file=sys.stderr,
        )
        return 2
    quotes = default_quotes()
    wanted = {x.strip() for x in args.sets.split(",") if x.strip()}
    if wanted:
        quotes = [q for q in quotes if q["set"] in wanted]
    kinds = Counter(q["kind"] for q in quotes)
    print(f"quote mix ({len(quotes)}): {dict(kinds.most_common())}", file=sys.stderr)
    results = []
    sizes = [int(x) for x in str(args.processes).split(",") if x.strip()]
    caches = [int(x) for x in str(args.embed_cache).split(",") if x.strip()]
    for size, cache in [(s, c) for c in caches for s in sizes]:
        with tempfile.TemporaryDirectory(prefix="verify-loadtest-") as tmp:
            app = create_app(
                processes=size, review_db=Path(tmp) / "reviews.sqlite", embed_cache=cache
            )
            with BackgroundServer(app) as server:
                # an unmeasured pass with other quotes, so every run starts warm
                warm = warmup_quotes()
                run_loadtest(server.url, warm, clients=2, seconds=120, max_requests=len(warm))
                result = run_loadtest(
                    server.url,
                    quotes,
                    clients=args.clients,
                    seconds=args.seconds,
                    max_requests=args.max_requests,
                )
        result["processes"] = size
        result["embed_cache"] = cache
        results.append(result)
        print(f"processes={size} cache={cache}: verdicts {result['verdicts']}", file=sys.stderr)
        for kind, k in [*result["by_set"].items(), *result["by_kind"].items()]:
            print(
                f"  {kind:>14}: {k['requests']:>5} requests, p50 {k['p50_ms']} ms,"
                f" p95 {k['p95_ms']} ms",
                file=sys.stderr,
            )
        for sample in result["error_samples"]:
            print(f"  error: {sample}", file=sys.stderr)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(_table(results))
    return 1 if any(r["errors"] for r in results) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
