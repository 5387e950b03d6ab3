"""Who a speaker mention names: "Peskov", "the minister", "he" resolved within the article.

Mentions are resolved to people named in the article: "Peskov" to "Dmitry Peskov", "the
minister" to the person whose title held "Minister", "he"/"she" to the most recent speaker
(else the most recent named person) of that gender. Institutions are named without their
article ("White House", "Kremlin"). When the project's speaker registry
(:mod:`verify.knowledge.speakers`) is available, it canonicalises what is left ("the Russian
president" on a date).

:class:`Resolver` walks the article's cues in text order (it remembers who spoke, for
pronouns) and returns a frozen :class:`Speaker` per cue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from verify.article.quotes.cues import Cue
from verify.article.quotes.entities import Entities, Entity
from verify.article.quotes.outlets import outlet_name
from verify.article.quotes.phrases import institution_name, mention_kind, split_title
from verify.article.quotes.sentences import Sentence, Tok
from verify.article.quotes.words import (
    DETERMINERS,
    FEMALE_HINTS,
    INSTITUTION_NAMES,
    JOURNALIST_HEADS,
    MALE_HINTS,
    NOT_NAME_CAPS,
    ORG_WORDS,
    PLACE_ADJECTIVES,
    PRONOUNS,
    ROLE_NOUNS,
    ROLE_PHRASES,
    SPEAKER_STOP,
)

# Words that are never somebody's name, whatever their case ("Him" at a sentence start).
# the lower-case words of people's names ("Ursula von der Leyen", "Mohammed bin Salman")
_NAME_PARTICLES = frozenset(
    "von van der den de del della di da du la le bin ibn al el dos das do y ter zu".split()
)
_CAP_WORD = re.compile(r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?:['’]s)?\b")
_NEVER_NAMES = frozenset("him her them us me you and or but not nor".split()) | PRONOUNS
# An indefinite role in the headline or the first paragraphs ("According to a presidential
# adviser, ..."): news leads name the person in the next sentences. An anonymous voice
# ("a senior official", "a source") stays anonymous.
LEAD_PARAGRAPHS = 2
LEAD_AHEAD = 800  # characters
# Role heads that stand for the institution the article last quoted ("the official said").
_VOICE_HEADS = frozenset("official officials statement readout source sources".split())
# what an institution issues, speaking as one: "the statement", "the press service" credit the
# publisher the article has just named
_ISSUED_HEADS = frozenset("statement readout service".split())
ISSUER_WINDOW = 1_500  # characters before the mention
_INTENSIFIERS = frozenset(("top", "most", "senior"))  # "Russia's top leader": Russia's leader
# Role heads that name a body, not a person ("the ministry said"): never a person's role.
_BODY_HEADS = frozenset(
    """presidency ministry department office agency government administration campaign
    committee kremlin service embassy military army police authorities report study survey
    poll polls data figures tweet letter memo union unions group groups network website
    commission court family organization association coalition company firm bank ad ads
    video clip spot piece article book brief filing lawsuit complaint editorial column board
    panel jury""".split()
)


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker mention: the name (None when unresolved or an outlet), the mention
    as written with its offsets, and the outlet it names when it is one."""

    name: str | None
    mention: str
    start: int
    end: int
    outlet: str | None = None  # the mention is an outlet ("TASS reported"): not a speaker


def source_index(cues: list[Cue], k: int) -> int | None:
    """The cue whose speaker phrase cue ``k`` uses: itself, or the cue it is coordinated
    with (up to five steps); None when the chain ends without a phrase."""
    c = cues[k]
    seen = 0
    while c.np is None and c.parent is not None and seen < 5:
        k = next(i for i, x in enumerate(cues) if x.ci == c.parent and not x.from_parse)
        c = cues[k]
        seen += 1
    return k if c.np is not None else None


def is_outlet_cue(toks: list[Tok], cues: list[Cue], k: int) -> bool:
    """The cue's speaker phrase names an outlet ("Sputnik reported")."""
    src = source_index(cues, k)
    if src is None:
        return False
    i, j = cues[src].np
    return mention_kind(toks[i:j]) == "outlet"


def outlet_of_cue(text: str, toks: list[Tok], cues: list[Cue], k: int) -> str | None:
    """The outlet the cue's speaker phrase names, if it is one."""
    if not is_outlet_cue(toks, cues, k):
        return None
    i, j = cues[source_index(cues, k)].np
    return outlet_name(text[toks[i].start : toks[j - 1].end])


SUBJECT_START = 3  # a sentence's subject name begins within its first tokens
# the cue lemmas of a question: who asked is a reporter, not the one a later "he" answers as
_ASK_LEMMAS = frozenset(("ask", "press", "question", "query", "quiz", "grill"))
RECENT_SPEAKER_PARAGRAPHS = 1  # he/she continues the speaker of this or the last paragraph


@dataclass
class Resolver:
    """Resolves the speaker phrases of an article's cues, sentence by sentence in order."""

    text: str
    entities: Entities
    date: str | None = None
    # (position, speaker, gender, paragraph) of resolved people, and institutions
    _history: list[tuple[int, str, str | None, int]] = field(default_factory=list)
    _institutions: list[tuple[int, str, int]] = field(default_factory=list)
    _askers: set[str] = field(default_factory=set)  # who asked a question the article quotes

    def sentence(self, sentence: Sentence, cues: list[Cue]) -> list[Speaker | None]:
        """The speaker of each cue of one sentence (None: no phrase)."""
        toks, para = sentence.toks, sentence.para
        own: dict[int, Speaker | None] = {}
        out: list[Speaker | None] = []
        for k in range(len(cues)):
            src = source_index(cues, k)
            if src is None:
                out.append(None)
                continue
            if src not in own:
                sp = self._resolve(toks, cues[src].np, para)
                if sp.name and not self._plausible(sp, sentence):
                    sp = Speaker(None, sp.mention, sp.start, sp.end, sp.outlet)
                own[src] = sp
            if own[src].name and cues[k].lemma in _ASK_LEMMAS:
                self._askers.add(own[src].name)
            out.append(own[src])
        return out

    def _resolve(self, toks: list[Tok], np: tuple[int, int], para: int) -> Speaker:
        span = _before_participle(toks[np[0] : np[1]])
        m_start, m_end = span[0].start, span[-1].end
        mention = self.text[m_start:m_end]
        kind = mention_kind(span)
        pos = m_start
        date = self.date
        entities = self.entities
        speaker: str | None = None
        if kind == "pronoun":
            low = span[0].low
            # the object forms too: "according to him", "as told to her"
            if low in ("he", "she", "him", "her"):
                want = "f" if low in ("she", "her") else "m"
                speaker = self._subject_of(toks, np[0], want) or self._pronoun(
                    pos, para, want, toks[0].start
                )
                if speaker is not None:
                    ent = entities.by_name.get(speaker)
                    if ent is not None and ent.gender is None:
                        ent.gender = want
            elif low == "it":
                for _p, name, ppara in reversed(self._institutions):
                    if para - ppara <= 1:
                        speaker = name
                    break
        elif kind == "outlet":
            return Speaker(None, mention, m_start, m_end, outlet_name(mention))
        elif kind == "name":
            title, name = split_title(span)
            if len(name) == 1:
                ent = self._by_surname(name[0].base)
                speaker = ent.name if ent is not None else name[0].base
            else:
                role = " ".join(t.text for t in title if t.low not in DETERMINERS) or None
                speaker = entities.add(" ".join(t.base for t in name), pos, role).name
            speaker = registry_canonical(speaker, date) or speaker
            if title and not registry_knows(speaker, date):
                speaker = _misspelt_holder(" ".join(t.text for t in title), speaker, date)
        elif kind == "institution":
            speaker = institution_name(span)
            self._institutions.append((pos, speaker, para))
        elif len(span) == 1 and span[0].base.lower() not in ROLE_NOUNS:
            # an oddly written name: "putin said"
            ent = entities.find_surname(span[0].base) or entities.find_surname(
                span[0].base.capitalize()
            )
            speaker = ent.name if ent is not None else span[0].base
            speaker = (
                registry_canonical(speaker, date)
                or (
                    # "putin said": the name written in lower case; an acronym stays as it is
                    registry_canonical(speaker.capitalize(), date) if speaker.islower() else None
                )
                or speaker
            )
        else:  # a role: "the minister", "the Kremlin spokesman"
            words = [t.text for t in span]
            lows = [w.lower() for w in words]
            for phrase, role in ROLE_PHRASES.items():
                n = len(phrase)
                at = next(
                    (k for k in range(len(lows) - n + 1) if tuple(lows[k : k + n]) == phrase), None
                )
                if at is not None:  # "the head of state": the president
                    words = words[:at] + [role] + words[at + n :]
                    lows = [w.lower() for w in words]
                    break
            for conj in ("of", "for"):
                if conj in lows:  # "The President of the Russian Federation"
                    k = lows.index(conj)
                    words = words[k + 1 :] + words[:k]
                    break
            # a qualified title the registry knows ("Russia's top leader": the Russian
            # president) names its holder before the article's other leaders
            qualified = len(_title_words(words)) >= 2
            ent = self._office_holder(words, pos) if qualified else None
            if ent is None:
                ent = entities.by_role(words, pos)
            if (
                ent is None
                and para <= LEAD_PARAGRAPHS
                and span[0].low in ("a", "an")
                and span[-1].base.lower() not in _VOICE_HEADS
            ):
                # a lead's "a presidential adviser" is the adviser named right after it
                ent = entities.by_role(words, pos, ahead=LEAD_AHEAD)
            if ent is None and not qualified:
                ent = self._office_holder(words, pos)
            if ent is not None:
                speaker = registry_canonical(ent.name, date) or ent.name
            elif (holder := self._named_holder(words, pos)) is not None:
                speaker = holder
            elif span[-1].base.lower() in JOURNALIST_HEADS:
                speaker = "reporter"  # an unnamed reporter whose question is quoted
            elif any(t.base.lower() in ROLE_NOUNS for t in span):
                speaker = (
                    registry_canonical(mention, date)
                    or self._institution_of(span, para)
                    or self._recent_speaker(span, pos, para)
                )
        if speaker and kind in ("pronoun", "name", "role"):
            self._history.append((pos, speaker, self._gender_of(speaker), para))
        return Speaker(speaker, mention, m_start, m_end)

    def _office_holder(self, words: list[str], pos: int) -> Entity | None:
        """The person of the article, named before the role, who on the article's date holds
        the office it names (speakers.toml): "the Press Secretary" in an article that names
        Karine Jean-Pierre without her title; the one named last first."""
        reg = _registry()
        title = " ".join(_title_words(words))
        if reg is None or not title or self.date is None:
            return None
        named = [e for e in self.entities.people if e.last_before(pos) >= 0]
        for e in sorted(named, key=lambda e: -e.last_before(pos)):
            if reg.holds_title(e.name, title, self.date):
                return e
        return None

    def _named_holder(self, words: list[str], pos: int) -> str | None:
        """The holder of the office a role names ("the President") when the article names
        them before it only by a surname the registry knows ("Biden's appearance", not an
        entity of the article): the one named last first."""
        reg = _registry()
        title = " ".join(_title_words(words))
        if reg is None or not title or self.date is None:
            return None
        seen: set[str] = set()
        for m in reversed(list(_CAP_WORD.finditer(self.text, 0, pos))):
            word = m.group(1)
            if word in seen or word.lower() in _NEVER_NAMES:
                continue
            seen.add(word)
            name = registry_canonical(word, self.date)
            if name and name != word and reg.holds_title(name, title, self.date):
                return name
        return None

    def _subject_of(self, toks: list[Tok], end: int, want: str) -> str | None:
        """The person whose name opens the sentence, before the pronoun ("Putin contrasted
        the volunteers with what he called 'mercenaries'"): the pronoun's antecedent,
        whoever spoke last, unless their gender is the other one."""
        k = 0
        while k < min(end, SUBJECT_START) and not toks[k].cap:
            k += 1
        if k >= min(end, SUBJECT_START) or toks[k].kind != "w":
            return None
        j = k
        while j < end and toks[j].kind == "w" and toks[j].cap:
            j += 1
        if j >= end or toks[j].kind != "w" or toks[j].cap:
            return None  # the name must be followed by the sentence's verb, in lower case
        ent = self.entities.find_surname(toks[j - 1].base)
        if ent is None or ent.gender not in (want, None):
            return None
        return ent.name

    def _by_surname(self, word: str) -> Entity | None:
        """The person a bare surname names: of two who share it ("his father Gurbanguly
        Berdimuhamedov" beside the president), the one already quoted, else the one named
        last."""
        same = self.entities.with_surname(word)
        if len(same) > 1:
            names = {e.name: e for e in same}
            for _p, name, _g, _para in reversed(self._history):
                if name in names:
                    return names[name]
        return self.entities.find_surname(word)

    def _institution_of(self, span: list[Tok], para: int) -> str | None:
        """The institution an unresolved role speaks for: the one it names ("a White House
        official"), else for "the official", "the statement" the institution the article
        last quoted in this or the two previous paragraphs."""
        if span[-1].low == "presidency":  # "the Turkish presidency": an institution
            k = len(span) - 1
            while k > 0 and (span[k - 1].cap or span[k - 1].low in ("presidential",)):
                k -= 1
            return institution_name(span[k:]) if k < len(span) - 1 else None
        if span[-1].low == "administration" and len(span) <= 3:
            # "the administration", "the Biden administration": the White House speaks for
            # it in an article about Washington; the Kremlin for Russia's presidential one
            mods = {t.low for t in span[:-1]}
            if mods & {"kremlin", "russian", "presidential"}:
                return "Kremlin"
            if "White House" in self.text:
                return "White House"
        inst = [t for t in span if t.cap and (t.base in INSTITUTION_NAMES or t.base in ORG_WORDS)]
        if inst:
            k = span.index(inst[-1])
            j = k
            while j > 0 and span[j - 1].cap and span[j - 1].base not in PLACE_ADJECTIVES:
                j -= 1
            return institution_name(span[j : k + 1])
        if span[-1].base.lower() in _VOICE_HEADS:
            # "the Russian statement": the government of that country, when verify knows
            # its publisher ("Russia" -> the Kremlin)
            for t in span[:-1]:
                if t.base in PLACE_ADJECTIVES:
                    inst = _country_institution(t.base)
                    if inst:
                        return inst
        if span[-1].base.lower() in _VOICE_HEADS and self._institutions:
            _p, name, ppara = self._institutions[-1]
            if para - ppara <= 2:
                return name
        if span[-1].base.lower() in _ISSUED_HEADS:
            # "The Kremlin has released a statement on the call. The statement says ...", "the
            # Kremlin press service said. ... the press service said": the publisher the
            # article named last, shortly before
            named = self._named_publisher(span[0].start)
            if named is not None:
                self._institutions.append((span[0].start, named, para))
                return named
        return None

    def _named_publisher(self, pos: int) -> str | None:
        """The official publisher (verify/knowledge/publishers.toml: "Kremlin", "White
        House") the article names last in the ISSUER_WINDOW characters before ``pos``."""
        pattern = _publisher_pattern()
        if pattern is None:
            return None
        found = list(pattern.finditer(self.text, max(0, pos - ISSUER_WINDOW), pos))
        return found[-1].group() if found else None

    def _recent_speaker(self, span: list[Tok], pos: int, para: int) -> str | None:
        """ "the diplomat", "the Belarusian dictator": a definite role the article gave nobody
        is the person who spoke last, in this or the previous paragraph (the speaker of the
        surrounding quotes), unless the role's nationality is not theirs."""
        if span[0].low != "the" or span[-1].text.endswith("s") or span[-1].cap:
            return None
        head = span[-1].base.lower()
        if head in _VOICE_HEADS or head not in ROLE_NOUNS or head in _BODY_HEADS:
            return None
        nats = {t.base for t in span if t.base in PLACE_ADJECTIVES}
        for p, name, _g, ppara in reversed(self._history):
            if p >= pos:
                continue
            if para - ppara > 1:
                break
            if name == "reporter" or name in INSTITUTION_NAMES:
                continue
            ent = self.entities.by_name.get(name)
            roles = {w.capitalize() for w in ent.role_words()} if ent is not None else set()
            if nats and roles & PLACE_ADJECTIVES and not (nats & roles):
                continue
            return name
        return None

    def _plausible(self, sp: Speaker, sentence: Sentence) -> bool:
        """A speaker is a person or an institution: never a pronoun, an adjective of
        nationality, a clause word, a photo or video caption, a word the article also writes
        in lower case (a common noun: "Tensions"), nor a name made up of a title-case
        headline's words ("Reporter Grills Jean-Pierre") that the article never uses again."""
        name = sp.name
        if name == "reporter":
            return True  # an unnamed reporter whose question is quoted
        words = name.split()
        if any(w.lower().strip(".") in SPEAKER_STOP for w in words):
            return False
        if any(w.isupper() and len(w) > 3 and w.isalpha() for w in sp.mention.split()):
            if not registry_knows(name, self.date):
                return False  # "VIDEO Russian Defense Minister ..."
        if len(words) == 1:
            w = words[0]
            if w.lower() in _NEVER_NAMES or w in PLACE_ADJECTIVES or w in NOT_NAME_CAPS:
                return False
            if w.lower().endswith("s") and w.lower() in ROLE_NOUNS:
                return False  # "Officials said", "Analysts said": a group, not a name
            if w in INSTITUTION_NAMES or name in self.entities.by_name:
                return True
            if w[:1].islower() or re.search(
                rf"(?<![\w-]){re.escape(w.lower())}(?![\w-])", self.text
            ):
                return registry_knows(name, self.date)
            return True
        if any(w.isalpha() and w.islower() and w not in _NAME_PARTICLES for w in words):
            # "Russia’s war in Ukraine shows that ...": a thing, not a person's name
            return registry_knows(name, self.date)
        if sentence.title_case:
            ent = self.entities.by_name.get(name)
            if ent is not None and all(p <= sentence.end for p in ent.positions):
                return registry_knows(name, self.date)
        return True

    def _gender_of(self, name: str) -> str | None:
        ent = self.entities.by_name.get(name)
        if ent is not None and ent.gender:
            return ent.gender
        first = name.split()[0].lower()
        if first in FEMALE_HINTS:
            return "f"
        return "m" if first in MALE_HINTS else None

    def _named_since(self, start: int, pos: int, want: str) -> bool:
        """Is a person of gender ``want`` named between ``start`` and ``pos`` (in the pronoun's
        sentence: "Jean-Pierre bristled at correspondent Michael Shear when he asked")?"""
        person, _unknown = self.entities.most_recent(pos, want)
        return person is not None and person.last_before(pos) > start

    def _pronoun(self, pos: int, para: int, want: str, sentence_start: int = -1) -> str | None:
        """he/she: the most recent speaker of that gender in this or the two previous
        paragraphs, else the most recently named person; a person of known gender is
        preferred to one of unknown gender."""
        entities = self.entities
        cands: list[tuple[str, str | None]] = []
        last_para, last_pos = None, -1
        for p, name, g, ppara in reversed(self._history):
            if p >= pos:
                continue
            if para - ppara > 2:
                break
            if last_para is None:
                last_para, last_pos = ppara, p
            cands.append((name, entities.by_name[name].gender if name in entities.by_name else g))
        if (
            cands
            and cands[0][1] is None
            and cands[0][0] in entities.by_name  # a person, not an institution
            and cands[0][0] not in self._askers
            and para - last_para <= RECENT_SPEAKER_PARAGRAPHS
            and not self._named_since(max(last_pos, sentence_start), pos, want)
        ):
            # the person quoted just before, whose gender the article never gave ("Pentagon
            # spokesperson Pat Ryder said ... / '...,' he said"): a news report's pronoun
            # continues its last speaker; an earlier speaker of that gender does not. Not
            # one who asked (a reporter's question; the answer is the addressee's)
            return cands[0][0]
        for name, g in cands:
            if g == want:
                return name
        # else the most recently mentioned person of that gender, then of unknown gender
        person, unknown = entities.most_recent(pos, want)
        if person is not None:
            return person.name
        for name, g in cands:
            if g is None:
                return name
        if unknown is not None:
            return unknown.name
        # nobody of that gender named before: the pronoun's gender is the article's slip (a
        # machine translation's "he said" after "Adrienne Watson said"), the speaker the
        # one just quoted
        return cands[0][0] if cands else None


def _before_participle(span: list[Tok]) -> list[Tok]:
    """A name followed by a participle that opens an adjunct ("PM Modi talking about the
    pandemic said"): the name alone."""
    for k in range(1, len(span)):
        t = span[k]
        if t.kind == "w" and t.text.islower() and t.low.endswith("ing") and len(t.low) > 4:
            if span[k - 1].kind == "w" and span[k - 1].text[:1].isupper():
                return span[:k]
    return span


def _country_institution(adjective: str) -> str | None:
    """The publisher speaking for the country an adjective names ("Russian" -> Russia ->
    Kremlin), from the institution names of verify/knowledge/publishers.toml; None when the
    country has none there."""
    try:
        from verify.knowledge.publishers import institution
    except Exception:  # the knowledge package absent: resolution stays within the article
        return None
    for country in (adjective[:-1], adjective[:-2] + "a", adjective[:-3]):
        if len(country) > 3:
            found = institution(country)
            if found:
                return found
    return None


def _misspelt_holder(title: str, name: str, date: str | None) -> str:
    """A titled name the registry does not know, one slip away from the name of the title's
    holder on the article's date ("White House Press Secretary Jen Paski" -> "Jen Psaki"):
    the holder; else the name as written."""
    import difflib

    holder = registry_canonical(title, date)
    if not holder or holder == name or not registry_knows(holder, date):
        return name
    if difflib.SequenceMatcher(None, holder.lower(), name.lower()).ratio() >= 0.85:
        return holder
    return name


# ---------------------------------------------------------------- speaker registry


@lru_cache(maxsize=1)
def _registry():
    try:
        from verify.knowledge.speakers import SpeakerRegistry  # another module of the project

        return SpeakerRegistry.default()
    except Exception:  # absent or failing: resolution stays within the article
        return None


def registry_canonical(name: str, date: str | None = None) -> str | None:
    """The project's speaker registry's canonical name for a mention, if it knows one."""
    reg = _registry()
    if reg is None or not name:
        return None
    try:
        found = reg.canonical(name, date=date)
    except TypeError:
        try:
            found = reg.canonical(name)
        except Exception:
            return None
    except Exception:
        return None
    if isinstance(found, str):
        return found or None
    return getattr(found, "name", None) if found is not None else None


def registry_knows(name: str, date: str | None = None) -> bool:
    """The speaker registry knows this person (not just a cleaned guess of the name)."""
    reg = _registry()
    if reg is None:
        return False
    try:
        return reg.person(registry_canonical(name, date)) is not None
    except Exception:
        return False


def _title_words(words: list[str]) -> list[str]:
    """A role's words without determiners and intensifiers ("Russia's top leader" ->
    "Russia's leader")."""
    return [w for w in words if w.lower() not in DETERMINERS and w.lower() not in _INTENSIFIERS]


@lru_cache(maxsize=1)
def _publisher_pattern() -> re.Pattern[str] | None:
    """The official publishers' names ("White House", "Kremlin"), from the knowledge data,
    as one pattern; None when there are none."""
    try:
        from verify.knowledge.publishers import publishers

        names = [p.name for p in publishers()]
    except Exception:  # absent or failing: no publisher is named
        return None
    if not names:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")
