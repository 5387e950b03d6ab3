"""Resolving an article's event, with a fake store (no index, no model)."""

from __future__ import annotations

from verify.article.event import resolve_events, title_share, window
from verify.models import Document


def _doc(id, title, date, publisher="Kremlin"):
    return Document(
        id=id,
        url=f"http://en.kremlin.ru/{id}",
        title=title,
        date=date,
        publisher=publisher,
        kind="primary",
        language="en",
        text="",
        content_hash=str(id),
        version=1,
        turns=[],
    )


class Store:
    def __init__(self, docs, speaks, phrases):
        self.docs = {d.id: d for d in docs}
        self.speaks = speaks  # {(speaker, doc_id)}
        self.phrases = phrases  # {doc_id: text}

    def speaker_passages(self, speaker, since, until, limit=0):
        return [
            (100 + d, d)
            for s, d in self.speaks
            if s == speaker and since <= self.docs[d].date[:10] < until
        ]

    def fts(self, query, limit=20, publisher=None):
        words = query.split('"')[1].split()
        return [
            (200 + d, d, 1.0)
            for d, text in self.phrases.items()
            if " ".join(words) in text.lower()
            and (publisher is None or self.docs[d].publisher == publisher)
        ]

    def get_documents(self, ids):
        return {i: self.docs[i] for i in ids if i in self.docs}

    def passages(self, ids):
        """Passage 200+d holds the phrases of document d, spoken by whoever speaks there."""
        from verify.models import Passage

        out = []
        for pid in ids:
            d = pid - 200 if pid >= 200 else pid - 100  # a speaker_passages row's too
            speaker = next((s for s, doc in self.speaks if doc == d), None)
            text = self.phrases.get(d, "")
            out.append(Passage(pid, d, 0, len(text), text, speaker))
        return out

    def list_documents(self, since=None, until=None, **kw):
        for d in self.docs.values():
            if (since is None or d.date[:10] >= since) and (until is None or d.date[:10] <= until):
                yield {"id": d.id, "title": d.title, "date": d.date}


DOCS = [
    _doc(1, "Vladimir Putin's annual news conference", "2021-12-23"),
    _doc(2, "Meeting with Government members", "2021-12-22"),
    _doc(3, "Expanded meeting of the Defence Ministry Board", "2021-12-21"),
    _doc(4, "Meeting on economic issues", "2021-11-10"),
]


def test_the_event_is_the_document_the_article_names_and_quotes_exactly():
    store = Store(
        DOCS,
        {("Vladimir Putin", 1), ("Vladimir Putin", 2), ("Vladimir Putin", 3)},
        {1: "there were one two three four five waves of expansion and"},
    )
    text = "At his annual news conference Putin said there were five waves of expansion."
    events = resolve_events(
        store,
        text,
        "2021-12-23",
        [("Vladimir Putin", "one two three four five waves of expansion")],
    )
    ev = events["Vladimir Putin"]
    assert ev.best.doc_id == 1
    assert any("exact words" in e for e in ev.best.evidence)
    assert any("names the occasion" in e for e in ev.best.evidence)
    assert "annual news conference" in ev.describe()


def test_a_document_quoted_exactly_counts_outside_the_articles_days():
    store = Store(
        DOCS, {("Vladimir Putin", 4)}, {4: "we need to keep inflation under control this year"}
    )
    events = resolve_events(
        store,
        "Back in November, Putin said ...",
        "2021-12-23",
        [("Vladimir Putin", "we need to keep inflation under control")],
    )
    assert events["Vladimir Putin"].best.doc_id == 4


def test_no_evidence_no_event_and_the_article_itself_is_left_out():
    store = Store(DOCS, set(), {4: "we need to keep inflation under control this year"})
    events = resolve_events(
        store,
        "",
        "2021-12-23",
        [("Vladimir Putin", "we need to keep inflation under control")],
        exclude={4},
    )
    assert "Vladimir Putin" not in events or not events["Vladimir Putin"].candidates
    assert resolve_events(store, "", None, [("Vladimir Putin", "hello")]) == {}


def test_a_short_quote_said_on_one_occasion_only_of_the_speakers_days_is_evidence():
    store = Store(
        DOCS,
        {("Vladimir Putin", 1), ("Vladimir Putin", 2), ("Vladimir Putin", 3)},
        {
            1: "we have our red lines, and our partners know them",
            2: "the lines of communication are open",
            3: "red tape is the problem",
        },
    )
    quotes = [("Vladimir Putin", "red lines"), ("Vladimir Putin", "a new chapter")]
    events = resolve_events(store, "Putin warned the West.", "2021-12-23", quotes)
    ev = events["Vladimir Putin"]
    assert [c.doc_id for c in ev.candidates] == [1]
    assert any("red lines" in e for e in ev.best.evidence)
    # said on two of the speaker's occasions those days, the words tell neither
    store.phrases[3] = "these are red lines for us"
    events = resolve_events(store, "Putin warned the West.", "2021-12-23", quotes)
    assert "Vladimir Putin" not in events or not events["Vladimir Putin"].candidates


def test_window_and_title_share():
    assert window("2021-12-23") == ("2021-12-20", "2021-12-25")
    assert window(None) is None and window("December") is None
    words = {"annual", "news", "conference", "putin"}
    assert title_share("Vladimir Putin's annual news conference", words) >= 0.75
    assert title_share("Meeting on economic issues", words) == 0.0


# ------------------------------------------------ the event's passages, sentence by sentence


class _Embedder:
    """A bag-of-keywords 'embedding': enough to tell which sentence says what."""

    KEYS = ("security", "weather", "sanctions")

    def encode(self, texts, **kw):
        import numpy as np

        out = []
        for t in texts:
            v = np.array([float(k in t.lower()) for k in self.KEYS]) + 1e-3
            out.append(v / np.linalg.norm(v))
        return np.array(out)


class _Res:
    def __init__(self, text):
        from types import SimpleNamespace

        self.doc = _doc(9, "News conference", "2021-12-23")
        self.doc.text = text
        self.store = SimpleNamespace(store_id="test-refine")
        self._emb = _Embedder()

    def document(self, doc_id):
        return self.doc

    def embedder(self):
        return self._emb


def test_an_event_passage_is_scored_by_the_sentence_that_says_it():
    from types import SimpleNamespace

    from verify.check.semantic import refine_event

    text = "The weather is fine today. We want to ensure our security. Thank you."
    res = _Res(text)
    p = SimpleNamespace(start=0, end=len(text))
    qvec = _Embedder().encode(["consolidate our security"])[0]
    ranking, windows = refine_event(res, [(1, 9, 0.4), (2, 9, 0.5)], qvec, {1: p, 2: p})
    cos, a, b = windows[1]
    assert text[a:b] == "We want to ensure our security." and cos > 0.99
    assert ranking[0][2] > 0.99  # re-scored by that sentence
    assert refine_event(res, [], qvec, {}) == ([], {})


def test_someone_elses_words_are_no_evidence_of_the_speakers_occasion():
    """A five-word phrase the claimed speaker shares with another person's passage (a White
    House briefing) does not make that document Putin's occasion."""
    docs = DOCS + [_doc(5, "Press Briefing by Press Secretary", "2022-02-02", "White House")]
    store = Store(docs, {("Jen Psaki", 5)}, {5: "that is what we were told in the nineties"})
    events = resolve_events(
        store,
        "Putin said at his news conference",
        "2021-12-23",
        [("Vladimir Putin", "that is what we were told in the nineties")],
    )
    assert "Vladimir Putin" not in events or 5 not in events["Vladimir Putin"].doc_ids


def test_a_call_readout_of_the_articles_days_is_the_speakers_event():
    """A readout reports the president in the third person: no turn of his, but the article
    names the call and the text names him."""
    readout = _doc(
        6, "Telephone conversation with President of Turkey Recep Tayyip Erdogan", "2022-05-30"
    )
    readout.text = "Vladimir Putin noted Russia's willingness to facilitate cargo shipping."
    other = _doc(7, "Meeting with Government members", "2022-05-30")
    other.text = "Vladimir Putin: Good afternoon, colleagues."
    store = Store([readout, other], set(), {})
    text = "In a telephone conversation with Turkish President Recep Tayyip Erdogan, Putin said"
    events = resolve_events(store, text, "2022-05-30", [("Vladimir Putin", "ready to help")])
    ev = events["Vladimir Putin"]
    assert ev.best.doc_id == 6 and ev.doc_ids == {6}
    assert any("reports what Vladimir Putin said" in e for e in ev.best.evidence)


def test_a_day_the_article_names_is_another_occasion_of_the_speaker():
    """ "she said during a May 2 briefing" in an article of May 25: the May 2 transcript is
    a candidate even though the article's own day has a better one."""
    docs = [
        _doc(10, "Press Briefing by Press Secretary Karine Jean-Pierre", "2023-05-25", "WH"),
        _doc(11, "Press Briefing by Press Secretary Karine Jean-Pierre", "2023-05-02", "WH"),
        _doc(12, "Press Briefing by Press Secretary Karine Jean-Pierre", "2023-05-03", "WH"),
    ]
    speaks = {("Karine Jean-Pierre", 10), ("Karine Jean-Pierre", 11), ("Karine Jean-Pierre", 12)}
    store = Store(docs, speaks, {10: "what republicans themselves say is a hostage taking"})
    text = "Jean-Pierre said during a May 2 briefing she sounded like a broken record."
    events = resolve_events(
        store,
        text,
        "2023-05-25",
        [("Karine Jean-Pierre", "what republicans themselves say is a hostage taking")],
    )
    ev = events["Karine Jean-Pierre"]
    assert ev.best.doc_id == 10
    assert 11 in ev.doc_ids and 12 not in ev.doc_ids
    named = next(c for c in ev.candidates if c.doc_id == 11)
    assert any("May 2" in e for e in named.evidence)


def test_the_day_the_article_names_among_its_own_days_is_the_occasion():
    """An article of Friday 25 February: "on Friday" Putin spoke at a meeting; his other
    speeches that week, and a month-old one holding a common phrase, are not the occasion
    alone; the Friday meeting is a candidate."""
    docs = [
        _doc(20, "Meeting with Security Council permanent members", "2022-02-25"),
        _doc(21, "Address by the President", "2022-02-24"),
        _doc(22, "Meeting with young scientists", "2021-12-08"),
    ]
    speaks = {("Vladimir Putin", 20), ("Vladimir Putin", 21), ("Vladimir Putin", 22)}
    store = Store(docs, speaks, {22: "clique of drug addicts and"})
    text = "Russian President Vladimir Putin on Friday called on the army to seize power."
    quotes = [("Vladimir Putin", "clique of drug addicts and neo-Nazis who took power")]
    ev = resolve_events(store, text, "2022-02-25", quotes)["Vladimir Putin"]
    assert 20 in ev.doc_ids and 21 not in ev.doc_ids
    friday = next(c for c in ev.candidates if c.doc_id == 20)
    assert any("Friday" in e for e in friday.evidence)


# ------------------------------------------------ the event's sentences, word by word


class _FakeRes(_Res):
    def __init__(self, text):
        from verify.corpus.embed import FakeEmbedder

        super().__init__(text)
        self.store.store_id = "test-align"
        self._emb = FakeEmbedder(dimension=256)


def _two_passages(text: str, split: int, quote: str):
    """A fake-embedded document cut into two passages at ``split``, and the quote's vector."""
    from types import SimpleNamespace

    res = _FakeRes(text)
    passages = {
        1: SimpleNamespace(start=0, end=split - 1),
        2: SimpleNamespace(start=split, end=len(text)),
    }
    return res, res.embedder().encode([quote])[0], passages


def test_a_loose_translation_is_aligned_with_its_event_sentence_word_by_word():
    from verify.check.semantic import align_event, by_alignment, refine_event

    text = (
        "The weather is fine today. Russia would export substantial amounts of fertilizer "
        "and agricultural produce if the sanctions were lifted. Thank you all. "
        "Our economy is doing well despite the sanctions. We discussed many things."
    )
    quote = (
        "export large quantities of fertilizers and agricultural products if sanctions are lifted"
    )
    res, qvec, passages = _two_passages(text, text.index("Our economy"), quote)
    ranking, _ = refine_event(res, [(2, 9, 0.3), (1, 9, 0.2)], qvec, passages)
    aligned = align_event(res, ranking, quote, qvec, passages)
    recall, cos, a, b = aligned[1]
    assert text[a:b].startswith("Russia would export") and recall > 0.3
    assert aligned[2][0] < recall - 0.1  # the same-topic sentence accounts for fewer of its words
    assert by_alignment(ranking, aligned)[0][0] == 1
    # an embedder without token vectors: no alignment, nothing else changes
    assert align_event(_Res(text), ranking, quote, qvec, passages) == {}
    assert by_alignment(ranking, {}) == ranking


def test_a_translation_of_one_sentence_may_be_two_passages_of_the_transcript():
    from verify.check.semantic import align_event, refine_event

    text = (
        "We discussed the economy. Nobody spoke when they staged provocations in Syria with "
        "chemical weapons. Then it turned out to be a fake, just like the fake in Bucha. "
        "Thank you all."
    )
    split = text.index("Then it turned")
    quote = "The same fake was staged in Bucha as was the case with chemical weapons in Syria"
    res, qvec, passages = _two_passages(text, split, quote)
    ranking, _ = refine_event(res, [(1, 9, 0.3), (2, 9, 0.3)], qvec, passages, pairs=True)
    aligned = align_event(res, ranking, quote, qvec, passages, pairs=True)
    recall, _, a, b = max(aligned.values())
    assert a < split < b  # the pair of sentences across the two passages
    alone = align_event(res, ranking, quote, qvec, passages, pairs=False)
    assert max(alone.values())[0] < recall


def test_alignment_lifts_only_a_near_claimed_speakers_sentence():
    from verify.check.verdict import paraphrase_probability

    # cosine 0.5 alone is far from a paraphrase; aligned word by word (recall 0.55) it is one
    assert paraphrase_probability(0.5, 0.0, True, 0) < 0.1
    assert paraphrase_probability(0.5, 0.0, True, 0, alignment=0.55) > 0.5
    assert paraphrase_probability(0.5, 0.0, True, 0, alignment=0.3) < 0.5
    # not the claimed speaker, or a source long before the report: no help
    assert paraphrase_probability(0.5, 0.0, False, 0, alignment=0.9) == 0.0
    assert paraphrase_probability(0.5, 0.0, True, 400, alignment=0.9) < 0.1


def test_a_readout_in_the_event_reports_the_claimed_speaker():
    """Narrative text of the resolved event that names the claimed speaker is their words as
    the Kremlin reports them; the same text outside the event, or naming nobody, is not."""
    from types import SimpleNamespace

    from verify.check.lexical import narrates_claimed

    text = "Vladimir Putin noted Russia's willingness to facilitate cargo shipping.\nOther news."
    doc = SimpleNamespace(id=6, text=text)
    req = SimpleNamespace(event=frozenset({6}), claimed="Vladimir Putin")
    assert narrates_claimed(req, doc, None, 14)
    assert not narrates_claimed(req, doc, None, text.index("Other"))  # another paragraph
    assert not narrates_claimed(
        SimpleNamespace(event=frozenset(), claimed="Vladimir Putin"), doc, None, 14
    )
    spoken = SimpleNamespace(speaker="Dmitry Peskov")
    assert not narrates_claimed(req, doc, spoken, 14)  # someone's turn, not narration


def test_the_transcript_as_delivered_comes_before_the_text_released_in_advance():
    docs = [
        _doc(
            11,
            "Remarks of President Joe Biden – State of the Union Address As Prepared for Delivery",
            "2022-03-01",
            publisher="White House",
        ),
        _doc(
            12,
            "Remarks by President Biden in State of the Union Address",
            "2022-03-02",
            publisher="White House",
        ),
    ]
    phrase = "putin badly miscalculated the strength of our alliance"
    store = Store(docs, {("Joe Biden", 11), ("Joe Biden", 12)}, {11: phrase, 12: phrase})
    text = "In his State of the Union address Biden said Putin badly miscalculated."
    ev = resolve_events(store, text, "2022-03-02", [("Joe Biden", phrase)])["Joe Biden"]
    assert ev.ranked_ids[0] == 12
    assert any("released before" in e for c in ev.candidates for e in c.evidence)


def test_a_speaker_with_no_occasion_of_their_own_is_judged_in_the_institutions_readouts():
    from verify.article.event import Event, EventCandidate
    from verify.article.runner import event_ids

    def cand(doc_id, score):
        return EventCandidate(doc_id, None, None, "2021-12-07", score, ())

    events = {
        "Kremlin": Event("Kremlin", (cand(5, 4.0), cand(6, 2.0))),
        "Vladimir Putin": Event("Vladimir Putin", (cand(7, 3.0),)),
    }
    assert event_ids(events, "Vladimir Putin") == (7,)  # their own event, ranked
    assert event_ids(events, "Kremlin") == (5, 6)
    # Biden has no transcript those days: the Kremlin's readout of the call, not Putin's
    # other occasion
    assert event_ids(events, "Joe Biden") == (5,)
    assert event_ids({"Vladimir Putin": events["Vladimir Putin"]}, "Joe Biden") == ()
    assert event_ids({}, "Joe Biden") == ()


def test_a_readouts_quotation_marks_around_a_word_are_the_claimed_speakers_word():
    """A fragment in quotation marks in the event's readout, naming the claimed speaker, is
    theirs as the readout quotes it; the same word unmarked is the readout's own."""
    from verify.check.lexical import in_marks

    text = 'Joseph Biden focused on what he described as "threatening" movements of troops.'
    start = text.index("threatening")
    end = start + len("threatening")
    assert in_marks(text, start, end)
    assert in_marks("he called it \u201cthreatening.\u201d", 14, 25)  # the stop inside the marks
    plain = "Joseph Biden focused on threatening movements of troops."
    s = plain.index("threatening")
    assert not in_marks(plain, s, s + len("threatening"))
    assert not in_marks(text, start, end - 2)  # part of the quoted word
