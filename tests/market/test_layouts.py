"""Reading every price-file layout tickerlens meets, from small files written here, and
(marked shared) every file under ../shared/data/prices."""

from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from tickerlens.errors import PriceFileError
from tickerlens.market.bars import Adjustment, PriceQuery
from tickerlens.market.providers.layouts import ColumnMapping, Layout, detect_layout, read_prices
from tickerlens.market.providers.local import LocalFileProvider


def read(path: Path, mapping: ColumnMapping | None = None) -> pd.DataFrame:
    return read_prices(detect_layout(path, mapping))


def closes(frame: pd.DataFrame, symbol: str, adjustment: str = "split") -> dict[str, float]:
    part = frame[(frame["symbol"] == symbol) & (frame["adjustment"] == adjustment)]
    return {d.date().isoformat(): c for d, c in zip(part["day"], part["close"], strict=True)}


def test_long_layout_with_adjusted_closes(tmp_path: Path) -> None:
    path = tmp_path / "us_long.csv"
    path.write_text(
        "ticker,date,close,adj_close,volume\nAAA,2024-01-02,10,9,5\nAAA,2024-01-03,12,10.8,5\n"
        "BRK.B,2024-01-02,400,400,1\n"
    )
    layout = detect_layout(path)
    frame = read_prices(layout)
    assert layout.layout is Layout.LONG and layout.adjustment is Adjustment.SPLIT
    assert closes(frame, "AAA") == {"2024-01-02": 10, "2024-01-03": 12}
    assert closes(frame, "AAA", "split_div") == {"2024-01-02": 9, "2024-01-03": 10.8}
    assert closes(frame, "BRK-B") == {"2024-01-02": 400}  # share classes in Yahoo form


def test_long_layout_keeps_leading_zeros_and_maps_vendor_codes(tmp_path: Path) -> None:
    path = tmp_path / "cn.csv.gz"
    with gzip.open(path, "wt") as fh:
        fh.write(
            "code,date,open,close,high,low,volume\n000001,2025-01-02,11.4,11.07,11.4,11.0,1\n"
            "688256,2025-01-02,600,610,620,590,1\nsh.600000,2025-01-02,9,9.5,9.6,8.9,1\n"
        )
    frame = read(path)
    assert closes(frame, "000001.SZ") == {"2025-01-02": 11.07}
    assert closes(frame, "688256.SS") == {"2025-01-02": 610}
    assert closes(frame, "600000.SS") == {"2025-01-02": 9.5}


def test_wide_layout_with_volume_columns(tmp_path: Path) -> None:
    path = tmp_path / "closes_wide.csv"
    path.write_text(
        "date,AAPL,SPX,Gold,SPX_volume\n2024-08-22,224.5,5570.6,2478.9,100\n2024-08-23,,5634.6,2508.4,90\n"
    )
    layout = detect_layout(path)
    frame = read_prices(layout)
    assert layout.layout is Layout.WIDE
    assert closes(frame, "AAPL") == {"2024-08-22": 224.5}  # empty cells are days without a close
    assert closes(frame, "^GSPC") == {"2024-08-22": 5570.6, "2024-08-23": 5634.6}
    assert closes(frame, "Gold") == {"2024-08-22": 2478.9, "2024-08-23": 2508.4}  # a name, not GOLD
    assert "GOLD" not in set(frame["symbol"])
    assert frame.loc[frame["symbol"] == "^GSPC", "volume"].tolist() == [100, 90]


def test_yfinance_two_row_header(tmp_path: Path) -> None:
    path = tmp_path / "9988.HK.csv"
    path.write_text(
        "Date,Close,High,Low,Open,Volume\n,9988.HK,9988.HK,9988.HK,9988.HK,9988.HK\n"
        "2021-03-01,233.06,235.05,230.88,233.26,25781049\n"
    )
    layout = detect_layout(path)
    assert layout.layout is Layout.SINGLE and layout.symbols == ("9988.HK",)
    assert layout.adjustment is Adjustment.SPLIT_DIV  # yfinance's default auto_adjust
    assert closes(read_prices(layout), "9988.HK", "split_div") == {"2021-03-01": 233.06}


def test_yfinance_multi_ticker_three_row_header(tmp_path: Path) -> None:
    path = tmp_path / "download.csv"
    path.write_text(
        "Price,Close,Close,Volume,Volume\nTicker,AAPL,MSFT,AAPL,MSFT\nDate,,,,\n"
        "2025-01-02,243.85,418.58,55740700,16896500\n2025-01-03,243.36,423.35,40244100,16662900\n"
    )
    frame = read(path)
    assert closes(frame, "AAPL", "split_div") == {"2025-01-02": 243.85, "2025-01-03": 243.36}
    assert closes(frame, "MSFT", "split_div") == {"2025-01-02": 418.58, "2025-01-03": 423.35}


def test_close_before_high_and_timestamps_with_offsets(tmp_path: Path) -> None:
    a = tmp_path / "688256.csv"
    a.write_text("date,open,close,high,low,volume,volume.1\n2025-04-18,660,669.54,680,650,1,1\n")
    b = tmp_path / "0700.HK.csv"
    b.write_text(
        "Date,Open,High,Low,Close,Volume,Dividends,Stock Splits\n"
        "2025-04-17 00:00:00+08:00,450,456,449,454.04,1,0.0,0.0\n"
    )
    assert closes(read(a), "688256.SS") == {"2025-04-18": 669.54}
    frame = read(b)  # the date as written: the exchange-local day, not the UTC one
    assert closes(frame, "0700.HK", "split_div") == {"2025-04-17": 454.04}


def test_semicolons_compact_dates_and_symbols_from_file_names(tmp_path: Path) -> None:
    path = tmp_path / "DELL_2025-01-02_to_2025-11-28.csv"
    path.write_text("trade_date;close\n20250102;113.41\n20250103;116.70\n")
    assert closes(read(path), "DELL") == {"2025-01-02": 113.41, "2025-01-03": 116.70}
    lower = tmp_path / "price_raw_aapl.csv"
    lower.write_text("Date,Close\n1980-12-12,0.128\n")
    assert detect_layout(lower).symbols == ("AAPL",)
    index = tmp_path / "HSI_close_2025.csv"
    index.write_text("date,close\n2025-01-06,19688.29\n")
    assert detect_layout(index).symbols == ("^HSI",)


def test_parquet(tmp_path: Path) -> None:
    path = tmp_path / "bars.parquet"
    pd.DataFrame(
        {"symbol": ["NVDA", "NVDA"], "date": ["2025-04-15", "2025-04-16"], "close": [112.2, 104.49]}
    ).to_parquet(path)
    assert closes(read(path), "NVDA") == {"2025-04-15": 112.2, "2025-04-16": 104.49}


def test_headerless_file_needs_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "2330.TW.csv"
    path.write_text("2025-04-17,840.06\n2025-04-18,843.04\n")
    with pytest.raises(PriceFileError, match="header=False"):
        detect_layout(path)
    frame = read(path, ColumnMapping(header=False, date=0, close=1))
    assert closes(frame, "2330.TW") == {"2025-04-17": 840.06, "2025-04-18": 843.04}


def test_lone_value_column_is_ambiguous_until_mapped(tmp_path: Path) -> None:
    path = tmp_path / "series.csv"
    path.write_text("date,NVDA\n2025-04-15,112.2\n")
    with pytest.raises(PriceFileError, match="ColumnMapping"):
        detect_layout(path)
    assert closes(read(path, ColumnMapping(layout=Layout.WIDE)), "NVDA") == {"2025-04-15": 112.2}
    assert closes(read(path, ColumnMapping(close="NVDA", symbol_value="NVDA")), "NVDA") == {
        "2025-04-15": 112.2
    }


def test_mapping_renames_and_drops_series(tmp_path: Path) -> None:
    path = tmp_path / "assets_wide.csv"
    path.write_text("date,SAMSUNG,WTI,SPX\n2025-01-02,53400,73.1,5868.6\n")
    mapping = ColumnMapping(symbol_map={"SAMSUNG": "005930.KS", "WTI": ""})
    frame = read(path, mapping)
    assert set(frame["symbol"]) == {"005930.KS", "^GSPC"}


def test_bad_dates_are_an_error_naming_examples(tmp_path: Path) -> None:
    path = tmp_path / "AAA.csv"
    path.write_text("date,close\nyesterday,1\ntoday,2\n")
    with pytest.raises(PriceFileError, match="yesterday"):
        read(path)


def test_duplicate_days_keep_the_last_row(tmp_path: Path) -> None:
    path = tmp_path / "AAA.csv"
    path.write_text("date,close\n2024-01-02,10\n2024-01-02,11\n2024-01-03,0\n")
    assert closes(read(path), "AAA") == {"2024-01-02": 11}  # and a zero close is no close


def test_unknown_mapping_field_is_named() -> None:
    with pytest.raises(PriceFileError, match="clsoe"):
        ColumnMapping.from_dict({"clsoe": "Close"})


@pytest.mark.shared
def test_every_shared_price_layout_is_recognised(shared_dir: Path) -> None:
    files = [p for p in (shared_dir / "data" / "prices").rglob("*") if p.name.endswith((".csv", ".csv.gz"))]
    layouts = {detect_layout(p).layout for p in files}  # raises on any file it cannot tell
    assert layouts == {Layout.SINGLE, Layout.LONG, Layout.WIDE}


@pytest.mark.shared
def test_every_2025_price_file_is_read(shared_dir: Path) -> None:
    provider = LocalFileProvider(shared_dir / "data" / "prices" / "daily_2025")
    assert provider.skipped == []
    symbols = provider.symbols()
    for expected in (
        "NVDA",
        "0700.HK",
        "0992.HK",
        "688256.SS",
        "2330.TW",
        "9988.HK",
        "000300.SS",
        "^GSPC",
        "^HSI",
        "BABA",
        "DELL",
        "QCOM",
        "AAPL",
        "000001.SZ",
    ):
        assert expected in symbols, expected
    assert len(symbols) > 3_000  # the 3,085 A-shares among them


@pytest.mark.shared
def test_seed_stocks_on_good_friday_week(shared_dir: Path) -> None:
    provider = LocalFileProvider(shared_dir / "data" / "prices" / "daily_2025")
    week = (date(2025, 4, 14), date(2025, 4, 18))
    us = provider.fetch(PriceQuery("NVDA", *week))
    sh = provider.fetch(PriceQuery("688256.SS", *week))
    assert us.days[-1] == date(2025, 4, 17)  # New York shut on Good Friday
    assert sh.days[-1] == date(2025, 4, 18)  # Shanghai did not
    assert dict(zip(us.days, us.closes, strict=True))[date(2025, 4, 16)] == pytest.approx(104.49)
