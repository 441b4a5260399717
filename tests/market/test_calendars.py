"""The reference-close rule on real exchange calendars."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from tickerlens.errors import CalendarError
from tickerlens.market.calendars import (
    calendar_mic,
    inclusion_day,
    next_session,
    reference_session,
    session_offset,
    sessions_between,
)

NEW_YORK_SUMMER = timezone(timedelta(hours=-4))


@pytest.mark.parametrize(
    ("mic", "expected"),
    [
        ("XNAS", date(2025, 4, 17)),
        ("XNYS", date(2025, 4, 17)),
        ("XHKG", date(2025, 4, 17)),
        ("XSHG", date(2025, 4, 18)),
        ("XSHE", date(2025, 4, 18)),
        ("XTAI", date(2025, 4, 18)),
    ],
)
def test_good_friday_2025_published_on_saturday(mic: str, expected: date) -> None:
    assert reference_session(mic, date(2025, 4, 19)) == expected


def test_a_trading_day_date_counts_as_its_end() -> None:
    assert reference_session("XNAS", date(2025, 4, 16)) == date(2025, 4, 16)


def test_a_time_before_the_close_refers_to_the_previous_session() -> None:
    before = datetime(2025, 4, 16, 15, 59, tzinfo=NEW_YORK_SUMMER)
    at_close = datetime(2025, 4, 16, 16, 0, tzinfo=NEW_YORK_SUMMER)
    assert reference_session("XNAS", before) == date(2025, 4, 15)
    assert reference_session("XNAS", at_close) == date(2025, 4, 16)


def test_early_close_is_the_calendars() -> None:
    # 29 November 2024, the day after Thanksgiving: NYSE closed at 13:00 New York time.
    after_early_close = datetime(2024, 11, 29, 13, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert reference_session("XNYS", after_early_close) == date(2024, 11, 29)


def test_naive_times_are_utc() -> None:
    assert reference_session("XHKG", datetime(2025, 4, 16, 8, 30)) == date(2025, 4, 16)  # 16:30 in HK
    assert reference_session("XHKG", datetime(2025, 4, 16, 7, 30)) == date(2025, 4, 15)  # 15:30 in HK


def test_the_same_instant_differs_by_exchange() -> None:
    moment = datetime(2025, 4, 16, 12, 0, tzinfo=UTC)  # 20:00 Shanghai, 08:00 New York
    assert reference_session("XSHG", moment) == date(2025, 4, 16)
    assert reference_session("XNYS", moment) == date(2025, 4, 15)


def test_inclusion_day_is_the_exchange_date() -> None:
    late = datetime(2025, 4, 18, 23, 30, tzinfo=UTC)
    assert inclusion_day("XHKG", late) == date(2025, 4, 19)
    assert inclusion_day("XNYS", late) == date(2025, 4, 18)
    assert inclusion_day("XNYS", date(2025, 4, 19)) == date(2025, 4, 19)


def test_venues_without_their_own_calendar() -> None:
    assert calendar_mic("XNAS") == "XNYS"
    assert calendar_mic("XSHE") == "XSHG"
    assert calendar_mic("XNSE") == "XBOM"
    assert reference_session("XNSE", date(2025, 4, 19)) == date(2025, 4, 17)  # Good Friday is an NSE holiday


def test_unknown_exchange_is_a_calendar_error() -> None:
    with pytest.raises(CalendarError) as info:
        reference_session("XXXX", date(2025, 4, 19))
    assert info.value.mic == "XXXX"


def test_dates_outside_the_calendar_are_errors() -> None:
    with pytest.raises(CalendarError, match="before its first session"):
        reference_session("XNYS", date(1990, 1, 2))
    with pytest.raises(CalendarError, match="after its last known session"):
        reference_session("XNYS", date(2040, 1, 2))


def test_session_helpers() -> None:
    assert next_session("XNYS", date(2025, 4, 17)) == date(2025, 4, 21)
    assert sessions_between("XHKG", date(2025, 4, 17), date(2025, 4, 22)) == [
        date(2025, 4, 17),
        date(2025, 4, 22),
    ]
    assert session_offset("XNYS", date(2025, 4, 19), -2) == date(2025, 4, 15)
