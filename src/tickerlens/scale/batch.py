"""A batch run end to end: plan the inputs, run an engine, commit, summarise.

``run_batch`` is the same whichever engine does the work: both yield ShardResults and
the driver commits them (see ``commit``), so the two engines write the same files for
the same input. Inputs the folder's manifest already lists with their current content
are skipped; failed items are dead letters and the run goes on.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tickerlens.errors import BatchError, InputError
from tickerlens.scale.commit import Committer, recover
from tickerlens.scale.config import BatchConfig, EngineSpec
from tickerlens.scale.inputs import InputFile, expand_inputs
from tickerlens.scale.layout import SUMMARY, atomic_write_text
from tickerlens.scale.manifest import Manifest, folder_lock
from tickerlens.scale.summary import BatchSummary, Tally
from tickerlens.scale.work import ShardResult

__all__ = ["Progress", "run_batch"]


@dataclass(frozen=True, slots=True)
class Progress:
    inputs: int  # input files to do in this run
    done: int
    records: int
    failed: int
    elapsed_s: float
    current: str = ""  # the input last committed


def _results(
    engine: EngineSpec, todo: Sequence[InputFile], config: BatchConfig, workers: int
) -> Iterator[ShardResult]:
    if engine.name == "ray":
        from tickerlens.scale.ray_engine import run_ray

        return run_ray(todo, config, workers, engine.address)
    from tickerlens.scale.local import run_inline, run_local

    return run_inline(todo, config) if engine.name == "inline" else run_local(todo, config, workers)


def _drive(
    results: Iterator[ShardResult],
    committer: Committer,
    tally: Tally,
    todo: int,
    on_progress: Callable[[Progress], None] | None,
) -> None:
    t0 = time.perf_counter()
    for result in results:
        tally.shard(result)
        done = committer.add(result)
        if done is None:
            continue
        tally.commit(done)
        if on_progress is not None:
            failed = sum(tally.failed.values())
            elapsed = time.perf_counter() - t0
            on_progress(Progress(todo, tally.committed, tally.records, failed, elapsed, done.input.path))


def _check(config: BatchConfig, engine: EngineSpec) -> None:
    engine.check()
    config.read.check()
    _ = config.articles_per_shard
    if config.universe_file is not None and not config.universe_file.is_file():
        raise InputError(str(config.universe_file), "does not exist; give a universe JSONL file")


def run_batch(
    inputs: Sequence[str | Path],
    out: str | Path,
    config: BatchConfig | None = None,
    engine: EngineSpec | None = None,
    *,
    fresh: bool = False,
    on_progress: Callable[[Progress], None] | None = None,
) -> BatchSummary:
    """Analyse every article of ``inputs`` (files, folders, globs) into ``out``.

    The local engine starts its workers with ``spawn``, so a script that calls this must
    do so under ``if __name__ == "__main__":``."""
    config = config or BatchConfig()
    engine = engine or EngineSpec()
    _check(config, engine)
    out = Path(out)
    files = expand_inputs(inputs, exclude=out)
    with folder_lock(out):
        return _run(files, out, config, engine, fresh, on_progress)


def _run(
    files: list[InputFile],
    out: Path,
    config: BatchConfig,
    engine: EngineSpec,
    fresh: bool,
    on_progress: Callable[[Progress], None] | None,
) -> BatchSummary:
    manifest = Manifest.open(out, config.fingerprint(), fresh)
    todo = [f for f in files if not manifest.done(f)]
    manifest.save()  # marks the folder as a batch output, with its config, before any file lands
    committer = Committer(out, manifest, recover(out, manifest, todo))
    workers = engine.worker_count(config.settings)
    tally = Tally()
    t0, cpu0 = time.perf_counter(), time.process_time()
    if on_progress is not None:
        on_progress(Progress(len(todo), 0, 0, 0, 0.0))
    try:
        if todo:
            _drive(_results(engine, todo, config, workers), committer, tally, len(todo), on_progress)
    finally:
        manifest.save()  # every input recorded so far has all its files in place
    if committer.pending:
        raise BatchError(f"{committer.pending} input files did not get all their shards back from the engine")
    committer.close()
    summary = BatchSummary(
        out=str(out), engine=engine.name, workers=workers, inputs=len(files), skipped=len(files) - len(todo),
        committed=tally.committed, records=tally.records, analysed=tally.analysed, failed=dict(tally.failed),
        rows=dict(tally.rows), text_mb=tally.text_bytes / 1e6, elapsed_s=time.perf_counter() - t0,
        processing_s=tally.processing_s, startup_s=max(tally.startup.values(), default=0.0),
        worker_peak_rss_mb=dict(tally.rss), worker_cpu_s=tally.cpu_s, driver_cpu_s=time.process_time() - cpu0,
    )
    write_summary(out, summary)
    return summary


def write_summary(out: Path, summary: BatchSummary) -> None:
    atomic_write_text(out / SUMMARY, json.dumps(summary.to_dict(), indent=1, ensure_ascii=False))
