"""The worker side of a batch run: one linker per worker, shards in, table rows out.

``ShardWorker`` is what a pool process (local engine) or a Ray actor holds for its whole
life: the linker (automaton and universe, loaded from the cache) is built once when
the worker starts, never per shard. ``process`` finishes each Draft into an Article
exactly as ingestion does, runs ``analyze_article`` on it, and turns the result into
rows. An item that fails becomes a dead letter with its reason and the shard goes on.
"""

from __future__ import annotations

import os
import resource
import socket
import time
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from tickerlens.analysis import AnalyzeOptions, analyze_article
from tickerlens.errors import InputError
from tickerlens.ingest.build import Draft, finish
from tickerlens.linking.linker import Linker, get_linker
from tickerlens.scale.config import BatchConfig
from tickerlens.scale.inputs import InputFile
from tickerlens.scale.rows import SCHEMAS, analysis_rows, to_tables
from tickerlens.scale.shards import DeadLetter, Shard, dead_letter

__all__ = ["ShardResult", "ShardWorker", "WorkerStats", "make_linker", "peak_rss_mb"]


@dataclass(frozen=True, slots=True)
class WorkerStats:
    worker: str  # host:pid
    init_s: float  # seconds to build the linker and warm up
    peak_rss_mb: float  # the worker process's peak resident memory so far


@dataclass(slots=True)
class ShardResult:
    input: InputFile
    index: int
    total: int
    tables: dict[str, pa.Table]
    dead: tuple[DeadLetter, ...]
    records: int  # items read: articles plus rejected records
    analysed: int
    text_bytes: int
    started: float  # wall clock (time.time()) when the worker began the shard
    finished: float
    cpu_s: float  # CPU time the worker spent on the shard: the cost of its items, whatever else runs
    stats: WorkerStats
    counts: dict[str, int] = field(default_factory=dict)  # rows per table


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def make_linker(config: BatchConfig) -> Linker:
    """The bundled universe's linker, or one over ``config.universe_file`` alone."""
    if config.universe_file is None:
        return get_linker(config.settings.use_breadth)
    from tickerlens.linking.automaton import load_index
    from tickerlens.universe.load import read_jsonl_companies
    from tickerlens.universe.master import Universe

    companies = {c.id: c for c in read_jsonl_companies(config.universe_file, source="batch")}
    universe = Universe(companies, digest=f"batch:{config.universe_file.name}:{len(companies)}")
    return Linker(universe, load_index(universe, None))


class ShardWorker:
    """Holds the linker for a worker's life; ``process`` analyses one shard."""

    def __init__(self, config: BatchConfig) -> None:
        t0 = time.perf_counter()
        self.config = config
        self.linker = make_linker(config)
        self.options = AnalyzeOptions(signals=config.signals)
        self.build = config.read.build_options()
        self._warm_up()
        self.name = f"{socket.gethostname()}:{os.getpid()}"
        self.init_s = time.perf_counter() - t0

    def _warm_up(self) -> None:
        """The first stories a process reads load the language model, the lexicons and the
        date parser's data and compile patterns (about a second): pay that here, once, so
        no shard does and start-up is measured as start-up."""
        companies = self.linker.universe.companies.values()
        company = next((c for c in companies if c.listings and c.zh_name), None)
        en, zh = (company.name, company.zh_name) if company else ("Acme", "阿克米")
        texts = (
            f"{en} said on Monday that quarterly revenue rose 12% to $4.1 billion; its shares gained 3% "
            "in early trading after the results, and analysts raised their price targets.",
            f"{zh}周一公布一季度业绩，营业收入同比增长百分之十二，股价早盘上涨百分之三，多家券商上调目标价。",
        )
        for text in texts:
            draft = Draft(source="warm-up", text=text, published_raw="2025-03-03T09:30:00+08:00")
            analyze_article(finish(draft, self.build), self.options, self.linker)

    def _one(self, shard: Shard, draft: Draft, rows: dict[str, list[dict[str, Any]]]) -> DeadLetter | None:
        line = draft.line
        if not (draft.text or "").strip() and not (draft.title or "").strip():
            return dead_letter(shard.input, draft.source, line, "empty_text", f"{draft.source}: has no text")
        try:
            article = finish(draft, self.build)
        except InputError as exc:
            return dead_letter(shard.input, draft.source, line, "rejected_record", str(exc))
        try:
            analysis = analyze_article(article, self.options, self.linker)
        except Exception as exc:  # one bad story must not stop a run of millions; it is reported
            error = f"{draft.source}: analysis failed ({type(exc).__name__}: {exc})"
            return dead_letter(shard.input, draft.source, line, "analysis_error", error)
        for name, got in analysis_rows(analysis, self.config.with_text).items():
            rows[name].extend(got)
        return None

    def process(self, shard: Shard) -> ShardResult:
        started, cpu = time.time(), time.process_time()
        rows: dict[str, list[dict[str, Any]]] = {name: [] for name in SCHEMAS}
        dead = list(shard.dead)
        analysed = 0
        for draft in shard.drafts:
            failed = self._one(shard, draft, rows)
            if failed is None:
                analysed += 1
            else:
                dead.append(failed)
        tables = to_tables(rows, self.config.with_text)
        return ShardResult(
            input=shard.input, index=shard.index, total=shard.total, tables=tables, dead=tuple(dead),
            records=shard.records, analysed=analysed,
            text_bytes=sum(len((d.text or "").encode("utf-8")) for d in shard.drafts),
            started=started, finished=time.time(), cpu_s=time.process_time() - cpu,
            stats=WorkerStats(self.name, self.init_s, peak_rss_mb()),
            counts={name: t.num_rows for name, t in tables.items()},
        )
