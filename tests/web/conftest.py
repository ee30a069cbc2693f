"""The shell's pages use the same small tenancy as the core's tests (``tests/core/conftest.py``)."""

from tests.core.conftest import ROLES, World, login, world  # noqa: F401
