"""Speaker noun phrases next to a cue, and what kind of mention they are.

:func:`np_before` / :func:`np_after` find the phrase ("Russian Foreign Minister Sergei Lavrov
noted", "said Russian President Vladimir Putin", "the Kremlin spokesman explained");
:func:`split_title` cuts it into title and name; :func:`mention_kind` tells a pronoun, an
outlet, an institution, a name and a role apart.
"""

from __future__ import annotations

from verify.article.quotes.outlets import find_outlets, outlet_name
from verify.article.quotes.sentences import Tok
from verify.article.quotes.words import (
    AUX,
    DETERMINERS,
    GIVEN_NAMES,
    HONORIFICS,
    INSTITUTION_NAMES,
    NAME_TITLES,
    NOT_NAME_CAPS,
    NP_WORDS,
    OBJECT_PRONOUNS,
    ORG_WORDS,
    PLACE_ADJECTIVES,
    PRONOUNS,
    ROLE_NOUNS,
    ROLE_PHRASES,
    SPEAKER_STOP,
)


def is_name_word(t: Tok) -> bool:
    """A capitalised word that may be part of a name or title."""
    if t.kind != "w":
        return False
    if not (t.text[:1].isupper() or (t.text[:1].isdigit() is False and t.text[:1] in "ÉÖ")):
        return False
    return t.base not in NOT_NAME_CAPS


def nickname(toks: list[Tok], i: int) -> bool:
    """A quoted nickname inside a name (Marcia "Cia" Price, Robert "Bobby" Scott): one or two
    capitalised words in quotation marks between two name words."""
    t = toks[i]
    if t.kind != "q" or i == 0 or i + 1 >= len(toks):
        return False
    inner = t.text.strip("\"'“”‘’«»„ ")
    words = inner.split()
    if not 1 <= len(words) <= 2 or len(inner) > 20:
        return False
    if not all(w[:1].isupper() and w.replace("-", "").replace(".", "").isalpha() for w in words):
        return False
    before, after = toks[i - 1], toks[i + 1]
    return is_name_word(before) and not before.possessive and is_name_word(after)


def np_word(t: Tok) -> bool:
    if t.kind != "w":
        return False
    if is_name_word(t) or t.base.rstrip(".") in HONORIFICS:
        return True
    low = t.base.lower()
    return low in NP_WORDS or low.replace("’", "'") in NP_WORDS


_SKIP_BEFORE_CUE = frozenset(
    """also further later earlier then again once previously recently reportedly separately
    repeatedly himself herself itself themselves has have had would will could can may might
    should must did does do just already publicly privately openly today yesterday tonight
    now still never not n't even only additionally subsequently first""".split()
)
_TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday morning afternoon evening night
    week weekend month year today yesterday tonight earlier later""".split()
)


def _skip_adjuncts_back(toks: list[Tok], j: int) -> int:
    """Index of the last token before j that is not an adverb or time adjunct."""
    while j >= 0:
        t = toks[j]
        low = t.low
        if t.kind == "w" and (
            low in _SKIP_BEFORE_CUE
            or low in _TIME_WORDS
            or (low.endswith("ly") and len(low) > 4 and low not in NP_WORDS and not t.cap)
        ):
            j -= 1
            continue
        # a short parenthesis after a name: "Sen. Elizabeth Warren (D-MA) said"
        if t.kind == "p" and t.text == ")":
            k = j - 1
            while k >= 0 and j - k <= 6 and toks[k].text != "(" and toks[k].kind != "q":
                k -= 1
            if k > 0 and toks[k].text == "(" and toks[k - 1].kind == "w":
                j = k - 1
                continue
            break
        # "on Monday", "last week", "this week", "late on Friday"
        if t.kind == "w" and low in ("on", "last", "this", "late", "early") and j + 1 < len(toks):
            nxt = toks[j + 1].low
            if nxt in _TIME_WORDS:
                j -= 1
                continue
        break
    return j


_KIN = frozenset(
    """wife husband son daughter mother father brother sister niece nephew cousin aunt uncle
    widow widower grandson granddaughter grandmother grandfather fiancee fiance partner
    friend friends children""".split()
)


def person_noun(low: str) -> bool:
    """A lowercase noun for a person after a possessive ("Clay's biographers", "Clinton's
    introducer", "Scott's niece"), not a thing ("Russia's anniversary", "Stumpf's emphasis")."""
    word = low.removesuffix("s")
    return low in _KIN or word in _KIN or word.endswith(("er", "or", "ist"))


def np_before(toks: list[Tok], end: int, *, lenient: bool = False) -> tuple[int, int] | None:
    """The speaker noun phrase that ends at or just before ``end`` (exclusive), as token
    indices [i, j). Adverbs and time adjuncts between the phrase and ``end`` are skipped."""
    j = _skip_adjuncts_back(toks, end - 1)
    if j < 0 or toks[j].kind != "w":
        return None
    t = toks[j]
    if t.low in PRONOUNS and not t.possessive:
        return (j, j + 1)
    for phrase in ROLE_PHRASES:
        n = len(phrase)
        if j >= n - 1 and tuple(x.low for x in toks[j - n + 1 : j + 1]) == phrase:
            inner = np_before(toks, j - n + 2)  # "the head of state": the phrase of "head"
            if inner is not None and inner[1] == j - n + 2:
                return (inner[0], j + 1)
    i = j
    while i >= 0:
        tk = toks[i]
        if tk.kind != "w":
            if tk.text in "-‐" and i > 0 and toks[i - 1].kind == "w" and i + 1 <= j:
                i -= 1
                continue
            if nickname(toks, i) and i < j:
                i -= 1
                continue
            break
        low = tk.low
        if low in DETERMINERS:
            # "The President of the Russian Federation": go on through "of the"
            if (
                low == "the"
                and i >= 2
                and toks[i - 1].low in ("of", "for")
                and (np_word(toks[i - 2]) or toks[i - 2].possessive)
            ):
                i -= 2
                continue
            i -= 1
            break
        if np_word(tk) or tk.possessive:
            i -= 1
            continue
        if (
            low == "and"
            and i > 0
            and i < j
            and (np_word(toks[i - 1]) or toks[i - 1].possessive)
            and (np_word(toks[i + 1]))
            and (toks[i - 1].cap == toks[i + 1].cap)
        ):
            # "Her advisers and allies", "Sullivan and Deese"
            i -= 1
            continue
        if (
            low in ("of", "for")
            and i > 0
            and i + 1 <= j
            and toks[i - 1].kind == "w"
            and toks[i - 1].text.islower()
            and toks[i - 1].base.lower() in ROLE_NOUNS - {"member", "members"}
            and is_name_word(toks[i + 1])
        ):
            # "a spokesman for Bernie Sanders said": the spokesman, not Sanders
            i -= 1
            continue
        if low in ("of", "for", "and", "on") and i > 0 and is_name_word(toks[i - 1]):
            # "Secretary of State Antony Blinken", "Minister for Foreign Affairs"
            if i + 1 <= j and is_name_word(toks[i + 1]) and low != "and":
                i -= 1
                continue
        break
    i += 1
    # trim leading words that cannot start a name
    while i <= j and toks[i].kind == "w" and toks[i].low in ("of", "for", "and", "on", "-"):
        i += 1
    if (
        i == j + 1
        and j >= 1
        and toks[j].kind == "w"
        and toks[j].text.islower()
        and toks[j].low not in AUX
        and toks[j - 1].possessive
        and person_noun(toks[j].low)
    ):
        # "Henry Clay's biographers", "Clinton's introducer", "Scott's niece"
        i = j - 1
        while i > 0 and (toks[i - 1].cap or toks[i - 1].low in ("the", "a", "an")):
            i -= 1
            if toks[i].low in ("the", "a", "an"):
                break
    if i > j:
        if lenient and toks[j].kind == "w" and toks[j].low not in AUX:
            return (j, j + 1)
        return None
    span = toks[i : j + 1]
    head = span[-1]
    if head.low in DETERMINERS:
        return None
    if not (
        is_name_word(head)
        or head.base.lower() in ROLE_NOUNS
        or (len(span) >= 2 and span[-2].possessive and head.text.islower())
    ):
        if lenient and head.kind == "w" and head.low not in AUX and head.low not in DETERMINERS:
            return (i, j + 1)
        return None
    if span[0].base.lower() in SPEAKER_STOP and len(span) == 1:
        return None
    return (i, j + 1)


def np_after(toks: list[Tok], start: int) -> tuple[int, int] | None:
    """The noun phrase that starts at ``start``: "Russian President Vladimir Putin" in
    "said Russian President Vladimir Putin on Friday"."""
    i = start
    n = len(toks)
    if i >= n or toks[i].kind != "w":
        return None
    if toks[i].low in PRONOUNS:
        return (i, i + 1)
    j = i
    if toks[j].low in DETERMINERS:
        j += 1
    while j < n:
        tk = toks[j]
        if tk.kind == "w" and (np_word(tk) or tk.possessive):
            j += 1
            continue
        if (
            tk.kind == "w"
            and tk.low in ("of", "for")
            and j + 1 < n
            and j > i
            and (is_name_word(toks[j + 1]) or toks[j + 1].low == "the")
        ):
            k = j + 1
            if toks[k].low == "the":
                k += 1
            if k < n and is_name_word(toks[k]):
                j = k
                continue
        if tk.kind == "p" and tk.text in "-‐" and j + 1 < n and is_name_word(toks[j + 1]):
            j += 1
            continue
        if nickname(toks, j):
            j += 1
            continue
        break
    if j == i or (j == i + 1 and toks[i].low in DETERMINERS):
        return None
    head = toks[j - 1]
    if not (is_name_word(head) or head.base.lower() in ROLE_NOUNS):
        return None
    return (i, j)


def split_title(span: list[Tok]) -> tuple[list[Tok], list[Tok]]:
    """Split a name phrase into (title part, name part): "Russian Foreign Minister Sergei
    Lavrov" -> ("Russian Foreign Minister", "Sergei Lavrov")."""
    k = len(span)
    while k > 0:
        t = span[k - 1]
        if t.kind != "w" or not is_name_word(t):
            break
        if k == len(span) and k >= 2 and _before_surname(span, k - 2):
            k -= 1  # "Mr. King", "Steve King": after these the last word is a surname
            continue
        if _title_word(t):
            break
        if t.possessive:
            break
        k -= 1
    name = span[k:]
    # at most four name words; drop leading stray words ("White House Press Secretary X")
    if len(name) > 4:
        k = len(span) - 4
        name = span[k:]
    return span[:k], name


def _title_word(t: Tok) -> bool:
    """A word of a title, an office, an institution or a place: not part of a name."""
    b = t.base
    return (
        b in NAME_TITLES
        or b.removesuffix("s") in NAME_TITLES
        or b in ORG_WORDS
        or b in PLACE_ADJECTIVES
        or b in INSTITUTION_NAMES
    )


def _before_surname(span: list[Tok], i: int) -> bool:
    """The word at ``i`` is a courtesy title, a given name, or a capitalised word between a
    title and the last word ("Representative Steve King"): the word after it is a surname
    even when it is also a title word."""
    t = span[i]
    if t.base.rstrip(".") in HONORIFICS or (t.cap and t.low in GIVEN_NAMES):
        return True
    return (
        i >= 1
        and is_name_word(t)
        and not t.possessive
        and not _title_word(t)
        and _title_word(span[i - 1])
        and not span[i - 1].possessive
    )


def mention_kind(span: list[Tok]) -> str:
    """ "pronoun", "outlet", "institution", "name" or "role" (a nominal like "the minister")."""
    if len(span) == 1 and (span[0].low in PRONOUNS or span[0].low in OBJECT_PRONOUNS):
        return "pronoun"
    text = " ".join(t.text for t in span)
    if outlet_name(text) and not _person_after_outlet(span):
        return "outlet"
    head = span[-1]
    lows = [t.low for t in span]
    for conj in ("of", "for"):
        if conj in lows:  # "The President of the Russian Federation"
            k = lows.index(conj)
            before = span[:k]
            if before and (before[-1].base in NAME_TITLES or before[-1].base.lower() in ROLE_NOUNS):
                return "role"
    if head.cap and (head.base in INSTITUTION_NAMES or head.base in ORG_WORDS):
        return "institution"  # "the Kremlin", "the White House", "the State Department"
    if head.base.lower() in ROLE_NOUNS and (not head.cap or len(span) == 1):
        return "role"
    if head.base.lower() in ROLE_NOUNS and span[0].low in ("the", "a", "an"):
        return "role"  # a description in title case ("the Press Secretary"), not a name
    _, name = split_title(span)
    if name:
        return "name"
    bases = [t.base for t in span]
    if any(b in INSTITUTION_NAMES or b in ORG_WORDS for b in bases) and any(t.cap for t in span):
        return "institution"
    return "role"


def _person_after_outlet(span: list[Tok]) -> bool:
    """The outlet only qualifies a named person ("Fox News White House correspondent Peter
    Doocy"): the words after the outlet's name end in a name."""
    found = find_outlets(" ".join(t.text for t in span))
    if not found:
        return False
    end = found[-1][1]
    pos = k = 0
    while k < len(span) and pos < end:  # k: the first token after the outlet's name
        pos += len(span[k].text) + 1
        k += 1
    rest = span[k:]
    _, name = split_title(rest)
    return bool(name) and len(rest) >= 2 and mention_kind(rest) == "name"


# what an institution puts out: "a Kremlin press release" speaks for the Kremlin
_ISSUED_NOUNS = frozenset(
    "press release releases statement statements readout readouts communique communiqué "
    "announcement website transcript account".split()
)


def institution_name(span: list[Tok]) -> str:
    """The institution a mention names: "the White House" -> "White House"; the document it
    issued stands for it ("a Kremlin press release" -> "Kremlin")."""
    toks = list(span)
    while toks and toks[0].low in DETERMINERS:
        toks = toks[1:]
    while len(toks) > 1 and toks[-1].text.islower() and toks[-1].low in _ISSUED_NOUNS:
        toks = toks[:-1]
    words = [t.text for t in toks]
    if words:
        words[-1] = toks[-1].base
    return " ".join(words)
