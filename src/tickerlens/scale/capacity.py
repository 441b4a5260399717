"""How big a cluster a daily volume of stories needs, from measured per-worker figures.

The model is deliberately plain, so a reader can check it by hand: work per day is
stories x CPU seconds per story; a worker is one core; the average load is that work
spread over 86,400 seconds; the cluster is sized for a peak hour ``peak_factor`` times
the average with workers kept below ``utilisation``; workers per node are bounded by
its cores (less those kept for the OS, Ray's raylet and object store) and by its memory
at the measured peak resident memory per worker.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["ClusterEstimate", "NodeShape", "estimate_cluster"]

_DAY_S = 86_400


@dataclass(frozen=True, slots=True)
class NodeShape:
    cpus: int = 16
    memory_gb: float = 64.0
    reserved_cpus: int = 1  # OS, raylet, object store
    usable_memory: float = 0.8  # share of memory workers may take (the rest: object store, page cache)


@dataclass(frozen=True, slots=True)
class ClusterEstimate:
    stories_per_day: int
    cpu_s_per_story: float
    worker_rss_mb: float
    peak_factor: float
    utilisation: float
    node: NodeShape
    average_workers: float
    workers: int  # provisioned
    workers_per_node: int
    nodes: int
    bound_by: str  # "cpu" or "memory"

    @property
    def worker_hours_per_day(self) -> float:
        return self.stories_per_day * self.cpu_s_per_story / 3600

    def text(self) -> str:
        node = self.node
        return (
            f"{self.stories_per_day:,} stories a day at {self.cpu_s_per_story * 1000:,.1f} ms of CPU per "
            f"story is {self.worker_hours_per_day:,.1f} worker-hours a day, {self.average_workers:,.1f} "
            f"workers busy on average. Sized for a peak hour at {self.peak_factor:g}x the daily average "
            f"with workers at {self.utilisation:.0%}: {self.workers:,} workers. Each worker peaks at "
            f"{self.worker_rss_mb:,.0f} MB, so a {node.cpus}-vCPU / {node.memory_gb:g} GB node runs "
            f"{self.workers_per_node} workers (bound by {self.bound_by}): {self.nodes:,} worker node(s) "
            f"plus a head node, {self.workers * self.worker_rss_mb / 1024:,.1f} GB of worker memory in all."

        )


def estimate_cluster(
    stories_per_day: int,
    items_per_s_per_worker: float,
    worker_rss_mb: float,
    *,
    peak_factor: float = 3.0,
    utilisation: float = 0.7,
    node: NodeShape | None = None,
) -> ClusterEstimate:
    """The cluster for ``stories_per_day`` given one worker's measured rate and memory."""
    if items_per_s_per_worker <= 0 or worker_rss_mb <= 0:
        raise ValueError("the per-worker rate and memory must be positive measurements")
    node = node or NodeShape()
    cpu_s = 1.0 / items_per_s_per_worker
    average = stories_per_day * cpu_s / _DAY_S
    workers = max(1, math.ceil(average * peak_factor / utilisation))
    by_cpu = node.cpus - node.reserved_cpus
    by_memory = int(node.memory_gb * 1024 * node.usable_memory // worker_rss_mb)
    per_node = max(1, min(by_cpu, by_memory))
    return ClusterEstimate(
        stories_per_day, cpu_s, worker_rss_mb, peak_factor, utilisation, node, average, workers, per_node,
        math.ceil(workers / per_node), "cpu" if by_cpu <= by_memory else "memory",
    )
