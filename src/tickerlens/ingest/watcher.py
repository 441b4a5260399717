"""Polling feeds: store what is new, hand it to analysis, wait, repeat.

New means not yet in the store: ids come from feed guids or links, so an item seen in an
earlier poll is recognised and neither stored again nor analysed again. Polling is
bounded by ``max_polls`` (tests, cron-style runs) and the wait is injectable so tests do
not sleep. A feed that fails one poll is reported and retried at the next.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from tickerlens.errors import InputError
from tickerlens.ingest.article import Article
from tickerlens.ingest.batch import IngestReport, ingest_into_store
from tickerlens.settings import Settings

__all__ = ["WatchReport", "parse_interval", "read_feed_list", "watch"]

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass
class WatchReport:
    polls: int = 0
    new: int = 0
    failures: int = 0


def parse_interval(value: str) -> float:
    """'90', '30s', '5m', '1h' as seconds."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", value.lower())
    if match is None or float(match.group(1)) <= 0:
        raise InputError("--every", f"{value!r} is not an interval; write e.g. 30s, 5m or 1h")
    return float(match.group(1)) * _UNITS[match.group(2) or "s"]


def read_feed_list(path: Path) -> list[str]:
    """Feed URLs or paths, one a line; blank lines and '#' comments ignored."""
    if not path.exists():
        raise InputError(str(path), "does not exist; give a file with one feed URL or path per line")
    feeds = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    feeds = [f for f in feeds if f and not f.startswith("#")]
    if not feeds:
        raise InputError(str(path), "lists no feeds; write one feed URL or path per line")
    return feeds


def watch(
    con: duckdb.DuckDBPyConnection,
    feeds: list[str],
    *,
    settings: Settings,
    every: float,
    max_polls: int | None = None,
    on_new: Callable[[list[Article]], None] | None = None,
    on_poll: Callable[[int, IngestReport], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> WatchReport:
    """Poll ``feeds`` every ``every`` seconds; ``on_new`` gets each poll's new canonical articles."""
    report = WatchReport()
    while max_polls is None or report.polls < max_polls:
        if report.polls:
            sleep(every)
        got = ingest_into_store(con, feeds, settings=settings, kind="feed", collect_new=True)
        report.polls += 1
        report.new += len(got.new)
        report.failures += len(got.failures)
        if on_poll is not None:
            on_poll(report.polls, got)
        if got.new and on_new is not None:
            on_new(got.new)
    return report
