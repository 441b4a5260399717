"""How the labelled sets' own ticker forms are read: a label in another notation than
the Yahoo-style symbols tickerlens reports must not count a right link as a miss."""

from __future__ import annotations

from pathlib import Path

from tickerlens.linking.evaluation import SETS


def test_a_canadian_label_is_read_as_its_toronto_or_venture_listing(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "seeking_alpha_2023.csv").write_text(
        "ticker,date,summary\n"
        "OLA:CA,2023-03-01,Orla Mining reported record gold output.\n"
        "BIP.UN:CA,2023-03-02,Brookfield Infrastructure raised its payout.\n"
        "BRK.B,2023-03-03,Berkshire Hathaway bought more shares.\n",
        encoding="utf-8",
    )
    items = list(SETS["seeking_alpha"][1](tmp_path))
    assert [set(i.tickers) for i in items] == [
        {"OLA.TO", "OLA.V"},
        {"BIP-UN.TO", "BIP-UN.V"},
        {"BRK-B"},
    ]
