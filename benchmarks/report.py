"""Figures out of the benchmark modules' results, and the Markdown report.

Modules return what suits them (flat dicts, nested scenarios, or only printed lines), so
figures are found in this order: a module's own ``figures`` list; a per-module adapter
for a module that only prints; then two conventions that need no guessing:

- ``ratio_vs_X`` keys: the pair of numbers (one of them named after X) whose quotient
  is that ratio is the figure and its baseline;
- a dict whose entries are dicts, one of them named as a baseline ("bare", "baseline",
  "pandas"...): every other entry's rate or latency against the baseline's.

Everything numeric a module returned is also listed, flattened, below its figures.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["Figure", "figures_of", "flatten", "markdown"]

_BASELINE_NAME = re.compile(r"\b(bare|baseline|pandas|health|flashtext|raw)\b", re.IGNORECASE)
_RATE = re.compile(r"(_per_s|_mb_s|_s_per|rps|p50_ms|p99_ms|f1)$")
_UNITS = (("mb_s", "MB/s"), ("mb_per_s", "MB/s"), ("pages_per_s", "pages/s"), ("items_per_s", "items/s"),
          ("pairs_per_s", "pairs/s"), ("rps", "req/s"), ("_ms", "ms"))


@dataclass(frozen=True, slots=True)
class Figure:
    figure: str
    value: float
    unit: str = ""
    baseline: str = ""
    baseline_value: float | None = None
    ratio: float | None = None
    target: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def flatten(value: Any, prefix: str = "") -> Iterator[tuple[str, float]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from flatten(item, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, bool):
        return
    elif isinstance(value, int | float) and math.isfinite(value):
        yield prefix, float(value)


def _unit(key: str) -> str:
    for suffix, unit in _UNITS:
        if key.endswith(suffix):
            return unit
    return ""


def _ratio_pairs(flat: dict[str, float]) -> list[Figure]:
    out = []
    for key, ratio in flat.items():
        m = re.search(r"(?:^|\.)ratio_vs_(\w+)$", key)
        if not m or ratio == 0:
            continue
        for base_key, base in flat.items():
            if m.group(1) not in base_key.rsplit(".", 1)[-1] or base_key == key or base == 0:
                continue
            found = [k for k, v in flat.items()
                     if k not in (key, base_key) and math.isclose(v / base, ratio, rel_tol=1e-6)]
            if found:
                out.append(Figure(found[0], flat[found[0]], _unit(found[0]), base_key, base, ratio))
                break
    return out


def _sibling_baselines(value: Any, path: str = "") -> list[Figure]:
    if not isinstance(value, dict):
        return []
    out: list[Figure] = []
    children = {k: v for k, v in value.items() if isinstance(v, dict)}
    base_name = next((k for k in children if _BASELINE_NAME.search(str(k))), None)
    if base_name is not None:
        base = dict(flatten(children[base_name]))
        for name, child in children.items():
            if name == base_name:
                continue
            for key, number in flatten(child):
                if key in base and _RATE.search(key) and base[key]:
                    label = f"{path}{name}: {key}"
                    ratio = number / base[key]
                    out.append(Figure(label, number, _unit(key), f"{path}{base_name}", base[key], ratio))
    for name, child in children.items():
        out.extend(_sibling_baselines(child, f"{path}{name} / "))
    return out


def _returns_stdout(text: str) -> list[Figure]:
    """bench_returns prints its figures (it has ``main``, not ``run``)."""
    ours = re.search(r"tickerlens SQL: ([\d,]+) pairs in ([\d.]+) s.*?([\d,.]+) pairs/s", text)
    base = re.search(r"pandas per-row baseline: ([\d,]+) pairs in ([\d.]+) s, ([\d,.]+) pairs/s", text)
    if not (ours and base):
        return []
    value, baseline = (float(m.group(3).replace(",", "")) for m in (ours, base))
    return [Figure("returns in SQL (DuckDB)", value, "pairs/s", "pandas per-row baseline", baseline,
                   value / baseline, ">= 100")]


def _signals(result: dict[str, Any]) -> list[Figure]:
    base = result.get("link_mb_s")
    if not base:
        return []
    return [Figure(k, v, "MB/s", "link_mb_s", base, v / base) for k, v in result.items()
            if k.endswith("_mb_s") and k != "link_mb_s" and isinstance(v, int | float)]


ADAPTERS: dict[str, Callable[[dict[str, Any]], list[Figure]]] = {
    "bench_returns": lambda r: _returns_stdout(r.get("stdout", "")),
    "bench_signals": _signals,
}


def figures_of(module: str, result: dict[str, Any]) -> list[Figure]:
    if isinstance(result.get("figures"), list):
        return [Figure(**{k: f.get(k) for k in Figure.__slots__ if k in f}) for f in result["figures"]]
    if module in ADAPTERS:
        return ADAPTERS[module](result)
    return _ratio_pairs(dict(flatten(result))) + _sibling_baselines(result)


def _num(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"


def _table(head: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    body = ("| " + " | ".join(r) + " |" for r in rows)
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head), *body]


def markdown(run: dict[str, Any], modules: dict[str, dict[str, Any]]) -> str:
    lines = ["# tickerlens benchmarks", "",
             f"Run {run['started']} on {run['host']} ({run['cpus']} CPUs, Python {run['python']}); "
             f"{'quick' if run['quick'] else 'full'} mode. Every figure is a median over the repeats its "
             "module ran, beside a baseline its module measured in the same run.", ""]
    status = [(name, m["status"] + (f": {m['reason']}" if m.get("reason") else ""), f"{m['seconds']:.0f}")
              for name, m in modules.items()]
    lines += _table(("module", "status", "seconds"), status)
    for name, m in modules.items():
        when = f"measured {m['measured']}" if m.get("measured") else ""
        mode = "quick" if m.get("quick") else "full"
        lines += ["", f"## {name}", "", f"_{mode} mode, {when}_" if when else f"_{mode} mode_", ""]
        if m["status"] != "ok":
            lines.append(f"{m['status']}: {m.get('reason', '')}")
            continue
        if m["figures"]:
            lines += _table(("figure", "value", "unit", "baseline", "baseline value", "ratio", "target"),
                            [(f["figure"], _num(f["value"]), f["unit"] or "", f["baseline"] or "",
                              _num(f["baseline_value"]), _num(f["ratio"]), f.get("target") or "")
                             for f in m["figures"]])
            lines.append("")
        for note in m["result"].get("notes", []) if isinstance(m["result"], dict) else []:
            lines += [f"- {note}"]
        if m["result"].get("stdout"):
            output = m["result"]["stdout"].strip()
            lines += ["", "<details><summary>its output</summary>", "", "```text", output, "```"]
            lines += ["", "</details>"]
        flat = list(flatten({k: v for k, v in m["result"].items() if k not in ("figures", "notes")}))
        if flat:
            lines += ["", "<details><summary>all numbers</summary>", ""]
            lines += _table(("key", "value"), [(k, _num(v)) for k, v in flat])
            lines += ["", "</details>"]
    return "\n".join(lines) + "\n"
