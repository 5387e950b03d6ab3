"""Features of a (claim, archived fact check) pair for the re-ranker.

A candidate is described by how the two retrievers saw it (BM25 and cosine scores, their
ranks, the gap to the best candidate) and by what the texts share: content words, numbers,
names (capitalised words, the tweet author's name), headline against claim. ``FEATURES``
fixes the order of the columns the learned model reads; keep it in step with
``reranker.json`` (retrain with ``python -m verify.factcheck.train``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

FEATURES = (
    "cos",  # mean of the two below
    "cos_claim",  # cosine to the check's claim
    "cos_title",  # cosine to its headline (= cos_claim without one)
    "cos_claim_rank",
    "cos_title_rank",
    "cos_rank",
    "cos_gap",
    "cos_z",
    "bm25",
    "bm25_rank",
    "bm25_ratio",
    "rrf",
    "cand_covered",  # share of the candidate's content words found in the claim
    "query_covered",  # share of the claim's content words found in the candidate
    "claim_covered",  # the same as cand_covered, on the check's claim alone
    "title_covered",  # ... on the check's headline alone (0 without one)
    "bigrams_shared",
    "numbers_shared",
    "numbers_missing",  # numbers in the candidate not in the claim
    "names_covered",  # share of the candidate's names found in the claim
    "names_missing",
    "author_named",  # the tweet's author (tail) is named in the candidate
    "query_len",
    "cand_len",
    "date_gap",  # years between the claim's date and the check's date (0 when unknown)
    "fuzz_claim",  # rapidfuzz token-set ratio, claim against the check's claim
    "fuzz_title",  # ... against its headline
    "fuzz_partial",  # best partial match of the check's claim inside the claim
    "quotes_found",  # share of the claim's quoted phrases found in the check
)
N_FEATURES = len(FEATURES)

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*|\d+(?:[.,]\d+)*%?")
_QUOTED = re.compile(r"[\"“”]([^\"“”]{3,200})[\"“”]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z'’]+|\b[A-Z]{2,}\b")
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves says said say did does photo video image shows show claim claims true false
    real really rt amp via""".split()
)


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light suffix strip (plural, -ing, -ed) so that "vaccines" meets "vaccine"."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 5 and w.endswith("ing"):
        return w[:-3]
    if len(w) > 4 and w.endswith("ed"):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def tokens(text: str) -> list[str]:
    """Content-word stems of ``text`` (for BM25 and the overlap features)."""
    out = []
    for w in _WORD.findall(text or ""):
        lw = w.lower()
        if lw in STOPWORDS or (len(lw) < 2 and not lw.isdigit()):
            continue
        out.append(stem(lw))
    return out


def numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text or "")}


def names(text: str) -> set[str]:
    return {
        n.lower().rstrip("'’s") for n in _NAME.findall(text or "") if n.lower() not in STOPWORDS
    }


@dataclass
class QueryInfo:
    """What the features need of the claim being matched, computed once per claim."""

    text: str
    toks: set[str]
    bigrams: set[tuple[str, str]]
    numbers: set[str]
    names: set[str]
    author_tokens: set[str]
    year: float | None
    lower: str = ""
    quotes: tuple[str, ...] = ()

    @classmethod
    def of(cls, text: str, *, author: str | None = None, date: str | None = None) -> QueryInfo:
        toks = tokens(text)
        author_tokens = {
            stem(t) for t in re.findall(r"[A-Za-z]{3,}", author or "") if t.lower() not in STOPWORDS
        }
        return cls(
            text=text,
            toks=set(toks),
            bigrams=set(zip(toks, toks[1:], strict=False)),
            numbers=numbers(text),
            names={n for n in names(text)}
            | {t.lower() for t in _WORD.findall(text) if t.isupper()},
            author_tokens=author_tokens,
            year=_year(date),
            lower=text.lower(),
            quotes=tuple(m.lower().strip() for m in _QUOTED.findall(text) if len(m.split()) >= 2),
        )


def _year(date: str | None) -> float | None:
    if not date or len(date) < 4 or not date[:4].isdigit():
        return None
    year = float(date[:4])
    if len(date) >= 7 and date[5:7].isdigit():
        year += (int(date[5:7]) - 1) / 12
    return year


def _share(part: set, whole: set) -> float:
    return len(part & whole) / len(whole) if whole else 0.0


def candidate_features(
    q: QueryInfo,
    claim: str,
    title: str | None,
    date: str | None,
    *,
    cos: float,
    cos_claim: float,
    cos_title: float,
    cos_claim_rank: int,
    cos_title_rank: int,
    cos_rank: int,
    cos_best: float,
    cos_mean: float,
    cos_std: float,
    bm25: float,
    bm25_rank: int,
    bm25_best: float,
) -> list[float]:
    if not title or not title.strip():
        # the model learned on checks that all have a headline restating the claim: without
        # one, the claim stands in for it (as its vector does for cos_title)
        title = claim
    claim_toks = tokens(claim)
    title_toks = tokens(title) if title else []
    cand = set(claim_toks) | set(title_toks)
    cand_bigrams = set(zip(claim_toks, claim_toks[1:], strict=False)) | set(
        zip(title_toks, title_toks[1:], strict=False)
    )
    text = claim + (" " + title if title else "")
    cand_numbers = numbers(text)
    cand_names = names(claim) | (names(title) if title else set())
    qlower = q.text.lower()
    names_found = {n for n in cand_names if n in qlower}
    year = _year(date)
    gap = (year - q.year) if (year is not None and q.year is not None) else 0.0
    return [
        cos,
        cos_claim,
        cos_title,
        float(min(cos_claim_rank, 100)),
        float(min(cos_title_rank, 100)),
        float(min(cos_rank, 100)),
        cos_best - cos,
        (cos - cos_mean) / cos_std if cos_std > 1e-6 else 0.0,
        bm25,
        float(min(bm25_rank, 100)),
        bm25 / bm25_best if bm25_best > 0 else 0.0,
        1.0 / (60 + cos_rank) + 1.0 / (60 + bm25_rank),
        _share(q.toks, cand),
        _share(cand, q.toks),
        _share(q.toks, set(claim_toks)),
        _share(q.toks, set(title_toks)),
        float(len(q.bigrams & cand_bigrams)),
        float(len(q.numbers & cand_numbers)),
        float(len(cand_numbers - q.numbers)),
        len(names_found) / len(cand_names) if cand_names else 0.0,
        float(len(cand_names - names_found)),
        1.0 if q.author_tokens and q.author_tokens & cand else 0.0,
        math.log1p(len(q.toks)),
        math.log1p(len(cand)),
        gap,
        fuzz.token_set_ratio(q.lower, claim.lower()) / 100.0,
        fuzz.token_set_ratio(q.lower, title.lower()) / 100.0 if title else 0.0,
        fuzz.partial_ratio(claim.lower(), q.lower) / 100.0,
        (sum(1 for x in q.quotes if x in text.lower()) / len(q.quotes)) if q.quotes else 0.0,
    ]


def as_matrix(rows: list[list[float]]) -> np.ndarray:
    return np.asarray(rows, dtype=np.float32).reshape(-1, N_FEATURES)


# --------------------------------------------------------------------------- the pool at once
#
# ``candidate_features`` above describes one pair and is the reference; matching computes the
# same numbers for the whole candidate pool at once (``pool_features``) from what a
# ``CheckTable`` holds of every check, computed once when the index is built: its tokens,
# bigrams, numbers and names as ids (sets in CSR form), its year, its lower-cased texts.


class Sets:
    """One set of ids per check, as CSR arrays (``ptr``: n + 1 offsets into ``ids``)."""

    def __init__(self, ptr: np.ndarray, ids: np.ndarray):
        self.ptr = ptr
        self.ids = ids

    @classmethod
    def of(cls, sets: Sequence[Sequence[int]], dtype: type = np.int32) -> Sets:
        rows = [sorted(set(x)) for x in sets]
        ptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum([len(x) for x in rows], out=ptr[1:])
        return cls(ptr, np.asarray([i for x in rows for i in x], dtype=dtype))

    def sizes(self, positions: np.ndarray) -> np.ndarray:
        return self.ptr[positions + 1] - self.ptr[positions]

    def gather(self, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The ids of these checks' sets, flat, and for each the row (index in positions)."""
        sizes = self.sizes(positions)
        total = int(sizes.sum())
        rows = np.repeat(np.arange(len(positions)), sizes)
        starts = np.repeat(self.ptr[positions] - np.cumsum(sizes) + sizes, sizes)
        return self.ids[starts + np.arange(total)], rows

    def hits(self, positions: np.ndarray, wanted: np.ndarray) -> np.ndarray:
        """Per check, how many of its ids are in ``wanted``."""
        if not len(wanted) or not len(positions):
            return np.zeros(len(positions))
        flat, rows = self.gather(positions)
        found = np.isin(flat, wanted)
        return np.bincount(rows, weights=found, minlength=len(positions))


class Texts:
    """Strings as one UTF-8 blob and offsets (read lazily from an index folder)."""

    def __init__(self, blob: np.ndarray, ptr: np.ndarray):
        self.blob = blob
        self.ptr = ptr

    @classmethod
    def of(cls, texts: Sequence[str]) -> Texts:
        parts = [t.encode("utf-8") for t in texts]
        ptr = np.zeros(len(parts) + 1, dtype=np.int64)
        np.cumsum([len(b) for b in parts], out=ptr[1:])
        return cls(np.frombuffer(b"".join(parts), dtype=np.uint8), ptr)

    def __len__(self) -> int:
        return len(self.ptr) - 1

    def __getitem__(self, i: int) -> str:
        return self.blob[self.ptr[i] : self.ptr[i + 1]].tobytes().decode("utf-8")


TABLE_FILES = ("fc_sets.npz", "fc_texts.npz", "fc_vocab.txt", "fc_numbers.txt", "fc_names.txt")


class CheckTable:
    """What the features need of every archived check, computed once."""

    SETS = ("cand", "claim", "title", "bigrams", "numbers", "names")

    def __init__(
        self,
        *,
        vocab: dict[str, int],
        number_vocab: dict[str, int],
        names: Sequence[str],
        sets: dict[str, Sets],
        year: np.ndarray,
        claims: Sequence[str],
        titles: Sequence[str],
    ):
        self.vocab = vocab
        self.number_vocab = number_vocab
        self.names = names
        self.sets = sets
        self.year = year
        self.claims = claims  # lower-cased
        self.titles = titles  # lower-cased; the claim where a check has no headline
        self.n = len(year)
        self.cand_len = np.log1p(sets["cand"].sizes(np.arange(self.n)).astype(np.float64))

    @classmethod
    def build(
        cls, claims: Sequence[str], titles: Sequence[str | None], dates: Sequence[str | None]
    ) -> CheckTable:
        vocab: dict[str, int] = {}
        number_vocab: dict[str, int] = {}
        name_vocab: dict[str, int] = {}
        rows: dict[str, list[set[int]]] = {k: [] for k in cls.SETS}
        years, lower_claims, lower_titles = [], [], []
        for claim, title, date in zip(claims, titles, dates, strict=True):
            if not title or not title.strip():
                title = claim  # as candidate_features does
            ct = [vocab.setdefault(t, len(vocab)) for t in tokens(claim)]
            tt = [vocab.setdefault(t, len(vocab)) for t in tokens(title)]
            rows["cand"].append(set(ct) | set(tt))
            rows["claim"].append(set(ct))
            rows["title"].append(set(tt))
            rows["bigrams"].append(
                {a * (1 << 32) + b for a, b in zip(ct, ct[1:], strict=False)}
                | {a * (1 << 32) + b for a, b in zip(tt, tt[1:], strict=False)}
            )
            text = claim + " " + title
            rows["numbers"].append(
                {number_vocab.setdefault(x, len(number_vocab)) for x in numbers(text)}
            )
            rows["names"].append(
                {name_vocab.setdefault(x, len(name_vocab)) for x in names(claim) | names(title)}
            )
            y = _year(date)
            years.append(np.nan if y is None else y)
            lower_claims.append(claim.lower())
            lower_titles.append(title.lower())
        sets = {k: Sets.of(v, np.int64 if k == "bigrams" else np.int32) for k, v in rows.items()}
        return cls(
            vocab=vocab,
            number_vocab=number_vocab,
            names=list(name_vocab),
            sets=sets,
            year=np.asarray(years, dtype=np.float64),
            claims=Texts.of(lower_claims),
            titles=Texts.of(lower_titles),
        )

    def save(self, folder: Path) -> None:
        arrays = {"year": self.year}
        for k, s in self.sets.items():
            arrays[f"{k}_ptr"], arrays[f"{k}_ids"] = s.ptr, s.ids
        np.savez(folder / "fc_sets.npz", **arrays)
        claims = self.claims if isinstance(self.claims, Texts) else Texts.of(self.claims)
        titles = self.titles if isinstance(self.titles, Texts) else Texts.of(self.titles)
        np.savez(
            folder / "fc_texts.npz",
            claims_blob=claims.blob,
            claims_ptr=claims.ptr,
            titles_blob=titles.blob,
            titles_ptr=titles.ptr,
        )
        for name, words in (
            ("fc_vocab.txt", sorted(self.vocab, key=self.vocab.__getitem__)),
            ("fc_numbers.txt", sorted(self.number_vocab, key=self.number_vocab.__getitem__)),
            ("fc_names.txt", list(self.names)),
        ):
            (folder / name).write_text("\n".join(words), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> CheckTable:
        def words(name: str) -> list[str]:
            got = (folder / name).read_text(encoding="utf-8").split("\n")
            return [] if got == [""] else got

        with np.load(folder / "fc_sets.npz") as z:
            sets = {k: Sets(z[f"{k}_ptr"], z[f"{k}_ids"]) for k in cls.SETS}
            year = z["year"]
        with np.load(folder / "fc_texts.npz") as z:
            claims = Texts(z["claims_blob"], z["claims_ptr"])
            titles = Texts(z["titles_blob"], z["titles_ptr"])
        return cls(
            vocab={t: i for i, t in enumerate(words("fc_vocab.txt"))},
            number_vocab={t: i for i, t in enumerate(words("fc_numbers.txt"))},
            names=words("fc_names.txt"),
            sets=sets,
            year=year,
            claims=claims,
            titles=titles,
        )


def pool_features(
    q: QueryInfo,
    table: CheckTable,
    positions: np.ndarray,
    *,
    cos: np.ndarray,
    cos_claim: np.ndarray,
    cos_title: np.ndarray,
    cos_claim_rank: np.ndarray,
    cos_title_rank: np.ndarray,
    cos_rank: np.ndarray,
    cos_best: float,
    cos_mean: float,
    cos_std: float,
    bm25: np.ndarray,
    bm25_rank: np.ndarray,
    bm25_best: float,
) -> np.ndarray:
    """``candidate_features`` for every check at ``positions`` (the per-candidate arrays are
    aligned with them), as the float32 matrix the re-ranker reads."""
    P = np.asarray(positions, dtype=np.int64)
    m = len(P)
    X = np.zeros((m, N_FEATURES), dtype=np.float64)
    if m == 0:
        return X.astype(np.float32)
    sets = table.sets
    f64 = np.float64
    cos = cos.astype(f64)
    X[:, 0] = cos
    X[:, 1] = cos_claim
    X[:, 2] = cos_title
    X[:, 3] = np.minimum(cos_claim_rank, 100)
    X[:, 4] = np.minimum(cos_title_rank, 100)
    X[:, 5] = np.minimum(cos_rank, 100)
    X[:, 6] = cos_best - cos
    X[:, 7] = (cos - cos_mean) / cos_std if cos_std > 1e-6 else 0.0
    bm25 = bm25.astype(f64)
    X[:, 8] = bm25
    X[:, 9] = np.minimum(bm25_rank, 100)
    X[:, 10] = bm25 / bm25_best if bm25_best > 0 else 0.0
    X[:, 11] = 1.0 / (60 + cos_rank.astype(f64)) + 1.0 / (60 + bm25_rank.astype(f64))
    vocab = table.vocab
    qids = np.asarray(sorted({vocab[t] for t in q.toks if t in vocab}), dtype=np.int32)
    n_cand = sets["cand"].sizes(P).astype(f64)
    n_claim = sets["claim"].sizes(P).astype(f64)
    n_title = sets["title"].sizes(P).astype(f64)
    shared = sets["cand"].hits(P, qids)
    X[:, 12] = _ratio(shared, n_cand)
    X[:, 13] = shared / len(q.toks) if q.toks else 0.0
    X[:, 14] = _ratio(sets["claim"].hits(P, qids), n_claim)
    X[:, 15] = _ratio(sets["title"].hits(P, qids), n_title)
    qbi = np.asarray(
        sorted(vocab[a] * (1 << 32) + vocab[b] for a, b in q.bigrams if a in vocab and b in vocab),
        dtype=np.int64,
    )
    X[:, 16] = sets["bigrams"].hits(P, qbi)
    nv = table.number_vocab
    qnum = np.asarray(sorted(nv[x] for x in q.numbers if x in nv), dtype=np.int32)
    n_numbers = sets["numbers"].sizes(P).astype(f64)
    numbers_shared = sets["numbers"].hits(P, qnum)
    X[:, 17] = numbers_shared
    X[:, 18] = n_numbers - numbers_shared
    flat, rows = sets["names"].gather(P)
    n_names = sets["names"].sizes(P).astype(f64)
    if len(flat):
        distinct = np.unique(flat)
        qlower = q.text.lower()
        named = np.asarray([table.names[i] in qlower for i in distinct.tolist()])
        found = np.bincount(
            rows, weights=named[np.searchsorted(distinct, flat)], minlength=m
        ).astype(f64)
    else:
        found = np.zeros(m)
    X[:, 19] = _ratio(found, n_names)
    X[:, 20] = n_names - found
    if q.author_tokens:
        aids = np.asarray(sorted(vocab[t] for t in q.author_tokens if t in vocab), dtype=np.int32)
        X[:, 21] = (sets["cand"].hits(P, aids) > 0).astype(f64)
    X[:, 22] = math.log1p(len(q.toks))
    X[:, 23] = table.cand_len[P]
    if q.year is not None:
        gap = table.year[P] - q.year
        X[:, 24] = np.where(np.isnan(gap), 0.0, gap)
    claims = [table.claims[int(p)] for p in P]
    titles = [table.titles[int(p)] for p in P]
    X[:, 25] = process.cdist([q.lower], claims, scorer=fuzz.token_set_ratio, dtype=f64)[0] / 100.0
    X[:, 26] = process.cdist([q.lower], titles, scorer=fuzz.token_set_ratio, dtype=f64)[0] / 100.0
    X[:, 27] = process.cdist(claims, [q.lower], scorer=fuzz.partial_ratio, dtype=f64)[:, 0] / 100.0
    if q.quotes:
        X[:, 28] = [
            sum(1 for x in q.quotes if x in c + " " + t) / len(q.quotes)
            for c, t in zip(claims, titles, strict=True)
        ]
    return X.astype(np.float32)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    out = np.zeros(len(num))
    np.divide(num, den, out=out, where=den > 0)
    return out
