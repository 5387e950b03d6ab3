"""What counts as "the same word": tokens prepared for word-level alignment.

Each token gets a ``key`` under which harmless variants compare equal: letter case,
British/American spelling, transliterations of place names (Kiev/Kyiv), contractions
(don't = do not), numerals and number words (3 = three), "per cent" = "percent".
It keeps ``surface`` (the word as written, lower-cased) so that the verdict can tell a
verbatim match from a harmless variant, and ``gap``, the punctuation between it and the
previous token, so punctuation changes inside a quote are visible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from verify.text.tokens import fold_chars

# --------------------------------------------------------------------------- tokens


@dataclass(slots=True)
class Tok:
    key: str  # comparison key
    surface: str  # lower-cased word(s) as written
    start: int  # character offsets in the original text
    end: int
    gap: str = ""  # normalised punctuation between the previous token and this one
    expanded: bool = False  # produced by expanding a contraction ("don't" -> do, not)
    filler: bool = False  # a discourse filler ("well", "you know") in its position
    struck: bool = False  # struck out in the transcript's correction (~~so~~)


# words a transcript strikes out (~~engaged~~ [enraged]), as the Markdown reader stores them
STRUCK = re.compile(r"~~([^~\n]{1,200})~~")
_CORRECTION = re.compile(r"~~[^~\n]{1,200}~~\s*\[([^\]\n]{1,200})\]")


def mark_struck(toks: list[Tok], text: str, offset: int = 0) -> list[Tok]:
    """``toks`` of ``text`` with those inside a struck-out stretch marked ``struck``."""
    if "~~" not in text:
        return toks
    spans = [(m.start(1) + offset, m.end(1) + offset) for m in STRUCK.finditer(text)]
    if not spans:
        return toks
    # the bracketed correction right after ("~~engaged~~ [enraged]"): its brackets are the
    # transcript's, not punctuation of the speaker's
    fixes = [(m.start(1) + offset, m.end(1) + offset) for m in _CORRECTION.finditer(text)]
    for k, t in enumerate(toks):
        if any(a <= t.start < b for a, b in spans):
            t.struck = True
        if "~" in t.gap:
            t.gap = t.gap.replace("~", "")  # the marks are not the speaker's punctuation
        if any(a <= t.start < b for a, b in fixes):
            t.gap = t.gap.replace("[", "")
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            if nxt is not None and not any(a <= nxt.start < b for a, b in fixes):
                nxt.gap = nxt.gap.replace("]", "", 1)
    return toks


_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W_]+(?:'[^\W_]+)*", re.UNICODE)

# -------------------------------------------------------------------- spelling

WORD_VARIANTS = {
    # transliterations and spellings of places and names
    "kiev": "kyiv",
    "kiyv": "kyiv",
    "lugansk": "luhansk",
    "kharkov": "kharkiv",
    "odessa": "odesa",
    "donbass": "donbas",
    "nikolayev": "mykolaiv",
    "nikolaev": "mykolaiv",
    "zaporozhye": "zaporizhzhia",
    "zaporizhia": "zaporizhzhia",
    "zaporozhie": "zaporizhzhia",
    "chernigov": "chernihiv",
    "artemovsk": "artyomovsk",
    "mariupol": "mariupol",
    "zelensky": "zelenskyy",
    "zelenskiy": "zelenskyy",
    "zelenskii": "zelenskyy",
    "peskov": "peskov",
    "ushakov": "ushakov",
    "shoygu": "shoigu",
    "lavrov": "lavrov",
    "tass": "tass",
    "jinping": "jinping",
    "erdogan": "erdogan",
    # British / American word pairs that rules do not catch
    "programme": "program",
    "programmes": "programs",
    "judgement": "judgment",
    "judgements": "judgments",
    "ageing": "aging",
    "grey": "gray",
    "towards": "toward",
    "amongst": "among",
    "whilst": "while",
    "learnt": "learned",
    "spelt": "spelled",
    "burnt": "burned",
    "dreamt": "dreamed",
    "afterwards": "afterward",
    "upwards": "upward",
    "downwards": "downward",
    "forwards": "forward",
    "backwards": "backward",
    "enquiry": "inquiry",
    "enquiries": "inquiries",
    "cheque": "check",
    "tyre": "tire",
    "tyres": "tires",
    "aluminium": "aluminum",
    "manoeuvre": "maneuver",
    "manoeuvres": "maneuvers",
    "plough": "plow",
    "sceptical": "skeptical",
    "sceptic": "skeptic",
    "paediatric": "pediatric",
    "analogue": "analog",
    "catalogue": "catalog",
    "dialogue": "dialog",
    "dialogues": "dialogs",
    "okay": "ok",
    "percent": "percent",
}

_RULES = [
    (re.compile(r"^(.{3,})is(e|es|ed|ing|ation|ations|er|ers)$"), r"\1iz\2"),
    (re.compile(r"^(.{2,})ys(e|es|ed|ing)$"), r"\1yz\2"),
    (re.compile(r"^(.{2,}[^aeiou])our(s|ed|ing|ite|ites|able|ably|er|ers|less)?$"), r"\1or\2"),
    (re.compile(r"^(.{2,}[^aeiou])(t|b)re(s|d)?$"), r"\1\2er\3"),
    (re.compile(r"^(def|off|lic|pret)ence(s)?$"), r"\1ense\2"),
    (re.compile(r"^(.{2,}[aeiou])ll(ed|ing|er|ers|or|ors)$"), r"\1l\2"),
    (re.compile(r"^(.{3,})ogue(s)?$"), r"\1og\2"),
]


@lru_cache(maxsize=200_000)
def spelling_key(word: str) -> str:
    """One spelling for British/American and transliteration variants of ``word``."""
    w = WORD_VARIANTS.get(word)
    if w is not None:
        return w
    if len(word) <= 4 or not word.isalpha():
        return word
    for rx, rep in _RULES:
        new = rx.sub(rep, word)
        if new != word:
            return new
    return word


# -------------------------------------------------------------------- contractions

_CONTRACTIONS = {
    "can't": ("can", "not"),
    "cannot": ("can", "not"),
    "won't": ("will", "not"),
    "shan't": ("shall", "not"),
    "ain't": ("is", "not"),
    "let's": ("let", "us"),
    "y'all": ("you", "all"),
    # spoken forms that transcripts and reporters spell out, or the other way round
    "gonna": ("going", "to"),
    "wanna": ("want", "to"),
    "gotta": ("got", "to"),
}
_PRONOUN_S = {
    "it",
    "that",
    "there",
    "here",
    "what",
    "who",
    "he",
    "she",
    "where",
    "how",
    "this",
    "everything",
    "nothing",
    "everyone",
    "somebody",
    "someone",
    "something",
}
# after "X's" these make it "X has" ("there's been" = "there has been")
_PERFECT_AFTER = frozenset(["been", "got", "gotten", "had"])
_SUFFIXES = {"'re": "are", "'ve": "have", "'ll": "will", "'m": "am", "'d": "would"}


def expand_contraction(word: str) -> tuple[str, ...] | None:
    """``word`` (lower case, ASCII apostrophe) as its full form, or None."""
    if word in _CONTRACTIONS:
        return _CONTRACTIONS[word]
    if "'" not in word:
        return None
    if word.endswith("n't"):
        return (word[:-3], "not")
    for suf, full in _SUFFIXES.items():
        if word.endswith(suf) and len(word) > len(suf):
            return (word[: -len(suf)], full)
    if word.endswith("'s") and word[:-2] in _PRONOUN_S:
        return (word[:-2], "is")
    return None


# -------------------------------------------------------------------- numbers

_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
    if w != "_"
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_NUMBER_WORDS = set(_UNITS) | set(_TENS) | set(_SCALES)
# ordinals: "21st" = "twenty-first" (key "#21th"), "2nd" = "second"
_ORDINAL_UNITS = {
    w: i + 1
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split()
    )
}
_ORDINAL_TENS = {
    w: 10 * (i + 2)
    for i, w in enumerate(
        "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split()
    )
}
_ORDINAL_SUFFIXES = frozenset(("st", "nd", "rd", "th"))


def _ordinal_key(value: int) -> str:
    return f"#{value}th"


def _continues_number(prev: str, word: str) -> bool:
    """Can ``word`` extend a number that ``prev`` ends ("twenty" "five", "five" "hundred",
    "hundred" "and")? Two units or two tens in a row are two numbers."""
    if word in _SCALES or word == "and":
        return prev in _UNITS or prev in _TENS or prev in _SCALES
    if word in _UNITS:
        return prev in _SCALES or prev == "and" or (prev in _TENS and 0 < _UNITS[word] < 10)
    if word in _TENS:
        return prev in _SCALES or prev == "and"
    return False


def _digit_value(word: str) -> float | None:
    if not word[0].isdigit():
        return None
    w = word.rstrip("%")
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", w):
        w = w.replace(",", "")
    try:
        return float(w)
    except ValueError:
        return None


def _fmt_number(value: float) -> str:
    return "#" + (str(int(value)) if float(value).is_integer() else repr(value))


# -------------------------------------------------------------------- fillers

FILLERS = {"well", "so", "and", "uh", "um", "er", "erm", "ah", "oh", "ok", "okay", "now"}
FILLER_PAIRS = {("you", "know"), ("i", "mean")}

# -------------------------------------------------------------------- preparation

_QUOTE_CHARS = "\"'"


_SPACE_ONLY = frozenset(" \n\t")


@lru_cache(maxsize=4096)
def _norm_gap(raw: str) -> str:
    """The punctuation between two words, with spaces, quote marks and dash styles unified."""
    if not raw or _SPACE_ONLY.issuperset(raw):
        return ""
    g = fold_chars(raw)
    g = g.replace("\u2026", "...")
    g = re.sub(r"\s+", "", g)
    g = re.sub(r"-+", "-", g)
    g = "".join('"' if c in _QUOTE_CHARS else c for c in g)
    return g


def prepare(text: str, offset: int = 0) -> list[Tok]:
    """Tokens of ``text`` ready for alignment (offsets relative to ``offset``)."""
    folded = fold_chars(text)
    raw: list[tuple[str, int, int, str]] = []
    prev_end = 0
    for m in _TOKEN_RE.finditer(folded):
        raw.append((m.group().lower(), m.start(), m.end(), _norm_gap(folded[prev_end : m.start()])))
        prev_end = m.end()
    out: list[Tok] = []
    i = 0
    n = len(raw)
    while i < n:
        word, s, e, gap = raw[i]
        s += offset
        e += offset
        # numbers: digits (with a following scale word) or a run of number words
        value = _digit_value(word) if word[0].isdigit() else None
        if (
            value is not None
            and word.isdigit()
            and i + 1 < n
            and raw[i + 1][0] in _ORDINAL_SUFFIXES
            and raw[i + 1][3] == ""
            and raw[i + 1][1] == raw[i][2]
        ):
            out.append(
                Tok(_ordinal_key(int(word)), word + raw[i + 1][0], s, raw[i + 1][2] + offset, gap)
            )
            i += 2
            continue
        if word in _ORDINAL_UNITS or word in _ORDINAL_TENS:
            out.append(
                Tok(_ordinal_key(_ORDINAL_UNITS.get(word) or _ORDINAL_TENS[word]), word, s, e, gap)
            )
            i += 1
            continue
        if (
            word in _TENS
            and i + 1 < n
            and raw[i + 1][0] in _ORDINAL_UNITS
            and raw[i + 1][3] in ("", "-")
            and _ORDINAL_UNITS[raw[i + 1][0]] < 10
        ):
            value_o = _TENS[word] + _ORDINAL_UNITS[raw[i + 1][0]]
            surface = f"{word}-{raw[i + 1][0]}"
            out.append(Tok(_ordinal_key(value_o), surface, s, raw[i + 1][2] + offset, gap))
            i += 2
            continue
        if value is not None:
            j = i + 1
            while j < n and raw[j][0] in _SCALES and raw[j][3] == "":
                value *= _SCALES[raw[j][0]]
                j += 1
            surface = " ".join(r[0] for r in raw[i:j])
            out.append(Tok(_fmt_number(value), surface, s, raw[j - 1][2] + offset, gap))
            if word.endswith("%"):
                out.append(Tok("percent", "%", e - 1, e, ""))
            i = j
            continue
        if word in _NUMBER_WORDS and not (word in _SCALES and not out):
            j, total, current = i, 0, 0
            while j < n and (
                raw[j][0] in _NUMBER_WORDS
                or (
                    raw[j][0] == "and"
                    and j + 1 < n
                    and raw[j + 1][0] in _UNITS | _TENS
                    and j > i
                    and raw[j - 1][0] in _SCALES
                )
            ):
                if j > i and raw[j][3] not in ("", "-"):
                    break
                w = raw[j][0]
                if j > i and not _continues_number(raw[j - 1][0], w):
                    break  # "five – five waves": a repeated number, not twenty-five
                if w in _UNITS:
                    current += _UNITS[w]
                elif w in _TENS:
                    current += _TENS[w]
                elif w in _SCALES:
                    scale = _SCALES[w]
                    if scale == 100:
                        current = max(current, 1) * 100
                    else:
                        total += max(current, 1) * scale
                        current = 0
                j += 1
            while j > i + 1 and raw[j - 1][0] == "and":
                j -= 1
            surface = " ".join(r[0] for r in raw[i:j])
            out.append(Tok(_fmt_number(total + current), surface, s, raw[j - 1][2] + offset, gap))
            i = j
            continue
        if word == "per" and i + 1 < n and raw[i + 1][0] == "cent":
            out.append(Tok("percent", "per cent", s, raw[i + 1][2] + offset, gap))
            i += 2
            continue
        parts = expand_contraction(word)
        if parts and parts[1] == "is" and i + 1 < n and raw[i + 1][0] in _PERFECT_AFTER:
            parts = (parts[0], "has")  # "there's been", "it's got": has, not is
        if parts:
            for k, p in enumerate(parts):
                out.append(Tok(spelling_key(p), word, s, e, gap if k == 0 else "", expanded=True))
            i += 1
            continue
        out.append(Tok(spelling_key(word), word, s, e, gap))
        i += 1
    _mark_fillers(out)
    return out


def _mark_fillers(toks: list[Tok]) -> None:
    """Mark discourse fillers: a filler word at the start of a clause (after punctuation or at
    the start), or a filler pair set off by punctuation ("you know,")."""
    for i, t in enumerate(toks):
        if t.key in FILLERS and (i == 0 or t.gap):
            t.filler = True
        if i + 1 < len(toks) and (t.key, toks[i + 1].key) in FILLER_PAIRS:
            nxt_gap = toks[i + 2].gap if i + 2 < len(toks) else ","
            if t.gap or nxt_gap or i == 0:
                t.filler = True
                toks[i + 1].filler = True


def keys(toks: list[Tok]) -> list[str]:
    return [t.key for t in toks]
