"""Scale-out: corpus-size batch runs on a process pool or on Ray, and their output.

``run_batch`` reads a corpus (the same inputs ``tickerlens ingest`` reads), runs
ingestion, linking and signals for every story on an engine (``EngineSpec``: ``local``
or ``ray``), and writes Parquet tables with the store's columns, partitioned by
publication day, resumably. ``run_returns_stage`` adds returns since inclusion from
local prices; ``load_into_store`` loads an output into a DuckDB store. The synthetic
corpus generator (``scale.synthetic``) and the capacity model (``scale.capacity``)
serve the benchmarks. Ray is imported only when the Ray engine runs.
"""

from __future__ import annotations

from tickerlens.scale.batch import Progress, run_batch, write_summary
from tickerlens.scale.config import BatchConfig, EngineSpec, ReadSpec
from tickerlens.scale.load import load_into_store
from tickerlens.scale.returns import ReturnsStage, run_returns_stage
from tickerlens.scale.summary import BatchSummary

__all__ = [
    "BatchConfig",
    "BatchSummary",
    "EngineSpec",
    "Progress",
    "ReadSpec",
    "ReturnsStage",
    "load_into_store",
    "run_batch",
    "run_returns_stage",
    "write_summary",
]
