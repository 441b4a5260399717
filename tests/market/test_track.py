"""track(): every listing of every linked company gets a row; failures become reasons."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pytest

from market_samples import NOW, memory_provider, sample_market
from tickerlens.errors import ConfigError, ProviderUnavailableError
from tickerlens.linking.model import CompanyLink, ListingRef, Role
from tickerlens.market import TrackOptions, provider_from_settings, track
from tickerlens.market.bars import BarSeries, PriceQuery
from tickerlens.market.event_study import aligned_returns, fit_market_model
from tickerlens.market.providers.local import LocalFileProvider
from tickerlens.settings import Settings


def link(company: str, *listings: tuple[str, str, str]) -> CompanyLink:
    refs = [ListingRef(mic, symbol, ticker) for mic, symbol, ticker in listings]
    return CompanyLink(company, company.title(), "listed", refs, [], 0.9, 0.9, Role.PRIMARY)


LINKS = [
    link("aaa", ("XNYS", "AAA", "AAA")),
    link("hsbc", ("XHKG", "5", "0005.HK")),
    link("pufa", ("XSHG", "600000", "600000.SS")),
    link("nobody", ("XNAS", "ZZZ", "ZZZ")),
]
OPTIONS = TrackOptions(now=NOW)


def test_one_row_per_listing_in_order_with_reasons_for_the_missing() -> None:
    rows = track(
        LINKS,
        date(2025, 4, 19),
        provider=memory_provider(sample_market()),
        as_of=date(2025, 5, 30),
        options=OPTIONS,
    )
    assert [r.ticker for r in rows] == ["AAA", "0005.HK", "600000.SS", "ZZZ"]
    assert [r.ref_date for r in rows[:3]] == [date(2025, 4, 17), date(2025, 4, 17), date(2025, 4, 18)]
    assert all(r.ok and r.abnormal_return is not None for r in rows[:3])
    assert [r.benchmark for r in rows[:3]] == ["^GSPC", "^HSI", "000300.SS"]
    assert rows[1].currency == "HKD" and rows[1].company_id == "hsbc"
    assert rows[3].status == "not available" and "ZZZ" in (rows[3].reason or "")


def test_abnormal_return_is_the_market_model_residual_since_the_reference() -> None:
    market = sample_market()
    provider = memory_provider(market)
    row = track(LINKS[:1], date(2025, 4, 19), provider=provider, as_of=date(2025, 5, 30), options=OPTIONS)[0]
    stock = provider.fetch(PriceQuery("AAA", date(2024, 1, 1), date(2025, 5, 30)))
    bench = provider.fetch(PriceQuery("^GSPC", date(2024, 1, 1), date(2025, 5, 30)))
    r, m = aligned_returns(stock.days, stock.closes, bench.days, bench.closes)
    ref = stock.days.index(date(2025, 4, 17))
    last = stock.days.index(date(2025, 5, 30))
    model = fit_market_model(r[ref + 1 - 250 : ref + 1 - 30 + 1], m[ref + 1 - 250 : ref + 1 - 30 + 1])
    expected = float(np.sum(r[ref + 1 : last + 1] - model.alpha - model.beta * m[ref + 1 : last + 1]))
    assert row.abnormal_return == pytest.approx(expected, abs=1e-12)
    assert row.model is not None and row.model["n"] == 221
    assert set(row.car) == {"[0,0]", "[-1,+1]", "[0,+5]", "[0,+20]"}


def test_without_a_publication_date_nothing_is_made_up() -> None:
    rows = track(LINKS[:2], None, provider=memory_provider(sample_market()), options=OPTIONS)
    assert all(r.status == "not available" and r.pct_change is None for r in rows)
    assert rows[0].reason == "the publication date is unknown; give it (--published)"


def test_latest_close_when_no_as_of_date_is_given() -> None:
    row = track(
        LINKS[:1],
        datetime(2025, 4, 16, 21, tzinfo=UTC),
        provider=memory_provider(sample_market()),
        options=TrackOptions(now=datetime(2025, 6, 3, 12, tzinfo=UTC)),
    )[0]
    assert row.ref_date == date(2025, 4, 16) and row.last_date == date(2025, 6, 2)


def test_benchmark_overrides_and_missing_benchmarks() -> None:
    provider = memory_provider(sample_market())
    rows = track(
        LINKS[:1],
        date(2025, 4, 19),
        provider=provider,
        as_of=date(2025, 5, 30),
        options=TrackOptions(now=NOW, benchmarks={"US": "^NDX"}),
    )
    assert rows[0].ok and rows[0].benchmark == "^NDX" and rows[0].abnormal_return is None
    assert any("benchmark ^NDX" in w for w in rows[0].warnings)


def test_a_provider_that_is_down_gives_reasons_not_a_crash() -> None:
    class Down:
        name = "down"

        def fetch(self, query: PriceQuery) -> BarSeries:
            raise ProviderUnavailableError("down", "no route to host")

    rows = track(LINKS[:2], date(2025, 4, 19), provider=Down(), options=OPTIONS)
    assert all(r.status == "not available" and "unreachable" in (r.reason or "") for r in rows)


def test_an_unknown_exchange_is_a_reason() -> None:
    rows = track(
        [link("x", ("XXXX", "1", "1.XX"))], date(2025, 4, 19), provider=memory_provider({}), options=OPTIONS
    )
    assert rows[0].status == "not available" and "XXXX" in (rows[0].reason or "")


def test_provider_from_settings(tmp_path: Path) -> None:
    (tmp_path / "AAA.csv").write_text("date,close\n2025-01-02,1\n")
    assert isinstance(
        provider_from_settings(Settings(prices=tmp_path, price_provider="local")), LocalFileProvider
    )
    chained = provider_from_settings(Settings(prices=tmp_path, db=tmp_path / "s.duckdb"))
    assert chained.name == "local+yahoo"
    with pytest.raises(ConfigError, match="--prices"):
        provider_from_settings(Settings(price_provider="local"))
    with pytest.raises(ConfigError):
        provider_from_settings(Settings(price_provider="bloomberg"))


@pytest.mark.shared
def test_the_seed_table_on_real_prices(shared_dir: Path) -> None:
    provider = LocalFileProvider(shared_dir / "data" / "prices" / "daily_2025")
    seed = [
        link("nvidia", ("XNAS", "NVDA", "NVDA")),
        link("tencent", ("XHKG", "700", "0700.HK")),
        link("cambricon", ("XSHG", "688256", "688256.SS")),
        link("tsmc", ("XTAI", "2330", "2330.TW")),
    ]
    rows = {r.ticker: r for r in track(seed, date(2025, 4, 19), provider=provider, as_of=date(2025, 5, 30))}
    assert {t: r.ref_date for t, r in rows.items()} == {
        "NVDA": date(2025, 4, 17),
        "0700.HK": date(2025, 4, 17),
        "688256.SS": date(2025, 4, 18),
        "2330.TW": date(2025, 4, 18),
    }
    assert all(r.ok and r.inclusion_date == date(2025, 4, 19) for r in rows.values())
    # "Nvidia's stock price fell nearly 7% on April 16": published before that close.
    day = track(seed[:1], datetime(2025, 4, 16, 9, tzinfo=UTC), provider=provider, as_of=date(2025, 4, 16))[0]
    assert (day.ref_close, day.last_close) == (pytest.approx(112.20), pytest.approx(104.49))
    assert round(day.pct_change or 0, 2) == -6.87


@pytest.mark.shared
def test_every_listed_company_of_the_seed_gets_a_row(shared_dir: Path) -> None:
    """Each listing of the seed's hand annotation: a row with the reference session of its
    exchange (Good Friday closed New York and Hong Kong, not Shanghai or Taipei), and
    either numbers or the reason there are none."""
    import json

    gold = json.loads((shared_dir / "examples" / "seed" / "gold.json").read_text(encoding="utf-8"))
    from tickerlens.universe.symbols import from_yahoo

    def mic_of(ticker: str, mics: list[str]) -> str:
        venue, _ = from_yahoo(ticker)
        return venue if venue != "US" else next(m for m in mics if m in {"XNAS", "XNYS"})

    links = [
        link(entry["company"], *((mic_of(t, entry["mic"]), t.split(".")[0], t) for t in entry["tickers"]))
        for entry in gold["listed"]
    ]
    provider = LocalFileProvider(shared_dir / "data" / "prices" / "daily_2025")
    published = date.fromisoformat(gold["published"])
    rows = track(links, published, provider=provider, as_of=date(2025, 5, 30))
    expected_ref = {
        "XNAS": date(2025, 4, 17),
        "XNYS": date(2025, 4, 17),
        "XHKG": date(2025, 4, 17),
        "XSHG": date(2025, 4, 18),
        "XTAI": date(2025, 4, 18),
    }
    assert len(rows) == sum(len(entry["tickers"]) for entry in gold["listed"])
    for row in rows:
        assert row.ref_date == expected_ref[row.mic or ""], row.ticker
        assert row.inclusion_date == published
        if row.ok:
            assert row.ref_close and row.last_close and row.pct_change is not None
        else:
            assert row.reason and "no prices for" in row.reason and row.pct_change is None
    assert sum(r.ok for r in rows) >= 14  # all but the few the files do not cover (C, 2376.TW)
