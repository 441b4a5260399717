"""The scale package exports what callers are meant to use, and nothing by accident."""

from __future__ import annotations

import tickerlens.scale as scale


def test_exported_names() -> None:
    assert sorted(scale.__all__) == [
        "BatchConfig", "BatchSummary", "EngineSpec", "Progress", "ReadSpec", "ReturnsStage",
        "load_into_store", "run_batch", "run_returns_stage", "write_summary",
    ]
    assert all(hasattr(scale, name) for name in scale.__all__)


def test_ray_is_not_imported_by_the_core() -> None:
    import subprocess
    import sys

    code = "import sys, tickerlens.scale, tickerlens.cli; print('ray' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
