"""Benchmarks: each ``bench_*.py`` module has ``run(quick: bool) -> dict`` and prints its
own table; ``python -m benchmarks`` runs them all and writes a Markdown and JSON report.
Every figure is measured against a baseline in the same run, as medians over repeats."""
