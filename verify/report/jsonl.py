"""JSON lines: one ``ArticleReport.to_json()`` per line; ``load_reports`` reads it back."""

from __future__ import annotations

import json

from verify.models import ArticleReport


def render_jsonl(reports: list[ArticleReport]) -> str:
    # ensure_ascii=False keeps quotes readable; json escapes \n and \r, so each report
    # stays on one line.
    return "".join(json.dumps(r.to_json(), ensure_ascii=False) + "\n" for r in reports)
