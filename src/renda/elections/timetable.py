"""The timetable of an election, generated from election day and the law's periods.

Stages open and close on these dates; each says who must act and whether it is done, and the
to-do list (``todo.py``) shows the open and overdue ones to those who run the election.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from renda.core import clock

from .law import params_of


@dataclass
class Stage:
    key: str
    label: Any
    opens: dt.date | None
    closes: dt.date | None
    who: Any
    done: bool
    url_name: str = "elections:detail"

    def status(self, today: dt.date) -> str:
        if self.done:
            return "done"
        if self.closes is not None and today > self.closes:
            return "overdue"
        if self.opens is not None and today < self.opens:
            return "waiting"
        return "open"

    def status_label(self, today: dt.date) -> Any:
        return STATUS_LABELS[self.status(today)]


STATUS_LABELS = {
    "done": _("已完成"),
    "overdue": _("已逾期"),
    "waiting": _("未开始"),
    "open": _("进行中"),
}
STATUS_CSS = {"done": "success", "overdue": "danger", "waiting": "secondary", "open": "primary"}


def dates(
    election_day: dt.date, params: dict[str, Any], published_on: dt.date | None = None
) -> dict[str, dt.date]:
    """The statutory dates: publication of the register, the appeal window, the candidate lists."""
    day = election_day
    publish = day - dt.timedelta(days=int(params["register_publish_days"]))
    published = published_on or publish
    appeals_close = published + dt.timedelta(days=int(params["appeal_days"]) - 1)
    return {
        "register_publish": publish,
        "appeals_open": published,
        "appeals_close": appeals_close,
        "appeals_decided_by": appeals_close + dt.timedelta(days=int(params["appeal_decision_days"])),
        "preliminary_list": day - dt.timedelta(days=int(params["preliminary_list_days"])),
        "final_list": day - dt.timedelta(days=int(params["final_list_days"])),
        "election_day": day,
    }


def appeal_window(election: Any, params: dict[str, Any] | None = None) -> tuple[dt.date, dt.date]:
    """(first, last) day an appeal may be filed: within N days of the register's publication
    (the day of publication counted as the first)."""
    d = dates(election.election_day, params or params_of(election), election.register_published_on)
    return d["appeals_open"], d["appeals_close"]


def stages(election: Any) -> list[Stage]:
    from .choices import AppealDecision, RoundState

    params = params_of(election)
    d = dates(election.election_day, params, election.register_published_on)
    one = dt.timedelta(days=1)
    has_constituencies = election.constituencies.exists()
    pending_appeals = election.appeals.filter(decision=AppealDecision.PENDING).exists()
    rounds_open = election.constituencies.filter(rounds__state=RoundState.OPEN).exists()
    decided = election.constituencies.filter(rounds__state=RoundState.DECIDED).exists()
    committee = _("选举委员会")
    return [
        Stage("constituencies", _("划分选区、分配代表名额"), None, d["register_publish"] - one, committee, has_constituencies),
        Stage("register", _("选民登记"), None, d["register_publish"] - one, _("选举委员会、各选区选民登记站"),
              election.voters.exists()),
        Stage("publish", _("公布选民名单"), d["register_publish"], d["register_publish"], committee,
              election.register_published_on is not None),
        Stage("appeals", _("受理和处理选民名单申诉"), d["appeals_open"], d["appeals_decided_by"], committee,
              election.register_published_on is not None and not pending_appeals
              and clock.today() > d["appeals_close"]),
        Stage("nominate", _("推荐代表候选人"), d["appeals_open"], d["preliminary_list"] - one,
              _("各政党、人民团体,选民十人以上联名"), election.candidates.exists()),
        Stage("preliminary", _("公布初步代表候选人名单"), d["preliminary_list"], d["preliminary_list"], committee,
              election.preliminary_published_on is not None),
        Stage("consult", _("酝酿、讨论、协商或预选"), d["preliminary_list"], d["final_list"] - one,
              _("选举委员会、各选区选民小组"), election.final_published_on is not None),
        Stage("final", _("公布正式代表候选人名单"), d["final_list"], d["final_list"], committee,
              election.final_published_on is not None),
        Stage("vote", _("投票选举"), d["election_day"], d["election_day"], _("选举委员会、各投票站"),
              decided and not rounds_open),
        Stage("results", _("计票、确定并公布选举结果"), d["election_day"], None, committee,
              election.results_published_on is not None),
        Stage("review", _("代表资格审查"), d["election_day"] + one, None, _("代表资格审查委员会"),
              election.state == "closed"),
    ]  # fmt: skip
