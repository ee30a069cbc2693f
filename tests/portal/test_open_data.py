"""Open data downloads and the API: published data only, public fields only, no sign-in."""

from __future__ import annotations

import csv
import io
import json

from .conftest import client_for


def _csv(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_and_json_downloads(world, published, anon):
    r = anon.get("/portal/open-data/suggestions.csv")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    rows = _csv(r)
    assert rows[0][:3] == ["编号", "建议编号", "年度"]
    titles = {row[6] for row in rows[1:]}
    assert titles == {"关于增设城关小学交通协管员的建议", "关于改善乡村公路养护的建议"}
    data = json.loads(anon.get("/portal/open-data/suggestions.json").content)
    assert data["licence"]["name"] == "CC BY 4.0" and data["count"] == 2
    item = next(x for x in data["results"] if x["title"].startswith("关于增设"))
    assert (
        item["lead_unit"] == "甲县教育局"
        and item["supervising_body"] == "甲县人大常委会"
        and item["reply_class"] == "A"
    )
    deputies = json.loads(anon.get("/portal/open-data/deputies.json").content)["results"]
    assert {d["name"] for d in deputies} == {"张秀英", "李建华"}
    assert set(deputies[0]) == {
        "id", "name", "gender", "ethnicity", "party", "occupation_category", "constituency",
        "delegation", "group", "station", "published_suggestions",
    }  # fmt: skip
    assert next(d for d in deputies if d["name"] == "张秀英")["published_suggestions"] == 2
    answers = json.loads(anon.get("/portal/open-data/answers.json").content)["results"]
    assert len(answers) == 2
    stats = json.loads(anon.get("/portal/open-data/statistics.json").content)["results"]
    assert stats[0]["total"] == 2 and stats[0]["class_a"] == 1 and stats[0]["class_b"] == 1
    assert stats[0]["solved_rate"] == "100.0"
    assert anon.get("/portal/open-data/nope.csv").status_code == 404
    assert anon.get("/portal/open-data/").status_code == 200
    # another congress's downloads hold only its own data
    other = json.loads(anon.get(f"/portal/c/{world.b.congress.pk}/open-data/suggestions.json").content)
    assert [x["title"] for x in other["results"]] == ["乙县公开的供水管网改造建议"]


def test_popolo(world, published, anon):
    data = json.loads(anon.get("/portal/open-data/popolo.json").content)
    assert {p["name"] for p in data["persons"]} == {"张秀英", "李建华"}
    kinds = {o["classification"] for o in data["organizations"]}
    assert kinds == {"legislature", "deputy_group", "liaison_station"}
    person_ids = {p["id"] for p in data["persons"]}
    org_ids = {o["id"] for o in data["organizations"]}
    assert all(m["person_id"] in person_ids and m["organization_id"] in org_ids for m in data["memberships"])
    assert "13800138001" not in json.dumps(data) and "1971" not in json.dumps(data)


def test_api_needs_no_sign_in(world, published, anon):
    r = anon.get("/api/v1/portal/suggestions")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["count"] == 2 and {x["deputy"] for x in body["results"]} == {"张秀英"}
    assert anon.get("/api/v1/portal/suggestions?reply_class=B").json()["count"] == 1
    # the written forms units and congresses use mean the same class
    for written in ("乙类", "B类", "正在解决", "ｂ"):
        assert anon.get(f"/api/v1/portal/suggestions?reply_class={written}").json()["count"] == 1, written
    assert anon.get("/api/v1/portal/suggestions?q=公路").json()["count"] == 1
    assert anon.get(f"/api/v1/portal/suggestions?c={world.b.congress.pk}").json()["count"] == 1
    sid = published.p1.pk
    assert anon.get(f"/api/v1/portal/suggestions/{sid}").json()["plan"].startswith("办理方案")
    assert anon.get(f"/api/v1/portal/suggestions/{published.unpub.pk}").status_code == 404
    assert anon.get("/api/v1/portal/deputies").json()["count"] == 2
    assert anon.get("/api/v1/portal/deputies/popolo").status_code == 200
    assert anon.get("/api/v1/portal/answers").json()["count"] == 2
    year = anon.get("/api/v1/portal/statistics").json()[0]
    # A and B of two answered: the rate as text with the congress's places, not the float 100.0
    assert year["total"] == 2 and year["solved_rate"] == "100.0"
    assert anon.get("/api/v1/portal/congresses").status_code == 200
    assert anon.get("/api/v1/portal/licence").json()["name"] == "CC BY 4.0"
    assert anon.get("/api/v1/portal/articles").json()["count"] == 0
    # malformed input: JSON errors, never a 500
    for bad in [
        "?c=abc",
        "?c=999999",
        "?year=abc",
        "?reply_class=ZZ",
        "?page=0",
        "?page_size=100000",
        "?q=" + "x" * 300,
    ]:
        r = anon.get("/api/v1/portal/suggestions" + bad)
        assert r.status_code in (400, 404, 422), (bad, r.status_code)
        assert r["Content-Type"].startswith("application/json")
    # a signed-in user gets the same public data (no more)
    assert client_for(world.a.staff).get("/api/v1/portal/suggestions").json()["count"] == 2
