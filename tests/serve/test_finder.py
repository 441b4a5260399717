from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tickerlens.linking.linker import Linker
from tickerlens.serve.finder import CompanyFinder
from tickerlens.universe.master import Universe


@pytest.fixture(scope="module")
def finder(linker: Linker) -> CompanyFinder:
    return CompanyFinder(linker.universe)


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("NVDA", "nvidia"),
        ("英伟达", "nvidia"),
        ("0700.HK", "tencent"),
        ("腾讯", "tencent"),
        ("台積電", "tsmc"),
        ("2330.TW", "tsmc"),
        ("US67066G1040", "nvidia"),
        ("jensen huang", "nvidia"),
        ("寒武纪", "cambricon"),
    ],
    ids=[
        "us-ticker",
        "zh-name",
        "hk-ticker",
        "zh-short",
        "zh-hant",
        "tw-ticker",
        "isin",
        "person",
        "star-market",
    ],
)
def test_finds_a_company_by_any_of_its_names(finder: CompanyFinder, query: str, first: str) -> None:
    assert finder.find(query)[0].id == first


def test_unknown_and_empty_queries_find_nothing(finder: CompanyFinder) -> None:
    assert finder.find("zzqxv no such company") == []
    assert finder.find("   ") == []


@pytest.mark.parametrize("query", ["a", "C", "银行", "ping an", "Apple", "tencent"])
def test_same_answers_as_the_universe_scan(finder: CompanyFinder, linker: Linker, query: str) -> None:
    """``Universe.find`` (a plain scan of every key) is the model; a longer list starts
    with the shorter one, so one scan checks every limit."""
    expected = [c.id for c in linker.universe.find(query, 40)]
    for limit in (3, 10, 40):
        assert [c.id for c in finder.find(query, limit)] == expected[:limit]


@pytest.fixture(scope="module")
def small(linker: Linker) -> tuple[Universe, CompanyFinder]:
    companies = dict(list(linker.universe.companies.items())[:1500])
    universe = Universe(companies, digest="part")
    return universe, CompanyFinder(universe)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_same_answers_for_pieces_of_real_names(
    small: tuple[Universe, CompanyFinder], data: st.DataObject
) -> None:
    """Prefixes and inner pieces of real names, in the case a user might type them."""
    universe, finder = small
    names = sorted(c.name for c in universe.companies.values())
    name = data.draw(st.sampled_from(names))
    i = data.draw(st.integers(0, max(0, len(name) - 1)))
    j = data.draw(st.integers(i + 1, len(name)))
    query = data.draw(st.sampled_from([name[i:j], name[i:j].upper(), name[i:j].lower()]))
    assert [c.id for c in finder.find(query)] == [c.id for c in universe.find(query)]
