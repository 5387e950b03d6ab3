"""Speaker attribution of the quote extractor, alone (no index, no checks): a fast loop.

    python -m tools.evaluation.speakers [--set news|bench|polnear|all] [--split dev|test|all]
                                        [--verbose]

Sets:
- ``news``: the 15 labelled articles of ``$VERIFY_SHARED/articles/news`` (gold.jsonl ``speaker``);
- ``bench``: the labelled real articles under ``bench/articles/*/`` (meta.jsonl gives each
  article's ``split``, dev or test: tune on dev, report test);
- ``polnear``: PolNeAR dev, direct quotes (gold contents with a quotation mark), matched as
  :mod:`tools.evaluation.polnear` matches them; a speaker is right when its mention overlaps the
  gold source span.

For the article sets each gold quote is matched to the extractor's quote (kind "quote") that
overlaps it most (at least half of the longer span); its speaker is right as ``make
eval-articles`` judges it (:func:`tools.evaluation.articles.speaker_right`: one of the gold
names, ``"A; B (joint)"`` lists two, case-insensitively; the same person by the speaker
registry, "Biden" for "Joe Biden"; a reporter word for "unnamed reporter"). ``strict`` is the
share with exactly a gold name. Figures are given for
quotes of more than four words and for fragments (four words or fewer) apart: found (share of
gold quotes matched), speaker (share of the found ones with the right speaker), and inferred
(share of found quotes whose speaker the extractor marked as inferred).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from tools.evaluation import polnear
from tools.evaluation.articles import speaker_right
from tools.evaluation.extract_news import _names, _trim, _words, overlap_ratio
from verify.article.extract import extract_quotes
from verify.config import shared_root
from verify.knowledge.speakers import SpeakerRegistry

BENCH = Path(__file__).resolve().parents[2] / "bench" / "articles"


def _read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def article_rows(folder: Path, split: str = "all") -> list[dict]:
    """One row per gold quote of the folder's articles (of the split, when meta.jsonl gives
    one): found, speaker right, predicted speaker."""
    meta = {m["id"]: m for m in _read_jsonl(folder / "meta.jsonl")}
    registry = SpeakerRegistry.default()
    by_article: dict[str, list[dict]] = {}
    for g in _read_jsonl(folder / "gold.jsonl"):
        by_article.setdefault(g["article_id"], []).append(g)
    rows = []
    for aid in sorted(by_article):
        m = meta.get(aid, {})
        if split != "all" and m.get("split", "dev") != split:
            continue
        path = folder / f"{aid}.txt"
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        preds = [
            q
            for q in extract_quotes(text, outlet=m.get("outlet"), date=m.get("date"))
            if q.kind == "quote"
        ]
        for g in by_article[aid]:
            gs = _trim(text, g["start"], g["end"])
            best, best_ov = None, 0.0
            for p in preds:
                ov = overlap_ratio(gs, _trim(text, p.start, p.end))
                if ov > best_ov:
                    best, best_ov = p, ov
            found = best is not None and best_ov >= 0.5
            pred = best.speaker if found else None
            strict = bool(pred) and pred.lower() in _names(g.get("speaker"))
            day = m.get("date") or g.get("date")
            rows.append(
                {
                    "where": f"{folder.name}/{aid}",
                    "quote": g["quote"],
                    "gold": g.get("speaker"),
                    "as_written": g.get("speaker_as_written"),
                    "long": _words(g["quote"]) > 4,
                    "found": found,
                    "pred": pred,
                    "inferred": bool(found and getattr(best, "speaker_inferred", False)),
                    "strict": strict,
                    "ok": found and (strict or speaker_right(g, pred, registry, day)),
                }
            )
    return rows


def polnear_rows(folder: Path) -> list[dict]:
    """One row per gold direct quote of PolNeAR (the first annotation of each document)."""
    anns = {}
    for a in sorted((folder / "attributions").glob("*.ann")):
        anns.setdefault(re.sub(r"_[0-9a-f]{4}$", "", a.stem), a)
    rows = []
    for tpath in sorted((folder / "text").glob("*.txt")):
        ann = anns.get(tpath.stem)
        if ann is None:
            continue
        text = tpath.read_text(encoding="utf-8")
        gold = [g for g in polnear.read_ann(ann, text) if g.direct]
        pred = [p for p in polnear.predicted_contents(text) if p.direct]
        _exact, matched = polnear.match(gold, pred)
        pair = dict(matched)
        for i, g in enumerate(gold):
            j = pair.get(i)
            p = pred[j] if j is not None else None
            rows.append(
                {
                    "where": tpath.stem,
                    "quote": g.text,
                    "gold": "; ".join(text[s:e] for s, e in g.sources),
                    "as_written": None,
                    "long": _words(g.text) > 4,
                    "found": p is not None,
                    "pred": text[p.mention[0] : p.mention[1]] if p and p.mention else None,
                    "inferred": False,
                    "ok": p is not None and polnear._speaker_ok(g, p),
                    "strict": p is not None and polnear._speaker_ok(g, p),
                }
            )
    return rows


def summary(rows: list[dict]) -> dict:
    out = {}
    for key, sel in (("long", True), ("fragments", False)):
        rs = [r for r in rows if r["long"] is sel]
        found = [r for r in rs if r["found"]]
        out[key] = {
            "gold": len(rs),
            "found": len(found) / len(rs) if rs else 0.0,
            "speaker": sum(r["ok"] for r in found) / len(found) if found else 0.0,
            "strict": sum(r["strict"] for r in found) / len(found) if found else 0.0,
            "inferred": sum(r["inferred"] for r in found) / len(found) if found else 0.0,
        }
    return out


def _sets(
    which: str, split: str, bench_sets: list[str] | None = None
) -> list[tuple[str, list[dict]]]:
    out = []
    if which in ("news", "all"):
        folder = shared_root() / "articles" / "news"
        if (folder / "gold.jsonl").exists():
            out.append(("news (15 shared)", article_rows(folder)))
    if which in ("bench", "all"):
        splits = ["dev", "test"] if split == "all" else [split]
        for sp in splits:
            rows = []
            for folder in sorted(p for p in BENCH.glob("*") if (p / "gold.jsonl").exists()):
                if bench_sets is None or folder.name in bench_sets:
                    rows += article_rows(folder, sp)
            out.append((f"bench {sp}", rows))
    if which in ("polnear", "all"):
        folder = shared_root() / "eval" / "polnear" / "dev"
        if (folder / "text").is_dir():
            out.append(("PolNeAR dev direct", polnear_rows(folder)))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", default="all", choices=["news", "bench", "polnear", "all"])
    ap.add_argument("--split", default="all", choices=["dev", "test", "all"])
    ap.add_argument("--verbose", action="store_true", help="list every wrong or missed speaker")
    ap.add_argument(
        "--sets", default=None, help="bench sets only, comma-separated (default: every set)"
    )
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    sets = _sets(args.set, args.split, args.sets.split(",") if args.sets else None)
    if not sets:
        print("No labelled sets found: set VERIFY_SHARED.", file=sys.stderr)
        return 2
    print(
        f"{'set':<22}{'':<12}{'gold':>6}{'found':>8}{'speaker':>9}{'strict':>8}{'inferred':>10}"
        f"   (speaker: share of found quotes)"
    )
    for name, rows in sets:
        s = summary(rows)
        for key, label in (("long", "> 4 words"), ("fragments", "<= 4 words")):
            t = s[key]
            print(
                f"{name:<22}{label:<12}{t['gold']:>6}{t['found']:>8.1%}{t['speaker']:>9.1%}"
                f"{t['strict']:>8.1%}"
                f"{t['inferred']:>10.1%}"
            )
        if args.verbose:
            for r in rows:
                if r["found"] and not r["ok"]:
                    print(
                        f"    WRONG {r['where']}: {r['quote'][:50]!r} -> {r['pred']!r}"
                        f" (gold {r['gold']!r}, written {r['as_written']!r})"
                    )
    print(f"({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
