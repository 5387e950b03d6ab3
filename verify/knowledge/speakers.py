"""The speaker registry: canonical names for transcript labels and for names in articles.

Transcripts label turns ("MS. JEAN-PIERRE", "THE PRESIDENT", "Deputy Chief of Staff of the
Presidential Executive Office- Presidential Press Secretary Dmitry Peskov"); articles name
people ("Kremlin spokesman Dmitry Peskov", "the Russian president", "Putin"). Both resolve to
one canonical name ("Karine Jean-Pierre", "Joe Biden", "Dmitry Peskov", "Vladimir Putin") so that
the verdict code can compare who is claimed to have said something with who said it.

The data (people, aliases, offices with dated holders, generic labels, title vocabulary) is in
``verify/knowledge/speakers.toml``; the rules are here:

- a known person is found by full name or alias anywhere in a label or mention;
- "MR. X" / "SECRETARY X" / a bare "X" resolve through the surname index (dates break ties,
  a one-letter typo is tolerated for surnames of five letters or more);
- titles ("the Russian president", "White House press secretary") and title labels
  ("THE PRESIDENT") resolve to the office holder on the given date, in the given publisher;
- an unknown person keeps a cleaned name: titles and honorifics stripped, upper case
  title-cased ("MR. SMITH" -> "Smith", "Uralchem CEO Dmitry Mazepin" -> "Dmitry Mazepin");
- generic labels (Q, MODERATOR, SENIOR ADMINISTRATION OFFICIAL, AUDIENCE MEMBER, Question,
  Remark) have no speaker name (None): nobody can be quoted by name from them. The label is
  kept on the turn; ``is_question`` marks the reporters' ones (Q, Question).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from verify.errors import ConfigError
from verify.text.tokens import normalize_chars

DATA_FILE = Path(__file__).resolve().parent / "speakers.toml"

_PAREN_TAIL = re.compile(r"\s*\([^()]{0,60}\)\s*$")
_ORDINAL_TAIL = re.compile(r"\s+(?:one|two|three|four|five|#?\d+)$")
# "Defence Minister Sergei Shoigu Shoigu SergeiDefence Minister": the site's person card
# (Surname Given + title) glued after the name.
_CARD_REPEAT = re.compile(r"\b([^\W\d_][\w'\u2019-]*) ([^\W\d_][\w'\u2019-]*) \2 ")
_CARD_DOUBLE = re.compile(r"\b([^\W\d_][\w'\u2019-]* [^\W\d_][\w'\u2019-]*)\s+\1(?=[^\W\d_])")
_POSSESSIVE = re.compile(r"['\u2019]s$")


def _strip_accents(s: str) -> str:
    if s.isascii():
        return s
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def key(text: str) -> str:
    """A comparison key for names: accents, case, dots, hyphens and spacing folded."""
    s = _strip_accents(normalize_chars(text)).casefold()
    s = s.replace(".", " ").replace("-", " ").replace(",", " ")
    return " ".join(s.split())


def _possessed(head: str) -> bool:
    """Does a title's beginning make what follows someone else's ("spokesman for the",
    "putin's", "press secretary of the")?"""
    words = head.split()
    return bool(words) and (
        any(w in ("of", "for", "to") for w in words) or words[-1].endswith(("'s", "’s"))
    )


def _day(date: str | None) -> str | None:
    return date[:10] if date else None


def _titlecase_word(w: str) -> str:
    if not w:
        return w
    if any(c.islower() for c in w):
        return w
    parts = re.split(r"([\-'\u2019])", w.lower())
    out = []
    for p in parts:
        if len(p) > 2 and p.startswith("mc"):
            out.append("Mc" + p[2:].capitalize())
        else:
            out.append(p.capitalize())
    return "".join(out)


def titlecase_name(name: str) -> str:
    """ "TISCH SUSSMAN" -> "Tisch Sussman", "O'CONNELL" -> "O'Connell"; mixed case kept."""
    return " ".join(_titlecase_word(w) for w in name.split())


@dataclass(frozen=True)
class Person:
    name: str
    aliases: tuple[str, ...] = ()
    surnames: tuple[str, ...] = ()
    role: str | None = None
    active: tuple[str | None, str | None] = (None, None)

    def active_on(self, day: str | None) -> bool:
        if day is None:
            return True
        start, end = self.active
        return (not start or day >= start) and (not end or day < end)


@dataclass(frozen=True)
class Holder:
    name: str
    start: str | None
    end: str | None

    def holds_on(self, day: str) -> bool:
        return (not self.start or day >= self.start) and (not self.end or day < self.end)


@dataclass(frozen=True)
class Office:
    titles: tuple[str, ...]
    labels: tuple[str, ...]
    publishers: tuple[str, ...]
    holders: tuple[Holder, ...]

    def applies_to(self, publisher: str | None, *, label: bool = False) -> bool:
        if not self.publishers:
            return True
        if publisher is None:
            return label  # an upper-case title label ("THE PRESIDENT") is itself the evidence
        p = publisher.casefold()
        return any(x.casefold() in p or p in x.casefold() for x in self.publishers)

    def holder(self, day: str | None) -> str | None:
        if day is None:
            names = {h.name for h in self.holders}
            return next(iter(names)) if len(names) == 1 else None
        for h in self.holders:
            if h.holds_on(day):
                return h.name
        return None


@dataclass(frozen=True)
class LabelInfo:
    """What a transcript label says about its speaker."""

    speaker: str | None  # canonical name, or a cleaned guess; None for generic labels
    is_question: bool = False  # the label itself marks a reporter (Q, Question, a journalist)
    generic: bool = False  # anonymous or collective: Q, MODERATOR, AUDIENCE MEMBER
    known: bool = False  # resolved through the registry (a person or an office)
    role: str | None = None
    titled: bool = False  # the label carries a title besides the name
    surname_only: bool = False  # an unknown person named only by surname ("MR. SMITH")
    by_surname: bool = False  # resolved from a surname alone through the registry


ACRONYM_MAX = 4  # letters of a one-word capitalised mention kept as written ("DHS", "FBI")


@dataclass
class SpeakerRegistry:
    """People, offices and label conventions, loaded from speakers.toml."""

    people: list[Person] = field(default_factory=list)
    offices: list[Office] = field(default_factory=list)
    honorifics: frozenset[str] = frozenset()
    title_words: frozenset[str] = frozenset()
    generic_labels: dict[str, bool] = field(default_factory=dict)  # key -> is_question
    generic_nouns: frozenset[str] = frozenset()
    heading_words: frozenset[str] = frozenset()
    name_particles: frozenset[str] = frozenset()
    address_titles: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self._by_name: dict[str, Person] = {}
        self._alias: dict[str, str] = {}
        self._surname: dict[str, list[Person]] = {}
        self._titles: dict[str, list[Office]] = {}
        self._labels: dict[str, list[Office]] = {}
        for p in self.people:
            self._by_name[key(p.name)] = p
            for a in (p.name, *p.aliases):
                self._alias.setdefault(key(a), p.name)
            for s in p.surnames:
                self._surname.setdefault(key(s), []).append(p)
        for o in self.offices:
            for t in o.titles:
                self._titles.setdefault(key(t), []).append(o)
            for lab in o.labels:
                self._labels.setdefault(key(lab), []).append(o)
        multi = sorted((a for a in self._alias if " " in a), key=len, reverse=True)
        self._alias_re = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(a) for a in multi) + r")(?!\w)")
            if multi
            else None
        )
        self._fuzzy_surnames = [s for s in self._surname if len(s) >= 5]
        self._fuzzy_labels = [k for k in self._labels if len(k) >= 5]
        self._label_cache: dict[tuple[str, str | None, str | None], LabelInfo] = {}
        self._canon_cache: dict[tuple[str, str | None, str | None], str | None] = {}

    # ------------------------------------------------------------------ loading

    @classmethod
    def from_file(cls, path: Path | str) -> SpeakerRegistry:
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as e:
            raise ConfigError(
                f"Speaker registry not found: {path}",
                "Reinstall verify or restore verify/knowledge/speakers.toml.",
            ) from e
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(
                f"Speaker registry {path} is not valid TOML: {e}",
                "Fix the syntax error at the line shown.",
            ) from e
        return cls.from_dict(data, origin=str(path))

    @classmethod
    def from_dict(cls, data: dict, origin: str = "speakers.toml") -> SpeakerRegistry:
        try:
            vocab = data.get("vocabulary", {})
            people = []
            for p in data.get("person", []):
                name = p["name"]
                surnames = p.get("surnames")
                if surnames is None:
                    surnames = [name.split()[-1]]
                active = p.get("active") or ["", ""]
                people.append(
                    Person(
                        name=name,
                        aliases=tuple(p.get("aliases", [])),
                        surnames=tuple(surnames),
                        role=p.get("role"),
                        active=(active[0] or None, active[1] or None),
                    )
                )
            offices = [
                Office(
                    titles=tuple(o.get("titles", [])),
                    labels=tuple(o.get("labels", [])),
                    publishers=tuple(o.get("publishers", [])),
                    holders=tuple(
                        Holder(h["name"], h.get("from") or None, h.get("to") or None)
                        for h in o["holders"]
                    ),
                )
                for o in data.get("office", [])
            ]
            generic = {
                key(g["label"]): bool(g.get("question", False))
                for g in vocab.get("generic_labels", [])
            }
        except (KeyError, TypeError, IndexError) as e:
            raise ConfigError(
                f"Speaker registry {origin} has a malformed entry ({e!r}).",
                "Each [[person]] needs a name; each [[office]] needs holders with a name.",
            ) from e

        def words(name: str) -> frozenset[str]:
            return frozenset(key(w) for w in vocab.get(name, []))

        return cls(
            people=people,
            offices=offices,
            honorifics=words("honorifics"),
            title_words=words("title_words"),
            generic_labels=generic,
            generic_nouns=words("generic_nouns"),
            heading_words=words("heading_words"),
            name_particles=words("name_particles"),
            address_titles=words("address_titles"),
        )

    @classmethod
    def default(cls) -> SpeakerRegistry:
        """The registry shipped in verify/knowledge/speakers.toml (loaded once)."""
        return _default_registry()

    # ------------------------------------------------------------------ lookups

    def person(self, name: str | None) -> Person | None:
        """The registry entry for a canonical name (or alias), if any."""
        if not name:
            return None
        canon = self._alias.get(key(name))
        return self._by_name.get(key(canon)) if canon else None

    def holds_title(self, name: str, title: str, date: str | None) -> bool:
        """Does ``name`` hold, on ``date``, an office one of whose titles ends in ``title``
        ("press secretary": the White House press secretary, the Kremlin press secretary)?"""
        day = _day(date)
        t = key(title)
        if not t or day is None:
            return False
        canon = self._alias.get(key(name), name)
        for k, offices in self._titles.items():
            # the office's own head, qualified ("white house press secretary"); not a title
            # of someone else's office ("spokesman for the russian president")
            qualified = k.endswith(" " + t) and not _possessed(k[: -len(t) - 1])
            if k == t or qualified:
                if any(o.holder(day) == canon for o in offices):
                    return True
        return False

    def role(self, name: str) -> str | None:
        """The registry role of a person ("official", "journalist", ...); None if unknown."""
        p = self.person(name) or self.person(self.canonical(name) or "")
        return p.role if p else None

    def asks_questions(self, name: str | None) -> bool | None:
        """Is ``name`` (as an article writes it) a reporter, whose words are a question turn
        (Q) of a transcript? True for a reporter ("a reporter", "unnamed reporter", a
        journalist of the registry); False for a person or office the registry knows in
        another role; None for a name it does not know (a journalist it has never heard of,
        or someone else)."""
        if not name:
            return None
        k = key(_PAREN_TAIL.sub("", name))
        words = k.split()
        if self._generic(k) or (words and words[-1] in {"reporter", "journalist", "correspondent"}):
            return True
        role = self.role(name)
        if role is not None:
            return role == "journalist"
        return False if self.canonical(name) and self.person(self.canonical(name)) else None

    def is_generic(self, label: str) -> bool:
        return self._generic(key(_PAREN_TAIL.sub("", label))) is not None

    def _generic(self, k: str) -> bool | None:
        """is_question for a generic label key; None when the key is not generic."""
        if k in self.generic_labels:
            return self.generic_labels[k]
        k2 = _ORDINAL_TAIL.sub("", k)
        if k2 in self.generic_labels:
            return self.generic_labels[k2]
        return None

    def _by_surname(self, k: str, day: str | None, fuzzy: bool) -> Person | None:
        people = self._surname.get(k)
        if not people and fuzzy:
            hit = _typo_match(k, self._fuzzy_surnames, min_len=7)
            if hit:
                people = self._surname.get(hit)
        if not people:
            return None
        active = [p for p in people if p.active_on(day)]
        return (active or people)[0]

    def _office_by_title(self, k: str, day: str | None, publisher: str | None) -> str | None:
        for office in self._titles.get(k, ()):
            if office.applies_to(publisher):
                name = office.holder(day)
                if name:
                    return name
        return None

    def _office_by_label(
        self, k: str, day: str | None, publisher: str | None, fuzzy: bool = False
    ) -> str | None:
        offices = self._labels.get(k, ())
        if not offices and fuzzy:
            hit = _typo_match(k, self._fuzzy_labels, min_len=7)
            offices = self._labels.get(hit, ()) if hit else ()
        for office in offices:
            if office.applies_to(publisher, label=True):
                name = office.holder(day)
                if name:
                    return name
        return None

    def _is_title_word(self, w: str, fuzzy: bool = False) -> bool:
        k = key(w)
        if k in self.title_words or k in self.honorifics:
            return True
        return fuzzy and _close_match(k, self.title_words, min_len=7, cutoff=90) is not None

    def _is_generic_noun(self, w: str, fuzzy: bool = False) -> bool:
        k = key(w)
        if k in self.generic_nouns:
            return True
        return fuzzy and _close_match(k, self.generic_nouns, min_len=6, cutoff=85) is not None

    def find_name(self, text: str) -> str | None:
        """The canonical name of the last known person written out in text (full name or
        multi-word alias), or None."""
        return self._find_alias(text, rightmost=True)

    def _find_alias(self, text: str, rightmost: bool = False) -> str | None:
        """A known full name (or multi-word alias) inside text, canonical: the longest, or
        with ``rightmost`` the last one (a label ends with its speaker's name)."""
        if self._alias_re is None:
            return None
        k = key(text)
        best = None
        for m in self._alias_re.finditer(k):
            if best is None or rightmost or len(m.group()) > len(best):
                best = m.group()
        return self._alias[best] if best else None

    # ------------------------------------------------------------------ labels

    def resolve_label(
        self, label: str, *, date: str | None = None, publisher: str | None = None
    ) -> tuple[str | None, bool]:
        """A transcript label -> (canonical speaker or None, is_question)."""
        info = self.label_info(label, date=date, publisher=publisher)
        return info.speaker, info.is_question

    def label_info(
        self, label: str, *, date: str | None = None, publisher: str | None = None
    ) -> LabelInfo:
        day = _day(date)
        ck = (label, day, publisher)
        info = self._label_cache.get(ck)
        if info is None:
            info = self._label_info(label, day, publisher)
            if len(self._label_cache) > 200_000:
                self._label_cache.clear()
            self._label_cache[ck] = info
        return info

    def _label_info(self, label: str, day: str | None, publisher: str | None) -> LabelInfo:
        core = _PAREN_TAIL.sub("", normalize_chars(label).strip()).strip(" :,-")
        k = key(core)
        if not k:
            return LabelInfo(None, generic=True)
        q = self._generic(k)
        if q is not None:
            return LabelInfo(None, is_question=q, generic=True)
        letters = [c for c in core if c.isalpha()]
        upper = sum(c.isupper() for c in letters) >= 0.7 * max(1, len(letters))
        name = self._office_by_label(k, day, publisher, fuzzy=upper)
        if name:
            return self._known(name, titled=True)
        if upper:
            return self._upper_label(core, day, publisher)
        return self._title_label(core, day)

    def _known(self, name: str, titled: bool, by_surname: bool = False) -> LabelInfo:
        p = self.person(name)
        role = p.role if p else None
        return LabelInfo(
            name,
            is_question=role == "journalist",
            known=True,
            role=role,
            titled=titled,
            by_surname=by_surname,
        )

    def _holder_by_title(self, title_k: str, surname_k: str, day: str | None) -> str | None:
        """ "FIRST LADY BIDEN", "PRESIDENT OBAMA": a holder of the titled office with that
        surname (the one in office on the day first)."""
        found = []
        for office in (*self._titles.get(title_k, ()), *self._labels.get(title_k, ())):
            for h in office.holders:
                if key(h.name).split()[-1] == surname_k or key(h.name).endswith(" " + surname_k):
                    found.append(h)
        if not found:
            return None
        if day:
            for h in found:
                if h.holds_on(day):
                    return h.name
        return found[-1].name

    def _upper_label(self, core: str, day: str | None, publisher: str | None) -> LabelInfo:
        """White House style: MS. JEAN-PIERRE, SECRETARY BLINKEN, PRIME MINISTER KISHIDA."""
        tokens = core.replace(".", ". ").split()
        titled = False
        i = 0
        while i < len(tokens):
            t = tokens[i].strip(".")
            tk = key(t)
            if not tk:
                i += 1
                continue
            if tk in self.honorifics or (len(tk) == 1 and tokens[i].endswith(".")):
                i += 1
                continue
            if i < len(tokens) - 1 and self._is_title_word(t, fuzzy=True):
                titled = True
                i += 1
                continue
            break
        rest = [t.strip(".,") for t in tokens[i:] if t.strip(".,")]
        if not rest or all(key(t) in self.address_titles for t in rest):
            return LabelInfo(None, generic=True)  # "MR. PRESIDENT", "MADAM SPEAKER"
        if self._is_generic_noun(rest[-1], fuzzy=True) and not self._surname.get(key(rest[-1])):
            return LabelInfo(None, generic=True)
        name_key = key(" ".join(rest))
        canon = self._alias.get(name_key)
        if canon:
            return self._known(canon, titled)
        if titled:
            title_k = key(" ".join(t.strip(".") for t in tokens[:i]))
            title_k = title_k[4:] if title_k.startswith("the ") else title_k
            holder = self._holder_by_title(title_k, name_key, day)
            if holder:
                return self._known(holder, titled)
        p = self._by_surname(name_key, day, fuzzy=True)
        if p is not None:
            return self._known(p.name, titled, by_surname=True)
        guess = titlecase_name(" ".join(rest))
        return LabelInfo(guess, titled=titled, surname_only=len(rest) == 1)

    def _title_label(self, core: str, day: str | None) -> LabelInfo:
        """Kremlin style: "Minister of Industry and Trade Denis Manturov", "Dmitry Peskov"."""
        canon = self._find_alias(core, rightmost=True)
        name = canon or self._name_in_title_label(core)
        if not name:
            return LabelInfo(None, generic=True)
        titled = key(name) != key(core) and key(core) not in self._alias
        if canon:
            return self._known(canon, titled)
        if " " not in name:
            p = self._by_surname(key(name), day, fuzzy=False)
            if p is not None:
                return self._known(p.name, titled, by_surname=True)
        return LabelInfo(name, titled=titled, surname_only=" " not in name)

    def _name_in_title_label(self, core: str) -> str | None:
        m = _CARD_REPEAT.search(core)
        if m and not self._is_title_word(m.group(1)) and not self._is_title_word(m.group(2)):
            return f"{m.group(1)} {m.group(2)}"
        m = _CARD_DOUBLE.search(core)
        if m:
            return m.group(1)
        run = self.name_run(core)
        if run:
            if key(run) != key(core):
                # after a title the name is the last two words: "President of Transneft
                # Nikolai Tokarev" -> "Nikolai Tokarev", not "Transneft Nikolai Tokarev"
                words = run.split()
                if len(words) > 2:
                    run = " ".join(words[-2:])
            return run
        if "," in core:  # "Yevgeny Trofimenko, Umatex R&D Centre, Rosatom State Corporation"
            head = core.split(",")[0]
            run = self.name_run(head)
            if run and key(run) == key(head):
                return run
        return None

    def name_run(self, text: str, max_words: int = 4) -> str | None:
        """The trailing run of capitalised non-title words: the person's name in a title+name
        phrase ("Uralchem CEO Dmitry Mazepin" -> "Dmitry Mazepin"), or None."""
        tokens = [t.strip(",;:\u2013\u2014-\"'()") for t in text.split()]
        out: list[str] = []
        for t in reversed(tokens):
            if not t:
                if out:
                    break
                continue
            tk = key(t)
            if t[0].isupper() and not self._is_title_word(t) and not any(c.isdigit() for c in t):
                out.append(t)
                if len(out) >= max_words:
                    break
            elif out and tk in self.name_particles:
                out.append(t)
            else:
                break
        while out and key(out[-1]) in self.name_particles:
            out.pop()
        if not out:
            return None
        return " ".join(reversed(out))

    # ------------------------------------------------------------------ articles

    def canonical(
        self, name: str, *, date: str | None = None, publisher: str | None = None
    ) -> str | None:
        """A name as an article writes it -> canonical name; a cleaned guess for unknown
        people (titles stripped); None when the text names nobody."""
        if not name:
            return None
        day = _day(date)
        ck = (name, day, publisher)
        if ck in self._canon_cache:
            return self._canon_cache[ck]
        out = self._canonical(name, day, publisher)
        if len(self._canon_cache) > 100_000:
            self._canon_cache.clear()
        self._canon_cache[ck] = out
        return out

    def _canonical(self, name: str, day: str | None, publisher: str | None) -> str | None:
        s = normalize_chars(name).strip().strip(" ,.;:\"'()[]")
        s = _POSSESSIVE.sub("", s).strip()
        if not s:
            return None
        letters = [c for c in s if c.isalpha()]
        if len(letters) > 1 and all(c.isupper() for c in letters) and not s.isalpha():
            # a transcript label ("MS. JEAN-PIERRE", "THE PRESIDENT")
            return self.label_info(s, date=day, publisher=publisher).speaker
        k = key(s)
        for art in ("the ", "a ", "an "):
            if k.startswith(art):
                k = k[len(art) :]
                s = s[len(art) :] if s[: len(art)].lower() == art else s
        if k in self._alias:
            return self._alias[k]
        hit = self._office_by_title(k, day, publisher)
        if hit:
            return hit
        canon = self._find_alias(s)
        if canon:
            return canon
        if self._generic(k) is not None:
            return None
        run = self.name_run(s)
        if run:
            if " " not in run:
                p = self._by_surname(key(run), day, fuzzy=False)
                if p is not None:
                    return p.name
            if run.isupper() and " " not in run and len(run) <= ACRONYM_MAX:
                return run  # an acronym the registry does not know ("DHS"), not a name
            return titlecase_name(run) if run.isupper() else run
        return self._office_inside(k, day, publisher)

    _NOT_HOLDER = re.compile(r"(?<!\w)(?:former|ex|deputy|vice|assistant|acting|late|first)\b")

    def _office_inside(self, k: str, day: str | None, publisher: str | None) -> str | None:
        """A known title inside a longer description ("longtime Kremlin spokesman")."""
        best = None
        for title in self._titles:
            if len(title) < 6:
                continue
            pos = k.find(title)
            if pos < 0:
                continue
            if (pos > 0 and k[pos - 1].isalnum()) or (
                pos + len(title) < len(k) and k[pos + len(title)].isalnum()
            ):
                continue
            if self._NOT_HOLDER.search(k[:pos]):
                continue
            if best is None or len(title) > len(best):
                best = title
        return self._office_by_title(best, day, publisher) if best else None

    def same_person(self, a: str | None, b: str | None, *, date: str | None = None) -> bool:
        """Whether two names (labels, mentions or canonical names) refer to the same person.
        A bare surname matches a full name with that surname ("Kirby" ~ "John Kirby")."""
        if not a or not b:
            return False
        ca = self.canonical(a, date=date)
        cb = self.canonical(b, date=date)
        if not ca or not cb:
            return False
        ka, kb = key(ca), key(cb)
        if ka == kb:
            return True
        if self.person(ca) is not None and self.person(cb) is not None:
            return False
        ta, tb = ka.split(), kb.split()
        short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
        if long_[-len(short) :] == short:
            return True
        if len(short) >= 2 and short[-1] == long_[-1]:
            fa, fb = short[0], long_[0]
            return (
                fa == fb
                or (len(fa) == 1 and fb.startswith(fa))
                or (len(fb) == 1 and fa.startswith(fb))
            )
        return False


def _typo_match(k: str, choices, min_len: int) -> str | None:
    """The choice one edit (or one swap of neighbours) away from k, for typos in labels."""
    if len(k) < min_len:
        return None
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    hit = process.extractOne(k, choices, scorer=OSA.distance, score_cutoff=1)
    return hit[0] if hit else None


def _close_match(k: str, choices, min_len: int, cutoff: float) -> str | None:
    """A vocabulary word close to k (similarity ratio >= cutoff): "ADMINSTRATOR", "OFFIAL"."""
    if len(k) < min_len:
        return None
    from rapidfuzz import fuzz, process

    hit = process.extractOne(k, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
    return hit[0] if hit else None


@lru_cache(maxsize=1)
def _default_registry() -> SpeakerRegistry:
    return SpeakerRegistry.from_file(DATA_FILE)
