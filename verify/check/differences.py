"""Each difference between a quote and its source, judged harmless or meaning-bearing.

A difference is one non-equal operation of a word alignment (align.Op): words the quote
adds (insert), words it drops (delete), or words it has instead of the source's (replace).
:func:`features` describes a difference by what it is, independently of any example: the
word classes involved (determiner, complementiser, conjunction, light preposition,
discourse marker, subject pronoun, content word), whether the dropped words are a
disfluency of speech (a stutter, a partial word or a false start broken off by a dash),
the character similarity of a changed word to the transcript's word, and whether either
side touches a negation, a number, a modal or time word, an opposite, or a name.
:func:`explain` turns the features into a reason ("typo", "dropped article", ...) or None
when the difference bears meaning. The word classes are data: verify/knowledge/wording.toml
and names.txt; people's names come from speakers.toml.

Conservative by design: a difference is harmless only when some rule explains every word
of it; anything that touches a negation, a number, another known name, an opposite or a
content word stays meaning-bearing. `python -m tools.evaluation.differences` measures the
rules on labelled quote/source pairs.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from verify.check.retrieve import STOPWORDS

if TYPE_CHECKING:  # pragma: no cover
    from verify.check.align import Alignment, Op
    from verify.text.wording import Tok

# --------------------------------------------------------------------------- word classes

NEGATIONS = frozenset(
    "not no never nothing nobody none nor neither without cannot n't hardly".split()
)
# times, quantities and modality: changing one changes what was said
MEANING = frozenset(
    """now immediately today tomorrow yesterday tonight soon later earlier already still yet
    always forever ever once before after until since during year years month months week
    weeks day days hour hours decade decades century morning evening night annual daily
    weekly monthly recent recently future past next last previous former all every each some
    any many much most few several none both either half whole entire only more less fewer
    least majority minority dozen dozens hundreds thousands millions must may might can could
    should would will shall need ought""".split()
)
BREAKS = ("-", "...")


@dataclass(frozen=True)
class Classes:
    determiners: frozenset[str]
    prep_groups: tuple[frozenset[str], ...]
    droppable: frozenset[str]
    addable: frozenset[str]
    subject_pronouns: frozenset[str]
    conjunctions: frozenset[str]
    markers: frozenset[str]
    marker_phrases: tuple[tuple[str, ...], ...]
    contracted_s: frozenset[str]
    honorifics: frozenset[str]
    never_swapped: frozenset[str]
    names: frozenset[str]
    openers: frozenset[str] = frozenset()
    droppable_phrases: frozenset[tuple[str, ...]] = frozenset()
    abbreviations: dict[str, str] = field(default_factory=dict)  # short key -> long key
    initialisms: frozenset[str] = frozenset()
    agreement: frozenset[frozenset[str]] = frozenset()
    tense: tuple[frozenset[str], ...] = ()
    transcript_notes: frozenset[str] = frozenset()
    # each word of a time_word_groups group -> the group's first word
    time_groups: dict[str, str] = field(default_factory=dict)

    @property
    def prepositions(self) -> frozenset[str]:
        return frozenset().union(*self.prep_groups)

    def light(self, key: str) -> bool:
        """A function word that carries no claim of its own."""
        return key in self.determiners or key in self.addable or key in self.droppable


@lru_cache(maxsize=1)
def classes() -> Classes:
    from verify.knowledge import DATA_DIR

    data = tomllib.loads((DATA_DIR / "wording.toml").read_text())
    names = {
        line.strip()
        for line in (DATA_DIR / "names.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    names |= _speaker_names(DATA_DIR / "speakers.toml")
    return Classes(
        determiners=frozenset(data["determiners"]),
        prep_groups=tuple(frozenset(g) for g in data["preposition_groups"]),
        droppable=frozenset(data["droppable"]),
        addable=frozenset(data["addable"]),
        subject_pronouns=frozenset(data["subject_pronouns"]),
        conjunctions=frozenset(data["conjunctions"]),
        markers=frozenset(data["discourse_markers"]),
        marker_phrases=tuple(tuple(p) for p in data["discourse_phrases"]),
        contracted_s=frozenset(data["contracted_s"]),
        honorifics=frozenset(data["honorifics"]),
        never_swapped=frozenset(data["never_swapped"]) | NEGATIONS | MEANING,
        names=frozenset(names),
        openers=frozenset(data.get("opening_connectives", ())),
        droppable_phrases=frozenset(tuple(p) for p in data.get("droppable_anywhere", ())),
        abbreviations={
            _joined(k): _joined(v)
            for k, v in data.get("abbreviations", {}).get("words", {}).items()
        }
        | {
            _joined(k): _joined(v)
            for k, v in data.get("abbreviations", {}).get("initialisms", {}).items()
        },
        initialisms=frozenset(
            _joined(k) for k in data.get("abbreviations", {}).get("initialisms", {})
        ),
        agreement=frozenset(frozenset(p) for p in data.get("agreement", ())),
        tense=tuple(frozenset(g) for g in data.get("tense", ())),
        transcript_notes=frozenset(data.get("transcript_notes", ())),
        time_groups={w: g[0] for g in data.get("time_word_groups", ()) for w in g},
    )


def _joined(text: str) -> str:
    """An abbreviation's comparison key: its words' keys run together ("U.S." -> "us")."""
    from verify.text.wording import prepare

    return "".join(t.key for t in prepare(text))


def _speaker_names(path: Any) -> set[str]:
    """Lower-case words of the people's names in the speaker registry (first names and
    surnames: "another known name")."""
    try:
        data = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError):
        return set()
    out: set[str] = set()
    for person in data.get("person", []):
        for name in [person.get("name", "")] + list(person.get("aliases", [])):
            for w in name.replace(".", " ").split():
                w = w.lower().strip(",")
                if len(w) > 2 and w.isalpha():
                    out.add(w)
    return out


# --------------------------------------------------------------------------- similarity


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (adjacent transpositions count one)."""
    if a == b:
        return 0
    prev2: list[int] | None = None
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def char_similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


# suffixes that make another word of a word ("dishonest" -> "dishonestly"), never a typo
_DERIVATIONS = frozenset(("ly", "ness", "ity", "al", "ally"))


def typo_of(a: str, b: str) -> bool:
    """Is ``a`` a misspelling of ``b`` (or the other way round): same first letter, close in
    spelling for their length ("Whalen"/"Whelan", "Brittny"/"Brittney", "aboard"/"abroad",
    "illigitiment"/"illegitimate")."""
    if not (a.isalpha() and b.isalpha()) or a[0] != b[0]:
        return False
    n = min(len(a), len(b))
    if n < 4:
        return False
    short, long = sorted((a, b), key=len)
    if long.startswith(short) and long[len(short) :] in _DERIVATIONS:
        return False  # "dishonest" / "dishonestly": another word class, not a slip
    allowed = 1 if n <= 5 else 2 if n <= 9 else 4
    return edit_distance(a, b) <= allowed and char_similarity(a, b) >= (0.65 if n <= 9 else 0.75)


_INFLECTIONS = ("ing", "ed", "es", "s", "d")


def _base(word: str) -> str:
    for suf in _INFLECTIONS:
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            base = word[: -len(suf)]
            if suf == "ing" and len(base) > 3 and base[-1] == base[-2]:
                base = base[:-1]  # running -> run
            return base.rstrip("e")
    return word.rstrip("e")


def inflection(a: str, b: str) -> bool:
    """Two forms of one word ("continue" / "continues", "recognised" / "recognise")."""
    if a == b or not a.isalpha() or not b.isalpha() or min(len(a), len(b)) < 4:
        return False
    return _base(a) == _base(b)


_NEG_PREFIX = ("un", "in", "im", "il", "ir", "dis", "non", "anti")


@lru_cache(maxsize=1)
def _antonyms() -> dict[str, frozenset[str]]:
    from verify.knowledge import DATA_DIR

    pairs: dict[str, set[str]] = {}
    for line in (DATA_DIR / "antonyms.txt").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        a, b = line.split()[:2]
        pairs.setdefault(a, set()).add(b)
        pairs.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in pairs.items()}


def opposite(a: str, b: str) -> bool:
    """Opposites: a listed pair, or one is the other with a negating prefix."""
    if b in _antonyms().get(a, ()):
        return True
    for x, y in ((a, b), (b, a)):
        for pre in _NEG_PREFIX:
            if x == pre + y and len(y) > 3:
                return True
    return False


# --------------------------------------------------------------------------- features


@dataclass
class Features:
    """What one difference is. ``q``/``s``: the quote's and the source's words (keys)."""

    tag: str
    q: list[str]
    s: list[str]
    q_content: list[str] = field(default_factory=list)
    s_content: list[str] = field(default_factory=list)
    negation: bool = False  # a negation on either side
    number: bool = False  # a number on either side
    meaning_word: bool = False  # a time, quantity or modal word, or a relation word
    opposite: bool = False
    q_name: bool = False  # the quote's word is a known name or written as one
    s_name: bool = False
    other_name: bool = False  # the source word is a name and the quote's another known name
    similarity: float = 0.0  # character similarity of the changed words (1:1 replace)
    distance: int = -1
    disfluency: str | None = None  # for a delete: stutter, partial word, false start, filler
    reason: str | None = None  # the harmless reason, None when meaning-bearing

    def row(self) -> dict[str, Any]:
        """Numeric features for a learned model or a table."""
        return {
            "insert": self.tag == "insert",
            "delete": self.tag == "delete",
            "replace": self.tag == "replace",
            "n_q": len(self.q),
            "n_s": len(self.s),
            "content_q": len(self.q_content),
            "content_s": len(self.s_content),
            "negation": self.negation,
            "number": self.number,
            "meaning_word": self.meaning_word,
            "opposite": self.opposite,
            "q_name": self.q_name,
            "s_name": self.s_name,
            "other_name": self.other_name,
            "similarity": round(self.similarity, 3),
            "distance": self.distance,
            "disfluency": bool(self.disfluency),
        }


def _bare(key: str) -> str:
    return key[:-2] if key.endswith("'s") else key


def _is_name(tok: Tok, text: str) -> bool:
    """Written as a name: capitalised other than at the start of a sentence or text."""
    raw = text[tok.start : tok.end]
    if not raw[:1].isupper() or raw.isupper() and len(raw) <= 1:
        return False
    before = text[max(0, tok.start - 3) : tok.start].strip(" \"'\u201c\u2018(")
    return bool(before) and before[-1] not in ".?!:\u2014-\n"


def _content(keys: list[str], cl: Classes) -> list[str]:
    return [
        k
        for k in keys
        if not cl.light(k) and k not in cl.prepositions and k not in cl.subject_pronouns
    ]


def features(aln: Alignment, op: Op) -> Features:
    cl = classes()
    qt = aln.qtoks[op.i1 : op.i2]
    dt = aln.doc.toks[op.j1 : op.j2]
    qk = [t.key for t in qt]
    sk = [t.key for t in dt]
    f = Features(op.tag, qk, sk, _content(qk, cl), _content(sk, cl))
    both = qk + sk
    f.negation = any(k in NEGATIONS for k in both) or any(
        t.surface.endswith("n't") for t in qt + dt
    )
    f.number = any(k.startswith("#") for k in both)
    f.meaning_word = any(k in cl.never_swapped for k in both)
    f.opposite = any(opposite(a, b) for a in qk for b in sk)
    f.q_name = any(k in cl.names or _is_name(t, aln.quote) for k, t in zip(qk, qt, strict=True))
    f.s_name = any(k in cl.names or _is_name(t, aln.doc.text) for k, t in zip(sk, dt, strict=True))
    if op.tag == "replace" and len(qk) == 1 and len(sk) == 1:
        a, b = qk[0], sk[0]
        f.similarity = char_similarity(a, b)
        f.distance = edit_distance(a, b)
        f.other_name = f.s_name and _bare(a) in cl.names and _bare(a) != _bare(b)
    elif op.tag == "replace":
        f.other_name = f.s_name and any(k in cl.names and k not in sk for k in qk)
    if op.tag == "delete":
        f.disfluency = disfluency(aln.doc.toks, op.j1, op.j2)
    return f


# --------------------------------------------------------------------------- disfluencies


def _broken_after(d: list[Tok], k: int) -> bool:
    """Is the speech broken off after token k (a dash or ellipsis before token k+1)?"""
    return k + 1 < len(d) and any(b in d[k + 1].gap for b in BREAKS)


def _restarts(d: list[Tok], seg: range, look: int = 3) -> bool:
    """Do the words after a broken-off segment take it up again: a word of it repeated, or
    completed (a partial word "infla-" / "inflation"), or corrected ("CPA" / "CPI")?"""
    after = [d[j].key for j in range(seg.stop, min(len(d), seg.stop + look))]
    conjunctions = classes().conjunctions
    # "the Afghan — the Taliban": the restart begins where the broken-off phrase began
    # ("and hospitals — and roads" goes on with a list: a coordination is not a restart)
    if (
        after
        and after[0] in [d[j].key for j in range(max(0, seg.start - 2), seg.start)]
        and after[0] not in conjunctions
    ):
        return True
    for j in seg:
        w = d[j].key
        for a in after:
            if a == w:
                # a word of it said again; not the conjunction that opened it ("schools and
                # hospitals — and roads": the list goes on)
                if j > seg.start or w not in conjunctions:
                    return True
                continue
            if len(w) >= 2 and a.startswith(w) and a.isalpha():
                return True
            if len(w) >= 3 and w.isalpha() and a.isalpha() and w[0] == a[0]:
                if edit_distance(w, a) <= 1 and abs(len(w) - len(a)) <= 1:
                    return True
    return False


def _marker_at(d: list[Tok], k: int, cl: Classes) -> int:
    """Length of a discourse marker starting at d[k] (0 if none): a phrase ("of course"),
    or a single marker word at the start of a clause or set off by punctuation."""
    keys = [t.key for t in d]
    for phrase in cl.marker_phrases:
        if tuple(keys[k : k + len(phrase)]) == phrase:
            end = k + len(phrase)
            set_off = d[k].gap or (end < len(d) and d[end].gap) or k == 0
            if set_off or phrase in (("of", "course"), ("by", "the", "way")):
                return len(phrase)
    if keys[k] in cl.markers:
        if d[k].filler or k == 0 or d[k].gap or (k + 1 < len(d) and d[k + 1].gap):
            return 1
        if keys[k - 1] in cl.conjunctions and keys[k - 1] != keys[k]:
            return 1  # opening a clause after its conjunction ("and — and so I got to")
    return 0


def _same_but_article(a: list[str], b: list[str], cl: Classes) -> bool:
    """The same words, but perhaps for one article for another ("that is not a" restarted
    as "that is not the": the speaker's correction of an article is no change of claim)."""
    return len(a) == len(b) and all(
        x == y or (x in cl.determiners and y in cl.determiners) for x, y in zip(a, b, strict=True)
    )


def _partial(d: list[Tok], j: int, look: int = 6) -> bool:
    """Is d[j] a word broken off and completed in the restart ("nor-" ... "norm"), not the
    word it spells ("nor")?"""
    w = d[j].key
    return _broken_after(d, j) and any(
        t.key != w and t.key.startswith(w) and t.key not in NEGATIONS
        for t in d[j + 1 : j + 1 + look]
    )


def stutter_at(d: list[Tok], j: int) -> bool:
    """Is d[j] the speaker's stutter, a repeat of the word before it broken off by a dash
    ("we — we're hoping")?"""
    return 0 < j < len(d) - 1 and d[j].key == d[j - 1].key and any(b in d[j].gap for b in BREAKS)


def disfluency(d: list[Tok], j1: int, j2: int) -> str | None:
    """Why dropping d[j1:j2] changes nothing (every word a discourse marker, a stutter, a
    partial word or a false start), or None. A dropped run next to the same words can be
    placed at either of them ("whether it's a — whether it's state owned" quoted "whether
    it's state owned": the alignment may drop "a — whether it's" where the speaker broke
    off "whether it's a —"): each placement is tried."""
    for a, b in _placements(d, j1, j2):
        why = _disfluency_at(d, a, b)
        if why is not None:
            return why
    return None


def _placements(d: list[Tok], j1: int, j2: int) -> list[tuple[int, int]]:
    """The runs of d that dropping leaves the same words as dropping d[j1:j2]: the run
    itself first, then shifted left and right over words it repeats."""
    out = [(j1, j2)]
    a, b = j1, j2
    while a > 0 and d[a - 1].key == d[b - 1].key:
        a, b = a - 1, b - 1
        out.append((a, b))
    a, b = j1, j2
    while b < len(d) and d[a].key == d[b].key:
        a, b = a + 1, b + 1
        out.append((a, b))
    return out


# words before a break that a dropped repair may say again ("it was never intended, when
# I wrote the legislation — I never intended to exclude")
REPAIR_WINDOW = 10
_SENTENCE_END = (".", "?", "!")


def _repair_repeats(d: list[Tok], j1: int, j2: int, cl: Classes) -> bool:
    """Is d[j1:j2], after a break, the speaker's repair of what the words before the break
    said: every word of it there (but perhaps one function word: "a show — at a show
    trial" quoted "a show trial"), no negation or number of its own?"""
    if not any(b in d[j1].gap for b in BREAKS) or not 0 < j2 - j1 <= 4:
        return False
    window: list[str] = []
    for k in range(j1 - 1, max(-1, j1 - 1 - REPAIR_WINDOW), -1):
        window.append(d[k].key)
        if any(e in d[k].gap for e in _SENTENCE_END):
            break
    seg = [t.key for t in d[j1:j2]]
    missing = [w for w in seg if w not in window]
    if len(missing) > 1 or len(missing) == len(seg):
        return False
    return all(_closed_class(w, cl) and not w.startswith("#") for w in missing)


def _disfluency_at(d: list[Tok], j1: int, j2: int) -> str | None:
    cl = classes()
    n = len(d)
    keys = [t.key for t in d]
    explained = [False] * (j2 - j1)
    kinds: set[str] = set()

    def mark(a: int, b: int, kind: str) -> None:
        for i in range(max(a, j1), min(b, j2)):
            explained[i - j1] = True
        kinds.add(kind)

    for k in range(j1, j2):
        m = _marker_at(d, k, cl)
        if m and k + m <= j2:
            mark(k, k + m, "dropped filler")
    for k in range(j1, j2):
        for size in range(1, 5):
            seg = keys[k : k + size]
            after = k + 2 * size <= n and keys[k + size : k + 2 * size] == seg
            before = k - size >= 0 and keys[k - size : k] == seg
            if not before and k - size >= 0:
                # a repeat across a filler ("as we — you know, as we go"): the words before
                # the filler that the speaker dropped
                prev = [i for i in range(k - 1, -1, -1) if not (j1 <= i < k and explained[i - j1])]
                before = len(prev) >= size and [keys[i] for i in reversed(prev[:size])] == seg
            if (after or before) and k + size <= j2:
                mark(k, k + size, "stutter")
    # broken-off segments: the dropped words up to a dash or an ellipsis
    k = j1
    while k < j2:
        end = next((e for e in range(k, j2) if _broken_after(d, e)), None)
        if end is None:
            break
        seg = range(k, end + 1)
        seg_keys = keys[k : end + 1]
        risky = any(
            (w in NEGATIONS and not _partial(d, k + i)) or w.startswith("#")
            for i, w in enumerate(seg_keys)
        )
        aside = any(b in d[k].gap for b in BREAKS) and len(seg) > 2  # "— who was there —"
        if not risky and not aside and len(seg) <= 4:
            if _restarts(d, seg):
                mark(k, end + 1, "false start")
            elif (
                d[k].gap
                or k == 0
                or (
                    keys[k - 1] in cl.conjunctions
                    and not (len(seg) == 1 and not _closed_class(seg_keys[0], cl))
                )
            ):
                # an abandoned clause, then a new one; not one item of a list broken off
                # by a dash ("schools and hospitals — and roads")
                mark(k, end + 1, "false start")
            elif keys[k] in cl.conjunctions and all(_closed_class(w, cl) for w in seg_keys[1:]):
                # "to all of you and also — just yesterday": a coordination begun and left
                mark(k, end + 1, "false start")
        k = end + 1
    # the restart of a false start: the words after the break repeat those before the drop
    for k in range(j1 + 1, j2 + 1):
        if k < n and any(b in d[k].gap for b in BREAKS) and all(explained[: k - j1]):
            size = j2 - k
            if (
                0 < size <= 4
                and j1 - size >= 0
                and _same_but_article(keys[j1 - size : j1], keys[k:j2], cl)
            ):
                mark(k, j2, "false start")
    if not any(explained) and _repair_repeats(d, j1, j2, cl):
        mark(j1, j2, "false start")
    if all(explained):
        return ", ".join(sorted(kinds))
    return None


# --------------------------------------------------------------------------- decision

_SWAPS = {frozenset(("would", "had")), frozenset(("is", "has"))}
# a word the transcript struck out, left out by the quote: no difference from the record
STRUCK_OUT = "struck out in the transcript"


def _same_word(a: Tok, b: Tok) -> bool:
    """One word in two forms: an inflection, a typo, or either of them in the possessive
    ("women's" / "a woman's")."""
    x, y = _bare(a.key), _bare(b.key)
    return a.key == b.key or any(
        inflection(p, q) or typo_of(p, q) for p, q in ((a.key, b.key), (x, y))
    )


def explain(aln: Alignment, op: Op) -> str | None:
    """Why this difference is harmless, or None when it bears meaning."""
    f = features(aln, op)
    f.reason = _decide(aln, op, f)
    if f.reason is None and op.tag == "replace":
        f.reason = _split_replace(aln, op)
    return f.reason


SPLIT_MAX_WORDS = 6  # the longest replacement tried as two harmless differences
# the reasons a dropped stretch beside another change may have: the speaker's disfluency
_DISFLUENCIES = frozenset(("stutter", "false start", "partial word", "dropped filler"))


def _split_replace(aln: Alignment, op: Op) -> str | None:
    """A replacement that is two harmless differences side by side: the quote's words added
    where the transcript's are dropped ("no degree, the worst of both worlds" for "no degree
    and — worst of both worlds": an added article and a dropped false start), or a dropped
    stutter before or after a harmless change ("There are" for "There's — there's"). Each
    part is judged by the same rules, or None."""

    if op.j2 - op.j1 > SPLIT_MAX_WORDS or op.i2 - op.i1 > SPLIT_MAX_WORDS:
        return None  # a restart or a stutter is a few words; a longer stretch is reworded

    def why(part: Op) -> str | None:
        return _decide(aln, part, features(aln, part))

    def kept_out(part: Op) -> str | None:
        f = features(aln, part)
        if f.negation or f.number:
            return None  # "others" for "other wounded — three other": a number dropped
        return _decide(aln, part, f)

    for at in (op.j1, op.j2):
        added = why(replace(op, tag="insert", j1=at, j2=at))
        if added is None or added == "conjunction for punctuation":
            # "America and American democracy" for "America — at American democracy": the
            # conjunction stands for the words dropped, not for punctuation
            continue
        dropped = kept_out(
            replace(
                op,
                tag="delete",
                i1=op.i2 if at == op.j1 else op.i1,
                i2=op.i2 if at == op.j1 else op.i1,
            )
        )
        if dropped is not None:
            return f"{added}, {dropped}"
    if not _may_restart(aln.doc.toks, op.j1, op.j2):
        return None
    for k in range(1, op.j2 - op.j1):
        for head, rest in (
            (replace(op, tag="delete", i2=op.i1, j2=op.j1 + k), replace(op, j1=op.j1 + k)),
            (replace(op, tag="delete", i1=op.i2, j1=op.j2 - k), replace(op, j2=op.j2 - k)),
        ):
            changed = why(rest)  # the cheaper test first
            if changed is None:
                continue
            dropped = kept_out(head)
            if dropped is not None and set(dropped.split(", ")) <= _DISFLUENCIES:
                return f"{dropped}, {changed}"
    return None


def _may_restart(d: list[Tok], j1: int, j2: int) -> bool:
    """A quick test before the costly one: can some of d[j1:j2] be a disfluency (a break
    inside or at its edges, a word said twice near it, a discourse marker)?"""
    cl = classes()
    lo, hi = max(0, j1 - 4), min(len(d), j2 + 4)
    if any(b in d[j].gap for j in range(j1, min(len(d), j2 + 1)) for b in BREAKS):
        return True
    keys = [t.key for t in d[lo:hi]]
    if len(set(keys)) < len(keys):
        return True
    phrase_words = {w for p in cl.marker_phrases for w in p}
    return any(t.key in cl.markers or t.key in phrase_words or t.filler for t in d[j1:j2])


def _decide(aln: Alignment, op: Op, f: Features) -> str | None:
    cl = classes()
    q = aln.qtoks[op.i1 : op.i2]
    d = aln.doc.toks[op.j1 : op.j2]
    if op.tag == "delete":
        if all(t.struck for t in d):
            return STRUCK_OUT  # "the Republic of ~~North~~ Korea"
        if _correction_of_struck(aln, op):
            return "transcript's correction"  # "rightly engaged" for "~~engaged~~ [enraged]"
        if f.disfluency:
            return f.disfluency
        if all(_cut_word(aln, j) for j in range(op.j1, op.j2)):
            return "partial word"  # "it is where visitors [fr-] — to the West Wing"
        if _transcript_note(aln, op, cl):
            return "transcriber's note"
        if _repetition(aln, op, cl):
            return "dropped repetition"
        if f.negation or f.number:
            return None
        if _auxiliary(aln, op):
            return "tense"  # "the Court literally taking" quoted as "the Court is literally taking"
        keys = f.s
        if tuple(keys) in cl.droppable_phrases:
            return "dropped filler"  # "we will, of course, continue" / "we will again continue"
        if len(keys) == 1 and keys[0] in cl.determiners - {"this", "these", "those"}:
            return "dropped article" if keys[0] != "that" else "dropped that"
        if len(keys) == 1 and keys[0] in _POSSESSIVE_DETERMINERS and _before_noun(aln, op):
            return "dropped possessive"  # "in the arms of [her] loved ones"
        if len(keys) <= 2 and all(k in cl.droppable for k in keys):
            if keys[0] in ("and", "or") and _fuses(aln, op):
                return None  # "tactical nuclear weapons" for "tactical and nuclear weapons"
            return "dropped conjunction" if keys[0] in ("and", "or") else "dropped that"
        prev = aln.doc.toks[op.j1 - 1].key if op.j1 > 0 else ""
        if len(keys) == 1 and keys[0] in cl.subject_pronouns and prev in cl.conjunctions:
            return "dropped repeated subject"
        if (
            len(keys) == 1
            and keys[0] in cl.subject_pronouns
            and any(b in d[0].gap for b in BREAKS)
            and prev
            and not _function(prev, cl)
        ):
            return "dropped repeated subject"  # "this disclaimer — it's a positive step"
        if (
            len(keys) == 1
            and keys[0] in cl.subject_pronouns
            and prev in _RELATIVES
            and d[0].expanded
        ):
            # "which is under their purview" for "which it's under their purview": the
            # contraction's verb kept, its pronoun repeating the relative's subject dropped
            # (not "which passed" for "which we passed": another subject)
            return "dropped resumptive pronoun"
        if len(keys) == 1 and prev in cl.conjunctions and _function(keys[0], cl):
            before = [t.key for t in aln.doc.toks[max(0, op.j1 - 9) : op.j1 - 1]]
            if keys[0] in before:
                return "dropped repeated word"  # "in urban warfare and [in] using"
        if _repeated_opener(aln, op, keys, cl):
            return "dropped repeated word"  # "that it is giving up ..., [that it is] building"
        if len(keys) == 1 and keys[0] in cl.honorifics:
            return "dropped title"
        prev_tok = aln.doc.toks[op.j1 - 1] if op.j1 > 0 else None
        if (
            len(keys) == 1
            and keys[0] in ("dollar", "dollars")
            and prev_tok is not None
            and prev_tok.key.startswith("#")
            and "$" in aln.quote
        ):
            return "currency sign"  # "$5 billion" for "5 billion dollars"
        return None
    if op.tag == "insert":
        if f.negation or f.number:
            return None
        if tuple(f.q) in cl.marker_phrases:
            return "added filler"  # "you know, I hope" for "I hope": the quote's own filler
        if _quote_repeats(aln, op):
            # "in order to provide for provide for" for "in order to perva- — provide for"
            return "added repetition"
        if _auxiliary(aln, op):
            return "tense"
        if len(f.q) == 1 and op.i1 > 0 and _closed_class(f.q[0], cl):
            prev_q = aln.qtoks[op.i1 - 1].key
            before = [t.key for t in aln.qtoks[max(0, op.i1 - 9) : op.i1 - 1]]
            if prev_q in cl.conjunctions and f.q[0] in before:
                return "added repeated word"  # "as I've said before, and [as] some of you"
        nxt = aln.doc.toks[op.j1] if op.j1 < len(aln.doc.toks) else None
        if _parenthetical(aln, op):
            if nxt is not None and _characterises(aln.quote, q, [nxt], f):
                return None  # "(strongman) Putin": the editor's word for the person
            return "parenthetical insertion"
        if len(f.q) == 1 and f.q[0] in cl.honorifics and nxt is not None and nxt.key in cl.names:
            return "added title"  # "Mr. Putin" for "Putin"
        if len(f.q) == 1 and f.q[0] in cl.addable:
            if f.q[0] in ("and", "or"):
                if nxt is not None and any(c in nxt.gap for c in ",;-.!?"):
                    # "..., and they did" / ". Those waters" quoted "– and those waters"
                    return "conjunction for punctuation"
                return None
            return "added function word"
        return None
    if op.tag != "replace":
        return None
    if op.j2 - op.j1 >= 2 and stutter_at(aln.doc.toks, op.j1):
        # "we were hoping" for "we — we're hoping": the repeated word is the stutter, and
        # the rest is judged as it stands
        rest = replace(op, j1=op.j1 + 1)
        why = _decide(aln, rest, features(aln, rest))
        return f"stutter, {why}" if why else None
    if op.j2 - op.j1 >= 2:
        note = next(
            (
                k
                for k in range(op.j1 + 1, op.j2)
                if _transcript_note(aln, replace(op, tag="delete", i1=op.i2, j1=k), cl)
            ),
            None,
        )
        if note is not None:
            # "conditions" for "contitions [sic]": the note is the transcriber's; the rest
            # is judged as it stands
            rest = replace(op, j2=note)
            why = _decide(aln, rest, features(aln, rest))
            return f"{why}, transcriber's note" if why else None
    if (
        len(q) == 1
        and len(d) == 1
        and _cut_word(aln, op.j1)
        and len(d[0].key) >= 2
        and q[0].key.startswith(d[0].key)
    ):
        return "partial word"  # "heavily trafficked" for "heavily traf- —"
    if (
        _parenthetical(aln, op)
        and not (f.negation or f.number)
        and not _characterises(aln.quote, q, d, f)
    ):
        # "working ... to (empower) election deniers" for "to give power to decide elections
        # in America to": the editor's words, marked as such, stand in for the speaker's
        return "editor's substitution"
    qk = "".join(f.q)
    dk = "".join(f.s)
    if qk == dk:
        return "hyphenation"
    if _unpossessive(qk) == _unpossessive(dk):
        return "hyphenation"  # "For Godsake" for "For God's sake"
    if _abbreviated(aln, q, d, cl):
        return "abbreviation"  # "U.S." / "United States", "Feb. 24" / "February 24th"
    if _contraction_across(q, d, cl):
        return "contraction"  # before the number test: "that one's" for "that one is"
    if f.number or f.opposite or f.other_name:
        return None
    if len(q) == 1 and len(d) == 1:
        a, b = q[0], d[0]
        pair = frozenset((a.key, b.key))
        if (a.expanded or b.expanded) and pair in _SWAPS:
            return "contraction"
        if f.negation:
            return None
        if inflection(a.key, b.key):
            return "inflection"
        if pair in cl.agreement:
            return "agreement"  # "there have been" / "there has been"
        if any(a.key in g and b.key in g for g in cl.tense):
            return "tense"  # "has nothing to do with" / "had nothing to do with"
        if a.key != b.key and _bare(a.key) == _bare(b.key):
            return "possessive"
        if op.i1 == 0 and a.key in cl.openers and b.key in cl.openers:
            return "opening connective"  # "So why" for "Then why"
        if any(a.key in g and b.key in g for g in cl.prep_groups):
            return "preposition"
        if a.key in cl.never_swapped or b.key in cl.never_swapped:
            return None
        if a.key in cl.determiners and b.key in cl.determiners:
            return "article"
        if typo_of(_bare(a.key), _bare(b.key)) and not (f.q_name and _bare(a.key) in cl.names):
            return "typo"  # "Whalen" / "Whelan", "women's" / "woman's"
        return None
    if f.negation:
        return None
    if _auxiliary(aln, op):
        return "tense"  # "has been something" / "is something"
    if _contraction_across(q, d, cl):
        return "contraction"
    if _aspect(q, d, cl):
        return "inflection"
    if _forms_word_by_word(q, d, cl):
        return "inflection"  # "This espionage charge is" for "This espionage charges are"
    return _light_reshuffle(q, d, cl)


def _quote_repeats(aln: Alignment, op: Op) -> bool:
    """Are the quote's added words said again right after (or before) in the quote: the
    reporter's copy of a stutter?"""
    n = op.i2 - op.i1
    keys = [t.key for t in aln.qtoks]
    seg = keys[op.i1 : op.i2]
    return 0 < n <= 4 and (
        keys[op.i2 : op.i2 + n] == seg or (op.i1 >= n and keys[op.i1 - n : op.i1] == seg)
    )


def _forms_word_by_word(q: list[Tok], d: list[Tok], cl: Classes) -> bool:
    """The same words in the same order, each the same or another form of it (an inflection,
    an auxiliary's agreement with its subject): "charge is" / "charges are"."""
    if len(q) != len(d) or len(q) > 3:
        return False
    for a, b in zip(q, d, strict=True):
        if a.key == b.key or inflection(a.key, b.key):
            continue
        if frozenset((a.key, b.key)) in cl.agreement:
            continue
        return False
    return True


_RELATIVES = frozenset(("which", "who"))
_POSSESSIVE_DETERMINERS = frozenset("my your his her its our their".split())


def _before_noun(aln: Alignment, op: Op) -> bool:
    """Is the dropped word followed, in the quote, by the words it stood before (no
    punctuation between: "her loved ones", not "told her, loved ones")?"""
    d = aln.doc.toks
    return op.j2 < len(d) and not d[op.j2].gap.strip() and not _function(d[op.j2].key, classes())


def _repeated_opener(aln: Alignment, op: Op, keys: list[str], cl: Classes) -> bool:
    """The dropped words open a clause parallel to one just before, which they opened too:
    function words only, after a comma, the same words a few words back ("that it is giving
    up on the G20, [that it is] building an alternative order")."""
    if not 2 <= len(keys) <= 4 or not all(_function(k, cl) or k in _BE for k in keys):
        return False
    d = aln.doc.toks
    if "," not in d[op.j1].gap:
        return False
    window = [t.key for t in d[max(0, op.j1 - 16) : op.j1]]
    n = len(keys)
    return any(window[i : i + n] == keys for i in range(len(window) - n + 1))


def _fuses(aln: Alignment, op: Op) -> bool:
    """Does dropping this "and"/"or" join its two sides into one phrase: nothing stands in
    its place in the quote (no comma, no dash) and the sides are not two names, so "tactical
    and nuclear weapons" becomes "tactical nuclear weapons" (one kind of weapon), while
    "Mexico and Guatemala" quoted as "Mexico Guatemala" still lists two countries."""
    if op.i1 == 0 or op.i1 >= len(aln.qtoks) or aln.qtoks[op.i1].gap.strip():
        return False
    d = aln.doc.toks
    if op.j1 == 0 or op.j2 >= len(d):
        return False
    before, after = d[op.j1 - 1], d[op.j2]
    cl = classes()
    if _function(before.key, cl) or _function(after.key, cl):
        return False  # "on the table and we continue": two clauses, nothing fused
    return not (_is_name(before, aln.doc.text) and _is_name(after, aln.doc.text))


def _same_number(a: str, b: str) -> bool:
    """ "#24" and "#24th": a date's day written as a number or an ordinal."""
    return a.startswith("#") and b.startswith("#") and a.removesuffix("th") == b.removesuffix("th")


def _abbreviated(aln: Alignment, q: list[Tok], d: list[Tok], cl: Classes) -> bool:
    """One side abbreviates the other (``abbreviations`` of knowledge/wording.toml), as a
    whole ("U.S." / "United States") or word for word ("Feb. 24" / "February 24th"). An
    initialism must be written as one (capitals or dots): the pronoun "us" is not the U.S."""

    def written_as_initialism(toks: list[Tok], text: str) -> bool:
        raw = text[toks[0].start : toks[-1].end]
        return "." in raw or raw.isupper()

    def pair(short: list[Tok], long: list[Tok], text: str) -> bool:
        sk, lk = "".join(t.key for t in short), "".join(t.key for t in long)
        if cl.abbreviations.get(sk) != lk:
            return False
        return sk not in cl.initialisms or written_as_initialism(short, text)

    qtext, dtext = aln.quote, aln.doc.text
    if pair(q, d, qtext) or pair(d, q, dtext):
        return True
    if len(q) != len(d) or len(q) > 3:
        return False
    changed = False
    for a, b in zip(q, d, strict=True):
        if a.key == b.key:
            continue
        if not (pair([a], [b], qtext) or pair([b], [a], dtext) or _same_number(a.key, b.key)):
            return False
        changed = True
    return changed


_BE = frozenset("am is are was were be been".split())
_HAVE = frozenset("have has had having".split())


def _auxiliary(aln: Alignment, op: Op) -> bool:
    """The difference is only the tense or aspect of "be": forms of it added, dropped or
    swapped ("is" supplied to a verbless phrase, "has been" for "is", "being" for "been").
    A form of "have" counts only as the perfect of "be" (before "been"): "have killed" for
    "were killed" turns the active into the passive."""
    sides = ((aln.qtoks, op.i1, op.i2), (aln.doc.toks, op.j1, op.j2))
    if op.i2 - op.i1 + op.j2 - op.j1 > 3:
        return False
    for toks, lo, hi in sides:
        for k in range(lo, hi):
            key = toks[k].key
            if key in _BE or key == "being":
                continue
            if key not in _HAVE:
                return False
            nxt = k + 1
            while nxt < len(toks) and toks[nxt].key == "not":
                nxt += 1
            if nxt >= len(toks) or toks[nxt].key != "been":
                return False
    if op.i2 > op.i1 and op.j2 > op.j1:
        return True  # a form of "be" for another
    # one added or dropped: only as an auxiliary, before a participle (past an adverb):
    # "is literally taking"; "what the detail is" is a clause of its own
    toks, k = (aln.qtoks, op.i2) if op.i2 > op.i1 else (aln.doc.toks, op.j2)
    while k < len(toks) and (toks[k].key.endswith("ly") or toks[k].key == "not"):
        k += 1
    if k >= len(toks):
        return False
    nxt = toks[k]
    if any(c in nxt.gap for c in ".,;:?!"):
        return False
    return nxt.key.endswith(("ing", "ed", "en")) and len(nxt.key) > 4


def _aspect(q: list[Tok], d: list[Tok], cl: Classes) -> bool:
    """ "say" for "are saying": the progressive and the simple form of one verb; "reflected
    in" for "reflecting": a participle and the other participle of the verb with its
    preposition."""
    for a, b in ((q, d), (d, q)):
        if len(a) != 1 or len(b) != 2 or not a[0].key.isalpha():
            continue
        if b[0].key in _BE and b[1].key.endswith("ing"):
            if _base(a[0].key) == _base(b[1].key):
                return True
        if (
            b[1].key in cl.prepositions
            and a[0].key != b[0].key
            and a[0].key.endswith(("ing", "ed"))
            and b[0].key.endswith(("ing", "ed"))
            and _base(a[0].key) == _base(b[0].key)
        ):
            return True
    return False


def _unpossessive(joined: str) -> str:
    """Words joined without their possessive "'s" and apostrophes ("god'ssake" -> "godsake")."""
    return joined.replace("'s", "").replace("\u2019s", "").replace("'", "").replace("\u2019", "")


def _closed_class(key: str, cl: Classes) -> bool:
    """A function word or a stopword ("also", "as", "at"), never a negation."""
    return (_function(key, cl) or key in STOPWORDS) and key not in NEGATIONS


def _function(key: str, cl: Classes) -> bool:
    return cl.light(key) or key in cl.prepositions or key in cl.subject_pronouns or key in ("to",)


def _parenthetical(aln: Alignment, op: Op) -> bool:
    """Words the quote adds in parentheses ("President (Vladimir) Putin"), or puts there in
    place of the speaker's ("to (empower) election deniers"): an editor's note. (Square
    brackets never reach here: the quote is split at them, as at an omission.)"""
    if op.i2 - op.i1 > 5:
        return False
    first = aln.qtoks[op.i1]
    nxt = aln.qtoks[op.i2] if op.i2 < len(aln.qtoks) else None
    opens = first.gap.endswith("(") or first.gap.endswith("[")
    # the note may end with its own stop before the parenthesis: "(budget -ed.)"
    if nxt is not None:
        closes = nxt.gap.lstrip(" .").startswith((")", "]"))
    else:
        closes = aln.quote[aln.qtoks[op.i2 - 1].end :].lstrip(" .").startswith((")", "]"))
    return opens and closes


def _characterises(quote: str, q: list[Tok], d: list[Tok], f: Features) -> bool:
    """Does the editor's note put a word of its own where the speaker named someone ("the
    brutality of (strongman Vladimir) Putin" for "of Mr. Putin")? In place of a title or a
    name, a note may only name."""
    cl = classes()
    if not d or not all(t.key in cl.honorifics or _bare(t.key) in cl.names for t in d):
        return False
    # a title or a name is written capitalised ("Secretary (of Defense, Lloyd) Austin")
    return any(
        t.key in f.q_content and t.key not in cl.names and not quote[t.start : t.end][:1].isupper()
        for t in q
    )


def _correction_of_struck(aln: Alignment, op: Op) -> bool:
    """The dropped words are the transcript's bracketed correction of the struck-out words
    just before them, which the quote keeps ("rightly engaged" for "rightly ~~engaged~~
    [enraged]": the words as the speaker may have said them)."""
    d = aln.doc.toks
    if op.j1 == 0 or not d[op.j1 - 1].struck or not d[op.j1].gap.rstrip().endswith("["):
        return False
    after = _gap_after(aln, op)
    return after.lstrip().startswith("]") and op.j2 - op.j1 <= 4


def _gap_after(aln: Alignment, op: Op) -> str:
    """The transcript's punctuation right after the difference's words (to the text's end
    after its last token)."""
    d = aln.doc.toks
    return d[op.j2].gap if op.j2 < len(d) else aln.doc.text[d[op.j2 - 1].end :]


def _transcript_note(aln: Alignment, op: Op, cl: Classes) -> bool:
    """The dropped words are a transcriber's note in parentheses or brackets of the
    transcript ("(inaudible)", "(Laughter.)"), not the speaker's."""
    d = aln.doc.toks
    if not 0 < op.j2 - op.j1 <= 3 or not all(
        t.key in cl.transcript_notes for t in d[op.j1 : op.j2]
    ):
        return False
    # Markdown escapes its brackets ("contitions \\[sic\\]")
    opens = d[op.j1].gap.replace("\\", "").rstrip().endswith(("(", "["))
    after = _gap_after(aln, op)
    return opens and after.replace("\\", "").lstrip().startswith((")", "]", ".)", ".]"))


def _cut_word(aln: Alignment, j: int) -> bool:
    """Is the transcript's token j a word broken off mid-word: a hyphen right after it and
    no word joined on ("traf- — heavily traveled", "visitors fr- — to"), not a compound
    ("well-known")?"""
    d = aln.doc.toks
    if not 0 <= j < len(d) or d[j].key in NEGATIONS or not d[j].key.isalpha():
        return False
    text = aln.doc.text
    e = d[j].end
    return text[e : e + 1] == "-" and not text[e + 1 : e + 2].isalnum()


def _repetition(aln: Alignment, op: Op, cl: Classes) -> bool:
    """The dropped words say again what the next words of the transcript say ("Silence is
    complicity. It's complicity." quoted once): every content word of the dropped stretch
    is among the words right after it, and the rest are pronouns or forms of "be"."""
    d = aln.doc.toks
    n = op.j2 - op.j1
    if not 0 < n <= 4:
        return False
    keys = [t.key for t in d[op.j1 : op.j2]]
    content = _content(keys, cl)
    if not content or any(k in NEGATIONS or k in MEANING or k[:1].isdigit() for k in keys):
        return False
    light = cl.subject_pronouns | _BE | {"it's"}
    if any(k not in content and k not in light for k in keys):
        return False
    after = {t.key for t in d[op.j2 : op.j2 + n + 2]}
    return all(k in after for k in content)


def _contraction_across(q: list[Tok], d: list[Tok], cl: Classes) -> bool:
    """ "the president's going" for "the President is going" (or the other way round)."""
    for a, b in ((q, d), (d, q)):
        if len(a) == 1 and len(b) == 2 and a[0].key.endswith("'s"):
            # "that one's done" for "that one is done": "one" has a number's key
            if a[0].key[:-2] in (b[0].key, b[0].surface) and b[1].key in cl.contracted_s:
                return True
    return False


def _light_reshuffle(q: list[Tok], d: list[Tok], cl: Classes) -> str | None:
    """A longer replacement whose content words are the source's (the same word, another
    form of it, or a typo of it, in order) and whose other words are articles, "that", or
    conjunctions: "a long term" for "the long-term", "who is a global economist" ..."""
    qc = [t for t in q if not cl.light(t.key)]
    dc = [t for t in d if not cl.light(t.key)]
    if len(qc) != len(dc) or not qc:
        return None
    for a, b in zip(qc, dc, strict=True):
        if a.key == b.key:
            continue
        if a.key in cl.never_swapped or b.key in cl.never_swapped:
            return None
        if not _same_word(a, b):
            if not any(a.key in g and b.key in g for g in cl.prep_groups):
                return None
    return "reworded function words"


# --------------------------------------------------------------------------- the opening

_SENTENCE_END = frozenset(".?!:;")


def dropped_opening(aln: Alignment) -> str | None:
    """The quote opens a sentence where the transcript's runs on from words the reporter
    dropped: right before the quote's first word the transcript has a connective or a
    discourse marker ("And with your vote" quoted as "With your vote"; "..., but we can
    address" as "We can address"; "Well, Zeke, we have not waited"), or a false start
    broken off by a dash ("What we - the information we have"). The quote capitalises its
    first word as a sentence's. A clean-up, not the transcript's words as they run: minor.
    None when the quote starts where a sentence of the transcript starts, or mid-sentence
    in lower case (a fragment quoted as it runs), and for a fragment of four words or
    fewer, whose words are always a piece of a sentence."""
    if aln.n_quote <= 4:
        return None
    cl = classes()
    first = next((p for p in sorted(aln.pieces, key=lambda p: p.i1) if p.ops), None)
    if first is None or first.i1 != 0 or first.ops[0].tag != "equal":
        return None
    j = first.ops[0].j1
    d = aln.doc.toks
    q0 = aln.qtoks[0]
    if not aln.quote[q0.start : q0.end][:1].isupper() or j == 0:
        return None
    gap = d[j].gap
    from verify.check.align import WINDOW_BREAK

    if any(c in gap for c in _SENTENCE_END) or d[j - 1].key == WINDOW_BREAK:
        return None  # the transcript's sentence starts here too
    if any(b in gap for b in BREAKS):
        if aln.doc.text[d[j].start : d[j].end][:1].isupper():
            return None  # "I'm not - I'm just not": the restart as said, nothing changed
        return "dropped false start"
    k = j - 1
    raw = aln.doc.text[d[k].start : d[k].end]
    if "," in gap and raw[:1].isupper() and d[k].key not in cl.markers and k > 0:
        k -= 1  # a vocative set off by commas: "Well, Zeke, we have"
        raw = aln.doc.text[d[k].start : d[k].end]
    key = d[k].key
    if key in cl.conjunctions or key in cl.markers or key in cl.openers:
        return f"dropped opening '{raw}'"
    return None


# --------------------------------------------------------------------------- word order


# words whose place is part of the meaning ("only he said" / "he said only")
_FIXED = NEGATIONS | frozenset("only even just also too almost nearly still yet".split())


def word_order(aln: Alignment, ops: list[Op]) -> None:
    """Mark pairs of an added and a dropped word that are one word moved a short way inside
    a phrase ("any further NATO movement" / "any further movement of NATO")."""
    cl = classes()
    open_ops = [
        o for o in ops if o.tag in ("insert", "delete") and not o.harmless and o.i2 - o.i1 <= 1
    ]
    for a in open_ops:
        if a.tag != "insert" or a.harmless:
            continue
        moved = [t.key for t in aln.qtoks[a.i1 : a.i2]]
        if len(moved) != 1 or moved[0] in _FIXED or moved[0].startswith("#"):
            continue
        for b in open_ops:
            if b.tag != "delete" or b.harmless:
                continue
            dropped = [t.key for t in aln.doc.toks[b.j1 : b.j2]]
            rest = Counter(dropped)
            rest.subtract(moved)
            if rest[moved[0]] < 0 or any(v < 0 for v in rest.values()):
                continue
            leftover = [k for k, v in rest.items() for _ in range(v)]
            if any(k not in ("of",) and not cl.light(k) for k in leftover):
                continue
            # a short way: at most two source words between where it was and where it is
            crossed = b.j1 - a.j1 if a.j1 <= b.j1 else a.j1 - b.j2
            if crossed > 2:
                continue
            span = aln.doc.toks[min(a.j1, b.j1) : max(a.j1, b.j2)]
            if any(t.gap and t.gap not in ("'",) for t in span[1:]):
                continue  # not across punctuation
            if any(t.key in cl.names for t in span if t.key != moved[0]) and moved[0] in cl.names:
                continue  # one name moved past another: who did what to whom
            a.harmless = b.harmless = "word order"
            break
