"""Train the re-ranker on CLEF CheckThat! 2020 Task 2 and store it as ``reranker.json``.

    python -m verify.factcheck.train            # train split, tuned by 5-fold CV, dev reported
    python -m verify.factcheck.train --dry-run  # measure, write nothing

Steps: the 10,375 verified claims (Snopes; claim + headline) and the tweets are embedded
once (cached under ``VERIFY_HOME/cache/factcheck-eval``); for every train tweet the BM25 and
cosine top candidates are pooled and described by ``features.FEATURES``; gradient-boosted
trees (scikit-learn, imported here only) are fitted to "is this the fact-checked claim",
their size chosen by grouped cross-validation on train (MAP@5); dev is scored once, for the
report. The decision threshold (``fact_checked`` / ``not_checked``) is the one that gives the
best accuracy on ``ClaimMatchData.csv`` (1,000 labelled tweet / fact-check pairs); its
accuracy is reported by 5-fold cross-validation of that choice. Data: ``VERIFY_SHARED``
(default ../shared), never copied into the project.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from verify import config
from verify.factcheck.features import FEATURES
from verify.factcheck.match import RERANKER_FILE, Matcher, Reranker
from verify.factcheck.models import FactCheck
from verify.factcheck.readers import read_file

csv.field_size_limit(1 << 24)


# --------------------------------------------------------------------------- data


def clef_dir() -> Path:
    return config.shared_root() / "eval" / "clef2020-task2"


def claimmatch_file() -> Path:
    return config.shared_root() / "eval" / "claimmatch" / "ClaimMatchData.csv"


def load_checks() -> list[FactCheck]:
    path = clef_dir() / "verified_claims.docs.tsv"
    if not path.exists():
        from verify.errors import ConfigError

        raise ConfigError(
            f"No CLEF CheckThat! 2020 data at {path}.", "Set VERIFY_SHARED to the shared folder."
        )
    return [c for c in read_file(path, "clef") if isinstance(c, FactCheck)]


def load_queries(split: str) -> list[tuple[str, str]]:
    path = clef_dir() / split / "tweets.queries.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    return [(r[0].strip(), r[1]) for r in rows[1:] if len(r) >= 2]


def load_qrels(split: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for line in (clef_dir() / split / "tweet-vclaim-pairs.qrels").read_text().splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[3] != "0":
            out.setdefault(parts[0], set()).add(parts[2])
    return out


def load_claimmatch() -> list[tuple[str, str, int]]:
    with claimmatch_file().open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [(r["claim1"], r["claim2"], int(r["label"])) for r in rows]


def embed_cached(embedder: Any, texts: Sequence[str], *, progress: bool = True) -> np.ndarray:
    """Vectors of ``texts``, cached by model and content (evaluation runs reuse them)."""
    h = hashlib.sha256()
    h.update(f"{embedder.name}/{getattr(embedder, 'backend', '')}\n".encode())
    for t in texts:
        h.update(t.encode("utf-8") + b"\x00")
    path = config.cache_dir() / "factcheck-eval" / f"{h.hexdigest()[:24]}.npy"
    if path.exists():
        return np.load(path)
    if progress:
        print(f"embedding {len(texts):,} texts ...", file=sys.stderr, flush=True)
    vecs = np.asarray(embedder.encode(list(texts)), dtype=np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, vecs)
    tmp.replace(path)
    return vecs


def null_reranker() -> Reranker:
    """Scores every candidate 0.5: the pool then comes in cosine order (a baseline)."""
    n = len(FEATURES)
    return Reranker(
        {
            "kind": "logistic",
            "features": list(FEATURES),
            "mean": [0.0] * n,
            "scale": [1.0] * n,
            "coef": [0.0] * n,
            "bias": 0.0,
        }
    )


class ClefData:
    """The CLEF archive as a matcher, the splits, their embeddings."""

    def __init__(self, embedder: Any = None):
        from verify.corpus.embed import load_embedder
        from verify.factcheck.clean import clean

        self.embedder = embedder or load_embedder()
        self.checks = load_checks()
        self.index = {c.source_id: i for i, c in enumerate(self.checks)}
        vectors = embed_cached(self.embedder, [c.claim for c in self.checks])
        titles = embed_cached(self.embedder, [c.title or c.claim for c in self.checks])
        self.matcher = Matcher.from_checks(
            self.checks,
            self.embedder,
            vectors=vectors,
            title_vectors=titles,
            reranker=null_reranker(),
        )
        self.clean = clean

    def split(self, name: str) -> tuple[list[tuple[str, str]], dict[str, set[str]], np.ndarray]:
        queries = load_queries(name)
        qrels = load_qrels(name)
        vecs = self.query_vectors([t for _, t in queries])
        return queries, qrels, vecs

    def query_vectors(self, texts: Sequence[str]) -> np.ndarray:
        return embed_cached(self.embedder, [self.clean(t).query_text or t for t in texts])

    def pools(self, texts: Sequence[str], vecs: np.ndarray) -> list[list[Any]]:
        """Per text: the ranked candidates (position, probability, features)."""
        return [self.matcher.rank(t, vector=v) for t, v in zip(texts, vecs, strict=True)]


def features_and_labels(
    data: ClefData, queries: list[tuple[str, str]], qrels: dict[str, set[str]], pools
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    X, y, g = [], [], []
    for qi, ((tid, _), pool) in enumerate(zip(queries, pools, strict=True)):
        gold = {data.index[v] for v in qrels.get(tid, ()) if v in data.index}
        for r in pool:
            X.append(r.features)
            y.append(1 if r.position in gold else 0)
            g.append(qi)
    return np.asarray(X, dtype=np.float32), np.asarray(y), np.asarray(g)


# --------------------------------------------------------------------------- metrics


def average_precision_at(ranked: Sequence[int], gold: set[int], k: int) -> float:
    if not gold:
        return 0.0
    hits, total = 0, 0.0
    for i, p in enumerate(ranked[:k], 1):
        if p in gold:
            hits += 1
            total += hits / i
    return total / min(len(gold), k)


def ranking_metrics(rankings: list[list[int]], golds: list[set[int]]) -> dict[str, float]:
    out = {}
    for k in (1, 3, 5):
        out[f"MAP@{k}"] = float(
            np.mean([average_precision_at(r, g, k) for r, g in zip(rankings, golds, strict=True)])
        )
    out["R@5"] = float(
        np.mean([len(set(r[:5]) & g) / len(g) for r, g in zip(rankings, golds, strict=True) if g])
    )
    return out


def rerank(pools, probs_by_query: list[np.ndarray]) -> list[list[int]]:
    out = []
    for pool, probs in zip(pools, probs_by_query, strict=True):
        order = sorted(range(len(pool)), key=lambda i: (-probs[i], -pool[i].features[0]))
        out.append([pool[i].position for i in order])
    return out


def split_probs(probs: np.ndarray, groups: np.ndarray, n: int) -> list[np.ndarray]:
    return [probs[groups == q] for q in range(n)]


# --------------------------------------------------------------------------- model


def fit_gbt(X: np.ndarray, y: np.ndarray, params: dict[str, Any]) -> dict[str, Any]:
    """Histogram gradient-boosted trees (scikit-learn), exported as plain arrays."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(random_state=0, early_stopping=False, **params)
    model.fit(X, y)
    spec = export_gbt(model, params)
    sample = X[: min(len(X), 2000)]
    got = Reranker(spec).predict(sample)
    want = model.predict_proba(sample)[:, 1]
    if not np.allclose(got, want, atol=1e-4):  # pragma: no cover - an export bug
        raise RuntimeError(f"exported trees disagree with scikit-learn: {abs(got - want).max()}")
    return spec


def export_gbt(model: Any, params: dict[str, Any]) -> dict[str, Any]:
    trees = []
    depth = 0
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        leaf = nodes["is_leaf"].astype(bool)
        depth = max(depth, int(nodes["depth"].max()))
        trees.append(
            {
                "feature": [int(f) for f in nodes["feature_idx"]],
                "threshold": [float(t) for t in nodes["num_threshold"]],
                "left": [-1 if lf else int(x) for x, lf in zip(nodes["left"], leaf, strict=True)],
                "right": [-1 if lf else int(x) for x, lf in zip(nodes["right"], leaf, strict=True)],
                "value": [round(float(v), 6) for v in nodes["value"]],
            }
        )
    baseline = float(np.ravel(model._baseline_prediction)[0])
    return {
        "kind": "gbt",
        "features": list(FEATURES),
        "init": baseline,
        "learning_rate": 1.0,  # leaf values already carry the shrinkage
        "max_depth": depth,
        "trees": trees,
        "params": params,
    }


GRID = [
    {
        "max_iter": n,
        "max_leaf_nodes": leaves,
        "learning_rate": lr,
        "min_samples_leaf": 40,
        "l2_regularization": 1.0,
    }
    for n, leaves, lr in [(200, 15, 0.05), (400, 15, 0.03), (300, 7, 0.05), (200, 31, 0.05)]
] + [
    # smaller, more regularised trees (fewer, larger leaves)
    {
        "max_iter": 150,
        "max_leaf_nodes": 7,
        "learning_rate": 0.05,
        "min_samples_leaf": 100,
        "l2_regularization": 3.0,
    }
]


def cross_validate(X, y, g, pools, golds, params, folds: int = 5, extra=None):
    """MAP@5 of out-of-fold re-ranking on train; with ``extra`` (X, groups) also the
    out-of-fold probabilities of those rows (the leave-gold-out pools)."""
    n = len(pools)
    fold_of = np.arange(n) % folds
    probs = np.zeros(len(y))
    extra_probs = np.zeros(len(extra[1])) if extra is not None else None
    for f in range(folds):
        test_q = np.where(fold_of == f)[0]
        mask = np.isin(g, test_q)
        model = Reranker(fit_gbt(X[~mask], y[~mask], params))
        probs[mask] = model.predict(X[mask])
        if extra is not None:
            emask = np.isin(extra[1], test_q)
            extra_probs[emask] = model.predict(extra[0][emask])
    rankings = rerank(pools, split_probs(probs, g, n))
    return ranking_metrics(rankings, golds)["MAP@5"], probs, extra_probs


def decision_cases(probs, g, pools, golds, ex_probs, ex_g) -> tuple[np.ndarray, np.ndarray]:
    """Per query two decisions: with its check in the archive (right when the best match is
    it) and without it (the best remaining one is a hard negative)."""
    scores, labels = [], []
    for q, (pool, gold) in enumerate(zip(pools, golds, strict=True)):
        p = probs[g == q]
        if len(p):
            best = int(np.argmax(p))
            scores.append(float(p[best]))
            labels.append(1 if pool[best].position in gold else 0)
        e = ex_probs[ex_g == q]
        scores.append(float(e.max()) if len(e) else 0.0)
        labels.append(0)
    return np.asarray(scores), np.asarray(labels)


def exclusion_pools(data, queries, vecs, golds):
    return [
        data.matcher.rank(t, vector=v, exclude=sorted(gd))
        for (_, t), v, gd in zip(queries, vecs, golds, strict=True)
    ]


def stack(pools) -> tuple[np.ndarray, np.ndarray]:
    X = [r.features for p in pools for r in p]
    g = [q for q, p in enumerate(pools) for _ in p]
    return np.asarray(X, dtype=np.float32), np.asarray(g)


# --------------------------------------------------------------------------- decision


def claimmatch_scores(data: ClefData, reranker: Reranker) -> tuple[np.ndarray, np.ndarray, int]:
    """Probability that claim1 is claim2's fact check, for every labelled pair, judged the
    way ``verify claim`` does: claim1 matched against the whole CLEF archive; the pair's
    probability is that of claim2's check among the candidates (0 when it is not one)."""
    by_tail: dict[str, list[int]] = {}
    for i, c in enumerate(data.checks):
        by_tail.setdefault(" ".join(c.claim.split())[-40:], []).append(i)
    pairs = load_claimmatch()
    texts = [p[0] for p in pairs]
    vecs = data.query_vectors(texts)
    old = data.matcher.reranker
    data.matcher.reranker = reranker
    scores, labels, unmapped = [], [], 0
    try:
        for (c1, c2, label), v in zip(pairs, vecs, strict=True):
            tail = " ".join(c2.split())[-40:]
            targets = set(by_tail.get(tail, []))
            if not targets:
                unmapped += 1
            ranked = data.matcher.rank(c1, vector=v)
            prob = max((r.probability for r in ranked if r.position in targets), default=0.0)
            scores.append(prob)
            labels.append(label)
    finally:
        data.matcher.reranker = old
    return np.asarray(scores), np.asarray(labels), unmapped


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    candidates = np.unique(np.concatenate([scores, [0.5]]))
    best_t, best_acc = 0.5, -1.0
    for t in candidates:
        acc = float(((scores >= t) == (labels == 1)).mean())
        if acc > best_acc or (acc == best_acc and abs(t - 0.5) < abs(best_t - 0.5)):
            best_t, best_acc = float(t), acc
    # the midpoint to the next score below keeps a margin
    below = scores[scores < best_t]
    if len(below):
        best_t = float((best_t + below.max()) / 2)
    return best_t, best_acc


def cv_accuracy(scores: np.ndarray, labels: np.ndarray, folds: int = 5) -> float:
    rng = np.random.default_rng(0)
    order = rng.permutation(len(scores))
    correct = 0
    for f in range(folds):
        test = order[f::folds]
        train = np.setdiff1d(order, test)
        t, _ = best_threshold(scores[train], labels[train])
        correct += int(((scores[test] >= t) == (labels[test] == 1)).sum())
    return correct / len(scores)


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m verify.factcheck.train",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--dry-run", action="store_true", help="Measure; write no model.")
    parser.add_argument("--out", type=Path, default=RERANKER_FILE)
    parser.add_argument("--quick", action="store_true", help="One setting, no grid search.")
    args = parser.parse_args(argv)
    t0 = time.time()
    data = ClefData()
    tq, tqrels, tvecs = data.split("train")
    dq, dqrels, dvecs = data.split("dev")
    tpools = data.pools([t for _, t in tq], tvecs)
    dpools = data.pools([t for _, t in dq], dvecs)
    Xt, yt, gt = features_and_labels(data, tq, tqrels, tpools)
    Xd, yd, gd = features_and_labels(data, dq, dqrels, dpools)
    tgold = [{data.index[v] for v in tqrels.get(tid, ()) if v in data.index} for tid, _ in tq]
    dgold = [{data.index[v] for v in dqrels.get(tid, ()) if v in data.index} for tid, _ in dq]
    base = ranking_metrics([[r.position for r in p] for p in dpools], dgold)
    print(f"dev, pooled candidates in cosine order: {_fmt(base)}")
    print(
        f"pool recall: train {_pool_recall(tpools, tgold):.3f}, "
        f"dev {_pool_recall(dpools, dgold):.3f}"
    )
    tex = exclusion_pools(data, tq, tvecs, tgold)
    dex = exclusion_pools(data, dq, dvecs, dgold)
    Xte, gte = stack(tex)
    Xde, gde = stack(dex)
    grid = GRID[:1] if args.quick else GRID
    scored = []
    for params in grid:
        cv, oof, oof_ex = cross_validate(Xt, yt, gt, tpools, tgold, params, extra=(Xte, gte))
        scored.append((cv, params, oof, oof_ex))
        print(f"train 5-fold CV MAP@5 {cv:.4f}  {params}", flush=True)
    cv, params, oof, oof_ex = max(scored, key=lambda s: s[0])
    # the decision threshold: out-of-fold on train, each tweet with and without its check
    s_train, l_train = decision_cases(oof, gt, tpools, tgold, oof_ex, gte)
    threshold, train_acc = best_threshold(s_train, l_train)
    spec = fit_gbt(Xt, yt, params)
    reranker = Reranker(spec)
    dprob = reranker.predict(Xd)
    dev = ranking_metrics(rerank(dpools, split_probs(dprob, gd, len(dq))), dgold)
    print(f"dev, re-ranked: {_fmt(dev)}  (chosen by train CV: {params})")
    s_dev, l_dev = decision_cases(dprob, gd, dpools, dgold, reranker.predict(Xde), gde)
    dev_acc = float(((s_dev >= threshold) == (l_dev == 1)).mean())
    print(
        f"decision threshold {threshold:.3f} (train, out of fold, each tweet with and without "
        f"its check: accuracy {train_acc:.3f}); dev accuracy {dev_acc:.3f} on {len(l_dev)} "
        f"decisions"
    )
    scores, labels, unmapped = claimmatch_scores(data, reranker)
    cm_acc = float(((scores >= threshold) == (labels == 1)).mean())
    cm_t, cm_best = best_threshold(scores, labels)
    print(
        f"ClaimMatchData at that threshold: accuracy {cm_acc:.3f} ({len(labels)} pairs, "
        f"{unmapped} whose check is not in the CLEF file); its own best threshold "
        f"{cm_t:.3f} gives {cm_best:.3f} (5-fold CV {cv_accuracy(scores, labels):.3f}) but its "
        f"negatives are random pairs, so it says nothing about near misses"
    )
    spec["threshold"] = threshold
    spec["trained"] = {
        "data": "CLEF CheckThat! 2020 task 2 train (5-fold CV for the model size and the "
        "threshold); dev and ClaimMatchData reported",
        "train_cv_map5": round(cv, 4),
        "dev": {k: round(v, 4) for k, v in dev.items()},
        "decision_train_oof_accuracy": round(train_acc, 4),
        "decision_dev_accuracy": round(dev_acc, 4),
        "claimmatch_accuracy": round(cm_acc, 4),
        "claimmatch_own_threshold": round(cm_t, 4),
        "claimmatch_own_accuracy": round(cm_best, 4),
        "command": "python -m verify.factcheck.train",
    }
    if not args.dry_run:
        args.out.write_text(json.dumps(spec, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)")
    print(f"{time.time() - t0:.0f} s")
    return 0


def _pool_recall(pools, golds) -> float:
    found = [bool({r.position for r in p} & g) for p, g in zip(pools, golds, strict=True)]
    return float(np.mean(found))


def _fmt(m: dict[str, float]) -> str:
    return "  ".join(f"{k} {v:.3f}" for k, v in m.items())


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
