"""Daily job: forget sign-in attempts older than the retention period.

Attempts only feed the lockout counter; the audit trail (``auth.*`` events) keeps the history.
等保 asks for at least six months of logs, so attempts are kept 180 days.
"""

from __future__ import annotations

from datetime import timedelta

from renda.core import clock
from renda.core.jobs import daily_job

from .models import LoginAttempt

ATTEMPT_RETENTION_DAYS = 180


@daily_job("security.purge_login_attempts", hour=3)
def purge_login_attempts() -> int:
    cutoff = clock.now() - timedelta(days=ATTEMPT_RETENTION_DAYS)
    deleted, _ = LoginAttempt.objects.filter(created_at__lt=cutoff).delete()
    return deleted
