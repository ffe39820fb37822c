"""How an app below ``cases`` logs the cases it shows without importing cases: the cases app
registers, when it is ready, the function that writes its access log
(cases.services.record_cases_access), and a lower app's page (the deadlines dashboard, the
notices, the home page's work lists) calls ``cases_shown`` with the cases it lists. The
same inversion as deadlines.registry and the home page's work lists
(selectors.provides_work_list)."""

from collections.abc import Iterable
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured

from .models import User


class CaseAccessRecorder(Protocol):
    def __call__(self, *, case_ids: Iterable[int], user: User, what: str) -> None: ...


_recorder: list[CaseAccessRecorder] = []


def register_case_access_recorder(recorder: CaseAccessRecorder) -> CaseAccessRecorder:
    """The one function that logs a view of several cases (the cases app's, at start-up).
    Registering again replaces it (a test's stand-in)."""
    _recorder[:] = [recorder]
    return recorder


def cases_shown(*, user: User, case_ids: Iterable[int | None], what: str) -> None:
    """Log that ``user`` saw these cases on the page ``what`` (plain words, such as
    "deadlines dashboard"; cut to the log's 64 characters): one row a case, one query,
    none when no case is shown. ``None`` (a record of no case) is left out."""
    ids = sorted({case_id for case_id in case_ids if case_id is not None})
    if not ids:
        return
    if not _recorder:
        raise ImproperlyConfigured("No app records who sees a case: the cases app registers "
                                   "its access log in its ready()")
    _recorder[0](case_ids=ids, user=user, what=what)
