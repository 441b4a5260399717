"""The command line: parse, call, print. No logic lives here.

Every TickerlensError becomes a one-line message on stderr and exit code 2; a run where
some records failed but others succeeded exits 1.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from tickerlens.errors import TickerlensError

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tickerlens")
def cli() -> None:
    """tickerlens: which listed stocks a news story is about, and what they did since."""


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except TickerlensError as exc:
        click.echo(f"tickerlens: {exc}", err=True)
        sys.exit(2)
    except BrokenPipeError:
        sys.exit(0)


# Commands are defined below, one section per pipeline stage.


# -- analyze -------------------------------------------------------------------------
@cli.command("analyze")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "jsonl", "csv"]),
    default="table",
    show_default=True,
    help="table for reading; json, jsonl or csv for programs.",
)
@click.option("--published", help="Publication date or time of the stories (overrides what they say).")
@click.option(
    "--prices",
    type=click.Path(exists=True, path_type=Path),
    help="A folder or file of daily prices: adds change since inclusion and abnormal returns.",
)
@click.option("--online-prices", is_flag=True, help="Fetch prices from Yahoo (cached in the store).")
@click.option(
    "--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Latest close to measure to (default: latest)."
)
@click.option("--db", type=click.Path(path_type=Path), help="Also store the analyses in this DuckDB file.")
@click.option("--no-signals", is_flag=True, help="Link only: skip sentiment, facts and claim checks.")
@click.option("--kind", help="Read every input as this kind: html, feed, jsonl, json, csv, parquet, text.")
@click.option("--map", "mapping", help="Corpus columns, e.g. 'text=Full Text,published=Date,id=uid'.")
def analyze_cmd(
    paths: tuple[str, ...],
    fmt: str,
    published: str | None,
    prices: Path | None,
    online_prices: bool,
    as_of: Any,
    db: Path | None,
    no_signals: bool,
    kind: str | None,
    mapping: str | None,
) -> None:
    """Which listed companies stories name, how relevant each is, and (with prices) what
    their stocks did since. Reads .txt, .md, .html, feeds, JSONL/CSV/Parquet corpora,
    folders and '-' (stdin)."""
    from tickerlens.analysis import AnalyzeOptions
    from tickerlens.ingest.sources import expand
    from tickerlens.runner import AnalyzeRun
    from tickerlens.settings import get_settings

    settings = get_settings(db=db, prices=prices, price_provider="local" if prices else None)
    run = AnalyzeRun(settings, store=db is not None, online_prices=online_prices)
    options = AnalyzeOptions(signals=not no_signals, as_of=as_of.date() if as_of else None)
    inputs = expand(paths)
    with run:
        run.analyze(inputs, options, fmt=fmt, out=sys.stdout, published=published, kind=kind, mapping=mapping)
    for failure in run.failures:
        click.echo(f"tickerlens: skipped {failure.error}", err=True)
    if run.failures and not run.analyzed:
        raise run.failures[0].error
    if run.failures:
        sys.exit(1)


# -- universe ------------------------------------------------------------------------
@cli.group()
def universe() -> None:
    """The security master: companies, names and listings."""


@universe.command("stats")
@click.option("--no-breadth", is_flag=True, help="Leave out the broad listing file.")
def universe_stats(no_breadth: bool) -> None:
    """Counts of companies, listings and aliases, by source and exchange."""
    from tickerlens.universe.master import load_universe, user_universe_dir

    st = load_universe(use_breadth=not no_breadth, extra_dirs=[user_universe_dir()]).stats()
    click.echo(f"companies  {st.companies:>8,}  (listed {st.listed:,}, not listed {st.unlisted:,})")
    click.echo(f"listings   {st.listings:>8,}")
    click.echo(f"aliases    {st.aliases:>8,}")
    click.echo("by source  " + ", ".join(f"{k} {v:,}" for k, v in st.by_source.items()))
    click.echo("top MICs   " + ", ".join(f"{k} {v:,}" for k, v in list(st.by_mic.items())[:15]))


@universe.command("find")
@click.argument("name")
@click.option("--limit", default=10, show_default=True)
@click.option("--on", "day", type=click.DateTime(["%Y-%m-%d"]), help="Show listings as of this date.")
def universe_find(name: str, limit: int, day: Any) -> None:
    """Companies matching NAME (a name, alias, executive, ticker or ISIN)."""
    from tickerlens.universe.master import load_universe, user_universe_dir

    uni = load_universe(extra_dirs=[user_universe_dir()])
    found = uni.find(name, limit=limit)
    if not found:
        raise click.ClickException(f"no company matches {name!r}; try a shorter name or a ticker")
    for c in found:
        on = day.date() if day else None
        lst = ", ".join(f"{x.yahoo} ({x.mic})" for x in (c.listings_on(on) if on or c.listings else []))
        click.echo(f"{c.id:28} {c.name[:40]:40} {c.kind.value:10} {lst or '-'}  [{c.source}]")


@universe.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def universe_import(files: tuple[Path, ...]) -> None:
    """Import official listing files (SEC, TWSE/TPEx, A-share, HKEX, NSE, plain CSV)."""
    from tickerlens.universe.imports import import_listing_file

    for path in files:
        result = import_listing_file(path)
        click.echo(
            f"{path}: {result.layout} layout, {result.companies:,} companies written to {result.target}"
        )


# -- ingest --------------------------------------------------------------------------
def _progress() -> Any:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", type=click.Path(path_type=Path), help="DuckDB store (default: settings).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["summary", "jsonl"]),
    default="summary",
    show_default=True,
    help="summary: counts at the end; jsonl: one article per line on stdout.",
)
@click.option("--dry-run", is_flag=True, help="Read and print; store nothing.")
@click.option("--kind", help="Read every input as this kind: html, feed, jsonl, json, csv, parquet, text.")
@click.option("--map", "mapping", help="Corpus columns, e.g. 'text=Full Text,published=Date,id=uid'.")
@click.option("--published", help="Publication date for every story read (overrides the inputs).")
@click.option("--lang", help="Language of every story read (overrides detection).")
@click.option("--file-dates", is_flag=True, help="Date undated stories by their file's modification time.")
@click.option("--url", help="The web address of a page given as a file.")
def ingest_cmd(paths: tuple[str, ...], db: Path | None, fmt: str, dry_run: bool, **options: Any) -> None:
    """Read pages, feeds, corpora, text files, folders, '-' (stdin) or URLs into the store."""
    from tickerlens.ingest import Article, Failure, ingest_into_store, iter_items
    from tickerlens.ingest.render import to_json_line
    from tickerlens.ingest.sources import expand
    from tickerlens.settings import get_settings
    from tickerlens.store.db import connect

    settings = get_settings(db=db)
    inputs = expand(paths)
    failures: list[Failure] = []
    read = 0

    def on_item(item: Article | Failure) -> None:
        nonlocal read
        if isinstance(item, Failure):
            failures.append(item)
            click.echo(f"tickerlens: skipped {item.error}", err=True)
            return
        read += 1
        if fmt == "jsonl":
            click.echo(to_json_line(item))

    with _progress() as bar:
        task = bar.add_task("", total=len(inputs))

        def tracked() -> Any:
            for item in inputs:
                bar.update(task, description=str(item)[-40:] if not isinstance(item, bytes) else "")
                yield item
                bar.advance(task)

        if dry_run:
            for item in iter_items(tracked(), settings=settings, **options):
                on_item(item)
            summary = f"read {read:,} articles from {len(inputs):,} inputs (dry run, nothing stored)"
        else:
            con = connect(settings.db)
            try:
                report = ingest_into_store(con, tracked(), settings=settings, on_item=on_item, **options)
            finally:
                con.close()
            summary = (
                f"read {report.read:,} articles from {len(inputs):,} inputs into {settings.db}: "
                f"{report.inserted:,} new, {report.updated:,} updated, {report.unchanged:,} unchanged, "
                f"{report.duplicates:,} grouped as duplicates"
            )
    if failures:
        summary += f"; {len(failures):,} failed"
    click.echo(summary, err=fmt == "jsonl")
    if failures and not read:
        raise failures[0].error
    if failures:
        sys.exit(1)


@cli.command("watch")
@click.argument("feed_list", type=click.Path(path_type=Path))
@click.option("--every", default="5m", show_default=True, help="Interval between polls: 30s, 5m, 1h.")
@click.option("--max-polls", type=click.IntRange(min=1), help="Stop after this many polls.")
@click.option("--db", type=click.Path(path_type=Path), help="DuckDB store (default: settings).")
def watch_cmd(feed_list: Path, every: str, max_polls: int | None, db: Path | None) -> None:
    """Poll the RSS/Atom feeds listed in FEED_LIST (one URL or path a line); store and
    analyze new items."""
    from tickerlens.ingest import Article, IngestReport, watch
    from tickerlens.ingest.watcher import parse_interval, read_feed_list
    from tickerlens.settings import get_settings
    from tickerlens.store.db import connect

    settings = get_settings(db=db)
    feeds = read_feed_list(feed_list)
    seconds = parse_interval(every)

    def on_poll(number: int, got: IngestReport) -> None:
        for failure in got.failures:
            click.echo(f"tickerlens: poll {number}: {failure.error}", err=True)
        click.echo(f"poll {number}: {len(got.new):,} new of {got.read:,} items", err=True)

    def on_new(articles: list[Article]) -> None:
        """Analyze each new story, store its links, and print it with its tickers."""
        from tickerlens.analysis import analyze_article
        from tickerlens.linking.linker import get_linker
        from tickerlens.store.links import save_analyses

        analyses = [analyze_article(article, linker=get_linker()) for article in articles]
        save_analyses(con, analyses, get_linker().universe)
        for a in analyses:
            when = a.article.published.isoformat() if a.article.published else "-"
            tickers = ", ".join(t for c in a.companies for t in c.tickers[:1]) or "no listed company"
            click.echo(f"new  {when:25}  {(a.article.title or a.article.text)[:60]}  [{tickers}]")

    con = connect(settings.db)
    try:
        watch(
            con, feeds, settings=settings, every=seconds, max_polls=max_polls, on_new=on_new, on_poll=on_poll
        )
    finally:
        con.close()


# -- eval ----------------------------------------------------------------------------
@cli.group("eval")
def eval_group() -> None:
    """Measure tickerlens on labelled public data."""


@eval_group.command("sentiment")
@click.option(
    "--data",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder holding news/ and sentiment/ (default: ../shared/data).",
)
@click.option("--set", "sets", multiple=True, help="Only this set (repeatable), e.g. FinEntity.")
@click.option(
    "--backend", type=click.Choice(["lexicon", "transformer"]), help="Sentiment backend (default: settings)."
)
@click.option(
    "--model", type=click.Path(path_type=Path), help="Local model folder for --backend transformer."
)
@click.option("--limit", type=click.IntRange(min=1), help="Use only the first N examples of each set.")
def eval_sentiment(
    data: Path | None, sets: tuple[str, ...], backend: str | None, model: Path | None, limit: int | None
) -> None:
    """Accuracy and macro-F1 per labelled set, beside the plain Loughran-McDonald count."""
    from rich.console import Console
    from rich.table import Table

    from tickerlens.settings import get_settings
    from tickerlens.signals.evaluation import default_data_dir, run_evaluation
    from tickerlens.signals.sentiment import get_backend

    settings = get_settings(sentiment_backend=backend, transformer_model=model)
    engine = get_backend(settings)
    folder = data if data is not None else default_data_dir()
    with _progress() as progress:

        def on_start(name: str, total: int) -> Any:
            task = progress.add_task(name, total=total)
            return lambda n: progress.advance(task, n)

        results = run_evaluation(folder, sets or None, engine, limit, on_start)
    table = Table(title=f"sentiment ({engine.name}) on {folder}")
    for column in ("set", "level", "n", "accuracy", "macro-F1", "LM count acc", "LM count F1"):
        table.add_column(column, justify="left" if column in ("set", "level") else "right", no_wrap=True)
    for r in results:
        table.add_row(
            r.name,
            r.level,
            f"{r.n:,}",
            f"{r.accuracy:.3f}",
            f"{r.macro_f1:.3f}",
            f"{r.baseline_accuracy:.3f}",
            f"{r.baseline_macro_f1:.3f}",
        )
    Console(width=max(120, Console().width)).print(table)
    click.echo(
        "published anchors: FinBERT on Financial PhraseBank acc 0.86 / F1 0.84; "
        "SEntFiN best reported acc 0.94"
    )


@eval_group.command("linking")
@click.option(
    "--data",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder holding news/ and universe/ (default: ../shared/data).",
)
@click.option("--set", "sets", multiple=True, help="Only this set (repeatable), e.g. csmd_zh.")
@click.option("--limit", type=click.IntRange(min=1), help="Use only the first N items of each set.")
@click.option(
    "--import-official", is_flag=True, help="Also import the official listing files under DATA/universe."
)
def eval_linking(data: Path | None, sets: tuple[str, ...], limit: int | None, import_official: bool) -> None:
    """Share of labelled items whose company is found, per labelled news set."""
    from tickerlens.linking.evaluation import SETS, evaluate_linking, linker_with_imports
    from tickerlens.linking.linker import get_linker
    from tickerlens.signals.evaluation import default_data_dir

    folder = data if data is not None else default_data_dir()
    unknown = set(sets) - set(SETS)
    if unknown:
        raise click.BadParameter(
            f"unknown set {sorted(unknown)[0]!r}; one of {', '.join(SETS)}", param_hint="--set"
        )
    linker = linker_with_imports(folder / "universe") if import_official else get_linker()
    for r in evaluate_linking(linker, folder, list(sets) or None, limit):
        click.echo(f"{r.name:14} {r.measure:40} {r.found:>6,} / {r.items:<6,} {r.rate:.3f}")


# -- serve ---------------------------------------------------------------------------
@cli.command("serve")
@click.option("--db", type=click.Path(path_type=Path), help="DuckDB store (default: settings).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port.")
@click.option("--token", help="Bearer token that allows writes (default: TICKERLENS_API_TOKEN; none: none).")
@click.option("--closed-reads", is_flag=True, help="Require the token for reads and pages too.")
def serve_cmd(db: Path | None, host: str, port: int, token: str | None, closed_reads: bool) -> None:
    """Serve the store: web pages and the REST API (OpenAPI at /openapi.json)."""
    import uvicorn

    from tickerlens.serve import create_app
    from tickerlens.settings import get_settings

    settings = get_settings(db=db, api_token=token, api_open_reads=False if closed_reads else None)
    app = create_app(settings, preload=True)
    click.echo(
        f"tickerlens: serving {settings.db} on http://{host}:{port} "
        f"(writes {'need the token' if settings.api_token else 'off: no token'})",
        err=True,
    )
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=5)


# -- market: batch returns and event studies ---------------------------------------------
def _phase_progress(stack: Any) -> Any:
    """A factory of rich progress callbacks, one bar per phase, shown on stderr."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bars = stack.enter_context(
        Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
    )

    def phase(label: str) -> Any:
        task = bars.add_task(label, total=None)
        return lambda done, total: bars.update(task, completed=done, total=total)

    return phase


def _batch_setup(
    db: Path | None,
    prices: Path | None,
    as_of: Any,
    adjustment: str,
    benchmarks: tuple[str, ...],
    estimation: str,
) -> tuple[Any, Any, Any]:
    from tickerlens.market.bars import parse_adjustment
    from tickerlens.market.benchmarks import parse_benchmark_overrides
    from tickerlens.market.event_study import EventOptions, parse_days
    from tickerlens.market.providers.local import LocalFileProvider
    from tickerlens.settings import get_settings
    from tickerlens.store.returns import BatchOptions

    settings = get_settings(db=db, prices=prices)
    options = BatchOptions(
        as_of=as_of.date() if as_of else None,
        adjustment=parse_adjustment(adjustment),
        benchmarks=parse_benchmark_overrides(benchmarks),
        event=EventOptions(estimation=parse_days(estimation, "--estimation")),
    )
    local = LocalFileProvider(settings.prices) if settings.prices is not None else None
    return settings, options, local


def _online(settings: Any, con: Any, offline: bool) -> Any:
    if offline:
        return None
    from functools import partial

    from tickerlens.market.cache import CachedProvider
    from tickerlens.market.providers.yahoo import YahooProvider, yfinance_history

    return CachedProvider(YahooProvider(partial(yfinance_history, timeout=settings.http_timeout)), con)


def _batch_options(command: Any) -> Any:
    options = [
        click.option(
            "--prices",
            type=click.Path(exists=True, path_type=Path),
            help="A folder or file of daily prices (any layout tickerlens reads).",
        ),
        click.option("--db", type=click.Path(path_type=Path), help="DuckDB store (default: settings)."),
        click.option(
            "--as-of",
            type=click.DateTime(["%Y-%m-%d"]),
            help="Measure to the last close on or before this date (default: latest).",
        ),
        click.option(
            "--adjustment",
            type=click.Choice(["auto", "raw", "split", "split_div"]),
            default="auto",
            show_default=True,
            help="Which closes to use; auto prefers split-adjusted.",
        ),
        click.option(
            "--benchmark",
            "benchmarks",
            multiple=True,
            metavar="MIC=SYMBOL",
            help="Benchmark for an exchange, e.g. US=^NDX or XHKG=^HSCE (repeatable).",
        ),
        click.option(
            "--estimation",
            default="-250,-30",
            show_default=True,
            help="Estimation window of the market model, in trading days.",
        ),
        click.option("--offline", is_flag=True, help="Never fetch missing prices from Yahoo."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@cli.command("returns")
@click.argument("pairs", type=click.Path(path_type=Path))
@_batch_options
@click.option(
    "-o", "--out", type=click.Path(path_type=Path), help="Write .jsonl or .csv here (default: stdout)."
)
@click.option(
    "--chunk-size",
    default=200_000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Pairs per transaction.",
)
def returns_cmd(
    pairs: Path,
    prices: Path | None,
    db: Path | None,
    as_of: Any,
    adjustment: str,
    benchmarks: tuple[str, ...],
    estimation: str,
    offline: bool,
    out: Path | None,
    chunk_size: int,
) -> None:
    """Change since inclusion and CARs for a JSONL or CSV of (id, ticker, published)
    pairs, computed in SQL in batch and stored in the returns table."""
    import json
    from contextlib import ExitStack

    from tickerlens.store.batch import iter_results, run_pairs_file, write_results
    from tickerlens.store.db import connect

    settings, options, local = _batch_setup(db, prices, as_of, adjustment, benchmarks, estimation)
    with connect(settings.db) as con:
        with ExitStack() as bars:  # the progress bars end before the results are printed
            read, summary, _ = run_pairs_file(
                con,
                pairs,
                options,
                local=local,
                online=_online(settings, con, offline),
                chunk_size=chunk_size,
                progress=_phase_progress(bars),
            )
        if out is not None:
            write_results(con, out)
        else:
            for row in iter_results(con):
                click.echo(json.dumps(row, ensure_ascii=False, default=str))
    _report_batch(pairs, read, summary)


def _report_batch(pairs: Path, read: Any, summary: Any) -> None:
    if read.bad_lines:
        shown = ", ".join(str(n) for n in read.bad_lines[:5])
        click.echo(
            f"tickerlens: {pairs}: skipped {len(read.bad_lines)} unreadable line(s): {shown}", err=True
        )
    for symbol, problem in list(summary.fetch_problems.items())[:5]:
        click.echo(f"tickerlens: {symbol}: {problem}", err=True)
    click.echo(
        f"tickerlens: {summary.pairs:,} pairs: {summary.ok:,} ok, "
        f"{summary.not_available:,} not available, "
        f"{summary.stored:,} stored",
        err=True,
    )


@cli.command("event-study")
@click.argument("pairs", type=click.Path(path_type=Path))
@_batch_options
@click.option("--by", help="Group by this column of the pairs file (role, sentiment, source...).")
@click.option("--days", default="-5,20", show_default=True, help="Event days of the mean-CAR plot.")
@click.option(
    "-o",
    "--out",
    "prefix",
    type=click.Path(path_type=Path),
    default=Path("event_study"),
    show_default=True,
    help="Output prefix: PREFIX.csv, PREFIX_path.csv, PREFIX.png, PREFIX.html.",
)
def event_study_cmd(
    pairs: Path,
    prices: Path | None,
    db: Path | None,
    as_of: Any,
    adjustment: str,
    benchmarks: tuple[str, ...],
    estimation: str,
    offline: bool,
    by: str | None,
    days: str,
    prefix: Path,
) -> None:
    """Mean CARs with t statistics over many (article, ticker) pairs, by group, with a plot
    of mean CAR by event day (PNG and a self-contained HTML page)."""
    from contextlib import ExitStack

    from tickerlens.market.event_study import parse_days
    from tickerlens.store.batch import run_pairs_file
    from tickerlens.store.cross_section import cross_section_report
    from tickerlens.store.db import connect

    settings, options, local = _batch_setup(db, prices, as_of, adjustment, benchmarks, estimation)
    first_last = parse_days(days, "--days")
    with connect(settings.db) as con:
        with ExitStack() as bars:
            read, summary, used = run_pairs_file(
                con,
                pairs,
                options,
                local=local,
                online=_online(settings, con, offline),
                extra=(by,) if by else (),
                chunk_size=10**12,
                store=False,
                progress=_phase_progress(bars),
            )
        report = cross_section_report(con, used, by, first_last, prefix)
    _report_batch(pairs, read, summary)
    _print_cross_section(report.table)
    for path in report.files:
        click.echo(f"tickerlens: wrote {path}", err=True)


def _print_cross_section(table: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    shown = Table("group", "window", "n", "mean CAR", "t")
    for row in table.itertuples():
        mean = "-" if row.mean_car is None or row.mean_car != row.mean_car else f"{row.mean_car * 100:+.2f}%"
        t = "-" if row.t_stat is None or row.t_stat != row.t_stat else f"{row.t_stat:+.2f}"
        shown.add_row(str(row.group), row.window, str(row.n), mean, t)
    Console().print(shown)


# -- scale: batch runs and synthetic corpora ---------------------------------------------
def _batch_progress(bars: Any) -> Any:
    """A rich progress callback for ``run_batch``: input files done, items, failures, rate."""
    task: list[Any] = []

    def update(p: Any) -> None:
        if not task:
            task.append(bars.add_task("batch", total=p.inputs))
        rate = p.records / p.elapsed_s if p.elapsed_s > 0 else 0.0
        bars.update(
            task[0],
            completed=p.done,
            description=f"{p.records:,} items, {p.failed:,} failed, {rate:,.1f} items/s",
        )

    return update


@cli.command("batch")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o",
    "--out",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Output folder: Parquet tables by publication day, manifest, dead letters.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "ray", "inline"]),
    default="local",
    show_default=True,
    help="local: a process pool here; ray: Ray Data (pip install 'tickerlens[ray]'); "
    "inline: this process only (small inputs, debugging).",
)
@click.option("--workers", type=click.IntRange(min=1), help="Worker processes or Ray actors (default: CPUs).")
@click.option("--address", help="Ray cluster to join, e.g. ray://head:10001 (default: start Ray here).")
@click.option(
    "--prices",
    type=click.Path(exists=True, path_type=Path),
    help="Price folder: then also compute returns since inclusion (OUT/returns).",
)
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Measure returns up to this date.")
@click.option("--no-signals", is_flag=True, help="Link only: skip sentiment, facts and claims.")
@click.option("--with-text", is_flag=True, help="Keep article text in OUT/articles (to load into a store).")
@click.option("--kind", help="Read every input as this kind: html, feed, jsonl, json, csv, parquet, text.")
@click.option("--map", "mapping", help="Corpus columns, e.g. 'text=Full Text,published=Date,id=uid'.")
@click.option("--published", help="Publication date for every story (overrides the inputs).")
@click.option("--lang", help="Language of every story (overrides detection).")
@click.option("--shard-size", type=click.IntRange(min=1), help="Articles per unit of work (default: 256).")
@click.option("--fresh", is_flag=True, help="Delete what earlier runs wrote into OUT and start over.")
def batch_cmd(
    inputs: tuple[str, ...],
    out: Path,
    engine: str,
    workers: int | None,
    address: str | None,
    prices: Path | None,
    as_of: Any,
    no_signals: bool,
    with_text: bool,
    kind: str | None,
    mapping: str | None,
    published: str | None,
    lang: str | None,
    shard_size: int | None,
    fresh: bool,
) -> None:
    """Analyse a corpus (files, folders or quoted globs like 'corpus/*.jsonl') into OUT.

    Resumable: a rerun skips the inputs already done. Failed items go to
    OUT/_dead_letters.jsonl and the run goes on (exit code 1 when any failed)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from tickerlens.scale import (
        BatchConfig,
        EngineSpec,
        ReadSpec,
        run_batch,
        run_returns_stage,
        write_summary,
    )

    config = BatchConfig(
        read=ReadSpec(kind, mapping, published, lang),
        signals=not no_signals,
        with_text=with_text,
        shard_size=shard_size,
    )
    columns = (
        TextColumn("[bold]batch"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bars:
        summary = run_batch(
            list(inputs),
            out,
            config,
            EngineSpec(engine, workers, address),
            fresh=fresh,
            on_progress=_batch_progress(bars),
        )
    if prices is not None:
        summary.returns = run_returns_stage(out, prices, as_of.date() if as_of else None).to_dict()
        write_summary(out, summary)
    for line in summary.lines():
        click.echo(line)
    if summary.failures:
        click.echo(
            f"tickerlens: {summary.failures:,} items failed; see {out / '_dead_letters.jsonl'}", err=True
        )
        sys.exit(1)


@cli.command("synth")
@click.option("--size", required=True, help="Total size of the corpus: 100MB, 1.5GB, 500000 (bytes).")
@click.option("--seed", default=1, show_default=True, type=int, help="The same seed gives the same corpus.")
@click.option(
    "-o",
    "--out",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the JSONL files.",
)
@click.option(
    "--learn-from",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Real news to learn words from: files or folders (repeatable). Default: built-in sample.",
)
@click.option("--file-size", default="16MB", show_default=True, help="Size of each JSONL file.")
@click.option("--zh-share", type=click.FloatRange(0, 1), help="Share of Chinese stories (default: learned).")
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), help="First publication day (2024-01-01).")
@click.option("--end", type=click.DateTime(["%Y-%m-%d"]), help="Last publication day (2024-12-31).")
def synth_cmd(
    size: str,
    seed: int,
    out: Path,
    learn_from: tuple[Path, ...],
    file_size: str,
    zh_share: float | None,
    start: Any,
    end: Any,
) -> None:
    """Write a synthetic news corpus (nonsense text, real company names) for load tests."""
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    from tickerlens.scale.synthetic import SynthOptions, generate_corpus, parse_size, texts_from
    from tickerlens.universe.master import load_universe

    defaults = SynthOptions(size_bytes=1)
    options = SynthOptions(
        parse_size(size),
        seed,
        parse_size(file_size),
        zh_share,
        start.date() if start else defaults.start,
        end.date() if end else defaults.end,
    )
    columns = (TextColumn("[bold]synth"), BarColumn(), DownloadColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bars:
        task = bars.add_task("synth", total=options.size_bytes)
        report = generate_corpus(
            out, options, load_universe(use_breadth=False), texts_from(learn_from),
            on_progress=lambda done: bars.update(task, completed=done),
        )
    source = f"{report.learned_from:,} texts" if report.learned_from else "the built-in sample"
    click.echo(
        f"wrote {report.stories:,} stories ({report.zh_stories:,} Chinese), "
        f"{report.bytes / 1e6:,.1f} MB in {len(report.files)} files under {out}; "
        f"words learned from {source}"
    )
