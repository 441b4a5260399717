"""Exchange trading sessions by MIC, and the rule that picks a story's reference close.

The reference close of a listing for a story is **the close of the last session that
ended at or before publication, in the exchange's own time zone**:

- a publication time (tz-aware; naive times are read as UTC, as ``Article`` stores
  them) is compared with each session's close instant, so a story out at 15:00 New
  York time on a trading day refers to the previous day's close, and one out at 16:30
  to that day's close (early closes are the calendar's);
- a publication date without a time counts as the **end of that day in the exchange's
  zone**: the reference is that day's session if it is one, otherwise the last session
  before it. Published Saturday 2025-04-19, Good Friday shut New York and Hong Kong but
  not Shanghai or Taipei, so NVDA and 0700.HK refer to 17 April and 688256.SS and
  2330.TW to 18 April.

Event day 0 is the first session after the reference session: the first close that could
reflect the story. Sessions come from ``exchange_calendars``; venues it does not have
use the calendar of the venue that sets their holidays (Shenzhen and Beijing follow
Shanghai, the NSE and BSE share holidays, TPEx follows TWSE, US venues follow NYSE).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

import exchange_calendars as xcals
import pandas as pd
from exchange_calendars.errors import InvalidCalendarName

from tickerlens.errors import CalendarError

__all__ = [
    "CALENDAR_OF",
    "Sessions",
    "calendar_mic",
    "end_of_day",
    "inclusion_day",
    "next_session",
    "reference_session",
    "session_offset",
    "sessions_between",
    "sessions_for",
]

# Venues without their own exchange_calendars calendar -> the one whose holidays they keep.
CALENDAR_OF: dict[str, str] = {
    "XNAS": "XNYS",
    "ARCX": "XNYS",
    "BATS": "XNYS",
    "XASE": "XNYS",
    "OTCM": "XNYS",
    "US": "XNYS",
    "XSHE": "XSHG",
    "BJSE": "XSHG",
    "XNSE": "XBOM",
    "ROCO": "XTAI",
    "XKOS": "XKRX",
    "XTSX": "XTSE",
}
_FIRST_YEAR = 1995
_PANDAS_DEPRECATION: type[Warning] = getattr(
    pd.errors, "Pandas4Warning", DeprecationWarning
)  # history older than this is rare in news work; asking for it raises


def calendar_mic(mic: str) -> str:
    return CALENDAR_OF.get(mic.upper(), mic.upper())


@dataclass(frozen=True, slots=True)
class Sessions:
    """The sessions of one calendar: days (exchange-local dates) and close instants (UTC)."""

    mic: str
    tz: str
    days: pd.DatetimeIndex  # naive dates, ascending
    closes: pd.DatetimeIndex  # tz-aware UTC, same order

    @property
    def first(self) -> date:
        return self.days[0].date()

    @property
    def last(self) -> date:
        return self.days[-1].date()


@lru_cache(maxsize=64)
def sessions_for(mic: str) -> Sessions:
    """All sessions of ``mic``'s calendar from 1995 to the calendar's end. Raises CalendarError."""
    name = calendar_mic(mic)
    try:
        with warnings.catch_warnings():
            # exchange_calendars 4.x still uses pandas APIs that pandas 3 deprecates
            # (Series.values on tz-aware data, DatetimeIndex.weekday); the results are
            # right today, so these warnings are the dependency's to fix, not ours.
            warnings.simplefilter("ignore", _PANDAS_DEPRECATION)
            cal = _calendar(name)
            schedule = cal.schedule
    except InvalidCalendarName as exc:
        raise CalendarError(
            mic,
            "no trading calendar for this exchange; give a listing on one of "
            f"{', '.join(sorted(xcals.get_calendar_names(include_aliases=False))[:12])}...",
        ) from exc
    return Sessions(
        mic=name,
        tz=str(cal.tz),
        days=pd.DatetimeIndex(schedule.index),
        closes=pd.DatetimeIndex(schedule["close"]).tz_convert("UTC"),
    )


def _calendar(name: str) -> xcals.ExchangeCalendar:
    """The calendar from 1995, or from as far back as its holidays are recorded."""
    try:
        return xcals.get_calendar(name, start=f"{_FIRST_YEAR}-01-01")
    except ValueError:  # e.g. "XBOM holidays are only recorded back to the year 1997"
        return xcals.get_calendar(name)


def _as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def reference_session(mic: str, published: datetime | date) -> date:
    """The last session of ``mic`` whose close is at or before ``published`` (see module
    docstring for dates without a time). Raises CalendarError outside the calendar."""
    sessions = sessions_for(mic)
    if isinstance(published, datetime):
        instant = pd.Timestamp(_as_utc(published))
        pos = int(sessions.closes.searchsorted(instant, side="right")) - 1
        shown = published.isoformat()
    else:
        pos = int(sessions.days.searchsorted(pd.Timestamp(published), side="right")) - 1
        shown = published.isoformat()
    if pos < 0:
        raise CalendarError(mic, f"{shown} is before its first session {sessions.first}")
    if pos == len(sessions.days) - 1 and _after_calendar(sessions, published):
        raise CalendarError(
            mic, f"{shown} is after its last known session {sessions.last}; upgrade exchange-calendars"
        )
    return sessions.days[pos].date()


def _after_calendar(sessions: Sessions, published: datetime | date) -> bool:
    day = published.date() if isinstance(published, datetime) else published
    return day > sessions.last + timedelta(days=7)


def next_session(mic: str, day: date) -> date | None:
    """The first session after ``day`` (event day 0 when ``day`` is the reference)."""
    sessions = sessions_for(mic)
    pos = int(sessions.days.searchsorted(pd.Timestamp(day), side="right"))
    return sessions.days[pos].date() if pos < len(sessions.days) else None


def sessions_between(mic: str, start: date, end: date) -> list[date]:
    sessions = sessions_for(mic)
    lo = sessions.days.searchsorted(pd.Timestamp(start), side="left")
    hi = sessions.days.searchsorted(pd.Timestamp(end), side="right")
    return [d.date() for d in sessions.days[lo:hi]]


def session_offset(mic: str, day: date, offset: int) -> date:
    """The session ``offset`` sessions from the last session at or before ``day``,
    clamped to the calendar's range (used to size download windows, not to decide)."""
    sessions = sessions_for(mic)
    pos = int(sessions.days.searchsorted(pd.Timestamp(day), side="right")) - 1
    pos = min(max(pos + offset, 0), len(sessions.days) - 1)
    return sessions.days[pos].date()


def inclusion_day(mic: str, published: datetime | date) -> date:
    """The publication's date as the exchange sees it: the date itself for a date, the
    local date in the exchange's zone for a time."""
    if not isinstance(published, datetime):
        return published
    tz = sessions_for(mic).tz
    return pd.Timestamp(_as_utc(published)).tz_convert(tz).date()


def end_of_day(mic: str, day: date) -> datetime:
    """Midnight after ``day`` in the exchange's zone, as a UTC instant."""
    tz = sessions_for(mic).tz
    local = pd.Timestamp(datetime.combine(day + timedelta(days=1), time())).tz_localize(tz)
    return local.tz_convert("UTC").to_pydatetime()
