"""Speaker-turn segmentation of transcripts.

``segment(text)`` cuts a document's text into turns that partition it in order: each turn runs
from its speaker label (or from the start of narrative text) to the next turn. Two label styles
are recognised, detected from the text (the publisher is a hint that decides when given):

- **upper** (White House): labels in capitals at the start of a paragraph, ``MS. JEAN-PIERRE:``,
  ``THE PRESIDENT:``, ``SECRETARY BLINKEN:``, and the reporter mark ``Q`` (no colon). Strong
  labels (honorific, title + surname, registry label) are also found inside a paragraph, after
  a sentence end, where the source lost a paragraph break.
- **title** (Kremlin): inline ``Name Surname:`` after a sentence end (or at a paragraph start),
  often with a long title: ``Deputy Prime Minister - Minister of Industry and Trade Denis
  Manturov:``. A colon is a label only when everything from the previous sentence end to the
  colon is capitalised words, title connectors (of, the, and, for, ...) and dashes, so ordinary
  colons (``the agenda includes: ...``, ``of course: how ...``, ``10:30``) are left alone; and
  the label must name a person (a full name, or a registry person) or be a generic label
  (``Question``, ``Remark``), so headings (``Members of the Presidential Delegation:``) are
  not turns. A heading without a full stop that runs into a label ("... Russian-Belarusian talks
  President of Russia Vladimir Putin:") is cut off when the label names a registry person.

Text with no label is one narrative turn (speaker None); narrative text before the first label
is a narrative turn too, and so is a White House ``END 11:36 A.M. EDT`` line. Speakers are
resolved with :class:`verify.knowledge.speakers.SpeakerRegistry`; generic labels (``Q``,
``MODERATOR``, ``SENIOR ADMINISTRATION OFFICIAL``) keep their label and have speaker None. In
the upper style an unknown ``MR. FENTON`` takes the full name the document writes ("Bob Fenton")
when it writes one; in the title style one person keeps one name within a document (a name cut
short by a long title, or a one-letter slip, takes the form used elsewhere in the document).

``is_question`` marks reporters' turns: ``Q`` and ``Question`` labels, registry journalists, and,
in the title style, people who are not officials in the registry, carry no title in any of their
labels in the document, and ask a question ("?") in at least one turn: the journalists of a
Kremlin news conference, the citizens of a Direct Line. Once a person is a questioner, all of
their turns in the document are marked (a reporter's "Thank you" follow-up is still the
reporter's).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from verify.knowledge.speakers import SpeakerRegistry, key
from verify.models import Turn

# ------------------------------------------------------------------ upper style (White House)

_LINE_LABEL = re.compile(
    r"^[ \t]*(?:"
    r"(?P<q>Q)(?:[ \t]*[:.])?(?:[ \t]+(?=\S)|(?=[\u2014\u2013(\"\u201c]))"
    r"|(?P<label>[^\W\d_][^\n:]{0,70}?)[ \t]*:(?P<sp>[ \t]+(?=\S)|[ \t]*(?=\n)|[ \t]*$)"
    r"|(?P<end>END)\b(?=[ \t\d:APM.ESTDC]*$)"
    r")",
    re.M,
)
_INLINE_UPPER = re.compile(
    r"[.?!\u2026\"\u201d\u2019)\]] (?:"
    r"(?P<q>Q)[ \t]+(?=[A-Z\u201c\"(\u2014\u2013])"
    r"|(?P<label>(?:[A-Z][A-Z'\u2019\-]*\.?[ ]){0,4}[A-Z][A-Z'\u2019\-]+):[ \t]+(?=\S)"
    r")"
)
_UPPER_OK = re.compile(r"^[^\W\d_][^\W\d_ .'\u2019\-&]*(?:[ .'\u2019\-&]+[^\W\d_]+)*\.?$")
_HONORIFIC_START = re.compile(r"^(?:MR|MS|MRS|DR|MISS|Mr|Ms|Mrs|Dr)\.?\s")

# ------------------------------------------------------------------ title style (Kremlin)

_COLON = re.compile(r"(?:(?<=[^\W\d_])|(?<=[)'\u2019]))[ \t]*:(?=\s|$)")
_TOKEN = re.compile(r"\S+")
_CLOSERS = "\"'\u201d\u2019\u00bb)]"
_OPENERS = "\"'\u201c\u2018\u00ab("
_DASHES = {"-", "\u2013", "\u2014", "\u2012", "\u2011", "\u2010"}
_CONNECTORS = set(
    "of the and for on in at to under with & de da del della di du des van von der den "
    "bin ibn al el la le y moderator acting interim former".split()
)
_ABBREV = {"mr", "ms", "mrs", "dr", "st", "prof", "messrs", "gen", "lt", "col"}
# A label does not begin with these: they start sentences, not names or titles.
_STOP_FIRST = set(
    "a an the this that these those our my your his her their its we i it he she they you "
    "there here what why how when where who which and but or so if as in on at for to "
    "from with by of today yesterday now then also please thank thanks yes no well dear "
    "ladies gentlemen colleagues friends firstly secondly thirdly finally further "
    "furthermore moreover example note quote result conclusion agenda topic subject let "
    "look see just only all every each some any one two three many most both such is are "
    "was were be do does did can could will would".split()
)
_PAREN_TOKEN_TAIL = re.compile(r"\([^()]*\)$")

# Words that precede a surname in running text but are not first names.
_NOT_FIRST_NAME = _STOP_FIRST | set(
    "mister madam said says told asked okay ok oh after before since until while even "
    "again like because although hello hi good great welcome over join joined ask turn "
    "hand bring january february march april may june july august september october "
    "november december monday tuesday wednesday thursday friday saturday sunday america "
    "american americans u s united states".split()
)


@dataclass
class _Cand:
    start: int
    body_start: int
    label: str | None  # None: narrative text (e.g. "END 11:36 A.M. EDT")


# ------------------------------------------------------------------ public


def segment(
    text: str,
    *,
    publisher: str | None = None,
    date: str | None = None,
    registry: SpeakerRegistry | None = None,
) -> list[Turn]:
    """Cut ``text`` into speaker turns that cover it contiguously, in order."""
    if not text:
        return []
    reg = registry or SpeakerRegistry.default()
    style = detect_style(text, publisher, reg)
    if style == "upper":
        cands = _upper_candidates(text, reg)
    else:
        cands = _title_candidates(text, reg)
    return _build(text, cands, reg, style, date, publisher)


def detect_style(
    text: str, publisher: str | None = None, registry: SpeakerRegistry | None = None
) -> str:
    """ "upper" (White House capitals at paragraph start) or "title" (Kremlin inline labels)."""
    if publisher:
        from verify.knowledge.publishers import turn_style

        style = turn_style(publisher)
        if style:
            return style
    reg = registry or SpeakerRegistry.default()
    for m in _LINE_LABEL.finditer(text):
        if m.group("q"):
            return "upper"
        if m.group("label") and _upper_label_ok(
            m.group("label"),
            bool(m.group("sp").strip(" \t")) or _line_has_body(text, m),
            reg,
            strong_only=True,
        ):
            return "upper"
    return "title"


# ------------------------------------------------------------------ upper style


def _line_has_body(text: str, m: re.Match) -> bool:
    nl = text.find("\n", m.end())
    rest = text[m.end() : nl if nl >= 0 else len(text)]
    return bool(rest.strip())


def _strong_upper(label: str, reg: SpeakerRegistry) -> bool:
    if _HONORIFIC_START.match(label):
        return True
    info = reg.label_info(label)
    if info.generic or info.known:
        return True
    first = label.split()[0].strip(".")
    return key(first) in reg.title_words and key(first) not in {"the", "of", "and", "a"}


def _upper_label_ok(
    label: str, has_body: bool, reg: SpeakerRegistry, strong_only: bool = False
) -> bool:
    label = label.strip()
    if not label or len(label) > 60 or not _UPPER_OK.match(label):
        return False
    letters = [c for c in label if c.isalpha()]
    if len(letters) < 2:
        return False
    m = _HONORIFIC_START.match(label)
    tail = label[m.end() :] if m else label
    tail_letters = [c for c in tail if c.isalpha()]
    if not tail_letters or sum(c.isupper() for c in tail_letters) < 0.9 * len(tail_letters):
        return False
    words = label.split()
    if len(words) > 7:
        return False
    if key(words[0].strip(".")) in reg.heading_words:
        return False
    strong = _strong_upper(label, reg)
    if strong_only or not has_body:
        return strong
    return True


def _upper_candidates(text: str, reg: SpeakerRegistry) -> list[_Cand]:
    out: list[_Cand] = []
    for m in _LINE_LABEL.finditer(text):
        if m.group("q"):
            out.append(_Cand(m.start("q"), m.end(), "Q"))
        elif m.group("end"):
            if _line_is_end_marker(text, m):
                out.append(_Cand(m.start("end"), m.start("end"), None))
        else:
            label = m.group("label")
            has_body = bool(m.group("sp").strip(" \t")) or _line_has_body(text, m)
            if not _upper_label_ok(label, has_body, reg):
                continue
            body = m.end()
            while body < len(text) and text[body].isspace():
                body += 1
            out.append(_Cand(m.start("label"), body, label.strip()))
    for m in _INLINE_UPPER.finditer(text):
        if m.group("q"):
            out.append(_Cand(m.start("q"), m.end(), "Q"))
            continue
        label = m.group("label")
        if _upper_label_ok(label, True, reg, strong_only=True):
            out.append(_Cand(m.start("label"), m.end(), label))
    return out


def _line_is_end_marker(text: str, m: re.Match) -> bool:
    nl = text.find("\n", m.start("end"))
    line = text[m.start("end") : nl if nl >= 0 else len(text)].strip()
    return bool(re.fullmatch(r"END(?:\s+\d{1,2}:\d{2}\s*[AP]\.?M\.?(?:\s+[A-Z]{2,4})?)?", line))


# ------------------------------------------------------------------ title style


def _is_boundary(tok: str) -> bool:
    """A token that ends a sentence (so a label may start right after it)."""
    if tok.endswith((">", "*")):  # the Kremlin's omission mark <...>, "* * *" separators
        return True
    core = tok.rstrip(_CLOSERS)
    if not core:
        return True
    if core[-1] in "?!\u2026":
        return True
    if core[-1] == ".":
        word = core[:-1].lstrip(_OPENERS)
        if word.lower() in _ABBREV or (len(word) == 1 and word.isupper()):
            return False
        return True
    return core != tok and tok[-1] in ")]"  # "(Applause)"


def _labelish(tok: str) -> bool:
    if tok in _DASHES:
        return True
    t = (
        _PAREN_TOKEN_TAIL.sub("", tok)
        .strip('"\u201c\u201d\u00ab\u00bb,')
        .rstrip("\u2013\u2014\u2012-")
    )
    if not t:
        return tok.startswith("(") and tok.endswith(")")
    if any(c.isdigit() for c in t):
        return False
    if t[0].isupper():
        return True
    return t.lower() in _CONNECTORS


def _title_label_start(text: str, colon: int) -> tuple[int, bool] | None:
    """Where the label ending at ``colon`` starts, and whether it is "partial" (no sentence
    end before it: a lower-case word precedes it); None if the colon is not a label's."""
    lo = max(0, colon - 400)
    toks = [(m.start(), m.end()) for m in _TOKEN.finditer(text, lo, colon)]
    if not toks:
        return None
    if lo > 0 and toks[0][0] == lo and not text[lo - 1].isspace():
        toks = toks[1:]  # a cut token
    n = len(toks)
    i = n - 1
    while i >= 0:
        s, e = toks[i]
        if i < n - 1 and "\n" in text[e : toks[i + 1][0]]:
            return toks[i + 1][0], False
        tok = text[s:e]
        if i < n - 1 and _is_boundary(tok):
            return toks[i + 1][0], False
        if not _labelish(tok):
            # a heading or a sentence without a full stop runs into the label
            j = i + 1
            while j < n and not text[toks[j][0] : toks[j][1]][0].isupper():
                j += 1
            return (toks[j][0], True) if j < n else None
        i -= 1
    if lo == 0 or "\n" in text[max(0, toks[0][0] - 2) : toks[0][0]]:
        return toks[0][0], False
    return None


def _trim_partial(
    text: str, start: int, colon: int, speaker: str | None, reg: SpeakerRegistry
) -> int:
    """A label that runs on from a heading without a full stop ("Meeting with President of
    Turkmenistan Serdar Berdimuhamedov President of Russia Vladimir Putin:") starts at its
    speaker's name, with the title words right before it."""
    toks = [(m.start(), m.group()) for m in _TOKEN.finditer(text, start, colon)]
    j = len(toks) - 1
    while j > 0 and reg.find_name(text[toks[j][0] : colon]) != speaker:
        j -= 1
    while j > 0 and (toks[j - 1][1] in _DASHES or key(toks[j - 1][1]) in reg.title_words):
        j -= 1
    while j < len(toks) - 1 and not toks[j][1][0].isupper():
        j += 1
    return toks[j][0]


def _title_label_ok(label: str, reg: SpeakerRegistry) -> bool:
    words = label.split()
    if not words or len(words) > 45:
        return False
    first = words[0].lstrip(_OPENERS)
    if not first or not first[0].isupper() or words[0] in _DASHES:
        return False
    if key(first) in _STOP_FIRST:
        return False
    last = _PAREN_TOKEN_TAIL.sub("", words[-1]).strip('"\u201d\u00bb,')
    if (not last or last.startswith("(")) and len(words) > 1:
        last = words[-2]  # "President of Iran Ebrahim Raisi (retranslated)"
    if not last or not last[0].isupper() or words[-1] in _DASHES:
        return False
    core_words = [w for w in words if not (w.startswith("(") and w.endswith(")"))]
    if len(core_words) == 1:
        return reg.is_generic(label)
    return True


def _title_candidates(text: str, reg: SpeakerRegistry) -> list[_Cand]:
    out: list[_Cand] = []
    n = len(text)
    for m in _COLON.finditer(text):
        colon = m.start()
        found = _title_label_start(text, colon)
        if found is None:
            continue
        start, partial = found
        label = text[start:colon].strip()
        if not _title_label_ok(label, reg):
            continue
        if partial:
            # no sentence end before it: only a known person or a title + full name will do
            # known person, or a full name right after a role word ("... Plenary session
            # moderator Margarita Simonyan:", "Kommersant newspaper correspondent Andrei ...")
            info = reg.label_info(label)
            before = text[max(0, start - 40) : start].split()
            prev = key(before[-1]) if before else ""
            role_before = prev in reg.title_words and prev not in _CONNECTORS
            if not (info.known or (role_before and info.speaker and " " in info.speaker)):
                continue
            if info.known:
                start = _trim_partial(text, start, colon, info.speaker, reg)
                label = text[start:colon].strip()
        body = m.end()
        while body < n and text[body].isspace():
            body += 1
        if body < n and text[body].isalpha() and text[body].islower():
            continue
        # a label names a person (a full name, a registry person) or is a generic label
        # ("Question"); "Members of the Presidential Delegation:" heads a list, not a turn
        info = reg.label_info(label)
        if not (info.known or reg.is_generic(label) or (info.speaker and " " in info.speaker)):
            continue
        out.append(_Cand(start, body, label))
    return out


# ------------------------------------------------------------------ building turns


def _build(
    text: str,
    cands: list[_Cand],
    reg: SpeakerRegistry,
    style: str,
    date: str | None,
    publisher: str | None,
) -> list[Turn]:
    cands.sort(key=lambda c: c.start)
    kept: list[_Cand] = []
    for c in cands:
        if kept and c.start < kept[-1].body_start:
            continue
        if kept and c.start == kept[-1].start:
            continue
        kept.append(c)
    if not kept:
        return [Turn(0, 0, len(text))]
    turns: list[Turn] = []
    if text[: kept[0].start].strip():
        turns.append(Turn(0, 0, kept[0].start))
    else:
        kept[0].start = 0
    infos = [
        reg.label_info(c.label, date=date, publisher=publisher) if c.label else None for c in kept
    ]
    for i, c in enumerate(kept):
        end = kept[i + 1].start if i + 1 < len(kept) else len(text)
        info = infos[i]
        if info is None:
            turns.append(Turn(c.start, c.start, end))
            continue
        turns.append(Turn(c.start, c.body_start, end, c.label, info.speaker, info.is_question))
    labelled = [(t, infos[i]) for i, t in enumerate(turns[-len(kept) :]) if infos[i]]
    if style == "upper":
        _complete_surnames(text, labelled, reg)
    else:
        _harmonise_names(labelled)
        _mark_questioners(text, labelled)
    return turns


def _harmonise_names(labelled: list) -> None:
    """Title style: one person, one name within a document. A shortened name ("Xuan Phuc"
    from a long title) takes the full form the document uses elsewhere ("Nguyen Xuan Phuc");
    a one-letter slip ("Ruslam Baysarov") takes the form used more often ("Ruslan Baysarov")."""
    counts: Counter[str] = Counter(
        t.speaker for t, info in labelled if t.speaker and not info.known and not info.generic
    )
    if len(counts) < 2:
        return
    names = list(counts)
    fix: dict[str, str] = {}
    for name in names:
        for other in names:
            if other == name:
                continue
            if other.endswith(" " + name) and len(other.split()) <= 4:
                fix[name] = other
                break
            if len(name) >= 8 and counts[other] > counts[name] and _one_edit(key(name), key(other)):
                fix[name] = other
                break
    if fix:
        for t, _ in labelled:
            if t.speaker in fix:
                t.speaker = fix[t.speaker]


def _one_edit(a: str, b: str) -> bool:
    from rapidfuzz.distance import OSA

    return OSA.distance(a, b, score_cutoff=1) <= 1


def _mark_questioners(text: str, labelled: list) -> None:
    """Title style: a person who is no official in the registry, has no title in any of their
    labels here, and asks a question ("?") is a questioner in all of their turns."""
    by_speaker: dict[str, list] = {}
    for turn, info in labelled:
        if info.generic or not turn.speaker:
            continue
        by_speaker.setdefault(key(turn.speaker), []).append((turn, info))
    for items in by_speaker.values():
        info0 = items[0][1]
        if info0.known and info0.role != "journalist":
            continue
        if any(info.titled for _, info in items):
            continue
        if any("?" in text[t.body_start : t.end] for t, _ in items):
            for t, _ in items:
                t.is_question = True


def _complete_surnames(text: str, labelled: list, reg: SpeakerRegistry) -> None:
    """Upper style: the document's own words complete or correct a surname-only label.

    An unknown "MR. FENTON" becomes "Bob Fenton" when the text writes that full name (an
    introduction, a title line); a registry guess from the surname alone ("MS. JOHNSON" ->
    a registry Johnson) gives way when the text names only another person of that surname."""
    found: dict[tuple, str] = {}
    for turn, info in labelled:
        if not turn.speaker or not (info.surname_only or info.by_surname):
            continue
        label_key = (turn.speaker, info.by_surname)
        if label_key not in found:
            found[label_key] = _from_document(text, turn, info, reg)
        turn.speaker = found[label_key]


_FIRST_BEFORE = re.compile(r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+(?:[A-Z]\.\s+)?$")


def _from_document(text: str, turn: Turn, info, reg: SpeakerRegistry) -> str:
    if info.surname_only:
        surname = turn.speaker
    else:  # the surname as the label writes it
        words = [w.strip(".,") for w in (turn.label or "").split()]
        surname = " ".join(w.title() for w in words[-1:]) if words else ""
        if not surname or key(surname) != key(turn.speaker).split()[-1]:
            return turn.speaker
    names = _full_names(text, surname, reg)
    if not names:
        return turn.speaker
    if info.by_surname:
        person = reg.person(turn.speaker)
        if any(reg.person(n) is person for n in names):
            return turn.speaker
        if len(text) > 200_000:
            return turn.speaker
    return names[0]


def _full_names(text: str, surname: str, reg: SpeakerRegistry) -> list[str]:
    """ "First Surname" forms the text writes, most frequent first."""
    counts: Counter[str] = Counter()
    for m in re.finditer(r"\b" + re.escape(surname) + r"\b", text):
        before = _FIRST_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if not before:
            continue
        first = before.group(1)
        if not first[0].isupper() or not first[1:].islower():
            continue
        k = key(first)
        if k in _NOT_FIRST_NAME or k in reg.title_words or k in reg.honorifics:
            continue
        counts[first] += 1
    # a word the text also writes in lower case ("Joining Kirby") is not a first name
    return [
        f"{first} {surname}"
        for first, _ in counts.most_common()
        if not _written_lower(text, first.lower())
    ]


def _written_lower(text: str, word: str) -> bool:
    return any(f" {word}{end}" in text for end in (" ", ",", ".", ";", ":", "\n"))
