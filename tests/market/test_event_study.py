"""The market model and CARs, checked against statsmodels OLS on the same windows."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st

from tickerlens.errors import ConfigError
from tickerlens.market.event_study import (
    EventOptions,
    aligned_returns,
    fit_market_model,
    parse_days,
    run_event_study,
    window_label,
)

TOL = 1e-9


def sample(n: int = 400, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    m = rng.normal(0.0005, 0.011, n)
    r = 0.0002 + 1.3 * m + rng.normal(0, 0.015, n)
    r[0] = m[0] = np.nan  # the first bar has no return
    return r, m


def statsmodels_car(
    r: np.ndarray, m: np.ndarray, est: slice, win: slice
) -> tuple[float, float, float, float]:
    """alpha, beta, CAR and its t statistic, worked out with statsmodels alone."""
    fit = sm.OLS(r[est], sm.add_constant(m[est])).fit()
    x_win = sm.add_constant(m[win], has_constant="add")
    ar = r[win] - fit.predict(x_win)
    ones = np.ones(len(ar))
    variance = fit.scale * len(ar) + ones @ x_win @ fit.cov_params() @ x_win.T @ ones
    return float(fit.params[0]), float(fit.params[1]), float(ar.sum()), float(ar.sum() / np.sqrt(variance))


def test_market_model_matches_statsmodels() -> None:
    r, m = sample()
    model = fit_market_model(r[1:221], m[1:221])
    fit = sm.OLS(r[1:221], sm.add_constant(m[1:221])).fit()
    assert model.alpha == pytest.approx(fit.params[0], abs=TOL)
    assert model.beta == pytest.approx(fit.params[1], abs=TOL)
    assert model.sigma2 == pytest.approx(fit.scale, rel=TOL)
    assert model.n == 220


@pytest.mark.parametrize("window", [(0, 0), (-1, 1), (0, 5), (0, 20)], ids=lambda w: window_label(*w))
def test_cars_and_t_statistics_match_statsmodels(window: tuple[int, int]) -> None:
    r, m = sample()
    ref = 300  # reference bar; day 0 is bar 301
    result = run_event_study(r, m, ref, len(r) - 1, EventOptions())
    est = slice(ref + 1 - 250, ref + 1 - 30 + 1)
    win = slice(ref + 1 + window[0], ref + 1 + window[1] + 1)
    alpha, beta, car, t = statsmodels_car(r, m, est, win)
    stat = result.cars[window_label(*window)]
    assert result.model is not None and stat is not None
    assert result.model.alpha == pytest.approx(alpha, abs=TOL)
    assert result.model.beta == pytest.approx(beta, abs=TOL)
    assert stat.car == pytest.approx(car, abs=TOL)
    assert stat.t_stat == pytest.approx(t, abs=TOL)
    assert stat.days == window[1] - window[0] + 1


def test_windows_need_every_day_and_stop_at_the_as_of_day() -> None:
    r, m = sample()
    m[305] = np.nan  # a day without a benchmark return
    result = run_event_study(r, m, 300, 310, EventOptions())
    assert result.cars["[0,0]"] is not None
    assert result.cars["[0,+5]"] is None  # day 4 (bar 305) is missing
    assert result.cars["[0,+20]"] is None  # runs past the last bar asked for
    assert result.holding is None  # the holding period crosses bar 305 too


def test_holding_period_car_is_the_sum_of_daily_abnormal_returns() -> None:
    r, m = sample()
    result = run_event_study(r, m, 300, 320, EventOptions())
    assert result.model is not None and result.holding is not None
    expected = float(np.sum(result.model.abnormal(r[301:321], m[301:321])))
    assert result.holding.car == pytest.approx(expected, abs=1e-12)
    same_day = run_event_study(r, m, 300, 300, EventOptions())
    assert same_day.holding is not None and same_day.holding.car == 0.0


def test_too_short_an_estimation_window_is_explained() -> None:
    r, m = sample(n=150)
    result = run_event_study(r, m, 120, 149, EventOptions())
    assert result.model is None
    assert result.reason is not None and "only 91 returns" in result.reason  # bars 1 to 91: day 0 is bar 121


def test_aligned_returns_take_the_benchmark_as_of_each_day() -> None:
    days = [date(2025, 4, d) for d in (16, 17, 18, 21)]  # the listing trades on Good Friday
    bench_days = [date(2025, 4, d) for d in (16, 17, 21)]  # its benchmark does not
    r, m = aligned_returns(days, [10, 11, 12, 12], bench_days, [100, 110, 121])
    assert np.isnan(r[0]) and np.isnan(m[0])
    assert r[1:] == pytest.approx([0.1, 1 / 11, 0.0])
    assert m[1:] == pytest.approx([0.1, 0.0, 0.1])  # flat on the benchmark's holiday


def test_benchmark_history_ends_means_unknown_not_flat() -> None:
    days = [date(2025, 1, 1) + timedelta(days=k) for k in range(4)]
    _, m = aligned_returns(days, [1, 2, 3, 4], days[:2], [10, 11])
    assert m[1] == pytest.approx(0.1)
    assert np.isnan(m[2]) and np.isnan(m[3])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(min_value=0.5, max_value=2.0), min_size=40, max_size=60))
def test_windows_add_up(moves: list[float]) -> None:
    """CAR[0,+5] equals CAR[0,0] plus the abnormal returns of days 1 to 5."""
    rng = np.random.default_rng(len(moves))
    closes = np.cumprod(moves) * 10
    m = np.r_[np.nan, rng.normal(0, 0.01, len(moves) - 1)]
    r = np.r_[np.nan, closes[1:] / closes[:-1] - 1]
    options = EventOptions(estimation=(-30, -5), windows=((0, 0), (0, 5), (1, 5)), min_estimation=10)
    result = run_event_study(r, m, 32, len(r) - 1, options)
    assert result.model is not None
    whole, first, rest = (result.cars[k] for k in ("[0,0]", "[0,+5]", "[+1,+5]"))
    assert whole is not None and first is not None and rest is not None
    assert first.car == pytest.approx(whole.car + rest.car, abs=1e-12)


def test_options_are_checked() -> None:
    with pytest.raises(ConfigError, match="overlaps"):
        EventOptions(estimation=(-250, 0))
    with pytest.raises(ConfigError):
        EventOptions(estimation=(-30, -250))
    with pytest.raises(ConfigError, match="min_estimation"):
        EventOptions(estimation=(-50, -30), min_estimation=100)
    assert parse_days("-250,-30", "--estimation") == (-250, -30)
    with pytest.raises(ConfigError, match="--days"):
        parse_days("soon", "--days")
