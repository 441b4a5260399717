"""RSS and Atom feeds, via feedparser, entry by entry.

feedparser reads nearly anything that calls itself a feed, including broken ones (it sets
``bozo`` and falls back to a lenient parser). We accept what it recovers, and refuse only
a document with no entries at all, saying whether it was empty or not a feed. Entity
expansion attacks are stopped by the XML parser (expat limits amplification) and input
size was bounded before we got here.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import feedparser

from tickerlens.errors import EmptyInputError, InputError
from tickerlens.ingest.html import fragment_text, safe_url

__all__ = ["FeedEntry", "parse_feed"]


@dataclass(frozen=True, slots=True)
class FeedEntry:
    source: str  # "<feed>#<n>" so a bad entry can be found
    number: int
    text: str
    title: str | None
    url: str | None
    guid: str | None
    published_raw: str | None
    author: str | None
    site: str | None
    lang: str | None
    extra: dict[str, str] = field(default_factory=dict)


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    html = max((c.get("value", "") for c in contents), key=len, default="")
    if not html.strip():
        html = entry.get("summary", "") or entry.get("description", "")
    return fragment_text(html)


def _parse(text: str) -> Any:
    with warnings.catch_warnings():
        # feedparser warns about its own deprecated aliases; nothing here uses them.
        warnings.simplefilter("ignore", DeprecationWarning)
        return feedparser.parse(text, sanitize_html=True, resolve_relative_uris=False)


def parse_feed(text: str, source: str) -> Iterator[FeedEntry]:
    """The entries of the feed in ``text``; raises InputError if it has none."""
    parsed = _parse(text)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo") and not parsed.get("feed"):
            detail = parsed.get("bozo_exception")
            raise InputError(source, f"is not an RSS or Atom feed I can read ({detail})")
        raise EmptyInputError(source)
    feed = parsed.get("feed") or {}
    site = feed.get("title") or None
    lang = (feed.get("language") or "").split("-")[0].lower() or None
    for number, entry in enumerate(entries, start=1):
        tags = ", ".join(t.get("term", "") for t in entry.get("tags") or [] if t.get("term"))
        yield FeedEntry(
            source=f"{source}#{number}",
            number=number,
            text=_entry_text(entry),
            title=(entry.get("title") or "").strip() or None,
            url=safe_url(entry.get("link")),
            guid=entry.get("id") or None,
            published_raw=entry.get("published") or entry.get("updated") or entry.get("created") or None,
            author=entry.get("author") or None,
            site=site,
            lang=lang,
            extra={"tags": tags} if tags else {},
        )
