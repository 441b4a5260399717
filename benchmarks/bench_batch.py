"""Batch throughput: the local engine (process pool) and Ray, with 1 and 2 workers, on a
synthetic corpus; per-item cost, scaling, memory per worker, and the cluster that 10
million stories a day would need.

The corpus is made by ``tickerlens.scale.synthetic`` (seeded): words learned from the
real texts of ../shared/data/news when present (else the built-in sample), company names
from the curated universe. Every run uses the real linker (bundled universe, with the
breadth listing file as the settings say) and signals. Measured, medians of repeats:

- baseline: the same stories read, finished and analysed in one plain loop in this
  process (no engine): the ideal rate of one worker;
- link only, in the same loop: what linking alone costs (analyze MB/s beside it);
- the same plain loop in 1 and in 2 processes at once: how far the machine itself, as
  loaded during the run, lets two CPU-bound processes scale (the ceiling for an engine);
- each engine and worker count: ``processing`` items/s (first shard started to last
  finished, so worker start-up is left out and reported apart) and end to end; 1 and 2
  workers are run in turn, repeat after repeat, so both meet the same drift in load.

Scaling is 2 workers over 1 on the same input and engine, in wall-clock items/s. On this
2-core machine the driver (reading, committing) shares the cores with the workers, and
other work may be running (the load average is printed beside the figures), so CPU time
is measured too: worker CPU per item (the per-item cost, whatever else runs) and the
driver's, from which the CPU-bound scaling on two free cores follows:
2 x worker CPU per item with 1 worker / (worker + driver CPU per item with 2 workers).
The cluster estimate uses the worker CPU per item and the peak memory per worker.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.common import fmt_table, news_texts, shared_data

STORIES_PER_DAY = 10_000_000
FULL_ARTICLE_KB = 5.0


def _corpus(folder: Path, size: int) -> dict[str, Any]:
    from tickerlens.scale.synthetic import SynthOptions, generate_corpus
    from tickerlens.universe.master import load_universe

    data = shared_data()
    texts = news_texts(data) if data is not None else []
    # two weeks of news: each input file then covers a day or two, as a daily archive would
    options = SynthOptions(
        size_bytes=size,
        seed=11,
        file_bytes=max(20_000, size // 8),
        start=date(2024, 3, 4),
        end=date(2024, 3, 17),
    )
    report = generate_corpus(folder, options, load_universe(use_breadth=False), texts)
    real_links = None
    if texts:
        from tickerlens.linking.linker import get_linker

        sample = texts[:: max(1, len(texts) // 500)]
        real_links = sum(len(get_linker().link(t)) for t in sample) / len(sample)
    return {
        "stories": report.stories,
        "mb": report.bytes / 1e6,
        "files": len(report.files),
        "zh_stories": report.zh_stories,
        "learned_from": report.learned_from,
        "real_links_per_story": real_links,
    }


def _baseline(folder: Path, repeats: int) -> dict[str, float]:
    """One plain loop, this process: read, finish, analyse (and: link only)."""
    from tickerlens.analysis import AnalyzeOptions, analyze_article
    from tickerlens.ingest.build import finish
    from tickerlens.linking.linker import get_linker
    from tickerlens.scale.config import BatchConfig
    from tickerlens.scale.inputs import expand_inputs
    from tickerlens.scale.shards import read_shards

    config = BatchConfig()
    linker = get_linker()
    inputs = expand_inputs([folder])
    analyze_article(finish(read_shards(inputs[0], config)[0].drafts[0]), AnalyzeOptions(), linker)  # warm-up

    def whole() -> tuple[int, int]:
        n = size = 0
        for item in inputs:
            for shard in read_shards(item, config):
                for draft in shard.drafts:
                    article = finish(draft)
                    analyze_article(article, AnalyzeOptions(signals=True), linker)
                    n += 1
                    size += len(article.text.encode())
        return n, size

    articles = [finish(d) for item in inputs for s in read_shards(item, config) for d in s.drafts]
    mb = sum(len(a.text.encode()) for a in articles) / 1e6
    whole_s, whole_cpu, link_s, analyze_s = [], [], [], []
    for _ in range(repeats):
        t0, cpu = time.perf_counter(), time.process_time()
        n, _ = whole()
        whole_s.append(time.perf_counter() - t0)
        whole_cpu.append(time.process_time() - cpu)
        t0 = time.perf_counter()
        for a in articles:
            linker.link(a.text, title=a.title, published=a.published)
        link_s.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for a in articles:
            analyze_article(a, AnalyzeOptions(signals=True), linker)
        analyze_s.append(time.perf_counter() - t0)
    return {
        "items_per_s": n / statistics.median(whole_s),
        "link_mb_s": mb / statistics.median(link_s),
        "cpu_ms_per_item": 1000 * statistics.median(whole_cpu) / n,
        "analyze_mb_s": mb / statistics.median(analyze_s),
        "analyze_items_per_s": n / statistics.median(analyze_s),
        "mb": mb,
        "items": n,
    }


def _summarise(runs: list[Any]) -> dict[str, float]:
    rss = [max(s.worker_peak_rss_mb.values()) for s in runs]
    return {
        "processing_items_per_s": statistics.median(s.processing_items_per_s for s in runs),
        "items_per_s": statistics.median(s.items_per_s for s in runs),
        "startup_s": statistics.median(s.startup_s for s in runs),
        "cpu_ms_per_item": statistics.median(s.cpu_ms_per_item for s in runs),
        "driver_cpu_ms_per_item": statistics.median(1000 * s.driver_cpu_s / s.records for s in runs),
        "peak_rss_mb_per_worker": max(rss),
        "items": runs[0].records,
        "failures": runs[0].failures,
        "workers_seen": len(runs[0].worker_peak_rss_mb),
        "links_per_story": runs[0].rows.get("links", 0) / max(1, runs[0].analysed),
    }


def _engine_runs(folder: Path, engine: str, repeats: int, shard: int) -> dict[str, dict[str, float]]:
    """1 and 2 workers, taken in turn (1, 2, 1, 2...) so both meet the same drift in load."""
    from tickerlens.scale import BatchConfig, EngineSpec, run_batch

    config = BatchConfig(shard_size=shard)
    runs: dict[int, list[Any]] = {1: [], 2: []}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(repeats):
            for workers in (1, 2):
                out = Path(tmp) / f"out-{workers}-{i}"
                runs[workers].append(run_batch([folder], out, config, EngineSpec(engine, workers)))
    return {f"{engine}:{w}": _summarise(r) for w, r in runs.items()}


def _plain_loop(folder: str, barrier: Any, results: Any) -> None:
    """In a process of its own: load, warm up, wait for the others, then the plain loop."""
    from tickerlens.analysis import AnalyzeOptions, analyze_article
    from tickerlens.ingest.build import finish
    from tickerlens.linking.linker import get_linker
    from tickerlens.scale.config import BatchConfig
    from tickerlens.scale.inputs import expand_inputs
    from tickerlens.scale.shards import read_shards

    config, linker = BatchConfig(), get_linker()
    drafts = [d for item in expand_inputs([folder]) for s in read_shards(item, config) for d in s.drafts]
    for draft in drafts[:50]:
        analyze_article(finish(draft), AnalyzeOptions(), linker)
    barrier.wait()
    t0, cpu = time.perf_counter(), time.process_time()
    for draft in drafts:
        analyze_article(finish(draft), AnalyzeOptions(), linker)
    results.put((len(drafts), time.perf_counter() - t0, time.process_time() - cpu))


def _machine_scaling(folder: Path, repeats: int) -> dict[str, float]:
    """The same plain loop in 1 and in 2 independent processes: how far this machine, as
    loaded now, lets two CPU-bound processes scale with no engine at all."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    rates: dict[int, list[float]] = {1: [], 2: []}
    cpu: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(repeats):
        for n in (1, 2):
            barrier, results = ctx.Barrier(n), ctx.Queue()
            procs = [ctx.Process(target=_plain_loop, args=(str(folder), barrier, results)) for _ in range(n)]
            for proc in procs:
                proc.start()
            got = [results.get(timeout=1800) for _ in procs]
            for proc in procs:
                proc.join()
            rates[n].append(sum(items / wall for items, wall, _ in got))
            cpu[n].append(statistics.mean(1000 * c / items for items, _, c in got))
    return {
        "one_items_per_s": statistics.median(rates[1]),
        "two_items_per_s": statistics.median(rates[2]),
        "one_cpu_ms_per_item": statistics.median(cpu[1]),
        "two_cpu_ms_per_item": statistics.median(cpu[2]),
    }


def _ray_session(workers: int) -> Any:
    try:
        import ray
    except ImportError:
        return None
    if not ray.is_initialized():
        ray.init(num_cpus=workers + 1, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    return ray


def _figure(name: str, value: float, unit: str, baseline: str, base: float | None, target: str = "") -> dict:
    ratio = value / base if base else None
    return {
        "figure": name,
        "value": value,
        "unit": unit,
        "baseline": baseline,
        "baseline_value": base,
        "ratio": ratio,
        "target": target,
    }


def cpu_scaling(one: dict[str, float], two: dict[str, float]) -> float:
    """Items/s of 2 workers over 1 when CPU is all that limits them, on two free cores."""
    return 2 * one["cpu_ms_per_item"] / (two["cpu_ms_per_item"] + two["driver_cpu_ms_per_item"])


def _figures(
    base: dict[str, float], machine: dict[str, float], runs: dict[str, dict[str, float]]
) -> list[dict[str, Any]]:
    out = [
        _figure(
            "analyze (link + signals), in process",
            base["analyze_mb_s"],
            "MB/s",
            "link only, in process",
            base["link_mb_s"],
        ),
        _figure(
            "plain loop in 2 processes at once (no engine): the machine's own scaling",
            machine["two_items_per_s"],
            "items/s",
            "the plain loop in 1 process",
            machine["one_items_per_s"],
        ),
    ]
    for engine in ("local", "ray"):
        one, two = runs.get(f"{engine}:1"), runs.get(f"{engine}:2")
        if one is not None and two is not None:
            out += _engine_figures(engine, one, two, base)
    return out


def _engine_figures(
    engine: str, one: dict[str, float], two: dict[str, float], base: dict[str, float]
) -> list[dict[str, Any]]:
    rate, cpu, rss = "processing_items_per_s", "cpu_ms_per_item", "peak_rss_mb_per_worker"
    single = f"batch {engine}, 1 worker"
    rows = [
        ("1 worker", one[rate], "items/s", "plain loop in process (no engine)", base["items_per_s"], ""),
        ("2 workers", two[rate], "items/s", single, one[rate], ">= 1.8"),
        ("2 workers, end to end (start-up included)", two["items_per_s"], "items/s", f"{single}, end to end",
         one["items_per_s"], ""),
        ("worker CPU per item (1 worker)", one[cpu], "ms", "plain loop in process", base[cpu], ""),
        ("worker CPU per item (2 workers)", two[cpu], "ms", single, one[cpu], ""),
        ("CPU-bound scaling of 2 workers on 2 free cores", cpu_scaling(one, two), "x", "1 worker", 1.0,
         ">= 1.8"),
        ("peak memory per worker", two[rss], "MB", "1 worker", one[rss], ""),
    ]
    return [_figure(f"batch {engine}, {name}", *rest) for name, *rest in rows]


def _estimate(base: dict[str, float], runs: dict[str, dict[str, float]]) -> tuple[str, dict[str, Any]]:
    from tickerlens.scale.capacity import estimate_cluster

    cpu_ms = max(r["cpu_ms_per_item"] for r in runs.values())  # the dearest per-item cost seen
    rss = max(r["peak_rss_mb_per_worker"] for r in runs.values())
    est = estimate_cluster(STORIES_PER_DAY, 1000 / cpu_ms, rss)
    kb = base["mb"] * 1000 / base["items"]
    # full-length articles run to several KB: the same per-KB cost, five times the text
    long = estimate_cluster(STORIES_PER_DAY, 1000 / (cpu_ms / kb * FULL_ARTICLE_KB), rss)
    text = (
        f"Cluster estimate: {est.text()} Measured on synthetic stories of {kb:.1f} KB on average; cost "
        f"grows with story length (about {cpu_ms / kb:.1f} ms of CPU per KB here): if the feed were "
        f"full-length articles of {FULL_ARTICLE_KB:g} KB, the same model gives {long.workers:,} workers on "
        f"{long.nodes:,} worker node(s). Reprocessing a backlog is the same sum: a year of 10 million "
        "stories a day in one day needs 365 times the workers."
    )
    return text, {
        "workers_if_full_articles": long.workers,
        "cpu_s_per_story": est.cpu_s_per_story,
        "worker_rss_mb": rss,
        "workers": est.workers,
        "nodes": est.nodes,
        "workers_per_node": est.workers_per_node,
        "story_kb": kb,
    }


def run(quick: bool = False) -> dict[str, Any]:
    repeats = 1 if quick else 3
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        corpus = _corpus(folder, 300_000 if quick else 6_000_000)
        print(
            f"\nBatch: synthetic corpus of {corpus['stories']:,} stories, {corpus['mb']:.1f} MB in "
            f"{corpus['files']} files ({corpus['zh_stories']:,} Chinese; words from "
            f"{corpus['learned_from']:,} real texts), median of {repeats}"
        )
        base = _baseline(folder, repeats)
        machine = _machine_scaling(folder, repeats)
        shard = 25 if quick else 50
        runs = _engine_runs(folder, "local", repeats, shard)
        ray = _ray_session(2)
        if ray is not None:
            runs.update(_engine_runs(folder, "ray", repeats, shard))
            ray.shutdown()
    figures = _figures(base, machine, runs)
    estimate, capacity = _estimate(base, runs)
    load_after = os.getloadavg()
    notes = [
        *_notes(runs, ray is not None, load_before, load_after, corpus["real_links_per_story"]),
        f"With no engine at all, two processes running the plain loop at once reach "
        f"{machine['two_items_per_s'] / machine['one_items_per_s']:.2f}x the items/s of one (CPU per item "
        f"{machine['one_cpu_ms_per_item']:.1f} ms alone, {machine['two_cpu_ms_per_item']:.1f} ms side by "
        "side): the ceiling this machine, as loaded, puts on any engine's scaling.",
        estimate,
    ]
    _print(base, runs, figures, notes)
    return {
        "corpus": corpus,
        "baseline": base,
        "machine": machine,
        "runs": runs,
        "figures": figures,
        "capacity": capacity,
        "notes": notes,
        "repeats": repeats,
        "load_average": [load_before[0], load_after[0]],
    }


def _notes(
    runs: dict[str, dict[str, float]], with_ray: bool, before: Any, after: Any, real_links: float | None
) -> list[str]:
    notes = []
    for engine in ("local", "ray"):
        if f"{engine}:2" not in runs:
            continue
        one, two = runs[f"{engine}:1"], runs[f"{engine}:2"]
        wall = two["processing_items_per_s"] / one["processing_items_per_s"]
        cpu = cpu_scaling(one, two)
        notes.append(
            f"{engine}: 2 workers reach {wall:.2f}x the items/s of 1 in wall-clock time "
            f"({'meets' if wall >= 1.8 else 'misses'} the 1.8x target on this machine as loaded); CPU-bound "
            f"scaling on two free cores is {cpu:.2f}x ({'meets' if cpu >= 1.8 else 'misses'} it): worker CPU "
            f"per item {one['cpu_ms_per_item']:.1f} ms with 1 worker, {two['cpu_ms_per_item']:.1f} ms "
            f"with 2, driver {two['driver_cpu_ms_per_item']:.2f} ms."
        )
    if not with_ray:
        notes.append("Ray is not installed: the Ray engine was not measured (pip install 'tickerlens[ray]').")
    first = next(iter(runs.values()), None)
    if first is not None and real_links:
        notes.append(
            f"The synthetic stories name {first['links_per_story']:.1f} companies each on average, the real "
            f"news they learned from {real_links:.1f}: linking has more to decide per story here."
        )
    mem = ", ".join(f"{k} {v['peak_rss_mb_per_worker']:.0f} MB" for k, v in runs.items())
    notes.append(f"Peak resident memory per worker: {mem}.")
    notes.append(
        f"Load average (1 min) {before[0]:.2f} before and {after[0]:.2f} after, on "
        f"{os.cpu_count()} CPUs: other work on the machine lowers and scatters the wall-clock figures."
    )
    return notes


def _print(
    base: dict[str, float], runs: dict[str, dict[str, float]], figures: list[dict[str, Any]], notes: list[str]
) -> None:
    rows = [
        (
            f["figure"],
            f"{f['value']:.2f} {f['unit']}",
            f["baseline"],
            "-" if f["baseline_value"] is None else f"{f['baseline_value']:.2f}",
            "-" if f["ratio"] is None else f"{f['ratio']:.2f}",
        )
        for f in figures
    ]
    print(fmt_table(rows, ("figure", "value", "baseline", "baseline value", "ratio")))
    rows = [
        (
            name,
            f"{r['processing_items_per_s']:.1f}",
            f"{r['items_per_s']:.1f}",
            f"{r['cpu_ms_per_item']:.1f}",
            f"{r['driver_cpu_ms_per_item']:.2f}",
            f"{r['startup_s']:.1f}",
            f"{r['peak_rss_mb_per_worker']:.0f}",
            str(int(r["failures"])),
        )
        for name, r in runs.items()
    ]
    print(
        fmt_table(
            rows,
            (
                "engine:workers",
                "items/s processing",
                "items/s end to end",
                "worker CPU ms/item",
                "driver CPU ms/item",
                "start-up s",
                "peak MB per worker",
                "failed items",
            ),
        )
    )
    print(
        f"in-process loop: {base['items_per_s']:.1f} items/s, {base['cpu_ms_per_item']:.1f} ms CPU per item; "
        f"link {base['link_mb_s']:.2f} MB/s; analyze {base['analyze_mb_s']:.2f} MB/s"
    )
    for note in notes:
        print(note)


if __name__ == "__main__":
    run(quick="--quick" in sys.argv)
