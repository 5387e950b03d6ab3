"""Which cue each quotation belongs to: in its sentence, then across sentences.

:func:`analyse_sentence` (one sentence, no article state): the cues with the parse's frames
merged in, the outlet credited in the sentence, and for each quotation the innermost cue
region that holds it (else the frame whose content holds it).

:func:`link_quotes` (the article in order): a quotation that stands alone in its sentence takes
the cue of a sentence that ended with a colon just before it, else of the previous quotation in
the paragraph (or of the last quotation of the previous paragraph when it opens its paragraph,
newswire style); a dangling attribution after a quotation ("Sullivan also added.") claims the
previous sentence's unattributed quotations; nested quotations take the cue of the quotation
around them. :func:`inherit_headline`: a headline fragment takes the cue of the same words
quoted in the body.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from verify.article.extract_parse import Frame
from verify.article.quotes.cues import Cue, analyse, is_verbish
from verify.article.quotes.frames import Framed, frame_for_quote, merge
from verify.article.quotes.marks import Quotation
from verify.article.quotes.phrases import is_name_word, nickname
from verify.article.quotes.resolve import is_outlet_cue, outlet_of_cue
from verify.article.quotes.sentences import Sentence, Tok, para_starts_with
from verify.article.quotes.via import sentence_via
from verify.article.quotes.words import CLAIM_LEMMAS


@dataclass(frozen=True)
class Ref:
    """A cue of the article: cue ``k`` of sentence ``si``."""

    si: int
    k: int


@dataclass(frozen=True)
class SentenceCues:
    """What one sentence says about who speaks."""

    cues: list[Cue]
    framed: list[Framed]
    is_outlet: list[bool]  # per cue: its speaker phrase is an outlet
    outlet_of: list[str | None]  # per cue: that outlet's name
    via: str | None  # the outlet credited in the sentence's attribution part
    quotes: list[tuple[int, int | None]]  # (quotation index, cue index or None), in order
    dangling: int | None  # a cue with no content of its own ("Sullivan also added.")
    colon_intro: int | None  # the cue of a sentence that ends with a colon
    # quotation index -> the outlet whose report holds the speaker's cue ("the AFP reported
    # that Putin stated ...")
    credited: dict[int, str] = field(default_factory=dict)


HEADLINE_CREDIT_WORDS = 4  # the speaker named at a headline's end: at most this many words
_CREDIT_MARKS = frozenset("―—–-:")


def headline_credit(text: str, sentence: Sentence) -> Cue | None:
    """A headline that credits its words to a speaker at its end ("US will operate
    'undaunted, unafraid' in Taiwan Strait: Harris", "... 'Spontaneous' - White House"): a
    "dash" cue whose speaker is the name after the last dash or colon and whose content is
    the headline before it. Only a line of its own without a final stop, holding a
    quotation."""
    toks = sentence.toks
    line_end = text.find("\n", sentence.end)
    if text[sentence.end : line_end if line_end >= 0 else len(text)].strip():
        return None  # the sentence does not end its line
    if text[text.rfind("\n", 0, sentence.start) + 1 : sentence.start].strip():
        return None  # nor starts it
    n = len(toks)
    k = n - 1
    while k > 0 and is_name_word(toks[k]) and n - k <= HEADLINE_CREDIT_WORDS:
        k -= 1
    if k == n - 1 or k < 2 or toks[k].kind != "p" or toks[k].text not in _CREDIT_MARKS:
        return None
    if not any(t.kind == "q" for t in toks[:k]):
        return None
    if toks[k].text == "-" and not text[toks[k].start - 1 : toks[k].start].isspace():
        return None  # a hyphen inside a word, not a dash
    return Cue(
        k,
        k + 1,
        "dash",
        "dash",
        (k + 1, n),
        None,
        None,
        (0, k),
        k,
        toks[k].start,
        toks[k].end,
    )


def analyse_sentence(
    text: str, quotes: list[Quotation], sentence: Sentence, frames: list[Frame]
) -> SentenceCues:
    toks = sentence.toks
    rule_cues = analyse(toks, sentence.title_case)
    cues, framed = merge(toks, rule_cues, [] if sentence.title_case else frames)
    credit = headline_credit(text, sentence)
    if credit is not None:
        # a leading "USA: ..." is then the headline's topic, not its speaker
        cues = [c for c in cues if c.ci < credit.ci and c.kind != "colon"] + [credit]
    is_outlet = [is_outlet_cue(toks, cues, k) for k in range(len(cues))]
    outlet_of = [outlet_of_cue(text, toks, cues, k) for k in range(len(cues))]
    q_here = [
        k
        for k, t in enumerate(toks)
        if t.kind == "q" and t.quote is not None and not nickname(toks, k)  # Marcia "Cia" Price
    ]
    assigned: list[tuple[int, int | None]] = []
    credited: dict[int, str] = {}
    for k in q_here:
        best = _innermost_cue(cues, k)
        if best is not None and is_outlet[best]:
            # "The President explained that ... 'compromised' ..., RT reported": a person's
            # cue whose content also holds the quotation is the speaker's; the outlet relays
            person = _innermost_cue(
                cues, k, lambda ck, a: not is_outlet[ck] and a.np is not None and a.kind == "verb"
            )
            if person is not None:
                if outlet_of[best]:
                    credited[toks[k].quote] = outlet_of[best]
                best = person
        if best is not None and cues[best].relayed:
            best = _relaying_cue(toks, cues, is_outlet, best)
        if best is not None:
            best = _reporting_cue(cues, best, k)
        if best is not None:
            outer, best = best, _nested_cue(toks, cues, is_outlet, best, k)
            if best != outer and is_outlet[outer] and outlet_of[outer]:
                credited[toks[k].quote] = outlet_of[outer]  # "the AFP reported that X said"
        if best is None:
            best = frame_for_quote(framed, quotes[toks[k].quote])
        assigned.append((toks[k].quote, best))
    dangling = next(
        (
            ck
            for ck, a in enumerate(cues)
            if a.kind == "verb"
            and a.pre is None
            and a.post is None
            and a.np is not None
            and a.np[0] == 0
            and not is_outlet[ck]
            and not a.from_parse
        ),
        None,
    )
    colon_intro = None
    if toks[-1].text == ":" and not q_here:
        for ck, a in enumerate(cues):
            if a.kind == "verb" and a.pre is None and a.np is not None and not a.from_parse:
                colon_intro = ck
        if colon_intro is None:
            # the parse's subject of a sentence that ends with a colon
            colon_intro = next(
                (ck for ck, a in enumerate(cues) if a.kind == "colon" and a.from_parse and a.np),
                None,
            )
    return SentenceCues(
        cues,
        framed,
        is_outlet,
        outlet_of,
        sentence_via(text, toks, cues, is_outlet),
        assigned,
        dangling,
        colon_intro,
        credited,
    )


# speech verbs that make a nested clause somebody's words ("... reported that Putin stated");
# not "expected", "indicates", "adds onto" (a thing's or a group's view)
_NESTED_LEMMAS = frozenset(
    "say tell state stress declare add note claim insist warn write announce explain reply "
    "answer repeat reiterate admit confirm deny assert emphasize emphasise".split()
) | {"use the term"}


# verbs of agreeing, believing and expecting: inside another's reported clause ("the UN said
# that Putin had agreed 'in principle'") the quoted words are the reporter's account
_NOT_SAYING_LEMMAS = frozenset("agree hope expect believe think fear reckon estimate".split())


def _reporting_cue(cues: list[Cue], best: int, k: int) -> int:
    """The cue that reports the clause holding the quotation at token ``k`` when the
    innermost cue is a verb of agreeing or believing inside that clause ("The United
    Nations said that the Russian president had agreed “in principle” to ...": the UN's
    words); else ``best``."""
    inner = cues[best]
    if inner.lemma not in _NOT_SAYING_LEMMAS or inner.np is None:
        return best
    outer = [
        ck
        for ck, c in enumerate(cues)
        if ck != best
        and c.kind == "verb"
        and c.lemma in CLAIM_LEMMAS - _NOT_SAYING_LEMMAS
        and c.np is not None
        and (
            # its content holds the quotation, or it introduces the clause ("said that")
            any(r and r[0] <= inner.np[0] and k < r[1] for r in (c.pre, c.post))
            or (c.cj <= inner.np[0] <= c.cj + 3 and not any(c.ci < o.ci < inner.ci for o in cues))
        )
    ]
    return outer[-1] if outer else best


def _relaying_cue(toks: list[Tok], cues: list[Cue], is_outlet: list[bool], best: int) -> int:
    """A person relaying another's words ("Ushakov said that Putin complained that Kyiv was
    'sabotaging' ..."): the quote is the relayer's, who said it; an outlet or an institution
    relaying ("the AFP reported that Putin stated", "the Kremlin wrote that Putin used the
    phrase") leaves it to the inner speaker."""
    from verify.knowledge.publishers import institution

    inner = cues[best]
    that = inner.np[0] - 1  # the "that" before the relayed speaker
    outer = [
        ck
        for ck, c in enumerate(cues)
        if ck != best
        and c.kind == "verb"
        and c.np is not None
        and c.cj <= that
        and that - c.cj <= 3  # "said that", "told reporters that"
        and not any(o.ci > c.ci and o.ci < that for o in cues)
    ]
    if not outer:
        return best
    ck = outer[-1]
    c = cues[ck]
    if is_outlet[ck] or institution(" ".join(t.text for t in toks[c.np[0] : c.np[1]])):
        return best
    return ck


def _innermost_cue(
    cues: list[Cue], k: int, accept: Callable[[int, Cue], bool] | None = None
) -> int | None:
    """The cue (of those ``accept`` takes) whose content region holding token ``k`` starts
    latest, the shorter on a tie; None when no region holds it."""
    best, best_key = None, None
    for ck, a in enumerate(cues):
        if accept is not None and not accept(ck, a):
            continue
        for region in (a.pre, a.post):
            if region and region[0] <= k < region[1]:
                key = (region[0], -region[1])
                if best_key is None or key > best_key:
                    best, best_key = ck, key
    return best


def _person_np(toks: list[Tok], np: tuple[int, int]) -> bool:
    """A speaker phrase that names a person: a name of up to four words, or he/she."""
    words = toks[np[0] : np[1]]
    if len(words) == 1 and words[0].low in ("he", "she"):
        return True
    return 0 < len(words) <= 4 and all(is_name_word(t) and not t.possessive for t in words)


def _nested_cue(toks: list[Tok], cues: list[Cue], is_outlet: list[bool], best: int, k: int) -> int:
    """The cue that governs the quotation at token ``k`` inside cue ``best``'s content: a
    speech verb whose speaker stands in that content before the quotation ("the AFP
    reported that Putin stated Russia faced 'financial difficulties'": Putin's, not the
    AFP's). The latest such cue; ``best`` when there is none."""
    a = cues[best]
    region = next((r for r in (a.pre, a.post) if r and r[0] <= k < r[1]), None)
    if region is None:
        return best
    inner = [
        ck
        for ck, c in enumerate(cues)
        if ck != best
        and c.kind == "verb"
        and c.lemma in _NESTED_LEMMAS
        and not is_outlet[ck]
        and c.np is not None
        and _person_np(toks, c.np)
        and region[0] <= c.np[0]
        and c.np[1] <= c.ci < k
        and not (c.pre and c.pre[1] <= k)  # its own content ends before the quotation
        and not (c.post and c.post[0] <= k < c.post[1])
    ]
    return max(inner, key=lambda ck: cues[ck].np[0]) if inner else best


@dataclass(frozen=True)
class QuoteLink:
    """A quotation with the cue it belongs to and the outlet its sentence credits."""

    quote: int  # index into the article's quotations
    start: int
    end: int
    ref: Ref | None
    via: str | None = None
    nested_in: int | None = None  # the outermost quotation around a nested one


def link_quotes(
    text: str, quotes: list[Quotation], sentences: list[Sentence], analysed: list[SentenceCues]
) -> list[QuoteLink]:
    """Every quotation with its cue: the top-level ones in sentence order, then the nested."""
    ref_of: dict[int, Ref | None] = {}
    via_of: dict[int, str | None] = {}
    order: list[int] = []
    last_in_para: dict[int, Ref] = {}
    prev_quotes: list[int] = []
    colon_intro: Ref | None = None
    for si, (sent, sc) in enumerate(zip(sentences, analysed, strict=True)):
        para = sent.para
        after = _dangling_after(sentences, analysed, si)
        if sc.dangling is not None and not sc.quotes:
            for qi in prev_quotes:
                if ref_of.get(qi) is None:
                    ref_of[qi] = last_in_para[para] = Ref(si, sc.dangling)
                    via_of[qi] = via_of[qi] or sc.via
        alone = _only_quotes(sent) or (not sc.cues and _quote_with_tail(sent))
        for qi, ck in sc.quotes:
            ref = Ref(si, ck) if ck is not None else None
            if ref is None and alone:
                if after is not None:  # "“Absolutely not!” Jean-Pierre said."
                    ref = after
                elif colon_intro is not None:
                    ref = colon_intro
                elif prev := _reporting_before(text, quotes, sentences, analysed, si, qi):
                    ref = prev  # "..., Schiff said. “The other factor ...”"
                elif para in last_in_para:
                    ref = last_in_para[para]
                elif (para - 1) in last_in_para and para_starts_with(text, quotes[qi].open):
                    ref = last_in_para[para - 1]
            ref_of[qi] = ref
            via_of[qi] = sc.credited.get(qi) or sc.via
            order.append(qi)
            if ref is not None and analysed[ref.si].cues[ref.k].kind != "dash":
                last_in_para[para] = ref  # a signed quotation ("“...” ― Name") is complete
        colon_intro = Ref(si, sc.colon_intro) if sc.colon_intro is not None else None
        prev_quotes = [qi for qi, _ck in sc.quotes]
    links = [
        QuoteLink(qi, quotes[qi].start, quotes[qi].end, ref_of[qi], via_of[qi]) for qi in order
    ]
    for k, q in enumerate(quotes):
        if q.parent is None:
            continue
        root = q.parent
        while quotes[root].parent is not None:
            root = quotes[root].parent
        links.append(QuoteLink(k, q.start, q.end, ref_of.get(root), None, root))
    return links


def _reporting_before(
    text: str,
    quotes: list[Quotation],
    sentences: list[Sentence],
    analysed: list[SentenceCues],
    si: int,
    qi: int,
) -> Ref | None:
    """The speech report right before a quotation that stands alone: the last cue of the
    sentence before it, when that sentence reports a person's words without quoting them
    ("The administration may be reluctant to act, Schiff said. “The other factor ...”"), in
    the quotation's paragraph or, when the quotation opens its paragraph, the paragraph
    before."""
    prev = si - 1
    if prev < 0 or si >= len(sentences):
        return None
    same = sentences[prev].para == sentences[si].para
    if not same and not (
        sentences[prev].para == sentences[si].para - 1 and para_starts_with(text, quotes[qi].open)
    ):
        return None
    sc = analysed[prev]
    if sc.quotes or sentences[prev].title_case or sentences[prev].first_line:
        return None
    for ck in range(len(sc.cues) - 1, -1, -1):
        c = sc.cues[ck]
        if sc.is_outlet[ck] or not (c.kind == "according" or c.lemma in CLAIM_LEMMAS):
            continue  # a verb of saying ("said", "added"), not "welcomed the guests"
        if c.from_parse or (c.np is None and c.parent is None):
            continue
        if c.pre is None and c.post is None:
            continue
        return Ref(prev, ck)
    return None


def _dangling_after(sentences: list[Sentence], analysed: list[SentenceCues], si: int) -> Ref | None:
    """The attribution that follows sentence ``si`` in its paragraph as a sentence of its own
    ("“Absolutely not!” Jean-Pierre said.": the quotation's "!" cut the sentence)."""
    nxt = si + 1
    if nxt >= len(sentences) or sentences[nxt].para != sentences[si].para:
        return None
    sc = analysed[nxt]
    if sc.dangling is None or sc.quotes:
        return None
    return Ref(nxt, sc.dangling)


def _only_quotes(sent: Sentence) -> bool:
    """The sentence is a quotation alone (or two, or "and" between them)."""
    non_punct = [t for t in sent.toks if t.kind != "p"]
    return len(non_punct) <= 2 and all(t.kind == "q" or t.low in ("and", "but") for t in non_punct)


def _quote_with_tail(sent: Sentence) -> bool:
    """The sentence is a quotation with a short phrase after it and no verb of its own
    ("''It's basically just a tax increase'' for the top income bracket."): a quotation
    standing alone, finished by the writer."""
    toks = [t for t in sent.toks if t.kind != "p"]
    if len(toks) < 2 or toks[0].kind != "q":
        return False
    tail = toks[1:]
    return len(tail) <= 8 and all(t.kind == "w" and not is_verbish(t) for t in tail)


_HEADLINE_ZONE = 1500  # characters from the top where headline fragments are looked up


def inherit_headline(
    text: str,
    links: list[QuoteLink],
    has_mention: dict[Ref, bool],
    headline: frozenset[int] = frozenset(),
) -> list[QuoteLink]:
    """An unattributed quotation takes the attribution of the same words quoted elsewhere
    ("'Peak Hysteria'" in a headline, "peak hysteria" attributed in the body). Identical
    words anywhere; a fragment of a longer attributed quotation only near the top (the
    headline and the lede), which keeps this linear on very long inputs. A headline's own
    attribution (the sentences in ``headline``: "Politifact: ... 'Thousands of Shootings'")
    speaks for the headline only, not for the body's quotations of the same words."""

    def attributed(link: QuoteLink) -> bool:
        return link.ref is not None and has_mention[link.ref]

    known = [
        (lk, normalised_words(text[lk.start : lk.end]))
        for lk in links
        if attributed(lk) and lk.ref.si not in headline
    ]
    exact: dict[str, QuoteLink] = {}
    for lk, words in known:
        exact.setdefault(words, lk)
    out = []
    for lk in links:
        other = None
        if not attributed(lk):
            words = normalised_words(text[lk.start : lk.end])
            if words:
                other = exact.get(words)
                if other is None and lk.start < _HEADLINE_ZONE and len(words.split()) >= 2:
                    other = next((c for c, ow in known[:2000] if f" {words} " in f" {ow} "), None)
        if other is not None and other is not lk:
            lk = replace(lk, ref=other.ref, via=lk.via or other.via)
        out.append(lk)
    return out


def normalised_words(s: str) -> str:
    """The words of ``s``, lower case, one space apart (for comparing quoted words)."""
    return " ".join(re.findall(r"[^\W_]+", s.lower()))
