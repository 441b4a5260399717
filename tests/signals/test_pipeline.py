from __future__ import annotations

import json
from datetime import UTC, date, datetime

import tickerlens.signals as signals
from tickerlens.linking.model import CompanyLink, ListingRef, Mention, Role
from tickerlens.market.bars import Adjustment
from tickerlens.market.providers.memory import MemoryProvider
from tickerlens.signals import Verdict, analyze_signals
from tickerlens.signals.cues import drop_ticker_brackets
from tickerlens.signals.lexicon import tokenize

TEXT = (
    "Acme said its quarterly revenue rose 41% to $5.5 billion (about 40 billion yuan), beating estimates. "
    "Acme's stock price jumped nearly 9% on April 16. "
    "Globex, a supplier, said its own revenue was only $170 last year."
)


def _links() -> list[CompanyLink]:
    def mentions(name: str) -> list[Mention]:
        out, start = [], TEXT.find(name)
        while start >= 0:
            out.append(Mention(name, start, start + len(name), 0))
            start = TEXT.find(name, start + 1)
        return out

    return [
        CompanyLink(
            "acme",
            "Acme",
            "listed",
            [ListingRef("XNAS", "ACME", "ACME", "USD", primary=True)],
            mentions("Acme"),
            1.0,
            1.0,
            Role.PRIMARY,
        ),
        CompanyLink("globex", "Globex", "listed", [], mentions("Globex"), 1.0, 0.3, Role.SECONDARY),
    ]


def test_public_surface() -> None:
    assert sorted(signals.__all__) == sorted(
        [
            "ClaimCheck",
            "ConsistencyCheck",
            "EntitySentiment",
            "Evidence",
            "Fact",
            "PriceClaim",
            "SentimentBackend",
            "SentimentLabel",
            "Signals",
            "Verdict",
            "analyze_signals",
            "get_backend",
            "score_entities",
            "score_text",
        ]
    )


def test_analyze_signals_end_to_end() -> None:
    prices = MemoryProvider()
    prices.add_closes("ACME", Adjustment.SPLIT, {date(2025, 4, 15): 100.0, date(2025, 4, 16): 108.6})
    published = datetime(2025, 4, 19, 2, 0, tzinfo=UTC)
    result = analyze_signals(TEXT, "Acme beats estimates", published, _links(), prices=prices)
    assert result.sentiment["acme"].label.value == "positive"
    (claim,) = result.claims
    assert claim.verdict is Verdict.CONSISTENT and claim.symbol == "ACME"
    assert {(f.text, c.check, c.verdict) for f, c in result.issues} == {
        ("$170", "missing_scale", Verdict.INCONSISTENT)
    }
    bracket = next(f for f in result.facts if f.bracket_of is not None)
    assert bracket.checks[0].verdict is Verdict.CONSISTENT  # the bundled averages were used
    data = json.loads(json.dumps(result.to_dict()))
    assert set(data) == {"sentiment", "facts", "claims"}
    assert data["sentiment"]["acme"]["label"] == "positive"
    assert data["claims"][0]["verdict"] == "consistent" and data["claims"][0]["symbol"] == "ACME"
    assert data["facts"][0]["company_id"] == "acme"


def test_without_prices_claims_cannot_be_checked() -> None:
    result = analyze_signals(TEXT, None, date(2025, 4, 19), _links())
    assert [c.verdict for c in result.claims] == [Verdict.CANNOT_CHECK]
    assert "no price source" in result.claims[0].reason


def test_empty_article() -> None:
    result = analyze_signals("", None, None, [])
    assert result.to_dict() == {"sentiment": {}, "facts": [], "claims": []}


def test_brackets_are_dropped_without_looping() -> None:
    tokens = tokenize("Acme ) (beat estimates) (NASDAQ: ACME) <ACME.O> rose")
    kept = [t.norm for t in drop_ticker_brackets(tokens)]
    assert kept == ["acme", ")", "(", "beat estimates", ")", "rose"]


def test_relative_dates_use_the_writer_s_calendar() -> None:
    text = "Acme shares fell 3% yesterday."
    published = datetime(2025, 4, 18, 23, 30, tzinfo=UTC)  # 07:30 on 19 April in Beijing
    utc_day = analyze_signals(text, None, published, _links()).claims[0].claim.day
    local_day = analyze_signals(text, None, published, _links(), published_offset=480).claims[0].claim.day
    assert (utc_day, local_day) == (date(2025, 4, 17), date(2025, 4, 18))
