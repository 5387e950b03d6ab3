"""The fact-check archive: ClaimReview pages and feeds, CLEF, CSV/JSONL, ratings, versions."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from verify.errors import InputError, NotFoundError, StoreError
from verify.factcheck.archive import Archive
from verify.factcheck.clean import clean
from verify.factcheck.models import FactCheck, ReadProblem
from verify.factcheck.ratings import normalise
from verify.factcheck.readers import read_file, read_paths

FIX = Path(__file__).parent / "fixtures" / "factcheck"


def _checks(items):
    return [i for i in items if isinstance(i, FactCheck)]


def _problems(items):
    return [i for i in items if isinstance(i, ReadProblem)]


# ------------------------------------------------------------------ ClaimReview


def test_politifact_page_list_of_claimreview_in_second_script():
    items = list(read_file(FIX / "politifact-style.html"))
    (fc,) = _checks(items)
    assert not _problems(items)  # the breadcrumb script is not a problem, just not a review
    assert fc.claim == "Wind turbines kill more birds every year than domestic cats do."
    assert fc.rating == "Pants on Fire" and fc.rating_normalised == "false"
    assert fc.publisher == "PolitiFact"
    assert fc.claimant == "Facebook posts"
    assert fc.date == "2023-01-12" and fc.claim_date == "2023-01-05"
    assert fc.source_id == fc.url and fc.url.startswith("https://www.politifact.example/")


def test_fullfact_graph_with_two_reviews_under_one_url():
    checks = _checks(read_file(FIX / "fullfact-style.html"))
    assert [c.claim[:20] for c in checks] == ["The NHS waiting list", "Nurses' pay has rise"]
    # one page, two claims: the source ids differ, the URL is the page's
    assert len({c.source_id for c in checks}) == 2
    assert all(
        c.url == "https://fullfact.example/health/nhs-waiting-list-nurses-pay/" for c in checks
    )
    assert all(c.source_id.startswith(c.url + "#") for c in checks)
    assert [c.rating_normalised for c in checks] == ["false", "mostly false"]
    assert checks[0].claim_date == "2023-02-01"  # from itemReviewed.appearance
    assert checks[0].claimant == "Rishi Sunak"
    assert checks[0].date == "2023-02-03"


def test_malformed_json_ld_script_is_reported_and_the_rest_read():
    items = list(read_file(FIX / "snopes-style.html"))
    (problem,) = _problems(items)
    assert "malformed JSON-LD" in problem.message and "script 1" in problem.origin
    (fc,) = _checks(items)
    assert fc.claim.startswith('Albert Einstein said "Insanity')
    assert fc.title.startswith("Did Einstein Say")
    assert fc.rating == "Misattributed" and fc.rating_normalised == "false"
    assert fc.claimant == "Albert Einstein"


def test_cdata_script_and_numeric_rating_without_words():
    (fc,) = _checks(read_file(FIX / "afp-style.html"))
    assert fc.rating is None
    assert fc.rating_normalised == "false"  # ratingValue 1 on 1..5
    assert fc.language == "en" and fc.date == "2022-09-01"


def test_markup_feed_export():
    checks = _checks(read_file(FIX / "factcheck-markup-feed.json"))
    assert [c.publisher for c in checks] == ["Desk Check", "Desk Check"]
    assert checks[0].claim_date == "2022-11-18" and checks[0].claimant == "A viral TikTok video"
    assert checks[1].rating_normalised == "false"  # Four Pinocchios


def test_bad_records_reported_and_unknown_rating_kept_as_other():
    items = list(read_file(FIX / "bad-records.json"))
    problems = _problems(items)
    assert len(problems) == 2 and all("claimReviewed" in p.message for p in problems)
    (fc,) = _checks(items)
    assert fc.rating == "Spicy nonsense" and fc.rating_normalised == "other"
    (bad,) = list(read_file(FIX / "malformed.json"))
    assert isinstance(bad, ReadProblem) and "malformed JSON" in bad.message


def test_fact_check_tools_api_answer(tmp_path):
    doc = {
        "claims": [
            {
                "text": "5G masts spread the coronavirus",
                "claimant": "Social media",
                "claimDate": "2020-04-01T00:00:00Z",
                "claimReview": [
                    {
                        "publisher": {"name": "FactCheckers", "site": "fc.example"},
                        "url": "https://fc.example/5g",
                        "title": "No, 5G does not spread the virus",
                        "reviewDate": "2020-04-03T00:00:00Z",
                        "textualRating": "False",
                        "languageCode": "en",
                    }
                ],
            },
            {"claimReview": []},
        ]
    }
    path = tmp_path / "api.json"
    path.write_text(json.dumps(doc))
    items = list(read_file(path))
    (fc,) = _checks(items)
    assert (fc.publisher, fc.date, fc.claim_date) == ("FactCheckers", "2020-04-03", "2020-04-01")
    assert len(_problems(items)) == 1


def test_verify_claimreview_export_reads_back(tmp_path):
    """The workbench's /api/export/claimreview format (verify.report.claimreview)."""
    export = [
        {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": "https://news.example/a1",
            "datePublished": "2022-11-02T10:00:00Z",
            "author": {"@type": "Organization", "name": "verify"},
            "claimReviewed": "nothing about Ukraine without Ukraine",
            "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Karine"}},
            "reviewRating": {"@type": "Rating", "alternateName": "Verbatim"},
        },
        {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": "https://news.example/a1",
            "datePublished": "2022-11-02T10:00:00Z",
            "author": {"@type": "Organization", "name": "verify"},
            "claimReviewed": "It is you who must give us guarantees within a year",
            "reviewRating": {"@type": "Rating", "alternateName": "Altered wording"},
        },
    ]
    path = tmp_path / "claimreview.json"
    path.write_text(json.dumps(export))
    checks = _checks(read_file(path))
    assert [c.rating_normalised for c in checks] == ["true", "mostly false"]
    assert len({c.source_id for c in checks}) == 2


# ------------------------------------------------------------------ CLEF and tables


def test_clef_sample_reader():
    items = list(read_file(FIX / "clef-sample.tsv"))
    checks = _checks(items)
    assert [c.source_id for c in checks] == ["0", "1"]
    assert (
        checks[1].claim == 'Bill Gates said "vaccines" will reduce world population by 15 percent.'
    )
    assert checks[0].title == "Shark on Houston Highway After Hurricane Harvey?"
    assert all(c.publisher == "Snopes" for c in checks)
    (problem,) = _problems(items)
    assert "line 4" in problem.origin


def test_real_clef_file(shared_root):
    path = shared_root / "eval" / "clef2020-task2" / "verified_claims.docs.tsv"
    items = list(read_file(path))
    checks = _checks(items)
    assert len(checks) > 10_000 and len({c.source_id for c in checks}) == len(checks)
    assert checks[0].claim.startswith("122 detainees released")
    assert checks[0].title.startswith("Did 122 Prisoners")


def test_csv_with_column_map_and_jsonl_with_default_columns():
    mapping = {
        "source_id": "check_id",
        "claim": "statement",
        "rating": "verdict",
        "publisher": "checker",
        "url": "link",
        "date": "published",
    }
    items = list(read_file(FIX / "checks.csv", mapping=mapping))
    checks = _checks(items)
    assert [c.source_id for c in checks] == ["c-1", "c-2"]
    assert checks[0].rating_normalised == "mostly false" and checks[0].date == "2021-04-01"
    (problem,) = _problems(items)
    assert "empty claim" in problem.message and "row 3" in problem.origin
    (missing,) = list(read_file(FIX / "checks.csv"))
    assert "no column for the claim" in missing.message and "statement" in missing.message
    jl = _checks(read_file(FIX / "checks.jsonl"))
    assert [(c.source_id, c.rating_normalised) for c in jl] == [
        ("j-1", "true"),
        ("j-2", "mostly false"),
    ]
    with pytest.raises(InputError):
        list(read_file(FIX / "checks.csv", mapping={"verdict": "verdict"}))


def test_folder_and_missing_path():
    items = list(read_paths([FIX, FIX / "nope.json"]))
    assert len(_checks(items)) >= 12
    assert any("no such file" in p.message for p in _problems(items))


# ------------------------------------------------------------------ ratings and cleaning


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("TRUE", "true"),
        ("Mostly True", "mostly true"),
        ("half-true", "mixed"),
        ("Mixture", "mixed"),
        ("Mostly false", "mostly false"),
        ("Pants on Fire!", "false"),
        ("Incorrect. The figure is 7.2 million.", "false"),
        ("This is not true", "false"),
        ("Inaccurate", "false"),
        ("Correct attribution", "true"),
        ("Unproven", "other"),
        ("Spicy nonsense", "other"),
        (None, "other"),
    ],
)
def test_rating_normalisation(written, expected):
    assert normalise(written) == expected


def test_rating_from_numbers_only():
    assert normalise(None, value=5, best=5, worst=1) == "true"
    assert normalise(None, value=3, best=5, worst=1) == "mixed"
    assert normalise(None, value=9, best=5, worst=1) == "other"


def test_tweet_cleaning_keeps_cues_apart():
    c = clean(
        "How are butterflies surviving the #AustralianFires? Footage by Julie Favell "
        "pic.twitter.com/0eJtwJyS1J — Center for Bio Div (@CenterForBioDiv) January 14, 2020"
    )
    assert c.text == "How are butterflies surviving the Australian Fires? Footage by Julie Favell"
    assert (c.author, c.handle, c.date) == ("Center for Bio Div", "CenterForBioDiv", "2020-01-14")
    c = clean("@someone @other Trump said #MAGA https://t.co/abc")
    assert c.text == "Trump said MAGA" and c.handles == ["someone", "other"]
    assert clean("Plain sentence.").text == "Plain sentence."


# ------------------------------------------------------------------ the archive


def test_archive_versions_noop_and_transactions(tmp_path):
    path = tmp_path / "factchecks.sqlite"
    with Archive(path) as archive:
        report = archive.add_all(read_paths([FIX / "factcheck-markup-feed.json"]))
        assert (report.added, report.updated, report.unchanged) == (2, 0, 0)
        generation = archive.generation()
        again = archive.add_all(read_paths([FIX / "factcheck-markup-feed.json"]))
        assert (again.added, again.unchanged) == (0, 2)
        assert archive.generation() == generation  # a no-op writes nothing
        fc = archive.get("https://deskcheck.example/checks/eiffel-tower-las-vegas")
        changed = FactCheck(**{**fc.to_dict(), "id": None, "version": None, "added_at": None})
        changed.rating, changed.rating_normalised = "Mostly false", "mostly false"
        assert archive.add(changed) == "updated"
        current = archive.get(fc.source_id)
        assert current.version == 2 and current.rating == "Mostly false"
        assert [v.rating for v in archive.versions(current)] == ["False", "Mostly false"]
        assert archive.count() == 2 and archive.count(current=False) == 3
        assert archive.get(str(fc.id)).rating == "False"  # the old version, by its id
        with pytest.raises(NotFoundError):
            archive.get("https://nowhere.example/")
    # the same source id from another fact-checker is another check
    with Archive(path) as archive:
        other = FactCheck(source_id="0", claim="x", publisher="A")
        assert archive.add(other) == "added"
        assert archive.add(FactCheck(source_id="0", claim="x", publisher="B")) == "added"


def test_bad_records_leave_stored_ones(tmp_path):
    path = tmp_path / "factchecks.sqlite"
    with Archive(path) as archive:
        archive.add_all(read_paths([FIX / "politifact-style.html"]))
        report = archive.add_all(read_paths([FIX / "bad-records.json", FIX / "malformed.json"]))
        assert report.added == 1 and len(report.problems) == 3
        assert archive.count() == 2


def test_missing_and_damaged_archive(tmp_path):
    with pytest.raises(StoreError):
        Archive(tmp_path / "none.sqlite", create=False)
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError):
        Archive(bad)


def test_vectors_stored_with_the_archive(tmp_path):
    from verify.corpus.embed import FakeEmbedder

    emb = FakeEmbedder()
    with Archive(tmp_path / "a.sqlite") as archive:
        archive.add_all(read_paths([FIX / "fullfact-style.html", FIX / "clef-sample.tsv"]))
        assert archive.embed_missing(emb) == 6  # 4 claims, 2 CLEF headlines
        assert archive.embed_missing(emb) == 0
        ids, claims, titles = archive.vectors("fake/fake")
        assert len(ids) == 4 and claims.shape == titles.shape == (4, emb.dimension)
        assert (claims[:2] == titles[:2]).all() and not (claims[2:] == titles[2:]).all()
    # WAL mode
    assert (
        sqlite3.connect(tmp_path / "a.sqlite").execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    )
