"""Celery finds each app's tasks in its ``tasks`` module: the parts' tasks, gathered."""

from .lcspr.information_requests.tasks import *  # noqa: F403
from .rapid_review.tasks import *  # noqa: F403
