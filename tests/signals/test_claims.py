from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tickerlens.linking.model import CompanyLink, ListingRef, Mention, Role
from tickerlens.market.bars import Adjustment
from tickerlens.market.providers.memory import MemoryProvider
from tickerlens.signals.claim_check import accepted_range, check_claim, check_claims, limit_pct
from tickerlens.signals.claims import find_claims
from tickerlens.signals.model import PriceClaim, Verdict

PUBLISHED = date(2025, 4, 19)  # a Saturday; Good Friday 2025-04-18 shut New York


def _link(cid: str, text: str, name: str, ticker: str = "ACME", mic: str = "XNAS") -> CompanyLink:
    mentions = []
    start = text.find(name)
    while start >= 0:
        mentions.append(Mention(name, start, start + len(name), 0))
        start = text.find(name, start + 1)
    listing = ListingRef(mic, ticker.split(".")[0], ticker, primary=True)
    return CompanyLink(cid, name, "listed", [listing], mentions, 1.0, 1.0, Role.PRIMARY)


@pytest.mark.parametrize(
    ("text", "pct", "qualifier", "kind", "when"),
    [
        ("Acme's stock price fell nearly 7% on April 16.", -7.0, "nearly", "day", date(2025, 4, 16)),
        (
            "On April 20 last year... no: Acme shares rose 2% on Dec. 3.",
            2.0,
            "exact",
            "day",
            date(2024, 12, 3),
        ),
        (
            "In the past three months, Acme's stock price has fallen by 1/4 (26%).",
            -26.0,
            "exact",
            "window",
            (date(2025, 1, 19), PUBLISHED),
        ),
        (
            "In 2024, Acme's stock price will rise by 404.67%.",
            404.67,
            "exact",
            "year",
            (date(2023, 12, 31), date(2024, 12, 31)),
        ),
        (
            "In 2025, the Acme stock price is up 3.70% year-to-date.",
            3.70,
            "exact",
            "ytd",
            (date(2024, 12, 31), PUBLISHED),
        ),
        ("Acme shares dropped about 5% on Monday.", -5.0, "about", "day", date(2025, 4, 14)),
        (
            "Acme shares have lost more than a third over the past year.",
            -100 / 3,
            "more than",
            "window",
            (date(2024, 4, 19), PUBLISHED),
        ),
        ("Acme shares jumped 12% yesterday.", 12.0, "exact", "day", date(2025, 4, 18)),
        ("Acme shares rose 3% in the quarter.", 3.0, "exact", "none", None),
    ],
    ids=[
        "nearly-day",
        "month-abbrev-last-year",
        "fraction-window",
        "calendar-year",
        "ytd",
        "weekday",
        "fraction-words",
        "yesterday",
        "undated",
    ],
)
def test_english_claims(text: str, pct: float, qualifier: str, kind: str, when: object) -> None:
    (claim,) = find_claims(text, [_link("acme", text, "Acme")], PUBLISHED)
    assert claim.claimed_pct == pytest.approx(pct)
    assert claim.qualifier == qualifier and claim.kind == kind and claim.company_id == "acme"
    assert (claim.day if kind == "day" else claim.window) == (when if kind != "none" else None)


@pytest.mark.parametrize(
    "text",
    [
        "Acme's revenue rose 41% in the first quarter.",
        "Acme's net profit fell 12% on Tuesday.",
        "Inflation rose 3% last year.",
        "Acme shares rose on Tuesday.",
    ],
)
def test_not_price_claims(text: str) -> None:
    assert find_claims(text, [_link("acme", text, "Acme")], PUBLISHED) == []


def test_chinese_claims() -> None:
    text = "昨日宁德时代股价大涨5.2%，比亚迪涨超5%；寒武纪涨停。过去三个月，腾讯股价下跌12%。"
    links = [
        _link(c, text, n)
        for c, n in (("catl", "宁德时代"), ("byd", "比亚迪"), ("cam", "寒武纪"), ("tencent", "腾讯"))
    ]
    got = [(c.company_id, c.claimed_pct, c.qualifier, c.kind) for c in find_claims(text, links, PUBLISHED)]
    assert got == [
        ("catl", 5.2, "exact", "day"),
        ("byd", 5.0, "more than", "day"),
        ("cam", 10.0, "limit", "limit"),
        ("tencent", -12.0, "exact", "window"),
    ]


@pytest.mark.parametrize(
    ("pct", "qualifier", "decimals", "inside", "outside"),
    [
        (-7.0, "nearly", 0, [-6.87, -6.0, -7.05], [-5.5, -7.4, 6.87]),
        (-26.0, "exact", 0, [-25.75, -26.3], [-24.9, -27.2]),
        (3.70, "exact", 2, [3.70, 3.71], [3.5, 1.75]),
        (5.0, "about", 0, [4.2, 5.9], [3.8, 6.3]),
        (5.0, "more than", 0, [5.1, 40.0], [4.4, -6.0]),
        (-30.0, "up to", 0, [-10.0, -30.1], [-31.0, 2.0]),
    ],
)
def test_tolerance_follows_the_wording(
    pct: float, qualifier: str, decimals: int, inside: list[float], outside: list[float]
) -> None:
    claim = PriceClaim("x", 0, 1, pct, qualifier, "day", decimals=decimals)
    lo, hi = accepted_range(claim)
    assert all(lo <= v <= hi for v in inside), (lo, hi)
    assert not any(lo <= v <= hi for v in outside), (lo, hi)


def test_limit_by_board() -> None:
    assert limit_pct(ListingRef("XSHG", "688256", "688256.SS")) == 20.0
    assert limit_pct(ListingRef("XSHE", "300750", "300750.SZ")) == 20.0
    assert limit_pct(ListingRef("XSHE", "002594", "002594.SZ")) == 10.0
    assert limit_pct(ListingRef("XSHG", "600000", "600000.SS"), st=True) == 5.0
    assert limit_pct(ListingRef("BJSE", "830799", "830799.BJ")) == 30.0
    assert limit_pct(ListingRef("XNAS", "NVDA", "NVDA")) is None


def _memory(closes: dict[date, float], symbol: str = "ACME") -> MemoryProvider:
    provider = MemoryProvider()
    provider.add_closes(symbol, Adjustment.SPLIT, closes)
    return provider


def _weekdays(start: date, end: date, first: float, step: float) -> dict[date, float]:
    out, day, price = {}, start, first
    while day <= end:
        if day.weekday() < 5 and day != date(2025, 4, 18):  # Good Friday
            out[day] = round(price, 4)
            price *= step
        day += timedelta(days=1)
    return out


def test_checks_against_closes() -> None:
    closes = {
        date(2025, 4, 14): 110.0,
        date(2025, 4, 15): 112.2,
        date(2025, 4, 16): 104.49,
        date(2025, 4, 17): 101.49,
    }
    text = "Acme's stock price fell nearly 7% on April 16. Acme shares jumped 12% on April 17."
    link = _link("acme", text, "Acme")
    checks = check_claims(find_claims(text, [link], PUBLISHED), [link], _memory(closes), PUBLISHED)
    assert [c.verdict for c in checks] == [Verdict.CONSISTENT, Verdict.INCONSISTENT]
    first = checks[0]
    assert first.measured_pct == pytest.approx(100 * (104.49 / 112.2 - 1))
    assert (first.from_date, first.to_date) == (date(2025, 4, 15), date(2025, 4, 16))
    assert "split-adjusted" in first.reason and first.to_dict()["verdict"] == "consistent"


def test_window_ends_at_the_last_close_before_publication() -> None:
    closes = _weekdays(date(2025, 1, 2), date(2025, 4, 17), 100.0, 0.997)
    text = "In the past three months, Acme's stock price has fallen by about 18%."
    link = _link("acme", text, "Acme")
    (check,) = check_claims(find_claims(text, [link], PUBLISHED), [link], _memory(closes), PUBLISHED)
    assert check.to_date == date(2025, 4, 17)  # Good Friday and the weekend have no close
    assert check.from_date == date(2025, 1, 17)
    expected = 100 * (closes[date(2025, 4, 17)] / closes[date(2025, 1, 17)] - 1)
    assert check.measured_pct == pytest.approx(expected)
    assert check.verdict is Verdict.CONSISTENT


@pytest.mark.parametrize(
    ("text", "link_listed", "prices", "why"),
    [
        ("Acme shares fell 7% on April 18.", True, True, "no close on 2025-04-18"),
        ("Acme shares fell 7% in the quarter.", True, True, "does not say when"),
        ("Acme shares fell 7% on April 16.", False, True, "has no listing"),
        ("Acme shares fell 7% on April 16.", True, False, "no price source"),
        ("Shares fell 7% on April 16.", True, True, "no listed company"),
    ],
    ids=["holiday", "undated", "unlisted", "no-prices", "no-company"],
)
def test_cannot_check_says_why(text: str, link_listed: bool, prices: bool, why: str) -> None:
    link = _link("acme", text, "Acme")
    if not link_listed:
        link.listings.clear()
    provider = _memory({date(2025, 4, 15): 10.0, date(2025, 4, 16): 9.3, date(2025, 4, 17): 9.0})
    (claim,) = find_claims(text, [link], PUBLISHED)
    check = check_claim(claim, link if claim.company_id else None, provider if prices else None, PUBLISHED)
    assert check.verdict is Verdict.CANNOT_CHECK and why in check.reason


def test_unknown_symbol_cannot_check() -> None:
    text = "Acme shares fell 7% on April 16."
    link = _link("acme", text, "Acme", ticker="OTHER")
    (check,) = check_claims(find_claims(text, [link], PUBLISHED), [link], _memory({}), PUBLISHED)
    assert check.verdict is Verdict.CANNOT_CHECK and "OTHER" in check.reason


@pytest.mark.shared
def test_seed_claims_on_real_prices(shared_dir: Path) -> None:
    """The seed's Nvidia claims against the recorded 2025 closes (gold.json lists them)."""
    import json

    from tickerlens.market.providers.local import LocalFileProvider

    seed = shared_dir / "examples/seed"
    text = (seed / "article.txt").read_text(encoding="utf-8")
    gold = json.loads((seed / "gold.json").read_text(encoding="utf-8"))
    published = date.fromisoformat(gold["published"])
    links = [
        _link("nvidia", text, "Nvidia", "NVDA"),
        _link("cambricon", text, "Cambrian", "688256.SS", "XSHG"),
    ]
    provider = LocalFileProvider(shared_dir / "data/prices/daily_2025")
    checks = check_claims(find_claims(text, links, published), links, provider, published)
    assert [(c.claim.company_id, c.claim.claimed_pct) for c in checks] == [
        ((g["ticker"] == "NVDA" and "nvidia") or "cambricon", g["claimed_pct"]) for g in gold["price_claims"]
    ]
    one_day, window = checks[0], checks[1]
    assert one_day.verdict is Verdict.CONSISTENT and one_day.to_date == date(2025, 4, 16)
    assert one_day.measured_pct == pytest.approx(-6.87, abs=0.01)
    assert window.verdict is Verdict.CONSISTENT and window.to_date == date(2025, 4, 17)
    assert window.measured_pct == pytest.approx(-26.0, abs=0.5)
    assert all(c.verdict is not Verdict.CANNOT_CHECK for c in checks[2:])  # Cambricon: measured either way
