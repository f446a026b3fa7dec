#!/usr/bin/env python3
"""Mandi's matcher beside rapidfuzz, on the same catalog and the same queries.

    pip install rapidfuzz            # once (or: pip install --target /tmp/rf rapidfuzz; PYTHONPATH=/tmp/rf)
    cargo bench --bench matcher      # writes target/matcher-bench.json
    python3 scripts/compare-rapidfuzz.py

Catalog: fixtures/catalog.csv plus fixtures/bigbasket-catalog.csv (20,196 products), every name and alias a choice.
Queries: the product words of every labelled line of fixtures/orders (the parser's output, as labelled). rapidfuzz
answers with `process.extractOne(query, choices, scorer=fuzz.WRatio)` on pre-processed choices (its fastest use);
below a score cutoff the answer counts as "not in the catalog". The cutoff is swept and the best one reported, so
rapidfuzz is shown at its best.

Both systems are scored alike (see benches/matcher.rs): a line labelled with a SKU is right when the first answer is
that SKU; one labelled with a question, when the first answer is one of its options; an unstocked item, when nothing
is proposed with confidence (Mandi: not "matched"; rapidfuzz: score under the cutoff). Mandi's time per message
includes parsing the SMS; rapidfuzz's covers matching the already-parsed product words only.
"""

import csv
import json
import resource
import statistics
import sys
import time
from pathlib import Path

try:
    from rapidfuzz import fuzz, process, utils
except ImportError:
    sys.exit("rapidfuzz is not installed: pip install rapidfuzz (or set PYTHONPATH to where it is)")

ROOT = Path(__file__).resolve().parent.parent


def catalog():
    choices, skus = [], []
    for name in ("fixtures/catalog.csv", "fixtures/bigbasket-catalog.csv"):
        with open(ROOT / name, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                for text in [row["name"], *filter(None, (row.get("aliases") or "").split("|"))]:
                    choices.append(text)
                    skus.append(row["sku"])
    return choices, skus


def corpus():
    messages = []
    for path in sorted((ROOT / "fixtures/orders").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                messages.append(json.loads(line))
    return messages


def main():
    started = time.perf_counter()
    choices, skus = catalog()
    processed = [utils.default_process(c) for c in choices]
    prepared_ms = (time.perf_counter() - started) * 1000

    messages = corpus()
    answers, per_message = [], []
    for message in messages:
        elapsed = 0.0
        for label in message["lines"]:
            query = utils.default_process(label.get("product") or "")
            t0 = time.perf_counter()
            best = process.extractOne(query, processed, scorer=fuzz.WRatio, processor=None) if query else None
            elapsed += time.perf_counter() - t0
            answers.append((label, (skus[best[2]], best[1]) if best else (None, 0.0)))
        per_message.append(elapsed)

    def accuracy(cutoff):
        right = 0
        for label, (sku, score) in answers:
            confident = sku is not None and score >= cutoff
            if label.get("ask"):
                right += confident and sku in label["ask"]
            elif label.get("sku"):
                right += confident and sku == label["sku"]
            else:
                right += not confident
        return right / len(answers)

    cutoff = max(range(0, 101, 5), key=accuracy)
    total = sum(per_message)
    per_message.sort()
    rapidfuzz_figures = {
        "products": len(set(skus)),
        "build_ms": prepared_ms,
        "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "messages_per_second": len(messages) / total,
        "p50_us": statistics.median(per_message) * 1e6,
        "p99_us": per_message[int(round((len(per_message) - 1) * 0.99))] * 1e6,
        "accuracy": accuracy(cutoff),
    }

    bench = ROOT / "target/matcher-bench.json"
    mandi = json.loads(bench.read_text()) if bench.exists() else None
    print(f"{len(messages)} messages, {len(answers)} lines; {rapidfuzz_figures['products']} products, {len(choices)} names")
    print(f"{'':28}{'mandi':>14}{'rapidfuzz WRatio':>20}")
    rows = [
        ("accuracy (top answer)", "accuracy", lambda v: f"{v * 100:.1f}%"),
        ("messages per second", "messages_per_second", lambda v: f"{v:,.0f}"),
        ("p50 per message", "p50_us", lambda v: f"{v:,.0f} µs"),
        ("p99 per message", "p99_us", lambda v: f"{v:,.0f} µs"),
        ("index build / preparation", "build_ms", lambda v: f"{v:,.0f} ms"),
        ("resident memory (peak)", "rss_mib", lambda v: f"{v:,.0f} MiB"),
    ]
    for title, key, show in rows:
        ours = show(mandi[key]) if mandi else "run cargo bench"
        print(f"{title:28}{ours:>14}{show(rapidfuzz_figures[key]):>20}")
    print(f"(rapidfuzz at its best score cutoff, {cutoff}; one thread each)")


if __name__ == "__main__":
    main()
