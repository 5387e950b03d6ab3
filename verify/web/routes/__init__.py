"""The workbench's routes by concern, each an APIRouter over ``verify.web.context``:

- ``pages``: the HTML pages (check a quote or an article, the article and quote views,
  login, the API overview) and the static files;
- ``api``: the JSON API's checks (`/api/status`, `/api/quote`, `/api/article`);
- ``reviews``: what is kept and decided (the review queue page and its form, the review
  items and checked articles of the API, the ClaimReview export).
"""

from __future__ import annotations

from verify.web.routes import api, pages, reviews

ROUTERS = (pages.router, api.router, reviews.router)

__all__ = ["ROUTERS"]
