"""How names from lists nobody curated are graded: a distinctive name links like a
curated one, a rare word needs company context, ordinary words need their ticker."""

from __future__ import annotations

import pytest

from tickerlens.universe.aliases import graded_alias, possessive_variant


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


@pytest.mark.parametrize(
    ("name", "written", "kind", "context"),
    [
        ("Aarons", "Aaron's", "breadth-strict", True),  # "Aaron" is a first name: a company construction
        ("Dillards", "Dillard's", "breadth", True),  # a rare stem: needs company words nearby
        ("Dicks Sporting Goods", "Dick's Sporting Goods", "breadth", None),  # distinctive as a whole
    ],
)
def test_a_name_written_without_its_apostrophe_gets_the_form_stories_use(
    name: str, written: str, kind: str, context: bool | None
) -> None:
    variant = possessive_variant(name, "breadth")
    assert variant is not None
    assert (variant.text, variant.kind, variant.context) == (written, kind, context)


@pytest.mark.parametrize(
    "name", ["Atlas", "Ross Stores", "Genesis", "Nexus", "AARONS", "Macy's", "Kinder Morgan"]
)
def test_names_that_are_not_possessives_get_no_variant(name: str) -> None:
    assert possessive_variant(name, "breadth") is None
