"""The follow-up on the engine's case page: deputies read it and record an inspection with a photo;
the unit reports progress through the engine's step; the photo is public on the portal."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from renda.cases.services import assignment_sign
from renda.livelihood.models import CandidateProject, InspectionVisit

from .conftest import TITLES, login, make_programme, run_ballot, to_voting


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (4, 4), (30, 120, 60)).save(buf, format="PNG")
    return buf.getvalue()


@pytest.mark.clock("2026-03-10 10:00")
def test_inspection_and_progress_on_the_case_page(w):
    p, projects = make_programme(w)
    p = to_voting(w, p, projects)
    p, _vote = run_ballot(w, p, {u: TITLES[:3] for u in w.deputies})
    project = CandidateProject.objects.get(programme=p, title=TITLES[0])
    case = project.case
    deputy = login(w.deputies[2])
    page = deputy.get(f"/cases/{case.pk}/")
    assert page.status_code == 200 and "livelihood-subject" in page.content.decode()
    assert "记录代表视察" in page.content.decode()
    r = deputy.post(f"/cases/{case.pk}/do/inspect/", {"visited_on": "2026-03-09", "deputies": "何建平、吴海燕",
                    "findings": "", "photo": SimpleUploadedFile("a.png", _png(), "image/png")})  # fmt: skip
    assert r.status_code == 400 and "请填写视察意见" in r.content.decode()
    r = deputy.post(f"/cases/{case.pk}/do/inspect/", {"visited_on": "2026-03-09", "deputies": "何建平、吴海燕",
                    "findings": "施工现场管理规范。", "photo": SimpleUploadedFile("a.png", _png(), "image/png")})  # fmt: skip
    assert r.status_code in (200, 302)
    visit = InspectionVisit.objects.get()
    photo = visit.photos.get()
    from django.test import Client

    assert Client().get(f"/cases/attachments/{photo.pk}/").status_code == 200  # public on the portal
    # The unit clerk signs and reports progress through the engine.
    a = case.assignments.get()
    clerk = login(w.clerk)
    assignment_sign(actor=w.clerk, assignment=a)
    r = clerk.post(
        f"/cases/{case.pk}/do/progress/", {"assignment": a.pk, "text": "完成设备采购", "percent_done": 60}
    )
    assert r.status_code in (200, 302)
    assert a.progress_reports.get().percent_done == 60
    # A deputy of the neighbouring county cannot read it.
    assert login(w.world.sibling.users["deputy"]).get(f"/cases/{case.pk}/").status_code in (403, 404)
