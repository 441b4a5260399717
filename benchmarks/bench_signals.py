"""Throughput of the analyze pipeline (linking + sentiment + facts + claims) on the 20 MB
corpus of real news used by bench_linking, against linking alone measured in the same
run: the signals stage should cost less than linking does.

The signals' cost is what they add to ``analyze``: each story linked and then given its
signals, minus linking alone. Sentences are split once per story and shared by linking
and every signal, as in ``analyze``; the per-stage rows are given the same split.
Prices are not fetched (claims are found and dated, not checked), so the number is the
text-processing cost.

Run: ``.venv/bin/python -m benchmarks.bench_signals`` (``--quick``: 2 MB, one repeat).
"""

from __future__ import annotations

from typing import Any

from benchmarks.common import corpus, fmt_table, mb, median_time, shared_data


def run(quick: bool = False) -> dict[str, Any]:
    data = shared_data()
    if data is None:
        print("bench_signals: ../shared/data not found; skipped")
        return {"skipped": "no shared data"}
    from tickerlens.linking.linker import get_linker
    from tickerlens.linking.sentences import split_sentences
    from tickerlens.signals import analyze_signals
    from tickerlens.signals.claims import find_claims
    from tickerlens.signals.facts import extract_facts
    from tickerlens.signals.sentiment import score_entities

    linker = get_linker()
    texts = corpus(data, 2_000_000 if quick else 20_000_000)
    size = mb(texts)
    repeats = 1 if quick else 3
    links = [linker.link(t) for t in texts]  # warm-up, and the links the signals read
    spans = [split_sentences(t) for t in texts]
    analyze_signals(texts[0], None, None, links[0])  # loads the lexicons before timing
    docs = list(zip(texts, links, spans, strict=True))

    def pipeline() -> None:
        for t in texts:
            analyze_signals(t, None, None, linker.link(t))

    t_link = median_time(lambda: [linker.link(t) for t in texts], repeats)
    t_pipe = median_time(pipeline, repeats)
    t_sent = median_time(lambda: [score_entities(t, lk, spans=sp) for t, lk, sp in docs], repeats)
    t_facts = median_time(lambda: [extract_facts(t, lk, spans=sp) for t, lk, sp in docs], repeats)
    t_claims = median_time(lambda: [find_claims(t, lk, spans=sp) for t, lk, sp in docs], repeats)
    t_signals = t_pipe - t_link
    res = {
        "corpus_mb": round(size, 2),
        "documents": len(texts),
        "links": sum(len(lk) for lk in links),
        "link_mb_s": size / t_link,
        "sentiment_mb_s": size / t_sent,
        "facts_mb_s": size / t_facts,
        "claims_mb_s": size / t_claims,
        "signals_mb_s": size / t_signals,
        "pipeline_mb_s": size / t_pipe,
        "signals_over_link_time": t_signals / t_link,
    }
    rows = [
        ("linking (baseline)", f"{res['link_mb_s']:.2f}", "1.00"),
        ("sentiment", f"{res['sentiment_mb_s']:.2f}", f"{t_sent / t_link:.2f}"),
        ("facts", f"{res['facts_mb_s']:.2f}", f"{t_facts / t_link:.2f}"),
        ("claims (found and dated)", f"{res['claims_mb_s']:.2f}", f"{t_claims / t_link:.2f}"),
        ("signals stage (pipeline - linking)", f"{res['signals_mb_s']:.2f}", f"{t_signals / t_link:.2f}"),
        ("analyze: linking + signals", f"{res['pipeline_mb_s']:.2f}", f"{t_pipe / t_link:.2f}"),
    ]
    print(f"\nSignals: {size:.1f} MB, {len(texts):,} documents, {res['links']:,} links, median of {repeats}")
    print(fmt_table(rows, ("stage", "MB/s", "time relative to linking")))
    print(f"signals time / linking time = {res['signals_over_link_time']:.2f} (target < 1)")
    return res


if __name__ == "__main__":
    import sys

    run(quick="--quick" in sys.argv)
