"""The Python API: one :class:`Verifier` over one data folder (``VERIFY_HOME``).

    from verify import Verifier

    with Verifier() as v:                     # or Verifier(home="indexes/full")
        r = v.quote("nothing about Ukraine without Ukraine",
                    speaker="White House", date="2022-11-01")
        r.verdict, r.source.url, r.earliest_primary.date

It returns the dataclasses of :mod:`verify.models` that the CLI prints and the web server
serves (:class:`~verify.models.QuoteResult`, :class:`~verify.models.ArticleReport`,
:class:`~verify.models.ExtractedQuote`); their ``to_json()`` is the JSON contract of
ARCHITECTURE.md. The store, the speaker registry, the embedding model and the vector index are
loaded once, the model and index only when a quote's wording is not in the store. Errors are
:class:`~verify.errors.VerifyError` subclasses with a ``message`` and a ``hint``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from verify.models import Article, ArticleReport, ExtractedQuote, QuoteResult


class Verifier:
    """Checks quotes and articles against the store and vector index in ``home``.

    ``home``: the data folder (default: ``VERIFY_HOME``, else ``indexes/``);
    ``semantic``: also look for paraphrases with the model and index (False: wording only, no
    model loaded); ``store_articles``: keep checked articles in the store as secondary
    documents (as ``verify article`` does unless ``--no-store``); ``claims``: check reported
    claims of articles too, not only direct quotes.
    """

    def __init__(
        self,
        home: str | Path | None = None,
        *,
        semantic: bool = True,
        store_articles: bool = False,
        claims: bool = True,
    ):
        from verify import config
        from verify.check.pipeline import Checker
        from verify.corpus.store import Store

        self.home = Path(home).expanduser() if home is not None else config.home()
        self.store = Store(self.home / "store.sqlite", create=False)
        self.checker = Checker(self.store, index_dir=self.home / "vectors", semantic=semantic)
        self.store_articles = store_articles
        self.claims = claims
        self._runner: Any = None

    # ------------------------------------------------------------------ quotes

    def quote(
        self,
        text: str,
        speaker: str | None = None,
        date: str | None = None,
        *,
        id: str | None = None,
        top_k: int = 5,
    ) -> QuoteResult:
        """Was it said, and in these words? One quote, with the claimed speaker and date."""
        return self.checker.check_quote(text, speaker=speaker, date=date, id=id, top_k=top_k)

    def check(self, items: Iterable[dict[str, Any]]) -> Iterator[QuoteResult]:
        """Many quotes, in order: each item ``{"id", "quote", "speaker", "date"}``; an item
        that cannot be checked yields a result with ``error`` set instead of raising."""
        return self.checker.check_many(items)

    # ------------------------------------------------------------------ articles

    def extract(
        self, text: str, *, outlet: str | None = None, date: str | None = None
    ) -> list[ExtractedQuote]:
        """The quotes and reported claims of an article's text, attributed."""
        from verify.article.extract import extract_quotes

        return extract_quotes(text, claims=self.claims, outlet=outlet, date=date)

    def article(
        self,
        text: str | None = None,
        *,
        source: str | None = None,
        url: str | None = None,
        title: str | None = None,
        date: str | None = None,
        outlet: str | None = None,
    ) -> ArticleReport:
        """Every quote and claim of an article checked, with provenance. Give the ``text``,
        or a ``source`` to read (a file path, an http(s) URL; HTML and WARC are read as
        ``verify article`` reads them); the keywords override what the source says."""
        from verify.errors import InputError

        if (text is None) == (source is None):
            raise InputError(
                "Give an article's text or its source, not both or neither.",
                'Verifier.article(text="...") or Verifier.article(source="article.html").',
            )
        if source is not None:
            from verify.article.inputs import read_article

            art = read_article(source)
        else:
            art = Article(text=text or "", origin="text")
        art.url = url or art.url
        art.title = title or art.title
        art.date = date or art.date
        art.outlet = outlet or art.outlet
        return self._article_runner().check_article(art)

    def _article_runner(self) -> Any:
        if self._runner is None:
            from verify.article.runner import ArticleRunner

            self._runner = ArticleRunner(
                self.checker, store_article=self.store_articles, claims=self.claims
            )
        return self._runner

    # ------------------------------------------------------------------ lifetime

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Verifier:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
