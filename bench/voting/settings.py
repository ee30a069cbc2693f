"""Settings of the voting load benchmark: the project's, plus the bench's vote owner."""

from renda.settings import *  # noqa: F403
from renda.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench.voting.apps.BenchVotingConfig"]
