"""Pages of the voting app: the member's ballot, the hall's projector, the chair's control, results,
receipts and the live event stream. Thin: every write goes through ``services``."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from renda.audit.services import record_export
from renda.core.errors import NotFoundError, PermissionDeniedError, RendaError
from renda.core.forms import apply_service_error
from renda.core.models import Congress
from renda.core.permissions import resource_required
from renda.documents.excel import Sheet, workbook_bytes, xlsx_response

from . import live, selectors, services
from .choices import VoteState
from .forms import PaperEntryForm, PaperIssueForm, VoteCreateForm
from .models import Vote
from .owners import get_owner

RESOURCE = "voting.votes"


def _vote(request: HttpRequest, pk: int) -> Vote:
    try:
        return selectors.get_vote_for(request.user, pk)
    except NotFoundError:
        raise Http404(_("表决不存在。")) from None


def _subject(vote: Vote) -> tuple[str, str]:
    owner = get_owner(vote.owner_code)
    if owner is None:
        return "", ""
    try:
        return owner.subject_label(vote.owner_id), owner.subject_url(vote.owner_id)
    except Exception:  # the owner's record was removed
        return "", ""


def _context(request: HttpRequest, vote: Vote, **extra: Any) -> dict[str, Any]:
    subject_label, subject_url = _subject(vote)
    return {
        "vote": vote,
        "snap": selectors.live_snapshot(vote.pk) or {},
        "is_chair": services.can_chair(request.user, vote),
        "subject_label": subject_label,
        "subject_url": subject_url,
        **extra,
    }


@resource_required(RESOURCE)
@require_GET
def vote_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.votes_for(request.user)
    state = request.GET.get("state", "")
    if state in VoteState.values:
        qs = qs.filter(state=state)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        qs = qs.filter(title__icontains=q)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "voting/list.html",
        {"page": page, "state": state, "q": q, "states": VoteState.choices},
    )


@resource_required(RESOURCE)
@require_http_methods(["GET", "POST"])
def vote_create(request: HttpRequest, owner_code: str, owner_id: int) -> HttpResponse:
    owner = get_owner(owner_code)
    if owner is None:
        raise Http404(_("事项不存在。"))
    try:
        subject_label, subject_url = owner.subject_label(owner_id), owner.subject_url(owner_id)
    except Exception:
        raise Http404(_("事项不存在。")) from None
    congress_id = request.GET.get("congress") or request.POST.get("congress")
    congress = Congress.objects.filter(pk=congress_id).first() if str(congress_id or "").isdigit() else None
    if congress is None:
        raise Http404(_("人大不存在。"))
    form = VoteCreateForm(request.POST or None, initial={"title": subject_label})
    if request.method == "POST" and form.is_valid():
        try:
            vote = services.vote_create(
                actor=request.user,
                congress=congress,
                owner_code=owner_code,
                owner_id=owner_id,
                **form.service_kwargs(),
            )
        except PermissionDeniedError:
            raise
        except RendaError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("表决已建立,可在主持页面开始表决。"))
            return redirect("voting:control", pk=vote.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "voting/create.html",
        {"form": form, "congress": congress, "subject_label": subject_label, "subject_url": subject_url},
        status=status,
    )


@resource_required(RESOURCE)
@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest, pk: int) -> HttpResponse:
    """The member's own voting page: big buttons, one per option; usable at 390 px."""
    vote = _vote(request, pk)
    is_member = selectors.is_member(vote, request.user)
    error = ""
    cast = None
    key = request.POST.get("idempotency_key", "") if request.method == "POST" else secrets.token_urlsafe(24)
    if request.method == "POST":
        if not is_member:
            raise Http404(_("表决不存在。"))
        choices = request.POST.getlist("choice")
        for name in request.POST.getlist("write_in"):
            if name.strip():
                choices.append("w:" + name.strip())
        try:
            cast = services.vote_cast(
                actor=request.user,
                vote=vote,
                choices=choices,
                idempotency_key=key,
                receipt_code=request.POST.get("receipt_code", ""),
            )
        except RendaError as exc:
            error = exc.message
        else:
            if not vote.is_secret:
                messages.success(request, _("投票成功。"))
                return redirect("voting:ballot", pk=vote.pk)
            key = secrets.token_urlsafe(24)  # a later change is a new request
    vote.refresh_from_db()
    voted = is_member and selectors.has_voted(vote, request.user)
    mine = selectors.my_roll_call_choices(vote, request.user) if voted else []
    ctx = _context(
        request,
        vote,
        is_member=is_member,
        voted=voted,
        my_choices=selectors.choices_text(vote, mine) if mine else "",
        cast=cast,
        cast_text=selectors.choices_text(vote, cast.choices) if cast else "",
        error=error,
        key=key,
        options=vote.options(),
        write_ins=range(vote.seats) if vote.allow_write_in else range(0),
        can_vote_now=is_member and vote.state == VoteState.OPEN and (not voted or vote.may_change),
        result=selectors.result_view(vote),
    )
    return render(request, "voting/ballot.html", ctx, status=400 if error else 200)


@resource_required(RESOURCE)
@require_GET
def projector(request: HttpRequest, pk: int) -> HttpResponse:
    """The hall's big screen: counts and who has voted, never how; the result at close."""
    vote = _vote(request, pk)
    if not services.can_chair(request.user, vote):
        raise Http404(_("表决不存在。"))
    members = selectors.members_with_state(vote)
    show_names = len(members) <= selectors.NAMES_ON_SCREEN_MAX
    return render(
        request,
        "voting/projector.html",
        _context(request, vote, members=members if show_names else [], result=selectors.result_view(vote)),
    )


@resource_required(RESOURCE)
@require_http_methods(["GET", "POST"])
def control(request: HttpRequest, pk: int) -> HttpResponse:
    """The chair's page: open and close, progress, paper ballots."""
    vote = _vote(request, pk)
    if not services.can_chair(request.user, vote):
        raise Http404(_("表决不存在。"))
    members = selectors.members_with_state(vote)
    action = request.POST.get("action", "")
    entry_form = PaperEntryForm(request.POST if action == "paper_enter" else None, vote=vote, members=members)
    issue_form = PaperIssueForm(request.POST if action == "paper_issue" else None, members=members)
    status = 200
    if request.method == "POST":
        try:
            if action == "open":
                services.vote_open(actor=request.user, vote=vote)
                messages.success(request, _("表决已开始。"))
                return redirect("voting:control", pk=pk)
            if action == "close":
                services.vote_close(actor=request.user, vote=vote)
                messages.success(request, _("表决已结束,结果已记录。"))
                return redirect("voting:result", pk=pk)
            if action == "paper_issue" and issue_form.is_valid():
                services.paper_issue(
                    actor=request.user, vote=vote, member_id=issue_form.cleaned_data["member"]
                )
                messages.success(request, _("已登记发放纸质选票。"))
                return redirect("voting:control", pk=pk)
            if action == "paper_enter" and entry_form.is_valid():
                outcome = services.paper_enter(
                    actor=request.user,
                    vote=vote,
                    sheet_code=entry_form.cleaned_data["sheet_code"],
                    choices=entry_form.choices_list(),
                    member_id=entry_form.cleaned_data.get("member"),
                )
                (messages.success if outcome.state == "counted" else messages.warning)(
                    request, outcome.message
                )
                return redirect("voting:control", pk=pk)
            status = 400
        except RendaError as exc:
            status = 400
            if action == "paper_enter":
                apply_service_error(entry_form, exc)
            elif action == "paper_issue":
                apply_service_error(issue_form, exc)
            else:
                messages.error(request, exc.message)
        vote.refresh_from_db()
    return render(
        request,
        "voting/control.html",
        _context(
            request,
            vote,
            members=members,
            entry_form=entry_form,
            issue_form=issue_form,
            sheets=selectors.paper_sheets(vote),
            result=selectors.result_view(vote),
        ),
        status=status,
    )


@resource_required(RESOURCE)
@require_GET
def result(request: HttpRequest, pk: int) -> HttpResponse:
    vote = _vote(request, pk)
    rows: list[tuple[str, str]] = []
    if vote.state == VoteState.CLOSED and not vote.is_secret:
        from .models import Ballot

        names = {c.key: c.name for c in vote.candidates.all()}
        rows = [
            (b.user.display_name, selectors.choices_text(vote, list(b.choices), names))
            for b in Ballot.objects.filter(vote=vote).select_related("user").order_by("user__full_name", "pk")
        ]
    return render(
        request, "voting/result.html", _context(request, vote, result=selectors.result_view(vote), rows=rows)
    )


@resource_required(RESOURCE)
@require_GET
def receipts(request: HttpRequest, pk: int) -> HttpResponse:
    """After close of a secret vote: every receipt code and its choices, so each voter checks theirs."""
    vote = _vote(request, pk)
    all_rows = selectors.published_receipts(vote)
    code = request.GET.get("code", "").strip().upper()[:24]
    if request.GET.get("export") == "xlsx" and all_rows:
        sheet = Sheet(title=_("回执码"), headers=[_("回执码"), _("选择")], rows=[list(r) for r in all_rows])
        record_export(request, action="vote_receipts.export", rows=len(all_rows), congress=vote.congress)
        return xlsx_response(workbook_bytes([sheet]), _("表决回执码") + f"-{vote.pk}.xlsx")
    rows = [r for r in all_rows if code in r[0]] if code else all_rows
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    found = next((r for r in all_rows if r[0] == code), None) if code else None
    return render(
        request,
        "voting/receipts.html",
        _context(request, vote, page=page, code=code, found=found, total=len(all_rows)),
    )


@resource_required(RESOURCE)
@require_GET
def events(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """Server-sent events: the vote's snapshot whenever it changes (EventSource on every live page)."""
    vote = _vote(request, pk)
    # ?for=member: a member's own ballot page, paced at up to one message a second
    return live.hub.response_for(request, vote.pk, member_page=request.GET.get("for") == "member")
