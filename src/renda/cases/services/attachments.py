"""Attachments: PDF, Word (.docx), Excel (.xlsx) and images, checked in full by the project's one
upload checker (``renda.documents.uploads``) and stored under a random name."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.errors import ValidationFailed
from renda.documents.uploads import ALLOWED_TYPES, check_upload

from ..models import Attachment, Case, Reply
from ._common import audit, ensure, lock_case, policy_of, settings_for

__all__ = ["ALLOWED_TYPES", "attachment_add", "check_upload"]


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
