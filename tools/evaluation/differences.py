"""Fast measurement of the difference rules (verify/check/differences.py) on labelled pairs.

    python -m tools.evaluation.differences [--split dev|test|all] [--errors] [--features OUT]

Each labelled quote whose gold verdict is verbatim, minor or altered is aligned against its
labelled source excerpt (no store, no index, no model: milliseconds a pair). Two figures:

- pairs: the quote's wording judged harmless (verbatim/minor) or meaning-bearing (altered)
  from the alignment alone, against the gold verdict: precision and recall of each, and
  "false harmless" (an altered quote judged harmless: a false confirmation in the making);
- differences: each insert/delete/replace of a harmless pair is a harmless difference; the
  one difference of an altered pair that has only one is meaning-bearing. Precision and
  recall of the rules' harmless/meaning-bearing call.

Labelled pairs: ../shared/articles/news/gold.jsonl (VERIFY_SHARED; tuned on: dev), the
articles under bench/articles/*/gold.jsonl (split from each set's meta.jsonl) and
bench/quotes_eval.jsonl (its split field). ``--features OUT`` writes one JSON line per
labelled difference (its features and label) for fitting a learned model.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from verify import config
from verify.check.align import DocTokens, align, clean_quote
from verify.check.differences import features
from verify.check.verdict import wording_verdict
from verify.corpus.sources.markdown import struck_as_marks

WORDING = {"verbatim": "harmless", "minor": "harmless", "altered": "meaning"}


def shared_dir() -> Path:
    return Path(os.environ.get("VERIFY_SHARED", config.PROJECT_ROOT.parent / "shared"))


def load_pairs() -> list[dict[str, Any]]:
    """Labelled quote/excerpt pairs with a wording verdict, each with its ``split``."""
    out: list[dict[str, Any]] = []
    news = shared_dir() / "articles" / "news" / "gold.jsonl"
    if news.exists():
        for line in news.read_text().splitlines():
            if line.strip():
                out.append({**json.loads(line), "split": "dev", "set": "news"})
    for gold in sorted((config.PROJECT_ROOT / "bench" / "articles").glob("*/gold.jsonl")):
        meta = gold.with_name("meta.jsonl")
        splits = {}
        if meta.exists():
            for line in meta.read_text().splitlines():
                if line.strip():
                    m = json.loads(line)
                    splits[m.get("id")] = m.get("split", "dev")
        for line in gold.read_text().splitlines():
            if line.strip():
                r = json.loads(line)
                split = r.get("split") or splits.get(r.get("article_id"), "dev")
                out.append({**r, "split": split, "set": gold.parent.name})
    qe = config.PROJECT_ROOT / "bench" / "quotes_eval.jsonl"
    for line in qe.read_text().splitlines():
        if line.strip():
            out.append({**json.loads(line), "set": "quotes_eval"})
    return [
        r for r in out if r.get("expected_verdict") in WORDING and (r.get("source_excerpt") or "")
    ]


def judge(pair: dict[str, Any]) -> tuple[str | None, Any]:
    aln = align(clean_quote(pair["quote"]), DocTokens(struck_as_marks(pair["source_excerpt"])))
    if aln is None:
        return None, None
    verdict = wording_verdict(aln)[0]
    call = "harmless" if verdict in ("verbatim", "minor") else "meaning"
    return call, aln


def _pr(rows: list[tuple[str, str]], cls: str) -> tuple[float, float, int]:
    tp = sum(1 for g, p in rows if g == cls and p == cls)
    pred = sum(1 for _, p in rows if p == cls)
    gold = sum(1 for g, _ in rows if g == cls)
    return (tp / pred if pred else 0.0), (tp / gold if gold else 0.0), gold


def measure(pairs: list[dict[str, Any]], errors: bool = False) -> dict[str, Any]:
    pair_rows: list[tuple[str, str]] = []
    diff_rows: list[tuple[str, str]] = []
    table: list[dict[str, Any]] = []
    minor_rows: list[tuple[str, str]] = []
    for pair in pairs:
        gold = WORDING[pair["expected_verdict"]]
        call, aln = judge(pair)
        pred = call or "meaning"
        pair_rows.append((gold, pred))
        if pair["expected_verdict"] == "minor":
            minor_rows.append((gold, pred))
        if errors and gold != pred:
            print(f"{pair['set']}/{pair.get('id') or pair.get('article_id')}: {gold} -> {pred}")
            print(f"   Q: {pair['quote'][:160]}")
            print(f"   S: {pair['source_excerpt'][:160]}")
        if aln is None:
            continue
        ops = [o for o in aln.ops if o.tag in ("insert", "delete", "replace")]
        if gold == "meaning" and len(ops) != 1:
            continue  # which of several differences bears the meaning is not labelled
        for op in ops:
            label = gold
            got = "harmless" if op.harmless else "meaning"
            diff_rows.append((label, got))
            f = features(aln, op)
            table.append({**f.row(), "label": label, "reason": op.harmless, "set": pair["set"]})
    out: dict[str, Any] = {"pairs": len(pair_rows), "differences": len(diff_rows)}
    for name, rows in (("pair", pair_rows), ("difference", diff_rows)):
        for cls in ("harmless", "meaning"):
            p, r, n = _pr(rows, cls)
            out[f"{name}_{cls}_precision"] = round(p, 3)
            out[f"{name}_{cls}_recall"] = round(r, 3)
            out[f"{name}_{cls}_n"] = n
    out["minor_recall"] = round(_pr(minor_rows, "harmless")[1], 3)
    out["minor_n"] = len(minor_rows)
    out["false_harmless"] = sum(1 for g, p in pair_rows if g == "meaning" and p == "harmless")
    out["_table"] = table
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.evaluation.differences")
    ap.add_argument("--split", choices=["dev", "test", "all"], default="all")
    ap.add_argument("--errors", action="store_true", help="print the pairs judged wrongly")
    ap.add_argument("--features", type=Path, help="write the labelled differences (JSON lines)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    pairs = load_pairs()
    splits = ["dev", "test"] if args.split == "all" else [args.split]
    results = {}
    for split in splits:
        sel = [p for p in pairs if p.get("split") == split]
        results[split] = measure(sel, errors=args.errors)
    if args.features:
        rows = [dict(r, split=s) for s, res in results.items() for r in res["_table"]]
        args.features.write_text("".join(json.dumps(r) + "\n" for r in rows))
    for res in results.values():
        res.pop("_table")
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for split, res in results.items():
        print(f"== {split}: {res['pairs']} pairs, {res['differences']} labelled differences")
        print(f"{'':12}{'harmless P':>12}{'R':>7}{'n':>6}{'meaning P':>12}{'R':>7}{'n':>6}")
        for name in ("pair", "difference"):
            print(
                f"{name:12}"
                f"{res[f'{name}_harmless_precision']:>12.3f}{res[f'{name}_harmless_recall']:>7.3f}"
                f"{res[f'{name}_harmless_n']:>6}"
                f"{res[f'{name}_meaning_precision']:>12.3f}{res[f'{name}_meaning_recall']:>7.3f}"
                f"{res[f'{name}_meaning_n']:>6}"
            )
        print(
            f"minor quotes judged harmless: {res['minor_recall']:.3f} of {res['minor_n']}; "
            f"altered quotes judged harmless (false): {res['false_harmless']}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
