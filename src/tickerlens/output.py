"""Rendering analyses for people (a terminal table) and for programs (JSON, JSONL, CSV).

The JSON shapes are contracts other tools read; the table is for reading, so it shows
the first evidence and leaves the rest to ``--format json``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

from tickerlens.analysis import Analysis

__all__ = ["FORMATS", "render"]

FORMATS = ("table", "json", "jsonl", "csv")


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:+.2f}%"


def _returns_cells(comp: dict[str, Any]) -> tuple[str, str]:
    rets = comp.get("returns") or []
    ok = [r for r in rets if r.get("status") == "ok"]
    if ok:
        r = ok[0]
        return _pct(r.get("pct_change")), str(r.get("inclusion_date") or "")
    if rets:
        return "n/a", str(rets[0].get("inclusion_date") or "")
    return "", ""


def _table(analysis: Analysis, console: Console) -> None:
    doc = analysis.to_dict()
    head = doc["title"] or doc["source"] or doc["id"]
    when = doc["published"] or "date unknown"
    table = Table(
        title=f"{head}\n[dim]published {when} ({doc['published_from']})[/dim]", title_justify="left"
    )
    has_returns = any(c.get("returns") for c in doc["companies"])
    for col in ("Ticker", "Name", "Exchange", "Role", "Relevance", "Mentions", "Sentiment", "First evidence"):
        table.add_column(col, overflow="fold")
    if has_returns:
        table.add_column("Change", justify="right")
        table.add_column("Inclusion date")
    for comp in doc["companies"]:
        tickers = " / ".join(comp["tickers"]) if comp["listed"] else "(unlisted)"
        exchanges = " / ".join(lst["mic"] for lst in comp["listings"]) or comp["kind"]
        first = comp["mentions"][0]["text"] if comp["mentions"] else ""
        sent = comp.get("sentiment") or {}
        row = [
            tickers,
            comp["name"],
            exchanges,
            comp["role"],
            f"{comp['relevance']:.2f}",
            str(len(comp["mentions"])),
            sent.get("label", ""),
            first,
        ]
        if has_returns:
            row.extend(_returns_cells(comp))
        table.add_row(*row)
    console.print(table)
    claims = doc.get("claims") or []
    for cl in claims:
        console.print(
            f"[bold]claim[/bold] {cl.get('text', '')!r}: {cl.get('verdict', '')} {cl.get('reason', '')}"
        )


def render(analyses: Iterable[Analysis], fmt: str, out: TextIO) -> None:
    """Write analyses in ``fmt``; ``json`` is one object for one article, else a list."""
    if fmt == "jsonl":
        for a in analyses:
            out.write(json.dumps(a.to_dict(), ensure_ascii=False, default=str) + "\n")
        return
    items = list(analyses)
    if fmt == "json":
        docs = [a.to_dict() for a in items]
        json.dump(docs[0] if len(docs) == 1 else docs, out, ensure_ascii=False, indent=2, default=str)
        out.write("\n")
    elif fmt == "csv":
        _csv(items, out)
    else:
        console = Console(file=out, width=max(120, Console().width), soft_wrap=False)
        for a in items:
            _table(a, console)


def _csv(items: list[Analysis], out: TextIO) -> None:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(
        [
            "article_id",
            "ticker",
            "name",
            "listed",
            "role",
            "relevance",
            "confidence",
            "mentions",
            "sentiment",
            "pct_change",
            "inclusion_date",
        ]
    )
    for a in items:
        doc = a.to_dict()
        for comp in doc["companies"]:
            change, inclusion = _returns_cells(comp)
            sent = (comp.get("sentiment") or {}).get("label", "")
            for ticker in comp["tickers"] or [""]:
                w.writerow(
                    [
                        doc["id"],
                        ticker,
                        comp["name"],
                        comp["listed"],
                        comp["role"],
                        comp["relevance"],
                        comp["confidence"],
                        len(comp["mentions"]),
                        sent,
                        change,
                        inclusion,
                    ]
                )
    out.write(buf.getvalue())
