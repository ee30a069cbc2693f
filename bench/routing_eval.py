"""Routing to units (交办单位推荐): accuracy and training time.

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python bench/routing_eval.py [--scale 10000,100000]

1. The demo's past assignments: per congress, five folds by case id (every assigned case held out once, the
   model trained on the other four fifths: their text and units, plus the units' responsibilities where staff
   filled them in); top-1 / top-3: the held-out case's lead (or separately handling) unit among the first 1 / 3.
2. The labelled public set (tests/analytics/data/routing_public.json: published real suggestions with the unit
   that answered): responsibilities only (a congress with no history), and leave-one-out with history.
3. Training time at scale on the benchmark's own text generator (bench/suggestions/textgen.py, the texts the
   1,000,000-suggestion benchmark writes), units drawn the way bench/suggestions/bench.py draws them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PUBLIC = ROOT / "tests" / "analytics" / "data" / "routing_public.json"


def _setup() -> None:
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings")
    import django

    django.setup()


def accuracy(model, cases) -> tuple[float, float, int]:
    top1 = top3 = n = 0
    for case in cases:
        got = [s.unit_id for s in model.propose(case.text).leads]
        n += 1
        top1 += bool(got[:1] and got[0] in case.leads)
        top3 += bool(set(got[:3]) & set(case.leads))
    return (top1 / n if n else 0.0, top3 / n if n else 0.0, n)


def public_units_and_cases(path: Path = PUBLIC):
    from renda.analytics.routing import TrainingCase, UnitInfo
    from renda.core.unitnames import automatic_aliases

    data = json.loads(path.read_text(encoding="utf-8"))
    units = []
    ids = {}
    for i, u in enumerate(data["units"], start=1):
        ids[u["name"]] = i
        units.append(
            UnitInfo(i, u["name"], automatic_aliases(u["name"]) + u["aliases"], u["responsibilities"])
        )
    cases = [TrainingCase(item["title"], (ids[item["unit"]],)) for item in data["items"]]
    return units, cases


def eval_public(path: Path = PUBLIC) -> dict:
    from renda.analytics.routing import train

    units, cases = public_units_and_cases(path)
    prior = accuracy(train([], units), cases)
    loo1 = loo3 = 0
    for i, case in enumerate(cases):
        model = train(cases[:i] + cases[i + 1 :], units)
        t1, t3, _n = accuracy(model, [case])
        loo1 += t1
        loo3 += t3
    return {"n": len(cases), "units": len(units), "prior_top1": prior[0], "prior_top3": prior[1],
            "loo_top1": loo1 / len(cases), "loo_top3": loo3 / len(cases)}  # fmt: skip


def eval_demo(folds: int = 5) -> list[dict]:
    """Per congress, five folds by case id: each assigned case is held out once, the model trained on the rest."""
    from renda.analytics.routing import train, training_cases, units_of
    from renda.cases.models import Case

    out = []
    for congress_id in sorted(
        set(Case.objects.exclude(assigned_at=None).values_list("congress_id", flat=True))
    ):
        rows = list(training_cases(congress_id))
        if len(rows) < 2 * folds:
            continue
        units = units_of(congress_id)
        top1 = top3 = n = 0
        seconds = 0.0
        for k in range(folds):
            held = [c for pk, c in rows if pk % folds == k]
            started = time.perf_counter()
            model = train([c for pk, c in rows if pk % folds != k], units)
            seconds += time.perf_counter() - started
            t1, t3, m = accuracy(model, held)
            top1, top3, n = top1 + t1 * m, top3 + t3 * m, n + m
        out.append({"congress": congress_id, "cases": len(rows), "held_out": n, "top1": top1 / n, "top3": top3 / n,
                    "train_seconds_per_fold": seconds / folds})  # fmt: skip
    return out


def bench_scale(sizes: list[int]) -> list[dict]:
    """Training time on n generated cases: segmenting them (what indexing does once) and training from the
    tokens (what ``retrain`` does, reading the search index's tokens), measured apart."""
    from bench.suggestions.bench import UNIT_NAMES
    from bench.suggestions.textgen import TextGen
    from renda.analytics.routing import TrainingCase, UnitInfo, train
    from renda.analytics.segment import tokenizer, tokens

    tokenizer()
    units = [UnitInfo(i, "县" + n, ["县" + n, n]) for i, n in enumerate(UNIT_NAMES[:20], start=1)]
    out = []
    for n in sizes:
        gen, r = TextGen(seed=20260301), random.Random(7)
        texts, labels = [], []
        for _ in range(n):
            title, body, _topic = gen.suggestion()
            lead = r.randint(1, len(units))
            co = (r.choice([u.id for u in units if u.id != lead]),) if r.random() < 0.3 else ()
            texts.append(f"{title}\n{body}")
            labels.append(((lead,), co))
        started = time.perf_counter()
        toks = [tokens(t) for t in texts]
        seg_seconds = time.perf_counter() - started
        cases = [TrainingCase("", lead, co, tk) for tk, (lead, co) in zip(toks, labels, strict=True)]
        started = time.perf_counter()
        model = train(cases, units)
        seconds = time.perf_counter() - started
        size = len(json.dumps(model.payload(), ensure_ascii=False).encode())
        out.append(
            {"cases": n, "segment_seconds": seg_seconds, "train_seconds": seconds, "payload_bytes": size}
        )
        print(f"  scale {n}: segmenting {seg_seconds:.1f} s, training from tokens {seconds:.1f} s, "
              f"model {size / 1024:.0f} KiB", flush=True)  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="10000,100000", help="comma-separated case counts ('' to skip)")
    parser.add_argument("--skip-demo", action="store_true")
    args = parser.parse_args()
    _setup()
    result = {"public": eval_public()}
    print("public set:", json.dumps(result["public"], ensure_ascii=False), flush=True)
    if not args.skip_demo:
        result["demo"] = eval_demo()
        for row in result["demo"]:
            print("demo:", json.dumps(row), flush=True)
    sizes = [int(x) for x in args.scale.split(",") if x.strip()]
    if sizes:
        result["scale"] = bench_scale(sizes)
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
