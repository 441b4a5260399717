"""From what a client sent (JSON text, a page's HTML, an uploaded file) to an Analysis.

Everything goes through ``ingest`` so a story reads the same whether it came from the
command line, the API or the upload box: the same cleanup, language detection, date
rules and ids (the same story sent twice gets the same id, so storing it again replaces
it). The analysis is ``analyze_article`` itself, with prices from the store only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

import duckdb

from tickerlens.analysis import Analysis, AnalyzeOptions, analyze_article
from tickerlens.errors import InputError, InputTooLargeError
from tickerlens.ingest import Article, ingest
from tickerlens.ingest.sources import kind_of
from tickerlens.linking.linker import Linker
from tickerlens.serve.tracking import StorePriceProvider
from tickerlens.settings import Settings

__all__ = ["Submission", "analyze_submission", "to_article"]


@dataclass(frozen=True, slots=True)
class Submission:
    """One story as a client sent it; exactly one of ``text``, ``html``, ``upload``."""

    text: str | None = None
    html: str | None = None
    upload: bytes | None = None
    upload_name: str | None = None
    title: str | None = None
    published: str | date | datetime | None = None
    url: str | None = None
    lang: str | None = None
    via: str = "api"  # shown as the story's source when nothing better is known


def _payload(sub: Submission) -> tuple[bytes, str | None, str]:
    """(bytes, kind, name of the input for messages)."""
    if sub.upload is not None:
        name = sub.upload_name or "the uploaded file"
        return sub.upload, kind_of(sub.upload_name or "") if sub.upload_name else None, name
    if sub.html is not None:
        return sub.html.encode("utf-8"), "html", "the page in 'html'"
    text = sub.text or ""
    if sub.title or sub.url:
        record = {"title": sub.title, "text": text, "url": sub.url}
        return json.dumps([record], ensure_ascii=False).encode("utf-8"), "json", "the story's text"
    return text.encode("utf-8"), "text", "the story's text"


def _published(value: str | date | datetime | None) -> str | datetime | None:
    """The publication time as ``ingest`` takes it; InputError when it cannot be one."""
    if isinstance(value, datetime):
        try:
            (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
        except OverflowError as exc:
            raise InputError("published", f"{value.isoformat()} is out of range; give a real date") from exc
        return value
    if isinstance(value, date):
        return value.isoformat()
    return value or None


def to_article(sub: Submission, settings: Settings) -> Article:
    """The one Article in ``sub``; InputError when there is none or more than one."""
    data, kind, name = _payload(sub)
    if not data.strip():
        raise InputError(name, "is empty; paste the story's text or upload its page")
    try:
        found = list(
            ingest(
                data,
                settings=settings,
                kind=kind,
                published=_published(sub.published),
                lang=sub.lang or None,
                url=sub.url or None,
            )
        )
    except InputTooLargeError:
        raise
    except InputError as exc:  # name what the client sent, not ingestion's "<bytes>"
        raise InputError(name, exc.problem) from exc
    if not found:
        raise InputError(name, "has no story text that can be read; paste the text itself")
    if len(found) > 1:
        raise InputError(
            name,
            f"holds {len(found)} stories; send one at a time (use `tickerlens ingest` for feeds and corpora)",
        )
    article = found[0]
    if article.source.startswith("<bytes>"):
        article = replace(article, source=sub.upload_name or article.url or sub.via)
    return article


def analyze_submission(
    sub: Submission, settings: Settings, linker: Linker, con: duckdb.DuckDBPyConnection
) -> Analysis:
    """Ingest and analyze ``sub``; changes since inclusion use the store's prices."""
    article = to_article(sub, settings)
    options = AnalyzeOptions(prices=StorePriceProvider(con))
    return analyze_article(article, options, linker=linker)
