"""Opening the DuckDB store and running writes as one transaction each.

A write either lands whole or not at all: ``transaction`` wraps BEGIN/COMMIT and rolls
back on any exception, so a crash mid-batch loses nothing already committed and leaves
nothing half-written. DuckDB allows one writing process per file; a second one gets a
StoreError that says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from tickerlens.errors import StoreError
from tickerlens.store.schema import SCHEMA_VERSION, STATEMENTS

__all__ = ["connect", "transaction"]


def connect(path: str | Path = ":memory:", read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and create or migrate) the store at ``path``."""
    target = str(path)
    if target != ":memory:":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(target, read_only=read_only)
    except duckdb.IOException as exc:
        raise StoreError(
            f"cannot open store {target}: {exc}. Another tickerlens process may hold it; "
            "stop it or use --db with another file"
        ) from exc
    except duckdb.Error as exc:
        raise StoreError(f"cannot open store {target}: {exc}") from exc
    if not read_only:
        with transaction(con):
            for stmt in STATEMENTS:
                con.execute(stmt)
            con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
            )
    return con


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One transaction; nested uses join the outermost one, so a function that writes in
    its own transaction can also be part of a caller's larger one."""
    key = id(con)
    depth = _depth.get(key, 0)
    if depth == 0:
        con.execute("BEGIN TRANSACTION")
    _depth[key] = depth + 1
    try:
        yield con
    except BaseException:
        _depth[key] = depth
        if depth == 0:
            con.execute("ROLLBACK")
        raise
    finally:
        if _depth.get(key) == depth + 1:
            _depth[key] = depth
    if depth == 0:
        _depth.pop(key, None)
        con.execute("COMMIT")


_depth: dict[int, int] = {}
