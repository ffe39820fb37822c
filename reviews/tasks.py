"""Celery finds each app's tasks in its ``tasks`` module: the parts' tasks, gathered."""

from .rapid_review.tasks import *  # noqa: F403
