"""`make eval-articles`: end-to-end accuracy on labelled real news articles.

    python -m tools.evaluation.articles [--sets news,w1,w2,k1] [--split dev|test|all]
                                        [--errors] [--json] [--save ROWS.jsonl] [--rows ROWS.jsonl]

Sets: ``news`` (the 15 labelled articles of ``$VERIFY_SHARED/articles/news``, reported as
their own part, "shared": the project was built looking at them) and the labelled sets
under ``bench/articles/`` (``w1``, ``w2``, ``k1``; each article's ``split`` in meta.jsonl is
``dev``, tuned on, or ``test``, only reported). Each article is extracted and checked
against the store of ``VERIFY_HOME`` exactly as `verify article` does (the article itself is
not stored; claims are skipped unless ``--claims``: they do not change a quote's check), and
each gold quote is matched to the extracted quote that overlaps it most (at least half of
the longer span).

Printed per part, for quotes over four words and for fragments (four words or fewer) apart:
found, speaker (of the found), verdict, right source (the expected transcript, where gold
names one), false confirmations (verbatim/minor where gold says otherwise), end to end
(found, right speaker, right verdict and, where gold names one, the right source),
per-verdict precision/recall and the confusion matrix; plus "Kremlin-side translations
found in the right transcript" (gold paraphrase with a kremlin.ru expected_url whose
predicted source is that transcript).

Which index: the figures say which store/index they used (VERIFY_HOME, passages in the
store and in the vector index). Verdict, source and end-to-end figures count only the gold
quotes the store can answer ("covered": gold names no transcript, or names one the store
holds), so a run against the demo index (all Kremlin, White House Oct-Nov 2022) measures
what it covers; found and speaker do not depend on the index and count every quote.

The test part also reports its quotes "from transcripts dev never uses": gold names no
transcript, or one no dev or shared quote names (articles are split by URL, so two articles on
one event can fall on both sides; these quotes come from events nobody tuned on).

Gold lines whose speaker is a reporter (a question quoted by the article) are scored like
the others and counted apart ("questions"); ``--errors`` marks them ``[Q]``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from tools.evaluation.extract_news import _names, _trim, _words, overlap_ratio
from tools.evaluation.metrics import confusion, format_confusion, format_table, macro_f1, per_class
from verify import config
from verify.models import CONFIRMING, VERDICTS, Article

BENCH = config.PROJECT_ROOT / "bench" / "articles"
ALL_SETS = (
    "news",
    "w1",
    "w2",
    "k1",
    "w3",
    "k2",
    "w4",
    "k3",
    "w5",
    "k4",
    "w6",
    "k5",
    "w7",
    "k6",
    "k7",
    "w8",
    "w9",
    "k8",
    "w10",
    "w11",
    "k9",
    "w12",
)
PARTS = ("shared", "dev", "test")
FRAGMENT_WORDS = 4
_REPORTER_NOTE = re.compile(r"\bQ turn\b|reporter's (?:question|follow-up|word)", re.I)
_REPORTER_WORD = re.compile(r"\b(?:reporter|journalist|correspondent|questioner)s?\b", re.I)


def set_folder(name: str) -> Path:
    if name == "news":
        return config.shared_root() / "articles" / "news"
    return BENCH / name


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def is_question(g: dict[str, Any]) -> bool:
    """A gold line whose speaker is a reporter: the article quotes a question."""
    return bool(
        _REPORTER_WORD.search(g.get("speaker") or "") or _REPORTER_NOTE.search(g.get("note") or "")
    )


def part_of(set_name: str, meta: dict[str, Any]) -> str:
    return "shared" if set_name == "news" else meta.get("split", "dev")


def load(sets: list[str], split: str = "all") -> list[tuple[str, dict, list[dict], str]]:
    """(set, meta, gold lines, text) per article of the chosen sets and split."""
    out = []
    for name in sets:
        folder = set_folder(name)
        meta = {m["id"]: m for m in _read_jsonl(folder / "meta.jsonl")}
        by_article: dict[str, list[dict]] = {}
        for g in _read_jsonl(folder / "gold.jsonl"):
            by_article.setdefault(g["article_id"], []).append(g)
        for aid in sorted(by_article):
            m = meta.get(aid, {"id": aid})
            part = part_of(name, m)
            if split == "dev" and part == "test" or split == "test" and part != "test":
                continue
            path = folder / f"{aid}.txt"
            if path.exists():
                out.append((name, m, by_article[aid], path.read_text(encoding="utf-8")))
    return out


def match(text: str, golds: list[dict], checks: list[dict]) -> list[dict | None]:
    """For each gold quote, the check of the extracted quote that overlaps it most (at
    least half of the longer span), or None."""
    out: list[dict | None] = []
    for g in golds:
        gs = _trim(text, g["start"], g["end"])
        best, best_ov = None, 0.0
        for c in checks:
            ov = overlap_ratio(gs, _trim(text, c["start"], c["end"]))
            if ov > best_ov:
                best, best_ov = c, ov
        out.append(best if best is not None and best_ov >= 0.5 else None)
    return out


def run(
    articles: list[tuple[str, dict, list[dict], str]],
    runner: Any,
    in_store: Any,
    progress: Any = None,
) -> list[dict[str, Any]]:
    """One row per gold quote: the gold line, its part, the matched check (JSON) or None,
    whether the store can answer it, and the article's seconds."""
    rows = []
    for name, m, golds, text in articles:
        art = Article(
            text=text,
            url=m.get("url"),
            title=m.get("title"),
            date=m.get("date"),
            outlet=m.get("outlet"),
            origin=f"{m.get('id')}.txt",
        )
        t = time.perf_counter()
        report = runner.check_article(art)
        seconds = time.perf_counter() - t
        checks = [c.to_json() for c in report.checks if c.extracted.kind == "quote"]
        events = getattr(report, "events", None) or []
        for g, c in zip(golds, match(text, golds, checks), strict=True):
            url = g.get("expected_url")
            rows.append(
                {
                    "set": name,
                    "part": part_of(name, m),
                    "article_id": m.get("id"),
                    "date": m.get("date"),
                    "gold": g,
                    "check": c,
                    "covered": url is None or bool(in_store(url)),
                    "question": is_question(g),
                    "long": _words(g["quote"]) > FRAGMENT_WORDS,
                    "article_seconds": seconds,
                    "events": events,
                }
            )
        if progress:
            progress(m.get("id"), seconds)
    return rows


# verdicts whose source turn is the claimed speaker's own words (not misattributed)
RESOLVING = frozenset(("verbatim", "minor", "altered", "paraphrase", "composite"))


def _institution(name: str) -> bool:
    from verify.check.verdict import institution

    return institution(name) is not None


def _same_institution(predicted: str, names: set[str]) -> bool:
    """Does the article's name for an institution ("Moscow") stand for the labelled one
    ("Kremlin"): both name the same publisher (knowledge/publishers.toml)?"""
    from verify.check.verdict import institution

    inst = institution(predicted)
    return inst is not None and any(institution(n) == inst for n in names)


def speaker_right(
    g: dict[str, Any],
    predicted: str | None,
    registry: Any,
    date: str | None,
    resolved: str | None = None,
) -> bool:
    """Is the speaker the article's (``predicted``) the labelled one? ``resolved``: the
    speaker of the source turn the check found; it counts when the article names only the
    institution the labelled person spoke for ("the Kremlin said" of Ushakov's words): the
    institution is credited and the check resolves it to the official (issue 11)."""
    if not predicted:
        return False
    if resolved and resolved != predicted and _institution(predicted):
        if speaker_right(g, resolved, registry, date):
            return True
    names = _names(g.get("speaker"))
    if predicted.strip().lower() in names:
        return True
    if _same_institution(predicted, names):
        return True  # "Moscow described the call as ..." of the Kremlin's readout
    if "unnamed reporter" in names and _REPORTER_WORD.search(predicted):
        return True
    written = g.get("speaker_as_written") or ""
    if (
        is_question(g)
        and _last_word(predicted) in _words_of(written)
        and (registry is None or registry.asks_questions(predicted) is not False)
    ):
        # labelled "reporter" where the article names them ("correspondent X"); not the
        # official the question was put to ("reporters pressing Jean-Pierre")
        return True
    if registry is None:
        return False
    return any(registry.same_person(n, predicted, date=date) for n in names)


def _words_of(s: str) -> set[str]:
    """The words of a label as written, apostrophes unified ("Fox News’ Kristin Fisher)")."""
    return set(re.findall(r"[\w'-]+", s.replace("’", "'").lower()))


def _last_word(name: str) -> str:
    return name.replace("’", "'").lower().split()[-1]


def judge_row(r: dict[str, Any], registry: Any) -> dict[str, Any]:
    """Per-row outcomes: speaker, verdict, source right; false confirmation; end to end."""
    g, c = r["gold"], r["check"]
    if c is None:
        return {"found": False, "speaker": False, "verdict": False, "source": None, "e2e": False}
    resolved = (c.get("source") or {}).get("speaker") if c["verdict"] in RESOLVING else None
    sp = speaker_right(
        g, c.get("claimed_speaker"), registry, r.get("date") or g.get("date"), resolved
    )
    v = c["verdict"] == g["expected_verdict"]
    src = None
    if g.get("expected_url"):
        src = (c.get("source") or {}).get("url") == g["expected_url"]
    false_conf = c["verdict"] in CONFIRMING and g["expected_verdict"] not in CONFIRMING
    return {
        "found": True,
        "speaker": sp,
        "verdict": v,
        "source": src,
        "false_confirmation": false_conf,
        "e2e": sp and v and src is not False,
    }


def kremlin_translation(g: dict[str, Any]) -> bool:
    return g["expected_verdict"] == "paraphrase" and "kremlin.ru" in (g.get("expected_url") or "")


def score(rows: list[dict[str, Any]], registry: Any) -> dict[str, Any]:
    """The figures for one group of rows (see the module docstring)."""
    outcomes = [judge_row(r, registry) for r in rows]
    found = [(r, o) for r, o in zip(rows, outcomes, strict=True) if o["found"]]
    covered = [(r, o) for r, o in zip(rows, outcomes, strict=True) if r["covered"]]
    cf = [(r, o) for r, o in covered if o["found"]]
    with_src = [(r, o) for r, o in cf if o["source"] is not None]
    not_conf = [(r, o) for r, o in cf if r["gold"]["expected_verdict"] not in CONFIRMING]
    false_conf = [(r, o) for r, o in cf if o["false_confirmation"]]
    gold_v = [r["gold"]["expected_verdict"] for r, _ in cf]
    pred_v = [r["check"]["verdict"] for r, _ in cf]
    classes = per_class(gold_v, pred_v, VERDICTS)
    kt = [(r, o) for r, o in covered if kremlin_translation(r["gold"])]
    unseen = [(r, o) for r, o in cf if r.get("unseen_transcript")]
    questions = [(r, o) for r, o in zip(rows, outcomes, strict=True) if r["question"]]

    def share(k: int, n: int) -> float | None:
        return k / n if n else None

    return {
        "gold_quotes": len(rows),
        "questions": len(questions),
        "questions_found": sum(o["found"] for _, o in questions),
        "found": share(len(found), len(rows)),
        "speaker": share(sum(o["speaker"] for _, o in found), len(found)),
        "covered": len(covered),
        "verdict": share(sum(o["verdict"] for _, o in cf), len(cf)),
        "right_source": share(sum(bool(o["source"]) for _, o in with_src), len(with_src)),
        "false_confirmations": len(false_conf),
        "false_confirmation_rate": share(len(false_conf), len(not_conf)),
        "false_confirmation_share": share(len(false_conf), len(cf)),
        "end_to_end": share(sum(o["e2e"] for _, o in covered), len(covered)),
        "kremlin_translations": len(kt),
        "kremlin_translations_found": share(sum(bool(o["source"]) for _, o in kt), len(kt)),
        "unseen_transcript": len(unseen),
        "unseen_transcript_verdict": share(sum(o["verdict"] for _, o in unseen), len(unseen)),
        "per_verdict": classes,
        "macro_f1": macro_f1(classes),
        "confusion": {f"{a}->{b}": n for (a, b), n in confusion(gold_v, pred_v).items()},
    }


def dev_transcripts() -> set[str]:
    """The transcripts (expected_url) that a dev or shared gold quote names, in every set."""
    seen: set[str] = set()
    for _set, _meta, golds, _text in load(list(ALL_SETS), "dev"):
        seen.update(g["expected_url"] for g in golds if g.get("expected_url"))
    return seen


def summarise(rows: list[dict[str, Any]], registry: Any) -> dict[str, Any]:
    """{part: {"long": scores, "fragments": scores}} for the parts present. Test rows are
    marked ``unseen_transcript`` when their gold names no transcript, or one that no dev or
    shared quote names (articles are split by URL, so two on one event can fall on both
    sides: these are the test quotes from events nobody tuned on)."""
    seen = dev_transcripts() if any(r["part"] == "test" for r in rows) else set()
    for r in rows:
        r["unseen_transcript"] = r["part"] == "test" and r["gold"].get("expected_url") not in seen
    out: dict[str, Any] = {}
    for part in PARTS:
        rs = [r for r in rows if r["part"] == part]
        if not rs:
            continue
        out[part] = {
            "articles": len({(r["set"], r["article_id"]) for r in rs}),
            "sets": sorted({r["set"] for r in rs}),
            "long": score([r for r in rs if r["long"]], registry),
            "fragments": score([r for r in rs if not r["long"]], registry),
            "seconds_per_article": _seconds(rs),
        }
    return out


def _seconds(rows: list[dict[str, Any]]) -> float:
    per = {(r["set"], r["article_id"]): r["article_seconds"] for r in rows}
    return sum(per.values()) / max(1, len(per))


def index_description(home: Path | None = None) -> dict[str, Any]:
    """Which store and vector index the figures used."""
    home = home or config.home()
    desc: dict[str, Any] = {"verify_home": str(home)}
    manifest = home / "vectors" / "manifest.json"
    try:
        m = json.loads(manifest.read_text())
        desc["index_passages"] = m.get("passages")
        desc["index_built_at"] = m.get("built_at")
    except (OSError, ValueError):
        desc["index_passages"] = None
    return desc


ROW_KEYS = (
    "gold_quotes",
    "found",
    "speaker",
    "covered",
    "verdict",
    "right_source",
    "false_confirmations",
    "false_confirmation_rate",
    "end_to_end",
    "kremlin_translations",
    "kremlin_translations_found",
    "unseen_transcript",
    "unseen_transcript_verdict",
    "questions",
)
LABELS = {
    "false_confirmation_rate": "  of non-confirming gold",
    "kremlin_translations_found": "  in the right transcript",
    "unseen_transcript": "from transcripts dev never uses",
    "unseen_transcript_verdict": "  verdict",
    "covered": "covered by this index",
    "questions": "reporters' questions",
}


def _fmt(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, int):
        return str(v)
    return f"{v:.3f}"


def print_part(part: str, s: dict[str, Any]) -> None:
    print(
        f"== {part}: {s['articles']} articles ({', '.join(s['sets'])}), "
        f"{s['seconds_per_article']:.1f} s per article"
    )
    print(f"{'':30}{'> 4 words':>12}{'fragments':>12}")
    for k in ROW_KEYS:
        print(f"{LABELS.get(k, k):<30}{_fmt(s['long'][k]):>12}{_fmt(s['fragments'][k]):>12}")
    for kind in ("long", "fragments"):
        sc = s[kind]
        if not sc["covered"]:
            continue
        print(f"\n-- {part}, {'quotes over four words' if kind == 'long' else 'fragments'}")
        present = {
            k: v
            for k, v in sc["per_verdict"].items()
            if v["support"] or any(c.endswith("->" + k) for c in sc["confusion"])
        }
        print(format_table(present))
        cm = Counter({tuple(k.split("->")): v for k, v in sc["confusion"].items()})
        print(format_confusion(cm, VERDICTS))
    print()


def print_errors(rows: list[dict[str, Any]], registry: Any) -> None:
    print("Misjudged (covered quotes):")
    for r in rows:
        g, c = r["gold"], r["check"]
        o = judge_row(r, registry)
        tag = f"{r['part']}/{r['article_id']}{' [Q]' if r['question'] else ''}"
        if c is None:
            print(f"- {tag} NOT FOUND: {g['quote'][:100]!r}")
            continue
        if not r["covered"]:
            continue
        if not o["verdict"] or o["source"] is False or not o["speaker"]:
            got = (c.get("source") or {}).get("url")
            print(
                f"- {tag} gold {g['expected_verdict']} -> {c['verdict']} ({c['score']:.2f}) "
                f"speaker {g['speaker']!r} -> {c.get('claimed_speaker')!r}"
                f"{'' if o['source'] is not False else ' WRONG SOURCE ' + str(got)}: "
                f"{g['quote'][:90]!r}"
            )
            print(f"    {c['explanation'][:220]}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="End-to-end accuracy on labelled news articles.")
    ap.add_argument("--sets", default=",".join(ALL_SETS), help="comma-separated: news,w1,w2,k1")
    ap.add_argument("--split", default="all", choices=["dev", "test", "all"])
    ap.add_argument("--articles", help="only these article ids (comma-separated)")
    ap.add_argument("--claims", action="store_true", help="extract and check claims too")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--save", type=Path, help="write every gold quote's row here (JSON lines)")
    ap.add_argument("--rows", type=Path, help="score rows saved by --save (no checking)")
    args = ap.parse_args(argv)

    from verify.knowledge.speakers import SpeakerRegistry

    reg = SpeakerRegistry.default()
    sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    bad = [s for s in sets if s not in ALL_SETS]
    if bad:
        ap.error(f"unknown set(s): {', '.join(bad)} (known: {', '.join(ALL_SETS)})")
    if args.rows:
        saved = _read_jsonl(args.rows)
        index = saved[0].get("index", {}) if saved else {}
        rows = [r for r in saved if r["set"] in sets]
        if args.split == "dev":
            rows = [r for r in rows if r["part"] != "test"]
        elif args.split == "test":
            rows = [r for r in rows if r["part"] == "test"]
    else:
        from verify.article.runner import ArticleRunner

        articles = load(sets, args.split)
        if args.articles:
            keep = set(args.articles.split(","))
            articles = [a for a in articles if a[1].get("id") in keep]
        runner = ArticleRunner(store_article=False, claims=args.claims)
        store = runner.checker.store
        urls: dict[str, bool] = {}

        def in_store(url: str) -> bool:
            if url not in urls:
                urls[url] = bool(store.documents_matching("\x00", url))
            return urls[url]

        index = index_description()
        index["store_documents"] = store.count("documents", current_only=True)
        index["store_passages"] = store.count("passages")
        done = [0]

        def progress(aid: str, seconds: float) -> None:
            done[0] += 1
            print(f"  [{done[0]}/{len(articles)}] {aid} {seconds:.1f}s", file=sys.stderr)

        rows = run(articles, runner, in_store, progress=progress)
        for r in rows:
            r["index"] = index
    if args.save:
        from verify.files import atomic_write_text

        atomic_write_text(
            args.save, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        )
    out = {"index": index, "parts": summarise(rows, reg)}
    if args.json:
        print(json.dumps(out, indent=2))
        return
    print(
        f"Articles end to end: sets {', '.join(sets)}, split {args.split}; "
        f"index {index.get('verify_home')} ({index.get('index_passages')} passages indexed of "
        f"{index.get('store_passages')} in the store, {index.get('store_documents')} documents)\n"
    )
    for part, s in out["parts"].items():
        print_part(part, s)
    if args.errors:
        print_errors(rows, reg)


if __name__ == "__main__":
    main()
