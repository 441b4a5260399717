"""A FinBERT-style sequence classifier as a sentiment backend, loaded from a local folder.

The model is never downloaded: ``from_pretrained(..., local_files_only=True)`` on the
folder given in ``settings.transformer_model`` (a ``save_pretrained`` output with its
tokenizer). ``transformers`` and ``torch`` are the optional extra ``tickerlens[transformers]``.

The model's ``id2label`` says which output is which: any label containing "pos", "neg"
or "neu" (ProsusAI/finbert: positive / negative / neutral; others: LABEL_0 ... are
refused, since guessing the order would silently flip every score). The score of a
segment is P(positive) - P(negative), in [-1, 1]. A transformer reads the sentence as a
whole, so it is not target aware; entity scores still come only from the sentences that
name the company, weighted as for the lexicon backend.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tickerlens.errors import ConfigError
from tickerlens.signals.sentiment import Segment, SegmentScore

__all__ = ["TransformerBackend", "label_indices"]

_BATCH = 16
_MAX_TOKENS = 256


def label_indices(id2label: dict[int, str] | dict[str, str]) -> tuple[int, int, int]:
    """(positive, negative, neutral) output indices from a model config's ``id2label``."""
    found: dict[str, int] = {}
    for raw_index, name in id2label.items():
        lowered = str(name).lower()
        for key in ("pos", "neg", "neu"):
            if key in lowered:
                found[key] = int(raw_index)
    missing = [k for k in ("pos", "neg") if k not in found]
    if missing:
        raise ConfigError(
            "transformer_model",
            dict(id2label),
            "its labels do not say which is positive and which negative; give a model whose "
            "config.json id2label names them (e.g. positive / negative / neutral)",
        )
    return found["pos"], found["neg"], found.get("neu", -1)


class TransformerBackend:
    """Scores segments with a local sequence-classification model (CPU by default)."""

    name = "transformer"

    def __init__(self, path: str | Path, device: str = "cpu", batch_size: int = _BATCH) -> None:
        self.path = Path(path)
        self.device = device
        self.batch_size = batch_size
        self._torch, self._tokenizer, self._model = _load(self.path, device)
        self.positive, self.negative, self.neutral = label_indices(self._model.config.id2label)

    def score_segments(self, segments: Sequence[Segment]) -> list[SegmentScore]:
        texts = [seg.text for seg in segments]
        unique = list(dict.fromkeys(texts))
        scores: dict[str, float] = {}
        for i in range(0, len(unique), self.batch_size):
            batch = unique[i : i + self.batch_size]
            for text, value in zip(batch, self._score_batch(batch), strict=True):
                scores[text] = value
        return [
            SegmentScore(scores[t], (f"p(pos)-p(neg)={scores[t]:+.2f}",) if scores[t] else ()) for t in texts
        ]

    def _score_batch(self, texts: list[str]) -> list[float]:
        torch = self._torch
        encoded = self._tokenizer(
            texts, padding=True, truncation=True, max_length=_MAX_TOKENS, return_tensors="pt"
        )
        encoded = {k: v.to(self.device) for k, v in encoded.items()}
        with torch.no_grad():
            logits = self._model(**encoded).logits
        probs = torch.softmax(logits, dim=-1).cpu().tolist()
        return [float(p[self.positive] - p[self.negative]) for p in probs]


def _load(path: Path, device: str) -> tuple[Any, Any, Any]:
    if not path.is_dir():
        raise ConfigError(
            "transformer_model",
            str(path),
            "not a folder; give the folder a model was saved to with save_pretrained()",
        )
    if not (path / "config.json").is_file():
        raise ConfigError(
            "transformer_model", str(path), "has no config.json; it is not a saved model folder"
        )
    try:
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer
        from transformers.utils import logging as hf_logging
    except ImportError as exc:
        raise ConfigError(
            "sentiment_backend",
            "transformer",
            "needs the optional extra: pip install 'tickerlens[transformers]'",
        ) from exc
    hf_logging.disable_progress_bar()  # our callers show their own progress
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
        model = AutoModelForSequenceClassification.from_pretrained(str(path), local_files_only=True)
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError("transformer_model", str(path), f"cannot be loaded ({exc})") from exc
    model.to(device)
    model.eval()
    return torch, tokenizer, model
