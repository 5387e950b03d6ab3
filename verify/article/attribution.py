"""Who said it: speech cues, speaker mentions, the people an article names, credited outlets.

Pure rules and word lists (no model): used by :mod:`verify.article.extract`.

- :data:`CUE_FORMS` maps speech-verb forms ("said", "stressed", "telling") to their lemma.
- :class:`Tok` is a token of an analysed sentence; :func:`np_before` / :func:`np_after` find
  the speaker noun phrase next to a cue ("Russian Foreign Minister Sergei Lavrov noted",
  "said Russian President Vladimir Putin", "the Kremlin spokesman explained").
- :class:`Entities` collects the people an article names with their roles ("Russian
  presidential spokesman Dmitry Peskov", "Yury Ushakov, the president's foreign policy
  adviser") and resolves later mentions ("Peskov", "the Kremlin spokesman", "he") to them.
- :func:`outlets` reads ``verify/knowledge/outlets.toml``; :func:`find_outlets` spots them.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache

from verify.knowledge import DATA_DIR

# ---------------------------------------------------------------- speech cues

# Verbs that report speech and can introduce a reported clause ("X said that ...").
_CLAIM_LEMMAS = """
say tell add note stress explain claim state declare announce warn insist argue assert
emphasize emphasise write tweet post reply respond answer acknowledge admit concede confirm
deny suggest recall remark observe comment continue conclude predict promise vow pledge
reiterate repeat underline underscore reveal disclose report assure maintain contend believe
think estimate caution indicate hint testify agree complain allege charge counter retort
elaborate recount inform boast lament affirm proclaim clarify specify signal fear hope expect
mention highlight remind recommend propose voice guarantee forecast reckon exclaim
""".split()
# Verbs that attribute quoted words but do not take a reported clause
# ("called it a 'shortsighted decision'", "described the talks as 'balanced'").
_QUOTE_ONLY_LEMMAS = """
call describe denounce condemn criticize criticise slam blast praise welcome dismiss reject
accuse label brand dub term urge ask demand question characterize characterise decry hail
mock ridicule tout defend express refer cite exhort shout yell scream cry whisper murmur
chant plead beg sigh laugh muse marvel gush snap growl thunder scoff sneer joke quip bark
echo interject confess chide bemoan thank blame credit quote retweet email read
""".split()

_IRREGULAR = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "writing"),
    "think": ("thinks", "thought", "thinking"),
    "admit": ("admits", "admitted", "admitting"),
    "quip": ("quips", "quipped", "quipping"),
    "refer": ("refers", "referred", "referring"),
    "snap": ("snaps", "snapped", "snapping"),
    "beg": ("begs", "begged", "begging"),
    "read": ("reads", "read", "reading"),
    "forecast": ("forecasts", "forecast", "forecasting"),
}


def _forms(lemma: str) -> tuple[str, str, str]:
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma]
    third = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else "s")
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        third = lemma[:-1] + "ies"
        past = lemma[:-1] + "ied"
    elif lemma.endswith("e"):
        past = lemma + "d"
    else:
        past = lemma + "ed"
    ing = (lemma[:-1] if lemma.endswith("e") and not lemma.endswith("ee") else lemma) + "ing"
    return third, past, ing


CUE_FORMS: dict[str, str] = {}  # finite forms: "said" -> "say"
PARTICIPLES: dict[str, str] = {}  # "saying" -> "say"
for _lemma in _CLAIM_LEMMAS + _QUOTE_ONLY_LEMMAS:
    _third, _past, _ing = _forms(_lemma)
    for _f in (_lemma, _third, _past):
        CUE_FORMS.setdefault(_f, _lemma)
    PARTICIPLES.setdefault(_ing, _lemma)
CLAIM_LEMMAS = frozenset(_CLAIM_LEMMAS)
# Verb forms that are also common nouns or adjectives: a cue only with a speaker next to them.
AMBIGUOUS_FORMS = frozenset(
    "post posts report reports answer comment comments counter signal hint call calls "
    "charge charges voice fear hope expect state states claim claims note notes welcome "
    "question demand promise continue".split()
)
# Capitalised cue forms accepted in title-case headlines ("Kremlin Says ...").
HEADLINE_CUES = frozenset(
    "says said tells told warns warned claims insists denies admits urges slams vows "
    "stresses notes calls accuses".split()
)

PASSIVE_AUX = frozenset("was were is are be been being get got gets".split())

AUX = frozenset(
    """is are was were be been being has have had will would could can may might should must
    shall do does did 's 're 've 'll 'd ’s ’re ’ve ’ll ’d won't can't isn't aren't wasn't
    weren't hasn't haven't hadn't doesn't don't didn't wouldn't couldn't shouldn't won’t can’t
    isn’t aren’t wasn’t weren’t hasn’t haven’t hadn’t doesn’t don’t didn’t wouldn’t couldn’t
    shouldn’t cannot""".split()
)

# ---------------------------------------------------------------- noun phrase words

PRONOUNS = frozenset("he she they it we i".split())
DETERMINERS = frozenset(
    "the a an his her its their our this that these those another one two three several "
    "some many other both".split()
)
ROLE_NOUNS = frozenset(
    """spokesman spokeswoman spokesperson spokespeople spokesmen minister ministers secretary
    president adviser advisor aide aides official officials source sources diplomat diplomats
    ambassador envoy leader leaders chief head director governor senator senators lawmaker
    lawmakers legislator congressman congresswoman representative representatives chairman
    chairwoman chair commander general analyst analysts expert experts economist economists
    professor researcher counterpart premier chancellor king queen prince mayor candidate
    nominee manager strategist pollster executive ceo founder attorney lawyer judge prosecutor
    member members sheriff officer officers agent negotiator observer observers critic critics
    supporter supporters activist activists ally allies statement readout report ministry
    department office agency government administration campaign committee kremlin service
    embassy military army police authorities narrator journalist journalists reporter reporters
    correspondent host anchor author historian scientist doctor doctors witness witnesses
    resident residents people voters deputy emperor pope tweet letter memo study survey poll
    polls data figures republicans democrats speaker press-secretary secretary-general
    commissioner inspector investigator investigators staff staffer spokesperson""".split()
)
ROLE_MODIFIERS = frozenset(
    """foreign defense defence interior finance economic national security policy top senior
    former presidential state press military intelligence deputy vice prime white house new
    outgoing incoming acting first federal local regional government administration campaign
    party opposition ruling unnamed anonymous high-ranking western european public health
    energy trade treasury justice communications foreign-policy kremlin republican democratic
    russian american ukrainian chinese french german british us u.s. iranian israeli turkish
    polish belarusian nato eu un u.n. white-house press-service executive general chief
    council department ministry office agency adviser advisor""".split()
)
NP_WORDS = ROLE_NOUNS | ROLE_MODIFIERS
# Capitalised words that begin a clause or adjunct, never a speaker's name.
NOT_NAME_CAPS = frozenset(
    """However But And Or So Yet In On At After Before When While As If Then Meanwhile Also Now
    Earlier Later Today Yesterday Last Still Thus During For With From By To Since Speaking
    Responding Asked Although Though Because Despite Instead Indeed Moreover Separately
    Similarly Finally Here There This That It Such According Following Under Over Amid Back
    Just Only Even Once Read Photo Image Watch Source Update Note Related Video Credit File
    Breaking See Editor Editors Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    January February March April May June July August September October November December
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec What Who Why How Where Which Whether
    Not No Yes Asked Let Please Thank Thanks We I You He She They Is Are Was Were Do Does Did
    The A An His Her Its Their Our My Your Some Many Most All Every Each Both Other Another
    Such Let's Dear Mr Mrs Ms Dr""".split()
)
NAME_TITLES = frozenset(
    """President Minister Foreign Prime Secretary Press Spokesman Spokeswoman Spokesperson
    Senator Sen Sen. Rep Rep. Representative Gov Gov. Governor Deputy Defense Defence National
    Security Advisor Adviser Council Director Economic Chief General Gen Gen. Mr Mr. Ms Ms.
    Mrs Mrs. Dr Dr. Prof Prof. Ambassador Envoy Chairman Chairwoman Chair Speaker Leader
    Commander Admiral Colonel Col. Lt. Lieutenant Sergeant Mayor King Queen Prince Princess
    Pope Chancellor Premier Vice Acting Former Top Senior Presidential State Interior Finance
    Treasury Justice Attorney Judge Justice Sheriff Inspector Minority Majority House Senate
    White Kremlin Executive Communications Policy Assistant Special Representative
    Secretary-General Counselor Counsel Commissioner Aide Official CEO Founder Officer Deputy
    Congressman Congresswoman Lawmaker Federal Regional Minister-Counselor Presidential
    Administration Office Department Ministry Energy Health Intelligence Military""".split()
)
# Head words of institutions and places (a name ending in one is not a person).
ORG_WORDS = frozenset(
    """House Office Department Ministry Council Committee Commission Agency Service Bank Fund
    Union Court Party Times Post News Press Journal Network Group Corp Corp. Inc Inc. Company
    Institute University College School Center Centre Foundation Association Organization
    Organisation Reserve Republic Federation Kingdom States Nations Street Avenue Square Day
    Games Olympics Forum Summit Conference Club Cup World Channel Cosmodrome Plant Works Strait
    Sea Ocean River Island Islands Mountains Airport Station Museum Church Parliament Congress
    Senate Assembly Duma Administration Government Cabinet Embassy Consulate Kremlin Pentagon
    Petroleum Energy Force Forces Army Navy Police Guard Command Security Affairs Review
    Tribune Herald Telegraph Gazette Daily Radio Television TV Magazine Agency Media Network
    Industries Holdings Airlines Railways Region Oblast Province District County City State
    Town Village Coast Peninsula Sea Bloc Alliance Treaty Pact Accords Agreement Initiative
    Program Programme Project Plan Act Bill Law Code Strategy Review Report Index Exchange
    Market Markets Fed Bureau Board Authority Directorate Staff Headquarters Inc Ltd LLC Empire
    Dynasty Caliphate Revolution War""".split()
)
INSTITUTION_NAMES = frozenset(
    """U.S. US USA U.K. UK U.N. UN Kremlin Pentagon Washington Moscow Kyiv Kiev Beijing London
    Paris Berlin Brussels Tehran
    Ankara Tokyo Seoul Minsk Warsaw NATO EU UN OPEC OPEC+ Russia Ukraine China America Iran
    Israel Turkey Germany France Britain Belarus Poland Japan India Pakistan Syria Iraq Qatar
    Congress Parliament Senate Duma Rada Bundestag Elysee Élysée Downing Whitehall""".split()
)
PLACE_ADJECTIVES = frozenset(
    """Russian American Ukrainian Chinese French German British US U.S. Iranian Israeli
    Turkish Polish Belarusian Japanese Indian Pakistani Syrian Iraqi Saudi Emirati Qatari
    Azerbaijani Armenian Georgian Kazakh European Western Eastern Soviet Korean Italian Spanish
    Canadian Australian Mexican Brazilian Hungarian Finnish Swedish Norwegian Danish Dutch
    Belgian Swiss Austrian Czech Slovak Romanian Bulgarian Serbian Croatian Greek Egyptian
    Lebanese Afghan Venezuelan Cuban Taiwanese""".split()
)
# Synonymous role heads ("the Russian leader" can be the president).
_ROLE_SYNONYMS = {
    "leader": {
        "president",
        "prime",
        "premier",
        "chancellor",
        "king",
        "leader",
        "head",
        "counterpart",
    },
    "president": {"president", "leader", "head"},
    "adviser": {"adviser", "advisor", "aide"},
    "advisor": {"adviser", "advisor", "aide"},
    "aide": {"adviser", "advisor", "aide", "assistant"},
    "spokesman": {"spokesman", "spokeswoman", "spokesperson", "secretary"},
    "spokeswoman": {"spokesman", "spokeswoman", "spokesperson", "secretary"},
    "spokesperson": {"spokesman", "spokeswoman", "spokesperson", "secretary"},
    "minister": {"minister", "secretary"},
    "diplomat": {"minister", "diplomat", "ambassador", "envoy", "secretary"},
    "chief": {"chief", "head", "director", "leader"},
    "head": {"chief", "head", "director", "leader"},
}
FEMALE_HINTS = frozenset(
    """ms ms. mrs mrs. madam spokeswoman chairwoman congresswoman businesswoman queen princess
    karine jen hillary nancy kamala ursula liz theresa angela maria valentina elvira
    marine svetlana olga irina tatiana natalia natasha anna elena ekaterina yulia iryna
    jennifer linda susan sarah karen lisa michelle laura emily jessica amy elizabeth mary
    patricia margaret kristi kirsten gina janet jill melania ivanka kellyanne sarah huckabee
    condoleezza madeleine samantha victoria nikki christine annalena emmanuelle kaja
    annegret mette sanna jacinda""".split()
)

MALE_HINTS = frozenset(
    """mr mr. sir lord king prince spokesman chairman congressman businessman donald joe
    barack vladimir dmitry sergei yury yuri jake john antony ned mike michael george bill
    ron ted marco bernie chris jeb rand ben tim paul peter david james robert richard
    thomas charles mark steven stephen kevin brian jeff jeffrey scott eric andrew emmanuel
    olaf boris rishi recep volodymyr alexander alexei alexey nikolai ivan viktor xi wang
    benjamin mohammed muhammad ali hassan ahmed ebrahim hossein abbas kim""".split()
)

SPEAKER_STOP = frozenset("photo image read watch source update note video credit file".split())


# ---------------------------------------------------------------- tokens


@dataclass
class Tok:
    kind: str  # "w" word, "p" punctuation, "q" a masked top-level quotation
    text: str  # as written in the article
    start: int
    end: int
    quote: int | None = None  # index of the quotation for kind "q"

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def cap(self) -> bool:
        return self.kind == "w" and self.text[:1].isupper()

    @property
    def base(self) -> str:
        """The word without a possessive ending."""
        t = self.text
        for suf in ("'s", "’s", "s'", "s’"):
            if t.endswith(suf) and len(t) > 3:
                return t[:-2] if suf[0] in "'’" else t[:-1]
        return t

    @property
    def possessive(self) -> bool:
        return (
            self.kind == "w" and self.text.endswith(("'s", "’s", "s'", "s’")) and len(self.text) > 3
        )


def is_name_word(t: Tok) -> bool:
    """A capitalised word that may be part of a name or title."""
    if t.kind != "w":
        return False
    if not (t.text[:1].isupper() or (t.text[:1].isdigit() is False and t.text[:1] in "ÉÖ")):
        return False
    return t.base not in NOT_NAME_CAPS


def _np_word(t: Tok) -> bool:
    if t.kind != "w":
        return False
    if is_name_word(t):
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


def np_before(toks: list[Tok], end: int, *, lenient: bool = False) -> tuple[int, int] | None:
    """The speaker noun phrase that ends at or just before ``end`` (exclusive), as token
    indices [i, j). Adverbs and time adjuncts between the phrase and ``end`` are skipped."""
    j = _skip_adjuncts_back(toks, end - 1)
    if j < 0 or toks[j].kind != "w":
        return None
    t = toks[j]
    if t.low in PRONOUNS and not t.possessive:
        return (j, j + 1)
    i = j
    while i >= 0:
        tk = toks[i]
        if tk.kind != "w":
            if tk.text in "-‐" and i > 0 and toks[i - 1].kind == "w" and i + 1 <= j:
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
                and (_np_word(toks[i - 2]) or toks[i - 2].possessive)
            ):
                i -= 2
                continue
            i -= 1
            break
        if _np_word(tk) or tk.possessive:
            i -= 1
            continue
        if (
            low == "and"
            and i > 0
            and i < j
            and (_np_word(toks[i - 1]) or toks[i - 1].possessive)
            and (_np_word(toks[i + 1]))
            and (toks[i - 1].cap == toks[i + 1].cap)
        ):
            # "Her advisers and allies", "Sullivan and Deese"
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
    if i > j:
        if lenient and toks[j].kind == "w" and toks[j].low not in AUX:
            return (j, j + 1)
        return None
    if (
        i == j + 1
        and j >= 1
        and toks[j].kind == "w"
        and toks[j].text.islower()
        and toks[j].low not in AUX
        and toks[j - 1].possessive
    ):
        # "Henry Clay's biographers", "Clinton's introducer"
        i = j - 1
        while i > 0 and (toks[i - 1].cap or toks[i - 1].low in ("the", "a", "an")):
            i -= 1
            if toks[i].low in ("the", "a", "an"):
                break
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
        if tk.kind == "w" and (_np_word(tk) or tk.possessive):
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
        break
    if j == i or (j == i + 1 and toks[i].low in DETERMINERS):
        return None
    head = toks[j - 1]
    if not (is_name_word(head) or head.base.lower() in ROLE_NOUNS):
        return None
    return (i, j)


# ---------------------------------------------------------------- outlets


@dataclass(frozen=True)
class Outlet:
    name: str
    aliases: tuple[str, ...]
    kind: str


@lru_cache(maxsize=1)
def outlets() -> tuple[Outlet, ...]:
    with open(DATA_DIR / "outlets.toml", "rb") as fh:
        data = tomllib.load(fh)
    return tuple(
        Outlet(o["name"], tuple(o.get("aliases") or [o["name"]]), o.get("kind", "outlet"))
        for o in data.get("outlet", [])
    )


@lru_cache(maxsize=1)
def _outlet_regex() -> tuple[re.Pattern[str], dict[str, str]]:
    alias_to_name: dict[str, str] = {}
    for o in outlets():
        for a in (o.name, *o.aliases):
            alias_to_name.setdefault(a, o.name)
    alts = sorted(alias_to_name, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![\w@#/.-])(?:" + "|".join(re.escape(a) for a in alts) + r")(?![\w-])"
    )
    return pattern, alias_to_name


def find_outlets(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Outlet names in text[start:end]: (start, end, canonical name)."""
    pattern, names = _outlet_regex()
    end = len(text) if end is None else end
    return [(m.start(), m.end(), names[m.group()]) for m in pattern.finditer(text, start, end)]


def outlet_name(mention: str | None) -> str | None:
    """The canonical outlet named in a mention ("the Russian agency TASS" -> "TASS")."""
    if not mention:
        return None
    found = find_outlets(mention)
    return found[-1][2] if found else None


def canonical_outlet(name: str | None) -> str | None:
    """An outlet string (an Article.outlet such as "The Moscow Times (AFP)") to the
    gazetteer name of the outlet it names first, or None when none is known."""
    if not name:
        return None
    head = name.split(" (")[0]
    found = find_outlets(head)
    if found:
        return found[0][2]
    low = head.strip().lower()
    for o in outlets():
        if low == o.name.lower() or low in (a.lower() for a in o.aliases):
            return o.name
    return None


# ---------------------------------------------------------------- people in an article


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


def split_title(span: list[Tok]) -> tuple[list[Tok], list[Tok]]:
    """Split a name phrase into (title part, name part): "Russian Foreign Minister Sergei
    Lavrov" -> ("Russian Foreign Minister", "Sergei Lavrov")."""
    k = len(span)
    while k > 0:
        t = span[k - 1]
        if t.kind != "w" or not is_name_word(t):
            break
        b = t.base
        if (
            b in NAME_TITLES
            or b.removesuffix("s") in NAME_TITLES
            or b in ORG_WORDS
            or b in PLACE_ADJECTIVES
            or b in INSTITUTION_NAMES
        ):
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

    def scan_sentence(self, toks: list[Tok]) -> None:
        """Collect titled names ("spokesman Dmitry Peskov"), two-word names and appositive
        roles ("Yury Ushakov, the president's foreign policy adviser,")."""
        n = len(toks)
        i = 0
        while i < n:
            if not (_np_word(toks[i]) or toks[i].possessive) or toks[i].low in DETERMINERS:
                i += 1
                continue
            j = i
            while j < n and (_np_word(toks[j]) or toks[j].possessive):
                if toks[j].possessive and j > i and is_name_word(toks[j]):
                    j += 1
                    break
                j += 1
            span = toks[i:j]
            self._from_span(toks, i, j, span)
            i = max(j, i + 1)

    def _from_span(self, toks: list[Tok], i: int, j: int, span: list[Tok]) -> None:
        if not span:
            return
        title, name = split_title(span)
        # an inverted cue that opens the sentence is not part of the name ("Said Putin:")
        while len(name) > 1 and not title and i == 0 and name[0].low in CUE_FORMS:
            name = name[1:]
            i += 1
        if not name:
            return
        name_text = " ".join(t.base for t in name)
        if any(t.possessive for t in name[:-1]):
            return
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
                and (_np_word(toks[k]) or toks[k].possessive or toks[k].low in ("of", "for", "'s"))
            ):
                k += 1
            if k > start + 1 and toks[k - 1].base.lower() in ROLE_NOUNS:
                return " ".join(t.text for t in toks[start + 1 : k])
        return None

    # -- resolving ----------------------------------------------------------

    def find_surname(self, word: str) -> Entity | None:
        """The most recently mentioned person this word names (first named on a tie)."""
        best = None
        for e in self._by_key.get(word, ()):
            if best is None or (e.last_pos, -e.order) > (best.last_pos, -best.order):
                best = e
        return best

    def by_role(self, words: list[str], pos: int) -> Entity | None:
        """The person whose recorded role fits a nominal mention ("the Kremlin spokesman",
        "the minister", "the Russian leader"), most recently mentioned first."""
        low = [w.lower().removesuffix("'s").removesuffix("’s") for w in words]
        low = [w for w in low if w not in DETERMINERS]
        if not low:
            return None
        head = low[-1]
        heads = _ROLE_SYNONYMS.get(head, {head})
        mods = [w for w in low[:-1] if w not in ("of", "for", "the")]
        best: tuple[int, int, Entity] | None = None
        cands = {id(e): e for h in heads for e in self._by_role_word.get(h, ())}
        for e in sorted(cands.values(), key=lambda x: x.order):
            if e.first_pos > pos:
                continue
            rw = {w.lower() for w in e.role_words()}
            if not (rw & heads):
                continue
            ent_nat = {_nat(w) for w in rw if _nat(w)}
            mod_nat = {_nat(w) for w in mods if _nat(w)}
            if ent_nat and mod_nat and not (ent_nat & mod_nat):
                continue
            score = sum(1 for w in mods if w in rw)
            key = (score, e.last_pos)
            if best is None or key > best[:2]:
                best = (score, e.last_pos, e)
        return best[2] if best else None


_NAT_ALIASES = {"us": "american", "u.s.": "american", "u.s": "american", "usa": "american"}


def _nat(word: str) -> str | None:
    """The nationality a modifier names ("US" -> "american"), or None."""
    w = word.lower()
    if w in _NAT_ALIASES:
        return _NAT_ALIASES[w]
    return w if w.capitalize() in PLACE_ADJECTIVES else None


def mention_kind(span: list[Tok]) -> str:
    """ "pronoun", "outlet", "institution", "name" or "role" (a nominal like "the minister")."""
    if len(span) == 1 and span[0].low in PRONOUNS:
        return "pronoun"
    text = " ".join(t.text for t in span)
    if outlet_name(text):
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
    _, name = split_title(span)
    if name:
        return "name"
    bases = [t.base for t in span]
    if any(b in INSTITUTION_NAMES or b in ORG_WORDS for b in bases) and any(t.cap for t in span):
        return "institution"
    return "role"


def institution_name(span: list[Tok]) -> str:
    words = [t.text for t in span]
    while words and words[0].lower() in DETERMINERS:
        words = words[1:]
    if words:
        words[-1] = span[-1].base
    return " ".join(words)


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
