"""Daily jobs of the deputies app."""

from __future__ import annotations

from renda.core.jobs import daily_job


@daily_job("deputies.exit_warnings", hour=5, minute=30)
def refresh_exit_warnings() -> str:
    """Open exit warnings (代表退出预警) for deputies absent without leave too often."""
    from renda.compliance.registry import RULES, params_for
    from renda.core.models import Congress

    from . import rules  # noqa: F401 - registers D02
    from .services import exit_warnings_refresh

    n = 0
    for congress in Congress.objects.filter(is_active=True, mandates__isnull=False).distinct():
        threshold = int(params_for(RULES["D02"], congress)["absences"])
        n += len(exit_warnings_refresh(congress=congress, threshold=threshold))
    return f"{n} new warnings"
