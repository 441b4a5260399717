"""The transformer backend's loading code, on a tiny BERT this test builds and saves itself.

The classifier head is set so that one class always wins: if the label mapping read from
``id2label`` were wrong, the score's sign would be wrong.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tickerlens.errors import ConfigError
from tickerlens.linking.model import CompanyLink, Mention, Role
from tickerlens.settings import Settings
from tickerlens.signals.sentiment import Segment, get_backend, score_entities

torch = pytest.importorskip("torch", reason="the transformer backend is the optional extra [transformers]")
transformers = pytest.importorskip(
    "transformers", reason="the optional extra [transformers] is not installed"
)

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "profit", "rose", "fell", "the", "shares", "acme"]


def _save_tiny(path: Path, id2label: dict[int, str], winner: int) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    (path / "vocab.txt").write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizerFast(vocab_file=str(path / "vocab.txt"))
    config = transformers.BertConfig(
        vocab_size=len(VOCAB),
        hidden_size=8,
        num_hidden_layers=1,
        num_attention_heads=1,
        intermediate_size=16,
        max_position_embeddings=32,
        num_labels=len(id2label),
        id2label=id2label,
        label2id={v: k for k, v in id2label.items()},
    )
    torch.manual_seed(0)
    model = transformers.BertForSequenceClassification(config)
    with torch.no_grad():
        model.classifier.weight.zero_()
        bias = torch.zeros(len(id2label))
        bias[winner] = 6.0
        model.classifier.bias.copy_(bias)
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


FINBERT_LABELS = {0: "positive", 1: "negative", 2: "neutral"}  # the order ProsusAI/finbert uses


def test_loads_from_a_local_folder_and_maps_labels(tmp_path: Path) -> None:
    negative_model = _save_tiny(tmp_path / "neg", FINBERT_LABELS, winner=1)
    backend = get_backend(Settings(sentiment_backend="transformer", transformer_model=negative_model))
    assert backend.name == "transformer"
    scores = backend.score_segments([Segment("the profit rose"), Segment("shares fell")])
    assert all(s.score < -0.9 for s in scores)

    other_order = _save_tiny(tmp_path / "pos", {0: "Neutral", 1: "Positive", 2: "Negative"}, winner=1)
    backend = get_backend(Settings(sentiment_backend="transformer", transformer_model=other_order))
    assert backend.score_segments([Segment("shares fell")])[0].score > 0.9


def test_entity_scores_through_the_transformer(tmp_path: Path) -> None:
    path = _save_tiny(tmp_path / "pos", FINBERT_LABELS, winner=0)
    backend = get_backend(Settings(sentiment_backend="transformer", transformer_model=path))
    text = "acme shares rose. the profit rose."
    link = CompanyLink("acme", "Acme", "listed", [], [Mention("acme", 0, 4, 0)], 1.0, 1.0, Role.PRIMARY)
    result = score_entities(text, [link], backend=backend)["acme"]
    assert result.label.value == "positive" and result.backend == "transformer"


def test_unusable_models_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not a folder"):
        get_backend(Settings(sentiment_backend="transformer", transformer_model=tmp_path / "missing"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(ConfigError, match=r"no config\.json"):
        get_backend(Settings(sentiment_backend="transformer", transformer_model=tmp_path / "empty"))
    unnamed = _save_tiny(tmp_path / "unnamed", {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}, winner=0)
    with pytest.raises(ConfigError, match="do not say which is positive"):
        get_backend(Settings(sentiment_backend="transformer", transformer_model=unnamed))
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot be loaded"):
        get_backend(Settings(sentiment_backend="transformer", transformer_model=broken))
