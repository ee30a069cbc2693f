"""The oversight models, one module per area (see the package docstring)."""

from .filings import *  # noqa: F403
from .opinions import *  # noqa: F403
from .plans import *  # noqa: F403
from .reports import *  # noqa: F403
