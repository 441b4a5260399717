"""The cluster estimate, checked against sums done by hand."""

from __future__ import annotations

import pytest

from tickerlens.scale.capacity import NodeShape, estimate_cluster


def test_ten_million_stories_at_fifty_milliseconds_each() -> None:
    # 10e6 x 0.05 s = 500,000 CPU s a day = 138.9 worker-hours; / 86,400 s = 5.79 workers on average;
    # x 3 for the peak hour / 0.7 utilisation = 24.8 -> 25 workers; 16-core nodes keep one core: 15 workers
    # each (memory would allow 64 GB x 0.8 / 400 MB = 131): 2 nodes.
    est = estimate_cluster(10_000_000, 20.0, 400.0)
    assert est.cpu_s_per_story == pytest.approx(0.05)
    assert est.worker_hours_per_day == pytest.approx(138.89, abs=0.01)
    assert est.average_workers == pytest.approx(5.787, abs=0.001)
    assert (est.workers, est.workers_per_node, est.nodes, est.bound_by) == (25, 15, 2, "cpu")
    assert "25 workers" in est.text() and "2 worker node(s)" in est.text()


def test_large_workers_make_memory_the_bound() -> None:
    # 64 GB x 0.8 / 8,000 MB = 6.55 -> 6 workers a node; 25 workers -> 5 nodes
    est = estimate_cluster(10_000_000, 20.0, 8000.0, node=NodeShape(cpus=16, memory_gb=64))
    assert (est.workers_per_node, est.nodes, est.bound_by) == (6, 5, "memory")


@pytest.mark.parametrize(("rate", "rss"), [(0.0, 400.0), (20.0, 0.0)], ids=["no-rate", "no-memory"])
def test_an_estimate_needs_real_measurements(rate: float, rss: float) -> None:
    with pytest.raises(ValueError, match="positive"):
        estimate_cluster(10_000_000, rate, rss)
