"""The cross-sectional event study of a batch: CARs by group, the mean path, the plots.

Runs after ``store.batch.run_batch`` (computed as one chunk, so every pair's model is
in ``batch_num``): aggregates each window's CAR by the grouping column, builds the mean
CAR path over the event days asked, and writes the table (CSV) and the plots (PNG and a
self-contained HTML page) next to each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from tickerlens.market.aggregate import ALL, aggregate_cars, mean_car_path
from tickerlens.market.plots import plot_mean_car_html, plot_mean_car_png
from tickerlens.store.abnormal import abnormal_paths
from tickerlens.store.batch import car_frame
from tickerlens.store.returns import BatchOptions

__all__ = ["CrossSection", "cross_section_report"]


@dataclass(frozen=True, slots=True)
class CrossSection:
    table: pd.DataFrame  # group, window, n, mean_car, sd, t_stat
    path: pd.DataFrame  # group, day, mean_car, n, t_stat
    files: tuple[Path, ...]


def cross_section_report(
    con: duckdb.DuckDBPyConnection, options: BatchOptions, by: str | None, days: tuple[int, int], prefix: Path
) -> CrossSection:
    """Aggregate the batch just run and write ``prefix``.csv, ``prefix``_path.csv, .png, .html."""
    cars = car_frame(con, options, by)
    table = aggregate_cars(cars, options.event.windows, by)
    labels = cars[by].fillna("(none)").astype(str) if by else pd.Series(ALL, index=cars.index)
    groups = pd.Series(labels.to_numpy(), index=cars["pair_no"].to_numpy())
    path = mean_car_path(abnormal_paths(con, *days), groups, *days)
    prefix.parent.mkdir(parents=True, exist_ok=True)
    table_file = prefix.with_name(prefix.name + ".csv")
    path_file = prefix.with_name(prefix.name + "_path.csv")
    table.to_csv(table_file, index=False)
    path.to_csv(path_file, index=False)
    png = plot_mean_car_png(path, prefix.with_name(prefix.name + ".png"))
    html = plot_mean_car_html(path, prefix.with_name(prefix.name + ".html"))
    return CrossSection(table, path, (table_file, path_file, png, html))
