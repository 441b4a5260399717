"""Publication dates: every form sources write, normalised to UTC with the written offset;
nothing without a year, month and day is ever a date. Expected instants are worked out
by hand from the offsets, not by calling the code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tickerlens.ingest.dates import find_date_in_text, parse_date

CASES = [
    # value, lang, expected UTC, offset minutes, precision, zone assumed
    ("2025-04-19T20:15:00+08:00", None, "2025-04-19T12:15:00", 480, "second", False),
    ("2025-04-19T12:15:00Z", None, "2025-04-19T12:15:00", 0, "second", False),
    ("2020-05-11 07:47:00-04:00", None, "2020-05-11T11:47:00", -240, "second", False),
    ("Sat, 19 Apr 2025 12:00:00 +0800", None, "2025-04-19T04:00:00", 480, "second", False),
    ("Tue, 19 Nov 2019 08:57:40 GMT", None, "2019-11-19T08:57:40", 0, "second", False),
    ("January 25, 2024 — 03:33 am EST", None, "2024-01-25T08:33:00", -300, "minute", False),
    ("Nov 19, 2019 7:00 AM ET", None, "2019-11-19T12:00:00", -300, "minute", False),  # EST in November
    ("Jul 3, 2024 7:00 AM ET", None, "2024-07-03T11:00:00", -240, "minute", False),  # EDT in July
    ("March 5, 2025 10:00 CST", "zh", "2025-03-05T02:00:00", 480, "minute", False),  # China Standard Time
    ("March 5, 2025 10:00 CST", "en", "2025-03-05T16:00:00", -360, "minute", False),  # US Central
    ("April 18, 2025 4:30 PM HKT", None, "2025-04-18T08:30:00", 480, "minute", False),
    ("2025年4月19日 20:15", "zh", "2025-04-19T12:15:00", 480, "minute", True),
    ("2025年4月19日 晚间", "zh", "2025-04-19T12:00:00", 480, "part_of_day", True),  # evening: 20:00 local
    ("2025年4月19日下午3点30分", "zh", "2025-04-19T07:30:00", 480, "minute", True),
    ("2025年3月18日 下午4時30分", "zh", "2025-03-18T08:30:00", 480, "minute", True),
    ("北京时间2025年4月19日 08:00", "en", "2025-04-19T00:00:00", 480, "minute", False),
    ("2025/04/10 14:35", "zh", "2025-04-10T06:35:00", 480, "minute", True),
    ("2021-01-25", "zh", "2021-01-24T16:00:00", 480, "day", True),  # local midnight, Beijing
    ("2023-04-14", "en", "2023-04-14T00:00:00", None, "day", False),
    ("2025-03-15 17:55:00", "en", "2025-03-15T17:55:00", None, "second", False),  # zone unknown
    ("19 avril 2025", None, "2025-04-19T00:00:00", None, "day", False),
    ("1574168580", None, "2019-11-19T13:03:00", 0, "second", False),
]


@pytest.mark.parametrize(
    ("value", "lang", "utc", "offset", "precision", "assumed"), CASES, ids=[c[0] for c in CASES]
)
def test_dates_are_read_to_utc_with_their_offset(
    value: str, lang: str | None, utc: str, offset: int | None, precision: str, assumed: bool
) -> None:
    parsed = parse_date(value, lang)
    assert parsed is not None
    assert parsed.utc == datetime.fromisoformat(utc).replace(tzinfo=UTC)
    assert (parsed.offset, parsed.precision, parsed.zone_assumed) == (offset, precision, assumed)


@pytest.mark.parametrize(
    "value",
    [
        "April 17",
        "not a date",
        "2025-02-30",
        "Febtember 45, 2024",
        "5 DAYS AGO",
        "2",
        "",
        "yesterday",
        "Q3 2024",
    ],
)
def test_incomplete_or_invalid_dates_are_never_guessed(value: str) -> None:
    assert parse_date(value) is None


def test_dateline_at_the_top_is_found_but_dates_inside_the_story_are_not() -> None:
    top = ["来源：证券时报 作者：张三 2025-04-15 20:31", "宁德时代发布一季报。"]
    found = find_date_in_text(top, "zh")
    assert found is not None and found.utc == datetime(2025, 4, 15, 12, 31, tzinfo=UTC)
    story = [
        "Nvidia opened its Beijing office long ago, and the company has grown since then in many ways.",
        "As early as June 21, 2005, the company opened a representative office in Beijing downtown.",
    ]
    assert find_date_in_text(story, "en") is None


@given(
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1)),
    st.integers(min_value=-12 * 60, max_value=14 * 60),
)
def test_iso_timestamps_round_trip(moment: datetime, offset: int) -> None:
    aware = moment.replace(microsecond=0, tzinfo=timezone(timedelta(minutes=offset)))
    parsed = parse_date(aware.isoformat())
    assert parsed is not None
    assert parsed.utc == aware
    assert parsed.offset == offset
