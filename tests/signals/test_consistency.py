from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tickerlens.linking.model import CompanyLink, Mention, Role
from tickerlens.signals.consistency import check_facts
from tickerlens.signals.facts import extract_facts
from tickerlens.signals.fx import CsvFxProvider, ReferenceFxProvider
from tickerlens.signals.model import ClaimCheck, PriceClaim, Verdict

DAY = date(2025, 4, 18)


@pytest.fixture
def fx(tmp_path: Path) -> CsvFxProvider:
    path = tmp_path / "fx.csv"
    path.write_text(
        "date,base,quote,rate\n2025-04-17,USD,CNY,7.30\n2025-04-17,USD,TWD,32.5\n", encoding="utf-8"
    )
    return CsvFxProvider(path)


def _checks(text: str, fx: object, claims: tuple[ClaimCheck, ...] = ()) -> list[tuple[str, str, Verdict]]:
    link = CompanyLink(
        "acme",
        "Acme",
        "listed",
        [],
        [Mention("Acme", text.find("Acme"), text.find("Acme") + 4, 0)],
        1.0,
        1.0,
        Role.PRIMARY,
    )
    facts = check_facts(extract_facts(text, [link], DAY), DAY, fx, claims)  # type: ignore[arg-type]
    return [(f.text, c.check, c.verdict) for f in facts for c in f.checks]


def test_a_conversion_that_matches_the_day_s_rate(fx: CsvFxProvider) -> None:
    text = "Acme lost about $5.5 billion (about 40 billion yuan) in revenue."
    assert _checks(text, fx) == [("40 billion yuan", "bracket_conversion", Verdict.CONSISTENT)]


def test_a_conversion_that_does_not(fx: CsvFxProvider) -> None:
    text = "Acme lost about $5.5 billion (about 60 billion yuan) in revenue."
    assert _checks(text, fx) == [("60 billion yuan", "bracket_conversion", Verdict.INCONSISTENT)]


def test_a_yuan_figure_with_a_dollar_sign_is_named(fx: CsvFxProvider) -> None:
    text = "Acme will leave $500 billion (more than $3.6 trillion) of investment in the United States."
    link_text = "Acme"
    assert link_text in text
    facts = check_facts(extract_facts(text, [], DAY), DAY, fx)
    (check,) = [c for f in facts for c in f.checks]
    assert check.verdict is Verdict.INCONSISTENT
    assert "CNY figure written as USD" in check.reason


def test_works_offline_with_the_bundled_averages() -> None:
    text = (
        "Acme lost about $5.5 billion (about 40 billion yuan) in revenue; it spent $2 billion (NT$9 billion)."
    )
    got = _checks(text, ReferenceFxProvider())
    assert got == [
        ("40 billion yuan", "bracket_conversion", Verdict.CONSISTENT),
        ("NT$9 billion", "bracket_conversion", Verdict.INCONSISTENT),
    ]


def test_no_rate_cannot_check(fx: CsvFxProvider) -> None:
    text = "Acme paid ₩500 billion (about $400 million) for it."
    assert _checks(text, fx) == [("$400 million", "bracket_conversion", Verdict.CANNOT_CHECK)]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Acme's revenue in China last year was only more than $170.", True),
        ("Acme's revenue in China last year was $17 billion.", False),
        ("Acme's shares closed at $170.", False),
        ("Acme's earnings per share were $1.70.", False),
    ],
)
def test_missing_scale(text: str, flagged: bool) -> None:
    got = _checks(text, None)
    assert (got == [(got[0][0], "missing_scale", Verdict.INCONSISTENT)]) if flagged else (got == [])


def _claim(text: str, sentence: int, measured: float | None) -> ClaimCheck:
    claim = PriceClaim(text, 0, len(text), -7.0, "nearly", "day", "acme", sentence, DAY)
    return ClaimCheck(claim, Verdict.CONSISTENT, "", "ACME", measured, DAY, DAY)


def test_market_value_loss_that_does_not_fit_the_price_move(fx: CsvFxProvider) -> None:
    text = "Acme's stock price fell nearly 7% on April 16, and its market value evaporated by $1.88 trillion."
    (got,) = [c for c in _facts_checks(text, fx, (_claim(text, 0, -6.87),))]
    assert got.check == "market_value_move" and got.verdict is Verdict.INCONSISTENT
    assert "CNY" in got.reason  # read as yuan it fits


def test_market_value_loss_that_fits(fx: CsvFxProvider) -> None:
    text = "Acme's stock price has fallen by 26% and its market value has lost nearly $900 billion."
    (got,) = [c for c in _facts_checks(text, fx, (_claim(text, 0, -26.3),))]
    assert got.verdict is Verdict.CONSISTENT


def _facts_checks(text: str, fx: CsvFxProvider, claims: tuple[ClaimCheck, ...]) -> list:
    link = CompanyLink("acme", "Acme", "listed", [], [Mention("Acme", 0, 4, 0)], 1.0, 1.0, Role.PRIMARY)
    facts = check_facts(extract_facts(text, [link], DAY), DAY, fx, claims)
    return [c for f in facts for c in f.checks]
