"""Uploaded files are reachable only through views that check the reader's scope.

Every stored file of every FileField is fetched by its raw path (``/media/...``), anonymously and as
a user of another scope, with the development URLconf (DEBUG on, where ``MEDIA_URL`` used to be
served): nothing comes back. The same file through its checked view: 200 for an allowed reader,
404 for a forbidden one. Stored names are random; the original name comes back in
``Content-Disposition``.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.test import Client
from django.urls import clear_url_caches, reverse

from renda.cases import services as engine
from renda.core.choices import OrganizationKind, Role
from renda.core.models import Membership, Organization, User
from renda.deputies import services as deputy_services
from renda.documents.uploads import has_random_name, rename_to_random
from renda.portal import services as portal_services
from tests.samples import DOCX, PDF, PNG, upload
from tests.suggestions import conftest as suggestion_fixtures

# The suggestions app's realistic county (units, deputies, an assigned suggestion), reused here.
w, freeze, draft = suggestion_fixtures.w, suggestion_fixtures.freeze, suggestion_fixtures.draft
submitted, assigned = suggestion_fixtures.submitted, suggestion_fixtures.assigned

SRC = Path(__file__).resolve().parents[2] / "src" / "renda"

# Every model field that stores a file, and the name of the view that serves it after a check.
CHECKED_VIEWS = {
    ("cases.Attachment", "file"): "cases:attachment",
    ("deputies.ActivityAttachment", "file"): "deputies:activity_attachment",
    ("portal.Article", "cover"): "portal:article_cover",
    ("portal.ArticleAttachment", "file"): "portal:attachment",
    ("meetings.MeetingDocument", "file"): "meetings:document_download",
    ("elections.ReviewReport", "file"): "elections:review_report_file",
    ("oversight.Appointment", "oath_recording"): "oversight:appointment_recording",
    ("oversight.FilingFile", "file"): "oversight:filing_file",
    ("oversight.StatutoryReport", "file"): "oversight:report_file",
}


@pytest.fixture
def debug_urls(settings):
    """The URLconf as a developer runs it (DEBUG on), rebuilt for this test and restored after it."""
    import renda.urls

    settings.DEBUG = True
    importlib.reload(renda.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(renda.urls)
    clear_url_caches()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _client(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def _user(username: str, org: Organization, role: str) -> User:
    user = User.objects.create_user(username=username, password="x", full_name=username)
    Membership.objects.create(user=user, organization=org, role=role)
    return user


@pytest.fixture
def files(w, assigned):
    """One stored file of each kind, made through the real services, with who may and may not read it."""
    other_office = Organization.objects.create(
        congress=w.other, name="邻县人大常委会办公室", kind=OrganizationKind.CONGRESS_OFFICE
    )
    w.other_staff = _user("other_staff", other_office, Role.STAFF)
    unit_c = Organization.objects.create(
        congress=w.congress, name="县水利局", kind=OrganizationKind.GOVERNMENT_DEPARTMENT
    )
    w.clerk_c = _user("clerk_c", unit_c, Role.UNIT_CLERK)  # a unit the case is not assigned to

    s = assigned()
    case_file = engine.attachment_add(actor=w.clerk_a, case=s.case, file=upload("办理情况说明.pdf", PDF))
    activity = deputy_services.activity_create(
        actor=w.staff,
        congress=w.congress,
        kind="inspection",
        title="视察城关小学",
        occurred_on=w.session.start_date,
    )
    evidence = deputy_services.activity_attach(
        actor=w.staff, activity=activity, file=upload("签到表.docx", DOCX)
    )
    article = portal_services.article_create(
        actor=w.staff,
        congress=w.congress,
        channel="news",
        title="未发布的新闻",
        cover=upload("封面.png", PNG),
    )
    portal_file = portal_services.article_attachment_add(
        actor=w.staff, article=article, file=upload("内部通知.pdf", PDF)
    )
    return [
        # (object, field, view argument, original name, allowed readers, forbidden readers)
        (case_file, "file", case_file.pk, "办理情况说明.pdf", [w.clerk_a, w.deputy, w.staff], [None, w.clerk_c, w.other_staff]),
        (evidence, "file", evidence.pk, "签到表.docx", [w.staff, w.leader], [None, w.clerk_a, w.other_staff, w.deputy]),
        (article, "cover", article.pk, None, [w.staff, w.leader], [None, w.clerk_a, w.other_staff, w.deputy]),
        (portal_file, "file", portal_file.pk, "内部通知.pdf", [w.staff], [None, w.clerk_a, w.other_staff, w.deputy]),
    ]  # fmt: skip


def _file_fields():
    for model in apps.get_models():
        for f in model._meta.get_fields():
            if isinstance(f, models.FileField):
                yield model, f


def test_every_file_field_has_a_checked_view():
    found = {(m._meta.label, f.name) for m, f in _file_fields()}
    assert found == set(CHECKED_VIEWS), "a new FileField needs an access-checked view (and this map)"


def test_no_template_links_a_file_by_its_storage_url():
    pattern = re.compile(r"\.(file|cover|image|attachment|photo)\.url\b")
    offenders = [
        str(p.relative_to(SRC)) for p in SRC.rglob("*.html") if pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_raw_media_paths_serve_nothing(files, w, debug_urls, settings):
    stored = []
    for model, field in _file_fields():  # every stored file of every file field, not only ours
        for obj in model.objects.exclude(**{field.name: ""}):
            stored.append(getattr(obj, field.name).name)
    assert len(stored) == 4
    for name in stored:
        assert Path(settings.MEDIA_ROOT, name).is_file()
        for user in (None, w.clerk_c, w.other_staff, w.staff):
            for prefix in (settings.MEDIA_URL, "/media/"):
                r = _client(user).get(prefix + name)
                assert r.status_code == 404, (name, user)
                assert b"%PDF" not in b"".join(getattr(r, "streaming_content", [r.content]))


def test_files_only_through_their_checked_view(files):
    for obj, field, pk, original, allowed, forbidden in files:
        label = (obj._meta.label, field)
        url = reverse(CHECKED_VIEWS[label], kwargs={"pk": pk})
        stored = getattr(obj, field).name
        assert has_random_name(stored), stored
        if original:
            assert Path(original).stem not in stored
        for user in allowed:
            r = _client(user).get(url)
            assert r.status_code == 200, (label, user)
            body = b"".join(r.streaming_content)
            assert body == getattr(obj, field).open("rb").read()
            assert r["X-Content-Type-Options"] == "nosniff"
            if original:
                assert f"filename*=UTF-8''{quote(original)}" in r["Content-Disposition"]
                assert "private" in r["Cache-Control"] and "no-store" in r["Cache-Control"]
        for user in forbidden:
            r = _client(user).get(url)
            assert r.status_code == 404, (label, user)


def test_activity_page_links_evidence_through_the_checked_view(files, w):
    evidence = files[1][0]
    page = (
        _client(w.staff)
        .get(reverse("deputies:activity_detail", args=[evidence.activity_id]))
        .content.decode()
    )
    assert reverse("deputies:activity_attachment", args=[evidence.pk]) in page
    assert "/media/" not in page


@pytest.mark.parametrize("mode", ["nginx", "apache"])
def test_web_server_sends_the_file_after_the_check(files, w, settings, mode):
    settings.RENDA_FILE_SERVING = mode
    settings.RENDA_FILE_INTERNAL_URL = "/_protected_media/"
    case_file = files[0][0]
    url = reverse("cases:attachment", kwargs={"pk": case_file.pk})
    r = _client(w.clerk_a).get(url)
    assert r.status_code == 200 and r.content == b""
    if mode == "nginx":
        assert r["X-Accel-Redirect"] == "/_protected_media/" + quote(case_file.file.name)
    else:
        assert r["X-Sendfile"] == case_file.file.path
    assert f"filename*=UTF-8''{quote('办理情况说明.pdf')}" in r["Content-Disposition"]
    assert _client(w.clerk_c).get(url).status_code == 404  # the check still comes first
    assert "X-Accel-Redirect" not in _client().get(url) and "X-Sendfile" not in _client().get(url)
    settings.RENDA_FILE_SERVING = "ftp"
    with pytest.raises(ImproperlyConfigured):
        _client(w.clerk_a).get(url)


def test_migration_moves_old_guessable_names_to_random_ones(files, settings):
    """Files stored before this change (under their original names) get random names."""
    from renda.cases.models import Attachment

    case_file = files[0][0]
    storage = case_file.file.storage
    old = f"cases/{case_file.case.congress_id}/{case_file.case_id}/答复函.pdf"
    storage.save(old, case_file.file.open("rb"))
    case_file.file.close()
    Attachment.objects.filter(pk=case_file.pk).update(file=old)
    assert rename_to_random(Attachment, "file") == 1
    case_file.refresh_from_db()
    assert has_random_name(case_file.file.name) and case_file.file.name.startswith(
        f"cases/{case_file.case.congress_id}/"
    )
    assert not storage.exists(old)
    assert case_file.file.open("rb").read() == PDF
    assert rename_to_random(Attachment, "file") == 0  # already random: left alone
