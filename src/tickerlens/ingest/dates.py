"""Publication dates from what sources write: ISO 8601, RFC 822, free text, Chinese forms.

The publication time decides the inclusion date of every stock a story names, so this
module never invents: a string without a four-digit year, day and month is no date; a
time written without a zone is kept in the zone a reader would assume (Beijing time for
Chinese text, otherwise UTC with the offset recorded as unknown), and ``precision`` says
how much the source actually stated. Ambiguous zone abbreviations are decided by
language: "CST" in a Chinese story is China Standard Time, in an English one US Central.
"""

from __future__ import annotations

import email.utils
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import dateparser

__all__ = ["ParsedDate", "find_date_in_text", "parse_date"]

BEIJING = 480  # minutes east of UTC


@dataclass(frozen=True, slots=True)
class ParsedDate:
    utc: datetime  # tz-aware, UTC
    offset: int | None  # minutes east of UTC as written (or assumed, see ``zone_assumed``)
    precision: str  # "second", "minute", "part_of_day", "day"
    zone_assumed: bool = False  # no zone was written; ``offset`` is the reader's assumption


# Fixed offsets in minutes; names that need the calendar (daylight saving) map to a zone.
_FIXED: dict[str, int] = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "UT": 0,
    "EST": -300,
    "EDT": -240,
    "CDT": -300,
    "MST": -420,
    "MDT": -360,
    "PST": -480,
    "PDT": -420,
    "HKT": 480,
    "SGT": 480,
    "BJT": 480,
    "CCT": 480,
    "AWST": 480,
    "JST": 540,
    "KST": 540,
    "IST": 330,
    "BST": 60,
    "CET": 60,
    "CEST": 120,
    "EET": 120,
    "EEST": 180,
    "WET": 0,
    "WEST": 60,
    "AEST": 600,
    "AEDT": 660,
    "MSK": 180,
}
_ZONED: dict[str, str] = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "PT": "America/Los_Angeles",
    "MT": "America/Denver",
}
_TZ_WORD = re.compile(
    r"(?<![A-Za-z])(" + "|".join(sorted([*_FIXED, *_ZONED, "CST"], key=len, reverse=True)) + r")(?![A-Za-z])"
)
_BEIJING_WORDS = re.compile(r"北京时间|北京時間|Beijing time|China Standard Time|香港時間|台北時間")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)")
_TIME = re.compile(
    r"(?<!\d)\d{1,2}[:：]\d{2}(?:[:：](\d{2}))?|\d{1,2}\s*(?:[ap]\.?m\.?)(?![a-z])", re.IGNORECASE
)
_CN_DATE = re.compile(
    r"(?P<y>\d{4})\s*[年/.\-]\s*(?P<m>\d{1,2})\s*[月/.\-]\s*(?P<d>\d{1,2})\s*[日号]?"
    r"\s*(?:星期.|周.)?\s*(?P<part>凌晨|早间|早上|早盘|上午|中午|午间|下午|午后|盘后|傍晚|晚间|晚上|夜间|深夜)?"
    r"\s*(?:(?P<h>\d{1,2})\s*(?:[:：时時点點])\s*(?:(?P<mi>\d{1,2})\s*(?:分)?)?(?:[:：](?P<s>\d{2}))?)?"
)
# A representative hour for a part of the day a Chinese story names without a clock time.
_PART_HOUR = {
    "凌晨": 3,
    "早间": 8,
    "早上": 8,
    "早盘": 9,
    "上午": 10,
    "中午": 12,
    "午间": 12,
    "下午": 14,
    "午后": 14,
    "盘后": 16,
    "傍晚": 18,
    "晚间": 20,
    "晚上": 20,
    "夜间": 21,
    "深夜": 23,
}
_AFTERNOON = {"下午", "午后", "盘后", "傍晚", "晚间", "晚上", "夜间", "深夜"}
_DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PARSERS": ["custom-formats", "absolute-time"],
    "PREFER_DAY_OF_MONTH": "first",
}


def _normalise(value: str) -> str:
    text = unicodedata.normalize("NFKC", value).strip()
    text = re.sub(r"\s*[—–|·•]\s*", " ", text)
    text = re.sub(r"\b([ap])\.m\.", r"\1m", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text)


def _zone_offset(name: str, naive: datetime, lang: str | None) -> int:
    if name == "CST":
        return BEIJING if lang == "zh" else -360
    if name in _ZONED:
        delta = ZoneInfo(_ZONED[name]).utcoffset(naive)
        return int(delta.total_seconds() // 60) if delta is not None else 0
    return _FIXED[name]


def _finish(
    naive_or_aware: datetime, precision: str, zone: str | None, lang: str | None
) -> ParsedDate | None:
    if not 1900 <= naive_or_aware.year <= 2100:
        return None
    moment = naive_or_aware
    if moment.tzinfo is not None:
        delta = moment.utcoffset() or timedelta(0)
        return ParsedDate(moment.astimezone(UTC), int(delta.total_seconds() // 60), precision)
    assumed = zone is None
    if zone is not None:
        offset: int | None = _zone_offset(zone, moment, lang)
    elif lang == "zh":
        offset = BEIJING
    else:
        offset = None
    tz = timezone(timedelta(minutes=offset or 0))
    return ParsedDate(
        moment.replace(tzinfo=tz).astimezone(UTC), offset, precision, assumed and offset is not None
    )


def _precision_of(text: str) -> str:
    match = _TIME.search(text)
    if match is None:
        return "day"
    return "second" if match.group(1) else "minute"


def _parse_chinese(text: str, lang: str | None) -> ParsedDate | None:
    match = _CN_DATE.search(text)
    if match is None or ("年" not in match.group(0) and match.group("part") is None):
        return None
    try:
        day = datetime(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
    part, hour = match["part"], match["h"]
    if hour is not None:
        h = int(hour) + (12 if part in _AFTERNOON and int(hour) < 12 else 0)
        if h > 23 or int(match["mi"] or 0) > 59:
            return None
        moment = day.replace(hour=h, minute=int(match["mi"] or 0), second=int(match["s"] or 0))
        precision = "second" if match["s"] else "minute"
    elif part is not None:
        moment, precision = day.replace(hour=_PART_HOUR[part]), "part_of_day"
    else:
        moment, precision = day, "day"
    zone = "BJT" if _BEIJING_WORDS.search(text) else None
    return _finish(moment, precision, zone, "zh")


def _parse_iso(text: str, lang: str | None) -> ParsedDate | None:
    if _ISO.fullmatch(text) is None:
        return None
    try:
        moment = datetime.fromisoformat(text.replace(" Z", "Z").replace(",", "."))
    except ValueError:
        return None
    return _finish(moment, _precision_of(text), None, lang)


def _parse_rfc822(text: str, lang: str | None) -> ParsedDate | None:
    if not re.match(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d", text):
        return None
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    zone_written = re.search(r"[+-]\d{4}\s*$|[A-Z]{1,4}\s*$", text) is not None
    if not zone_written:
        moment = moment.replace(tzinfo=None)
    return _finish(moment, _precision_of(text), None, lang)


def _parse_free(text: str, lang: str | None) -> ParsedDate | None:
    if _YEAR.search(text) is None:
        return None
    zone_match = _TZ_WORD.search(text)
    zone = zone_match.group(1) if zone_match else None
    bare = _TZ_WORD.sub(" ", text).strip() if zone else text
    moment = None
    for languages in (["zh", "en"] if lang == "zh" else ["en"], None):
        moment = dateparser.parse(bare, languages=languages, settings=_DATEPARSER_SETTINGS)
        if moment is not None:
            break
    if moment is None:
        return None
    if moment.tzinfo is not None:
        zone = None
    return _finish(moment, _precision_of(bare), zone, lang)


@lru_cache(maxsize=65536)
def parse_date(value: str, lang: str | None = None) -> ParsedDate | None:
    """Read one date string; None when it is not a complete date (never guessed)."""
    text = _normalise(value)
    if not text or len(text) > 200:
        return None
    if re.fullmatch(r"\d{9,13}(?:\.\d+)?", text):
        seconds = float(text) / (1000 if len(text.split(".")[0]) == 13 else 1)
        return _finish(datetime.fromtimestamp(seconds, UTC), "second", None, lang)
    for reader in (_parse_iso, _parse_chinese, _parse_rfc822, _parse_free):
        parsed = reader(text, lang)
        if parsed is not None:
            return parsed
    return None


_DATELINE = re.compile(
    r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[^\n]{0,20}"
    r"|\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|\d{4}/\d{1,2}/\d{1,2}(?: \d{1,2}:\d{2}(?::\d{2})?)?"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}"
    r"(?:,? (?:at )?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?: [A-Z]{2,4})?)?"
)
_DATELINE_CONTEXT = re.compile(
    r"^(?:published|posted|updated|发布时间|发布于|时间|發佈時間|發布時間|日期|来源|來源|作者|记者|記者|by\b)",
    re.IGNORECASE,
)


def find_date_in_text(lines: list[str], lang: str | None = None) -> ParsedDate | None:
    """A dateline near the top of a story: a short line that is mostly a date.

    Only the first few lines are read, and only short ones, because dates inside the
    story ("as early as June 21, 2005") are events, not the publication time.
    """
    for line in lines[:6]:
        stripped = line.strip()
        match = _DATELINE.search(stripped)
        if match is None:
            continue
        rest = len(stripped) - len(match.group(0))
        if (
            rest > 40
            and _DATELINE_CONTEXT.match(stripped) is None
            and not stripped.startswith(match.group(0))
        ):
            continue
        if len(stripped) > 120:
            continue
        parsed = parse_date(match.group(0), lang)
        if parsed is not None:
            return parsed
    return None
