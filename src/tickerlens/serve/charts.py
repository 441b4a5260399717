"""Plotly figures for the company page, as plain JSON-ready dicts.

The browser draws them with the plotly.js that ships inside the plotly package (served
from this machine, never a CDN). Headlines in hover labels are escaped, since plotly
reads a few HTML tags in label text and a story's title is untrusted.
"""

from __future__ import annotations

import bisect
import html
from dataclasses import dataclass
from datetime import date
from typing import Any

from tickerlens.store.queries import SentimentReturn

__all__ = ["SENTIMENT_COLORS", "StoryMarker", "price_figure", "sentiment_figure"]

SENTIMENT_COLORS = {"positive": "#1a7f37", "negative": "#cf222e", "neutral": "#6e7781", "unknown": "#8c959f"}
_FONT = {
    "family": "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif",
    "size": 12,
    "color": "#1f2328",
}


@dataclass(frozen=True, slots=True)
class StoryMarker:
    day: date  # the inclusion date
    title: str
    sentiment: str | None
    pct_change: float | None


def _label(text: str, limit: int = 80) -> str:
    short = text if len(text) <= limit else text[: limit - 1] + "…"
    return html.escape(short, quote=False)


def _marker_points(series: list[tuple[date, float]], markers: list[StoryMarker]) -> dict[str, list[Any]]:
    """Each story sits on the close of its inclusion date (the last close on or before it)."""
    days = [d for d, _ in series]
    out: dict[str, list[Any]] = {"x": [], "y": [], "text": [], "color": []}
    for m in markers:
        i = bisect.bisect_right(days, m.day) - 1
        if i < 0:
            continue
        change = "—" if m.pct_change is None else f"{m.pct_change:+.2f}%"
        out["x"].append(m.day.isoformat())
        out["y"].append(series[i][1])
        out["text"].append(
            f"<b>{_label(m.title)}</b><br>{m.day:%d %b %Y} · sentiment: "
            f"{m.sentiment or 'unknown'} · change since: {change}"
        )
        out["color"].append(SENTIMENT_COLORS.get(m.sentiment or "unknown", SENTIMENT_COLORS["unknown"]))
    return out


_RANGES = [
    {"count": 1, "label": "1M", "step": "month", "stepmode": "backward"},
    {"count": 6, "label": "6M", "step": "month", "stepmode": "backward"},
    {"count": 1, "label": "YTD", "step": "year", "stepmode": "todate"},
    {"count": 1, "label": "1Y", "step": "year", "stepmode": "backward"},
    {"step": "all", "label": "All"},
]


def _price_layout(adjustment: str | None, currency: str | None) -> dict[str, Any]:
    unit = f" ({currency})" if currency else ""
    return {
        "font": _FONT, "margin": {"l": 56, "r": 16, "t": 8, "b": 40}, "height": 360, "showlegend": False,
        "hovermode": "x", "plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff",
        "xaxis": {"type": "date", "gridcolor": "#eaeef2",
                  "rangeselector": {"buttons": _RANGES, "x": 0, "y": 1.02, "bgcolor": "#f6f8fa"}},
        "yaxis": {"title": {"text": f"{(adjustment or '').replace('_', '+')} close{unit}".strip()},
                  "gridcolor": "#eaeef2", "tickformat": ",.2f", "zeroline": False},
    }


def price_figure(
    symbol: str,
    adjustment: str | None,
    series: list[tuple[date, float]],
    markers: list[StoryMarker],
    currency: str | None,
) -> dict[str, Any]:
    """Daily closes of ``symbol`` with a marker at each story's inclusion date."""
    points = _marker_points(series, markers)
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": f"{symbol} close",
            "x": [d.isoformat() for d, _ in series],
            "y": [c for _, c in series],
            "line": {"color": "#0969da", "width": 1.6},
            "hovertemplate": "%{x|%d %b %Y}<br>close %{y:,.2f}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "markers",
            "name": "stories",
            "x": points["x"],
            "y": points["y"],
            "text": points["text"],
            "hovertemplate": "%{text}<extra></extra>",
            "marker": {
                "size": 11,
                "color": points["color"],
                "line": {"color": "#ffffff", "width": 1.5},
                "symbol": "circle",
            },
        },
    ]
    return {"data": data, "layout": _price_layout(adjustment, currency)}


def sentiment_figure(rows: list[SentimentReturn]) -> dict[str, Any] | None:
    """Bars of the mean abnormal return after stories, by sentiment; None with nothing to show."""
    shown = [r for r in rows if r.mean_abnormal is not None]
    if not shown:
        return None
    data = [
        {
            "type": "bar",
            "x": [r.label for r in shown],
            "y": [round(r.mean_abnormal or 0.0, 3) for r in shown],
            "marker": {"color": [SENTIMENT_COLORS.get(r.label, SENTIMENT_COLORS["unknown"]) for r in shown]},
            "text": [f"{r.measured} stor{'y' if r.measured == 1 else 'ies'}" for r in shown],
            "textposition": "outside",
            "cliponaxis": False,
            "hovertemplate": "%{x}: %{y:+.2f}% mean abnormal return (%{text})<extra></extra>",
        }
    ]
    layout = {
        "font": _FONT,
        "margin": {"l": 56, "r": 16, "t": 24, "b": 32},
        "height": 240,
        "showlegend": False,
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
        "yaxis": {
            "title": {"text": "mean abnormal return (%)"},
            "ticksuffix": "%",
            "gridcolor": "#eaeef2",
            "zerolinecolor": "#8c959f",
        },
    }
    return {"data": data, "layout": layout}
