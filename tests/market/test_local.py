"""The local-file provider: the shared contract over files in several layouts, and the
choices it makes when files overlap."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import pytest
from provider_contract import SERIES, ProviderContract

from tickerlens.errors import NoPriceDataError, PriceFileError
from tickerlens.market.bars import Adjustment, Bar, PriceQuery
from tickerlens.market.provider import PriceProvider
from tickerlens.market.providers.layouts import ColumnMapping
from tickerlens.market.providers.local import MAPPING_FILE, LocalFileProvider


def write_folder(root: Path, series: Mapping[tuple[str, Adjustment], Sequence[Bar]]) -> Path:
    """AAA as a single-security file with Close and Adj Close; the rest as one long file."""
    aaa = {b.day: b.close for b in series[("AAA", Adjustment.SPLIT)]}
    adj = {b.day: b.close for b in series[("AAA", Adjustment.SPLIT_DIV)]}
    lines = ["Date,Open,High,Low,Close,Adj Close,Volume"]
    lines += [f"{d},{c},{c},{c},{c},{adj[d]},1000" for d, c in aaa.items()]
    (root / "AAA.csv").write_text("\n".join(lines) + "\n")
    rows = ["ticker,date,close"]
    for (symbol, _), bars in series.items():
        if symbol != "AAA":
            rows += [f"{symbol},{b.day},{b.close}" for b in bars]
    (root / "others_long.csv").write_text("\n".join(rows) + "\n")
    return root


class TestLocalFileProvider(ProviderContract):
    @pytest.fixture
    def provider(self, tmp_path: Path) -> PriceProvider:
        return LocalFileProvider(write_folder(tmp_path, SERIES))


def test_overlapping_files_use_the_one_covering_the_window(tmp_path: Path) -> None:
    (tmp_path / "short").mkdir()
    (tmp_path / "short" / "XYZ.csv").write_text("date,close\n2024-01-02,10\n2024-01-03,11\n")
    (tmp_path / "XYZ_long.csv").write_text(
        "date,close\n" + "".join(f"2024-01-{d:02d},{20 + d}\n" for d in (2, 3, 4, 5, 8))
    )
    got = LocalFileProvider(tmp_path).fetch(PriceQuery("XYZ", date(2024, 1, 1), date(2024, 1, 8)))
    assert got.closes == [22, 23, 24, 25, 28]  # the longer file, never a mix of both
    assert got.source is not None and got.source.endswith("XYZ_long.csv")


def test_unreadable_file_in_a_folder_is_skipped_with_its_reason(tmp_path: Path) -> None:
    (tmp_path / "AAA.csv").write_text("date,close\n2024-01-02,10\n")
    (tmp_path / "notes.csv").write_text("just,some,words\nno,dates,here\n")
    provider = LocalFileProvider(tmp_path)
    assert [p.name for p, _ in provider.skipped] == ["notes.csv"]
    assert "no date column" in provider.skipped[0][1]
    assert provider.fetch(PriceQuery("AAA", date(2024, 1, 1), date(2024, 1, 5))).closes == [10]


def test_a_single_bad_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "prices.csv"
    path.write_text("2024-01-02,10\n2024-01-03,11\n")
    with pytest.raises(PriceFileError, match="no header row"):
        LocalFileProvider(path)


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PriceFileError, match="does not exist"):
        LocalFileProvider(tmp_path / "nowhere")


def test_mapping_file_beside_the_prices(tmp_path: Path) -> None:
    (tmp_path / "tw.csv").write_text("2024-01-02,580\n2024-01-03,590\n")
    (tmp_path / MAPPING_FILE).write_text(
        json.dumps(
            {
                "tw.csv": {
                    "header": False,
                    "date": 0,
                    "close": 1,
                    "symbol_value": "2330.TW",
                    "adjustment": "split_div",
                }
            }
        )
    )
    got = LocalFileProvider(tmp_path).fetch(PriceQuery("2330.TW", date(2024, 1, 1), date(2024, 1, 5)))
    assert got.closes == [580, 590]
    assert got.adjustment is Adjustment.SPLIT_DIV
    assert "adjustment_assumed" not in got.extra


def test_mapping_given_in_code_wins(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("day,value\n2024-01-02,5\n")
    mapping = {"x.csv": ColumnMapping(date="day", close="value", symbol_value="0700.HK")}
    got = LocalFileProvider(tmp_path, mappings=mapping).fetch(
        PriceQuery("0700.HK", date(2024, 1, 1), date(2024, 1, 3))
    )
    assert got.closes == [5]


def test_plain_closes_are_marked_as_assumed_split_adjusted(tmp_path: Path) -> None:
    (tmp_path / "AAA.csv").write_text("date,close\n2024-01-02,10\n")
    got = LocalFileProvider(tmp_path).fetch(PriceQuery("AAA", date(2024, 1, 1), date(2024, 1, 5)))
    assert got.adjustment is Adjustment.SPLIT and got.extra == {"adjustment_assumed": "true"}
    raw = LocalFileProvider(tmp_path, default_adjustment=Adjustment.RAW)
    assert raw.fetch(PriceQuery("AAA", date(2024, 1, 1), date(2024, 1, 5))).adjustment is Adjustment.RAW


def test_frame_holds_one_source_per_series(tmp_path: Path) -> None:
    provider = LocalFileProvider(write_folder(tmp_path, SERIES))
    frame = provider.frame(["AAA"])
    assert set(frame["symbol"]) == {"AAA"}
    assert sorted(frame["adjustment"].unique()) == ["split", "split_div"]
    assert len(frame) == 2 * len(SERIES[("AAA", Adjustment.SPLIT)])


def test_empty_window_inside_the_history_is_explained(tmp_path: Path) -> None:
    (tmp_path / "AAA.csv").write_text("date,close\n2024-01-02,10\n2024-02-01,11\n")
    with pytest.raises(NoPriceDataError, match="halt"):
        LocalFileProvider(tmp_path).fetch(PriceQuery("AAA", date(2024, 1, 10), date(2024, 1, 20)))
