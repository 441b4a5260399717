"""The Ray engine against the local engine: the same input gives the same rows and files.

Ray starts once for this module, on this machine (3 CPUs: two actors and the reading
tasks), which bounds its cost to some tens of seconds; CI installs Ray with the dev
extra so this runs there too.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tickerlens.errors import EngineError
from tickerlens.scale import BatchConfig, EngineSpec, run_batch
from tickerlens.scale.layout import TABLES

ray = pytest.importorskip("ray", reason="Ray is not installed: pip install 'tickerlens[ray]' (or '.[dev]')")
# Ray's own modules warn about Ray's own deprecated settings; nothing here uses them
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:ray")


@pytest.fixture(scope="module")
def ray_session() -> Iterator[Any]:
    ray.init(num_cpus=3, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    yield ray
    ray.shutdown()


def table(out: Path, name: str) -> list[tuple[Any, ...]]:
    if not any((out / name).glob("*/*.parquet")):
        return []
    source = f"read_parquet('{out}/{name}/*/*.parquet', hive_partitioning = true)"
    return duckdb.sql(f"SELECT * FROM {source} ORDER BY ALL").fetchall()


def test_ray_and_local_engines_write_the_same_rows(
    ray_session: Any, corpus: Path, tmp_path: Path, make_config: Callable[..., BatchConfig]
) -> None:
    config = make_config(signals=True, shard_size=3)
    local = run_batch([corpus], tmp_path / "local", config, EngineSpec("local", 2))
    remote = run_batch([corpus], tmp_path / "ray", config, EngineSpec("ray", 2))

    assert (remote.records, remote.analysed, remote.failed) == (local.records, local.analysed, local.failed)
    assert remote.analysed == 14 and remote.worker_peak_rss_mb
    for name in TABLES:
        assert table(tmp_path / "ray", name) == table(tmp_path / "local", name), name
    files = sorted(p.relative_to(tmp_path / "local") for p in (tmp_path / "local").rglob("*.parquet"))
    assert files == sorted(p.relative_to(tmp_path / "ray") for p in (tmp_path / "ray").rglob("*.parquet"))
    assert all((tmp_path / "ray" / f).read_bytes() == (tmp_path / "local" / f).read_bytes() for f in files)
    dead = [(tmp_path / d / "_dead_letters.jsonl").read_text() for d in ("local", "ray")]
    assert dead[0] == dead[1] and len(dead[0].splitlines()) == 2
    manifests = [json.loads((tmp_path / d / "_manifest.json").read_text()) for d in ("local", "ray")]
    assert [sorted(m["inputs"]) for m in manifests] == [sorted(manifests[0]["inputs"])] * 2


def test_more_actors_than_the_cluster_has_cpus_is_refused(
    ray_session: Any, corpus: Path, tmp_path: Path, make_config: Callable[..., BatchConfig]
) -> None:
    with pytest.raises(EngineError, match="--workers 2 or fewer"):
        run_batch([corpus], tmp_path / "out", make_config(), EngineSpec("ray", 5))
