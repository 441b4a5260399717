"""Do a story's numbers hold together? Three checks a careful reader makes.

* **Bracket conversions**: "$5.5 billion (about 40 billion yuan)" restates an amount in
  another currency; at the day's rate it should match within 10% (25% with the bundled
  annual averages, and 5 more points when the writer hedged). A bracket in the *same*
  currency that differs ("$500 billion (more than $3.6 trillion)") is wrong on its face;
  we then say which currency it would fit ("a CNY figure written with a $ sign").
* **Missing scale**: a company-sized metric (revenue, profit, market value, a charge)
  stated as a bare amount under 10,000 ("revenue was only more than $170") has lost its
  "billion" or "million".
* **Market-value move**: a market value that fell by X while the price fell p% implies a
  value of X / p before the fall. More than the largest company has ever been worth
  (``MAX_MARKET_CAP_USD``) cannot be right; we then try the article's other currencies.
  The move comes from the checked claim in the sentence (measured change preferred) or a
  price percentage in the same sentence.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from tickerlens.signals.fx import FxProvider, FxRate, convert_rate
from tickerlens.signals.model import ClaimCheck, ConsistencyCheck, Fact, Verdict

__all__ = ["MAX_MARKET_CAP_USD", "check_facts"]

# No listed company had reached $6 trillion by the end of 2025 (the record was about $5
# trillion); raise it as markets grow.
MAX_MARKET_CAP_USD = 6e12
_BARE_LIMIT = 10_000.0
_COMPANY_METRICS = frozenset(
    {
        "revenue",
        "net_profit",
        "net_loss",
        "operating_profit",
        "market_value",
        "charge",
        "rd",
        "inventory",
        "investment",
        "advance_payment",
        "orders",
    }
)
_CANDIDATES = ("CNY", "HKD", "TWD", "JPY", "EUR", "GBP", "INR", "KRW", "USD")


def check_facts(
    facts: Sequence[Fact], day: date | None, fx: FxProvider | None, claims: Sequence[ClaimCheck] = ()
) -> list[Fact]:
    """``facts`` with the result of every check that applies attached to ``checks``."""
    out = list(facts)
    amounts = [i for i, f in enumerate(facts) if f.kind == "amount"]  # every check is of one
    if not amounts:
        return out
    # the article's own currencies, most used first: the likeliest one a slip came from
    used = [code for code, _ in Counter(f.currency for f in facts if f.currency).most_common()]
    # only a market-value change can imply a value (``_implied_value`` says None for the
    # rest without reading anything else), and most stories have none
    implied = {
        i: _implied_value(facts[i], facts, claims, day, fx)
        for i in amounts
        if facts[i].metric == "market_value"
    }
    # the plausible implied values, in order (few facts have one: scanning them all for
    # every fact made the checks quadratic in the article's numbers)
    plausible = [(j, v) for j, v in implied.items() if v is not None and v[0] <= MAX_MARKET_CAP_USD]
    for i in amounts:
        fact = out[i]
        found: list[ConsistencyCheck] = []
        if fact.bracket_of is not None:
            found.extend(_bracket(out[fact.bracket_of], fact, day, fx, used))
        found.extend(_missing_scale(fact))
        value = implied.get(i)
        if value is not None:
            references = [v[0] for j, v in plausible if j != i and facts[j].company_id == fact.company_id]
            found.extend(_market_value(fact, value, references, day, fx, used))
        if found:
            out[i] = replace(fact, checks=fact.checks + tuple(found))
    return out


def _rate(fx: FxProvider | None, base: str, quote: str, day: date | None) -> FxRate | None:
    if fx is None or day is None:
        return None
    return convert_rate(fx, base, quote, day)


def _describe(rate: FxRate) -> str:
    kind = "annual average" if rate.approximate else f"{rate.source}, {rate.day}"
    return f"{rate.base}/{rate.quote} {rate.rate:.4g} ({kind})"


def _bracket(
    main: Fact, inner: Fact, day: date | None, fx: FxProvider | None, used: Sequence[str]
) -> list[ConsistencyCheck]:
    if main.currency is None or inner.currency is None or main.value == 0:
        return []
    if main.currency == inner.currency:
        ratio = inner.value / main.value
        if 0.8 <= ratio <= 1.25:
            return []
        reason = (
            f"{inner.text} in brackets restates {main.text} in the same currency but is {ratio:.3g} times it"
        )
        guess = _fits_currency(main, inner.value, day, fx, used)
        if guess:
            reason += (
                f"; it matches {main.text} converted to {guess}: a {guess} figure written as {inner.currency}"
            )
        return [ConsistencyCheck("bracket_conversion", Verdict.INCONSISTENT, reason, main.value, inner.value)]
    rate = _rate(fx, main.currency, inner.currency, day)
    if rate is None:
        return [
            ConsistencyCheck(
                "bracket_conversion",
                Verdict.CANNOT_CHECK,
                f"no {main.currency}/{inner.currency} rate for {day}",
            )
        ]
    expected = main.value * rate.rate
    tol = (0.25 if rate.approximate else 0.10) + (0.05 if inner.qualifier or main.qualifier else 0.0)
    ratio = inner.value / expected
    verdict = Verdict.CONSISTENT if abs(ratio - 1) <= tol else Verdict.INCONSISTENT
    reason = (
        f"{main.text} is {_fmt(expected)} {inner.currency} at {_describe(rate)}; the bracket says "
        f"{inner.text} ({ratio:.3g} times that)"
    )
    return [ConsistencyCheck("bracket_conversion", verdict, reason, expected, inner.value)]


def _fits_currency(
    main: Fact, value: float, day: date | None, fx: FxProvider | None, used: Sequence[str]
) -> str | None:
    for code in dict.fromkeys([*used, *_CANDIDATES]):
        if code == main.currency or main.currency is None:
            continue
        rate = _rate(fx, main.currency, code, day)
        if rate is not None and abs(value / (main.value * rate.rate) - 1) <= (
            0.25 if rate.approximate else 0.12
        ):
            return code
    return None


def _missing_scale(fact: Fact) -> list[ConsistencyCheck]:
    if fact.kind != "amount" or fact.scale or fact.currency is None or fact.metric not in _COMPANY_METRICS:
        return []
    if fact.value >= _BARE_LIMIT:
        return []
    reason = (
        f"{fact.text} as {fact.metric.replace('_', ' ')} of a listed company has no scale; "
        "a 'million' or 'billion' is probably missing"
    )
    return [ConsistencyCheck("missing_scale", Verdict.INCONSISTENT, reason, None, fact.value)]


def _implied_value(
    fact: Fact, facts: Sequence[Fact], claims: Sequence[ClaimCheck], day: date | None, fx: FxProvider | None
) -> tuple[float, float, str] | None:
    """(value in USD before the move, the move in %, where the move came from) for a
    market-value change with a price move in its sentence."""
    if fact.kind != "amount" or fact.metric != "market_value" or fact.direction == 0 or fact.currency is None:
        return None
    if fact.bracket_of is not None:
        return None
    move = _move_in_sentence(fact, facts, claims)
    to_usd = _rate(fx, fact.currency, "USD", day)
    if move is None or move[0] == 0 or to_usd is None:
        return None
    return fact.value * to_usd.rate / (abs(move[0]) / 100.0), move[0], move[1]


def _market_value(
    fact: Fact,
    implied: tuple[float, float, str] | None,
    references: Sequence[float],
    day: date | None,
    fx: FxProvider | None,
    used: Sequence[str],
) -> list[ConsistencyCheck]:
    if implied is None:
        return []
    value, pct, source = implied
    if value <= MAX_MARKET_CAP_USD:
        reason = (
            f"a {abs(pct):.3g}% move ({source}) that changed the market value by {fact.text} implies "
            f"a value of about ${_fmt(value)} before it"
        )
        return [ConsistencyCheck("market_value_move", Verdict.CONSISTENT, reason, None, value)]
    reason = (
        f"a {abs(pct):.3g}% move ({source}) that changed the market value by {fact.text} implies a value "
        f"of ${_fmt(value)} before it, more than any listed company has been worth"
    )
    guess = _likeliest_currency(fact, pct, references, day, fx, used)
    if guess is not None:
        reason += (
            f"; read as {guess[0]} it implies ${_fmt(guess[1])}: probably a {guess[0]} figure "
            f"written as {fact.currency}"
        )
    return [ConsistencyCheck("market_value_move", Verdict.INCONSISTENT, reason, MAX_MARKET_CAP_USD, value)]


def _likeliest_currency(
    fact: Fact,
    pct: float,
    references: Sequence[float],
    day: date | None,
    fx: FxProvider | None,
    used: Sequence[str],
) -> tuple[str, float] | None:
    """The currency that makes the implied value plausible: among those within a factor
    1.5 of what the article's other moves imply for the company (else the nearest), the
    one the article uses most; with nothing to compare, the article's most used one."""
    options = []
    for code in dict.fromkeys([*used, *_CANDIDATES]):
        rate = _rate(fx, code, "USD", day)
        if code != fact.currency and rate is not None:
            alt = fact.value * rate.rate / (abs(pct) / 100.0)
            if alt <= MAX_MARKET_CAP_USD:
                options.append((code, alt))
    if not options:
        return None
    if references:
        ref = sorted(references)[len(references) // 2]
        near = [o for o in options if abs(math.log(o[1] / ref)) <= math.log(1.5)]
        return near[0] if near else min(options, key=lambda o: abs(math.log(o[1] / ref)))
    return options[0]


def _move_in_sentence(
    fact: Fact, facts: Sequence[Fact], claims: Sequence[ClaimCheck]
) -> tuple[float, str] | None:
    for check in claims:
        if check.claim.sentence == fact.sentence and check.claim.company_id in (fact.company_id, None):
            if check.measured_pct is not None:
                return check.measured_pct, f"measured {check.from_date} to {check.to_date}"
            return check.claim.claimed_pct, "as claimed"
    for other in facts:
        if (
            other.sentence == fact.sentence
            and other.kind == "percent"
            and other.metric in ("price", "market_value")
        ):
            return other.value, "as stated"
    return None


def _fmt(value: float) -> str:
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale:
            return f"{value / scale:.3g} {word}"
    return f"{value:,.0f}"
