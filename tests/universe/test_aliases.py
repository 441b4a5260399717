"""How names from lists nobody curated are graded: a distinctive name links like a
curated one, a rare word needs company context, ordinary words need their ticker."""

from __future__ import annotations

import pytest

from tickerlens.universe.aliases import graded_alias


@pytest.mark.parametrize("name", ["ABIOMED", "ELETROBRAS", "Tupperware"])
def test_a_rare_single_word_needs_context_even_in_capitals(name: str) -> None:
    alias = graded_alias(name, "breadth")
    assert (alias.kind, alias.context) == ("breadth", True)


@pytest.mark.parametrize("name", ["APPLE", "SHELL", "IBM", "ABC", "ASIA PACIFIC", "Public Bank"])
def test_capitals_short_or_ordinary_words_link_only_beside_a_ticker(name: str) -> None:
    assert graded_alias(name, "breadth").kind == "breadth-strict"


def test_a_distinctive_multi_word_name_links_without_context() -> None:
    alias = graded_alias("Kinder Morgan", "breadth")
    assert (alias.kind, alias.context) == ("breadth", None)
