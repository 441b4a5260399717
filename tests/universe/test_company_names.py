"""The names a company is shown and matched under, as a reader sees them in tables."""

from __future__ import annotations

from tickerlens.universe.load import company_from_record


def _company(**extra: object) -> dict[str, object]:
    return {"id": "x", "name": "Example Holdings Ltd.", "kind": "listed", "country": "US", **extra}


def test_the_table_shows_the_first_written_name_not_a_context_word() -> None:
    rec = _company(name="ByteDance Ltd.", en=["ByteDance", "TikTok", "Byte"], context=["Byte"])
    assert company_from_record(rec, "test").short_name == "ByteDance"


def test_without_written_names_the_canonical_name_is_shown() -> None:
    assert company_from_record(_company(), "test").short_name == "Example Holdings Ltd."


def test_a_written_short_name_keeps_its_kind_when_the_legal_name_also_yields_it() -> None:
    rec = _company(name="Merck & Co., Inc.", en=["Merck & Co", "Merck"], context=["Merck"])
    kinds = {a.text: a.kind for a in company_from_record(rec, "test").aliases}
    assert kinds["Merck"] == "short"  # legal_core("Merck & Co., Inc.") would call it generated


def _generated(rec: dict[str, object]) -> tuple[str, str, bool | None]:
    alias = next(a for a in company_from_record(rec, "test").aliases if a.kind.startswith("generated"))
    return alias.text, alias.kind, alias.context


def test_a_one_word_name_left_by_the_legal_form_is_graded_like_an_uncurated_name() -> None:
    # "Sea" of Sea Limited and "Northern" of Northern Trust are ordinary words: their ticker
    # is needed; a rare word needs company context
    assert _generated(_company(name="Sea Limited", en=["Sea Ltd"])) == ("Sea", "generated-strict", True)
    assert (
        _generated(_company(name="Northern Trust Corporation", en=["Northern Trust"]))[1]
        == "generated-strict"
    )
    assert _generated(_company(name="Daseke, Inc.", en=[])) == ("Daseke", "generated", True)


def test_an_acronym_left_by_the_legal_form_links_as_written() -> None:
    assert _generated(_company(name="ACC Limited", en=[])) == ("ACC", "generated", None)


def test_no_generated_name_when_the_record_writes_it_in_any_case() -> None:
    rec = _company(name="NVIDIA Corporation", en=["Nvidia"])
    assert not [a for a in company_from_record(rec, "test").aliases if a.kind.startswith("generated")]
