"""The only writers of cases. Each service takes ``actor``, runs in one transaction with optimistic
locking, writes an audit event targeting the case and queues notifications after commit."""

from .assign import (
    assignment_sign,
    case_assign,
    case_assign_bulk,
    extension_decide,
    extension_request,
    return_decide,
    return_request,
)
from .attachments import attachment_add
from .case import (
    case_create,
    case_mark_key,
    case_party_add,
    case_publish,
    case_transition,
    case_withhold,
    supervision_record,
)
from .config import calendar_day_set, case_setting_update
from .handling import co_handler_opinion_send, contact_record, plan_submit, progress_report, reply_submit
from .rating import case_rate
from .signoff import reply_draft_submit, reply_draft_update, reply_send_back, reply_sign_off

__all__ = [
    "assignment_sign",
    "attachment_add",
    "calendar_day_set",
    "case_assign",
    "case_assign_bulk",
    "case_create",
    "case_mark_key",
    "case_party_add",
    "case_publish",
    "case_rate",
    "case_setting_update",
    "case_transition",
    "case_withhold",
    "co_handler_opinion_send",
    "contact_record",
    "extension_decide",
    "extension_request",
    "plan_submit",
    "progress_report",
    "reply_draft_submit",
    "reply_draft_update",
    "reply_send_back",
    "reply_sign_off",
    "reply_submit",
    "return_decide",
    "return_request",
    "supervision_record",
]
