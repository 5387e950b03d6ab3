"""Quote and attribution extraction measured on PolNeAR (brat standoff).

    python -m tools.evaluation.polnear [--split dev] [--limit N] [--dir PATH] [--rules-only]

``--rules-only`` measures the extractor without its dependency parse (``verify.article.extract``'s
``USE_PARSE = False``), for comparison. The extractor is called as the pipeline calls it
(``extract_quotes(text)``); nothing in it knows about PolNeAR. Develop on ``train``, report
``dev``.

PolNeAR (Newell et al. 2018) annotates attributions in 2016 US election news: ``T`` spans
``Source``, ``Cue``, ``Content`` (possibly discontinuous: "315 448;463 553") tied by ``E``
lines. Where several annotators labelled a document, the first annotation file in name
order is used.

What is compared
- Gold contents: the Content spans of each attribution (a discontinuous content is one
  content made of several ranges).
- Predicted contents: the extractor's claims and quotes. A quote that lies inside a claim of
  the same attribution (same speaker mention and cue) is part of that claim and is not
  counted again; consecutive quotes of one attribution (same speaker mention and cue, less
  than 150 characters apart: ``"A," he said, "B."`` or ``"A," he said. "B."``) are one
  content, as PolNeAR joins them.
- Each range is trimmed of white space, quotation marks and ``.,;:!?`` at its ends, and of
  a leading "that", before comparing (gold contents include the quote marks and the
  complementiser; ours exclude both).
- Exact: the same trimmed ranges. Overlap: the shared characters cover at least half of
  the longer content (|A ∩ B| / max(|A|, |B|) >= 0.5). Pairs are matched one to one,
  largest overlap first.
- Direct quotes: gold contents whose text contains a double quotation mark of any style
  (" “ ” „ « », or '' as some newspapers write it) or an opening curly single quote (‘) —
  full and partial quotations alike;
  predicted direct contents are the quotes and the claims whose text contains such a mark.
  Matching for this subset is done within the subset.
- Everything the extractor returns is a prediction, unattributed quotations (speaker None)
  included: PolNeAR has no content without a source, so these count against precision.
- Speaker accuracy: over contents matched (overlap), the share whose predicted speaker
  mention (speaker_start/speaker_end) shares at least one character with a gold Source span
  of that attribution (gold sources run long: "Vin Weber, a lobbyist and a Republican former
  congressman from Minnesota who ..." where we report "Vin Weber").

Published references on comparable data: BBC Citron content-span F1 56.7 exact / 83.2
overlap, source F1 82.0 (PARC 3.0); GenderGapTracker quote F1 83.7, speaker accuracy 86.0.
"""

from __future__ import annotations

import argparse
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from verify.article.extract import extract_quotes
from verify.config import shared_root

_TRIM = set(" \t\n\r\"'“”‘’«»„.,;:!?")
_DIRECT_MARKS = re.compile(r"[\"“”„«»‘]|''")


@dataclass
class Content:
    ranges: list[tuple[int, int]]
    text: str
    sources: list[tuple[int, int]] = field(default_factory=list)
    mention: tuple[int, int] | None = None  # predicted speaker mention
    direct: bool = False

    def chars(self) -> set[int]:
        out: set[int] = set()
        for s, e in self.ranges:
            out.update(range(s, e))
        return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _TRIM:
        s += 1
    # PolNeAR contents start with the complementiser; ours leave it out
    if text[s : s + 5].lower() == "that" + text[s + 4 : s + 5] and text[s + 4 : s + 5].isspace():
        s += 5
        while s < e and text[s] in _TRIM:
            s += 1
    while e > s and text[e - 1] in _TRIM:
        e -= 1
    return s, e


def _norm(text: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = [_trim(text, s, e) for s, e in sorted(ranges)]
    return [r for r in out if r[1] > r[0]]


def read_ann(path: Path, text: str) -> list[Content]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            head = parts[1].split(" ", 1)
            if len(head) < 2:
                continue
            kind, offs = head
            ranges = []
            for piece in offs.split(";"):
                a, b = piece.split()
                ranges.append((int(a), int(b)))
            spans[parts[0]] = (kind, ranges)
        elif line.startswith("E"):
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            roles: dict[str, str] = {}
            for arg in parts[1].split():
                if ":" in arg:
                    role, ref = arg.split(":", 1)
                    roles[re.sub(r"\d+$", "", role)] = ref
            events.append(roles)
    out = []
    for ev in events:
        c = spans.get(ev.get("Content", ""))
        if c is None:
            continue
        ranges = _norm(text, c[1])
        if not ranges:
            continue
        src = spans.get(ev.get("Source", ""))
        raw = " ".join(text[s:e] for s, e in c[1])
        out.append(
            Content(
                ranges=ranges,
                text=raw,
                sources=src[1] if src else [],
                direct=bool(_DIRECT_MARKS.search(raw)),
            )
        )
    return out


def predicted_contents(text: str) -> list[Content]:
    items = extract_quotes(text)
    claims = [q for q in items if q.kind == "claim"]
    quotes = [q for q in items if q.kind == "quote"]

    def same_attr(a, b) -> bool:
        return (
            a.speaker_start is not None
            and a.speaker_start == b.speaker_start
            and a.speaker_end == b.speaker_end
            and a.cue == b.cue
        )

    kept_quotes = []
    for q in quotes:
        if any(c.start <= q.start and q.end <= c.end and same_attr(c, q) for c in claims):
            continue
        kept_quotes.append(q)
    # split quotes: same attribution, the speaker mention between the two halves
    groups: list[list] = []
    for q in sorted(kept_quotes, key=lambda x: x.start):
        if groups:
            last = groups[-1][-1]
            if same_attr(last, q) and 0 <= q.start - last.end < 150:
                groups[-1].append(q)
                continue
        groups.append([q])
    out = []
    for c in claims:
        out.append(
            Content(
                ranges=_norm(text, [(c.start, c.end)]),
                text=c.text,
                mention=(c.speaker_start, c.speaker_end) if c.speaker_start is not None else None,
                direct=bool(_DIRECT_MARKS.search(c.text)),
            )
        )
    for g in groups:
        q = g[0]
        out.append(
            Content(
                ranges=_norm(text, [(x.start, x.end) for x in g]),
                text=" ".join(x.text for x in g),
                mention=(q.speaker_start, q.speaker_end) if q.speaker_start is not None else None,
                direct=True,
            )
        )
    return [c for c in out if c.ranges]


def _overlap(a: set[int], b: set[int]) -> float:
    longest = max(len(a), len(b))
    return len(a & b) / longest if longest else 0.0


def _span_overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    longest = max(a[1] - a[0], b[1] - b[0])
    return inter / longest if longest > 0 else 0.0


def match(gold: list[Content], pred: list[Content]) -> tuple[int, list[tuple[int, int]]]:
    """(exact matches, overlap matches as (gold index, pred index)), one to one."""
    gchars = [g.chars() for g in gold]
    pchars = [p.chars() for p in pred]
    pairs = []
    for i, gc in enumerate(gchars):
        for j, pc in enumerate(pchars):
            if not (gc & pc):
                continue
            ov = _overlap(gc, pc)
            if ov >= 0.5:
                pairs.append((ov, i, j))
    pairs.sort(reverse=True)
    used_g, used_p, matched = set(), set(), []
    for _ov, i, j in pairs:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        matched.append((i, j))
    # exact: identical trimmed ranges, matched one to one on their own
    exact = 0
    eg, ep = set(), set()
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if j in ep or i in eg:
                continue
            if g.ranges == p.ranges:
                exact += 1
                eg.add(i)
                ep.add(j)
                break
    return exact, matched


@dataclass
class Tally:
    gold: int = 0
    pred: int = 0
    exact: int = 0
    overlap: int = 0
    speaker_ok: int = 0

    def prf(self, hits: int) -> tuple[float, float, float]:
        p = hits / self.pred if self.pred else 0.0
        r = hits / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def _speaker_ok(g: Content, p: Content) -> bool:
    if p.mention is None or not g.sources:
        return False
    return any(_span_overlap(p.mention, s) > 0 for s in g.sources)


def evaluate(folder: Path, limit: int | None = None) -> dict:
    texts = sorted((folder / "text").glob("*.txt"))
    if limit:
        texts = texts[:limit]
    anns = sorted((folder / "attributions").glob("*.ann"))
    by_doc: dict[str, Path] = {}
    for a in anns:
        doc = re.sub(r"_[0-9a-f]{4}$", "", a.stem)
        by_doc.setdefault(doc, a)
    t_all, t_direct = Tally(), Tally()
    seconds = 0.0
    docs = 0
    for tpath in texts:
        ann = by_doc.get(tpath.stem)
        if ann is None:
            continue
        text = tpath.read_text(encoding="utf-8")
        gold = read_ann(ann, text)
        t0 = time.perf_counter()
        pred = predicted_contents(text)
        seconds += time.perf_counter() - t0
        docs += 1
        for tally, g_list, p_list in (
            (t_all, gold, pred),
            (t_direct, [g for g in gold if g.direct], [p for p in pred if p.direct]),
        ):
            exact, matched = match(g_list, p_list)
            tally.gold += len(g_list)
            tally.pred += len(p_list)
            tally.exact += exact
            tally.overlap += len(matched)
            tally.speaker_ok += sum(_speaker_ok(g_list[i], p_list[j]) for i, j in matched)
    return {"all": t_all, "direct": t_direct, "docs": docs, "seconds": seconds}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev", choices=["dev", "train"])
    ap.add_argument("--limit", type=int, default=None, help="first N documents only")
    ap.add_argument("--dir", type=Path, default=None, help="the polnear folder")
    ap.add_argument(
        "--rules-only", action="store_true", help="no dependency parse (the rule extractor)"
    )
    args = ap.parse_args(argv)
    if args.rules_only:
        import verify.article.extract

        verify.article.extract.USE_PARSE = False
    root = args.dir or shared_root() / "eval" / "polnear"
    folder = root / args.split
    if not (folder / "text").is_dir():
        print(f"No PolNeAR split at {folder}: set VERIFY_SHARED or pass --dir.")
        return 2
    t0 = time.perf_counter()
    res = evaluate(folder, args.limit)
    wall = time.perf_counter() - t0
    print(f"PolNeAR {args.split}: {res['docs']} documents")
    print(
        f"{'contents':<16}{'gold':>6}{'pred':>6}"
        f"{'exact P':>9}{'R':>7}{'F1':>7}{'overlap P':>11}{'R':>7}{'F1':>7}{'speaker':>9}"
    )
    for key, label in (("direct", "direct quotes"), ("all", "all attributions")):
        t: Tally = res[key]
        ep, er, ef = t.prf(t.exact)
        op, orr, of = t.prf(t.overlap)
        sp = t.speaker_ok / t.overlap if t.overlap else 0.0
        print(
            f"{label:<16}{t.gold:>6}{t.pred:>6}{ep:>9.1%}{er:>7.1%}{ef:>7.1%}"
            f"{op:>11.1%}{orr:>7.1%}{of:>7.1%}{sp:>9.1%}"
        )
    print(f"extraction {res['seconds']:.1f} s, total {wall:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
