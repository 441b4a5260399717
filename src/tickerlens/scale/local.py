"""The local engines: a pool of worker processes on this machine, or this process alone.

Each worker builds its linker once, in the pool's initializer, and keeps it. The driver
reads input files into shards (cheap next to analysing them) and keeps a bounded number
of shards in flight, so memory stays flat however large the corpus, and results come
back in submission order. Workers are started with ``spawn``: a forked copy of a driver
that runs threads (progress display, Ray) can deadlock.

``run_inline`` does the same work in the calling process, one shard after another: no
start-up cost and a debugger sees everything, for small inputs and for finding out why
one story fails.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from tickerlens.errors import EngineError
from tickerlens.scale.config import BatchConfig
from tickerlens.scale.inputs import InputFile
from tickerlens.scale.shards import Shard, read_shards
from tickerlens.scale.work import ShardResult, ShardWorker

__all__ = ["run_inline", "run_local"]

_IN_FLIGHT_PER_WORKER = 3  # shards queued per worker: enough to never starve one, few enough to bound memory
_worker: ShardWorker | None = None


def _start_worker(config: BatchConfig) -> None:
    global _worker
    _worker = ShardWorker(config)


def _process(shard: Shard) -> ShardResult:
    if _worker is None:  # the initializer failed; the pool reports that itself
        raise RuntimeError("batch worker was not initialised")
    return _worker.process(shard)


def _shards(inputs: Sequence[InputFile], config: BatchConfig) -> Iterator[Shard]:
    for item in inputs:
        yield from read_shards(item, config)


def run_local(inputs: Sequence[InputFile], config: BatchConfig, workers: int) -> Iterator[ShardResult]:
    """Results of every shard of ``inputs``, computed by ``workers`` processes."""
    context = multiprocessing.get_context("spawn")
    window = max(2, workers * _IN_FLIGHT_PER_WORKER)
    pending: deque[Future[ShardResult]] = deque()
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(config,))
    with pool:
        try:
            for shard in _shards(inputs, config):
                pending.append(pool.submit(_process, shard))
                while len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BrokenProcessPool as exc:
            raise EngineError(
                "local",
                f"a worker process died ({exc}); it may have run out of memory (use fewer --workers), or a "
                "script calling run_batch lacks `if __name__ == '__main__':` (workers start by spawn)",
            ) from exc
        finally:
            for future in pending:
                future.cancel()


def run_inline(inputs: Sequence[InputFile], config: BatchConfig) -> Iterator[ShardResult]:
    """Results of every shard of ``inputs``, computed here, in order."""
    worker = ShardWorker(config)
    for shard in _shards(inputs, config):
        yield worker.process(shard)
