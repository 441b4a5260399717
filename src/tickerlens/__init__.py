"""tickerlens: which listed stocks a news story is about, and what they did since.

The public surface is small on purpose::

    tickerlens.link(text, title=None, published=None) -> list[CompanyLink]
    tickerlens.ingest(path_or_bytes) -> Iterator[Article]
    tickerlens.analyze(article_or_text, ...) -> Analysis
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from tickerlens.analysis import Analysis, AnalyzeOptions, analyze_article
from tickerlens.errors import TickerlensError
from tickerlens.ingest.article import Article
from tickerlens.linking.model import CompanyLink, Mention, Role

__all__ = [
    "Analysis",
    "AnalyzeOptions",
    "Article",
    "CompanyLink",
    "Mention",
    "Role",
    "TickerlensError",
    "analyze",
    "ingest",
    "link",
]


def ingest(path_or_bytes: Any, **options: Any) -> Any:
    """Articles from a path, folder, URL, '-' (stdin) or raw bytes; see ``tickerlens.ingest``."""
    from tickerlens.ingest.pipeline import ingest as _ingest

    return _ingest(path_or_bytes, **options)


def link(
    text: str, title: str | None = None, published: datetime | date | str | None = None
) -> list[CompanyLink]:
    """Every company ``text`` names, most relevant first, linked to its listings on the
    publication date."""
    from tickerlens.linking.linker import get_linker

    return get_linker().link(text, title=title, published=published)


def analyze(article: Article | str, options: AnalyzeOptions | None = None, **kwargs: Any) -> Analysis:
    """Link, score and (with ``AnalyzeOptions(prices=...)``) track one article. A plain
    string is taken as the article text; ``kwargs`` (title, published) then describe it."""
    if isinstance(article, str):
        article = _article_from_text(article, **kwargs)
    return analyze_article(article, options)


def _article_from_text(text: str, title: str | None = None, published: Any = None) -> Article:
    from tickerlens.ingest.article import PublishedFrom, content_hash
    from tickerlens.ingest.pipeline import user_date

    parsed = user_date(published)
    return Article(
        id=content_hash(title, text)[:16],
        text=text,
        title=title,
        published=parsed.utc if parsed else None,
        published_offset=parsed.offset if parsed else None,
        published_from=PublishedFrom.USER if parsed else PublishedFrom.MISSING,
        published_precision=parsed.precision if parsed else None,
        source="python",
    )
