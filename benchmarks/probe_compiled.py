"""How far compiling the Python code would take the linking and signals speed targets.

The linking targets (issue 2: at least half the raw automaton scan, at least five times
flashtext) and the signals target (issue 5: signals cost less than linking) are missed
by the pure-Python code. This probe measures the cheapest compiled route there is:
mypyc (it ships with mypy, a dependency already) compiles the same, unchanged modules
to C extensions in a scratch copy of the package. Each build is then timed in its own
process on the same stories: pure Python is the baseline of the same run, and both
must give identical links and signals.

Not part of ``python -m benchmarks``: the mypyc build takes 10-20 minutes on two cores.
Run: ``.venv/bin/python -m benchmarks.probe_compiled`` (``--linking-only``: compile and
time linking alone, about a third of the build time).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import REPO, fmt_table, shared_data

LINKING = ["linker", "evidence", "sentences", "tickers", "relevance", "normalize"]
SIGNALS = [
    "lexicon", "cues", "sentiment", "facts", "numbers", "periods", "claims",
    "casing", "consistency", "pipeline", "trie",
]  # fmt: skip

# Timed in a child process, so each build imports its own modules.
_CHILD = r"""
import hashlib, json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
from benchmarks.common import corpus, mb, shared_data
from tickerlens.linking.linker import get_linker
from tickerlens.linking.normalize import match_form
from tickerlens.signals import analyze_signals
import tickerlens.linking.linker as mod

linker = get_linker()
texts = corpus(shared_data(), 1)  # the benchmark's base corpus, once
links = [linker.link(t) for t in texts]
signals = [analyze_signals(t, None, None, lk) for t, lk in zip(texts, links)]
linker.index.scan(" ")

def median(fn, n):
    times = []
    for _ in range(n):
        t0 = time.process_time(); fn(); times.append(time.process_time() - t0)
    return statistics.median(times)

n = int(sys.argv[2])
t_link = median(lambda: [linker.link(t) for t in texts], n)
t_raw = median(lambda: [linker.index.scan(" " + match_form(t)) for t in texts], n)
t_sig = median(lambda: [analyze_signals(t, None, None, lk) for t, lk in zip(texts, links)], n)
digest = hashlib.sha256(repr([
    [(k.company_id, k.role, k.relevance, k.confidence, [(m.start, m.end, m.sentence) for m in k.mentions])
     for k in lk] for lk in links
] + [repr(s) for s in signals]).encode()).hexdigest()
print(json.dumps({"compiled": mod.__file__.endswith(".so"), "mb": mb(texts), "link_s": t_link,
                  "raw_s": t_raw, "signals_s": t_sig, "digest": digest}))
"""


def _build(modules: list[str], into: Path) -> float:
    """A copy of the package with ``modules`` compiled by mypyc; returns the build time."""
    shutil.copytree(REPO / "src" / "tickerlens", into / "tickerlens")
    # the project's mypy settings (untyped third-party packages are not followed)
    (into / "mypy.ini").write_text("[mypy]\npython_version = 3.11\nignore_missing_imports = True\n")
    paths = [f"tickerlens/{m}.py" for m in modules]
    mypyc = Path(sys.executable).with_name("mypyc")
    t0 = time.perf_counter()
    done = subprocess.run([str(mypyc), *paths], cwd=into, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"probe_compiled: mypyc failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return time.perf_counter() - t0


def _time(src: Path, repeats: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{REPO}"}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(src), str(repeats)], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"probe_compiled: timing run failed:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(linking_only: bool = False, repeats: int = 5) -> dict[str, Any]:
    if shared_data() is None:
        print("probe_compiled: ../shared/data not found; skipped")
        return {"skipped": "no shared data"}
    if shutil.which("gcc") is None and shutil.which("cc") is None:
        print("probe_compiled: no C compiler on this machine; skipped")
        return {"skipped": "no C compiler"}
    modules = [f"linking/{m}" for m in LINKING] + ([] if linking_only else [f"signals/{m}" for m in SIGNALS])
    with tempfile.TemporaryDirectory(prefix="tickerlens-mypyc-") as tmp:
        build_s = _build(modules, Path(tmp))
        pure = _time(REPO / "src", repeats)
        compiled = _time(Path(tmp), repeats)
    if not compiled["compiled"]:
        raise SystemExit("probe_compiled: the compiled copy was not the one imported")
    same = pure["digest"] == compiled["digest"]
    size = pure["mb"]
    rows = []
    for name, key in (("linking", "link_s"), ("signals (sentiment, facts, claims)", "signals_s")):
        rows.append(
            (
                name,
                f"{size / pure[key]:.2f}",
                f"{size / compiled[key]:.2f}",
                f"{pure[key] / compiled[key]:.2f}",
            )
        )
    print(f"\nmypyc build of {len(modules)} modules: {build_s:.0f} s; {size:.1f} MB, median of {repeats}")
    print(fmt_table(rows, ("stage", "pure MB/s", "mypyc MB/s", "speed-up")))
    res = {
        "modules": modules,
        "build_s": build_s,
        "identical_outputs": same,
        "pure": pure,
        "compiled": compiled,
        "link_speedup": pure["link_s"] / compiled["link_s"],
        "link_over_raw_pure": pure["raw_s"] / pure["link_s"],
        "link_over_raw_compiled": compiled["raw_s"] / compiled["link_s"],
        "signals_over_link_pure": pure["signals_s"] / pure["link_s"],
        "signals_over_link_compiled": compiled["signals_s"] / compiled["link_s"],
    }
    print(
        f"identical links and signals: {same}\n"
        f"linking / raw scan: pure {res['link_over_raw_pure']:.2f}, "
        f"mypyc {res['link_over_raw_compiled']:.2f} (target >= 0.5)\n"
        f"signals time / linking time: pure {res['signals_over_link_pure']:.2f}, "
        f"mypyc {res['signals_over_link_compiled']:.2f} (target < 1)"
    )
    return res


if __name__ == "__main__":
    run(linking_only="--linking-only" in sys.argv)
