"""Turning finished shards into output files, one input file at a time, crash-safely.

Shards of an input arrive in any order, from any worker. When the last one is in,
the input is committed:

1. each table's rows (in file order) are split by day and written under ``_staging/``
   with names that do not end in ``.parquet``, so no reader's glob sees them;
2. each file is renamed into its partition (a rename is atomic: a reader sees all of a
   file or none of it), and files the input wrote before but no longer does are removed;
3. its dead letters are appended to ``_dead_letters.jsonl``;
4. the manifest records the input as done, then its staging folder is removed.

A crash before step 4 leaves the input not done: the rerun writes it again under the
same names (replacing, never adding), removes what a half-finished commit left, and
``recover`` drops the dead letters of inputs that will be redone.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from tickerlens.scale.inputs import InputFile
from tickerlens.scale.layout import DEAD_LETTERS, PARTITION, STAGING, TABLES, output_path
from tickerlens.scale.manifest import InputRecord, Manifest
from tickerlens.scale.shards import DeadLetter
from tickerlens.scale.work import ShardResult

__all__ = ["Committed", "Committer", "recover"]


@dataclass(frozen=True, slots=True)
class Committed:
    input: InputFile
    records: int
    analysed: int
    dead: tuple[DeadLetter, ...]
    rows: dict[str, int]
    outputs: tuple[str, ...]


def recover(out: Path, manifest: Manifest, todo: Iterable[InputFile]) -> set[str]:
    """Clean up after an interrupted run; returns the keys of inputs whose commit was cut
    short (their stray files are found and replaced when they are committed again)."""
    staging = out / STAGING
    cut_short = {p.name for p in staging.iterdir() if p.is_dir()} if staging.is_dir() else set()
    if staging.exists():
        shutil.rmtree(staging)
    _keep_dead_letters(out, manifest, {item.path for item in todo})
    return cut_short


def _keep_dead_letters(out: Path, manifest: Manifest, redo: set[str]) -> None:
    path = out / DEAD_LETTERS
    if not path.exists():
        return
    kept = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                item = json.loads(line)
            except ValueError:
                continue  # a line torn by a crash
            rec = manifest.inputs.get(item.get("input", ""))
            if rec is not None and rec.sha256 == item.get("input_sha256") and item["input"] not in redo:
                kept.append(line if line.endswith("\n") else line + "\n")
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text("".join(kept), encoding="utf-8")
    os.replace(tmp, path)


def _days(table: pa.Table) -> list[date | None]:
    values = set(table.column(PARTITION).to_pylist())
    return [*sorted(v for v in values if v is not None), *([None] if None in values else [])]


def _split(table: pa.Table, day: date | None) -> pa.Table:
    column = table.column(PARTITION)
    mask = pc.is_null(column) if day is None else pc.fill_null(pc.equal(column, pa.scalar(day)), False)
    return table.filter(mask).drop_columns([PARTITION])


class Committer:
    """Collects shard results and commits each input when its last shard arrives."""

    def __init__(self, out: Path, manifest: Manifest, cut_short: set[str] | None = None) -> None:
        self.out = out
        self.manifest = manifest
        self.cut_short = cut_short or set()
        self._pending: dict[str, dict[int, ShardResult]] = {}
        self._folders: set[Path] = set()  # partition folders known to exist

    def add(self, result: ShardResult) -> Committed | None:
        """Keep ``result``; commit and return its input when it was the last shard."""
        got = self._pending.setdefault(result.input.path, {})
        got[result.index] = result
        if len(got) < result.total:
            return None
        del self._pending[result.input.path]
        return self._commit(result.input, [got[i] for i in range(result.total)])

    @property
    def pending(self) -> int:
        return len(self._pending)

    def close(self) -> None:
        """Remove the staging folder once nothing is in it."""
        staging = self.out / STAGING
        if staging.is_dir() and not any(staging.iterdir()):
            staging.rmdir()

    def _commit(self, item: InputFile, results: list[ShardResult]) -> Committed:
        staging = self.out / STAGING / item.key
        staged = self._stage(item, results, staging)
        self._publish(item, staged)
        dead = tuple(sorted((d for r in results for d in r.dead), key=lambda d: d.line or 0))
        self._append_dead(dead)
        records = sum(r.records for r in results)
        analysed = sum(r.analysed for r in results)
        outputs = tuple(sorted(staged))
        completed = datetime.now(UTC).isoformat(timespec="seconds")
        rec = InputRecord(
            item.sha256, item.size, item.key, records, analysed, len(dead), list(outputs), completed
        )
        self.manifest.record(item.path, rec)
        shutil.rmtree(staging, ignore_errors=True)
        rows = {name: sum(r.counts.get(name, 0) for r in results) for name in TABLES}
        return Committed(item, records, analysed, dead, rows, outputs)

    def _stage(self, item: InputFile, results: list[ShardResult], staging: Path) -> dict[str, Path]:
        """Write every output file of ``item`` under ``staging``; returns final name -> staged path."""
        staged: dict[str, Path] = {}
        staging.mkdir(parents=True, exist_ok=True)
        for name in TABLES:
            parts = [r.tables[name] for r in results if r.tables[name].num_rows]
            if not parts:
                continue
            table = pa.concat_tables(parts)
            for day in _days(table):
                final = output_path(name, day, item.key)
                tmp = staging / f"{name}.{day or 'undated'}.parquet.tmp"  # one flat folder: cheap to remove
                pq.write_table(_split(table, day), tmp, compression="zstd")
                staged[final] = tmp
        return staged

    def _publish(self, item: InputFile, staged: dict[str, Path]) -> None:
        for final, tmp in staged.items():
            target = self.out / final
            if target.parent not in self._folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(target.parent)
            os.replace(tmp, target)
        before = set(self.manifest.inputs[item.path].outputs) if item.path in self.manifest.inputs else set()
        if item.key in self.cut_short:
            strays = (p for t in TABLES for p in self.out.glob(f"{t}/*/part-{item.key}.parquet"))
            before |= {str(p.relative_to(self.out)) for p in strays}
        for stale in sorted(before - set(staged)):
            (self.out / stale).unlink(missing_ok=True)

    def _append_dead(self, dead: tuple[DeadLetter, ...]) -> None:
        if not dead:
            return
        with (self.out / DEAD_LETTERS).open("a", encoding="utf-8") as fh:
            for d in dead:
                fh.write(json.dumps(d.to_dict(), ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
