"""The action plans' people and plan (tests/reviews/action_plans/conftest.py) for the
learning's tests."""

from tests.reviews.action_plans.conftest import on, p, plan  # noqa: F401
