"""Check price claims against daily closes: consistent, inconsistent, or cannot check.

Which closes a claim compares:

* a day ("fell 7% on April 16"): that session's close against the session before it;
* a window ending at publication ("in the past three months"): the last close at or
  before publication (the market stage's reference session) against the last close at
  or before the same day N months earlier;
* a calendar year ("in 2024"): the last close of the year against the last of the year
  before; year-to-date: the reference close against the last close of last year;
* a limit move (涨停 / 跌停): the day's move against the board's limit (STAR and ChiNext
  20%, Beijing 30%, other A-shares 10%, risk-warned ST shares 5%).

The tolerance follows the wording, in percentage points around the claimed change:
an exact figure allows half its last stated digit (7% -> 0.5, 3.70% -> 0.005) plus a
slack for vendors' closes (0.1 points and 0.5% of the figure); "about" allows 10% of
the figure (at least one point); "nearly" accepts a move up to 15% (at least one point)
smaller than said and none larger (beyond the slack); "more than" accepts anything at
least as large; "up to" anything no larger. The sign must agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from tickerlens.errors import CalendarError, MarketDataError
from tickerlens.linking.model import CompanyLink, ListingRef
from tickerlens.market.bars import Bar, BarSeries, PriceQuery
from tickerlens.market.calendars import reference_session
from tickerlens.market.provider import PriceProvider
from tickerlens.signals.model import ClaimCheck, PriceClaim, Verdict

__all__ = ["accepted_range", "check_claim", "check_claims", "limit_pct"]

_SLACK_POINTS = 0.1
_SLACK_REL = 0.005
_LOOKBACK = timedelta(days=14)  # how far back to look for "the close before"


def accepted_range(claim: PriceClaim) -> tuple[float, float]:
    """The signed range of measured changes (in %) that bear the claim out."""
    c = claim.claimed_pct
    size = abs(c)
    rounding = 0.5 * 10 ** (-claim.decimals)
    slack = _SLACK_POINTS + _SLACK_REL * size
    qual = claim.qualifier or "exact"
    if qual == "about":
        lo, hi = size - max(1.0, 0.1 * size) - slack, size + max(1.0, 0.1 * size) + slack
    elif qual == "nearly":
        lo, hi = size - max(1.0, 0.15 * size) - slack, size + slack
    elif qual == "more than":
        lo, hi = size - slack, float("inf")
    elif qual in ("up to", "less than"):
        lo, hi = 0.0, size + rounding + slack
    else:
        lo, hi = size - rounding - slack, size + rounding + slack
    lo = max(lo, 0.0)
    return (lo, hi) if c >= 0 else (-hi, -lo)


def limit_pct(listing: ListingRef, st: bool = False) -> float | None:
    """Daily price limit of an A-share listing, in %; None where there is no limit."""
    if listing.mic not in ("XSHG", "XSHE", "BJSE"):
        return None
    if listing.mic == "BJSE":
        return 30.0
    if listing.symbol.startswith(("688", "689", "300", "301")):
        return 20.0
    return 5.0 if st else 10.0


def check_claims(
    claims: Sequence[PriceClaim],
    links: Sequence[CompanyLink],
    prices: PriceProvider | None,
    published: date | datetime | None,
) -> list[ClaimCheck]:
    by_id = {link.company_id: link for link in links}
    return [check_claim(c, by_id.get(c.company_id or ""), prices, published) for c in claims]


def check_claim(
    claim: PriceClaim,
    link: CompanyLink | None,
    prices: PriceProvider | None,
    published: date | datetime | None,
) -> ClaimCheck:
    listing = _listing(link)
    if listing is None:
        why = "no listed company named near the claim" if link is None else f"{link.name} has no listing"
        return ClaimCheck(claim, Verdict.CANNOT_CHECK, why)
    if prices is None:
        return ClaimCheck(
            claim, Verdict.CANNOT_CHECK, "no price source configured; pass --prices", symbol=listing.ticker
        )
    if claim.kind == "none" or published is None:
        return ClaimCheck(claim, Verdict.CANNOT_CHECK, claim.note or "no date", symbol=listing.ticker)
    try:
        base_day, end_day = _days(claim, listing, published)
        series = prices.fetch(PriceQuery(listing.ticker, base_day - _LOOKBACK, end_day))
    except (MarketDataError, CalendarError) as exc:
        return ClaimCheck(claim, Verdict.CANNOT_CHECK, str(exc), symbol=listing.ticker)
    return _judge(claim, listing, series, base_day, end_day, st="ST" in (link.name if link else ""))


def _listing(link: CompanyLink | None) -> ListingRef | None:
    if link is None or not link.listings:
        return None
    for listing in link.listings:  # a loop, not next() over a generator: once per claim
        if listing.primary:
            return listing
    return link.listings[0]


def _days(claim: PriceClaim, listing: ListingRef, published: date | datetime) -> tuple[date, date]:
    """(the day whose close is the base, the day whose close is the end), before sessions."""
    if claim.kind in ("day", "limit") and claim.day is not None:
        return claim.day - timedelta(days=1), claim.day
    if claim.kind == "limit":
        ref = reference_session(listing.mic, published)
        return ref - timedelta(days=1), ref
    assert claim.window is not None
    start, end = claim.window
    if claim.kind == "year":
        return start, end
    ref = reference_session(listing.mic, published)
    if claim.kind == "window":  # the same span, anchored at the last close before publication
        return ref - relativedelta(end, start), ref
    return start, ref  # ytd


def _last_on_or_before(bars: Sequence[Bar], day: date) -> Bar | None:
    found = None
    for bar in bars:
        if bar.day > day:
            break
        found = bar
    return found


def _judge(
    claim: PriceClaim, listing: ListingRef, series: BarSeries, base_day: date, end_day: date, st: bool = False
) -> ClaimCheck:
    bars = series.bars
    if claim.kind in ("day", "limit"):
        last = bars[-1] if bars and bars[-1].day == end_day else None
        if last is None:
            return ClaimCheck(
                claim,
                Verdict.CANNOT_CHECK,
                f"{listing.ticker} has no close on {end_day} (not a trading day, or no data)",
                symbol=listing.ticker,
            )
        base = bars[-2] if len(bars) > 1 else None
    else:
        last = _last_on_or_before(bars, end_day)
        base = _last_on_or_before(bars, base_day)
    if last is None or base is None or base.day >= last.day:
        return ClaimCheck(
            claim,
            Verdict.CANNOT_CHECK,
            f"{series.provider} has no close for {listing.ticker} on or before {base_day}",
            symbol=listing.ticker,
        )
    measured = 100.0 * (last.close / base.close - 1.0)
    lo, hi = _range(claim, listing, st)
    ok = lo <= measured <= hi
    reason = (
        f"{listing.ticker} {'rose' if measured >= 0 else 'fell'} {abs(measured):.2f}% from "
        f"{base.close:g} on {base.day} to {last.close:g} on {last.day} "
        f"({series.adjustment.label}, {series.provider}); claimed {claim.claimed_pct:+g}%"
        f"{'' if (claim.qualifier or 'exact') == 'exact' else ' (' + str(claim.qualifier) + ')'}"
    )
    return ClaimCheck(
        claim,
        Verdict.CONSISTENT if ok else Verdict.INCONSISTENT,
        reason,
        symbol=listing.ticker,
        measured_pct=measured,
        from_date=base.day,
        to_date=last.day,
        from_close=base.close,
        to_close=last.close,
        tolerance=(round(lo, 4), round(hi, 4)),
    )


def _range(claim: PriceClaim, listing: ListingRef, st: bool) -> tuple[float, float]:
    if claim.kind != "limit":
        return accepted_range(claim)
    limit = limit_pct(listing, st) or 10.0
    # a limit close is rounded to the tick, so the move lands a little either side of it
    return (limit - 0.3, limit + 0.1) if claim.claimed_pct > 0 else (-limit - 0.1, -limit + 0.3)
