"""From what a reader found (a Draft) to an Article: cleanup, language, date, identity.

Every reader (page, feed, corpus row, text file) fills a Draft with what its input said;
``finish`` applies the same rules to all of them, so a story reads the same whichever way
it arrived. Dates are taken in this order: the user's flag, the input's own metadata,
a dateline in the first lines of the text, the file's modification time (only when asked
for), else missing. An unreadable date in metadata rejects the record instead of being
silently dropped, because the date decides the inclusion date.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tickerlens.errors import InputError, MalformedRecordError
from tickerlens.ingest.article import Article, PublishedFrom, content_hash
from tickerlens.ingest.dates import ParsedDate, find_date_in_text, parse_date
from tickerlens.ingest.debris import clean_text
from tickerlens.ingest.lang import detect_language

__all__ = ["BuildOptions", "Draft", "article_id", "finish"]


@dataclass(frozen=True, slots=True)
class Draft:
    source: str  # file, file:line, feed#entry or URL: where a user finds it
    text: str
    origin: str = ""  # the input the draft came from (path or URL), without line: part of its identity
    native_id: str | None = None  # an identity the input gives (canonical URL, feed guid, corpus id)
    given_id: str | None = None  # the corpus's own id for the row, used verbatim as the Article id
    line: int | None = None
    title: str | None = None
    published: ParsedDate | None = None  # already read (web page markup)
    published_from: PublishedFrom = PublishedFrom.MISSING
    published_raw: str | None = None  # to be read here (feed entry, corpus cell)
    published_field: str = "date"
    file_mtime: float | None = None
    url: str | None = None
    author: str | None = None
    site: str | None = None
    lang: str | None = None  # declared by the input; detection from the text wins
    clean: bool = True  # run debris cleanup (pages were cleaned by the extractor)
    fetched: datetime | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BuildOptions:
    published: ParsedDate | None = None  # the user's --published: overrides every other source
    lang: str | None = None  # the user's --lang: overrides detection
    file_dates: bool = False  # use file modification time when nothing else dates a story


def article_id(identity: str) -> str:
    """A stable id: the same identity gives the same id on every run and machine.

    A corpus row with its own id keeps that id instead (users join results back to their
    data by it); two corpora that reuse the same ids therefore share rows in one store.
    """
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:20]


def _reject(draft: Draft, problem: str) -> InputError:
    if draft.line is not None:
        return MalformedRecordError(draft.origin or draft.source, draft.line, problem)
    return InputError(draft.source, problem)


def _date(
    draft: Draft, text: str, lang: str | None, options: BuildOptions
) -> tuple[ParsedDate | None, PublishedFrom]:
    if options.published is not None:
        return options.published, PublishedFrom.USER
    if draft.published is not None:
        return draft.published, draft.published_from
    if draft.published_raw and draft.published_raw.strip():
        parsed = parse_date(draft.published_raw, lang)
        if parsed is None:
            raise _reject(
                draft,
                f"{draft.published_field} {draft.published_raw.strip()[:60]!r} is not a date I can read "
                "(it needs a day, month and four-digit year); fix it, or leave it empty to record "
                "the date as missing",
            )
        return parsed, PublishedFrom.METADATA
    parsed = find_date_in_text(text.split("\n", 8)[:8], lang)
    if parsed is not None:
        return parsed, PublishedFrom.TEXT
    if options.file_dates and draft.file_mtime is not None:
        moment = datetime.fromtimestamp(draft.file_mtime, UTC)
        return ParsedDate(moment, 0, "second"), PublishedFrom.FILE
    return None, PublishedFrom.MISSING


def _body(draft: Draft, extra: dict[str, str]) -> tuple[str, str | None]:
    """(text, author) after debris cleanup; credits found are added to ``extra``."""
    text = (draft.text or "").strip()
    if not (draft.clean and text):
        return text, draft.author
    cleaned = clean_text(draft.text, title=draft.title)
    if cleaned.credits:
        extra["credits"] = " | ".join(cleaned.credits)
    return cleaned.text, draft.author or cleaned.author


def finish(draft: Draft, options: BuildOptions | None = None) -> Article:
    """The Article for ``draft``; raises InputError (MalformedRecordError for a row) if unusable."""
    options = options or BuildOptions()
    raw = draft.text or ""
    extra = dict(draft.extra)
    text, author = _body(draft, extra)
    title = (draft.title or "").strip() or None
    if not text:
        if title is None:
            raise _reject(draft, "has no text and no title")
        text = title
    lang, script = detect_language(f"{title or ''}\n{text}")
    lang = options.lang or lang or draft.lang
    published, origin = _date(draft, raw, lang, options)
    if published is not None and published.zone_assumed:
        extra["published_zone"] = "assumed"
    digest = content_hash(title, text)
    identity = draft.native_id or f"{draft.origin or draft.source}|{digest}"
    return Article(
        id=draft.given_id or article_id(identity),
        text=text,
        title=title,
        published=published.utc if published else None,
        published_offset=published.offset if published else None,
        published_from=origin,
        source=draft.source,
        url=draft.url,
        lang=lang,
        script=script if lang == "zh" else None,
        author=author,
        site=draft.site,
        fetched=draft.fetched,
        extra=extra,
        published_precision=published.precision if published else None,
    )
