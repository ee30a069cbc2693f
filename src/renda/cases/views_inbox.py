"""The inbox page ``/cases/inbox/`` and its Excel export: thin over ``renda.cases.inbox.inbox_for``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from renda.audit.services import record_export
from renda.documents.excel import Sheet, timestamped, workbook_bytes, xlsx_response

from .inbox import DeadlineFilter, InboxFilters, inbox_for, inbox_sources
from .policies import kind_choices, registered_policies

PAGE_SIZE = 20
EXPORT_LIMIT = 5000


def state_choices(kind: str = "") -> list[tuple[str, str]]:
    """The states of one kind, or of every kind (one entry per code, the first kind's label)."""
    seen: dict[str, str] = {}
    for policy in registered_policies():
        if kind and policy.kind != kind:
            continue
        for code, label in policy.state_choices():
            seen.setdefault(code, label)
    return list(seen.items())


class InboxFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("类别"), required=False)
    reason = forms.ChoiceField(label=_("待办事项"), required=False)
    state = forms.ChoiceField(label=_("状态"), required=False)
    deadline = forms.ChoiceField(label=_("期限"), required=False, choices=DeadlineFilter.choices)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("全部类别")), *kind_choices()]
        self.fields["reason"].choices = [("", _("全部待办")), *((s.code, s.label) for s in inbox_sources())]
        kind = self.data.get("kind", "") if self.is_bound else ""
        if kind not in dict(kind_choices()):
            kind = ""
        self.fields["state"].choices = [("", _("全部状态")), *state_choices(kind)]
        self.fields["q"].widget.attrs.update({"placeholder": _("编号或标题")})

    def filters(self) -> InboxFilters:
        if not self.is_bound or not self.is_valid():
            # an unknown value (a stale link, a hand-made URL) filters nothing rather than failing
            data = {k: v for k, v in (self.cleaned_data if self.is_bound else {}).items() if v}
            return InboxFilters(**{k: v for k, v in data.items() if k in InboxFilters.__dataclass_fields__})
        data = self.cleaned_data
        return InboxFilters(
            kind=data.get("kind") or "",
            reason=data.get("reason") or "",
            state=data.get("state") or "",
            deadline=data.get("deadline") or "",
            q=(data.get("q") or "").strip(),
        )


def _form_and_result(request: HttpRequest) -> tuple[InboxFilterForm, InboxFilters, Any]:
    form = InboxFilterForm(request.GET or None)
    filters = form.filters()
    return form, filters, inbox_for(request.user, filters=filters)


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    form, filters, result = _form_and_result(request)
    page = Paginator(result.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    entries = result.entries(page.object_list)
    return render(
        request,
        "cases/inbox.html",
        {
            "form": form,
            "filters": filters,
            "result": result,
            "page": page,
            "entries": entries,
            "filtered": any([filters.kind, filters.state, filters.deadline, filters.q]),
        },
    )


@login_required
@require_GET
def inbox_export(request: HttpRequest) -> HttpResponse:
    _form, _filters, result = _form_and_result(request)
    entries = result.entries(result.rows[:EXPORT_LIMIT])
    rows = [
        [
            e.case.number,
            e.case.title,
            e.kind_label,
            e.state_label,
            e.reason_label,
            e.unit.name if e.unit else "",
            e.deadline,
            e.deadline_label,
        ]
        for e in entries
    ]
    sheet = Sheet(
        title=_g("我的待办"),
        headers=[
            _g("编号"),
            _g("标题"),
            _g("类别"),
            _g("状态"),
            _g("待办事项"),
            _g("单位"),
            _g("期限"),
            _g("提醒"),
        ],
        rows=rows,
        widths=[16, 40, 16, 12, 18, 24, 12, 10],
    )
    record_export(request, action="case_inbox.export", rows=len(rows))
    return xlsx_response(workbook_bytes([sheet]), timestamped(_g("我的待办")))
