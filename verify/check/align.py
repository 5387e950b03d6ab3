"""Word-level alignment of a quote against a source document.

The quote is split at marked omissions ("...", "…", "[…]") and bracketed editorial
insertions ("[the US]") into parts. Each part is located in the document through runs of
identical words (an index of the document's token keys), aligned word by word
(difflib's matcher over token keys) inside the best region, and trimmed to the exact
source span. Stretches of the quote that the best region does not cover are looked for
elsewhere in the document: if found, the quote is stitched from separate places.

Every difference is classified as harmless (spelling, punctuation, contraction, number
form, a dropped filler, a stutter) or meaning-bearing (added, dropped or changed words).
The verdict module turns that into a verdict.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from verify.text.tokens import fold_chars
from verify.text.wording import Tok, mark_struck, prepare

# --------------------------------------------------------------------------- quote parts

_MARKER_RE = re.compile(
    r"\[\s*(?:\.\s*){3,}\]|\(\s*(?:\.\s*){3,}\)|\[\s*\u2026\s*\]|\u2026|(?:\.\s*){3,}|\[[^\]]{1,80}\]"
)
_EDGE_PUNCT = " \t\n\"'\u201c\u201d\u2018\u2019\u00ab\u00bb.,;:!?-\u2013\u2014()"


@dataclass
class QuotePart:
    text: str
    start: int  # offsets into the quote string
    end: int
    toks: list[Tok]


@dataclass
class Marker:
    text: str  # "...", "[the US]"
    kind: str  # "ellipsis" | "bracket"


def split_quote(quote: str) -> tuple[list[QuotePart], list[Marker]]:
    """The quote's parts between omission markers, and the markers (len(parts) - 1)."""
    parts: list[QuotePart] = []
    markers: list[Marker] = []
    pos = 0
    pending: Marker | None = None
    for m in _MARKER_RE.finditer(quote):
        marker = Marker(
            m.group().strip(),
            "bracket"
            if m.group().startswith("[")
            and not re.fullmatch(r"\[\s*(?:\.\s*){3,}\]|\[\s*\u2026\s*\]", m.group())
            else "ellipsis",
        )
        seg = quote[pos : m.start()]
        toks = prepare(seg, pos)
        if toks:
            if parts and pending is not None:
                markers.append(pending)
            parts.append(QuotePart(seg, pos, m.start(), toks))
            pending = marker
        elif parts:
            # two markers in a row: keep the more telling one
            pending = marker if marker.kind == "bracket" else (pending or marker)
        pos = m.end()
    seg = quote[pos:]
    toks = prepare(seg, pos)
    if toks:
        if parts and pending is not None:
            markers.append(pending)
        parts.append(QuotePart(seg, pos, len(quote), toks))
    return parts, markers


def clean_quote(quote: str) -> str:
    """The quote without surrounding quote marks, spaces and end punctuation."""
    q = fold_chars(quote).strip()
    return q.strip(_EDGE_PUNCT) if q.strip(_EDGE_PUNCT) else q


# --------------------------------------------------------------------------- documents


WINDOW_BREAK = "\x00"  # a key that matches nothing: separates windows of a document


class DocTokens:
    """A document's tokens (all of them, or those of some windows of it) and an index from
    token key to positions. Offsets always refer to the whole document text."""

    def __init__(self, text: str, windows: list[tuple[int, int]] | None = None):
        self.text = text
        # each turn's speaker, in the order of the turn bounds a caller passes (None: unknown)
        self.turn_speakers: list[str | None] | None = None
        if windows is None:
            self.toks = mark_struck(prepare(text), text)
        else:
            self.toks = []
            for k, (lo, hi) in enumerate(windows):
                if k:
                    self.toks.append(Tok(WINDOW_BREAK, "", lo, lo))
                self.toks.extend(mark_struck(prepare(text[lo:hi], lo), text[lo:hi], lo))
        self.keys = [t.key for t in self.toks]
        index: dict[str, list[int]] = defaultdict(list)
        for i, k in enumerate(self.keys):
            index[k].append(i)
        self.index = index
        self._starts = [t.start for t in self.toks]

    def token_at(self, char_offset: int) -> int:
        """Index of the first token starting at or after char_offset."""
        from bisect import bisect_left

        return bisect_left(self._starts, char_offset)


# --------------------------------------------------------------------------- alignment


@dataclass
class Op:
    tag: str  # equal | insert | delete | replace | elide
    i1: int  # quote token range (indices into the whole quote's token list)
    i2: int
    j1: int  # document token range
    j2: int
    harmless: str | None = None  # why a difference is harmless, None if it bears meaning
    marker: str | None = None  # for elide: the quote's marker text


@dataclass
class Piece:
    """One stretch of the quote aligned to one place in the document."""

    i1: int
    i2: int
    j1: int
    j2: int
    ops: list[Op] = field(default_factory=list)

    @property
    def matched(self) -> int:
        return sum(op.i2 - op.i1 for op in self.ops if op.tag == "equal")


@dataclass
class Alignment:
    doc: DocTokens
    qtoks: list[Tok]
    pieces: list[Piece]
    markers_in_one_turn: bool = True
    elided: bool = False
    quote: str = ""  # the quote text the qtoks offsets refer to
    part_starts: frozenset[int] = frozenset()  # quote tokens right after an omission marker

    @property
    def ops(self) -> list[Op]:
        out: list[Op] = []
        for p in self.pieces:
            out.extend(p.ops)
        return out

    @property
    def n_quote(self) -> int:
        return len(self.qtoks)

    @property
    def matched(self) -> int:
        return sum(p.matched for p in self.pieces)

    @property
    def coverage(self) -> float:
        """Share of the quote's words that are the source's words or harmless variants of
        them (a typo, another inflection, an added article)."""
        return self.explained / max(1, self.n_quote)

    @property
    def explained(self) -> int:
        return self.matched + sum(
            op.i2 - op.i1 for op in self.ops if op.tag in ("replace", "insert") and op.harmless
        )

    @property
    def span(self) -> tuple[int, int]:
        """Character span in the document from the first to the last aligned source word."""
        js = [(p.j1, p.j2) for p in self.pieces if p.j2 > p.j1]
        if not js:
            return (0, 0)
        j1 = min(a for a, _ in js)
        j2 = max(b for _, b in js)
        return self.doc.toks[j1].start, self.doc.toks[j2 - 1].end

    def main_piece(self) -> Piece:
        return max(self.pieces, key=lambda p: p.matched)

    def meaningful(self) -> list[Op]:
        return [
            op for op in self.ops if op.tag in ("insert", "delete", "replace") and not op.harmless
        ]

    def harmless(self) -> list[Op]:
        return [op for op in self.ops if op.harmless]


MIN_RUN = 2  # shortest run of identical words used to locate a region (short quotes excepted)


def _runs(
    q: list[Tok], doc: DocTokens, lo: int, hi: int, min_len: int
) -> list[tuple[int, int, int]]:
    """Maximal runs (qi, dj, length) of identical keys between q and doc.keys[lo:hi]."""
    dk = doc.keys
    qk = [t.key for t in q]
    out = []
    for qi, key in enumerate(qk):
        for dj in doc.index.get(key, ()):
            if dj < lo or dj >= hi:
                continue
            if qi > 0 and dj > lo and qk[qi - 1] == dk[dj - 1]:
                continue  # not the start of a maximal run
            n = 1
            while qi + n < len(qk) and dj + n < hi and qk[qi + n] == dk[dj + n]:
                n += 1
            if n >= min_len:
                out.append((qi, dj, n))
    return out


# a quote of at most this many words with no run of them word for word in the document is
# looked for word by word, each the same word or another form or spelling of it
LOOSE_MAX = 4


# words a fragment may leave out between two of its words ("undaunted, unafraid" for
# "undaunted and unafraid"): whether that is harmless, verify.check.differences decides
_JOINING_WORDS = frozenset(("and", "or"))


def _joined_windows(q: list[Tok], doc: DocTokens, lo: int, hi: int) -> list[tuple[int, int]]:
    """Where the document has a fragment's words in order with a joining word between two
    of them: (start, end) token ranges."""
    keys = [t.key for t in q]
    n = len(keys)
    out: list[tuple[int, int]] = []
    if n < 2:
        return out
    for j in doc.index.get(keys[0], ()):
        if j < lo or j + n + 1 > min(hi, len(doc.keys)):
            continue
        window = doc.keys[j : j + n + 1]
        for gap in range(1, n):
            if window[gap] in _JOINING_WORDS and window[:gap] + window[gap + 1 :] == keys:
                out.append((j, j + n + 1))
                break
    return out


def _same_form(a: str, b: str, *, spelling: bool = True) -> bool:
    """The same word, or another form of it (an inflection) or, with ``spelling``, a
    misspelling of it."""
    from verify.check.differences import inflection, typo_of

    return a == b or inflection(a, b) or (spelling and typo_of(a, b))


def _loose_same(keys: list[str], window: list[str]) -> bool:
    """Is the window the fragment's words, one of them at least in another form or spelling?
    A one-word fragment only in another form: one word "misspelt" is another word
    ("walking" / "working")."""
    spelling = len(keys) > 1
    return (
        len(keys) <= LOOSE_MAX
        and window != keys
        and all(_same_form(a, b, spelling=spelling) for a, b in zip(keys, window, strict=True))
    )


def _loose_windows(q: list[Tok], doc: DocTokens, lo: int, hi: int) -> list[int]:
    """Where the document has the quote's words in order, each the same word or another
    form or spelling of it (an inflection, a misspelling), one at least not the same."""
    keys = [t.key for t in q]
    n = len(keys)
    # the places of the quote's longest word's forms: a cheap first filter
    pivot = max(range(n), key=lambda i: len(keys[i]))
    out: list[int] = []
    for j in range(max(lo, 0) + pivot, min(hi, len(doc.keys)) - (n - 1 - pivot)):
        if not _same_form(keys[pivot], doc.keys[j]):
            continue
        start = j - pivot
        if _loose_same(keys, doc.keys[start : start + n]):
            out.append(start)
    return out


def _regions(
    q: list[Tok], doc: DocTokens, lo: int, hi: int, limit: int = 3
) -> list[tuple[int, int, int]]:
    """Best document regions (score, d_lo, d_hi) for q, by quote words covered by runs."""
    n = len(q)
    min_len = min(MIN_RUN, n)
    runs = _runs(q, doc, lo, hi, min_len)
    if not runs and n > MIN_RUN:
        runs = [r for r in _runs(q, doc, lo, hi, 1) if len(q[r[0]].key) > 3]
    if not runs and n <= 3:
        # a hyphenated compound written as one word ("short-sighted" / "shortsighted")
        joined = "".join(t.key for t in q)
        hits = [dj for dj in doc.index.get(joined, ()) if lo <= dj < hi]
        if hits:
            return [(n, dj, dj + 1) for dj in hits[:limit]]
    if not runs and n <= LOOSE_MAX:
        # a fragment with a word in another form ("severe cost" / "severe costs",
        # "peaceful protesters" / "protestors"): the same words, one by one
        loose = [(n, dj, dj + n) for dj in _loose_windows(q, doc, lo, hi)[:limit]]
        return loose or [(n, a, b) for a, b in _joined_windows(q, doc, lo, hi)[:limit]]
    if not runs:
        return []
    runs.sort(key=lambda r: r[1])
    width = int(n * 1.6) + 12
    cands = []
    left = 0
    for right in range(len(runs)):
        while runs[right][1] - runs[left][1] > width:
            left += 1
        covered: set[int] = set()
        for qi, _, ln in runs[left : right + 1]:
            covered.update(range(qi, qi + ln))
        cands.append((len(covered), runs[left][1], runs[right][1] + runs[right][2]))
    cands.sort(key=lambda c: (-c[0], c[1]))
    chosen: list[tuple[int, int, int]] = []
    for c in cands:
        if all(c[2] <= o[1] or c[1] >= o[2] for o in chosen):
            chosen.append(c)
        if len(chosen) >= limit:
            break
    return chosen


def _candidates(
    q: list[Tok], doc: DocTokens, lo: int, hi: int, limit: int
) -> list[tuple[int, int, int]]:
    """The best regions, and inside each, the places its longest runs of the quote's words
    anchor: where a phrase of the quote recurs close by ("the first of a series of steps.
    ... the next in that series of steps"), each occurrence is tried on its own."""
    regions = _regions(q, doc, lo, hi, limit)
    n = len(q)
    out = list(regions)
    if n < 3:
        return out
    for _, r_lo, r_hi in regions:
        runs = [r for r in _runs(q, doc, r_lo, r_hi, min(3, n)) if r[2] < n]
        runs.sort(key=lambda r: -r[2])
        for qi, dj, _ln in runs[:4]:
            a_lo = max(lo, dj - qi)
            a_hi = min(hi, dj - qi + n)
            if a_hi > a_lo and (a_lo, a_hi) != (r_lo, r_hi):
                out.append((0, a_lo, a_hi))
    return out


def _align_in(q: list[Tok], qoff: int, doc: DocTokens, d_lo: int, d_hi: int) -> Piece:
    """Align q (quote tokens from index qoff) to doc tokens around [d_lo, d_hi)."""
    n = len(q)
    pad = max(4, n // 3)
    w_lo = max(0, d_lo - pad)
    w_hi = min(len(doc.keys), d_hi + pad)
    qk = [t.key for t in q]
    if n <= 3 and qk and qk[0] not in doc.keys[w_lo:w_hi]:
        joined = "".join(qk)  # "short-sighted" against "shortsighted"
        for j in range(w_lo, w_hi):
            if doc.keys[j] == joined:
                return Piece(qoff, qoff + n, j, j + 1, [Op("replace", qoff, qoff + n, j, j + 1)])
    piece = _sequence_piece(qk, qoff, doc, d_lo, w_lo, w_hi)
    if (
        d_hi - d_lo == n
        and (piece.j1, piece.j2) != (d_lo, d_hi)
        and _matched_in([piece], qoff, qoff + n) < n
        and _loose_same(qk, doc.keys[d_lo:d_hi])
    ):
        # a loose window (_loose_windows) the matcher left: word for word, each the same
        # word or a form of it; the words around it do not compete ("Deeply, deeply
        # concerned")
        ops: list[Op] = []
        for i, (a, b) in enumerate(zip(qk, doc.keys[d_lo:d_hi], strict=True)):
            tag = "equal" if a == b else "replace"
            if ops and ops[-1].tag == tag == "equal":
                ops[-1] = Op(tag, ops[-1].i1, qoff + i + 1, ops[-1].j1, d_lo + i + 1)
            else:
                ops.append(Op(tag, qoff + i, qoff + i + 1, d_lo + i, d_lo + i + 1))
        return Piece(qoff, qoff + n, d_lo, d_hi, ops)
    return piece


def _sequence_piece(
    qk: list[str], qoff: int, doc: DocTokens, d_lo: int, w_lo: int, w_hi: int
) -> Piece:
    """The sequence matcher's alignment of the quote's keys in doc tokens [w_lo, w_hi)."""
    n = len(qk)
    # a = source, b = quote: "insert" = words the quote adds, "delete" = words it drops
    sm = SequenceMatcher(None, doc.keys[w_lo:w_hi], qk, autojunk=False)
    codes = [(t, j1, j2, i1, i2) for t, i1, i2, j1, j2 in sm.get_opcodes()]
    # trim source-only context at both ends
    while codes and codes[0][0] == "delete":
        codes.pop(0)
    while codes and codes[-1][0] == "delete":
        codes.pop()
    if codes and codes[0][0] == "replace":
        tag, i1, i2, j1, j2 = codes[0]
        codes[0] = ("replace", i1, i2, max(j1, j2 - (i2 - i1)), j2)
    if codes and codes[-1][0] == "replace":
        tag, i1, i2, j1, j2 = codes[-1]
        codes[-1] = ("replace", i1, i2, j1, min(j2, j1 + (i2 - i1)))
    ops = [Op(t, i1 + qoff, i2 + qoff, j1 + w_lo, j2 + w_lo) for t, i1, i2, j1, j2 in codes]
    if not ops:
        return Piece(qoff, qoff + n, d_lo, d_lo, [Op("insert", qoff, qoff + n, d_lo, d_lo)])
    return Piece(qoff, qoff + n, ops[0].j1, ops[-1].j2, ops)


def _best_piece(
    q: list[Tok],
    qoff: int,
    doc: DocTokens,
    lo: int,
    hi: int,
    prefer: list[tuple[int, int]] | None = None,
) -> Piece | None:
    """The best alignment of q among the top regions; with ``prefer`` (token ranges, e.g.
    the claimed speaker's turns) a region there wins unless another matches clearly more."""
    best, best_score = None, -1.0
    for _, d_lo, d_hi in _candidates(q, doc, lo, hi, limit=5 if prefer else 3):
        piece = _align_in(q, qoff, doc, d_lo, d_hi)
        # between equally matched places, the one with fewer other words (a repeated phrase:
        # the occurrence that explains the whole quote, not one with a gap inside)
        score = float(piece.matched) - min(0.9, 0.02 * _unmatched(piece))
        if prefer and any(a <= piece.j1 < b for a, b in prefer):
            score += 1.0 + 0.2 * len(q)
        if score > best_score:
            best, best_score = piece, score
    return best


def _unmatched(piece: Piece) -> int:
    """Quote and source words of a piece that are not matched word for word."""
    return sum((op.i2 - op.i1) + (op.j2 - op.j1) for op in piece.ops if op.tag != "equal")


def _split_on_gaps(
    piece: Piece,
    doc: DocTokens,
    min_gap: int = 8,
    turn_bounds: list[tuple[int, int]] | None = None,
) -> list[Piece]:
    """Cut a piece where the source has a long unmarked stretch the quote skips across a
    sentence boundary, or any stretch that holds another turn (a reporter's interjection
    between two answers): the quote joins two places."""
    out: list[Piece] = []
    cur: list[Op] = []
    for idx, op in enumerate(piece.ops):
        if (
            turn_bounds
            and 0 < idx < len(piece.ops) - 1
            and op.tag in ("delete", "replace")
            and op.j1 > 0
            and not _same_turn(turn_bounds, op.j1 - 1, op.j2)
        ):
            if op.tag == "replace":
                cur.append(Op("insert", op.i1, op.i2, op.j1, op.j1))
            out.append(_piece_of(cur))
            cur = []
            continue
        skipped = op.j2 - op.j1 - (op.i2 - op.i1)
        inner = 0 < idx < len(piece.ops) - 1
        span = range(op.j1, min(op.j2 + 1, len(doc.toks)))
        if any(doc.keys[j] == WINDOW_BREAK for j in span):
            skipped = max(skipped, min_gap)  # the places lie in different windows: far apart
            crosses = True
        else:
            crosses = any(re.search(r"[.?!]", doc.toks[j].gap) for j in span)
        if inner and op.tag in ("delete", "replace") and skipped >= min_gap and crosses:
            if op.tag == "replace":
                cur.append(Op("insert", op.i1, op.i2, op.j1, op.j1))
            out.append(_piece_of(cur))
            cur = []
            continue
        cur.append(op)
    if cur:
        out.append(_piece_of(cur))
    return [p for p in out if p.ops]


def _piece_of(ops: list[Op]) -> Piece:
    return Piece(ops[0].i1, ops[-1].i2, ops[0].j1, ops[-1].j2, ops) if ops else Piece(0, 0, 0, 0)


def _uncovered(pieces: list[Piece], n: int, min_len: int, solid: int = 3) -> list[tuple[int, int]]:
    """Quote token ranges of at least min_len tokens that no piece covers with a solid run
    of identical words (runs shorter than ``solid`` are chance matches)."""
    covered = [False] * n
    for piece in pieces:
        for op in piece.ops:
            if op.tag == "equal" and op.i2 - op.i1 >= solid:
                for i in range(op.i1, op.i2):
                    covered[i] = True
    out = []
    start = None
    for k, c in enumerate(covered + [True]):
        if not c and start is None:
            start = k
        elif c and start is not None:
            if k - start >= min_len:
                out.append((start, k))
            start = None
    return out


SHORT_PART = 3  # tokens of a quote part worth placing again next to the part after it
NEAR_PART = 40  # tokens before the next part where it is looked for


def align(
    quote: str,
    doc: DocTokens,
    *,
    turn_bounds: list[tuple[int, int]] | None = None,
    prefer: list[tuple[int, int]] | None = None,
) -> Alignment | None:
    """Align ``quote`` to ``doc``; None when no word run of the quote is in the document.

    ``turn_bounds``: the document's turns as token ranges, so that marked omissions
    can be checked to stay inside one speaker's turn. ``prefer``: token ranges (the claimed
    speaker's turns) whose matches win over slightly better ones elsewhere.
    """
    parts, markers = split_quote(quote)
    if not parts:
        return None
    qtoks: list[Tok] = []
    offsets = []
    for p in parts:
        offsets.append(len(qtoks))
        qtoks.extend(p.toks)
    pieces: list[Piece] = []
    placed: list[int] = []  # the part each piece aligns
    lo = 0
    hi = len(doc.keys)
    for k, part in enumerate(parts):
        piece = _best_piece(part.toks, offsets[k], doc, lo if k else 0, hi, prefer)
        if piece is None:
            if k == 0:
                return None
            continue
        pieces.append(piece)
        placed.append(k)
        if len(parts) > 1:
            lo = piece.j2  # the next part must come later in the document
    if not pieces:
        return None
    # a short part placed at its first good match may stand just before the next part too
    # ("They [insurrectionists] want chaos to reign": the "They" of that sentence, not one a
    # paragraph earlier): of equal matches, the one nearest the part that follows
    for n in range(len(pieces) - 2, -1, -1):
        cur, nxt = pieces[n], pieces[n + 1]
        k = placed[n]
        if len(parts[k].toks) > SHORT_PART or nxt.j1 - cur.j2 <= 1:
            continue
        keys = [t.key for t in parts[k].toks]
        floor = max(pieces[n - 1].j2 if n else 0, nxt.j1 - NEAR_PART)
        at = next(
            (
                j
                for j in range(nxt.j1 - len(keys), floor - 1, -1)
                if doc.keys[j : j + len(keys)] == keys
            ),
            None,
        )
        if at is not None and at > cur.j1:
            pieces[n] = _align_in(parts[k].toks, offsets[k], doc, at, at + len(keys))
    # marked omissions: the source words skipped between parts become "elide" ops
    stitched: list[Piece] = []
    one_turn = True
    for k, piece in enumerate(pieces):
        if stitched:
            prev = stitched[-1]
            marker = markers[min(k - 1, len(markers) - 1)] if markers else Marker("...", "ellipsis")
            gap_ok = piece.j1 >= prev.j2
            if turn_bounds and gap_ok:
                one_turn = one_turn and (
                    _same_turn(turn_bounds, prev.j2 - 1, piece.j1)
                    or _same_speaker_across(doc, turn_bounds, prev.j2 - 1, piece.j1)
                )
            if marker.kind == "bracket" and piece.j1 - prev.j2 > 12:
                one_turn = False
            prev.ops.append(
                Op(
                    "elide",
                    piece.i1,
                    piece.i1,
                    prev.j2,
                    max(prev.j2, piece.j1),
                    harmless="marked omission" if gap_ok else None,
                    marker=marker.text,
                )
            )
            prev.ops.extend(piece.ops)
            prev.i2, prev.j2 = piece.i2, piece.j2
        else:
            stitched.append(piece)
    pieces = stitched
    # unmarked joins: long source stretches skipped, or quote stretches found elsewhere
    result: list[Piece] = []
    for piece in pieces:
        result.extend(_split_on_gaps(piece, doc, turn_bounds=turn_bounds))
    extra: list[Piece] = []
    main = max(result, key=lambda p: p.matched)
    min_len = max(4, len(qtoks) // 5)
    if not markers:
        for i1, i2 in _uncovered(result, len(qtoks), min_len):
            sub = _best_piece(qtoks[i1:i2], i1, doc, 0, len(doc.keys))
            if sub is not None and sub.matched >= max(3, 0.6 * (i2 - i1)):
                # found elsewhere only if that place explains the stretch clearly better
                # than the main alignment does (a changed word inside a repeated phrase is
                # an alteration in one place, not words joined from two)
                here = _matched_in(result, i1, i2)
                if sub.matched <= here + 1:
                    continue
                if sub.j2 <= main.j1 - 2 or sub.j1 >= main.j2 + 2:
                    extra.append(sub)
    if extra:
        result = _rebuild(qtoks, doc, result, extra)
    if len(result) > 1 and not markers:
        result = _one_place(qtoks, doc, result, turn_bounds)
    aln = Alignment(
        doc,
        qtoks,
        sorted(result, key=lambda p: p.i1),
        one_turn,
        elided=bool(markers),
        quote=quote,
        part_starts=frozenset(offsets[1:]),
    )
    classify(aln)
    return aln


def _one_place(
    qtoks: list[Tok],
    doc: DocTokens,
    pieces: list[Piece],
    turn_bounds: list[tuple[int, int]] | None = None,
) -> list[Piece]:
    """A repeated phrase can make a quote look joined from two places when one place
    explains it all but a word ("I'm not just not going to ..." against "I'm not — I'm just
    not going to ... of the President. ... I'm just not going to ... of it"). Align the whole
    quote around each place; one that matches all but at most one of the words the joined
    pieces match, with no long skip inside, is the source."""
    n = len(qtoks)
    total = sum(p.matched for p in pieces)
    best, best_score = None, float("-inf")
    for p in pieces:
        lo = max(0, p.j1 - p.i1 - 2)
        hi = min(len(doc.keys), p.j2 + (n - p.i2) + 2)
        alt = _align_in(qtoks, 0, doc, lo, hi)
        if len(_split_on_gaps(alt, doc, turn_bounds=turn_bounds)) != 1:
            continue
        score = alt.matched - min(0.9, 0.02 * _unmatched(alt))
        if alt.matched >= total - 1 and score > best_score:
            best, best_score = alt, score
    return [best] if best is not None else pieces


def _matched_in(pieces: list[Piece], i1: int, i2: int) -> int:
    """Quote tokens in [i1, i2) that the pieces match word for word."""
    return sum(
        max(0, min(op.i2, i2) - max(op.i1, i1)) for p in pieces for op in p.ops if op.tag == "equal"
    )


def _rebuild(
    qtoks: list[Tok], doc: DocTokens, pieces: list[Piece], extra: list[Piece]
) -> list[Piece]:
    """Pieces for a quote some of whose stretches were found elsewhere: those stretches
    stand alone; each remaining segment is re-aligned in the region of the piece that
    covered most of it before."""
    extra = sorted(extra, key=lambda p: p.i1)
    out = list(extra)
    pos = 0
    for e in extra + [Piece(len(qtoks), len(qtoks), 0, 0)]:
        if e.i1 > pos:
            home = max(pieces, key=lambda p: min(p.i2, e.i1) - max(p.i1, pos) + p.matched / 1e3)
            out.append(_align_in(qtoks[pos : e.i1], pos, doc, home.j1, home.j2))
        pos = max(pos, e.i2)
    return [p for p in out if p.ops]


# a marked omission may skip a short exchange between two answers of the same speaker ("…"
# over a reporter's "Is Venezuela one of those alternatives?"): at most this many tokens
MARKED_ACROSS_TOKENS = 80


def _same_speaker_across(doc: DocTokens, bounds: list[tuple[int, int]], a: int, b: int) -> bool:
    """Are tokens ``a`` and ``b`` in two turns of one named speaker, a short exchange apart?"""
    speakers = doc.turn_speakers
    if not speakers or b - a > MARKED_ACROSS_TOKENS:
        return False
    ia = next((k for k, (lo, hi) in enumerate(bounds) if lo <= a < hi), None)
    ib = next((k for k, (lo, hi) in enumerate(bounds) if lo <= b < hi), None)
    if ia is None or ib is None or max(ia, ib) >= len(speakers):
        return False
    return speakers[ia] is not None and speakers[ia] == speakers[ib]


def _same_turn(bounds: list[tuple[int, int]], a: int, b: int) -> bool:
    for lo, hi in bounds:
        if lo <= a < hi:
            return lo <= b < hi
    return True


# --------------------------------------------------------------------------- classification


def classify(aln: Alignment) -> None:
    """Set ``harmless`` on each difference op whose change does not touch the meaning
    (verify.check.differences decides each insert, delete and replace)."""
    from verify.check.differences import explain, word_order

    q, d = aln.qtoks, aln.doc.toks
    for piece in aln.pieces:
        for op in piece.ops:
            if op.tag == "equal":
                reasons = set()
                for k in range(op.i2 - op.i1):
                    qt, dt = q[op.i1 + k], d[op.j1 + k]
                    if qt.surface != dt.surface:
                        if qt.key.startswith("#"):
                            reasons.add("number form")
                        elif qt.expanded or dt.expanded:
                            reasons.add("contraction")
                        else:
                            reasons.add("spelling")
                    starts = op.i1 + k == piece.i1 or op.i1 + k in aln.part_starts
                    if not starts and _punct(qt.gap) != _punct(dt.gap):
                        reasons.add("punctuation")
                op.harmless = ", ".join(sorted(reasons)) if reasons else None
            elif op.tag in ("delete", "replace", "insert"):
                op.harmless = explain(aln, op)
        word_order(aln, piece.ops)


def _punct(gap: str) -> str:
    # quote marks inside a quote are often dropped or swapped; treat them as invisible here
    return gap.replace('"', "").replace("(", "").replace(")", "")
