"""Daily: publish replied suggestions that are not marked not public (六公开)."""

from renda.core.jobs import daily_job

from .services import suggestions_publish_replied


@daily_job("suggestions.publish_replied", hour=2, minute=30)
def publish_replied() -> int:
    return suggestions_publish_replied()
