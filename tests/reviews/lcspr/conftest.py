import datetime

import pytest

from tests.safeguarding import workflow_journeys as j

from . import journey

D = datetime.date


@pytest.fixture
def p() -> j.People:
    return j.people()


@pytest.fixture
def lcspr(p):
    """Opened when the rapid review concluded: the partners' decision on an LCSPR signed off
    on Friday 23 October 2026."""
    return journey.concluded(p)


@pytest.fixture
def reviewer():
    return journey.reviewer()


@pytest.fixture
def in_progress(p, lcspr, reviewer):
    """Commissioning started, the reviewer assessed and commissioned on 2 November 2026."""
    return journey.commissioned(p, lcspr, reviewer, D(2026, 11, 2))
