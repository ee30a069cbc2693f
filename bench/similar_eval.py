"""Precision and recall of the top 5 similar suggestions on the labelled public set.

    .venv/bin/python bench/similar_eval.py [--json]

The set (``src/renda/analytics/data/similar_pairs.json``) holds titles of real suggestions and
proposals published by Chinese congresses and governments, each with its source page; two items of
the same topic are a labelled similar pair. Each item with at least one labelled partner is the
query (what a deputy types as a title); the candidates are all other items, scored by the same
``renda.analytics.similar.score`` the panel uses, with document frequencies over the set. No
database: jieba's own dictionary, no user words.

precision@5 = labelled partners among the top 5 / 5 (the classic measure, bounded by the topic's
size); shown-precision@5 = partners among the hits the panel shows (top 5 above the threshold) /
hits shown; recall@5 = partners in the top 5 / the item's partners. All macro-averaged over queries.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from renda.analytics import segment, similar  # noqa: E402

DATA = ROOT / "src" / "renda" / "analytics" / "data" / "similar_pairs.json"


def load(path: Path = DATA) -> tuple[list[dict], dict[int, set[int]]]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    partners: dict[int, set[int]] = {}
    for a, b in doc["similar_pairs"]:
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    return doc["items"], partners


def evaluate(k: int = 5, threshold: float | None = None) -> dict[str, float]:
    threshold = similar.THRESHOLD if threshold is None else threshold
    saved = segment.user_dictionary_words
    segment.user_dictionary_words = lambda: []  # offline: no database, jieba's dictionary only
    segment.reset()
    try:
        return _evaluate(k, threshold)
    finally:
        segment.user_dictionary_words = saved
        segment.reset()


def _evaluate(k: int, threshold: float) -> dict[str, float]:
    items, partners = load()
    words = {it["id"]: similar.words(it["title"]) for it in items}
    n = len(items)
    p_sum = sp_sum = r_sum = 0.0
    shown_total = queries = 0
    for it in items:
        rel = partners.get(it["id"])
        if not rel:
            continue
        queries += 1
        qw = words[it["id"]]
        cands = [similar.Candidate(o["id"], o["title"], words[o["id"]]) for o in items if o["id"] != it["id"]]
        df = {t: sum(1 for c in cands if t in c.words) + 1 for t in set(qw)}
        ranked = similar.score(it["title"], qw, cands, df=df, n=n)
        top = [key for _s, key in ranked[:k]]
        shown = [key for s, key in ranked[:k] if s >= threshold]
        found = sum(1 for key in top if key in rel)
        p_sum += found / k
        r_sum += found / len(rel)
        sp_sum += (sum(1 for key in shown if key in rel) / len(shown)) if shown else 0.0
        shown_total += len(shown)
    return {
        "items": n,
        "pairs": sum(len(v) for v in partners.values()) // 2,
        "queries": queries,
        "precision_at_5": round(p_sum / queries, 3),
        "recall_at_5": round(r_sum / queries, 3),
        "shown_precision_at_5": round(sp_sum / queries, 3),
        "shown_per_query": round(shown_total / queries, 2),
        "threshold": threshold,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--threshold", type=float, default=None)
    args = parser.parse_args()
    res = evaluate(threshold=args.threshold)
    if args.json:
        print(json.dumps(res))
    else:
        for key, value in res.items():
            print(f"{key:>22}: {value}")


if __name__ == "__main__":
    main()
