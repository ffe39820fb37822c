"""The reviews app's models, found by Django here: each part keeps its own."""

from .action_plans.models import *  # noqa: F403
from .lcspr.engagement.models import *  # noqa: F403
from .lcspr.models import *  # noqa: F403
from .lcspr.reports.models import *  # noqa: F403
from .learning.models import *  # noqa: F403
from .rapid_review.models import *  # noqa: F403
