"""`make eval-articles`: end-to-end accuracy on real news articles.

    python -m tools.evaluation.articles [--dir ../shared/articles/news] [--errors] [--json]

Each article of ``meta.jsonl`` is read, its quotes are extracted and checked against the
store (VERIFY_HOME) exactly as `verify article` does (the article is not stored), and
the results are matched to ``gold.jsonl`` (a predicted quote matches a gold quote when
their spans overlap by at least half of the gold span). Printed, for all gold quotes and
for quotes of more than four words: share found, speaker accuracy, verdict accuracy,
right source (the expected primary transcript, where there is one), false confirmations
(verbatim/minor reported where gold says otherwise) and end-to-end accuracy (found, right
speaker, right verdict and, where gold names one, the right source).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from verify import config
from verify.models import CONFIRMING, VERDICTS, Article


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def run(directory: Path, runner: Any) -> list[dict[str, Any]]:
    meta = {
        m["id"]: m
        for m in (
            json.loads(line)
            for line in (directory / "meta.jsonl").read_text().splitlines()
            if line.strip()
        )
    }
    gold = [
        json.loads(line)
        for line in (directory / "gold.jsonl").read_text().splitlines()
        if line.strip()
    ]
    rows = []
    for aid, m in sorted(meta.items()):
        text = (directory / f"{aid}.txt").read_text()
        art = Article(
            text=text,
            url=m.get("url"),
            title=m.get("title"),
            date=m.get("date"),
            outlet=m.get("outlet"),
            origin=f"{aid}.txt",
        )
        t = time.perf_counter()
        report = runner.check_article(art)
        seconds = time.perf_counter() - t
        checks = [c for c in report.checks if c.extracted.kind == "quote"]
        for g in (g for g in gold if g["article_id"] == aid):
            span = (g["start"], g["end"])
            best, best_ov = None, 0
            for c in checks:
                ov = _overlap(span, (c.extracted.start, c.extracted.end))
                if ov > best_ov:
                    best, best_ov = c, ov
            found = best is not None and best_ov >= 0.5 * (span[1] - span[0])
            rows.append(
                {"gold": g, "check": best.to_json() if found else None, "article_seconds": seconds}
            )
    return rows


def score(rows: list[dict[str, Any]], registry: Any, min_words: int = 0) -> dict[str, Any]:
    sel = [r for r in rows if len(r["gold"]["quote"].split()) > min_words]
    found = [r for r in sel if r["check"] is not None]
    speaker_ok = verdict_ok = source_ok = source_n = e2e = false_conf = 0
    for r in found:
        g, c = r["gold"], r["check"]
        sp = (
            registry.same_person(g["speaker"], c["claimed_speaker"], date=g.get("date"))
            if c["claimed_speaker"]
            else False
        )
        speaker_ok += sp
        v = c["verdict"] == g["expected_verdict"]
        verdict_ok += v
        src_right = True
        if g.get("expected_url"):
            source_n += 1
            got = (c.get("source") or {}).get("url")
            src_right = got == g["expected_url"]
            source_ok += src_right
        if c["verdict"] in CONFIRMING and g["expected_verdict"] not in CONFIRMING:
            false_conf += 1
        e2e += sp and v and src_right
    n = len(sel)
    return {
        "gold_quotes": n,
        "found": len(found) / max(1, n),
        "speaker_accuracy": speaker_ok / max(1, len(found)),
        "verdict_accuracy": verdict_ok / max(1, len(found)),
        "right_source": source_ok / max(1, source_n),
        "false_confirmations": false_conf,
        "end_to_end": e2e / max(1, n),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="End-to-end accuracy on labelled news articles.")
    ap.add_argument("--dir", type=Path, default=config.shared_root() / "articles" / "news")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    from collections import Counter

    from verify.article.runner import ArticleRunner
    from verify.knowledge.speakers import SpeakerRegistry

    runner = ArticleRunner(store_article=False)
    rows = run(args.dir, runner)
    reg = SpeakerRegistry.default()
    out = {"all": score(rows, reg), "more_than_4_words": score(rows, reg, 4)}
    if args.json:
        print(json.dumps(out, indent=2))
        return
    print(f"End to end on {args.dir} ({len(rows)} gold quotes)\n")
    print(f"{'':24}{'all':>10}{'> 4 words':>12}")
    for key in (
        "gold_quotes",
        "found",
        "speaker_accuracy",
        "verdict_accuracy",
        "right_source",
        "false_confirmations",
        "end_to_end",
    ):
        a, b = out["all"][key], out["more_than_4_words"][key]
        fmt = (lambda v: f"{v:>10d}") if isinstance(a, int) else (lambda v: f"{v:>10.3f}")
        print(f"{key:<24}{fmt(a)}{fmt(b):>12}")
    cm = Counter((r["gold"]["expected_verdict"], r["check"]["verdict"]) for r in rows if r["check"])
    print("\nverdicts (gold -> predicted):")
    for g in VERDICTS:
        row = {p: cm.get((g, p), 0) for p in VERDICTS if cm.get((g, p), 0)}
        if row:
            print(f"  {g:<14} {row}")
    if args.errors:
        print("\nMisjudged:")
        for r in rows:
            g, c = r["gold"], r["check"]
            if c is None:
                print(f"- {g['article_id']} NOT FOUND: {g['quote'][:100]!r}")
            elif c["verdict"] != g["expected_verdict"]:
                print(
                    f"- {g['article_id']} gold {g['expected_verdict']} -> {c['verdict']} "
                    f"({c['score']:.2f}) speaker {c['claimed_speaker']!r}: {g['quote'][:90]!r}"
                )
                print(f"    {c['explanation'][:200]}")


if __name__ == "__main__":
    main()
