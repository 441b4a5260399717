"""Change since inclusion for one listing: the numbers, and the reasons when there are none."""

from __future__ import annotations

from datetime import date

import pytest

from tickerlens.market.bars import Adjustment, Bar, BarSeries
from tickerlens.market.inclusion import NOT_AVAILABLE, OK, Target, measure

NVDA = Target("NVDA", "XNAS", "USD", "nvidia", "NVIDIA Corporation")


def series(
    pairs: list[tuple[date, float]], adjustment: Adjustment = Adjustment.SPLIT, **extra: str
) -> BarSeries:
    return BarSeries(
        "NVDA", adjustment, "memory", tuple(Bar(d, c) for d, c in pairs), source="NVDA.csv", extra=dict(extra)
    )


WEEK = [
    (date(2025, 4, 14), 110.71),
    (date(2025, 4, 15), 112.20),
    (date(2025, 4, 16), 104.49),
    (date(2025, 4, 17), 101.49),
    (date(2025, 4, 21), 96.91),
]


def test_change_from_the_reference_close_to_the_last_close_as_of() -> None:
    row = measure(NVDA, date(2025, 4, 16), date(2025, 4, 15), date(2025, 4, 16), series(WEEK), None)
    assert row.status == OK and row.reason is None
    assert (row.ref_date, row.ref_close, row.last_date, row.last_close) == (
        date(2025, 4, 15),
        112.20,
        date(2025, 4, 16),
        104.49,
    )
    assert row.pct_change == pytest.approx((104.49 / 112.20 - 1) * 100)  # -6.87%
    assert row.adjustment == "split" and row.currency == "USD"
    assert row.to_dict()["ref_date"] == "2025-04-15"


def test_as_of_on_a_holiday_uses_the_last_close_before_it() -> None:
    row = measure(NVDA, date(2025, 4, 16), date(2025, 4, 15), date(2025, 4, 19), series(WEEK), None)
    assert row.last_date == date(2025, 4, 17)


@pytest.mark.parametrize(
    ("ref", "bars", "reason"),
    [
        (
            date(2025, 4, 10),
            WEEK,
            "prices for NVDA start on 2025-04-14, after the reference session 2025-04-10",
        ),
        (
            date(2025, 4, 25),
            WEEK,
            "prices for NVDA end on 2025-04-21, before the reference session 2025-04-25",
        ),
        (
            date(2025, 4, 16),
            WEEK[:2] + WEEK[3:],
            "no close for NVDA on 2025-04-16, the last session before publication (a trading halt or a gap "
            "in "
            "the data)",
        ),
    ],
    ids=["starts-after", "ends-before", "halt"],
)
def test_missing_reference_close_is_not_available(
    ref: date, bars: list[tuple[date, float]], reason: str
) -> None:
    row = measure(NVDA, ref, ref, date(2025, 4, 30), series(bars), None)
    assert row.status == NOT_AVAILABLE and row.reason == reason
    assert row.pct_change is None and row.ref_close is None
    assert row.display_status == f"not available, because {reason}"


def test_as_of_before_the_reference_is_not_available() -> None:
    row = measure(NVDA, date(2025, 4, 16), date(2025, 4, 15), date(2025, 4, 14), series(WEEK), None)
    assert row.reason == "the as-of date 2025-04-14 is before the reference session 2025-04-15"


def test_raw_closes_across_a_split_never_show_as_a_crash() -> None:
    raw = [
        (date(2024, 6, 6), 1209.98),
        (date(2024, 6, 7), 1208.88),
        (date(2024, 6, 10), 121.79),
        (date(2024, 6, 11), 120.91),
    ]
    split = [(d, c / 10 if d < date(2024, 6, 10) else c) for d, c in raw]
    as_raw = measure(
        NVDA, date(2024, 6, 7), date(2024, 6, 7), date(2024, 6, 11), series(raw, Adjustment.RAW), None
    )
    assert as_raw.status == NOT_AVAILABLE and as_raw.pct_change is None
    assert as_raw.reason is not None and "2024-06-10" in as_raw.reason and "split" in as_raw.reason
    adjusted = measure(NVDA, date(2024, 6, 7), date(2024, 6, 7), date(2024, 6, 11), series(split), None)
    assert adjusted.pct_change == pytest.approx((120.91 / 120.888 - 1) * 100)
    before = measure(
        NVDA, date(2024, 6, 11), date(2024, 6, 10), date(2024, 6, 11), series(raw, Adjustment.RAW), None
    )
    assert before.status == OK  # a split before the reference close does not matter


def test_warnings_say_what_was_assumed_and_what_is_missing() -> None:
    row = measure(
        NVDA,
        date(2025, 4, 16),
        date(2025, 4, 15),
        date(2025, 4, 25),
        series(WEEK, adjustment_assumed="true"),
        None,
        "no default benchmark for XNAS",
        as_of_session=date(2025, 4, 25),
    )
    assert row.status == OK
    assert row.warnings == (
        "NVDA.csv does not say how its closes are adjusted; taken as split-adjusted closes",
        "no abnormal return: no default benchmark for XNAS",
        "the latest close of NVDA is from 2025-04-21; the prices lack the session of 2025-04-25",
    )
