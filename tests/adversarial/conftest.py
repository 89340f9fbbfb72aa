"""The service fixtures of tests/guardian, for attacks on the same real service."""

from tests.guardian.conftest import events, make_service, paths

__all__ = ["events", "make_service", "paths"]
