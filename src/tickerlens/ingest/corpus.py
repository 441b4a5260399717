"""Corpora: JSONL, JSON, CSV and Parquet files of many stories, read row by row.

Real dumps disagree on everything: the separator (``;`` in some exports), quoting (text
with newlines inside quotes), and what the columns are called (``Full Text``, ``summary``,
``text``, ``New_text``; ``Date and Timestamp``, ``created_at``). A ``ColumnMapping`` names
the column for each article field; ``detect_mapping`` proposes one from the header and the
user can override any part of it. Rows are yielded with their line (or item) number so a
bad one can be reported precisely while the rest goes on.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from typing import Any

from tickerlens.errors import ColumnMappingError, InputError, MalformedRecordError

__all__ = [
    "ColumnMapping",
    "Row",
    "columns_of",
    "detect_mapping",
    "parse_mapping_spec",
    "read_csv",
    "read_json",
    "read_jsonl",
    "read_parquet",
]

csv.field_size_limit(1 << 28)  # article bodies exceed the default 128 KB field limit

# Header names by field, normalised (lower case, runs of space/_/- as one space), best first.
_CANDIDATES: dict[str, tuple[str, ...]] = {
    "text": (
        "full text",
        "fulltext",
        "text",
        "content",
        "body",
        "article body",
        "articlebody",
        "article",
        "story",
        "main text",
        "maintext",
        "new text",
        "document",
        "news",
        "sentence",
        "summary",
        "description",
        "snippet",
        "abstract",
        "lead",
        "正文",
        "内容",
        "新闻内容",
    ),
    "title": ("title", "headline", "heading", "subject", "标题", "標題"),
    "published": (
        "date and timestamp",
        "published",
        "published at",
        "published date",
        "publish date",
        "publication date",
        "pubdate",
        "pub date",
        "date published",
        "datepublished",
        "datetime",
        "date time",
        "date",
        "timestamp",
        "created at",
        "created",
        "time",
        "release date",
        "发布时间",
        "發佈時間",
        "日期",
        "时间",
    ),
    "url": ("url", "link", "href", "uri", "article url", "source url", "链接"),
    "id": ("id", "uuid", "guid", "doc id", "docid", "article id", "news id", "s no", "no", "index", "_index"),
    "author": ("author", "authors", "byline", "writer", "作者"),
    "site": ("source", "publisher", "site", "site name", "sitename", "outlet", "media", "来源", "來源"),
    "lang": ("lang", "language"),
}


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which column holds each article field; ``extra`` columns are kept as labels."""

    text: str | None = None
    title: str | None = None
    published: str | None = None
    url: str | None = None
    id: str | None = None
    author: str | None = None
    site: str | None = None
    lang: str | None = None
    extra: tuple[str, ...] = field(default_factory=tuple)

    def merged(self, override: ColumnMapping | None) -> ColumnMapping:
        """This mapping with every field ``override`` sets taken from it."""
        if override is None:
            return self
        values = {f.name: getattr(override, f.name) for f in fields(override) if getattr(override, f.name)}
        merged = replace(self, **values)
        used = {getattr(merged, f.name) for f in fields(merged) if f.name != "extra"}
        return replace(merged, extra=tuple(c for c in self.extra if c not in used))


@dataclass(frozen=True, slots=True)
class Row:
    line: int  # 1-based line (CSV/JSONL) or item number (JSON, Parquet)
    values: dict[str, Any]


def _norm(name: str) -> str:
    return re.sub(r"[\s_\-.]+", " ", name.strip().lower()).strip() or "_index"


def detect_mapping(columns: list[str], source: str, override: ColumnMapping | None = None) -> ColumnMapping:
    """A mapping for ``columns`` from their names, with ``override`` on top."""
    by_norm: dict[str, str] = {}
    for column in columns:
        by_norm.setdefault(_norm(column), column)
    chosen: dict[str, str | None] = {}
    taken: set[str] = set()
    for name, candidates in _CANDIDATES.items():
        pick = next((by_norm[c] for c in candidates if c in by_norm and by_norm[c] not in taken), None)
        chosen[name] = pick
        if pick is not None:
            taken.add(pick)
    mapping = ColumnMapping(**chosen, extra=tuple(c for c in columns if c not in taken)).merged(override)
    missing = [
        c
        for c in (mapping.text, mapping.title, mapping.published, mapping.url, mapping.id)
        if c and c not in columns
    ]
    if missing:
        raise ColumnMappingError(source, list(columns), f"has no column {missing[0]!r}")
    if mapping.text is None and mapping.title is None:
        raise ColumnMappingError(
            source, list(columns), "has no column that looks like article text or a title"
        )
    return mapping


def parse_mapping_spec(spec: str) -> ColumnMapping:
    """``"text=Full Text,published=Date"`` (the --map flag) as a ColumnMapping."""
    names = {f.name for f in fields(ColumnMapping)} - {"extra"}
    values: dict[str, Any] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        key, sep, column = part.partition("=")
        if not sep or key.strip() not in names or not column.strip():
            raise InputError("--map", f"{part!r} is not FIELD=COLUMN with FIELD one of {sorted(names)}")
        values[key.strip()] = column.strip()
    return replace(ColumnMapping(), **values)


def read_jsonl(text: str, source: str) -> Iterator[Row | MalformedRecordError]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield MalformedRecordError(source, number, f"is not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(value, dict):
            yield MalformedRecordError(
                source, number, f"is a JSON {type(value).__name__}, not an object with fields"
            )
            continue
        yield Row(number, value)


def _records(value: Any) -> list[tuple[str | None, Any]]:
    if isinstance(value, list):
        return [(None, item) for item in value]
    if isinstance(value, dict):
        for key in ("data", "articles", "items", "records", "results", "rows"):
            if isinstance(value.get(key), list):
                return [(None, item) for item in value[key]]
        if value and all(isinstance(v, dict) for v in value.values()):
            return [(str(k), v) for k, v in value.items()]  # {id: record}
        return [(None, value)]
    return []


def read_json(text: str, source: str) -> Iterator[Row | MalformedRecordError]:
    """A JSON array of records, ``{"articles": [...]}``, or ``{id: record}``."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            source,
            f"is not valid JSON ({exc.msg} at line {exc.lineno}); for one object per line name it .jsonl",
        ) from exc
    records = _records(value)
    if not records:
        raise InputError(source, "holds no records; expected a list of objects or {id: object}")
    for number, (key, record) in enumerate(records, start=1):
        if not isinstance(record, dict):
            yield MalformedRecordError(
                source, number, f"item is a JSON {type(record).__name__}, not an object"
            )
            continue
        if key is not None and "id" not in record:
            record = {"id": key, **record}
        yield Row(number, record)


def _sniff_delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        return max(",;\t|", key=first.count)


def read_csv(text: str, source: str) -> Iterator[Row | MalformedRecordError]:
    """Delimited text with a header; the delimiter is sniffed; quoted newlines are kept."""
    header_end = text.find("\n")
    delimiter = _sniff_delimiter(text[: max(header_end, 0) + 1] if header_end > 0 else text[:8192])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return
    header = [name if name.strip() else "_index" for name in header]
    start = reader.line_num + 1
    try:
        for cells in reader:
            if cells and any(c.strip() for c in cells):
                if len(cells) != len(header):
                    yield MalformedRecordError(
                        source, start, f"has {len(cells)} fields, the header has {len(header)}"
                    )
                else:
                    yield Row(start, dict(zip(header, cells, strict=True)))
            start = reader.line_num + 1
    except csv.Error as exc:
        yield MalformedRecordError(source, start, f"cannot be read as CSV ({exc})")


def read_parquet(data: bytes, source: str) -> Iterator[Row | MalformedRecordError]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(io.BytesIO(data))
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError(source, f"is not a readable Parquet file ({exc})") from exc
    number = 0
    for batch in parquet.iter_batches(batch_size=4096):
        for record in batch.to_pylist():
            number += 1
            yield Row(number, record)


def columns_of(rows: list[Row]) -> list[str]:
    """The union of the fields of the first rows, in first-seen order (JSON rows vary)."""
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row.values))
    return list(seen)
