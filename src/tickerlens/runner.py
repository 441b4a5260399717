"""Running ``analyze`` over inputs: read, analyze, render, and optionally store.

The I/O edge around ``analysis.analyze_article``: it owns the store connection and the
price provider for the run, reports bad inputs without stopping, streams JSONL as it
goes (a corpus of any size), and shows progress on stderr for long runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import Any, TextIO

from tickerlens.analysis import Analysis, AnalyzeOptions, analyze_article
from tickerlens.ingest import Failure, iter_items
from tickerlens.linking.linker import get_linker
from tickerlens.output import render
from tickerlens.settings import Settings

__all__ = ["AnalyzeRun"]

_STORE_BATCH = 200


class AnalyzeRun:
    """One ``tickerlens analyze`` invocation. Use as a context manager."""

    def __init__(self, settings: Settings, *, store: bool = False, online_prices: bool = False) -> None:
        self.settings = settings
        self.store = store
        self.online_prices = online_prices
        self.failures: list[Failure] = []
        self.analyzed = 0
        self._con: Any = None
        self._pending: list[Analysis] = []

    def __enter__(self) -> AnalyzeRun:
        if self.store or self.online_prices:
            from tickerlens.store.db import connect

            self._con = connect(self.settings.db)
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if et is None:
                self._flush()
        finally:
            if self._con is not None:
                self._con.close()

    def _provider(self) -> Any:
        if self.settings.prices is None and not self.online_prices:
            return None
        from tickerlens.market import provider_from_settings

        settings = self.settings
        if self.online_prices:
            settings = settings.with_overrides(price_provider="auto" if settings.prices else "yahoo")
        return provider_from_settings(settings, self._con)

    def analyze(
        self, inputs: Sequence[Any], options: AnalyzeOptions, *, fmt: str, out: TextIO, **read_options: Any
    ) -> None:
        """Analyze every article in ``inputs`` and write them to ``out`` in ``fmt``."""
        linker = get_linker()
        provider = self._provider()
        if provider is not None:
            options = AnalyzeOptions(
                signals=options.signals, prices=provider, as_of=options.as_of, fx=options.fx
            )
        results: list[Analysis] = []
        for item in _with_progress(iter_items(inputs, settings=self.settings, **read_options), len(inputs)):
            if isinstance(item, Failure):
                self.failures.append(item)
                continue
            result = analyze_article(item, options, linker)
            self.analyzed += 1
            if fmt == "jsonl":
                render([result], fmt, out)
            else:
                results.append(result)
            if self.store:
                self._pending.append(result)
                if len(self._pending) >= _STORE_BATCH:
                    self._flush()
        if fmt != "jsonl" and results:
            render(results, fmt, out)

    def _flush(self) -> None:
        if self._pending and self._con is not None:
            from tickerlens.store.links import save_analyses

            save_analyses(self._con, self._pending, get_linker().universe)
        self._pending = []


def _with_progress(items: Any, n_inputs: int) -> Any:
    """Yield ``items``, counting them on a stderr spinner when the run is long enough to need it."""
    import sys

    if n_inputs <= 1 and not sys.stderr.isatty():
        yield from items
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]analyze[/bold] {task.completed:,} articles"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("", total=None)
        for item in items:
            yield item
            bar.advance(task)
