"""Speech cues of one sentence, with the speaker phrase and the content each one governs.

Cues are speech verbs ("said", "stressed", "told TASS"), participles (", adding that"),
"according to", and name labels ("John Kirby: ..."). Each cue finds its speaker noun phrase
("the Kremlin spokesman explained", "said Russian President Vladimir Putin", "Yury Ushakov,
the president's adviser, told"), or shares the speaker of the cue it is coordinated with
("... said X and added"), and owns content regions of its sentence: ``pre`` after the cue,
``post`` before the speaker ("'...,' he said"). A quotation belongs to the innermost region
that holds it.

:func:`analyse` returns frozen :class:`Cue` values; the drafts it refines while placing the
regions never leave this module.
"""

from __future__ import annotations

from dataclasses import dataclass

from verify.article.quotes.phrases import (
    _skip_adjuncts_back,
    is_name_word,
    nickname,
    np_after,
    np_before,
    person_noun,
)
from verify.article.quotes.sentences import Tok
from verify.article.quotes.words import (
    AMBIGUOUS_FORMS,
    AUX,
    CLAIM_LEMMAS,
    COPULA,
    CUE_FORMS,
    DETERMINERS,
    HEADLINE_CUES,
    NOT_NAME_CAPS,
    NP_WORDS,
    OBJECT_LEMMAS,
    PARTICIPLES,
    PASSIVE_AUX,
    PRONOUNS,
    QUOTE_NEAR_LEMMAS,
    ROLE_NOUNS,
    XCOMP_LEMMAS,
)

Span = tuple[int, int]


@dataclass(frozen=True)
class Cue:
    """One attribution cue of a sentence (token indices into the sentence's tokens).

    ``np`` is the speaker phrase [i, j); ``parent`` the token index ``ci`` of the cue whose
    speaker this one shares ("... and added"); ``pre``/``post`` the content regions after the
    cue and before the speaker; ``start``/``end`` the cue's characters in the article.
    """

    ci: int
    cj: int
    kind: str  # "verb", "part", "according", "colon", "dash" (a byline after a quotation)
    lemma: str
    np: Span | None
    parent: int | None
    pre: Span | None
    post: Span | None
    outer_start: int
    start: int
    end: int
    from_parse: bool = False  # found by the dependency parse only
    relayed: bool = False  # its speaker follows "that" ("... said that Putin complained")


@dataclass
class _Draft:
    ci: int
    cj: int
    kind: str
    lemma: str
    np: Span | None = None
    parent: _Draft | None = None
    pre: Span | None = None
    post: Span | None = None
    outer_start: int = 0
    relayed: bool = False
    # where the clause of the cue begins when it is not the speaker's phrase ("AFP quoted
    # Putin as saying": AFP)
    clause_start: int | None = None


def analyse(toks: list[Tok], title_case: bool) -> list[Cue]:
    """The cues of one sentence, in token order, with speaker phrases and regions."""
    return [
        Cue(
            d.ci,
            d.cj,
            d.kind,
            d.lemma,
            d.np,
            d.parent.ci if d.parent is not None else None,
            d.pre,
            d.post,
            d.outer_start,
            toks[d.ci].start,
            toks[d.cj - 1].end,
            relayed=d.relayed,
        )
        for d in _drafts(toks, title_case)
    ]


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


def is_verbish(t: Tok) -> bool:
    if t.kind != "w":
        return False
    low = t.low
    return low in AUX or (low.endswith("ed") and len(low) > 3 and not t.cap) or low in CUE_FORMS


# A verb and its particle next to a quotation: a retort ("pushed back", "shot back", "fired
# back", "hit back") or a turn taken in a conversation ("“Who is running point ...?” another
# reporter followed up", "chimed in"). Form -> (lemma, particle); "cut" itself is left out
# ("would a production cut in ...": a noun).
_PARTICLE_CUES = {
    f: (lemma, particle)
    for lemma, particle, forms in (
        ("push", "back", ("push", "pushes", "pushed", "pushing")),
        ("shoot", "back", ("shoot", "shoots", "shot", "shooting")),
        ("fire", "back", ("fire", "fires", "fired", "firing")),
        ("hit", "back", ("hit", "hits", "hitting")),
        ("follow", "up", ("follow", "follows", "followed", "following")),
        ("chime", "in", ("chime", "chimes", "chimed", "chiming")),
        ("jump", "in", ("jump", "jumps", "jumped", "jumping")),
        ("cut", "in", ("cuts", "cutting")),
        ("pipe", "up", ("pipe", "pipes", "piped", "piping")),
    )
    for f in forms
}
# after a cue set off by commas, a conjunction carries on the clause before it ("X was
# "deeply involved", Biden said, and was the "mastermind"")
_CLAUSE_GOES_ON = frozenset(("and", "but"))
_REFUSALS = frozenset("declined declines decline declining refused refuses refuse refusing".split())
# speech verbs that, before an infinitive or an -ing verb, say that an action goes on
ASPECTUAL_LEMMAS = frozenset({"continue"})


def _find_cues(toks: list[Tok], title_case: bool) -> list[_Draft]:
    cues: list[_Draft] = []
    n = len(toks)
    for i, t in enumerate(toks):
        if t.kind == "p":
            if t.text == ":" and i > 0 and i + 1 < n:
                cues.append(_Draft(i, i + 1, "colon", "colon"))
            elif t.text in _BYLINE_DASHES and _byline_np(toks, i) is not None:
                cues.append(_Draft(i, i + 1, "dash", "dash"))
            continue
        if t.kind != "w":
            continue
        low = t.low
        if low == "according" and i + 1 < n and toks[i + 1].low == "to":
            cues.append(_Draft(i, i + 2, "according", "according to"))
            continue
        if (
            low in ("put", "puts")
            and i + 1 < n
            and toks[i + 1].low == "it"
            and i > 0
            and toks[i - 1].kind == "w"
        ):
            cues.append(_Draft(i, i + 2, "verb", "put it"))  # "as Rosenthal put it, '...'"
            continue
        if (
            low in ("used", "uses", "use")
            and i + 2 < n
            and toks[i + 1].low in ("the", "a", "this", "that", "his", "her")
            and toks[i + 2].low in _TERM_NOUNS
        ):
            cues.append(_Draft(i, i + 3, "verb", "use the term"))  # "used the phrase 'X'"
            continue
        if low in ("pointed", "points", "point") and i + 1 < n and toks[i + 1].low == "out":
            if i > 0 and toks[i - 1].low in PASSIVE_AUX:
                continue
            cues.append(_Draft(i, i + 2, "verb", "point out"))
            continue
        if (
            low in _PARTICLE_CUES
            and i + 1 < n
            and toks[i + 1].low == _PARTICLE_CUES[low][1]
            and any(t.kind == "q" for t in toks[max(0, i - 6) : i] + toks[i + 2 : i + 8])
        ):
            # "“But the question was ...,” Heinrich pushed back"
            lemma, particle = _PARTICLE_CUES[low]
            cues.append(_Draft(i, i + 2, "verb", f"{lemma} {particle}"))
            continue
        if t.cap and not (title_case and t.text in {h.capitalize() for h in HEADLINE_CUES}):
            if not (low in HEADLINE_CUES and t.text.isupper() and len(t.text) > 2):
                continue
        if (low in CUE_FORMS or low in PARTICIPLES) and not _quote_near(toks, i):
            continue  # "continues to attack Ukraine": speech only with a quotation after it
        if low in CUE_FORMS:
            lemma = CUE_FORMS[low]
            prev = toks[i - 1] if i > 0 else None
            if prev is not None and prev.kind == "w" and prev.low in DETERMINERS:
                continue  # "the said", "a claim"
            nxt = toks[i + 1] if i + 1 < n else None
            if (
                lemma in ASPECTUAL_LEMMAS
                and nxt is not None
                and nxt.kind == "w"
                and (nxt.low == "to" or _adjunct_participle(nxt))
            ):
                continue  # "NATO continued to strengthen Kiev by crossing the 'red lines'"
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
                before_to = toks[i - 2] if i >= 2 else None
                copula = before_to is not None and before_to.low in COPULA
                # "declined to say whether ...": nothing said
                refused = before_to is not None and before_to.low in _REFUSALS
                # "went on to say"; not "the aim of the war was to defend 'our' people": an
                # infinitive after a copula says what something is for, not who speaks
                if low == lemma and not copula and not refused:
                    cues.append(_Draft(i, i + 1, "part", lemma))
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
                # base forms other than "officials say" style are mostly nouns/imperatives,
                # except after a modal ("could only quip:", "would not comment")
                if not (
                    prev is not None
                    and prev.kind == "w"
                    and (
                        prev.low in PRONOUNS
                        or prev.base.lower() in ("officials", "sources", "experts", "analysts")
                    )
                ) and not _after_modal(toks, i):
                    continue
            cues.append(_Draft(i, i + 1, "verb", lemma))
        elif _verb_after_quote(toks, i):
            cues.append(_Draft(i, i + 1, "verb", low))  # "“...,” he surmised."
        elif low in PARTICIPLES:
            k = i - 1
            while k > 0 and toks[k].kind == "w" and toks[k].low.endswith("ly") and not toks[k].cap:
                k -= 1
            prev = toks[k] if k >= 0 and i > 0 else None
            if prev is not None and (
                prev.text in (",", "—", "–", "-", ";")
                or prev.low in ("and", "but", "as", "while", "before", "after", "by", "when")
                # the comma inside the closing mark: 'extolled the "..., " saying ...'
                or (prev.kind == "q" and prev.text.rstrip("”’\"'»").endswith(","))
            ):
                cues.append(_Draft(i, i + 1, "part", PARTICIPLES[low]))
            elif _with_subject(toks, i) is not None:
                cues.append(_Draft(i, i + 1, "part", PARTICIPLES[low]))
    return cues


_MODALS = frozenset("will would could can may might should must".split())


def _after_modal(toks: list[Tok], i: int) -> bool:
    """A base form after a modal, adverbs between: "could only quip", "would not say"."""
    k = i - 1
    while k >= 0 and toks[k].kind == "w" and toks[k].low in ("only", "not", "also", "just"):
        k -= 1
    return k >= 0 and toks[k].kind == "w" and toks[k].low in _MODALS


def _verb_after_quote(toks: list[Tok], i: int) -> bool:
    """A past-tense verb that ends an attribution after a quotation that ends in a comma,
    "?" or "!" ("“...,” he surmised.", "“...!” an angry Hollande retaliated."): a verb of
    saying the word lists do not know. The verb ends its clause; its subject is a pronoun
    or a short phrase right after the quotation."""
    t = toks[i]
    if t.kind != "w" or not t.text.islower() or not t.low.endswith("ed") or len(t.low) < 5:
        return False
    if i + 1 < len(toks) and not (toks[i + 1].kind == "p" and toks[i + 1].text in ".,;!"):
        return False
    np = np_before(toks, i)
    if np is None or np[1] != i or np[0] == 0 or np[1] - np[0] > 4:
        return False
    k = np[0] - 1  # "an angry Hollande": a determiner and an adjective before the name
    while k > 0 and np[0] - k <= 2 and toks[k].kind == "w" and toks[k].text.islower():
        k -= 1
    q = toks[k]
    if q.kind != "q":
        return False
    inner = q.text.rstrip("\"'”’»“ ")
    return inner.endswith((",", "?", "!"))


def _quote_near(toks: list[Tok], i: int) -> bool:
    """A verb of :data:`QUOTE_NEAR_LEMMAS` ("attacked") is a cue only with a quotation among
    the few words after it ("attacked 'the hateful ideology'", "attacked Clinton as a
    'disgrace'"); the others always pass."""
    low = toks[i].low
    lemma = CUE_FORMS.get(low) or PARTICIPLES.get(low)
    if lemma not in QUOTE_NEAR_LEMMAS:
        return True
    for t in toks[i + 1 : i + 7]:
        if t.kind == "q":
            return True
        if t.kind == "p" and t.text in ".;:!?":
            return False
    return False


# "used the phrase 'X'": the quoted words are the user's
_TERM_NOUNS = frozenset("phrase phrases word words term terms expression expressions".split())

_BYLINE_DASHES = frozenset("―—–-")


def _byline_np(toks: list[Tok], i: int) -> tuple[int, int] | None:
    """A quotation signed by a dash and a name that ends the sentence ("“...” ― Sonya
    Herridge", the voices of a vox pop, an epigraph): the name's span, else None."""
    k = i - 1
    while k >= 0 and toks[k].kind == "p" and toks[k].text in ",.":
        k -= 1
    if k < 0 or toks[k].kind != "q":
        return None
    np = np_after(toks, i + 1)
    if np is None or np[1] - np[0] > 5:
        return None
    if not all(is_name_word(t) for t in toks[np[0] : np[1]]):
        return None
    rest = toks[np[1] :]
    if rest and not (rest[0].kind == "p" and rest[0].text in ".,(;"):
        return None
    return np


def _before_parenthesis(toks: list[Tok], i: int) -> int:
    """Where a name label ends before its colon: before a short parenthesis ("Rep. Trey
    Gowdy (R-S.C.):") or right at the colon."""
    if i >= 2 and toks[i - 1].text == ")":
        k = i - 2
        while k > 0 and i - k <= 6 and toks[k].text != "(":
            k -= 1
        if toks[k].text == "(":
            return k
    return i


_ADJUNCT_OPENERS = frozenset(("while", "when", "after", "before", "during"))


def _appositive_np(toks: list[Tok], ci: int) -> tuple[int, int] | None:
    """ "Yury Ushakov, the president's foreign policy adviser, told" -> "Yury Ushakov" (also
    with an adverb before the verb: "..., recently put it")."""
    j = _skip_adjuncts_back(toks, ci - 1)
    if j < 1 or toks[j].text != ",":
        return None
    k = j - 1
    steps = 0
    candidate: tuple[int, int] | None = None
    while k >= 0 and steps < 30:
        t = toks[k]
        if t.kind == "q" and nickname(toks, k):
            k -= 1  # Marcia "Cia" Price
            steps += 1
            continue
        if t.text == "." and k + 1 < len(toks) and toks[k + 1].text == "," and k > 0:
            k -= 1  # an abbreviation's full stop: "of Ashton, Md., who watched ..."
            steps += 1
            continue
        if t.kind == "q" or t.text in ".;:":
            return candidate
        if t.kind == "w" and t.low in CUE_FORMS and t.low not in NP_WORDS:
            if not (k >= 2 and toks[k - 1].low in _ADJUNCT_OPENERS and toks[k - 2].text == ","):
                return candidate  # another verb (not "state" of "state Del. Marcia Price")
            # "Putin, while addressing a conference, said": the verb of an adjunct
        if t.text == ",":
            first = toks[k + 1]
            if not (
                first.low in DETERMINERS
                or first.low in ("who", "which", "whose", "speaking", "himself", "herself")
                or first.low in _ADJUNCT_OPENERS
                or is_name_word(first)
                or first.low in NP_WORDS
                or first.low.endswith("ing")
                or first.low in ("in", "at", "on", "of", "from")
                or first.text.isdigit()  # an age: "Donna Rawlings, 59, of Ashton"
            ):
                return candidate
            np = np_before(toks, k)
            if np is None:
                k -= 1  # "59," "Md.,": one more appositive before this one
                steps += 1
                continue
            s = np[0]
            if (
                s == 0
                or toks[s - 1].kind in ("p", "q")
                or toks[s - 1].low
                in (
                    "and",
                    "but",
                    "that",
                    "as",  # "As Steven Rosenthal, a tax lawyer, put it"
                )
            ):
                found = _named_in_apposition(toks, np, (k + 1, j)) or np
                if s == 0 or toks[s - 1].text != "," or toks[found[0]].low not in DETERMINERS:
                    return found
                # "Jean-Marc Ayrault, the foreign minister of France, a permanent member,
                # said": a determiner phrase after a comma is an appositive too; a name
                # before an earlier comma is the subject
                candidate = candidate or found
            # (a phrase that is no subject here: the subject is before an earlier comma)
        k -= 1
        steps += 1
    return candidate


def _main_clause_cue(toks: list[Tok], prev: list[_Draft]) -> _Draft:
    """The cue a participle after it shares its speaker with: the last one, unless that one
    is in a clause reported by an earlier cue ("Clinton told the audience that she believes
    ..., saying that ...": Clinton's "told")."""
    b = prev[-1]
    for earlier in reversed(prev[:-1]):
        if b.np is None or b.np[0] == 0 or toks[b.np[0] - 1].low != "that":
            break
        if earlier.np is None or earlier.cj > b.np[0] - 1:
            break
        b = earlier
    return b


_NP_PREPS = frozenset("in of at for from with".split())


def _np_with_head_before(toks: list[Tok], np: tuple[int, int]) -> tuple[int, int]:
    """A speaker phrase after a quotation whose head comes before a preposition ("“...?” a
    narrator in the Clinton ad asks"): the whole phrase, from the quotation on."""
    i = np[0]
    k = i - 1  # "“...!” an angry Hollande retaliated": the words before the name too
    while k > 0 and i - k <= 2 and toks[k].kind == "w" and toks[k].text.islower():
        k -= 1
    if (
        k < i - 1
        and toks[k].kind == "q"
        and toks[k + 1].low in DETERMINERS
        and is_name_word(toks[i])  # not "“...,” a phrase she has repeated"
    ):
        return (k + 1, np[1])
    if i < 3 or toks[i - 1].low not in _NP_PREPS:
        return np
    k = i - 2
    while k > 0 and i - 1 - k <= 4 and toks[k].kind == "w" and toks[k].low not in AUX:
        if toks[k - 1].kind == "q" or (toks[k - 1].text == "," and toks[k - 2].kind == "q"):
            if toks[k].low in DETERMINERS and k < i - 2:
                return (k, np[1])  # "a narrator in the ad": a determiner and a noun
            return np
        k -= 1
    return np


def _name_after_modifiers(toks: list[Tok], start: int) -> tuple[int, int] | None:
    """The name that ends an inverted speaker phrase whose first words are no name words
    ("…," said 9/11 widow Terry Strada."): two to four name words right before the
    phrase's end (a comma, a full stop, a parenthesis), at most eight tokens on."""
    n = len(toks)
    end = start
    while (
        end < n
        and end - start <= 8
        and toks[end].kind != "q"
        and not (toks[end].kind == "p" and toks[end].text in ",.;(")
    ):
        end += 1
    if end == start or end - start > 8 or (end < n and toks[end].kind == "q"):
        return None
    i = end
    while i > start and is_name_word(toks[i - 1]) and not toks[i - 1].possessive:
        i -= 1
    if not 2 <= end - i <= 4:
        return None
    return (i, end)


def _with_subject(toks: list[Tok], i: int) -> tuple[int, int] | None:
    """The subject of a participle in a "with" clause ("with White House Press Secretary Jen
    Psaki claiming ...") or after "of" ("footage of Hillary Clinton asking, ..."): a name or
    a role phrase right before it."""
    np = np_before(toks, i)
    if np is None or np[0] == 0 or toks[np[0] - 1].low not in ("with", "of", "about"):
        return None
    if toks[np[0] - 1].low in ("of", "about") and np[1] != i:
        return None  # "of X asking", "asked about Manchin saying": right before it
    if toks[np[0]].low in PRONOUNS or not any(t.cap for t in toks[np[0] : np[1]]):
        return None
    return np


def _quoted_as_subject(toks: list[Tok], i: int) -> tuple[int, int] | None:
    """The subject of "was quoted as saying" ("“...,” Putin, while addressing a conference,
    was quoted as saying by Bloomberg"): the phrase before the passive auxiliary, or the
    name before an appositive or adjunct set off by commas."""
    if i < 3 or toks[i - 1].low != "as" or toks[i - 2].low != "quoted":
        return None
    k = i - 3
    if toks[k].low not in PASSIVE_AUX:
        return None
    np = np_before(toks, k)
    if np is not None and toks[np[0]].low in ("it", "that", "this", "which"):
        return None
    return np or _appositive_np(toks, k)


def _relative_subject(toks: list[Tok], np: tuple[int, int], ci: int) -> tuple[int, int] | None:
    """The subject before a relative clause that ends right before the verb ("Putin who
    arrived in New Delhi to bolster ties with an ally courted by Washington said"): the
    phrase just before the verb is the clause's last noun, not the one speaking. None when
    there is no such clause (commas around it are an apposition, handled elsewhere)."""
    w = next(
        (k for k in range(np[0] - 1, max(-1, np[0] - 30), -1) if toks[k].low in ("who", "whom")),
        None,
    )
    if w is None or w == 0 or np[0] - w < 3 or toks[np[0]].low in PRONOUNS:
        return None  # "the United States who he said considered itself": he speaks
    between = toks[w + 1 : np[0]]
    if any(t.kind == "q" or t.text in ",;:.!?" for t in between):
        return None
    if toks[w - 1].kind != "w":
        return None
    subject = np_before(toks, w)
    if subject is None or subject[1] != w or toks[subject[0]].low in PRONOUNS:
        return None
    if not any(t.cap for t in toks[subject[0] : subject[1]]):
        return None
    return subject


def _quoted_object(toks: list[Tok], i: int) -> tuple[int, int] | None:
    """The object of "quoted ... as saying" ("“...,” AFP quoted the Russian leader as
    saying", "Reuters reported, quoting Peskov as saying"): the quoted person is the
    speaker, the one quoting them a messenger."""
    if i < 3 or toks[i - 1].low != "as":
        return None
    np = np_before(toks, i - 1)
    if np is None or np[0] == 0 or np[1] != i - 1:
        return None
    if toks[np[0] - 1].low not in ("quoted", "quoting", "cited", "citing", "quotes", "cites"):
        return None
    if toks[np[0]].low in ("it", "that", "this", "which"):
        return None
    return np


def _named_in_apposition(
    toks: list[Tok], outer: tuple[int, int], inner: tuple[int, int]
) -> tuple[int, int] | None:
    """In "President Joe Biden's national security adviser, Jake Sullivan, said" the role
    comes first and the speaker is the name between the commas (not the possessor)."""
    head = toks[outer[1] - 1]
    if head.cap or head.low not in ROLE_NOUNS:
        return None
    i, j = inner
    if j - i < 2 or j - i > 4 or not all(is_name_word(t) for t in toks[i:j]):
        return None
    if toks[i].low in DETERMINERS or any(t.possessive for t in toks[i:j]):
        return None
    return inner


DATELINE_WORDS = 3  # a place name before a colon that opens an article's first sentence


def _sentence_subject(toks: list[Tok]) -> tuple[int, int] | None:
    i = 0
    n = len(toks)
    while i < n and toks[i].low in ("and", "but", "so", "yet", "or"):
        i += 1
    # a dateline ("New York: US President Joe Biden tore into ..."): the sentence starts after it
    k = i
    while k < n and k - i < DATELINE_WORDS and toks[k].kind == "w" and toks[k].cap:
        k += 1
    if (
        i < k < n - 1
        and toks[k].text == ":"
        and toks[k + 1].kind == "w"
        and toks[k + 1].cap
        and any(t.kind == "w" and not t.cap for t in toks[k + 2 : k + 8])
    ):
        i = k + 1
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
    cleft = _cleft_subject(toks, i)
    if cleft is not None:
        return cleft
    # the subject is followed by its verb, not by more noun phrase
    return np


CLEFT_WORDS = 16  # "It was against a background of these threats that Putin extolled ..."


def _cleft_subject(toks: list[Tok], i: int) -> tuple[int, int] | None:
    """The subject of a cleft sentence ("It was in Moscow that Putin said ..."): the noun
    phrase after its "that", when a name or a pronoun opens it; None for any other "It"."""
    n = len(toks)
    if i + 2 >= n or toks[i].low != "it" or toks[i + 1].low not in ("was", "is"):
        return None
    for j in range(i + 2, min(n - 1, i + CLEFT_WORDS)):
        if toks[j].text in (",", ";", ":") or toks[j].quote is not None:
            return None
        if toks[j].low == "that" and toks[j + 1].kind == "w":
            if toks[j + 1].cap or toks[j + 1].low in ("he", "she", "they", "we", "i"):
                return np_after(toks, j + 1)
            return None
    return None


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


def _content_start(toks: list[Tok], a: _Draft, end: int) -> tuple[int | None, bool]:
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
            if all(x.kind == "w" and not is_verbish(x) for x in toks[k:j]):
                return j, False
        if t.kind == "w" and (is_verbish(t) or t.low in PRONOUNS or t.low in PARTICIPLES):
            break
        if t.kind == "p" and t.text == "," and j == k and j + 1 < n and toks[j + 1].kind == "q":
            return j + 1, True
        if t.kind == "p" and t.text == "," and j > k:
            if j + 1 < n and toks[j + 1].kind == "q" and toks[k].low in _PREPS:
                # "called over her shoulder, ''His comments are not helping.''"
                return j + 1, True
            break
        j += 1
    if inverted:
        return None, False
    k = _skip_time(toks, k, n)
    comma = k < n and toks[k].kind == "p" and toks[k].text == ","
    if comma:
        k += 1
    if k >= n:
        return None, False
    if toks[k].kind == "w" and (
        toks[k].low in ("who", "whose", "which") or toks[k].low in PARTICIPLES
    ):
        return None, False
    if comma and _adjunct_participle(toks[k]) and not _gerund_subject(toks, k, n):
        return None, False  # "Trump said, looking out on the crowd.": how, not what
    t = toks[k]
    if t.kind == "q":
        return k, True
    if t.kind != "w" or t.low in _PREPS - {"this"}:
        return None, False
    relative = a.np is not None and a.np[0] > 0 and toks[a.np[0] - 1].low in _RELATIVES
    if t.low in AUX and t.low[0].isalpha() and not comma and not relative:
        # "The four 'loopholes' he cited are ...": the cue is in a relative clause and the
        # verb after it is the sentence's own (not "X, he said, can ...": a parenthesis;
        # not "daughters, who he said were living in Russia": the relative's verb)
        return None, False
    if a.lemma not in CLAIM_LEMMAS:
        return k, False
    if t.low in _CLAUSE_START_WORDS or t.cap or t.text[:1].isdigit() or t.low.endswith("s"):
        return k, False
    return k, False


_NOT_PARTICIPLES = frozenset("nothing something everything anything thing king spring".split())


_RELATIVES = frozenset("who whom which that what".split())


def _gerund_subject(toks: list[Tok], k: int, n: int) -> bool:
    """The -ing word at ``k`` heads the subject of the reported clause ("she added, revoking
    clearances would be 'really very aggressive'"): an auxiliary follows within its phrase."""
    for j in range(k + 1, min(n, k + 7)):
        t = toks[j]
        if t.kind == "p" and t.text in ",.;:":
            return False
        if t.kind == "w" and t.low in AUX:
            return True
    return False


def _adjunct_participle(t: Tok) -> bool:
    """A lowercase -ing word ("looking", "clapping", "pointing"): after "said," it opens an
    adjunct of manner or circumstance, not the reported content."""
    return (
        t.kind == "w"
        and t.text.islower()
        and t.low.endswith("ing")
        and len(t.low) > 5
        and t.low not in _NOT_PARTICIPLES
        and t.low not in _PREPS
    )


def _drafts(toks: list[Tok], title_case: bool) -> list[_Draft]:
    """Cues of one sentence with their speaker phrase and content regions."""
    attrs = _with_speakers(toks, _find_cues(toks, title_case))
    _place_regions(toks, attrs)
    return attrs


def _with_speakers(toks: list[Tok], cues: list[_Draft]) -> list[_Draft]:
    """The cues that have a speaker phrase or share one, the phrase found; the others go."""
    n = len(toks)
    attrs: list[_Draft] = []
    for a in cues:
        if a.kind == "verb":
            a.np = np_before(toks, a.ci)
            if a.np is not None:
                a.np = _np_with_head_before(toks, a.np)
            if a.np is not None:
                a.np = _relative_subject(toks, a.np, a.ci) or a.np
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
                        main = [b for b in prev if not b.relayed]
                        if a.parent.relayed and main:
                            # "Lavrov noted that officials have warned '...', but added that
                            # '...'": coordinated with the main clause's verb, not with the
                            # verb of the clause it reports
                            a.parent = main[-1]
            if a.np is None and a.parent is None:
                # inverted: "…," said Russian President Vladimir Putin
                if a.lemma in OBJECT_LEMMAS and a.ci > 0 and toks[a.ci - 1].text == ",":
                    # "Xi, for his part, praised Putin": the sentence's subject, not the object
                    subject = _sentence_subject(toks)
                    if subject is not None and subject[1] < a.ci:
                        a.np = subject
                elif a.ci == 0 or toks[a.ci - 1].kind == "q" or toks[a.ci - 1].text in ",—–-":
                    a.np = np_after(toks, a.cj) or _name_after_modifiers(toks, a.cj)
                    if a.np is not None and toks[a.np[1] - 1].possessive:
                        nxt = toks[a.np[1]] if a.np[1] < n else None
                        if nxt is not None and nxt.kind == "w" and person_noun(nxt.low):
                            a.np = (a.np[0], a.np[1] + 1)  # "exhorted Clinton's introducer"
                        else:
                            a.np = None  # "..., said North Korea's latest 'provocation ...'"
                if (
                    a.np is not None
                    and a.np[1] - a.np[0] == 1
                    and toks[a.np[0]].low in ("he", "she", "they", "it", "we", "i")
                    and a.ci > 0
                    and toks[a.ci - 1].kind != "q"
                ):
                    # "Officials at X, a division of Y, said they were ...": the pronoun opens
                    # the reported clause; the speaker is the sentence's subject
                    subject = _sentence_subject(toks)
                    a.np = subject if subject is not None and subject[1] <= a.ci else None
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
                and a.np[1] - a.np[0] > 1
                and toks[a.np[0]].low == "that"
                and toks[a.np[0] + 1].cap
            ):
                a.np = (a.np[0] + 1, a.np[1])  # "reported that Putin stated": Putin
                a.relayed = True
            if (
                a.np is not None
                and toks[a.np[0]].kind == "w"
                and toks[a.np[0]].low in ("it", "that", "this")
                and a.ci + 1 < n
                and toks[a.np[0]].low != "it"
            ):
                continue
        elif a.kind == "according":
            # "according to conservative talk radio host Rush Limbaugh, ..."
            a.np = np_after(toks, a.cj) or _name_after_modifiers(toks, a.cj)
            if a.np is None:
                continue
        elif a.kind == "dash":
            a.np = _byline_np(toks, a.ci)
        elif a.kind == "colon":
            np = np_before(toks, a.ci)
            if np is not None and np[0] == 0 and np[1] == _before_parenthesis(toks, a.ci):
                if toks[np[0]].low in PRONOUNS:
                    continue
                if np[1] - np[0] > 1 and toks[np[0]].low in CUE_FORMS:
                    np = (np[0] + 1, np[1])  # an inverted cue: "Added Shoigu: ..."
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
            own = _with_subject(toks, a.ci)
            quoted_as = _quoted_as_subject(toks, a.ci) if own is None else None
            if quoted_as is None and own is None:
                quoted_as = _quoted_object(toks, a.ci)
                if quoted_as is not None:
                    # "AFP quoted Putin as saying": Putin's words; AFP only reports them
                    attrs = [b for b in attrs if b.ci != quoted_as[0] - 1]
                    teller = np_before(toks, quoted_as[0] - 1)
                    a.clause_start = teller[0] if teller is not None else quoted_as[0] - 1
            if quoted_as is not None:
                a.np, a.kind = quoted_as, "verb"  # "X was quoted as saying": X's verb
            elif own is not None:
                a.np = own  # "..., with Press Secretary Jen Psaki claiming that ..."
            elif prev:
                a.parent = _main_clause_cue(toks, prev)
            else:
                a.np = _sentence_subject(toks)
                if a.np is not None and a.np[1] > a.ci:
                    a.np = None
                if a.np is None:
                    continue
        attrs.append(a)
    return attrs


def _content_of_that(toks: list[Tok], region: tuple[int, int]) -> bool:
    """Does the region open with a quotation right after "that": the content clause of a
    verb or a noun before it ("the premier's statement that “...”")?"""
    k = region[0]
    return 0 < k < len(toks) and toks[k].kind == "q" and toks[k - 1].low == "that"


def _place_regions(toks: list[Tok], attrs: list[_Draft]) -> None:
    """Each cue's content regions: after the cue (``pre``) and before its speaker (``post``),
    cut where a sibling attribution starts."""
    n = len(toks)
    for idx, a in enumerate(attrs):
        if a.kind == "colon":
            a.pre = (a.cj, n)
            a.outer_start = 0
            continue
        if a.kind == "dash":  # the signed quotation alone
            q = a.ci - 1
            while toks[q].kind != "q":
                q -= 1
            a.post = (q, q + 1)
            a.outer_start = a.ci
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
            else:
                end = a.ci
                if end > 0 and toks[end - 1].text == ",":
                    end -= 1
                seg = _seg_start(attrs, idx)
                a.post = (seg, end)
            a.outer_start = a.ci
            continue
        start = a.np[0] if a.np is not None and a.np[0] < a.ci else a.ci
        a.outer_start = start
        if a.lemma == "use the term":  # the quotation right after "used the phrase" only
            a.pre = (a.cj, a.cj + 1) if a.cj < n and toks[a.cj].kind == "q" else None
            continue
        if a.lemma == "put it" and start > 0 and toks[start - 1].low == "as":
            # "As X put it in a statement in July, RT is 'providing ...'": the main clause
            comma = next((k for k in range(a.cj, min(n, a.cj + 20)) if toks[k].text == ","), None)
            if comma is not None and comma + 1 < n:
                a.pre = (comma + 1, n)
                continue
        cs, _marked = _content_start(toks, a, n)
        if cs is not None and cs < n:
            a.pre = (cs, n)
        if a.kind == "verb":
            if a.clause_start is not None:
                s = a.clause_start
            elif a.np is not None and a.np[0] < a.ci:
                s = a.np[0]
            else:
                s = a.ci
            if s > 0:
                before = toks[s - 1]
                end = s - 1 if before.kind == "p" else s
                after_quote = before.text in ".!?" and s > 1 and toks[s - 2].kind == "q"
                # "'horrific,' DHS promises to investigate": its content is what follows
                infinitive = a.lemma in XCOMP_LEMMAS and a.cj < n and toks[a.cj].low == "to"
                if not infinitive and (before.kind == "q" or before.text in ",—–-" or after_quote):
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
                        elif _content_of_that(toks, region):
                            pass  # "... statement that “A”, Psaki said: “B”": A is not hers
                        elif (
                            (len(only_quote) == 1 and only_quote[0].kind == "q")
                            or (toks[a.pre[0]].kind == "q" and toks[region[0]].kind == "q")
                            or (
                                toks[a.pre[0]].low in _CLAUSE_GOES_ON
                                and any(t.kind == "q" for t in toks[region[0] : region[1]])
                            )
                        ):
                            # "“A,” he said, “B.”"; "“A” by X, she said at a town hall, “B”";
                            # 'X was "deeply involved", Biden said, and was the "mastermind"':
                            # the clause goes on after the cue, both sides are its content
                            a.post = region
    # a region that starts with another cue's speaker ("explained, Sputnik reported") is
    # that attribution, not content
    for a in attrs:
        if a.pre is None:
            continue
        for b in attrs:
            if b is not a and b.ci > a.ci and b.outer_start <= a.pre[0] < b.cj:
                a.pre = None
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


def _seg_start(attrs: list[_Draft], idx: int) -> int:
    a = attrs[idx]
    prev = [b for b in attrs[:idx] if b.cj <= a.outer_start]
    if not prev:
        return 0
    b = prev[-1]
    if b.pre is not None and b.pre[0] < a.outer_start:
        return b.pre[0] if b.kind != "colon" else b.cj
    return b.cj
