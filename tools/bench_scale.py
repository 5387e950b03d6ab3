"""Archive scale by simulation: the compressed vector index and the store at 400k-10M passages.

    python -m tools.bench_scale [--sizes 400000,2500000,10000000] [--source HOME] [--work DIR]
    make bench-scale                       # the same, all three sizes (hours here; not in CI)
    python -m tools.bench_scale --store-only --source HOME   # the store's queries only

From a real VERIFY_HOME (its store and a flat vector index; default whichever of indexes/full
and indexes/ holds more vectors) it makes, for each size N, a VERIFY_HOME of N passages:

- vectors: the real passage vectors, then re-normalised noisy copies of them (copy c of
  passage p is ``normalise(v_p + sigma * g / sqrt(d))``, g standard normal; ``--sigma``,
  default 0.5: a copy scores about 0.89 against its original), written as an ivf-sq8 index
  with the same files and manifest as ``verify index build`` makes (trained on a random
  sample, then every row added);
- store (unless ``--no-store``): the real documents and passages again under new document
  keys (``<key>#copy<c>``) with their turns and sentences, so passage ``p + c*M`` is copy c of
  passage p and its vector is the noisy copy above; FTS5 rebuilt over all of them, and the
  exact-wording fingerprints (the shingles table) copied under the copies' passage ids.

Queries are real quotes (bench/quotes_eval.jsonl) embedded with the index's model and
backend. Reported per size, as one JSON object a line (and a table at the end):
recall@10 of the ivf-sq8 search (with its exact re-ranking) against exact search over all N
vectors; search p50/p95 ms (one query at a time, one thread); RSS and index file sizes;
build time (train + add); the phrase search as the checks make it (retrieve.phrase_ranking:
the fingerprints for quotes of seven words or more, FTS5 for shorter ones) p50/p95, apart
for long quotes, and how often it has FTS5's best document in its first ten; the plain FTS5
phrase query p50/p95 for comparison (the quotes as phrases, through Store.fts_plain: every
match joined with its passage and document); for the quotes of fewer than seven words (and
the labelled articles' short ones) the phrase search (Store.phrase_fts) against that plain
query, and their rare words (retrieve.keyword_query, then Store.fts) against the plain
query of the same words, each p50/p95 and how often the answer is identical (passages and
documents in order) and has the same best document;
the claimed speaker's passages around a date (Store.speaker_passages) p95; document lookups
p95; and `verify quote` in a fresh process (verbatim, paraphrase).

Everything is written under --work (default $TMPDIR/verify-scale); nothing under the
source home changes. ``--store-only --keep`` keeps each size's store; ``--store-only
--retime`` then times the queries again on it without building it. At 10M: about 15 GB of
float32 vectors and 4 GB of index on disk, plus a store of about 25x the source store.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from verify.corpus import index as vindex  # noqa: E402
from verify.corpus.queries import SHINGLES_COMPLETE  # noqa: E402
from verify.corpus.store import Store  # noqa: E402

CHUNK = 100_000
VERBATIM = ("It is you who must give us guarantees, and you must do it immediately, right now",)
PARAPHRASE = (
    "Ensuring stability and security in this region is one of the most important issues "
    "on the agenda today."
)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def _default_source() -> Path:
    """indexes/full or indexes/, whichever index holds more vectors (one may be building)."""
    found = []
    for cand in (ROOT / "indexes" / "full", ROOT / "indexes"):
        manifest = vindex.read_manifest(cand / "vectors")
        if manifest is not None:
            found.append((int(manifest.get("passages", 0)), cand))
    if not found:
        raise SystemExit("no built index under indexes/full or indexes/: give --source HOME")
    return max(found)[1]


def real_vectors(source: Path) -> tuple[np.ndarray, np.ndarray, dict]:
    """(ids ascending, vectors) of the source's flat index, read once (a build may be
    replacing its files: the manifest is re-read if the file went away)."""
    import faiss

    for _ in range(5):
        manifest = vindex.read_manifest(source / "vectors")
        if manifest is None:
            raise SystemExit(f"no vector index in {source}")
        if manifest["kind"] != vindex.KIND_FLAT:
            raise SystemExit("the source index must be flat (its exact vectors are read)")
        try:
            index = faiss.read_index(str(source / "vectors" / manifest["index_file"]))
            break
        except RuntimeError:
            time.sleep(2)
    else:
        raise SystemExit("the source index keeps changing; try again")
    inner = faiss.downcast_index(index.index)
    n, d = index.ntotal, index.d
    vectors = faiss.rev_swig_ptr(inner.get_xb(), n * d).reshape(n, d).copy()
    ids = faiss.vector_to_array(index.id_map).astype("int64")
    order = np.argsort(ids)
    return ids[order], vectors[order], manifest


def query_vectors(manifest: dict, n: int) -> tuple[list[str], np.ndarray]:
    from verify.corpus.embed import load_embedder

    cases = [json.loads(line) for line in (ROOT / "bench" / "quotes_eval.jsonl").open()]
    quotes = [c["quote"] for c in cases if c.get("quote")][:n]
    emb = load_embedder(manifest["model"], backend=manifest["backend"])
    return quotes, emb.encode(quotes)


def simulate(
    size: int,
    real_ids: np.ndarray,
    real: np.ndarray,
    span: int,
    sigma: float,
    queries: np.ndarray,
    out: Path,
) -> dict:
    """Write ``size`` vectors (ids ascending) to the raw vectors/ids files under ``out`` and
    return the exact top-10 of the queries over them (streamed chunk by chunk)."""
    d = real.shape[1]
    r = len(real)
    rng = np.random.default_rng(1)
    tag = uuid.uuid4().hex[:12]
    vec_path, ids_path = out / f"vectors-{tag}.f32", out / f"ids-{tag}.i64"
    best_s = np.full((len(queries), 10), -np.inf, dtype="float32")
    best_i = np.full((len(queries), 10), -1, dtype="int64")
    t0 = time.perf_counter()
    with open(vec_path, "wb") as vf, open(ids_path, "wb") as idf:
        for start in range(0, size, CHUNK):
            rows = np.arange(start, min(size, start + CHUNK))
            copy, src = rows // r, rows % r
            vecs = real[src].copy()
            noisy = copy > 0
            if noisy.any():
                noise = rng.standard_normal((int(noisy.sum()), d), dtype="float32")
                vecs[noisy] += (sigma / np.sqrt(d)) * noise
                vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
            ids = real_ids[src] + copy * span
            vf.write(np.ascontiguousarray(vecs, dtype="float32").tobytes())
            idf.write(ids.astype("int64").tobytes())
            scores = queries @ vecs.T
            top = np.argpartition(-scores, 10, axis=1)[:, :10]
            cand_s = np.concatenate([best_s, np.take_along_axis(scores, top, 1)], axis=1)
            cand_i = np.concatenate([best_i, ids[top]], axis=1)
            keep = np.argsort(-cand_s, axis=1)[:, :10]
            best_s = np.take_along_axis(cand_s, keep, 1)
            best_i = np.take_along_axis(cand_i, keep, 1)
    return {
        "vectors_file": vec_path.name,
        "ids_file": ids_path.name,
        "exact": best_i,
        "generate_s": time.perf_counter() - t0,
    }


def build_index(out: Path, sim: dict, size: int, d: int, params: dict) -> dict:
    vectors = np.memmap(out / sim["vectors_file"], dtype="float32", mode="r", shape=(size, d))
    ids = np.memmap(out / sim["ids_file"], dtype="int64", mode="r", shape=(size,))
    t0 = time.perf_counter()
    index = vindex.new_sq8(d, params)
    params["train_sample"] = vindex.train_sq8(index, vectors, params["train_sample"])
    t_train = time.perf_counter() - t0
    vindex.add_rows(index, vectors, ids, 0, size)
    params["trained"] = True
    name = f"sq8-{uuid.uuid4().hex[:12]}.faiss"
    vindex._write_faiss(index, out / name)
    seconds = time.perf_counter() - t0
    return {"index_file": name, "train_s": t_train, "build_s": seconds}


def write_manifest(out: Path, sim: dict, built: dict, manifest: dict, store_id: str,
                   size: int, max_id: int, params: dict) -> None:  # fmt: skip
    files = {built["index_file"]: vindex._file_entry(out / built["index_file"])}
    for key in ("vectors_file", "ids_file"):
        path = out / sim[key]
        entry = vindex._file_entry(path)
        files[sim[key]] = {"size": entry["size"], "segments": [[entry["size"], entry["sha256"]]]}
    data = {
        "format": vindex.FORMAT,
        "kind": params["kind"],
        "model": manifest["model"],
        "backend": manifest["backend"],
        "dimension": manifest["dimension"],
        "metric": "inner_product",
        "passages": size,
        "max_passage_id": max_id,
        "store_id": store_id,
        "store_hash": f"{store_id}:{max_id}",
        "index_file": built["index_file"],
        "search_file": None,
        "vectors_file": sim["vectors_file"],
        "ids_file": sim["ids_file"],
        "nprobe": params["nprobe"],
        "params": params,
        "files": files,
        "built_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "simulated": True,
    }
    vindex._write_json_atomic(out / vindex.MANIFEST, data)


def build_store(source: Path, home: Path, copies: int, span: int, doc_span: int,
                max_real_id: int, size: int) -> str:  # fmt: skip
    """The source store's documents and passages ``copies`` times under new keys; passage
    ids shifted by c*span so that they line up with the simulated vectors."""
    path = home / "store.sqlite"
    with Store(path) as store:
        store_id = store.store_id
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-6000000")  # 6 GB: the fingerprint B-tree is built in memory
    db.execute("ATTACH DATABASE ? AS src", (f"file:{source / 'store.sqlite'}?mode=ro",))
    left = size
    for c in range(copies):
        doc_off, p_off = c * doc_span, c * span
        suffix = "" if c == 0 else f"#copy{c}"
        db.execute(
            "INSERT INTO documents SELECT id + ?, doc_key || ?, url, title, date, publisher, "
            "kind, language, content_hash, version, is_current, origin, meta, text, ingested_at "
            "FROM src.documents",
            (doc_off, suffix),
        )
        for table in ("turns", "sentences"):
            cols = [r[1] for r in db.execute(f"PRAGMA src.table_info({table})")]
            sel = ", ".join("doc_id + ?" if col == "doc_id" else col for col in cols)
            db.execute(f"INSERT INTO {table} SELECT {sel} FROM src.{table}", (doc_off,))
        n = db.execute(
            "INSERT INTO passages SELECT p.id + ?, p.doc_id + ?, turn_seq, start, end, p.text, "
            "speaker, is_question FROM src.passages p JOIN src.documents d ON d.id = p.doc_id "
            "WHERE d.is_current = 1 AND p.id <= ? ORDER BY p.id LIMIT ?",
            (p_off, doc_off, max_real_id, left),
        ).rowcount
        left -= n
        # the copies' exact-wording fingerprints: the real ones, under the copies' ids
        db.execute(
            "INSERT OR IGNORE INTO shingles SELECT s.hash, s.passage_id + ? FROM src.shingles s "
            "WHERE s.passage_id IN (SELECT id - ? FROM passages WHERE id > ? AND id <= ?)",
            (p_off, p_off, p_off, p_off + max_real_id),
        )
        db.commit()
    complete = db.execute("SELECT 1 FROM src.meta WHERE key = ?", (SHINGLES_COMPLETE,)).fetchone()
    if complete is None:
        db.execute("DELETE FROM meta WHERE key = ?", (SHINGLES_COMPLETE,))
    db.commit()
    db.execute("INSERT INTO passages_fts(passages_fts) VALUES ('rebuild')")
    db.commit()
    db.execute("INSERT INTO passages_fts(passages_fts) VALUES ('optimize')")  # as ingest does
    db.commit()
    db.execute("DETACH DATABASE src")
    db.close()
    return store_id


def short_quotes(n: int = 200) -> list[str]:
    """Quotes of fewer than seven words from the labelled articles (fragments, short
    sentences): the ones the phrase search still gives to FTS5."""
    from verify.corpus.shingles import GUARANTEED_WORDS, words

    out = []
    for gold in sorted((ROOT / "bench" / "articles").glob("*/gold.jsonl")):
        for line in gold.open(encoding="utf-8"):
            q = json.loads(line).get("quote") or ""
            if 0 < len(words(q)) < GUARANTEED_WORDS:
                out.append(q)
    return list(dict.fromkeys(out))[:n]


def store_queries(home: Path, quotes: list[str]) -> dict:
    """The store's queries as the checks make them: the quote's overlapping 5-word phrases
    (FTS5), its rare words (BM25), the claimed speaker's passages in the 45 days before a
    date, and whole documents by id."""
    from datetime import date as Date
    from datetime import timedelta

    from verify.check.retrieve import keyword_query, phrase_query, phrase_ranking
    from verify.check.semantic import SPEAKER_MAX_PASSAGES, SPEAKER_WINDOW_DAYS
    from verify.corpus.shingles import GUARANTEED_WORDS, words

    fts_ms, spk_ms, doc_ms = [], [], []
    phrase_ms, long_ms, agree = [], [], []
    short: dict[str, list] = {"new": [], "plain": [], "same": [], "top": []}
    bm25: dict[str, list] = {"new": [], "plain": [], "same": [], "top": []}
    with Store(home / "store.sqlite", readonly=True) as store:
        for q in quotes:
            pq = phrase_query(q)
            if pq:
                t = time.perf_counter()
                by_fts = store.fts_plain(pq, limit=40)
                fts_ms.append((time.perf_counter() - t) * 1000)
                # the phrase search as the checks make it (fingerprints, or FTS5 when short)
                t = time.perf_counter()
                got = phrase_ranking(q, store, limit=40) or []
                ms = (time.perf_counter() - t) * 1000
                phrase_ms.append(ms)
                if len(words(q)) >= GUARANTEED_WORDS:
                    long_ms.append(ms)
                if by_fts:  # does it find FTS5's best document among its first ten?
                    agree.append(by_fts[0][1] in {d for _, d, _ in got[:10]})
        # the quotes of fewer than seven words (these and the articles'): the phrase search
        # against the plain FTS5 phrase query, in turn first (neither always reads pages the
        # other has just read)
        shorts = [q for q in quotes if 0 < len(words(q)) < GUARANTEED_WORDS] + short_quotes()
        for i, q in enumerate(shorts):
            pq = phrase_query(q)
            if pq:
                _compare(
                    short,
                    i,
                    lambda: phrase_ranking(q, store, limit=40) or [],  # noqa: B023
                    lambda: store.fts_plain(pq, limit=40),  # noqa: B023
                )
        for i, q in enumerate(short_quotes()):  # their rare words (BM25), as the checks
            t = time.perf_counter()
            kq = keyword_query(q, store)
            kq_ms = (time.perf_counter() - t) * 1000
            if kq:
                _compare(
                    bm25,
                    i,
                    lambda: store.fts(kq, limit=50),  # noqa: B023
                    lambda: store.fts_plain(kq, limit=50),  # noqa: B023
                    extra_ms=kq_ms,
                )
        speakers = [
            r[0]
            for r in store.db.execute(
                "SELECT speaker FROM passages WHERE speaker IS NOT NULL AND id < 200000 "
                "GROUP BY speaker ORDER BY count(*) DESC LIMIT 5"
            )
        ]
        dates = [r[0][:10] for r in store.db.execute(
            "SELECT date FROM documents WHERE date IS NOT NULL ORDER BY random() LIMIT 10"
        )]  # fmt: skip
        for sp in speakers:
            for day in dates:
                try:
                    end = Date.fromisoformat(day)
                except ValueError:
                    continue
                since = (end - timedelta(days=SPEAKER_WINDOW_DAYS)).isoformat()
                until = (end + timedelta(days=2)).isoformat()
                t = time.perf_counter()
                store.speaker_passages(sp, since, until, limit=SPEAKER_MAX_PASSAGES)
                spk_ms.append((time.perf_counter() - t) * 1000)
        ids = [
            r[0] for r in store.db.execute("SELECT id FROM documents ORDER BY random() LIMIT 50")
        ]
        for i in ids:
            t = time.perf_counter()
            store.get_document(i)
            doc_ms.append((time.perf_counter() - t) * 1000)
        passages = store.count("passages")
    return {
        "store_passages": passages,
        "store_mb": round((home / "store.sqlite").stat().st_size / 1e6),
        "shingles": store_shingles(home),
        "phrase_p50_ms": round(statistics.median(phrase_ms), 2),
        "phrase_p95_ms": round(_pct(phrase_ms, 95), 2),
        "phrase_long_p95_ms": round(_pct(long_ms, 95), 2),
        "phrase_short_quotes": len(short["new"]),  # incl. the articles' short quotes
        "phrase_short_p50_ms": round(statistics.median(short["new"]), 2),
        "phrase_short_p95_ms": round(_pct(short["new"], 95), 2),
        "phrase_short_plain_p50_ms": round(statistics.median(short["plain"]), 2),
        "phrase_short_plain_p95_ms": round(_pct(short["plain"], 95), 2),
        "phrase_short_identical": _share(short["same"]),  # the plain query's answer
        "phrase_short_top_doc_agrees": _share(short["top"]),
        "phrase_top_doc_agrees": _share(agree),
        "fts_phrase_p50_ms": round(statistics.median(fts_ms), 2),
        "fts_phrase_p95_ms": round(_pct(fts_ms, 95), 2),
        "fts_bm25_p50_ms": round(statistics.median(bm25["new"]), 2),
        "fts_bm25_p95_ms": round(_pct(bm25["new"], 95), 2),
        "fts_bm25_plain_p50_ms": round(statistics.median(bm25["plain"]), 2),
        "fts_bm25_plain_p95_ms": round(_pct(bm25["plain"], 95), 2),
        "fts_bm25_identical": _share(bm25["same"]),
        "fts_bm25_top_doc_agrees": _share(bm25["top"]),
        "speaker_by_date_p95_ms": round(_pct(spk_ms, 95), 2),
        "document_lookup_p95_ms": round(_pct(doc_ms, 95), 2),
    }


def _compare(into: dict, i: int, new, plain, extra_ms: float = 0.0) -> None:
    """Time ``new`` and ``plain`` (the even ``i`` new first, the odd plain first) into
    ``into``: ms each (plus ``extra_ms``), whether the answers are identical (passages and
    documents in order) and whether the best document is the same."""
    got = {}
    for name, run in (("new", new), ("plain", plain))[:: 1 if i % 2 == 0 else -1]:
        t = time.perf_counter()
        got[name] = run()
        into[name].append(extra_ms + (time.perf_counter() - t) * 1000)
    a, b = ([(p, d) for p, d, _ in got[k]] for k in ("new", "plain"))
    into["same"].append(a == b)
    into["top"].append(a[0][1] == b[0][1] if a and b else a == b)


def _share(flags: list) -> float:
    return round(sum(flags) / max(1, len(flags)), 3)


def store_shingles(home: Path) -> int:
    db = sqlite3.connect(f"file:{home / 'store.sqlite'}?mode=ro", uri=True)
    try:
        return db.execute("SELECT count(*) FROM shingles").fetchone()[0]
    finally:
        db.close()


def quote_process(home: Path, quote: str, runs: int = 3) -> float:
    env = {**os.environ, "VERIFY_HOME": str(home)}
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "verify", "quote", quote, "--speaker", "Vladimir Putin",
             "--json"],
            capture_output=True, text=True, env=env, cwd=ROOT,
        )  # fmt: skip
        times.append(time.perf_counter() - t)
        if proc.returncode != 0:
            return float("nan")
    return round(statistics.median(times), 2)


def run_store_size(size: int, args: argparse.Namespace, quotes: list[str]) -> dict:
    """``--store-only``: the store of ``size`` passages and its queries, no vectors."""
    home = args.work / f"n{size}"
    src = sqlite3.connect(f"file:{args.source / 'store.sqlite'}?mode=ro", uri=True)
    real_n, span = src.execute(
        "SELECT count(*), max(p.id) FROM passages p JOIN documents d ON d.id = p.doc_id "
        "WHERE d.is_current = 1"
    ).fetchone()
    doc_span = src.execute("SELECT max(id) FROM documents").fetchone()[0]
    src.close()
    copies = -(-size // real_n)
    row: dict = {"passages": size, "real_passages": real_n, "copies": copies}
    if args.retime and (home / "store.sqlite").exists():  # a store kept by --keep
        row["retimed"] = True
    else:
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        t = time.perf_counter()
        build_store(args.source, home, copies, span, doc_span, span, size)
        row["store_build_s"] = round(time.perf_counter() - t, 1)
    row.update(store_queries(home, quotes))
    if not args.keep and not args.retime:
        shutil.rmtree(home, ignore_errors=True)
    return row


def run_size(size: int, args: argparse.Namespace, real_ids, real, manifest, quotes, qvecs) -> dict:
    home = args.work / f"n{size}"
    shutil.rmtree(home, ignore_errors=True)
    out = home / "vectors"
    out.mkdir(parents=True)
    d = real.shape[1]
    span = int(real_ids.max())  # passage ids of copy c: p + c*span (no collision)
    row: dict = {
        "passages": size,
        "kind": args.kind,
        "real_vectors": len(real),
        "sigma": args.sigma,
    }
    sim = simulate(size, real_ids, real, span, args.sigma, qvecs, out)
    row["generate_s"] = round(sim["generate_s"], 1)
    params = vindex.sq8_params(size, args.kind, d, nlist=args.nlist, nprobe=args.nprobe)
    built = build_index(out, sim, size, d, params)
    row.update(
        {k: round(v, 1) for k, v in built.items() if k.endswith("_s")},
        nlist=params["nlist"], train_sample=params["train_sample"],
    )  # fmt: skip
    copies = -(-size // len(real))
    store_id = uuid.uuid4().hex
    max_id = int(real_ids[(size - 1) % len(real)] + (copies - 1) * span)
    if not args.no_store:
        t = time.perf_counter()
        src_docs = sqlite3.connect(f"file:{args.source / 'store.sqlite'}?mode=ro", uri=True)
        doc_span = src_docs.execute("SELECT max(id) FROM documents").fetchone()[0]
        src_docs.close()
        store_id = build_store(args.source, home, copies, span, doc_span, int(real_ids.max()), size)
        row["store_build_s"] = round(time.perf_counter() - t, 1)
    write_manifest(out, sim, built, manifest, store_id, size, max_id, {**params, "kind": args.kind})
    row["index_mb"] = round((out / built["index_file"]).stat().st_size / 1e6)
    row["vectors_mb"] = round((out / sim["vectors_file"]).stat().st_size / 1e6)

    import faiss

    rss0 = _rss_mb()
    index = vindex._read_faiss(out / built["index_file"], {}, mmap=args.kind == vindex.KIND_IVF_SQ8)
    ivf = faiss.extract_index_ivf(index)
    faiss.omp_set_num_threads(1)
    results = {}
    for nprobe in sorted({params["nprobe"], *args.also_nprobe}):
        ivf.nprobe = nprobe
        vi = vindex.VectorIndex(index, json.loads((out / vindex.MANIFEST).read_text()), out)
        times, recall = [], []
        for q, want in zip(qvecs, sim["exact"], strict=True):
            t = time.perf_counter()
            got = vi.search(q, 10)[0]
            times.append((time.perf_counter() - t) * 1000)
            recall.append(len({i for i, _ in got} & set(want.tolist())) / 10)
        results[nprobe] = {
            "recall_at_10": round(float(np.mean(recall)), 4),
            "search_p50_ms": round(statistics.median(times), 2),
            "search_p95_ms": round(_pct(times, 95), 2),
        }
    row.update(results[params["nprobe"]], nprobe=params["nprobe"])
    row["by_nprobe"] = results
    row["search_rss_growth_mb"] = round(_rss_mb() - rss0)
    if not args.no_store:
        row.update(store_queries(home, quotes))
        if not args.no_quote:
            row["quote_verbatim_s"] = quote_process(home, VERBATIM[0])
            row["quote_paraphrase_s"] = quote_process(home, PARAPHRASE)
    if not args.keep:
        shutil.rmtree(home, ignore_errors=True)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="400000,2500000,10000000")
    parser.add_argument("--source", type=Path, default=None, help="a real VERIFY_HOME")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "verify-scale")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--sigma", type=float, default=0.5)
    parser.add_argument("--kind", default=vindex.KIND_IVF_PQ, choices=vindex.COMPRESSED)
    parser.add_argument("--nlist", type=int, default=None)
    parser.add_argument("--nprobe", type=int, default=None)
    parser.add_argument(
        "--also-nprobe", default="16,64,128,256", help="nprobe values also measured"
    )
    parser.add_argument("--no-store", action="store_true", help="vector index only")
    parser.add_argument("--no-quote", action="store_true", help="skip the fresh-process runs")
    parser.add_argument(
        "--store-only", action="store_true", help="the store and its queries, no vectors"
    )
    parser.add_argument("--keep", action="store_true", help="keep each size's VERIFY_HOME")
    parser.add_argument(
        "--retime",
        action="store_true",
        help="--store-only: time the queries on the store a --keep run left in --work",
    )
    args = parser.parse_args(argv)
    args.source = (args.source or _default_source()).resolve()
    args.also_nprobe = [int(x) for x in args.also_nprobe.split(",") if x.strip()]
    args.work.mkdir(parents=True, exist_ok=True)
    if args.store_only:
        cases = [json.loads(line) for line in (ROOT / "bench" / "quotes_eval.jsonl").open()]
        quotes = [c["quote"] for c in cases if c.get("quote")][: args.queries]
        rows = []
        for size in [int(float(x)) for x in args.sizes.split(",") if x.strip()]:
            rows.append(run_store_size(size, args, quotes))
            print(json.dumps(rows[-1]), flush=True)
        return 0
    real_ids, real, manifest = real_vectors(args.source)
    quotes, qvecs = query_vectors(manifest, args.queries)
    print(
        f"source {args.source}: {len(real):,} real vectors ({manifest['backend']}); "
        f"{len(quotes)} real quotes as queries",
        file=sys.stderr,
        flush=True,
    )
    rows = []
    for size in [int(float(s)) for s in args.sizes.split(",") if s.strip()]:
        row = run_size(size, args, real_ids, real, manifest, quotes, qvecs)
        rows.append(row)
        print(json.dumps(row), flush=True)
    keys = [k for k in rows[0] if k != "by_nprobe"] if rows else []
    print("\n" + "measure".ljust(26) + "".join(f"{r['passages']:>14,}" for r in rows))
    for k in keys:
        print(k.ljust(26) + "".join(f"{r.get(k, ''):>14}" for r in rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
