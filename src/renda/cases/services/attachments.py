"""Attachments: PDF, Word, Excel and images, checked by extension and by their first bytes."""

from __future__ import annotations

import os
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.errors import ValidationFailed

from ..models import Attachment, Case, Reply
from ._common import audit, ensure, lock_case, policy_of, settings_for

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls
ZIP = b"PK\x03\x04"  # .docx / .xlsx

# extension → (content type, accepted signatures)
ALLOWED_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".doc": ("application/msword", (OLE,)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (ZIP,)),
    ".xls": ("application/vnd.ms-excel", (OLE,)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".gif": ("image/gif", (b"GIF87a", b"GIF89a")),
}


def check_upload(upload: Any, max_mb: int) -> tuple[str, str]:
    """Return (safe original name, content type) or raise ``ValidationFailed`` naming the field."""
    if upload is None or not getattr(upload, "name", ""):
        raise ValidationFailed(_("请选择要上传的文件。"), field="file")
    name = os.path.basename(str(upload.name)).strip()[:255]
    ext = os.path.splitext(name)[1].lower()
    if ext not in ALLOWED_TYPES:
        raise ValidationFailed(_("只能上传PDF、Word、Excel或图片(PNG、JPG、GIF)文件。"), field="file")
    size = int(getattr(upload, "size", 0) or 0)
    if size <= 0:
        raise ValidationFailed(_("文件为空。"), field="file")
    if size > max_mb * 1024 * 1024:
        raise ValidationFailed(_("文件不能超过%(n)sMB。") % {"n": max_mb}, field="file")
    content_type, signatures = ALLOWED_TYPES[ext]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if isinstance(head, str):  # pragma: no cover - text-mode file objects
        head = head.encode("latin-1")
    if not any(head.startswith(sig) for sig in signatures):
        raise ValidationFailed(_("文件内容与扩展名“%(e)s”不符。") % {"e": ext}, field="file")
    return name, content_type


def attachment_add(*, actor: Any, case: Case, file: Any, reply: Reply | None = None) -> Attachment:
    policy = policy_of(case)
    ensure(policy.can_attach, actor, case, _("您不能为该案件上传附件。"))
    if reply is not None and reply.case_id != case.pk:
        raise ValidationFailed(_("所选答复不属于该案件。"), field="reply")
    name, content_type = check_upload(file, settings_for(case.congress_id).attachment_max_mb)
    with transaction.atomic():
        locked = lock_case(case, check_version=False)
        attachment = Attachment(
            case=locked,
            reply=reply,
            original_name=name,
            content_type=content_type,
            size=file.size,
            uploaded_by=actor,
        )
        attachment.file.save(name, file, save=False)
        attachment.save()
        audit(
            actor,
            "case.attach",
            locked,
            after={
                "attachment_id": attachment.pk,
                "name": name,
                "size": file.size,
                "reply_id": getattr(reply, "pk", None),
            },
        )
    return attachment
