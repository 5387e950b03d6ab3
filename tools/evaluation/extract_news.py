"""Quote extraction measured on the labelled news articles of shared/articles/news/.

    python -m tools.evaluation.extract_news [--dir PATH] [--verbose] [--rules-only]

gold.jsonl labels every direct quotation attributed to an official (article_id, quote,
start, end, speaker, via). For each gold quotation the extractor's quotes (kind "quote") of
that article are compared:

- found, exact: a predicted quote with the same span once white space and the punctuation
  ``.,;:!?`` at either end are trimmed from both;
- found, overlap: a predicted quote covering at least half of the longer of the two spans
  (|A ∩ B| / max(|A|, |B|) >= 0.5);
- speaker accuracy, over quotes found (overlap): the predicted speaker equals one of the gold
  names (gold "Jake Sullivan; Brian Deese (joint statement)" lists two), case-insensitively;
- via accuracy, over quotes found: the predicted via equals the gold via (both None counts).

Each figure is given for all gold quotes and for those of more than four words. Extra
predicted quotes (overlapping no gold quote) are counted: the gold labels only quotes of
officials, so extras are not necessarily wrong. The article's outlet and date from
meta.jsonl are passed to the extractor, as the pipeline does.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

from verify.article.extract import extract_quotes
from verify.config import shared_root

_TRIM = " \t\n\r.,;:!?"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def overlap_ratio(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    longest = max(a[1] - a[0], b[1] - b[0])
    return inter / longest if longest > 0 else 0.0


def _names(gold_speaker: str | None) -> set[str]:
    if not gold_speaker:
        return set()
    base = re.sub(r"\([^)]*\)", "", gold_speaker)
    return {n.strip().lower() for n in base.split(";") if n.strip()}


def _words(s: str) -> int:
    return len(re.findall(r"[^\W_]+(?:['’][^\W_]+)*", s))


def evaluate(folder: Path, verbose: bool = False) -> dict:
    gold = [json.loads(line) for line in (folder / "gold.jsonl").open(encoding="utf-8")]
    meta = {}
    meta_path = folder / "meta.jsonl"
    if meta_path.exists():
        for line in meta_path.open(encoding="utf-8"):
            m = json.loads(line)
            meta[m["id"]] = m
    by_article: dict[str, list[dict]] = {}
    for g in gold:
        by_article.setdefault(g["article_id"], []).append(g)
    rows = []
    extras = 0
    predicted_quotes = 0
    claims = 0
    seconds = 0.0
    for aid in sorted(by_article):
        text = (folder / f"{aid}.txt").read_text(encoding="utf-8")
        m = meta.get(aid, {})
        t0 = time.perf_counter()
        items = extract_quotes(text, outlet=m.get("outlet"), date=m.get("date"))
        seconds += time.perf_counter() - t0
        preds = [q for q in items if q.kind == "quote"]
        claims += sum(1 for q in items if q.kind == "claim")
        predicted_quotes += len(preds)
        used = set()
        for g in by_article[aid]:
            gs = _trim(text, g["start"], g["end"])
            best, best_ov = None, 0.0
            for k, p in enumerate(preds):
                ov = overlap_ratio(gs, _trim(text, p.start, p.end))
                if ov > best_ov:
                    best, best_ov = k, ov
            row = {
                "article": aid,
                "gold": g,
                "words": _words(g["quote"]),
                "exact": False,
                "overlap": False,
                "speaker_ok": False,
                "via_ok": False,
                "pred": None,
            }
            if best is not None and best_ov >= 0.5:
                p = preds[best]
                used.add(best)
                row["pred"] = p
                row["overlap"] = True
                row["exact"] = _trim(text, p.start, p.end) == gs
                row["speaker_ok"] = bool(p.speaker) and p.speaker.lower() in _names(g["speaker"])
                gv, pv = g.get("via"), p.via
                row["via_ok"] = (gv or "").lower() == (pv or "").lower()
            rows.append(row)
        for k, p in enumerate(preds):
            if k in used:
                continue
            if not any(
                overlap_ratio(_trim(text, p.start, p.end), _trim(text, g["start"], g["end"])) > 0
                for g in by_article[aid]
            ):
                extras += 1
    result = {"all": _summary(rows), "over4": _summary([r for r in rows if r["words"] > 4])}
    result.update(
        {
            "extras": extras,
            "predicted_quotes": predicted_quotes,
            "claims": claims,
            "seconds": seconds,
        }
    )
    if verbose:
        for r in rows:
            g, p = r["gold"], r["pred"]
            mark = "EXACT" if r["exact"] else ("OVERLAP" if r["overlap"] else "MISSED")
            print(f"{r['article']} {mark:7} {g['quote'][:60]!r}")
            if p is not None:
                sp = "ok" if r["speaker_ok"] else f"WRONG {p.speaker!r} (gold {g['speaker']!r})"
                via = "ok" if r["via_ok"] else f"WRONG {p.via!r} (gold {g.get('via')!r})"
                print(f"        speaker {sp}; via {via}")
    return result


def _summary(rows: list[dict]) -> dict:
    n = len(rows)
    found = [r for r in rows if r["overlap"]]
    return {
        "gold": n,
        "exact": sum(r["exact"] for r in rows) / n if n else 0.0,
        "overlap": len(found) / n if n else 0.0,
        "speaker": sum(r["speaker_ok"] for r in found) / len(found) if found else 0.0,
        "via": sum(r["via_ok"] for r in found) / len(found) if found else 0.0,
        "found": len(found),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", type=Path, default=None, help="folder with gold.jsonl and aNN.txt")
    ap.add_argument("--verbose", action="store_true", help="one line per gold quote")
    ap.add_argument(
        "--rules-only", action="store_true", help="no dependency parse (the rule extractor)"
    )
    args = ap.parse_args(argv)
    if args.rules_only:
        import verify.article.extract

        verify.article.extract.USE_PARSE = False
    folder = args.dir or shared_root() / "articles" / "news"
    if not (folder / "gold.jsonl").exists():
        print(f"No gold.jsonl in {folder}: set VERIFY_SHARED or pass --dir.")
        return 2
    res = evaluate(folder, verbose=args.verbose)
    print(
        f"{'subset':<22}{'gold':>6}{'found exact':>13}{'found >=50%':>13}"
        f"{'speaker acc':>13}{'via acc':>9}"
    )
    for key, label in (("all", "all gold quotes"), ("over4", "more than 4 words")):
        s = res[key]
        print(
            f"{label:<22}{s['gold']:>6}{s['exact']:>13.1%}{s['overlap']:>13.1%}"
            f"{s['speaker']:>13.1%}{s['via']:>9.1%}"
        )
    print(
        f"predicted quotes: {res['predicted_quotes']} (extra, overlapping no gold quote: "
        f"{res['extras']}); claims: {res['claims']}; extraction time {res['seconds']:.2f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
