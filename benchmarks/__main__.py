"""Run the benchmark suite and write its report.

    python -m benchmarks [NAME ...] [--quick] [--out DIR]

NAME picks modules (``linking`` or ``bench_linking``); none runs every ``bench_*.py``.
Each module runs in turn; one that fails or skips is reported and the others still run.
Running some modules keeps the other modules' sections of an existing report (each
section says when it was measured), so one benchmark can be rerun alone.
The report goes to ``artifacts/benchmarks/report.md`` and ``report.json``: every figure
beside its baseline from the same run and their ratio, and all numbers each module
returned. A module with ``run(quick)`` is called; one with only ``main()`` is run with
its own arguments (smaller ones for ``--quick``) and its printed lines are kept.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
import os
import platform
import socket
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.common import RESULTS
from benchmarks.report import figures_of, markdown

HERE = Path(__file__).resolve().parent
# Arguments for modules that have a command line instead of run(quick).
MAIN_ARGS: dict[str, dict[bool, list[str]]] = {
    "bench_returns": {True: ["--pairs", "100000", "--sample", "100", "--repeats", "1"], False: []},
}


class _Tee(io.TextIOBase):
    """Print as usual and keep a copy."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.copy = io.StringIO()

    def write(self, text: str) -> int:
        self.stream.write(text)
        self.copy.write(text)
        return len(text)

    def flush(self) -> None:
        self.stream.flush()


def _modules(names: list[str]) -> list[str]:
    found = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if not names:
        return found
    wanted = [n if n.startswith("bench_") else f"bench_{n}" for n in names]
    unknown = [w for w in wanted if w not in found]
    if unknown:
        raise SystemExit(f"no benchmark module {', '.join(unknown)}; there are: {', '.join(found)}")
    return wanted


def _call(name: str, quick: bool) -> dict[str, Any]:
    module = importlib.import_module(f"benchmarks.{name}")
    if hasattr(module, "run"):
        result = module.run(quick=quick)
        return result if isinstance(result, dict) else {"value": result}
    tee = _Tee(sys.stdout)
    argv = sys.argv
    sys.argv = [name, *MAIN_ARGS.get(name, {}).get(quick, [])]
    try:
        with contextlib.redirect_stdout(tee):
            module.main()
    finally:
        sys.argv = argv
    return {"stdout": tee.copy.getvalue()}


def _one(name: str, quick: bool) -> dict[str, Any]:
    print(f"\n=== {name} ===", flush=True)
    t0 = time.perf_counter()
    entry: dict[str, Any] = {"status": "ok", "result": {}, "figures": [], "quick": quick,
                             "measured": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}
    try:
        result = _call(name, quick)
        skipped = result.get("skipped") if isinstance(result, dict) else None
        if skipped or result == {}:
            entry.update(status="skipped", reason=str(skipped or "returned nothing (its data is missing?)"))
        entry["result"] = result
        entry["figures"] = [f.to_dict() for f in figures_of(name, result)]
    except SystemExit as exc:  # a module's own "cannot run here" exit
        entry.update(status="skipped", reason=str(exc.code))
    except Exception as exc:  # one broken module must not cost the others their figures
        traceback.print_exc()
        entry.update(status="failed", reason=f"{type(exc).__name__}: {exc}")
    entry["seconds"] = time.perf_counter() - t0
    return entry


def _earlier(out: Path) -> dict[str, Any]:
    """The modules of an earlier report in ``out``, to keep beside the ones rerun now."""
    try:
        return dict(json.loads((out / "report.json").read_text())["modules"])
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the tickerlens benchmarks and write a report.")
    parser.add_argument("names", nargs="*", help="modules to run (default: all), e.g. linking batch")
    parser.add_argument("--quick", action="store_true", help="small inputs and one repeat")
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"report folder (default: {RESULTS})")
    args = parser.parse_args()
    run = {"started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "host": socket.gethostname(),
           "cpus": os.cpu_count(), "python": platform.python_version(), "quick": args.quick}
    modules = _earlier(args.out) if args.names else {}
    modules.update({name: _one(name, args.quick) for name in _modules(args.names)})
    modules = dict(sorted(modules.items()))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.json").write_text(json.dumps({"run": run, "modules": modules}, indent=1, default=str))
    (args.out / "report.md").write_text(markdown(run, modules))
    print(f"\nreport: {args.out / 'report.md'} and report.json")
    for name, m in modules.items():
        print(f"  {name:16} {m['status']:8} {m['seconds']:7.0f} s  {m.get('reason', '')}")


if __name__ == "__main__":
    main()
