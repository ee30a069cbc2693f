"""Elections of deputies (换届选举、补选): the election and its committee, constituencies and seats,
the voter register, nominations and candidates, polling stations, proxies, rounds and tallies.

Deputies' mandates are the output: confirmed deputies are seated through the deputies app's
service (``renda.deputies.services``), never written here.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.deputies.choices import Gender, OccupationCategory, PoliticalAffiliation

from .choices import (
    AppealDecision,
    AppealKind,
    CandidateStage,
    CommitteePost,
    ConstituencyKind,
    ConsultationForm,
    ConsultationOutcome,
    CourtOutcome,
    ElectionKind,
    ElectionLevel,
    ElectionState,
    ExclusionReason,
    ImportState,
    NominatorKind,
    RemovalReason,
    ReviewState,
    RoundKind,
    RoundState,
    StationKind,
    VoterSource,
    VoterStatus,
)
from .querysets import ElectionQuerySet


class ElectionSetting(models.Model):
    """A congress's own values of the law's numbers (its province's implementing rules)."""

    congress = models.OneToOneField(
        "core.Congress", verbose_name=_("人大"), on_delete=models.CASCADE, related_name="election_setting"
    )
    params = models.JSONField(_("参数"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("选举参数")
        verbose_name_plural = _("选举参数")

    def __str__(self) -> str:
        return str(self.congress)


class Election(models.Model):
    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.PROTECT, related_name="elections"
    )
    # The term the deputies are elected to (the new term; for a by-election the current one).
    term = models.ForeignKey(
        "core.Term", verbose_name=_("届次"), on_delete=models.PROTECT, related_name="elections"
    )
    name = models.CharField(_("名称"), max_length=120)
    level = models.CharField(_("层级"), max_length=16, choices=ElectionLevel.choices)
    kind = models.CharField(
        _("类别"), max_length=16, choices=ElectionKind.choices, default=ElectionKind.GENERAL
    )
    election_day = models.DateField(_("选举日"))
    state = models.CharField(
        _("阶段"), max_length=16, choices=ElectionState.choices, default=ElectionState.PREPARING
    )
    params = models.JSONField(_("法定参数(本次选举)"), default=dict, blank=True)
    # A by-election fills the seat a deputy left (the mandate ended in the deputies register).
    vacated_mandate = models.ForeignKey(
        "deputies.DeputyMandate", verbose_name=_("出缺代表"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="by_elections",
    )  # fmt: skip
    targets = models.JSONField(_("代表结构目标"), default=dict, blank=True)
    register_published_on = models.DateField(_("选民名单公布日"), null=True, blank=True)
    preliminary_published_on = models.DateField(_("初步候选人名单公布日"), null=True, blank=True)
    final_published_on = models.DateField(_("正式候选人名单公布日"), null=True, blank=True)
    results_published_on = models.DateField(_("选举结果公布日"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ElectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("选举")
        verbose_name_plural = _("选举")
        ordering = ["-election_day", "-pk"]

    def __str__(self) -> str:
        return self.name


class ElectionCommitteeMember(models.Model):
    """选举委员会组成人员 (appointed by the standing committee)."""

    election = models.ForeignKey(
        Election, verbose_name=_("选举"), on_delete=models.CASCADE, related_name="committee"
    )
    full_name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(
        _("职务"), max_length=16, choices=CommitteePost.choices, default=CommitteePost.MEMBER
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登录账号"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="election_committee_seats",
    )  # fmt: skip
    appointed_on = models.DateField(_("任命日期"))
    appointed_by = models.CharField(_("任命机关"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("选举委员会组成人员")
        verbose_name_plural = _("选举委员会组成人员")
        ordering = ["election", "post", "pk"]

    def __str__(self) -> str:
        return self.full_name


class Constituency(models.Model):
    election = models.ForeignKey(
        Election, verbose_name=_("选举"), on_delete=models.CASCADE, related_name="constituencies"
    )
    name = models.CharField(_("选区名称"), max_length=100)
    kind = models.CharField(_("划分依据"), max_length=16, choices=ConstituencyKind.choices)
    area = models.CharField(_("所辖范围"), max_length=200, blank=True)
    population = models.PositiveIntegerField(_("人口数"))
    seats = models.PositiveSmallIntegerField(_("应选代表名额"))
    sort_order = models.PositiveIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("选区")
        verbose_name_plural = _("选区")
        ordering = ["election", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["election", "name"], name="constituency_unique_name")]

    def __str__(self) -> str:
        return self.name


class Voter(models.Model):
    """One entry of the voter register. Nobody twice in one election (keyed hash, unique)."""

    election = models.ForeignKey(
        Election, verbose_name=_("选举"), on_delete=models.CASCADE, related_name="voters"
    )
    constituency = models.ForeignKey(
        Constituency, verbose_name=_("选区"), on_delete=models.PROTECT, related_name="voters"
    )
    full_name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("出生日期"))
    id_number_encrypted = models.TextField(_("身份证号(加密)"), editable=False)
    id_number_hash = models.CharField(_("身份证号索引"), max_length=64, editable=False)
    address = models.CharField(_("住址"), max_length=200, blank=True)
    # 流动人口: registered where they live with the certificate from their home constituency.
    is_migrant = models.BooleanField(_("外来人员"), default=False)
    migrant_certificate = models.CharField(_("原选区选民资格证明"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=VoterStatus.choices, default=VoterStatus.ELIGIBLE
    )
    exclusion_reason = models.CharField(
        _("不列入原因"), max_length=16, choices=ExclusionReason.choices, blank=True
    )
    removal_reason = models.CharField(_("除名原因"), max_length=16, choices=RemovalReason.choices, blank=True)
    status_note = models.CharField(_("说明"), max_length=300, blank=True)
    source = models.CharField(
        _("来源"), max_length=16, choices=VoterSource.choices, default=VoterSource.MANUAL
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("选民")
        verbose_name_plural = _("选民")
        ordering = ["constituency", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["election", "id_number_hash"], name="voter_unique_per_election"),
            models.CheckConstraint(
                condition=Q(status="excluded", exclusion_reason__gt="") | ~Q(status="excluded"),
                name="voter_excluded_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(is_migrant=False) | Q(migrant_certificate__gt=""),
                name="voter_migrant_with_certificate",
            ),
        ]
        indexes = [models.Index(fields=["constituency", "status"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def id_number(self) -> str:
        from renda.deputies.identity import decrypt

        return decrypt(self.id_number_encrypted)

    @property
    def id_number_masked(self) -> str:
        from renda.deputies.identity import mask

        return mask(self.id_number)


class RegisterImport(models.Model):
    """A register import run in the background, with its progress and its report."""

    election = models.ForeignKey(
        Election, verbose_name=_("选举"), on_delete=models.CASCADE, related_name="imports"
    )
    file_name = models.CharField(_("文件名"), max_length=200)
    stored_name = models.CharField(max_length=80, editable=False)
    mapping = models.JSONField(_("列对应"), default=list)
    state = models.CharField(
        _("状态"), max_length=16, choices=ImportState.choices, default=ImportState.QUEUED
    )
    total = models.PositiveIntegerField(_("总行数"), default=0)
    processed = models.PositiveIntegerField(_("已检查行数"), default=0)
    created_count = models.PositiveIntegerField(_("导入人数"), default=0)
    errors = models.JSONField(_("错误"), default=list, blank=True)  # [{row, field, message}]
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    message = models.CharField(_("结果"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("选民名册导入")
        verbose_name_plural = _("选民名册导入")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def percent(self) -> int:
        return int(self.processed * 100 / self.total) if self.total else 0


class Appeal(models.Model):
    """申诉 against the published register: filed within the period, decided within its days."""

    election = models.ForeignKey(
        Election, verbose_name=_("选举"), on_delete=models.CASCADE, related_name="appeals"
    )
    constituency = models.ForeignKey(
        Constituency, verbose_name=_("选区"), on_delete=models.PROTECT, related_name="appeals"
    )
    appellant = models.CharField(_("申诉人"), max_length=50)
    kind = models.CharField(_("申诉事项"), max_length=16, choices=AppealKind.choices)
    voter = models.ForeignKey(
        Voter,
        verbose_name=_("涉及选民"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeals",
    )
    subject_name = models.CharField(_("涉及人员姓名"), max_length=50)
    claim = models.TextField(_("申诉内容"))
    filed_on = models.DateField(_("提出日期"))
    due_on = models.DateField(_("处理期限"))
    decision = models.CharField(_("处理决定"), max_length=16, choices=AppealDecision.choices, blank=True)
    decision_text = models.TextField(_("决定理由"), blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("决定人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("选民名单申诉")
        verbose_name_plural = _("选民名单申诉")
        ordering = ["decided_on", "due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.appellant}:{self.subject_name}"

    @property
    def late(self) -> bool:
        """Decided after its due day, or still pending past it."""
        from renda.core import clock

        return (self.decided_on or clock.today()) > self.due_on


class Candidate(models.Model):
    election = models.ForeignKey(
        Election, verbose_name=_("选举"), on_delete=models.CASCADE, related_name="candidates"
    )
    constituency = models.ForeignKey(
        Constituency, verbose_name=_("选区"), on_delete=models.PROTECT, related_name="candidates"
    )
    full_name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=20, default="汉族")
    party = models.CharField(
        _("政治面貌"),
        max_length=24,
        choices=PoliticalAffiliation.choices,
        default=PoliticalAffiliation.MASSES,
    )
    occupation = models.CharField(_("工作单位及职务"), max_length=120, blank=True)
    # Optional: finds the person in the deputies register when seated (a re-elected deputy).
    id_number_encrypted = models.TextField(_("身份证号(加密)"), blank=True, editable=False)
    id_number_hash = models.CharField(_("身份证号索引"), max_length=64, blank=True, editable=False)
    occupation_category = models.CharField(_("职业构成"), max_length=16, choices=OccupationCategory.choices)
    is_reelected = models.BooleanField(_("连任"), default=False)
    nominated_by_committee = models.BooleanField(_("常委会(主席团)建议连任人选"), default=False)
    is_working_body_head = models.BooleanField(_("常委会工作部门负责人"), default=False)
    is_township_chair = models.BooleanField(_("乡镇人大主席"), default=False)
    nominator_kind = models.CharField(_("推荐方式"), max_length=16, choices=NominatorKind.choices)
    nominating_body = models.CharField(_("推荐单位(领衔人)"), max_length=100)
    stage = models.CharField(
        _("阶段"), max_length=16, choices=CandidateStage.choices, default=CandidateStage.NOMINATED
    )
    preliminary_votes = models.PositiveIntegerField(_("预选得票"), null=True, blank=True)
    elected_round = models.ForeignKey(
        "Round",
        verbose_name=_("当选轮次"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="elected",
    )
    elected_votes = models.PositiveIntegerField(_("当选票数"), null=True, blank=True)
    review_state = models.CharField(_("资格审查"), max_length=16, choices=ReviewState.choices, blank=True)
    review_note = models.CharField(_("审查意见"), max_length=300, blank=True)
    mandate = models.OneToOneField(
        "deputies.DeputyMandate", verbose_name=_("代表资格"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="election_candidate",
    )  # fmt: skip
    created_at = models.DateTimeField(_("提名时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("代表候选人")
        verbose_name_plural = _("代表候选人")
        ordering = ["constituency", "-preliminary_votes", "pk"]

    def __str__(self) -> str:
        return self.full_name


class NominationSignature(models.Model):
    """A voter's signature on a joint nomination (checked against the register)."""

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("候选人"), on_delete=models.CASCADE, related_name="signatures"
    )
    voter = models.ForeignKey(Voter, verbose_name=_("选民"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("联名推荐签名")
        verbose_name_plural = _("联名推荐签名")
        constraints = [models.UniqueConstraint(fields=["candidate", "voter"], name="signature_unique")]

    def __str__(self) -> str:
        return f"{self.candidate_id}:{self.voter_id}"


class PollingStation(models.Model):
    constituency = models.ForeignKey(
        Constituency, verbose_name=_("选区"), on_delete=models.CASCADE, related_name="stations"
    )
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(
        _("类别"), max_length=16, choices=StationKind.choices, default=StationKind.STATION
    )

    class Meta:
        verbose_name = _("投票站")
        verbose_name_plural = _("投票站")
        ordering = ["constituency", "pk"]
        constraints = [models.UniqueConstraint(fields=["constituency", "name"], name="station_unique_name")]

    def __str__(self) -> str:
        return self.name


class Proxy(models.Model):
    """委托投票: written, with the committee's consent; a voter accepts at most N (3)."""

    election = models.ForeignKey(
        Election, verbose_name=_("选举"), on_delete=models.CASCADE, related_name="proxies"
    )
    principal = models.OneToOneField(
        Voter, verbose_name=_("委托人"), on_delete=models.CASCADE, related_name="proxy_given"
    )
    proxy = models.ForeignKey(
        Voter, verbose_name=_("受托人"), on_delete=models.CASCADE, related_name="proxies_accepted"
    )
    written_on = models.DateField(_("书面委托日期"))

    class Meta:
        verbose_name = _("委托投票")
        verbose_name_plural = _("委托投票")
        constraints = [
            models.CheckConstraint(condition=~Q(principal=models.F("proxy")), name="proxy_not_self")
        ]

    def __str__(self) -> str:
        return f"{self.principal_id}→{self.proxy_id}"


class Round(models.Model):
    """One vote of one constituency: the election, or a further round (另行选举) for seats left."""

    constituency = models.ForeignKey(
        Constituency, verbose_name=_("选区"), on_delete=models.CASCADE, related_name="rounds"
    )
    number = models.PositiveSmallIntegerField(_("轮次"))
    kind = models.CharField(_("类别"), max_length=16, choices=RoundKind.choices, default=RoundKind.FIRST)
    seats = models.PositiveSmallIntegerField(_("本轮应选名额"))
    candidates = models.ManyToManyField(Candidate, verbose_name=_("本轮候选人"), related_name="rounds")
    state = models.CharField(_("状态"), max_length=16, choices=RoundState.choices, default=RoundState.OPEN)
    voters = models.PositiveIntegerField(_("选民数"), default=0)
    voted = models.PositiveIntegerField(_("投票人数"), null=True, blank=True)
    ballots_cast = models.PositiveIntegerField(_("收回选票数"), null=True, blank=True)
    outcome = models.CharField(_("结果说明"), max_length=300, blank=True)
    # The tellers agree but their totals do not match the stations' ballots: held, not decided.
    hold_reason = models.CharField(_("暂缓确定原因"), max_length=1000, blank=True)
    decided_at = models.DateTimeField(_("确定时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("投票轮次")
        verbose_name_plural = _("投票轮次")
        ordering = ["constituency", "number"]
        constraints = [models.UniqueConstraint(fields=["constituency", "number"], name="round_unique_number")]

    def __str__(self) -> str:
        return f"{self.constituency} · {self.get_kind_display()}"


class Tally(models.Model):
    """One teller's count of a round; the round is decided only when both tellers agree."""

    round = models.ForeignKey(Round, verbose_name=_("轮次"), on_delete=models.CASCADE, related_name="tallies")
    teller = models.PositiveSmallIntegerField(_("计票人"), choices=[(1, _("计票人一")), (2, _("计票人二"))])
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )
    voted = models.PositiveIntegerField(_("投票人数"))
    ballots_cast = models.PositiveIntegerField(_("收回选票数"))
    votes = models.JSONField(_("各候选人得票"), default=dict)  # {candidate pk: votes}
    entered_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("计票录入")
        verbose_name_plural = _("计票录入")
        constraints = [models.UniqueConstraint(fields=["round", "teller"], name="tally_unique_teller")]

    def __str__(self) -> str:
        return f"{self.round_id}#{self.teller}"


class Consultation(models.Model):
    """酝酿、讨论、协商 of the preliminary candidates by the constituency's voter groups."""

    election = models.ForeignKey(
        Election, verbose_name=_("选举"), on_delete=models.CASCADE, related_name="consultations"
    )
    constituency = models.ForeignKey(
        Constituency, verbose_name=_("选区"), on_delete=models.PROTECT, related_name="consultations"
    )
    form = models.CharField(_("形式"), max_length=16, choices=ConsultationForm.choices)
    held_on = models.DateField(_("日期"))
    participants = models.CharField(_("参加人员"), max_length=300)
    participant_count = models.PositiveIntegerField(_("参加人数"))
    summary = models.TextField(_("情况和意见"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("酝酿讨论协商")
        verbose_name_plural = _("酝酿讨论协商")
        ordering = ["constituency", "held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.constituency} {self.get_form_display()} {self.held_on}"


class ConsultationResult(models.Model):
    """The outcome of one consultation for one preliminary candidate."""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("酝酿讨论协商"), on_delete=models.CASCADE, related_name="results"
    )
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("候选人"), on_delete=models.CASCADE, related_name="consultation_results"
    )
    outcome = models.CharField(_("意见"), max_length=16, choices=ConsultationOutcome.choices)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("酝酿协商意见")
        verbose_name_plural = _("酝酿协商意见")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "candidate"], name="consultation_result_unique")
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id}:{self.candidate_id}"


def _report_path(instance: Any, filename: str) -> str:
    from renda.documents.uploads import random_name

    return f"elections/{random_name(filename)}"


class ReviewReport(models.Model):
    """代表资格审查委员会的审查报告: its text, and the signed document as filed."""

    election = models.OneToOneField(
        Election, verbose_name=_("选举"), on_delete=models.CASCADE, related_name="review_report"
    )
    adopted_on = models.DateField(_("审查日期"))
    text = models.TextField(_("报告正文"))
    file = models.FileField(_("报告文件"), upload_to=_report_path, max_length=200, blank=True)
    original_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    content_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("大小"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("代表资格审查报告")
        verbose_name_plural = _("代表资格审查报告")

    def __str__(self) -> str:
        return str(self.election)


class CourtCase(models.Model):
    """An appellant who does not accept the committee's decision sues (起诉) no later than five days
    before election day; the court judges before election day, and its judgment is final."""

    appeal = models.OneToOneField(
        Appeal, verbose_name=_("申诉"), on_delete=models.CASCADE, related_name="court_case"
    )
    filed_on = models.DateField(_("起诉日期"))
    court = models.CharField(_("人民法院"), max_length=100)
    judged_on = models.DateField(_("判决日期"), null=True, blank=True)
    outcome = models.CharField(_("判决结果"), max_length=20, choices=CourtOutcome.choices, blank=True)
    judgment = models.TextField(_("判决要旨"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("选民名单诉讼")
        verbose_name_plural = _("选民名单诉讼")

    def __str__(self) -> str:
        return f"{self.appeal} · {self.court}"


class StationReturn(models.Model):
    """The ballots one polling station (or mobile box) issued and got back in one vote."""

    round = models.ForeignKey(
        Round, verbose_name=_("轮次"), on_delete=models.CASCADE, related_name="station_returns"
    )
    station = models.ForeignKey(
        PollingStation, verbose_name=_("投票站"), on_delete=models.CASCADE, related_name="returns"
    )
    ballots_issued = models.PositiveIntegerField(_("发出选票"))
    ballots_returned = models.PositiveIntegerField(_("收回选票"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("投票站选票数")
        verbose_name_plural = _("投票站选票数")
        constraints = [models.UniqueConstraint(fields=["round", "station"], name="station_return_unique")]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.station_id}"
