"""`make eval`: verdict accuracy of `verify quote` on the labelled set.

    python -m tools.evaluation.quotes [--cases bench/quotes_eval.jsonl]
                                       [--split dev|test|all|both] [--errors] [--json]

``--split both`` reports the test half and the dev half one after the other (one process:
the model and index are loaded once).

Prints per-verdict precision and recall, the confusion matrix, source accuracy (right
document; right span = overlapping the labelled span) and the false-confirmation rate
(verbatim or minor reported for a quote whose gold verdict is anything else).
Needs the demo store and its vector index (make demo-store demo-index).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from tools.evaluation.metrics import confusion, format_confusion, format_table, macro_f1, per_class
from verify import config
from verify.errors import IndexMissingError
from verify.models import CONFIRMING, VERDICTS, QuoteResult

DEFAULT_CASES = config.PROJECT_ROOT / "bench" / "quotes_eval.jsonl"


def load_cases(path: Path, split: str = "all") -> list[dict[str, Any]]:
    cases = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    if split != "all":
        cases = [c for c in cases if c.get("split") == split]
    return cases


def run(
    cases: list[dict[str, Any]], checker: Any, *, lexical_only: bool = False
) -> list[dict[str, Any]]:
    out = []
    for c in cases:
        t = time.perf_counter()
        try:
            r = checker.check_quote(
                c["quote"], speaker=c.get("speaker"), date=c.get("date"), id=c["id"]
            )
        except IndexMissingError:
            if not lexical_only:
                raise
            r = QuoteResult(c["quote"], "not_found", 0.0, "(lexical-only run)", id=c["id"])
        row = {"case": c, "result": r.to_json(), "seconds": time.perf_counter() - t}
        out.append(row)
    return out


def score(rows: list[dict[str, Any]]) -> dict[str, Any]:
    gold = [r["case"]["expected_verdict"] for r in rows]
    pred = [r["result"]["verdict"] for r in rows]
    classes = per_class(gold, pred, VERDICTS)
    in_corpus = [
        r
        for r in rows
        if r["case"]["expected_verdict"] != "not_found" and r["case"].get("expected_urls")
    ]
    doc_ok = span_ok = 0
    for r in in_corpus:
        src = r["result"]["source"]
        if src is None:
            continue
        urls = set(r["case"]["expected_urls"]) | {r["case"].get("expected_url")}
        if src["url"] in urls:
            doc_ok += 1
            s, e = r["case"].get("expected_start"), r["case"].get("expected_end")
            if src["url"] != r["case"].get("expected_url") or s is None:
                span_ok += 1  # another verbatim appearance: the span is that document's
            elif src["start"] < e and src["end"] > s:
                span_ok += 1
    wrong_meaning = [r for r in rows if r["case"]["expected_verdict"] not in CONFIRMING]
    false_conf = [r for r in wrong_meaning if r["result"]["verdict"] in CONFIRMING]
    return {
        "cases": len(rows),
        "per_verdict": classes,
        "macro_f1": macro_f1(classes),
        "accuracy": sum(g == p for g, p in zip(gold, pred, strict=True)) / max(1, len(rows)),
        "confusion": {f"{g}->{p}": n for (g, p), n in confusion(gold, pred).items()},
        "source_doc_accuracy": doc_ok / max(1, len(in_corpus)),
        "source_span_accuracy": span_ok / max(1, len(in_corpus)),
        "in_corpus": len(in_corpus),
        "false_confirmations": len(false_conf),
        "false_confirmation_rate": len(false_conf) / max(1, len(wrong_meaning)),
        "seconds_per_quote": sum(r["seconds"] for r in rows) / max(1, len(rows)),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Verdict accuracy on the labelled quote set.")
    ap.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    ap.add_argument("--split", default="all", choices=["dev", "test", "all", "both"])
    ap.add_argument("--errors", action="store_true", help="List the misjudged cases.")
    ap.add_argument("--json", action="store_true", help="Print the scores as JSON.")
    ap.add_argument("--save", type=Path, help="Write every case's result here (JSON lines).")
    ap.add_argument(
        "--lexical-only",
        action="store_true",
        help="Without a vector index: unresolved quotes count as not_found.",
    )
    args = ap.parse_args(argv)

    from verify.check.pipeline import Checker

    checker = Checker(semantic=not args.lexical_only)
    splits = ["test", "dev"] if args.split == "both" else [args.split]
    every: dict[str, Any] = {}
    for n, split in enumerate(splits):
        cases = load_cases(args.cases, split)
        rows = run(cases, checker, lexical_only=args.lexical_only)
        s = score(rows)
        every[split] = s
        if args.save:
            mode = "w" if n == 0 else "a"
            with open(args.save, mode) as fh:
                for r in rows:
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        if not args.json:
            if n:
                print()
            report(args, split, s, rows)
    if args.json:
        print(json.dumps(every if args.split == "both" else every[args.split], indent=2))


def report(args: Any, split: str, s: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    print(f"Quote verdicts on {args.cases.name} (split: {split}, {s['cases']} cases)\n")
    print(format_table(s["per_verdict"]))
    print()
    from collections import Counter

    cm = Counter({tuple(k.split("->")): v for k, v in s["confusion"].items()})
    print(format_confusion(cm, VERDICTS))
    print()
    print(f"accuracy                 {s['accuracy']:.3f}")
    print(f"source document accuracy {s['source_doc_accuracy']:.3f} ({s['in_corpus']} in corpus)")
    print(f"source span accuracy     {s['source_span_accuracy']:.3f}")
    print(
        f"false confirmations      {s['false_confirmations']} "
        f"({100 * s['false_confirmation_rate']:.1f}% of quotes that are not verbatim/minor)"
    )
    print(f"time per quote           {1000 * s['seconds_per_quote']:.0f} ms")
    if args.errors:
        print("\nMisjudged:")
        for r in rows:
            c, res = r["case"], r["result"]
            if c["expected_verdict"] != res["verdict"]:
                print(
                    f"- {c['id']} [{c['method']}] gold {c['expected_verdict']} -> "
                    f"{res['verdict']} ({res['score']:.2f}): {c['quote'][:120]!r}"
                )
                print(f"    {res['explanation'][:240]}")


if __name__ == "__main__":
    main()
