"""What an input is and which reader takes it: files, folders, stdin, URLs, raw bytes.

The kind comes from the file extension when there is one (``.gz`` looks through to the
name inside), else from the first bytes: ``<rss``/``<feed`` is a feed, other markup is a
page, ``{`` per line is JSONL. Readers turn inputs into Drafts; anything that goes wrong
becomes a Failure naming the file, line or URL, and reading goes on with the next item.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from itertools import chain, islice
from pathlib import Path
from typing import Any

from tickerlens.errors import InputError, InputTooLargeError, UnsupportedInputError
from tickerlens.ingest.article import PublishedFrom
from tickerlens.ingest.build import Draft
from tickerlens.ingest.corpus import (
    ColumnMapping,
    Row,
    columns_of,
    detect_mapping,
    read_csv,
    read_json,
    read_jsonl,
    read_parquet,
)
from tickerlens.ingest.dates import ParsedDate
from tickerlens.ingest.decode import decode_bytes
from tickerlens.ingest.feeds import parse_feed
from tickerlens.ingest.fetch import fetch_url, is_url
from tickerlens.ingest.html import extract_page, fragment_text
from tickerlens.settings import Settings

__all__ = ["KINDS", "Failure", "ReadOptions", "Source", "expand", "kind_of", "read_input", "sniff_kind"]

Source = str | Path | bytes
KINDS = ("html", "feed", "jsonl", "json", "csv", "parquet", "text", "markdown")
_EXTENSIONS = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": None,
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
}
_HTML_IN_CELL = re.compile(r"</?(?:p|div|br|span|a|li|h[1-6])\b", re.IGNORECASE)
_DETECT_ROWS = 50  # rows read before choosing a column mapping (JSON fields vary by row)


@dataclass(frozen=True, slots=True)
class Failure:
    """An input or a record of it that could not be read; the batch goes on without it."""

    source: str
    error: InputError
    whole: bool  # the named input itself failed, not one record in it

    @property
    def reason(self) -> str:
        return self.error.problem


@dataclass(frozen=True, slots=True)
class ReadOptions:
    settings: Settings
    kind: str | None = None  # force a reader
    mapping: ColumnMapping | None = None  # corpus column names, over the detected ones
    url: str | None = None  # the address of a page given as a file or bytes


def _suffix_kind(name: str) -> tuple[bool, str | None]:
    """(known extension, kind) for a file name; ``.gz`` looks at the name inside."""
    suffixes = [s.lower() for s in Path(name).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    if not suffixes or suffixes[-1] not in _EXTENSIONS:
        return False, None
    return True, _EXTENSIONS[suffixes[-1]]


def kind_of(name: str) -> str | None:
    return _suffix_kind(name)[1]


def sniff_kind(text: str) -> str:
    head = text.lstrip("\ufeff \t\r\n")[:4000].lower()
    if head.startswith("<"):
        return "feed" if re.search(r"<(?:rss|feed|rdf:rdf)[\s>]", head) else "html"
    if head.startswith("{"):
        return "jsonl" if head.split("\n", 1)[0].rstrip().endswith("}") else "json"
    if head.startswith("["):
        return "json"
    return "text"


def expand(inputs: Iterable[Source]) -> list[Source]:
    """Inputs with folders replaced by the readable files under them, in a stable order."""
    out: list[Source] = []
    for item in inputs:
        if isinstance(item, str | Path) and not (isinstance(item, str) and (item == "-" or is_url(item))):
            path = Path(item)
            if path.is_dir():
                files = (p for p in sorted(path.rglob("*")) if p.is_file() and not p.name.startswith("."))
                out.extend(p for p in files if _suffix_kind(p.name)[0])
                continue
        out.append(item)
    return out


def _text_draft(text: str, source: str, origin: str, markdown: bool, mtime: float | None) -> Draft:
    lines = text.strip().split("\n")
    title = None
    if markdown:
        heading = next((ln for ln in lines if ln.startswith("# ")), None)
        title = heading[2:].strip() if heading else None
        text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
        text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
        text = re.sub(r"^#{1,6}\s+|^\s*>\s?|\*\*|__", "", text, flags=re.MULTILINE)
    elif (
        len(lines) > 2
        and not lines[1].strip()
        and len(lines[0]) <= 150
        and not re.search(r"[.!?。！？]$", lines[0])
    ):
        title = lines[0].strip()
    return Draft(source=source, origin=origin, text=text, title=title, file_mtime=mtime)


def _cell(values: dict[str, Any], column: str | None) -> Any:
    return values.get(column) if column else None


def _string(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    text = str(value).strip()
    return text or None


def _row_date(value: Any) -> tuple[ParsedDate | None, str | None]:
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        offset = int((aware.utcoffset() or timedelta(0)).total_seconds() // 60)
        return ParsedDate(aware.astimezone(UTC), offset if value.tzinfo else None, "second"), None
    return None, _string(value)


def _row_draft(row: Row, mapping: ColumnMapping, source: str, origin: str) -> Draft:
    values = row.values
    text = _string(_cell(values, mapping.text)) or ""
    if "<" in text and _HTML_IN_CELL.search(text):
        text = fragment_text(text)
    parsed, raw_date = _row_date(_cell(values, mapping.published))
    native = _string(_cell(values, mapping.id))
    extra = {c: s[:1000] for c in mapping.extra if (s := _string(values.get(c))) is not None}
    return Draft(
        source=f"{source}:{row.line}",
        origin=origin,
        native_id=f"corpus:{Path(origin).name}:{native}" if native else None,
        given_id=native,
        line=row.line,
        text=text,
        title=_string(_cell(values, mapping.title)),
        published=parsed,
        published_from=PublishedFrom.METADATA if parsed else PublishedFrom.MISSING,
        published_raw=raw_date,
        published_field=f"column {mapping.published!r}",
        url=_string(_cell(values, mapping.url)),
        author=_string(_cell(values, mapping.author)),
        site=_string(_cell(values, mapping.site)),
        lang=_string(_cell(values, mapping.lang)),
        extra=extra,
    )


def _corpus(
    rows: Iterator[Row | InputError], source: str, origin: str, options: ReadOptions
) -> Iterator[Draft | Failure]:
    head = list(islice(rows, _DETECT_ROWS))
    good = [r for r in head if isinstance(r, Row)]
    if not good and not head:
        raise InputError(source, "has a header but no rows")
    mapping = detect_mapping(columns_of(good), source, options.mapping) if good else ColumnMapping()
    for row in chain(head, rows):
        if isinstance(row, InputError):
            yield Failure(row.source, row, whole=False)
            continue
        try:
            yield _row_draft(row, mapping, source, origin)
        except InputError as exc:
            yield Failure(exc.source, exc, whole=False)


def _page_draft(text: str, source: str, origin: str, options: ReadOptions, extra: dict[str, Any]) -> Draft:
    page = extract_page(text, source, url=options.url or extra.get("url"))
    return Draft(
        source=source,
        origin=origin,
        native_id=f"url:{page.url}" if page.url else None,
        text=page.text,
        title=page.title,
        published=page.published,
        published_from=page.published_from,
        url=page.url,
        author=page.author,
        site=page.site,
        lang=page.lang,
        clean=False,
        fetched=extra.get("fetched"),
        extra={"credits": " | ".join(page.credits)} if page.credits else {},
    )


def _feed_drafts(text: str, source: str, origin: str, extra: dict[str, Any]) -> Iterator[Draft]:
    for entry in parse_feed(text, source):
        yield Draft(
            source=entry.source,
            origin=origin,
            native_id=f"feed:{entry.guid or entry.url}" if entry.guid or entry.url else None,
            text=entry.text,
            title=entry.title,
            published_raw=entry.published_raw,
            published_field="entry date",
            url=entry.url,
            author=entry.author,
            site=entry.site,
            lang=entry.lang,
            fetched=extra.get("fetched"),
            extra=entry.extra,
        )


def _from_bytes(
    data: bytes, source: str, origin: str, kind: str | None, options: ReadOptions, **extra: Any
) -> Iterator[Draft | Failure]:
    if kind == "parquet" or data[:4] == b"PAR1":
        yield from _corpus(read_parquet(data, source), source, origin, options)
        return
    text = decode_bytes(data, source, options.settings.max_input_bytes).text
    kind = kind or sniff_kind(text)
    if kind == "html":
        yield _page_draft(text, source, origin, options, extra)
    elif kind == "feed":
        yield from _feed_drafts(text, source, origin, extra)
    elif kind in {"jsonl", "json", "csv"}:
        reader = {"jsonl": read_jsonl, "json": read_json, "csv": read_csv}[kind]
        yield from _corpus(reader(text, source), source, origin, options)
    elif kind in {"text", "markdown"}:
        yield _text_draft(text, source, origin, kind == "markdown", extra.get("mtime"))
    else:
        raise UnsupportedInputError(source, f"kind {kind!r} is not one of {', '.join(KINDS)}")


def _read_path(path: Path, options: ReadOptions) -> Iterator[Draft | Failure]:
    source = str(path)
    if not path.exists():
        raise InputError(source, "does not exist; check the path")
    if path.is_dir():
        for item in expand([path]):
            for got in read_input(item, options):
                # a bad file is one item of the folder, not a failure of the folder
                yield replace(got, whole=False) if isinstance(got, Failure) else got
        return
    kind = kind_of(path.name)
    stat = path.stat()
    if stat.st_size > options.settings.max_input_bytes:
        raise InputTooLargeError(source, stat.st_size, options.settings.max_input_bytes)
    data = path.read_bytes()
    yield from _from_bytes(
        data, source, str(path.resolve()), options.kind or kind, options, mtime=stat.st_mtime
    )


def _read_stdin(options: ReadOptions) -> Iterator[Draft | Failure]:
    limit = options.settings.max_input_bytes
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise InputTooLargeError("<stdin>", len(data), limit)
    yield from _from_bytes(data, "<stdin>", "stdin", options.kind, options)


def _read_url(url: str, options: ReadOptions) -> Iterator[Draft | Failure]:
    got = fetch_url(url, options.settings)
    kind = options.kind or kind_of(url.split("?")[0])
    if kind is None and ("rss" in got.content_type or "atom" in got.content_type):
        kind = "feed"
    yield from _from_bytes(got.data, url, got.url, kind, options, url=got.url, fetched=got.fetched)


def read_input(item: Source, options: ReadOptions) -> Iterator[Draft | Failure]:
    """Drafts from one input; a failure of the input itself is yielded as Failure(whole=True)."""
    if isinstance(item, bytes):
        reader = _from_bytes(item, "<bytes>", "bytes", options.kind, options)
        name = "<bytes>"
    elif item == "-":
        reader, name = _read_stdin(options), "<stdin>"
    elif isinstance(item, str) and is_url(item):
        reader, name = _read_url(item, options), item
    else:
        reader, name = _read_path(Path(item), options), str(item)
    try:
        yield from reader
    except InputError as exc:
        yield Failure(exc.source or name, exc, whole=True)
