import pytest

from renda.compliance import registry
from renda.compliance.models import RuleSetting
from renda.compliance.registry import CheckResult, Period, PeriodRange, Status, evaluate, rule
from renda.compliance.services import rule_setting_update
from renda.core.errors import PermissionDeniedError, ValidationFailed

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample_rule():
    @rule(
        "R99",
        title="测试规则:每年至少开展N次活动",
        period=Period.YEAR,
        source="测试",
        module="tests",
        params={"minimum": 3},
    )
    def check(congress, period, params):
        held = 2
        return CheckResult.judge(
            held >= params["minimum"],
            value=held,
            threshold=params["minimum"],
            shortfall=[] if held >= params["minimum"] else [f"还差 {params['minimum'] - held} 次"],
        )

    yield check
    registry.RULES.pop("R99", None)


def test_default_threshold_and_configured_threshold(twin_counties, sample_rule):
    congress = twin_counties.county.congress
    period = PeriodRange.year(2026)
    result = next(e for e in evaluate(congress, period) if e.rule.id == "R99").result
    assert result.status == Status.NOT_MET and result.shortfall == ["还差 1 次"]
    rule_setting_update(
        actor=twin_counties.county.users["staff"], congress=congress, rule_id="R99", params={"minimum": 2}
    )
    result = next(e for e in evaluate(congress, period) if e.rule.id == "R99").result
    assert result.status == Status.MET
    # The sibling county keeps the default.
    other = next(e for e in evaluate(twin_counties.sibling.congress, period) if e.rule.id == "R99").result
    assert other.status == Status.NOT_MET


def test_settings_are_validated_and_permission_checked(twin_counties, sample_rule):
    congress = twin_counties.county.congress
    with pytest.raises(PermissionDeniedError):
        rule_setting_update(
            actor=twin_counties.county.users["unit_clerk"], congress=congress, rule_id="R99", params={}
        )
    with pytest.raises(PermissionDeniedError):
        rule_setting_update(
            actor=twin_counties.sibling.users["staff"], congress=congress, rule_id="R99", params={}
        )
    with pytest.raises(ValidationFailed):
        rule_setting_update(
            actor=twin_counties.county.users["staff"], congress=congress, rule_id="R98", params={}
        )
    with pytest.raises(ValidationFailed) as exc:
        rule_setting_update(
            actor=twin_counties.county.users["staff"],
            congress=congress,
            rule_id="R99",
            params={"minimum": "三"},
        )
    assert exc.value.field == "minimum"
    assert not RuleSetting.objects.exists()


def test_disabled_rule_is_not_evaluated(twin_counties, sample_rule):
    congress = twin_counties.county.congress
    rule_setting_update(
        actor=twin_counties.county.users["staff"], congress=congress, rule_id="R99", params={}, enabled=False
    )
    assert "R99" not in {e.rule.id for e in evaluate(congress, PeriodRange.year(2026))}


def test_broken_check_reports_no_data(twin_counties):
    @rule("R97", title="出错的规则", period=Period.YEAR, source="测试", module="tests")
    def broken(congress, period, params):
        raise RuntimeError("boom")

    try:
        result = next(
            e for e in evaluate(twin_counties.county.congress, PeriodRange.year(2026)) if e.rule.id == "R97"
        ).result
        assert result.status == Status.NO_DATA and "boom" in result.note
    finally:
        registry.RULES.pop("R97", None)


def test_period_ranges():
    assert PeriodRange.half_year(2026, 2).start.month == 7
    assert PeriodRange.year(2026).label == "2026年"
