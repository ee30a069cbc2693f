"""Models of the case engine: one ``Case`` table for every kind, and the handling records around it."""

from .case import Case, CaseParty, CaseQuerySet
from .config import CalendarDay, CaseSetting, ReminderLog
from .handling import (
    Assignment,
    Attachment,
    Contact,
    ExtensionRequest,
    HandlingPlan,
    ProgressReport,
    Rating,
    Reply,
    ReplyDraft,
    ReturnRequest,
    Supervision,
)

__all__ = [
    "Assignment",
    "Attachment",
    "CalendarDay",
    "Case",
    "CaseParty",
    "CaseQuerySet",
    "CaseSetting",
    "Contact",
    "ExtensionRequest",
    "HandlingPlan",
    "ProgressReport",
    "Rating",
    "ReminderLog",
    "Reply",
    "ReplyDraft",
    "ReturnRequest",
    "Supervision",
]
