"""Where a batch run writes, so every part of it (and every reader) agrees on the names.

::

    OUT/
      articles/published_date=2025-03-01/part-<input key>.parquet
      links/published_date=2025-03-01/part-<input key>.parquet
      facts/...   claims/...              one table per store table, same columns
      returns/published_date=.../*.parquet     the second stage (``--prices``)
      _manifest.json         the inputs already done: content hash, counts, output files
      _dead_letters.jsonl    one line per item that failed, with its source and reason
      _summary.json          the last run's counts and throughput
      _staging/              work in progress; nothing in it ends in ``.parquet``

Partitions are Hive style: ``published_date=YYYY-MM-DD`` is the publication day at the
source's own UTC offset (UTC when it gave none); undated stories go to
``__HIVE_DEFAULT_PARTITION__``, which DuckDB, Spark and Trino read as NULL. Each input
file writes one file per table and day, named after a hash of the input's path, so a
rerun of the same input replaces its files instead of adding to them.
"""

from __future__ import annotations

import hashlib
import os
from datetime import date
from pathlib import Path

__all__ = [
    "DEAD_LETTERS",
    "MANIFEST",
    "NULL_PARTITION",
    "PARTITION",
    "STAGING",
    "SUMMARY",
    "TABLES",
    "atomic_write_text",
    "input_key",
    "output_path",
    "partition_dir",
]

TABLES = ("articles", "links", "facts", "claims")  # written per input; ``returns`` by the second stage
PARTITION = "published_date"
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
MANIFEST = "_manifest.json"
DEAD_LETTERS = "_dead_letters.jsonl"
SUMMARY = "_summary.json"
STAGING = "_staging"


def input_key(path: str) -> str:
    """A short stable name for an input file (its absolute path), used in output names."""
    return hashlib.sha256(path.encode("utf-8")).hexdigest()[:16]


def partition_dir(table: str, day: date | None) -> str:
    """The folder of ``table`` for ``day``, relative to the output folder."""
    value = day.isoformat() if day is not None else NULL_PARTITION
    return f"{table}/{PARTITION}={value}"


def output_path(table: str, day: date | None, key: str) -> str:
    return f"{partition_dir(table, day)}/part-{key}.parquet"


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` so a reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
