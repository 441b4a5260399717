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


def _return_for(comp: dict[str, Any], ticker: str) -> dict[str, Any] | None:
    for r in comp.get("returns") or []:
        if r.get("ticker") == ticker:
            return r
    return None


def _change_cells(ret: dict[str, Any] | None) -> tuple[str, str]:
    if ret is None:
        return "", ""
    inclusion = str(ret.get("inclusion_date") or "")
    if ret.get("status") == "ok":
        return _pct(ret.get("pct_change")), inclusion
    return "n/a", inclusion


def _table(analysis: Analysis, console: Console) -> None:
    """One row per listing, as on a news page's stock table; company-level columns on
    its first row; organisations that are not listed in one line underneath."""
    doc = analysis.to_dict()
    head = doc["title"] or doc["source"] or doc["id"]
    when = doc["published"] or "date unknown"
    table = Table(
        title=f"{head}\n[dim]published {when} ({doc['published_from']})[/dim]", title_justify="left"
    )
    listed = [c for c in doc["companies"] if c["listed"]]
    has_returns = any(c.get("returns") for c in listed)
    cols = ["Ticker", "Name", "Exchange", "Role", "Relevance", "Mentions", "Sentiment"]
    cols += ["Change", "Inclusion date"] if has_returns else []
    for col in [*cols, "First evidence"]:
        table.add_column(
            col, overflow="fold", justify="right" if col in ("Change", "Relevance", "Mentions") else "left"
        )
    for comp in listed:
        sent = (comp.get("sentiment") or {}).get("label", "")
        first = comp["mentions"][0]["text"][:40] if comp["mentions"] else ""
        for i, lst in enumerate(comp["listings"]):
            lead = i == 0
            row = [
                lst["ticker"],
                comp.get("short_name") or comp["name"] if lead else "",
                lst["mic"],
                comp["role"] if lead else "",
                f"{comp['relevance']:.2f}" if lead else "",
                str(len(comp["mentions"])) if lead else "",
                sent if lead else "",
            ]
            if has_returns:
                row.extend(_change_cells(_return_for(comp, lst["ticker"])))
            row.append(first if lead else "")
            table.add_row(*row)
    console.print(table)
    others = [c for c in doc["companies"] if not c["listed"]]
    if others:
        names = ", ".join(f"{c.get('short_name') or c['name']} ({c['kind']})" for c in others)
        console.print(f"[bold]Not listed:[/bold] {names}")
    for cl in doc.get("claims") or []:
        console.print(
            f"[bold]Claim[/bold] {cl.get('text', '')!r}: {cl.get('verdict', '')} {cl.get('reason', '')}"
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
            sent = (comp.get("sentiment") or {}).get("label", "")
            for ticker in comp["tickers"] or [""]:
                change, inclusion = _change_cells(_return_for(comp, ticker))
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
