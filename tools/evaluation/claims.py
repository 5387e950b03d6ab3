"""`make eval-claims`: has this claim been fact-checked before? Measured on public data.

    python -m tools.evaluation.claims [--split dev|train] [--json]
    python -m tools.evaluation.claims bench [--synthetic 1000000]

Ranking: CLEF CheckThat! 2020 Task 2 (English tweets against 10,375 Snopes checks;
claim + headline indexed), MAP@1, MAP@3, MAP@5 (the official metric) and Recall@5 for BM25
alone, all-MiniLM-L6-v2 cosine alone, their reciprocal-rank fusion, and the shipped
pipeline (pooled candidates re-ranked by ``verify/factcheck/reranker.json``, trained on
train: ``python -m verify.factcheck.train``). Decision: accuracy of
``fact_checked``/``not_checked`` on ``ClaimMatchData.csv`` at the shipped threshold, with the
share of its tweets that are also in the CLEF train split (the re-ranker saw those).

``bench``: archive ingest rate (CLEF file into a temporary archive, embedding apart),
``verify claim`` fresh-process time, warm matching p50/p95 per claim over the CLEF archive
(10,375 checks) and over a synthetic archive of N checks (halves of two CLEF claims
and random unit vectors: a speed figure, not a quality one).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from verify import config
from verify.factcheck.features import tokens
from verify.factcheck.match import BM25, Matcher, load_reranker
from verify.factcheck.train import (
    ClefData,
    claimmatch_scores,
    load_queries,
    ranking_metrics,
)


def evaluate(split: str) -> dict:
    t0 = time.time()
    data = ClefData()
    queries, qrels, vecs = data.split(split)
    golds = [{data.index[v] for v in qrels.get(tid, ()) if v in data.index} for tid, _ in queries]
    texts = [data.clean(t).text or t for _, t in queries]
    bm25 = data.matcher.bm25
    cos_all = vecs @ data.matcher.vectors.T
    bm_rank, cos_rank, rrf_rank = [], [], []
    for i, t in enumerate(texts):
        b = bm25.scores(tokens(t))
        c = cos_all[i]
        rb = np.argsort(-b, kind="stable")[:100]
        rc = np.argsort(-c, kind="stable")[:100]
        bm_rank.append([int(x) for x in rb[:5]])
        cos_rank.append([int(x) for x in rc[:5]])
        fused: dict[int, float] = {}
        for r, x in enumerate(rb):
            fused[int(x)] = fused.get(int(x), 0) + 1 / (60 + r + 1)
        for r, x in enumerate(rc):
            fused[int(x)] = fused.get(int(x), 0) + 1 / (60 + r + 1)
        rrf_rank.append(sorted(fused, key=lambda k: -fused[k])[:5])
    reranker = load_reranker()
    data.matcher.reranker = reranker
    full = []
    for (_, t), v in zip(queries, vecs, strict=True):
        full.append([r.position for r in data.matcher.rank(t, vector=v)[:5]])
    out = {
        "split": split,
        "queries": len(queries),
        "archive": len(data.checks),
        "bm25": ranking_metrics(bm_rank, golds),
        "cosine": ranking_metrics(cos_rank, golds),
        "rrf": ranking_metrics(rrf_rank, golds),
        "reranked": ranking_metrics(full, golds),
    }
    scores, labels, unmapped = claimmatch_scores(data, reranker)
    pred = scores >= reranker.threshold
    train_texts = {
        " ".join(data.clean(t).text.split()).casefold() for _, t in load_queries("train")
    }
    in_train = np.asarray(
        [" ".join(data.clean(c1).text.split()).casefold() in train_texts for c1, *_ in _pairs()]
    )
    correct = pred == (labels == 1)
    out["decision"] = {
        "pairs": len(labels),
        "threshold": reranker.threshold,
        "accuracy": float(correct.mean()),
        "accuracy_tweets_not_in_train": float(correct[~in_train].mean())
        if (~in_train).any()
        else None,
        "tweets_in_train": int(in_train.sum()),
        "precision": float((pred & (labels == 1)).sum() / max(1, pred.sum())),
        "recall": float((pred & (labels == 1)).sum() / max(1, (labels == 1).sum())),
        "unmapped": unmapped,
        "cv_accuracy_at_training": reranker.spec.get("trained", {}).get("claimmatch_cv_accuracy"),
    }
    out["seconds"] = round(time.time() - t0, 1)
    return out


def _pairs():
    from verify.factcheck.train import load_claimmatch

    return load_claimmatch()


def _print(res: dict) -> None:
    print(
        f"CLEF CheckThat! 2020 task 2, {res['split']} split: {res['queries']} tweets, "
        f"{res['archive']:,} fact checks"
    )
    print(f"{'':<12}{'MAP@1':>8}{'MAP@3':>8}{'MAP@5':>8}{'R@5':>8}")
    for name in ("bm25", "cosine", "rrf", "reranked"):
        m = res[name]
        print(f"{name:<12}{m['MAP@1']:>8.3f}{m['MAP@3']:>8.3f}{m['MAP@5']:>8.3f}{m['R@5']:>8.3f}")
    d = res["decision"]
    print(
        f"decision on ClaimMatchData ({d['pairs']} pairs, threshold {d['threshold']:.3f}): "
        f"accuracy {d['accuracy']:.3f} (precision {d['precision']:.3f}, recall {d['recall']:.3f}); "
        f"{d['tweets_in_train']} of the tweets are in CLEF train, accuracy on the others "
        f"{d['accuracy_tweets_not_in_train']:.3f}; threshold chosen by 5-fold CV at training: "
        f"{d['cv_accuracy_at_training']}"
    )
    print(f"{res['seconds']} s")


# --------------------------------------------------------------------------- bench


def _percentiles(times: list[float]) -> str:
    a = np.asarray(times) * 1000
    return f"p50 {np.percentile(a, 50):.1f} ms, p95 {np.percentile(a, 95):.1f} ms"


def bench(synthetic: int) -> None:
    from verify.corpus.embed import load_embedder
    from verify.factcheck.archive import Archive
    from verify.factcheck.readers import read_file
    from verify.factcheck.train import clef_dir, load_checks

    clef = clef_dir() / "verified_claims.docs.tsv"
    with tempfile.TemporaryDirectory(prefix="verify-fc-bench-") as tmp:
        t = time.perf_counter()
        with Archive(Path(tmp) / "factchecks.sqlite") as archive:
            report = archive.add_all(read_file(clef, "clef"))
        dt = time.perf_counter() - t
        print(
            f"ingest (CLEF file, one transaction per record, no embedding): {report.added:,} "
            f"checks in {dt:.1f} s = {report.added / dt:,.0f} checks/s"
        )
    # fresh process: `verify claim` on the user's archive, when there is one
    home = config.home()
    embedder = load_embedder()
    queries = [t for _, t in load_queries("dev")]
    if (home / "factchecks.sqlite").exists():
        # the verify package this benchmark imports (a worktree's, not the installed one's)
        import verify
        from verify.factcheck.match import open_matcher

        env = os.environ.copy()
        root = str(Path(verify.__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(x for x in (root, env.get("PYTHONPATH")) if x)
        cmd = [sys.executable, "-m", "verify", "claim", "5G towers spread the coronavirus"]
        subprocess.run(cmd + ["--json"], check=True, capture_output=True, env=env)  # index
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            subprocess.run(cmd + ["--json"], check=True, capture_output=True, env=env)
            runs.append(time.perf_counter() - t)
        print(
            f"`verify claim` fresh process over {home / 'factchecks.sqlite'}: median "
            f"{np.median(runs):.2f} s, best {min(runs):.2f} s (5 runs)"
        )
        archived = open_matcher(embedder=embedder)
        archived.match(queries[100:105])  # warm: the connection, the caches
        times = []
        for q in queries[:100]:
            t = time.perf_counter()
            archived.match([q])
            times.append(time.perf_counter() - t)
        print(
            f"warm matching over the archive ({archived.n:,} checks; what `verify claim` and "
            f"the workbench run: clean, embed, search, features, re-rank, read the 5 "
            f"matches): {_percentiles(times)}"
        )
    else:
        print(
            f"(no archive at {home}: `verify factcheck add {clef}` first for the "
            "fresh-process figure)"
        )
    data = ClefData(embedder)
    data.matcher.reranker = load_reranker()
    times = []
    for q in queries[:100]:
        t = time.perf_counter()
        data.matcher.match([q])
        times.append(time.perf_counter() - t)
    print(
        f"warm matching over {data.matcher.n:,} checks, one claim at a time (embedding "
        f"included): {_percentiles(times)}"
    )
    vecs = data.query_vectors(queries[:100])
    times = []
    for q, v in zip(queries[:100], vecs, strict=True):
        t = time.perf_counter()
        data.matcher.rank(q, vector=v)
        times.append(time.perf_counter() - t)
    print(f"  of which search + features + re-ranking: {_percentiles(times)}")
    if synthetic:
        _bench_synthetic(synthetic, load_checks(), queries[:50], vecs[:50])


def _bench_synthetic(n: int, checks, queries, vecs) -> None:
    """Warm matching over ``n`` synthetic checks: each claim the first half of one CLEF
    claim and the second half of another, the headline a third one's, random unit vectors
    (a speed figure, not a quality one; the embedding of the claim is not included)."""
    from verify.factcheck.features import CheckTable
    from verify.factcheck.models import FactCheck

    rng = np.random.default_rng(0)
    t = time.perf_counter()
    words = [c.claim.split() for c in checks]
    picks = rng.integers(0, len(checks), size=(n, 3))
    fakes = []
    for i, (a, b, c) in enumerate(picks.tolist()):
        wa, wb = words[a], words[b]
        claim = " ".join(wa[: len(wa) // 2] + wb[len(wb) // 2 :])
        fakes.append(
            FactCheck(source_id=f"syn{i}", claim=claim, title=checks[c].title, date=checks[c].date)
        )
    del words, picks
    made = time.perf_counter() - t
    t = time.perf_counter()
    bm25 = BM25.build([tokens(c.match_text()) for c in fakes])
    table = CheckTable.build(
        [c.claim for c in fakes], [c.title for c in fakes], [c.date for c in fakes]
    )
    both = np.empty((2 * n, vecs.shape[1]), dtype=np.float32)
    for a in range(0, 2 * n, 100_000):  # in slices: no float64 copy of the whole
        part = rng.standard_normal((min(100_000, 2 * n - a), vecs.shape[1]), dtype=np.float32)
        part /= np.linalg.norm(part, axis=1, keepdims=True)
        both[a : a + len(part)] = part
    build = time.perf_counter() - t
    m = Matcher(
        n=n,
        vectors=both[:n],
        title_vectors=both[n:],
        bm25=bm25,
        checks=fakes,
        reranker=load_reranker(),
        table=table,
    )
    m.rank(queries[-1], vector=vecs[-1])
    times = []
    for q, v in zip(queries, vecs, strict=True):
        t = time.perf_counter()
        m.rank(q, vector=v)
        times.append(time.perf_counter() - t)
    print(
        f"synthetic archive of {n:,} checks (claims made in {made:.0f} s, BM25 + feature table "
        f"+ vectors in {build:.0f} s; vectors {both.nbytes / 2**30:.2f} GiB): search + features "
        f"+ re-ranking per claim {_percentiles(times)} (embedding the claim not included)"
    )


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "bench":
        p = argparse.ArgumentParser(prog="python -m tools.evaluation.claims bench")
        p.add_argument("--synthetic", type=int, default=0)
        args = p.parse_args(argv[1:])
        bench(args.synthetic)
        return 0
    p = argparse.ArgumentParser(
        prog="python -m tools.evaluation.claims",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--split", default="dev", choices=["dev", "train"])
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    res = evaluate(args.split)
    if args.json:
        print(json.dumps(res, indent=2))
    else:
        _print(res)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
