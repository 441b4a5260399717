from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tickerlens.errors import ConfigError, InputError, ProviderUnavailableError
from tickerlens.signals.fx import (
    ChainFxProvider,
    CsvFxProvider,
    FxRate,
    ReferenceFxProvider,
    StoreFxCache,
    YahooFxProvider,
    convert_rate,
    fx_from_settings,
)
from tickerlens.store.db import connect


@pytest.fixture
def long_file(tmp_path: Path) -> Path:
    path = tmp_path / "fx.csv"
    path.write_text(
        "date,base,quote,rate\n2025-04-16,USD,CNY,7.30\n2025-04-17,USD,CNY,7.31\n2025-04-17,EUR,USD,1.14\n",
        encoding="utf-8",
    )
    return path


def test_long_file_answers_the_day_or_the_last_day_within_a_week(long_file: Path) -> None:
    fx = CsvFxProvider(long_file)
    assert fx.rate("USD", "CNY", date(2025, 4, 17)) == FxRate("USD", "CNY", date(2025, 4, 17), 7.31, fx.name)
    weekend = fx.rate("USD", "CNY", date(2025, 4, 20))
    assert weekend is not None and weekend.day == date(2025, 4, 17)
    assert fx.rate("USD", "CNY", date(2025, 4, 30)) is None  # more than a week stale
    assert fx.rate("USD", "CNY", date(2025, 4, 15)) is None  # before the file starts


def test_convert_inverts_and_crosses_through_usd(long_file: Path) -> None:
    fx = CsvFxProvider(long_file)
    inverse = convert_rate(fx, "CNY", "USD", date(2025, 4, 17))
    assert inverse is not None and inverse.rate == pytest.approx(1 / 7.31)
    cross = convert_rate(fx, "EUR", "CNY", date(2025, 4, 17))
    assert cross is not None and cross.rate == pytest.approx(1.14 * 7.31)
    assert convert_rate(fx, "USD", "JPY", date(2025, 4, 17)) is None
    assert convert_rate(fx, "usd", "USD", date(2025, 4, 17)).rate == 1.0  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "content",
    [
        "date,pair,rate\n2025-04-17,USDCNY,7.31\n",
        "date,USDCNY,SPX\n2025-04-17,7.31,5282\n",
        "Date,CNY=X\n2025-04-17,7.31\n",
    ],
    ids=["pair-column", "wide", "yahoo-symbol"],
)
def test_other_layouts(tmp_path: Path, content: str) -> None:
    path = tmp_path / "fx.csv"
    path.write_text(content, encoding="utf-8")
    found = CsvFxProvider(path).rate("USD", "CNY", date(2025, 4, 17))
    assert found is not None and found.rate == pytest.approx(7.31)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("", "empty"),
        ("day,rate\n2025-01-01,1\n", "no 'date' column"),
        ("date,SPX\n2025-01-01,1\n", "no rate"),
    ],
)
def test_bad_files_say_what_is_wrong(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "fx.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=problem):
        CsvFxProvider(path)
    with pytest.raises(InputError, match="not found"):
        CsvFxProvider(tmp_path / "missing.csv")


def test_reference_rates_are_approximate_annual_averages() -> None:
    rate = convert_rate(ReferenceFxProvider(), "USD", "CNY", date(2025, 4, 18))
    assert rate is not None and rate.approximate and 6.5 < rate.rate < 7.6
    twd = convert_rate(ReferenceFxProvider(), "TWD", "CNY", date(2024, 6, 1))
    assert twd is not None and 0.18 < twd.rate < 0.26
    assert ReferenceFxProvider().rate("USD", "CNY", date(1990, 1, 1)) is None


def test_yahoo_provider_reads_history_and_wraps_unreachable() -> None:
    calls: list[str] = []

    def history(symbol: str, start: date, end: date) -> list[tuple[date, float]]:
        calls.append(symbol)
        return [(date(2025, 4, 16), 7.30), (date(2025, 4, 17), 7.31)]

    fx = YahooFxProvider(history)
    got = fx.rate("USD", "CNY", date(2025, 4, 19))
    assert got is not None and got.rate == 7.31 and got.day == date(2025, 4, 17) and calls == ["USDCNY=X"]
    assert fx.rate("EUR", "CNY", date(2025, 4, 19)) is None  # only USD legs; crosses go via convert_rate

    def offline(symbol: str, start: date, end: date) -> list[tuple[date, float]]:
        raise ProviderUnavailableError("yahoo-fx", "no network")

    chain = ChainFxProvider([YahooFxProvider(offline), ReferenceFxProvider()])
    fallback = chain.rate("USD", "CNY", date(2025, 4, 19))
    assert fallback is not None and fallback.source == "reference"


def test_store_cache_keeps_fetched_rates(tmp_path: Path) -> None:
    calls: list[date] = []

    def history(symbol: str, start: date, end: date) -> list[tuple[date, float]]:
        calls.append(end)
        return [(date(2025, 4, 17), 7.31)]

    con = connect(tmp_path / "store.duckdb")
    cache = StoreFxCache(con, YahooFxProvider(history))
    first = cache.rate("USD", "CNY", date(2025, 4, 18))
    second = cache.rate("USD", "CNY", date(2025, 4, 19))
    assert first is not None and second is not None and second.rate == 7.31
    assert len(calls) == 1 and second.source.startswith("store:")
    assert con.execute("SELECT count(*) FROM fx").fetchone() == (1,)
    con.close()


def test_fx_from_settings(long_file: Path) -> None:
    chain = fx_from_settings(long_file)
    assert chain.rate("USD", "CNY", date(2025, 4, 17)).rate == 7.31  # type: ignore[union-attr]
    assert chain.rate("USD", "CNY", date(2020, 4, 17)).approximate  # type: ignore[union-attr]
    assert fx_from_settings(None).rate("USD", "TWD", date(2024, 1, 1)) is not None
    with pytest.raises(ConfigError, match="no such file"):
        fx_from_settings("/nonexistent/fx.csv")


@pytest.mark.shared
def test_real_yfinance_wide_file(shared_dir: Path) -> None:
    path = shared_dir / "data/prices/daily_2025/heliar-k_market-base/yfinance_asset_prices_wide.csv"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    fx = CsvFxProvider(path)
    rate = convert_rate(fx, "USD", "CNY", date(2025, 4, 19))
    assert rate is not None and rate.day == date(2025, 4, 17) and 7.2 < rate.rate < 7.4
    yen = convert_rate(fx, "USD", "JPY", date(2025, 4, 17))
    assert yen is not None and 135 < yen.rate < 155
