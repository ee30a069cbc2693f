"""The similar-suggestions model keeps its measured quality on the labelled public set."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "renda" / "analytics" / "data" / "similar_pairs.json"


def _bench():
    spec = importlib.util.spec_from_file_location("similar_eval", ROOT / "bench" / "similar_eval.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_the_labelled_set_has_sources_and_enough_pairs():
    doc = json.loads(DATA.read_text(encoding="utf-8"))
    ids = {it["id"] for it in doc["items"]}
    assert len(ids) == len(doc["items"]) >= 90
    assert all(it["source"].startswith("http") and it["title"] for it in doc["items"])
    assert len(doc["similar_pairs"]) >= 40
    assert all(a in ids and b in ids and a != b for a, b in doc["similar_pairs"])


def test_precision_and_recall_at_5_stay_above_the_measured_floor():
    res = _bench().evaluate()
    # measured 2026-12-01: precision@5 0.507, recall@5 0.519, shown-precision@5 0.618
    assert res["precision_at_5"] >= 0.48
    assert res["recall_at_5"] >= 0.49
    assert res["shown_precision_at_5"] >= 0.60
