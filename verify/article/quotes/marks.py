"""Quotation marks: every quoted span of an article, with its nesting.

Straight and curly double quotes, « guillemets », „low“ quotes and single quotes (‘…’ and '…',
told apart from apostrophes by the characters around them) are paired with a stack, so quotes
inside quotes are found too. A quotation that runs over several paragraphs (the opening mark
repeated at each paragraph, no closing mark before the last) is one quotation whose text
includes the paragraph breaks and the repeated marks. A mark that never closes ends its
quotation at the end of the paragraph.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_DOUBLE_OPEN = "“„«‟"
_DOUBLE_CLOSE = "”»"
_DOUBLE = '"' + _DOUBLE_OPEN + _DOUBLE_CLOSE
_DOUBLE_MARK = re.compile("[" + re.escape(_DOUBLE) + "]")
_SINGLE = "'‘’‚‹›"
_OPEN_BEFORE = "([{—–-/\u2014\u2013" + _DOUBLE_OPEN + "‘'\"«"
_CLOSE_AFTER = ".,;:!?)]}—–-…'\"’”»\u2014\u2013"
_ELISIONS = {"s", "t", "em", "n", "til", "cause", "tis", "twas", "bout", "round", "nuff", "ol"}


@dataclass
class Quotation:
    """A quoted span: ``open``/``close`` are the mark positions (close None: never closed),
    ``start``/``end`` the quoted words between them."""

    open: int
    start: int
    end: int
    close: int | None
    parent: int | None = None  # index of the enclosing quotation
    single: bool = False
    close_len: int = 1  # 2 for a closing ''

    @property
    def outer_end(self) -> int:
        return self.close + self.close_len if self.close is not None else self.end


def _ctx(text: str, i: int, ln: int = 1) -> tuple[bool, bool]:
    """(could open, could close) for the quote mark at i, from the characters around it."""
    n = len(text)
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + ln] if i + ln < n else " "
    can_open = (prev.isspace() or prev in _OPEN_BEFORE or i == 0) and not nxt.isspace()
    can_close = (not prev.isspace()) and (nxt.isspace() or nxt in _CLOSE_AFTER or i + ln >= n)
    return can_open, can_close


def _paragraph_ends(text: str) -> list[int]:
    return [m.start() for m in re.finditer(r"\n", text)] + [len(text)]


def _stray_paragraph_marks(text: str) -> set[int]:
    """Straight double quotes that open a paragraph whose own quotations are curly (its first
    curly mark opens one) and that no straight mark closes in it: an excerpt marker of a
    pasted block quote ('"Melanie said “...”'), not a quotation around the paragraph;
    unless a colon introduces it or it goes on from such a paragraph: then it is the quoted
    statement ('Dr. Ward stated:' and its paragraphs)."""
    out: set[int] = set()
    for m in re.finditer(r'(?m)^[ \t]*"', text):
        i = m.end() - 1
        end = text.find("\n", i)
        rest = text[i + 1 : end if end >= 0 else len(text)]
        curly = re.search("[“”]", rest)
        if '"' not in rest and "''" not in rest and curly and curly.group() == "“":
            # (a "…” pair is a quotation in mixed marks: not stray)
            j = i - 1
            while j >= 0 and text[j].isspace():
                j -= 1
            prev = text[text.rfind("\n", 0, max(j, 0)) + 1 : j + 1].lstrip()
            if (j >= 0 and text[j] == ":") or (prev.startswith('"') and '"' not in prev[1:]):
                continue  # a statement introduced ("Dr. Ward stated:") or run on: quoted
            out.add(i)
    return out


def _double_quotes(text: str) -> list[Quotation]:
    """Double quotation marks, paired with a stack. ``''`` (two apostrophes, as some
    newspapers write) counts as a straight double quote. A straight mark opening a paragraph
    of curly quotations that nothing closes is ignored (:func:`_stray_paragraph_marks`)."""
    out: list[Quotation] = []
    stray = _stray_paragraph_marks(text) if '"' in text else set()
    stack: list[tuple[int, int]] = []  # (position, length) of open marks
    cont: set[int] = set()  # repeated opening marks of a quotation that runs on
    n = len(text)

    def close(o: tuple[int, int], i: int, ln: int) -> None:
        out.append(Quotation(o[0], o[0] + o[1], i, i, close_len=ln))

    def unclosed(end: int) -> None:
        top = stack[0]
        cut = _ATTRIBUTION_INSIDE.search(text, top[0] + top[1], end)
        if cut is not None and not _DOUBLE_MARK.search(text, top[0] + top[1], end):
            end = cut.start()  # the reporter's own words: "..., according to the transcript."
        while end > top[0] + top[1] and text[end - 1].isspace():
            end -= 1
        out.append(Quotation(top[0], top[0] + top[1], end, None))
        stack.clear()

    for m in re.finditer(r"''|‘[‘’]|’’|[\"“”„«»‟]|\n", text):
        i = m.start()
        ch = m.group()
        ln = len(ch)
        if ln == 2 and ch != "''":
            # two curly apostrophes, as TASS writes double quotes: ‘’ opens, ’’ closes
            ch = "”" if ch == "’’" else "“"
        if ch == "\n":
            if not stack:
                continue
            # a quotation that runs on: the next paragraph opens with a quote mark again
            j = i
            while j < n and text[j].isspace():
                j += 1
            if (
                len(stack) == 1
                and j < n
                and (text[j] in '"“„«' or text.startswith("''", j))
                and _straight(text, stack[0][0]) == _straight(text, j)
                and _ctx(text, j, 2 if text.startswith("''", j) else 1)[0]
                and _opens_paragraph_quote(text, stack[0][0])
            ):
                cont.add(j)
                continue
            unclosed(i)  # the quotation ends at the paragraph end
            continue
        if i in cont:
            cont.discard(i)
            continue
        if i in stray:
            continue
        can_open, can_close = _ctx(text, i, ln)
        if ch in "„«‟":
            stack.append((i, ln))
        elif ch == "»":
            if stack:
                close(stack.pop(), i, ln)
        elif ch == "“":
            if stack and can_close and not can_open:
                close(stack.pop(), i, ln)
            else:
                if len(stack) == 1 and text[stack[0][0]] == "“" and _sentence_start(text, i):
                    # a new quotation opens a sentence while one is still open: the
                    # reporter never closed the first (quotes inside quotes are single)
                    unclosed(i)
                stack.append((i, ln))
        elif ch == "”":
            if stack:
                close(stack.pop(), i, ln)
            elif (can_open and not can_close) or _glued_opener(text, i):
                stack.append((i, ln))
            elif can_close and (start := _unopened_start(text, i)) is not None:
                # the reporter left out the opening mark: the paragraph is the quotation
                out.append(Quotation(start, start, i, i))
        else:  # straight " or ''
            if not stack:
                if can_open or not can_close:
                    stack.append((i, ln))
            elif can_close or not can_open:
                close(stack.pop(), i, ln)
            else:
                stack.append((i, ln))
    if stack:
        unclosed(n)
    return out


# Where a quotation that the reporter never closed gives way to the reporter's words: an
# attribution set off by a comma ("..., according to the Kremlin's transcript").
_ATTRIBUTION_INSIDE = re.compile(
    r",\s+(?:according to|(?:he|she|they) (?:said|added|says|adds|told)|said|says|added)\b"
)


def _sentence_start(text: str, i: int) -> bool:
    """The mark at ``i`` opens a sentence: after a sentence's end and a space."""
    k = i - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    return k < i - 1 and k >= 0 and text[k] in ".!?"


def _glued_opener(text: str, i: int) -> bool:
    """A closing-shaped mark written as the opener right after a sentence's end, with no
    space ('measures.”We can keep ...”'): it opens the next sentence's quotation."""
    return 0 < i < len(text) - 1 and text[i - 1] in ".!?" and text[i + 1].isupper()


def _unopened_start(text: str, i: int) -> int | None:
    """Where the quotation a lone closing mark ends began, when the reporter left out the
    opening mark: the start of its paragraph, if the mark follows the punctuation that
    closes a quotation ("miscalculated,”"), the paragraph has no other quotation mark
    before it and the mark is followed by an attribution on the same line (a word, not the
    paragraph's end)."""
    if text[i - 1] not in ",.?!":
        return None
    line_start = text.rfind("\n", 0, i) + 1
    if _DOUBLE_MARK.search(text, line_start, i) or len(text[line_start:i].split()) < 5:
        return None
    line_end = text.find("\n", i)
    after = text[i + 1 : line_end if line_end >= 0 else len(text)]
    if not re.match(r"\s+\S", after):
        return None
    while line_start < i and text[line_start].isspace():
        line_start += 1
    return line_start


def _straight(text: str, i: int) -> bool:
    """The mark at ``i`` is straight (" or ''): a quotation that runs on repeats its own kind
    of mark, so a straight one is not continued by a paragraph that opens with a curly one."""
    return text[i] in "\"'"


def _opens_paragraph_quote(text: str, pos: int) -> bool:
    """A quotation that may run on into the next paragraph opens its paragraph or follows
    an introduction ("he said:", "he said,")."""
    k = pos - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    return k < 0 or text[k] in "\n:,—–-"


def _apostrophe(text: str, i: int) -> bool:
    """Is the mark at ``i`` an apostrophe inside a word ("plant’s", "don’t")?"""
    return 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()


def _unclosed_single_end(text: str, o: int) -> int | None:
    """Where a curly single opening mark that nothing closes in its paragraph ends its
    quotation: the paragraph's end, when the mark opens a sentence ("she said. ‘Do you have
    another one? I literally just answered this question.") with a capital letter and no
    other single mark follows in the paragraph (an apostrophe in a word, "plant’s", is none);
    None otherwise (an apostrophe, a stray mark).
    Straight marks are too often apostrophes to be read so."""
    if text[o] != "‘" or o + 1 >= len(text) or not text[o + 1].isupper():
        return None
    k = o - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    if k >= 0 and text[k] not in "\n.!?:":
        return None
    end = text.find("\n", o)
    end = len(text) if end < 0 else end
    if any(
        ch in "‘’" and not _apostrophe(text, k) for k, ch in enumerate(text[o + 1 : end], o + 1)
    ):
        return None
    while end > o + 1 and text[end - 1].isspace():
        end -= 1
    return end if end > o + 1 else None


def _single_quotes(text: str, doubles: list[Quotation]) -> list[Quotation]:
    out: list[Quotation] = []
    n = len(text)
    openers: list[int] = []
    closers: list[int] = []
    for m in re.finditer(r"''+|‘[‘’]|’’|['‘’‹›]", text):
        i = m.start()
        ch = m.group()
        if len(ch) > 1:  # '', ‘’ and ’’ are double quotation marks
            continue
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < n else " "
        if (
            ch in "'‘‹"
            and (prev.isspace() or prev in _OPEN_BEFORE or i == 0)
            and (nxt.isalnum() or nxt in "$€£(#.")
        ):
            word = re.match(r"[A-Za-z]+", text[i + 1 : i + 8])
            if ch != "‹" and word and word.group().lower() in _ELISIONS:
                continue
            if ch != "‹" and re.match(r"\d\ds\b", text[i + 1 : i + 5]):  # '90s
                continue
            openers.append(i)
        elif (
            ch in "'’›"
            and not prev.isspace()
            and (nxt.isspace() or nxt in _CLOSE_AFTER or i + 1 == n)
        ):
            closers.append(i)
    if not openers:
        return out
    ci = 0
    last_end = -1
    for o in openers:
        if o <= last_end:
            continue
        while ci < len(closers) and closers[ci] <= o + 1:
            ci += 1
        c = closers[ci] if ci < len(closers) else None
        segment = text[o + 1 : c] if c is not None else text[o + 1 :]
        if c is None or "\n" in segment or len(segment) > 1500:
            end = _unclosed_single_end(text, o)
            if end is not None:  # ‘Do you have another one? ... (never closed)
                out.append(Quotation(o, o + 1, end, None, single=True))
                last_end = end
            if c is None:
                break
            continue
        out.append(Quotation(o, o + 1, c, c, single=True))
        last_end = c
        ci += 1
    # keep single-quoted spans that nest cleanly with the double-quoted ones: no double
    # quotation may start inside the span and end outside it, or the reverse
    bounds = sorted((d.open, d.outer_end) for d in doubles)
    opens = [b[0] for b in bounds]
    kept = []
    for sq in out:
        s_end = sq.outer_end
        ok = True
        # doubles opening inside the single span must close inside it
        lo = bisect.bisect_right(opens, sq.open)
        hi = bisect.bisect_left(opens, s_end)
        for _d_open, d_end in bounds[lo:hi]:
            if d_end > s_end:
                ok = False
                break
        if ok and lo > 0:
            # the nearest doubles opening before it must not close inside it
            for _d_open, d_end in bounds[max(0, lo - 3) : lo]:
                if sq.open < d_end < s_end:
                    ok = False
                    break
        if ok:
            kept.append(sq)
    return kept


# Russian typography, kept by translated copies: a paragraph of direct speech with no
# quotation marks, then a line "- Putin said." / "— he explained."
_DASH_ATTRIBUTION = re.compile(
    r"^[ \t]*[-\u2013\u2014][ \t]*(?:[A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){0,3}|he|she)"
    r"[ \t]+(?:said|says|explained|added|noted|stressed|emphasi[sz]ed|stated|continued|"
    r"concluded|pointed out|recalled|remarked|underlined|told [^\n]{1,40})[ \t]*[.,]?[ \t]*$",
    re.M,
)
DASH_SPEECH_MIN = 40  # characters of a paragraph taken for speech before such a line


def _dash_attributed(text: str, quotes: list[Quotation]) -> list[Quotation]:
    """The paragraphs of unmarked direct speech that a dash line attributes (no quotation
    mark inside them; the marks' positions are the paragraph's own ends)."""
    out: list[Quotation] = []
    for m in _DASH_ATTRIBUTION.finditer(text):
        end = m.start()
        while end > 0 and text[end - 1] in " \t\n":
            end -= 1
        start = text.rfind("\n", 0, end) + 1
        while start < end and text[start] in " \t":
            start += 1
        para = text[start:end]
        if len(para) < DASH_SPEECH_MIN or _DOUBLE_MARK.search(para):
            continue
        if any(q.open < end and start < q.outer_end for q in quotes):
            continue
        out.append(Quotation(open=start, start=start, end=end, close=end, close_len=0))
    return out


def find_quotations(text: str) -> list[Quotation]:
    """Every quoted span in ``text``, outer ones first at equal start, with nesting."""
    quotes = _double_quotes(text)
    quotes += _single_quotes(text, quotes)
    quotes += _dash_attributed(text, quotes)
    quotes = [q for q in quotes if q.end > q.start]
    quotes.sort(key=lambda q: (q.open, -q.outer_end))
    # nesting: the closest enclosing quotation (a stack of open ancestors)
    stack: list[int] = []
    for k, q in enumerate(quotes):
        while stack and quotes[stack[-1]].outer_end <= q.open:
            stack.pop()
        if stack and q.outer_end <= quotes[stack[-1]].outer_end and quotes[stack[-1]].open < q.open:
            q.parent = stack[-1]
        stack.append(k)
    return quotes
