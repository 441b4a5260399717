"""The ingestion entry points: inputs in, Articles (and failures) out.

``iter_items`` is the batch form: it never raises for a bad input or record, it yields a
Failure and goes on, so a caller decides what a failure means (the CLI reports it and
exits 1). ``ingest`` is the convenient form for one input: a failure of the input itself
(empty, binary, missing, unreachable) raises its InputError, while a bad record inside a
corpus is handed to ``on_failure`` (or logged) and the rest is still read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tickerlens.errors import InputError
from tickerlens.ingest.article import Article
from tickerlens.ingest.build import BuildOptions, finish
from tickerlens.ingest.corpus import ColumnMapping, parse_mapping_spec
from tickerlens.ingest.dates import ParsedDate, parse_date
from tickerlens.ingest.sources import KINDS, Failure, ReadOptions, Source, read_input
from tickerlens.settings import Settings, get_settings

__all__ = ["Failure", "ingest", "iter_items", "user_date"]

log = logging.getLogger("tickerlens.ingest")


def user_date(value: str | datetime | None) -> ParsedDate | None:
    """The user's --published value; raises InputError when it is not a full date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        offset = int((aware.utcoffset() or timedelta(0)).total_seconds() // 60)
        return ParsedDate(aware.astimezone(UTC), offset, "second")
    parsed = parse_date(value)
    if parsed is None:
        raise InputError(
            "--published", f"{value!r} is not a date; write e.g. 2025-04-19 or 2025-04-19T20:15+08:00"
        )
    return parsed


def _options(
    settings: Settings | None, kind: str | None, mapping: ColumnMapping | str | None, url: str | None
) -> ReadOptions:
    if kind is not None and kind not in KINDS:
        raise InputError("--kind", f"{kind!r} is not one of {', '.join(KINDS)}")
    if isinstance(mapping, str):
        mapping = parse_mapping_spec(mapping)
    return ReadOptions(settings=settings or get_settings(), kind=kind, mapping=mapping, url=url)


def iter_items(
    inputs: Iterable[Source],
    *,
    settings: Settings | None = None,
    kind: str | None = None,
    mapping: ColumnMapping | str | None = None,
    published: str | datetime | None = None,
    lang: str | None = None,
    file_dates: bool = False,
    url: str | None = None,
) -> Iterator[Article | Failure]:
    """Every Article in ``inputs`` (paths, folders, '-', URLs, bytes), and a Failure for each bad one."""
    read = _options(settings, kind, mapping, url)
    build = BuildOptions(published=user_date(published), lang=lang, file_dates=file_dates)
    for item in inputs:
        for got in read_input(item, read):
            if isinstance(got, Failure):
                yield got
                continue
            try:
                yield finish(got, build)
            except InputError as exc:
                yield Failure(exc.source, exc, whole=False)


def ingest(
    path_or_bytes: Source | Iterable[Source],
    *,
    on_failure: Callable[[Failure], None] | None = None,
    **options: Any,
) -> Iterator[Article]:
    """Articles from a path, folder, URL, '-' (stdin) or raw bytes.

    ``options`` are those of ``iter_items`` (settings, kind, mapping, published, lang,
    file_dates, url). Without ``on_failure``, a failure of a named input raises and a bad
    record inside one is logged and skipped.
    """
    if isinstance(path_or_bytes, str | Path | bytes):
        inputs: list[Source] = [path_or_bytes]
    else:
        inputs = list(path_or_bytes)
    for item in iter_items(inputs, **options):
        if not isinstance(item, Failure):
            yield item
        elif on_failure is not None:
            on_failure(item)
        elif item.whole:
            raise item.error
        else:
            log.warning("skipped %s", item.error)
