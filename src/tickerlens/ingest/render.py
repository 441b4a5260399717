"""The JSON record of an Article that ``tickerlens ingest --format jsonl`` prints.

Other tools read this record, so its first keys are a contract: ``CONTRACT_KEYS``, in
that order, always present (null when unknown). Keys after them may be added, never
removed or renamed. ``published`` is ISO 8601 in the offset the source wrote (UTC when
it wrote none), so the local publication day stays visible.
"""

from __future__ import annotations

import json
from datetime import timedelta, timezone

from tickerlens.ingest.article import Article

__all__ = ["CONTRACT_KEYS", "to_json_line", "to_record"]

CONTRACT_KEYS = (
    "id",
    "source",
    "title",
    "text",
    "published",
    "published_from",
    "lang",
    "url",
    "content_hash",
)


def _published(article: Article) -> str | None:
    if article.published is None:
        return None
    zone = timezone(timedelta(minutes=article.published_offset or 0))
    return article.published.astimezone(zone).isoformat()


def to_record(article: Article) -> dict[str, object]:
    return {
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "text": article.text,
        "published": _published(article),
        "published_from": str(article.published_from),
        "lang": article.lang,
        "url": article.url,
        "content_hash": article.content_hash,
        "published_precision": article.published_precision,
        "published_offset": article.published_offset,
        "script": article.script,
        "author": article.author,
        "site": article.site,
        "extra": article.extra,
    }


def to_json_line(article: Article) -> str:
    return json.dumps(to_record(article), ensure_ascii=False)
