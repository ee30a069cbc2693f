"""Articles: the services (four eyes, states, audit, sanitising, files) and the staff editor pages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from renda.audit.models import Event
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.portal import services
from renda.portal.models import Article
from renda.portal.sanitize import sanitize_html
from tests.samples import PDF, PNG

from .conftest import client_for


def test_sanitiser_keeps_the_whitelist_and_drops_the_rest():
    dirty = (
        '<p onclick="x()" style="color:red">正文<script>alert(1)</script><b>粗</b></p>'
        '<a href="javascript:alert(1)">坏</a><a href="https://www.npc.gov.cn/">好</a>'
        '<img src="https://evil.example/x.png"><img src="/portal/a.png" alt="图">'
        "<iframe src=/x></iframe><style>p{}</style><!-- 注释 --><table><tr><td colspan=2>格</td></tr></table>"
        "<h2>小标题</h2>&lt;tag&gt;<unknown>文字</unknown>"
    )
    clean = sanitize_html(dirty)
    assert "script" not in clean and "alert" not in clean and "onclick" not in clean and "style" not in clean
    assert "<b>粗</b>" in clean and "<h2>小标题</h2>" in clean
    assert '<a rel="noopener noreferrer nofollow">坏</a>' in clean
    assert 'href="https://www.npc.gov.cn/"' in clean
    assert "evil.example" not in clean and '<img src="/portal/a.png" alt="图">' in clean
    assert "iframe" not in clean and "注释" not in clean
    assert '<td colspan="2">格</td>' in clean
    assert "&lt;tag&gt;" in clean and "文字" in clean and "unknown" not in clean
    assert sanitize_html("<p><b>未闭合") == "<p><b>未闭合</b></p>"


def test_workflow_four_eyes_and_audit(world):
    c = world.a
    a = services.article_create(
        actor=c.staff, congress=c.congress, channel="news", title=" 标题 ", body="<p>x</p>"
    )
    assert a.title == "标题" and a.summary == "x" and a.state == "draft"
    with pytest.raises(ConflictError):
        services.article_publish(actor=c.leader, article=a)  # not in review yet
    a = services.article_submit(actor=c.staff, article=a)
    with pytest.raises(PermissionDeniedError):
        services.article_publish(actor=c.staff, article=a)  # the author may not publish
    with pytest.raises(PermissionDeniedError):
        services.article_publish(actor=world.b.leader, article=a)  # another congress's leader
    with pytest.raises(PermissionDeniedError):
        services.article_publish(actor=c.clerk, article=a)
    with pytest.raises(ValidationFailed):
        services.article_return(actor=c.staff2, article=a, note="")
    a = services.article_return(actor=c.staff2, article=a, note="请补充图片")
    assert a.state == "draft" and a.review_note == "请补充图片"
    a = services.article_submit(actor=c.staff, article=a)
    a = services.article_publish(actor=c.staff2, article=a)  # another staff member may
    assert a.state == "published" and a.reviewer == c.staff2 and a.is_live
    with pytest.raises(ConflictError):
        services.article_update(actor=c.staff, article=a, channel="news", title="改", version=a.version)
    a = services.article_unpublish(actor=c.staff, article=a, reason="内容有误")
    assert a.state == "unpublished" and not Article.objects.published().filter(pk=a.pk).exists()
    actions = list(
        Event.objects.filter(target_type="portal.article", target_id=str(a.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "article.create",
        "article.submit",
        "article.return",
        "article.submit",
        "article.publish",
        "article.unpublish",
    ]


def test_validation_and_stale_versions(world):
    c = world.a
    with pytest.raises(ValidationFailed) as exc:
        services.article_create(actor=c.staff, congress=c.congress, channel="nope", title="")
    assert set(exc.value.fields) == {"channel", "title"}
    with pytest.raises(PermissionDeniedError):
        services.article_create(actor=c.deputies[0], congress=c.congress, channel="news", title="代表不能写")
    with pytest.raises(PermissionDeniedError):
        services.article_create(actor=world.b.staff, congress=c.congress, channel="news", title="外县不能写")
    a = services.article_create(actor=c.staff, congress=c.congress, channel="news", title="t")
    services.article_update(actor=c.staff, article=a, channel="news", title="t2", version=a.version)
    with pytest.raises(ConflictError):
        services.article_update(actor=c.staff2, article=a, channel="news", title="t3", version=1)


def test_files_checked_by_extension_and_content(world, anon):
    c = world.a
    a = services.article_create(
        actor=c.staff,
        congress=c.congress,
        channel="news",
        title="有图",
        cover=SimpleUploadedFile("cover.png", PNG, content_type="image/png"),
    )
    with pytest.raises(ValidationFailed):
        services.article_attachment_add(
            actor=c.staff,
            article=a,
            file=SimpleUploadedFile("fake.pdf", b"MZ\x90\x00", content_type="application/pdf"),
        )
    with pytest.raises(ValidationFailed):
        services.article_attachment_add(actor=c.staff, article=a, file=SimpleUploadedFile("x.exe", b"MZ"))
    with pytest.raises(ValidationFailed):
        services.article_create(
            actor=c.staff,
            congress=c.congress,
            channel="news",
            title="x",
            cover=SimpleUploadedFile("c.pdf", PDF),
        )
    att = services.article_attachment_add(actor=c.staff, article=a, file=SimpleUploadedFile("通知.pdf", PDF))
    # not public before publication
    assert anon.get(f"/portal/attachments/{att.pk}/").status_code == 404
    assert anon.get(f"/portal/articles/{a.pk}/cover/").status_code == 404
    assert client_for(c.staff2).get(f"/portal/attachments/{att.pk}/").status_code == 200
    services.article_submit(actor=c.staff, article=a)
    services.article_publish(actor=c.leader, article=a)
    r = anon.get(f"/portal/attachments/{att.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    assert r["X-Content-Type-Options"] == "nosniff"
    assert anon.get(f"/portal/articles/{a.pk}/cover/").status_code == 200
    html = anon.get(f"/portal/articles/{a.pk}/").content.decode()
    assert "通知.pdf" in html and f"/portal/articles/{a.pk}/cover/" in html


def test_editor_pages_drive_the_workflow(world, anon):
    c = world.a
    staff = client_for(c.staff)
    assert anon.get("/portal/editor/").status_code == 302
    assert client_for(c.deputies[0]).get("/portal/editor/").status_code == 403
    r = staff.post(
        "/portal/editor/new/", {"congress": c.congress.pk, "channel": "news", "title": "", "body": "<p>x</p>"}
    )
    assert (
        r.status_code == 200
        and "请填写标题" in r.content.decode()
        and "&lt;p&gt;x&lt;/p&gt;" in r.content.decode()
    )
    r = staff.post(
        "/portal/editor/new/",
        {
            "congress": c.congress.pk,
            "channel": "news",
            "title": "编辑器新闻",
            "body": "<p>正文<script>x</script></p>",
        },
    )
    a = Article.objects.get(title="编辑器新闻")
    assert r.status_code == 302 and a.body == "<p>正文</p>"
    r = staff.post(
        f"/portal/editor/{a.pk}/edit/",
        {"channel": "notice", "title": "编辑器公告", "body": "", "version": a.version},
    )
    assert r.status_code == 302
    staff.post(f"/portal/editor/{a.pk}/act/attach/", {"file": SimpleUploadedFile("a.pdf", PDF)})
    assert a.attachments.count() == 1
    staff.post(f"/portal/editor/{a.pk}/act/detach/", {"attachment": a.attachments.get().pk})
    assert a.attachments.count() == 0
    staff.post(f"/portal/editor/{a.pk}/act/submit/", {})
    a.refresh_from_db()
    assert a.state == "in_review"
    page = staff.get(f"/portal/editor/{a.pk}/").content.decode()
    assert "撰稿人不能发布自己的文章" in page
    staff.post(f"/portal/editor/{a.pk}/act/publish/", {})
    a.refresh_from_db()
    assert a.state == "in_review"  # refused: the author
    leader = client_for(c.leader)
    r = leader.post(f"/portal/editor/{a.pk}/act/publish/", {"publish_at": "garbage"})
    a.refresh_from_db()
    assert a.state == "in_review"
    leader.post(f"/portal/editor/{a.pk}/act/publish/", {"publish_at": ""})
    a.refresh_from_db()
    assert a.state == "published"
    assert "编辑器公告" in anon.get("/portal/channel/notice/").content.decode()
    assert leader.post(f"/portal/editor/{a.pk}/act/bogus/", {}).status_code == 404
    # another congress's staff cannot see it
    assert client_for(world.b.staff).get(f"/portal/editor/{a.pk}/").status_code == 404
