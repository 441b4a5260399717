"""The Ray engine: the same work as the local engine, scheduled by Ray Data.

The pipeline is ``from_items(input files) -> flat_map(read into shards) ->
map_batches(ShardActor)``: Ray runs the reading as tasks (spread over the cluster, next
to the data) and the analysis in a pool of actors, each of which builds its linker
once in its constructor and keeps it for every batch it is given. Ray Data's own JSON
and Parquet readers are not used: ingestion's readers must see a whole file (column
detection, line numbers for dead letters, encoding detection, article identities),
and one malformed line would fail a pyarrow JSON block instead of one item.

Shards and results cross the object store pickled in a binary column, so the driver
gets exactly what the local engine's driver gets and commits it the same way. Ray is an
optional extra (``pip install tickerlens[ray]``); it is imported only here.
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from tickerlens.errors import EngineError
from tickerlens.scale.config import BatchConfig
from tickerlens.scale.inputs import InputFile
from tickerlens.scale.shards import read_shards
from tickerlens.scale.work import ShardResult, ShardWorker

__all__ = ["ShardActor", "ray_available", "run_ray"]

_READ_CPUS = 0.25  # reading a file into shards is light next to analysing them
_MAX_READ_BLOCKS = 4096


def ray_available() -> bool:
    try:
        import ray.data  # noqa: F401
    except ImportError:
        return False
    return True


def _import_ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise EngineError(
            "ray", "is not installed; pip install 'tickerlens[ray]', or use --engine local"
        ) from exc
    return ray


def _read(row: dict[str, Any], config: BatchConfig) -> list[dict[str, Any]]:
    item = InputFile(str(row["path"]), str(row["sha256"]), int(row["size"]))
    return [{"shard": pickle.dumps(s, protocol=5)} for s in read_shards(item, config)]


class ShardActor:
    """A Ray actor holding one ShardWorker (and so one linker) for its life."""

    def __init__(self, config: BatchConfig) -> None:
        self.worker = ShardWorker(config)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        out = [pickle.dumps(self.worker.process(pickle.loads(s)), protocol=5) for s in batch["shard"]]
        return {"result": np.array(out, dtype=object)}


def _env() -> dict[str, str]:
    """Settings travel to workers on other machines as the TICKERLENS_* variables."""
    return {k: v for k, v in os.environ.items() if k.startswith("TICKERLENS_")}


def _connect(ray: Any, address: str | None, workers: int) -> bool:
    """Join a cluster (``address``) or start Ray here; True when this call started it."""
    if ray.is_initialized():
        return False
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "error")  # its C++ core warns about its own internals
    options: dict[str, Any] = {
        "include_dashboard": False, "log_to_driver": False, "logging_level": logging.WARNING,
        "runtime_env": {"env_vars": _env()},
    }
    try:
        if address:
            ray.init(address=address, **options)
        else:  # one CPU per actor, and one for the reading tasks and the driver
            ray.init(num_cpus=workers + 1, **options)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise EngineError("ray", f"cannot start or reach Ray at {address or 'this machine'} ({exc})") from exc
    return True


def _check_capacity(ray: Any, workers: int) -> None:
    """Actors hold a CPU each for the whole run: with no CPU left, no file is ever read."""
    cpus = float(ray.cluster_resources().get("CPU", 0))
    if workers + _READ_CPUS > cpus:
        raise EngineError(
            "ray", f"{workers} actors need {workers} CPUs and reading needs a little more, but the cluster "
            f"has {cpus:g}; give --workers {max(1, int(cpus - 1))} or fewer"
        )


def _lost(ray: Any) -> tuple[type[BaseException], ...]:
    """Ray's errors for a machine or process that went away (not for a bug in a task)."""
    e = ray.exceptions
    return (e.RayActorError, e.WorkerCrashedError, e.NodeDiedError, e.ObjectLostError, e.OutOfMemoryError)


def _quiet(ray: Any) -> None:
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False  # the CLI draws its own
    context.print_on_execution_start = False
    logging.getLogger("ray.data").setLevel(logging.ERROR)


def run_ray(
    inputs: Sequence[InputFile], config: BatchConfig, workers: int, address: str | None = None
) -> Iterator[ShardResult]:
    """Results of every shard of ``inputs``, computed by ``workers`` Ray actors."""
    ray = _import_ray()
    started = _connect(ray, address, workers)
    _quiet(ray)
    try:
        _check_capacity(ray, workers)
        items = [{"path": i.path, "sha256": i.sha256, "size": i.size} for i in inputs]
        # a block per input file (up to a cap): files are read in parallel, spread over the cluster
        ds = ray.data.from_items(items, override_num_blocks=max(1, min(len(items), _MAX_READ_BLOCKS)))
        ds = ds.flat_map(_read, fn_kwargs={"config": config}, num_cpus=_READ_CPUS)
        ds = ds.map_batches(
            ShardActor, fn_constructor_kwargs={"config": config}, batch_size=1,
            compute=ray.data.ActorPoolStrategy(size=workers),
            num_cpus=1, batch_format="numpy",
        )
        for batch in ds.iter_batches(batch_size=1, batch_format="numpy", prefetch_batches=0):
            for blob in batch["result"]:
                yield pickle.loads(blob)
    except _lost(ray) as exc:
        raise EngineError(
            "ray", f"lost a worker or its data ({type(exc).__name__}); inputs done so far are kept: rerun to "
            "go on, with fewer --workers if it ran out of memory"
        ) from exc
    finally:
        if started:
            ray.shutdown()
