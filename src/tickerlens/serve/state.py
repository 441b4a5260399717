"""What one running server holds: the store connection, the linker, and a page cache.

DuckDB allows one read-write connection per process and file; a connection must not be
used by two threads at once. So the server opens the file once and gives each worker
thread its own cursor (a cursor is a separate connection to the same database): reads
run in parallel and see a consistent snapshot per statement, while writes go through
one lock, so two stores never race each other and a half-written story is never seen
(``save_analyses`` commits each story in one transaction).

While the server runs it is the only process that can write the file, so every change
passes through ``write``; that is what makes the page cache safe: each write bumps the
store's generation and the pages rendered before it are dropped.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import duckdb

from tickerlens.linking.linker import Linker
from tickerlens.serve.finder import CompanyFinder
from tickerlens.settings import Settings
from tickerlens.store.db import connect

__all__ = ["PageCache", "ServeState"]

T = TypeVar("T")


class PageCache:
    """Rendered pages by URL, valid for one store generation; least recently used go first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._pages: OrderedDict[str, tuple[int, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, generation: int) -> bytes | None:
        with self._lock:
            hit = self._pages.get(key)
            if hit is None or hit[0] != generation:
                return None
            self._pages.move_to_end(key)
            return hit[1]

    def put(self, key: str, generation: int, body: bytes) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._pages[key] = (generation, body)
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


@dataclass
class ServeState:
    settings: Settings
    con: duckdb.DuckDBPyConnection
    linker_factory: Callable[[], Linker]
    cache: PageCache
    generation: int = 0
    _local: threading.local = field(default_factory=threading.local)
    _write_lock: threading.Lock = field(default_factory=threading.Lock)
    _linker: Linker | None = None
    _linker_lock: threading.RLock = field(default_factory=threading.RLock)
    _finder: CompanyFinder | None = None

    @classmethod
    def open(cls, settings: Settings, linker: Linker | Callable[[], Linker] | None = None) -> ServeState:
        """Open (or create) the store named in ``settings``; the linker loads on first use
        unless one is given."""
        from tickerlens.linking.linker import get_linker

        factory: Callable[[], Linker]
        if linker is None:
            factory = get_linker
        elif isinstance(linker, Linker):
            factory = lambda: linker  # noqa: E731
        else:
            factory = linker
        return cls(settings, connect(settings.db), factory, PageCache(settings.page_cache))

    @property
    def linker(self) -> Linker:
        if self._linker is None:
            with self._linker_lock:
                if self._linker is None:
                    self._linker = self.linker_factory()
        return self._linker

    @property
    def finder(self) -> CompanyFinder:
        """Company search over the linker's universe, built on first use."""
        if self._finder is None:
            with self._linker_lock:
                if self._finder is None:
                    self._finder = CompanyFinder(self.linker.universe)
        return self._finder

    @property
    def linker_ready(self) -> bool:
        return self._linker is not None

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's own cursor on the store."""
        cur: duckdb.DuckDBPyConnection | None = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self.con.cursor()
            self._local.cursor = cur
        return cur

    def write(self, fn: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """Run ``fn`` with a cursor while no other write runs; then drop cached pages."""
        with self._write_lock:
            try:
                return fn(self.cursor())
            finally:
                self.generation += 1
                self.cache.clear()

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> ServeState:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
