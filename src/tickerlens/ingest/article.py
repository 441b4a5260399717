"""The Article: what every input becomes, and what linking and signals read.

``published`` is timezone-aware UTC when known, None when the input did not say (never
invented); ``published_offset`` keeps the offset the source wrote (minutes east of UTC),
and ``published_from`` says where the date came from, because the publication date
decides the inclusion date of every stock the story names.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

__all__ = ["Article", "PublishedFrom", "content_hash"]


class PublishedFrom(StrEnum):
    METADATA = "metadata"  # page meta tags, feed entry, corpus column
    TEXT = "text"  # a dateline or date written in the body
    FILE = "file"  # file modification time (only when asked for)
    USER = "user"  # --published flag or API field
    MISSING = "missing"


def content_hash(title: str | None, text: str) -> str:
    """SHA-256 over the normalised title and text: the identity used for exact duplicates."""
    norm = " ".join(((title or "") + "\n" + text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    text: str
    title: str | None = None
    published: datetime | None = None  # UTC, tz-aware
    published_offset: int | None = None  # minutes east of UTC as the source wrote it
    published_from: PublishedFrom = PublishedFrom.MISSING
    source: str = ""  # file, file:line, or URL it came from
    url: str | None = None
    lang: str | None = None  # "en", "zh", or another ISO 639-1 code
    script: str | None = None  # "Hans" / "Hant" for Chinese
    author: str | None = None
    site: str | None = None
    fetched: datetime | None = None
    extra: dict[str, str] = field(default_factory=dict)
    # how much of ``published`` the source stated: "second", "minute", "part_of_day" (e.g.
    # 晚间, set to a representative hour), "day" (00:00 at the stated offset, or UTC when the
    # source gave none); None when ``published`` is None. Inclusion dates need to know.
    published_precision: str | None = None

    @property
    def content_hash(self) -> str:
        return content_hash(self.title, self.text)
