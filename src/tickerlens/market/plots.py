"""Plots of mean CAR by event day: a PNG for reports and an HTML page to explore.

The HTML embeds plotly.js in the file itself, so it opens offline and loads nothing from
a CDN. Matplotlib draws through its Agg canvas directly, leaving the global backend alone.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["plot_mean_car_html", "plot_mean_car_png"]

_TITLE = "Mean cumulative abnormal return by event day"


def plot_mean_car_png(path_frame: pd.DataFrame, out: Path, title: str = _TITLE) -> Path:
    """``path_frame`` as from ``aggregate.mean_car_path``: one line per group, in percent."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 4.5), dpi=120)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    for label, part in path_frame.groupby("group", sort=True):
        n = int(part["n"].max()) if len(part) else 0
        axes.plot(part["day"], part["mean_car"] * 100.0, marker="o", markersize=3, label=f"{label} (n={n})")
    axes.axhline(0.0, color="grey", linewidth=0.8)
    axes.axvline(0.0, color="grey", linewidth=0.8, linestyle="--")
    axes.set_xlabel("event day (0 = first close after publication)")
    axes.set_ylabel("mean CAR (%)")
    axes.set_title(title)
    if len(path_frame):
        axes.legend(loc="best", fontsize="small")
    figure.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out, format="png")
    return out


def plot_mean_car_html(path_frame: pd.DataFrame, out: Path, title: str = _TITLE) -> Path:
    import plotly.graph_objects as go

    figure = go.Figure()
    for label, part in path_frame.groupby("group", sort=True):
        figure.add_trace(
            go.Scatter(
                x=part["day"],
                y=part["mean_car"] * 100.0,
                mode="lines+markers",
                name=str(label),
                customdata=part[["n", "t_stat"]].to_numpy(),
                hovertemplate="day %{x}: %{y:.2f}% (n=%{customdata[0]}, t=%{customdata[1]:.2f})"
                "<extra></extra>",
            )
        )
    figure.add_hline(y=0.0, line_color="grey", line_width=1)
    figure.add_vline(x=0.0, line_color="grey", line_dash="dash", line_width=1)
    figure.update_layout(
        title=title,
        xaxis_title="event day (0 = first close after publication)",
        yaxis_title="mean CAR (%)",
        template="plotly_white",
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.write_html(out, include_plotlyjs=True, full_html=True)
    return out
