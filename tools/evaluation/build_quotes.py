"""Build the labelled quote set (bench/quotes_eval.jsonl) from the demo store.

Cases are made the way real quotes go wrong, from real transcript sentences:
verbatim excerpts (whole sentences, fragments of long ones, two sentences, marked
omissions, typographic variants); minor variants (spelling, contractions, punctuation,
number forms, dropped fillers and stutters); altered wording (negation, numbers, names and
places, antonyms, dropped or added content words); composites (two distant sentences
joined); misattributions (a reporter's words or another official's credited to the
official); not_found (sentences of White House documents outside the demo selection, and
hand-written statements in bench/handwritten.jsonl); paraphrases (hand-written, ibid.).

    python -m tools.evaluation.build_quotes [--out bench/quotes_eval.jsonl] [--seed 2026]

The store must hold the demo selection (make demo-store). Each case records the expected
source document(s) and the source span, and a split (dev or test) by a hash of its id.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from pathlib import Path

from verify import config
from verify.check.retrieve import exact_phrase_hits, fts_terms
from verify.corpus.store import Store

ROOT = config.PROJECT_ROOT
PER_VERDICT = 40


def split_of(case_id: str) -> str:
    return "dev" if int(hashlib.sha1(case_id.encode()).hexdigest(), 16) % 2 == 0 else "test"


class Builder:
    def __init__(self, store: Store, seed: int):
        self.store = store
        self.rng = random.Random(seed)
        self.cases: list[dict] = []
        self.used: set[tuple[int, int]] = set()
        rows = store.db.execute(
            """SELECT se.doc_id, se.turn_seq, se.seq, se.start, se.end, t.speaker, t.label,
                      t.is_question, d.url, d.date, d.publisher
               FROM sentences se
               JOIN turns t ON t.doc_id = se.doc_id AND t.seq = se.turn_seq
               JOIN documents d ON d.id = se.doc_id
               WHERE d.is_current = 1 AND d.kind = 'primary'
               ORDER BY se.doc_id, se.seq"""
        ).fetchall()
        self.texts: dict[int, str] = {}
        self.sentences = [dict(r) for r in rows]
        self.indexed_dates = sorted(
            {
                (s["date"] or "")[:10]
                for s in self.sentences
                if s["publisher"] == "White House" and s["date"]
            }
        )
        self.by_doc: dict[int, list[dict]] = {}
        for s in self.sentences:
            self.by_doc.setdefault(s["doc_id"], []).append(s)

    def text(self, doc_id: int) -> str:
        if doc_id not in self.texts:
            self.texts[doc_id] = self.store.db.execute(
                "SELECT text FROM documents WHERE id=?", (doc_id,)
            ).fetchone()[0]
        return self.texts[doc_id]

    def sent_text(self, s: dict) -> str:
        return self.text(s["doc_id"])[s["start"] : s["end"]]

    def official(self, min_chars: int = 70, max_chars: int = 320) -> list[dict]:
        out = []
        for s in self.sentences:
            if s["is_question"] or not s["speaker"]:
                continue
            n = s["end"] - s["start"]
            if not (min_chars <= n <= max_chars):
                continue
            t = self.sent_text(s)
            if "?" in t or "\n" in t or "[" in t or t.count("(") != t.count(")"):
                continue
            if len(fts_terms(t)) < 10:
                continue
            out.append(s)
        return out

    def expected_urls(self, words: str) -> list[str]:
        """Every document holding these exact words (verbatim appearances)."""
        hits = exact_phrase_hits(words, self.store, limit=100)
        ids = sorted({d for _, d, _ in hits})
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        return [
            r[0]
            for r in self.store.db.execute(f"SELECT url FROM documents WHERE id IN ({marks})", ids)
        ]

    def said_in_store(self, text: str) -> bool:
        """Does the store hold these words, verbatim or nearly (word alignment only)?"""
        from verify.check.pipeline import Checker
        from verify.errors import IndexMissingError

        if not hasattr(self, "_lexical"):
            self._lexical = Checker(self.store, semantic=False)
        try:
            result = self._lexical.check_quote(text)
        except IndexMissingError:
            return False
        return result.verdict in ("verbatim", "minor", "altered", "composite")

    def report_date(self, said: str | None) -> str | None:
        """When a report of words said on ``said`` appears: the same day or a few days later."""
        if not said:
            return None
        from datetime import date, timedelta

        return (date.fromisoformat(said[:10]) + timedelta(days=self.rng.randint(0, 4))).isoformat()

    def add(
        self,
        verdict: str,
        method: str,
        quote: str,
        s: dict | None,
        *,
        speaker=None,
        date=None,
        start=None,
        end=None,
        urls=None,
        excerpt=None,
    ) -> None:
        case_id = f"{verdict}-{len([c for c in self.cases if c['expected_verdict'] == verdict])}"
        case = {
            "id": case_id,
            "quote": quote,
            "speaker": speaker if speaker is not None else (s["speaker"] if s else None),
            "date": date if date is not None else (self.report_date(s["date"]) if s else None),
            "expected_verdict": verdict,
            "expected_url": s["url"] if s else None,
            "expected_urls": urls if urls is not None else ([s["url"]] if s else []),
            "expected_start": start if start is not None else (s["start"] if s else None),
            "expected_end": end if end is not None else (s["end"] if s else None),
            "source_excerpt": excerpt
            if excerpt is not None
            else (self.sent_text(s) if s else None),
            "method": method,
        }
        case["split"] = split_of(case_id)
        self.cases.append(case)
        if s:
            self.used.add((s["doc_id"], s["start"]))

    def pick(self, pool: list[dict], pred=None, tries: int = 5000) -> dict | None:
        for _ in range(tries):
            s = self.rng.choice(pool)
            if (s["doc_id"], s["start"]) in self.used:
                continue
            if pred is None or pred(s):
                return s
        return None

    def speaker_variant(self, name: str) -> str:
        """How an article might name the speaker: full name or surname."""
        if self.rng.random() < 0.4 and " " in name:
            return name.split()[-1]
        return name


def strip_end(t: str) -> str:
    return t.rstrip(" .;:,!")


# ----------------------------------------------------------------------------- verbatim


def build_verbatim(b: Builder, pool: list[dict]) -> None:
    n = 0
    methods = ["sentence", "fragment", "two_sentences", "ellipsis", "typography"]
    while n < PER_VERDICT:
        method = methods[n % len(methods)]
        s = b.pick(pool)
        if s is None:
            break
        text = b.sent_text(s)
        spk = b.speaker_variant(s["speaker"])
        if method == "sentence":
            q = strip_end(text)
            b.add("verbatim", method, q, s, speaker=spk, urls=b.expected_urls(q))
        elif method == "fragment":
            words = list(re.finditer(r"\S+", text))
            if len(words) < 16:
                continue
            k = b.rng.randint(7, 12)
            i = b.rng.randint(1, len(words) - k - 1)
            st, en = words[i].start(), words[i + k - 1].end()
            q = text[st:en].strip(" ,;:.")
            off = s["start"] + text.index(q)
            b.add(
                "verbatim",
                method,
                q,
                s,
                speaker=spk,
                start=off,
                end=off + len(q),
                urls=b.expected_urls(q),
                excerpt=q,
            )
        elif method == "two_sentences":
            sents = b.by_doc[s["doc_id"]]
            idx = sents.index(s)
            if idx + 1 >= len(sents) or sents[idx + 1]["turn_seq"] != s["turn_seq"]:
                continue
            nxt = sents[idx + 1]
            full = b.text(s["doc_id"])[s["start"] : nxt["end"]]
            if len(full) > 450:
                continue
            q = strip_end(full)
            b.add(
                "verbatim",
                method,
                q,
                s,
                speaker=spk,
                end=nxt["end"],
                excerpt=full,
                urls=b.expected_urls(q),
            )
        elif method == "ellipsis":
            sents = b.by_doc[s["doc_id"]]
            idx = sents.index(s)
            if idx + 2 >= len(sents) or sents[idx + 2]["turn_seq"] != s["turn_seq"]:
                continue
            third = sents[idx + 2]
            t3 = b.sent_text(third)
            if len(text) + len(t3) > 450:
                continue
            q = f"{strip_end(text)} ... {strip_end(t3)}"
            b.add(
                "verbatim",
                method,
                q,
                s,
                speaker=spk,
                end=third["end"],
                excerpt=b.text(s["doc_id"])[s["start"] : third["end"]],
            )
        else:  # typography: curly quotes, dashes, case and end punctuation
            q = strip_end(text).replace("'", "\u2019").replace(" - ", " \u2014 ")
            q = "\u201c" + q[0].lower() + q[1:] + "\u201d"
            b.add("verbatim", method, q, s, speaker=spk, urls=b.expected_urls(strip_end(text)))
        n += 1


# ----------------------------------------------------------------------------- minor

SPELL_UK_US = {
    "organise": "organize",
    "organised": "organized",
    "recognise": "recognize",
    "recognised": "recognized",
    "realise": "realize",
    "emphasise": "emphasize",
    "prioritise": "prioritize",
    "modernisation": "modernization",
    "centre": "center",
    "centres": "centers",
    "programme": "program",
    "programmes": "programs",
    "behaviour": "behavior",
    "favour": "favor",
    "favourable": "favorable",
    "defence": "defense",
    "labour": "labor",
    "neighbouring": "neighboring",
    "honour": "honor",
    "organisation": "organization",
    "organisations": "organizations",
    "stabilise": "stabilize",
    "utilise": "utilize",
    "analyse": "analyze",
    "normalisation": "normalization",
    "colour": "color",
    "harbour": "harbor",
}
CONTRACT = [
    ("do not", "don't"),
    ("does not", "doesn't"),
    ("is not", "isn't"),
    ("are not", "aren't"),
    ("cannot", "can't"),
    ("will not", "won't"),
    ("I am", "I'm"),
    ("it is", "it's"),
    ("we are", "we're"),
    ("they are", "they're"),
    ("we will", "we'll"),
    ("I will", "I'll"),
    ("we have", "we've"),
    ("did not", "didn't"),
    ("would not", "wouldn't"),
]
NUM_WORDS = {
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "twenty": "20",
    "fifty": "50",
}


def _minor_edits(text: str, rng: random.Random) -> tuple[str, list[str]] | None:
    edits = []
    t = text
    words = re.findall(r"[A-Za-z]+", t)
    for w in words:
        lw = w.lower()
        if lw in SPELL_UK_US:
            t = re.sub(rf"\b{w}\b", SPELL_UK_US[lw], t, count=1)
            edits.append("spelling")
            break
    for full, short in CONTRACT:
        if re.search(rf"\b{full}\b", t):
            t = re.sub(rf"\b{full}\b", short, t, count=1)
            edits.append("contraction")
            break
        if short in t and rng.random() < 0.5:
            t = t.replace(short, full, 1)
            edits.append("contraction")
            break
    m = re.search(r"\b(" + "|".join(NUM_WORDS) + r")\b", t)
    if m:
        t = t[: m.start()] + NUM_WORDS[m.group(1)] + t[m.end() :]
        edits.append("number")
    if "Kiev" in t:
        t = t.replace("Kiev", "Kyiv")
        edits.append("place spelling")
    # a filler inside the sentence (a dropped opening filler is no difference at all)
    m = re.search(r", (well|you know|I mean|so), ", t)
    if m:
        t = t[: m.start()] + ", " + t[m.end() :]
        edits.append("filler")
    m = re.search(r"\b((?:\w+ ){0,2}\w+)\s*[\u2014\u2013-]+\s*\1\b", t)
    if m:
        t = t[: m.start()] + m.group(1) + t[m.end() :]
        edits.append("stutter")
    if not edits and t.count(",") >= 1:
        i = [m.start() for m in re.finditer(",", t)]
        k = rng.choice(i)
        t = t[:k] + t[k + 1 :]
        edits.append("punctuation")
    if not edits or t == text:
        return None
    return strip_end(t), edits


FILLER_OR_STUTTER = re.compile(
    r", (well|you know|I mean|so), |\b((?:\w+ ){0,2}\w+)\s*[\u2014\u2013-]+\s*\2\b"
)


def build_minor(b: Builder, pool: list[dict]) -> None:
    n = 0
    tries = 0
    spoken = [s for s in pool if FILLER_OR_STUTTER.search(b.sent_text(s))]
    while n < PER_VERDICT and tries < 20000:
        tries += 1
        # a quarter of the cases from sentences with fillers or stutters to clean up
        s = b.pick(spoken if n < PER_VERDICT // 4 and spoken else pool)
        if s is None:
            break
        res = _minor_edits(b.sent_text(s), b.rng)
        if res is None:
            continue
        q, edits = res
        if edits == ["punctuation"] and n % 4:
            continue  # keep punctuation-only cases a minority
        b.add(
            "minor",
            "+".join(edits),
            q,
            s,
            speaker=b.speaker_variant(s["speaker"]),
            urls=b.expected_urls(strip_end(b.sent_text(s))),
        )
        n += 1


# ----------------------------------------------------------------------------- altered

SWAP_NAMES = [
    ("Russia", "Ukraine"),
    ("Ukraine", "Russia"),
    ("China", "India"),
    ("Europe", "Asia"),
    ("United States", "European Union"),
    ("Moscow", "Kiev"),
    ("Germany", "France"),
    ("France", "Germany"),
    ("America", "China"),
    ("Belarus", "Kazakhstan"),
    ("Democrats", "Republicans"),
    ("Republicans", "Democrats"),
    ("NATO", "the EU"),
    ("Congress", "the Senate"),
    ("Iran", "Iraq"),
    ("Japan", "Korea"),
]
ANTONYMS = [
    ("increase", "decrease"),
    ("support", "oppose"),
    ("strong", "weak"),
    ("more", "less"),
    ("always", "never"),
    ("positive", "negative"),
    ("agree", "disagree"),
    ("possible", "impossible"),
    ("important", "unimportant"),
    ("accept", "reject"),
    ("higher", "lower"),
    ("growth", "decline"),
    ("success", "failure"),
    ("allow", "forbid"),
    ("good", "bad"),
    ("best", "worst"),
    ("large", "small"),
    ("first", "last"),
    ("continue", "stop"),
    ("together", "separately"),
    ("up", "down"),
    ("new", "old"),
    ("win", "lose"),
    ("open", "closed"),
    ("safe", "dangerous"),
    ("right", "wrong"),
]
AUX = r"\b(is|are|was|were|will|can|would|should|could|must|has|have|do|does|did)\b"


def _alter(text: str, rng: random.Random) -> tuple[str, str] | None:
    kinds = ["negation", "number", "name", "antonym", "drop", "add"]
    rng.shuffle(kinds)
    for kind in kinds:
        if kind == "negation":
            m = re.search(r"\b(not|n't|never)\b", text)
            if m and m.group(1) == "not":
                return text[: m.start()] + text[m.end() + 1 :], "negation dropped"
            m = re.search(AUX + r" (?!not\b)", text)
            if m:
                return text[: m.end()] + "not " + text[m.end() :], "negation added"
        elif kind == "number":
            m = re.search(r"\b\d{1,4}\b", text)
            if m and not re.match(r"(19|20)\d\d", m.group()):
                v = int(m.group())
                nv = v + rng.choice([1, 2, 5, 10]) if v < 100 else v * 2
                return text[: m.start()] + str(nv) + text[m.end() :], "number changed"
        elif kind == "name":
            for a, c in SWAP_NAMES:
                if re.search(rf"\b{a}\b", text):
                    return re.sub(rf"\b{a}\b", c, text, count=1), "name or place changed"
        elif kind == "antonym":
            for a, c in ANTONYMS:
                if re.search(rf"\b{a}\b", text):
                    return re.sub(rf"\b{a}\b", c, text, count=1), "word swapped for its opposite"
        elif kind == "drop":
            words = list(re.finditer(r"\b[a-z]{5,}\b", text))
            words = [
                w
                for w in words
                if w.start() > 10
                and w.end() < len(text) - 10
                # not a repeated word: dropping one of a stutter changes nothing
                and text.lower().count(w.group().lower()) == 1
            ]
            if words:
                w = rng.choice(words)
                return text[: w.start()] + text[w.end() + 1 :], "content word dropped"
        elif kind == "add":
            m = re.search(AUX + r" ", text)
            if m:
                word = rng.choice(["deliberately", "secretly", "reluctantly", "illegally"])
                return text[: m.end()] + word + " " + text[m.end() :], "content word added"
    return None


def build_altered(b: Builder, pool: list[dict]) -> None:
    n = 0
    per_kind: dict[str, int] = {}
    while n < PER_VERDICT:
        s = b.pick(pool)
        if s is None:
            break
        res = _alter(strip_end(b.sent_text(s)), b.rng)
        if res is None:
            continue
        q, kind = res
        if per_kind.get(kind, 0) >= PER_VERDICT // 5:
            continue
        per_kind[kind] = per_kind.get(kind, 0) + 1
        b.add("altered", kind, q, s, speaker=b.speaker_variant(s["speaker"]))
        n += 1


# ----------------------------------------------------------------------------- composite


def build_composite(b: Builder, pool: list[dict]) -> None:
    n = 0
    while n < PER_VERDICT:
        s = b.pick(pool, lambda x: len(b.sent_text(x)) < 200)
        if s is None:
            break
        same = [
            o
            for o in b.by_doc[s["doc_id"]]
            if o["speaker"] == s["speaker"]
            and not o["is_question"]
            and abs(o["seq"] - s["seq"]) >= 4
            and 60 <= o["end"] - o["start"] <= 200
            and "?" not in b.sent_text(o)
        ]
        if not same:
            continue
        o = b.rng.choice(same)
        first, second = (s, o) if s["start"] < o["start"] else (o, s)
        if b.rng.random() < 0.3:
            first, second = second, first  # joined out of order
        t1, t2 = strip_end(b.sent_text(first)), strip_end(b.sent_text(second))
        q = f"{t1}. {t2}"
        b.add(
            "composite",
            "two distant sentences",
            q,
            s,
            speaker=b.speaker_variant(s["speaker"]),
            start=min(first["start"], second["start"]),
            end=max(first["end"], second["end"]),
            excerpt=f"{t1} [...] {t2}",
        )
        b.used.add((o["doc_id"], o["start"]))
        n += 1


# ----------------------------------------------------------------------------- misattributed


def build_misattributed(b: Builder, pool: list[dict]) -> None:
    questions = [
        s
        for s in b.sentences
        if s["is_question"]
        and 60 <= s["end"] - s["start"] <= 260
        and "?" not in b.sent_text(s)
        and len(fts_terms(b.sent_text(s))) >= 10
    ]
    n = 0
    while n < PER_VERDICT // 2 and questions:
        s = b.pick(questions)
        if s is None:
            break
        officials = [
            o["speaker"] for o in b.by_doc[s["doc_id"]] if o["speaker"] and not o["is_question"]
        ]
        if not officials:
            continue
        claimed = max(set(officials), key=officials.count)
        q = strip_end(b.sent_text(s))
        b.add("misattributed", "reporter's words credited to the official", q, s, speaker=claimed)
        n += 1
    speakers_by_pub: dict[str, list[str]] = {}
    for s in pool:
        lst = speakers_by_pub.setdefault(s["publisher"], [])
        if s["speaker"] not in lst:
            lst.append(s["speaker"])
    while n < PER_VERDICT:
        s = b.pick(pool)
        if s is None:
            break
        others = [
            o
            for o in b.by_doc[s["doc_id"]]
            if o["speaker"] and o["speaker"] != s["speaker"] and not o["is_question"]
        ]
        if others:
            claimed = b.rng.choice(others)["speaker"]
        else:
            same_pub = [x for x in speakers_by_pub[s["publisher"]] if x != s["speaker"]]
            claimed = b.rng.choice(same_pub)
        q = strip_end(b.sent_text(s))
        # the claimed speaker must not have said these words anywhere
        b.add("misattributed", "another official's words", q, s, speaker=claimed)
        n += 1


# ----------------------------------------------------------------------------- not found


def build_not_found(b: Builder, shared: Path) -> None:
    """Sentences of White House documents outside the demo selection, not in the store."""
    from verify.corpus.sources import iter_records
    from verify.corpus.turns import segment

    months = [
        "2021-03",
        "2021-07",
        "2021-11",
        "2022-03",
        "2022-06",
        "2023-02",
        "2023-06",
        "2023-10",
    ]
    paths = []
    for section in ("press-briefings", "speeches-remarks"):
        for m in months:
            p = shared / "corpora" / "whitehouse" / section / m
            if p.exists():
                paths.append(str(p))
    recs = [r for r in iter_records(paths) if hasattr(r, "text")]
    b.rng.shuffle(recs)
    n = 0
    from verify.text.tokens import split_sentences

    for rec in recs:
        if n >= PER_VERDICT - 11:
            break
        turns = [
            t
            for t in segment(rec.text, publisher="White House", date=rec.date)
            if t.speaker and not t.is_question
        ]
        if not turns:
            continue
        t = b.rng.choice(turns)
        sents = [rec.text[a:e] for a, e in split_sentences(rec.text, t.body_start, t.end)]
        sents = [
            x for x in sents if 80 <= len(x) <= 260 and "?" not in x and len(fts_terms(x)) >= 12
        ]
        if not sents:
            continue
        x = strip_end(b.rng.choice(sents))
        if exact_phrase_hits(x, b.store, limit=1) or b.said_in_store(x):
            continue  # the same words are in the store after all (speakers repeat lines)
        b.add(
            "not_found",
            f"sentence from an unindexed document ({rec.date})",
            x,
            None,
            speaker=t.speaker,
            # reported as if during the indexed period, so that the date gives nothing away
            date=b.report_date(b.rng.choice(b.indexed_dates)),
            urls=[],
            excerpt=x,
        )
        n += 1


# ----------------------------------------------------------------------------- hand-written


def add_handwritten(b: Builder, path: Path) -> None:
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        h = json.loads(line)
        if h["kind"] == "paraphrase":
            hits = exact_phrase_hits(strip_end(h["source_text"]), b.store, limit=5)
            if not hits:
                raise SystemExit(f"hand-written paraphrase source not in store: {h['source_text']}")
            doc_id = hits[0][1]
            doc = b.store.get_document(doc_id)
            start = doc.text.find(h["source_text"])
            s = {
                "url": doc.url,
                "speaker": h["speaker"],
                "date": h["date"],
                "doc_id": doc_id,
                "start": start,
                "end": start + len(h["source_text"]),
            }
            b.add(
                "paraphrase",
                "hand-written",
                h["quote"],
                s,
                speaker=h["speaker"],
                date=b.report_date(h["date"]),
                excerpt=h["source_text"],
            )
        else:
            b.add(
                "not_found",
                "hand-written",
                h["quote"],
                None,
                speaker=h["speaker"],
                date=h["date"],
                urls=[],
                excerpt=None,
            )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "quotes_eval.jsonl")
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args(argv)
    with Store(create=False) as store:
        b = Builder(store, args.seed)
        pool = b.official()
        build_verbatim(b, pool)
        build_minor(b, pool)
        build_altered(b, pool)
        build_composite(b, pool)
        build_misattributed(b, pool)
        build_not_found(b, config.shared_root())
        add_handwritten(b, ROOT / "bench" / "handwritten.jsonl")
    with open(args.out, "w") as fh:
        for c in b.cases:
            fh.write(json.dumps(c, ensure_ascii=False) + "\n")
    from collections import Counter

    print(f"{len(b.cases)} cases -> {args.out}")
    print(Counter(c["expected_verdict"] for c in b.cases))


if __name__ == "__main__":
    main()
