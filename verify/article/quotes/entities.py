"""The people (and institutions) an article names, with their roles and gender.

:class:`Entities` collects titled names ("Russian presidential spokesman Dmitry Peskov"),
two-word names and appositive roles ("Yury Ushakov, the president's foreign policy adviser")
and finds later mentions ("Peskov", "the Kremlin spokesman") among them.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from verify.article.quotes.phrases import is_name_word, np_word, split_title
from verify.article.quotes.sentences import Tok
from verify.article.quotes.words import (
    CUE_FORMS,
    DETERMINERS,
    FEMALE_HINTS,
    INSTITUTION_NAMES,
    MALE_HINTS,
    NAME_TITLES,
    ORG_WORDS,
    PLACE_ADJECTIVES,
    ROLE_NOUNS,
    ROLE_SYNONYMS,
)


@dataclass
class Entity:
    name: str  # "Dmitry Peskov" (or a surname alone when only that is known)
    roles: list[str] = field(default_factory=list)  # ["russian presidential spokesman"]
    gender: str | None = None  # "m", "f" or None
    first_pos: int = 0
    last_pos: int = 0
    positions: list[int] = field(default_factory=list)
    order: int = 0  # creation order in the article
    _roles_seen: int = -1  # cache of role_words(): len(roles) when computed
    _role_set: set[str] = field(default_factory=set)

    def last_before(self, pos: int) -> int:
        """The last position before ``pos`` where the article mentions this person (-1)."""
        k = bisect.bisect_left(self.positions, pos)
        return self.positions[k - 1] if k > 0 else -1

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    def role_words(self) -> set[str]:
        if self._roles_seen != len(self.roles):
            out: set[str] = set()
            for r in self.roles:
                out.update(w.strip("'’").removesuffix("'s").removesuffix("’s") for w in r.split())
            self._role_set = out
            self._roles_seen = len(self.roles)
        return self._role_set

    def keys(self) -> list[str]:
        """The words a mention may use for this person: surname, full name, and the
        second-to-last word of a longer name."""
        parts = self.name.split()
        out = [parts[-1], self.name]
        if len(parts) > 2:
            out.append(parts[-2])
        return out


def _gender_from(words: list[str]) -> str | None:
    for w in words:
        low = w.lower()
        if low.strip(".") in FEMALE_HINTS or low in FEMALE_HINTS:
            return "f"
        if low.strip(".") in MALE_HINTS or low in MALE_HINTS:
            return "m"
    return None


class Entities:
    """People (and institutions) named in one article, in order of first mention."""

    def __init__(self) -> None:
        self.people: list[Entity] = []
        self.by_name: dict[str, Entity] = {}
        self._by_key: dict[str, list[Entity]] = {}  # find_surname's index
        self._events: list[tuple[int, int]] = []  # (position, person order), sorted
        self._by_role_word: dict[str, list[Entity]] = {}  # by_role's index

    def _mentioned(self, e: Entity, pos: int) -> None:
        bisect.insort(e.positions, pos)
        bisect.insort(self._events, (pos, e.order))

    def most_recent(self, pos: int, gender: str) -> tuple[Entity | None, Entity | None]:
        """(the person of ``gender``, the person of unknown gender) mentioned last before
        ``pos`` and first named before it."""
        want: Entity | None = None
        unknown: Entity | None = None
        k = bisect.bisect_left(self._events, (pos, -1))
        steps = 0
        while k > 0 and want is None:
            k -= 1
            steps += 1
            if steps > 5000:  # a long stretch without one: look at everybody
                return self._most_recent_scan(pos, gender)
            e = self.people[self._events[k][1]]
            if e.first_pos >= pos:
                continue
            if e.gender == gender:
                want = e
            elif e.gender is None and unknown is None:
                unknown = e
        return want, unknown

    def _most_recent_scan(self, pos: int, gender: str) -> tuple[Entity | None, Entity | None]:
        best: dict[str | None, tuple[int, Entity]] = {}
        for e in self.people:
            if e.first_pos >= pos or (e.gender != gender and e.gender is not None):
                continue
            last = e.last_before(pos)
            if e.gender not in best or last > best[e.gender][0]:
                best[e.gender] = (last, e)
        return (
            best[gender][1] if gender in best else None,
            best[None][1] if None in best else None,
        )

    def _index(self, e: Entity) -> None:
        for k in set(e.keys()):
            self._by_key.setdefault(k, []).append(e)

    def _unindex(self, e: Entity) -> None:
        for k in set(e.keys()):
            lst = self._by_key.get(k, [])
            lst[:] = [x for x in lst if x is not e]

    # -- building -----------------------------------------------------------

    def add(self, name: str, pos: int, role: str | None = None, gender: str | None = None):
        name = " ".join(name.split())
        ent = self.by_name.get(name)
        if ent is None and " " in name:
            # a longer form of a known surname-only entity ("Putin" then "Vladimir Putin")
            e = self.by_name.get(name.split()[-1])
            if e is not None and " " not in e.name:
                self._unindex(e)
                del self.by_name[e.name]
                e.name = name
                self._index(e)
                ent = e
        if ent is None and " " not in name:
            # a titled surname of a person already named in full ("President Biden" after
            # "President Joe Biden") is that person
            e = self.find_surname(name)
            if e is not None and " " in e.name and e.surname == name:
                ent = e
        if ent is None:
            ent = Entity(name=name, first_pos=pos, last_pos=pos, order=len(self.people))
            self.people.append(ent)
            self._index(ent)
        self.by_name[ent.name] = ent
        ent.last_pos = max(ent.last_pos, pos)
        self._mentioned(ent, pos)
        if role:
            role = " ".join(role.lower().split())
            if role and role not in ent.roles:
                ent.roles.append(role)
                for w in ent.role_words():
                    lst = self._by_role_word.setdefault(w.lower(), [])
                    if not any(x is ent for x in lst):
                        lst.append(ent)
        if gender and not ent.gender:
            ent.gender = gender
        return ent

    def scan_sentence(self, toks: list[Tok], headline: bool = False) -> None:
        """Collect titled names ("spokesman Dmitry Peskov"), two-word names and appositive
        roles ("Yury Ushakov, the president's foreign policy adviser,"). In a title-case
        headline every word is capitalised, so runs of them ("Reporter Grills Jean-Pierre")
        are not names: only titled names count there."""
        n = len(toks)
        i = 0
        while i < n:
            if not (np_word(toks[i]) or toks[i].possessive) or toks[i].low in DETERMINERS:
                i += 1
                continue
            j = i
            while j < n and (np_word(toks[j]) or toks[j].possessive):
                if toks[j].possessive and j > i and is_name_word(toks[j]):
                    j += 1
                    break
                j += 1
            span = toks[i:j]
            self._from_span(toks, i, j, span, headline)
            i = max(j, i + 1)

    def _from_span(
        self, toks: list[Tok], i: int, j: int, span: list[Tok], headline: bool = False
    ) -> None:
        if not span:
            return
        title, name = split_title(span)
        # an inverted cue that opens the sentence is not part of the name ("Said Putin:")
        while len(name) > 1 and not title and i == 0 and name[0].low in CUE_FORMS:
            name = name[1:]
            i += 1
        # nor a participle that opens it ("Calling Putin his 'dear old friend,' Xi said",
        # "Greeting Raisi, ..."): the name is its object
        if len(name) > 1 and not title and i == 0 and _opening_participle(name[0]):
            name = name[1:]
            i += 1
        if not name:
            return
        name_text = " ".join(t.base for t in name)
        if any(t.possessive for t in name[:-1]):
            return
        if title and title[-1].possessive:
            return  # what the title's holder has, not their name ("the President's Delaware")
        # a hyphenated pair of names ("Putin-Biden talks") is not a name
        if len(name) == 1 and "-" in name[0].text and name[0].text.count("-") == 1:
            a, b = name[0].text.split("-")
            if a[:1].isupper() and b[:1].isupper() and len(a) > 3 and len(b) > 3:
                if (
                    a in self.by_name
                    or b in self.by_name
                    or any(e.surname in (a, b) for e in self.people)
                ):
                    return
        has_title = bool(title) and any(
            t.base in NAME_TITLES
            or t.base.removesuffix("s") in NAME_TITLES
            or t.base.lower() in ROLE_NOUNS
            for t in title
        )
        words_before = [t.text for t in title]
        gender = _gender_from(words_before + [name[0].text])
        role = " ".join(t.text for t in title if t.low not in DETERMINERS) or None
        appos = self._appositive(toks, j)
        if appos:
            role = (role + " " if role else "") + appos
        if has_title or appos or len(name) >= 2:
            if len(name) == 1 and not (has_title or appos):
                return
            if headline and not has_title:
                return
            if len(name) >= 2 and not has_title and not appos:
                # two capitalised words with no title: a person unless it looks like a place
                # or an institution ("Air Force One", "Victory Day")
                if any(t.base in ORG_WORDS or t.base in INSTITUTION_NAMES for t in name):
                    return
            self.add(name_text, name[0].start, role, gender)
        elif len(name) == 1:
            ent = self.find_surname(name_text)
            if ent is not None:
                ent.last_pos = max(ent.last_pos, name[0].start)
                self._mentioned(ent, name[0].start)

    def _appositive(self, toks: list[Tok], j: int) -> str | None:
        """ "NAME, the ROLE," -> ROLE."""
        n = len(toks)
        if j >= n or toks[j].text != ",":
            return None
        k = j + 1
        if k < n and toks[k].low in ("the", "a", "an"):
            start = k
            k += 1
            while (
                k < n
                and toks[k].kind == "w"
                and (np_word(toks[k]) or toks[k].possessive or toks[k].low in ("of", "for", "'s"))
            ):
                k += 1
            if k > start + 1 and toks[k - 1].base.lower() in ROLE_NOUNS:
                if k < n and toks[k].kind == "w" and toks[k].low in CUE_FORMS:
                    # "... in Mariupol, a UN spokesperson said": the role is the verb's
                    # subject, not an appositive of the word before the comma
                    return None
                return " ".join(t.text for t in toks[start + 1 : k])
        return None

    # -- resolving ----------------------------------------------------------

    def with_surname(self, word: str) -> list[Entity]:
        """Every person this word names, in order of first mention."""
        return list(self._by_key.get(word, ()))

    def find_surname(self, word: str) -> Entity | None:
        """The most recently mentioned person this word names (first named on a tie)."""
        best = None
        for e in self._by_key.get(word, ()):
            if best is None or (e.last_pos, -e.order) > (best.last_pos, -best.order):
                best = e
        return best

    def by_role(self, words: list[str], pos: int, ahead: int = 0) -> Entity | None:
        """The person whose recorded role fits a nominal mention ("the Kremlin spokesman",
        "the minister", "the Russian leader"), most recently mentioned first. ``ahead``: a
        person first named up to that many characters after the mention also fits (a lead's
        "a presidential adviser" named in the next paragraph)."""
        low = [w.lower().removesuffix("'s").removesuffix("’s") for w in words]
        low = [w for w in low if w not in DETERMINERS]
        if not low:
            return None
        head = low[-1]
        heads = ROLE_SYNONYMS.get(head, {head})
        mods = [w for w in low[:-1] if w not in ("of", "for", "the")]
        best: tuple[tuple[int, bool, int], Entity] | None = None
        cands = {id(e): e for h in heads for e in self._by_role_word.get(h, ())}
        for e in sorted(cands.values(), key=lambda x: x.order):
            if e.first_pos > pos + ahead:
                continue
            rw = {w.lower() for w in e.role_words()}
            if not (rw & heads):
                continue
            ent_nat = {_nat(w) for w in rw if _nat(w)}
            mod_nat = {_nat(w) for w in mods if _nat(w)}
            if ent_nat and mod_nat and not (ent_nat & mod_nat):
                continue
            score = sum(1 for w in mods if w in rw)
            # the one mentioned last before the mention, not the one the article names again
            # further on ("US President Joe Biden has suggested ..., Putin said. ... the
            # president stressed": Putin)
            recent = e.last_before(pos + ahead + 1)
            # the role itself before a synonym of it: "the president" is the one titled
            # president, not the "former Soviet leader" named since
            key = (score, head in rw, recent)
            if best is None or key > best[0]:
                best = (key, e)
        return best[1] if best else None


_NAT_ALIASES = {"us": "american", "u.s.": "american", "u.s": "american", "usa": "american"}


def _opening_participle(t: Tok) -> bool:
    """A capitalised -ing word at a sentence's start: a participle ("Calling", "Greeting",
    "Addressing"), not a first name."""
    low = t.low
    return low.endswith("ing") and len(low) > 6 and low.isalpha() and low not in _ING_NAMES


_ING_NAMES = frozenset(("channing", "sterling", "browning", "fleming", "manning"))


def _nat(word: str) -> str | None:
    """The nationality a modifier names ("US" -> "american"), or None."""
    w = word.lower()
    if w in _NAT_ALIASES:
        return _NAT_ALIASES[w]
    return w if w.capitalize() in PLACE_ADJECTIVES else None
