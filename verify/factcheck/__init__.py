"""Fact-check memory: an archive of published fact checks, and matching claims against it.

- ``models``: the FactCheck record and the match result.
- ``readers``: ClaimReview JSON-LD (files, folders, HTML pages), the CLEF CheckThat! 2020
  ``verified_claims.docs.tsv``, CSV/JSONL through ``datasets`` with a column map.
- ``ratings``: a rating as written -> true / mostly true / mixed / mostly false / false / other
  (the words are data: ``ratings.toml``).
- ``archive``: the SQLite store (``VERIFY_HOME/factchecks.sqlite``) with versions and the
  precomputed claim vectors.
- ``clean``, ``features``, ``match``: tweet/sentence cleaning, re-ranker features, and the
  matcher (BM25 + embeddings fused, then a learned re-ranker; ``reranker.json``).

Importing this package is cheap: numpy and the embedder load only where they are used.
"""
