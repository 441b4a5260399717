from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tickerlens.cli import cli
from tickerlens.errors import InputError
from tickerlens.signals.evaluation import (
    SETS,
    accuracy,
    baseline_label,
    evaluate,
    load_finentity,
    load_phrasebank,
    load_semeval,
    load_sentfin,
    macro_f1,
    run_evaluation,
)


def test_metrics_worked_by_hand() -> None:
    gold = ["positive", "negative", "neutral", "neutral"]
    pred = ["positive", "neutral", "neutral", "negative"]
    assert accuracy(gold, pred) == 0.5
    # F1: positive 1.0, negative 0.0 (tp 0), neutral 2*1/(2+1+1) = 0.5
    assert macro_f1(gold, pred) == pytest.approx((1.0 + 0.0 + 0.5) / 3)


def test_baseline_counts_lm_words() -> None:
    assert baseline_label("Profit improved strongly.") == "positive"
    assert baseline_label("The company reported a loss and a decline.") == "negative"
    assert baseline_label("The meeting is on Tuesday.") == "neutral"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A miniature of each set's layout, written here (not copied from the real sets)."""
    news = tmp_path / "news"
    news.mkdir()
    (news / "finentity.json").write_text(
        json.dumps(
            [
                {
                    "content": "Acme shares jumped 5% after profit beat estimates, "
                    "while Globex shares tumbled.",
                    "annotations": [
                        {"start": 0, "end": 4, "value": "Acme", "tag": "Positive", "label": "Positive"},
                        {"start": 57, "end": 63, "value": "Globex", "tag": "Negative", "label": "Negative"},
                    ],
                },
            ]
        ),
        encoding="utf-8",
    )
    (news / "sentfin.csv").write_text(
        "S No.,Title,Decisions,Words\n1,Initech's profit soars; O'Hare Corp flat,"
        "\"{'Initech': 'positive', 'O'Hare Corp': 'neutral'}\",6\n",
        encoding="utf-8",
    )
    (news / "semeval2017_headlines.json").write_text(
        json.dumps(
            [
                {"id": 1, "company": "Hooli", "title": "Hooli cuts its outlook", "sentiment": -0.6},
                {"id": 2, "company": "Acme", "title": "Acme names a new chair", "sentiment": 0.01},
            ]
        ),
        encoding="utf-8",
    )
    fpb = tmp_path / "sentiment" / "financial_phrasebank"
    fpb.mkdir(parents=True)
    for name in ("Sentences_50Agree.txt", "Sentences_AllAgree.txt"):
        (fpb / name).write_text(
            "Net sales rose 5% .@positive\nThe firm is based in Espoo .@neutral\n"
            "Operating loss widened .@negative\n",
            encoding="latin-1",
        )
    return tmp_path


def test_loaders_read_the_layouts(data: Path) -> None:
    fin = load_finentity(data / "news/finentity.json")
    assert [(e.target, e.label, e.spans) for e in fin] == [
        ("Acme", "positive", ((0, 4),)),
        ("Globex", "negative", ((57, 63),)),
    ]
    assert fin[0].others == (("Globex", ((57, 63),)),)
    sent = load_sentfin(data / "news/sentfin.csv")
    assert [(e.target, e.label) for e in sent] == [("Initech", "positive"), ("O'Hare Corp", "neutral")]
    sem = load_semeval(data / "news/semeval2017_headlines.json")
    assert [e.label for e in sem] == ["negative", "neutral"]
    fpb = load_phrasebank(data / "sentiment/financial_phrasebank/Sentences_50Agree.txt")
    assert [e.label for e in fpb] == ["positive", "neutral", "negative"]


def test_evaluate_small_sets(data: Path) -> None:
    results = {r.name: r for r in run_evaluation(data)}
    assert set(results) == set(SETS)
    assert results["FinEntity"].accuracy == 1.0 and results["FinEntity"].level == "entity"
    assert results["PhraseBank 50% agree"].level == "sentence"
    with pytest.raises(InputError, match="unknown set"):
        run_evaluation(data, ["nope"])
    with pytest.raises(InputError, match="not found"):
        run_evaluation(data / "missing")


def test_cli_eval_sentiment(data: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", "sentiment", "--data", str(data), "--set", "FinEntity"])
    assert result.exit_code == 0, result.output
    assert "FinEntity" in result.output and "1.000" in result.output and "0.86" in result.output


@pytest.mark.shared
def test_beats_the_lexicon_count_on_every_labelled_set(shared_dir: Path) -> None:
    """Measured on the development halves; the floors are a few points under what this
    version reaches, so a regression shows without the test chasing the data."""
    floors = {
        "FinEntity": 0.65,
        "SEntFiN": 0.65,
        "SemEval-2017 headlines": 0.48,
        "PhraseBank 50% agree": 0.66,
        "PhraseBank all agree": 0.76,
    }
    data = shared_dir / "data"
    for name, (relative, loader) in SETS.items():
        result = evaluate(name, loader(data / relative))
        assert result.accuracy > result.baseline_accuracy + 0.05, result
        assert result.macro_f1 > result.baseline_macro_f1 + 0.05, result
        assert result.accuracy >= floors[name], result
