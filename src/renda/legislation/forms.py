"""Forms of the legislation pages: they carry the input; the services validate it (their messages are
placed on the field they name), so the page and the API refuse the same things the same way."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.filtersets import RendaFilterSet, SearchFilter  # noqa: F401

from .choices import (
    Adoption,
    CleanupProposal,
    CommentSource,
    ConsultationKind,
    PlanKind,
    ProjectCategory,
    ProjectSource,
    ReadingOrdinal,
    SolicitationKind,
    VoteScope,
)

DATE = forms.DateInput(attrs={"type": "date"})


def _text(label: Any, rows: int = 0, max_length: int = 200_000, **kw: Any) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(label=label, required=False, max_length=max_length, widget=widget, **kw)


class ProjectForm(forms.Form):
    title = _text(_("项目名称"), max_length=200)
    source = forms.ChoiceField(label=_("项目来源"), choices=[("", _("请选择"))] + [
        c for c in ProjectSource.choices if c[0] != ProjectSource.PUBLIC], required=False)  # fmt: skip
    proposer_name = _text(_("提出人/单位"), max_length=100)
    proposer_contact = _text(_("联系方式(不公开)"), max_length=60)
    reason = _text(_("立项理由和主要内容"), rows=5, max_length=5000)
    drafting_body = _text(_("起草单位"), max_length=120)
    responsible_committee = forms.ChoiceField(label=_("牵头委员会"), required=False)
    needs_approval = forms.BooleanField(label=_("须报请省人大常委会批准"), required=False, initial=True)

    def __init__(self, *args: Any, committees: list[tuple[int, str]] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["responsible_committee"].choices = [("", _("请选择"))] + list(committees)


class PublicProposalForm(forms.Form):
    title = _text(_("建议的法规名称"), max_length=200)
    reason = _text(_("立法理由和主要内容"), rows=6, max_length=5000)
    proposer_name = _text(_("姓名或单位"), max_length=100)
    proposer_contact = _text(_("联系电话(不公开)"), max_length=60)
    captcha = forms.CharField(label=_("验证码"), max_length=10, required=False)


class StudyForm(forms.Form):
    note = _text(_("立项论证意见"), rows=3, max_length=5000)


class IncludeForm(forms.Form):
    plan = forms.ChoiceField(label=_("列入计划"), required=False)
    category = forms.ChoiceField(label=_("项目类别"), choices=ProjectCategory.choices, required=False)
    drafting_body = _text(_("起草单位"), max_length=120)
    responsible_committee = forms.ChoiceField(label=_("牵头委员会"), required=False)
    target_readings = forms.ChoiceField(
        label=_("计划审议次数"), choices=[(3, _("三次")), (2, _("两次")), (1, _("一次"))], required=False
    )

    def __init__(self, *args: Any, plans: list = (), committees: list = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [("", _("请选择"))] + list(plans)
        self.fields["responsible_committee"].choices = [("", _("请选择"))] + list(committees)


class VersionForm(forms.Form):
    label = _text(_("版本名称"), max_length=60, help_text=_("如:征求意见稿、一审稿、二审修改稿"))
    text = _text(
        _("草案文本"), rows=14, help_text=_("每条另起一行,以“第一条”“第二条”……开头;章节以“第一章”开头。")
    )
    explanation = _text(_("起草说明"), rows=5)
    review_report = _text(_("审查报告(专门委员会)"), rows=4)


class CompareForm(forms.Form):
    a = forms.ChoiceField(label=_("原版本"), required=False)
    b = forms.ChoiceField(label=_("新版本"), required=False)

    def __init__(self, *args: Any, versions: list = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["a"].choices = list(versions)
        self.fields["b"].choices = list(versions)


class ReadingForm(forms.Form):
    meeting = forms.ChoiceField(label=_("常委会会议"), required=False)
    ordinal = forms.ChoiceField(label=_("审次"), choices=ReadingOrdinal.choices, required=False)
    version = forms.ChoiceField(label=_("审议稿"), required=False)

    def __init__(self, *args: Any, meetings: list = (), versions: list = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [("", _("请选择"))] + list(meetings)
        self.fields["version"].choices = list(versions)


class PeriodForm(forms.Form):
    version = forms.ChoiceField(label=_("征求意见稿"), required=False)
    opens_on = forms.CharField(label=_("开始日期"), required=False, widget=DATE)
    closes_on = forms.CharField(label=_("截止日期"), required=False, widget=DATE)
    notice = _text(_("征求意见公告"), rows=3, max_length=5000)

    def __init__(self, *args: Any, versions: list = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["version"].choices = list(versions)


class ApprovalReportForm(forms.Form):
    approving_body = _text(_("批准机关"), max_length=100, initial="省人民代表大会常务委员会")
    reported_on = forms.CharField(label=_("报请日期"), required=False, widget=DATE)
    report_document = _text(_("报请文件(文号)"), max_length=120)


class ApprovalApproveForm(forms.Form):
    approved_on = forms.CharField(label=_("批准日期"), required=False, widget=DATE)
    approval_document = _text(_("批准文件(文号)"), max_length=120)


class ApprovalFileForm(forms.Form):
    filed_on = forms.CharField(label=_("备案日期"), required=False, widget=DATE)
    filing_document = _text(_("备案报告(文号)"), max_length=120)
    filed_with = _text(_("备案机关"), max_length=200, initial="全国人大常委会、国务院")


class PromulgateForm(forms.Form):
    promulgated_on = forms.CharField(label=_("公布日期"), required=False, widget=DATE)
    effective_on = forms.CharField(label=_("施行日期"), required=False, widget=DATE)


class AmendForm(forms.Form):
    amended_on = forms.CharField(label=_("修正日期"), required=False, widget=DATE)
    note = _text(_("修改说明"), rows=3, max_length=5000)


class RepealForm(forms.Form):
    repealed_on = forms.CharField(label=_("废止日期"), required=False, widget=DATE)
    note = _text(_("废止说明"), rows=3, max_length=5000)


class PlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=PlanKind.choices, required=False)
    title = _text(_("名称"), max_length=200)
    start_year = forms.CharField(label=_("起始年度"), required=False)
    end_year = forms.CharField(label=_("截止年度(立法规划)"), required=False)
    parent = forms.ChoiceField(label=_("所属立法规划"), required=False)
    description = _text(_("编制说明"), rows=4, max_length=5000)

    def __init__(self, *args: Any, programs: list = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", _("无"))] + list(programs)


class PlanVoteForm(forms.Form):
    meeting = forms.ChoiceField(label=_("提请表决的常委会会议"), required=False)

    def __init__(self, *args: Any, meetings: list = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [("", _("请选择"))] + list(meetings)


class ArticleChoiceMixin:
    def set_articles(self, articles: list[tuple[int, str]], *, whole: Any = None) -> None:
        self.fields["article"].choices = [("", whole if whole is not None else _("草案整体"))] + [
            (n, h) for n, h in articles
        ]  # type: ignore[attr-defined]


class RemarkForm(ArticleChoiceMixin, forms.Form):
    article = forms.ChoiceField(label=_("针对条文"), required=False)
    text = _text(_("审议意见"), rows=3, max_length=5000)


class UnifiedReportForm(forms.Form):
    text = _text(_("法制委员会统一审议报告"), rows=6, max_length=50_000)


class DraftVoteForm(ArticleChoiceMixin, forms.Form):
    scope = forms.ChoiceField(label=_("表决范围"), choices=VoteScope.choices, required=False)
    article = forms.ChoiceField(label=_("单独表决的条文"), required=False)
    basis = _text(_("单独表决的依据"), max_length=200, help_text=_("如:经主任会议决定"))


class CommentForm(ArticleChoiceMixin, forms.Form):
    article = forms.ChoiceField(label=_("针对条文"), required=False)
    body = _text(_("意见内容"), rows=6, max_length=2200, help_text=_("5至2000字"))
    author_name = _text(_("姓名(可不填)"), max_length=100)
    author_contact = _text(_("联系方式(不公开,可不填)"), max_length=60)
    captcha = forms.CharField(label=_("验证码"), max_length=10, required=False)


class RecordCommentForm(ArticleChoiceMixin, forms.Form):
    source = forms.ChoiceField(
        label=_("意见来源"),
        choices=[c for c in CommentSource.choices if c[0] != CommentSource.PUBLIC],
        required=False,
    )
    author_name = _text(_("代表、联系点或单位"), max_length=100)
    article = forms.ChoiceField(label=_("针对条文"), required=False)
    body = _text(_("意见内容"), rows=4, max_length=2200)


class AdoptForm(forms.Form):
    adoption = forms.ChoiceField(
        label=_("采纳情况"), choices=[c for c in Adoption.choices if c[0]], required=False
    )
    note = _text(_("采纳说明"), rows=2, max_length=2000)


class AnswerForm(forms.Form):
    answer = _text(_("意见采纳情况的总体说明"), rows=6, max_length=20_000)


class PointForm(forms.Form):
    name = _text(_("联系点名称"), max_length=100)
    host = _text(_("依托单位"), max_length=120)
    address = _text(_("地址"), max_length=200)
    established_on = forms.CharField(label=_("设立日期"), required=False, widget=DATE)


class PointMemberForm(forms.Form):
    point = forms.ChoiceField(label=_("联系点"), required=False)
    name = _text(_("姓名"), max_length=50)
    capacity = _text(_("身份"), max_length=60)
    phone = _text(_("联系电话(不公开)"), max_length=30)

    def __init__(self, *args: Any, points: list = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["point"].choices = [("", _("请选择"))] + list(points)


class ExpertForm(forms.Form):
    name = _text(_("姓名"), max_length=50)
    field = _text(_("专业领域"), max_length=100)
    affiliation = _text(_("工作单位"), max_length=120)
    title = _text(_("职称职务"), max_length=60)
    term_start = forms.CharField(label=_("聘期开始"), required=False, widget=DATE)
    term_end = forms.CharField(label=_("聘期结束"), required=False, widget=DATE)
    phone = _text(_("联系电话(不公开)"), max_length=30)
    email = _text(_("电子邮箱(不公开)"), max_length=100)


class CleanupForm(forms.Form):
    title = _text(_("清理名称"), max_length=200)
    reason = _text(_("清理依据"), rows=2, max_length=5000)


class CleanupItemForm(forms.Form):
    campaign = forms.ChoiceField(label=_("法规清理"), required=False)
    regulation = forms.ChoiceField(label=_("法规"), required=False)
    proposal = forms.ChoiceField(label=_("清理意见"), choices=CleanupProposal.choices, required=False)
    reason = _text(_("理由"), rows=2, max_length=5000)

    def __init__(self, *args: Any, campaigns: list = (), regulations: list = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].choices = [("", _("请选择"))] + list(campaigns)
        self.fields["regulation"].choices = [("", _("请选择"))] + list(regulations)


class ConcludeForm(forms.Form):
    campaign = forms.ChoiceField(label=_("法规清理"), required=False)
    decided_on = forms.CharField(label=_("常委会决定日期"), required=False, widget=DATE)

    def __init__(self, *args: Any, campaigns: list = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].choices = [("", _("请选择"))] + list(campaigns)


class EvaluationForm(forms.Form):
    regulation = forms.ChoiceField(label=_("法规"), required=False)
    evaluator = _text(_("评估主体"), max_length=120)

    def __init__(self, *args: Any, regulations: list = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["regulation"].choices = [("", _("请选择"))] + list(regulations)


class EvaluationFinishForm(forms.Form):
    conclusion = _text(_("评估结论"), rows=3, max_length=20_000)
    recommendation = forms.ChoiceField(label=_("评估建议"), choices=CleanupProposal.choices, required=False)


class ConsultationForm(forms.Form):
    kind = forms.ChoiceField(label=_("方式"), choices=ConsultationKind.choices, required=False)
    subject = _text(_("议题"), max_length=200)
    held_on = forms.CharField(label=_("日期"), required=False, widget=DATE)
    place = _text(_("地点"), max_length=120)
    commissioned = _text(_("受托第三方(第三方评估)"), max_length=120)
    fee = forms.CharField(label=_("委托费用(元)"), required=False, max_length=20)
    summary = _text(_("情况和结论"), rows=3, max_length=20_000)


class ExpertOpinionForm(forms.Form):
    consultation = forms.ChoiceField(label=_("论证咨询"), required=False)
    expert = forms.ChoiceField(label=_("专家"), required=False)
    text = _text(_("书面意见"), rows=3, max_length=20_000)
    fee = forms.CharField(label=_("咨询费(元)"), required=False, max_length=20)
    received_on = forms.CharField(label=_("收到日期"), required=False, widget=DATE)

    def __init__(self, *args: Any, consultations: list = (), experts: list = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].choices = [("", _("请选择"))] + list(consultations)
        self.fields["expert"].choices = [("", _("请选择"))] + list(experts)


class SolicitationForm(forms.Form):
    kind = forms.ChoiceField(label=_("对象类别"), choices=SolicitationKind.choices, required=False)
    point = forms.ChoiceField(label=_("基层立法联系点"), required=False)
    addressee = _text(_("单位或代表(非联系点时填写)"), max_length=120)
    due_on = forms.CharField(label=_("反馈期限"), required=False, widget=DATE)

    def __init__(self, *args: Any, points: list = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["point"].choices = [("", _("请选择"))] + list(points)


class SolicitationReturnForm(forms.Form):
    """One returned opinion per line: ``第三条:意见`` or just the text for the whole draft."""

    opinions = _text(_("反馈意见(每行一条,可以“第三条:”开头)"), rows=4, max_length=20_000)
    note = _text(_("反馈情况说明"), max_length=2000)
    returned_on = forms.CharField(label=_("反馈日期"), required=False, widget=DATE)
