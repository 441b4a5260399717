"""The account of a batch run: items, failures by reason, throughput, memory per worker.

Two throughputs are reported because they answer two questions: end to end (what a
run of this size costs, start-up included) and processing (items per second once the
workers are up, from the first shard started to the last one finished), the figure
that scales with workers. Both are wall-clock figures and fall when other work shares
the machine; the CPU time per item (workers, and the driver beside them) does not, and
is what a capacity estimate should use.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tickerlens.scale.commit import Committed
from tickerlens.scale.work import ShardResult

__all__ = ["BatchSummary", "Tally"]


@dataclass(slots=True)
class BatchSummary:
    out: str
    engine: str
    workers: int
    inputs: int  # input files named
    skipped: int  # already done in an earlier run
    committed: int  # input files done in this run
    records: int  # items read in this run (articles and rejected records)
    analysed: int
    failed: dict[str, int]  # reason -> count
    rows: dict[str, int]  # table -> rows written
    text_mb: float
    elapsed_s: float
    processing_s: float
    startup_s: float  # the slowest worker's start (linker load and warm-up)
    worker_peak_rss_mb: dict[str, float]
    worker_cpu_s: float = 0.0  # CPU seconds the workers spent on shards
    driver_cpu_s: float = 0.0  # CPU seconds of the driver (reading, committing) meanwhile
    returns: dict[str, Any] = field(default_factory=dict)  # the second stage, when run

    @property
    def failures(self) -> int:
        return sum(self.failed.values())

    @property
    def items_per_s(self) -> float:
        return self.records / self.elapsed_s if self.elapsed_s > 0 else 0.0

    @property
    def processing_items_per_s(self) -> float:
        return self.records / self.processing_s if self.processing_s > 0 else 0.0

    @property
    def cpu_ms_per_item(self) -> float:
        """Worker CPU per item read: the per-item cost, unaffected by other load."""
        return 1000 * self.worker_cpu_s / self.records if self.records else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "out": self.out, "engine": self.engine, "workers": self.workers, "inputs": self.inputs,
            "skipped": self.skipped, "committed": self.committed, "records": self.records,
            "analysed": self.analysed, "failures": self.failures, "failed": dict(self.failed),
            "rows": dict(self.rows), "text_mb": round(self.text_mb, 3), "elapsed_s": round(self.elapsed_s, 3),
            "processing_s": round(self.processing_s, 3), "startup_s": round(self.startup_s, 3),
            "items_per_s": round(self.items_per_s, 2),
            "processing_items_per_s": round(self.processing_items_per_s, 2),
            "worker_cpu_s": round(self.worker_cpu_s, 3), "driver_cpu_s": round(self.driver_cpu_s, 3),
            "cpu_ms_per_item": round(self.cpu_ms_per_item, 3),
            "worker_peak_rss_mb": {k: round(v, 1) for k, v in sorted(self.worker_peak_rss_mb.items())},
            "returns": self.returns,
        }

    def lines(self) -> list[str]:
        """The summary for a person, a few lines."""
        failed = ", ".join(f"{reason} {n:,}" for reason, n in sorted(self.failed.items())) or "none"
        rss = max(self.worker_peak_rss_mb.values(), default=0.0)
        out = [
            f"{self.records:,} items from {self.committed:,} input files ({self.skipped:,} already done) "
            f"into {self.out}: {self.analysed:,} analysed, {self.failures:,} failed ({failed})",
            "rows: " + ", ".join(f"{t} {n:,}" for t, n in self.rows.items()),
            f"{self.engine} engine, {self.workers} workers: {self.items_per_s:,.1f} items/s end to end "
            f"({self.elapsed_s:.1f} s), {self.processing_items_per_s:,.1f} items/s processing, "
            f"{self.cpu_ms_per_item:,.1f} ms of worker CPU per item; worker start-up {self.startup_s:.1f} s, "
            f"peak memory per worker {rss:,.0f} MB",
        ]
        if self.returns:
            out.append("returns: " + ", ".join(f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}"
                                               for k, v in self.returns.items()))
        return out


@dataclass(slots=True)
class Tally:
    """Running counts while results arrive."""

    records: int = 0
    analysed: int = 0
    committed: int = 0
    text_bytes: int = 0
    cpu_s: float = 0.0
    failed: Counter[str] = field(default_factory=Counter)
    rows: Counter[str] = field(default_factory=Counter)
    first_start: float | None = None
    last_finish: float | None = None
    startup: dict[str, float] = field(default_factory=dict)
    rss: dict[str, float] = field(default_factory=dict)

    def shard(self, result: ShardResult) -> None:
        self.text_bytes += result.text_bytes
        self.cpu_s += result.cpu_s
        self.first_start = min(self.first_start or result.started, result.started)
        self.last_finish = max(self.last_finish or result.finished, result.finished)
        worker = result.stats.worker
        self.startup[worker] = result.stats.init_s
        self.rss[worker] = max(self.rss.get(worker, 0.0), result.stats.peak_rss_mb)

    def commit(self, done: Committed) -> None:
        self.committed += 1
        self.records += done.records
        self.analysed += done.analysed
        self.failed.update(d.reason for d in done.dead)
        self.rows.update(done.rows)

    @property
    def processing_s(self) -> float:
        if self.first_start is None or self.last_finish is None:
            return 0.0
        return self.last_finish - self.first_start
