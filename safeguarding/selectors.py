"""Reads for the pages of the core: what is waiting for a signed-in user."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from .models import Role, User, UserChange


@dataclass(frozen=True)
class WorkItem:
    text: str
    url: str
    detail: str = ""
    tag: str = ""  # a GOV.UK tag after the link, such as "Public referral"
    case_id: int | None = None  # the case it shows, logged as seen (access.cases_shown)


@dataclass(frozen=True)
class WorkList:
    """One list on a home page: a heading, its rows, and what to say when it is empty."""

    title: str
    empty: str
    items: list[WorkItem] = field(default_factory=list)


# A provider returns None when its list is not for this person at all (a list for the members
# of a group, whatever their role): the list is then left off their page.
WorkListProvider = Callable[[User], list[WorkItem] | None]
_providers: dict[tuple[str, str], WorkListProvider] = {}


def provides_work_list(role: Role, title: str) -> Callable[[WorkListProvider], WorkListProvider]:
    """Registers the function that fills a home-page list; each app registers its own, so
    that this core package never imports the apps."""
    if title not in dict(HOME_WORK_LISTS[role]):
        raise ValueError(f"{role} has no home-page list called {title!r}")

    def register(provider: WorkListProvider) -> WorkListProvider:
        _providers[(role, title)] = provider
        return provider

    return register


# What waits for the Learning and Development group, on the page of its chair and members
# only, whatever their role (its provider returns None for anyone else).
LEARNING_GROUP_LIST = ("Awaiting the Learning and Development group",
                       "Nothing is waiting for the Learning and Development group.")

# The lists each role sees on their home page. Each capability fills its lists with a
# selector as it arrives; until then a list is shown empty, with its empty-state wording.
HOME_WORK_LISTS: dict[str, list[tuple[str, str]]] = {
    Role.BUSINESS_UNIT: [
        ("Referrals to triage", "There are no referrals waiting for triage."),
        ("Statutory deadlines in the next 5 working days", "No deadlines fall due soon."),
        ("Late statutory clocks with no reason for the delay",
         "Every late statutory clock has a reason for the delay."),
        ("Information returns awaited", "No information returns are awaited."),
        LEARNING_GROUP_LIST,
    ],
    Role.SAFEGUARDING_PARTNER: [
        ("Decisions waiting for you", "There are no decisions waiting for you."),
        ("Rapid reviews to sign off", "There are no rapid reviews to sign off."),
        LEARNING_GROUP_LIST,
    ],
    Role.PANEL_CHAIR: [
        ("Panels you chair", "You have no panels coming up."),
        ("Recommendations to record", "There are no recommendations to record."),
        ("Reviews whose governance group you sit on",
         "You sit on no LCSPR governance group."),
        LEARNING_GROUP_LIST,
    ],
    Role.PANEL_MEMBER: [
        ("Panels you sit on", "You have no panels coming up."),
        ("Reviews whose governance group you sit on",
         "You sit on no LCSPR governance group."),
        LEARNING_GROUP_LIST,
    ],
    Role.AGENCY_CONTRIBUTOR: [
        ("Information requests for your agency",
         "There are no information requests for your agency."),
        ("Your draft referrals", "You have no draft referrals."),
        ("Actions of your agency due or overdue",
         "Your agency has no actions due in the next month or overdue."),
        ("Reviews whose governance group you sit on",
         "You sit on no LCSPR governance group."),
        LEARNING_GROUP_LIST,
    ],
    Role.REVIEWER: [
        ("Reviews you are commissioned on", "You are not commissioned on any review."),
        LEARNING_GROUP_LIST,
    ],
    Role.SCRUTINEER: [
        ("Recent decisions", "There are no recent decisions."),
        ("Rapid review decisions to record",
         "No rapid review recommendation is waiting for a decision."),
        LEARNING_GROUP_LIST,
    ],
    Role.MANAGER: [
        ("The pipeline now", "Nothing is under way."),
        ("Statutory clocks in the last 12 months",
         "No statutory clock fell due in the last 12 months."),
        ("Overdue work", "Nothing is overdue."),
        ("Actions due this month", "No actions are due this month."),
        ("Reviews whose governance group you sit on",
         "You sit on no LCSPR governance group."),
        LEARNING_GROUP_LIST,
    ],
    Role.ADMINISTRATOR: [
        ("Accounts waiting for review", "No accounts are waiting for review."),
    ],
}


def home_work_lists(*, user: User) -> list[WorkList]:
    lists = []
    for title, empty in HOME_WORK_LISTS[user.role]:
        provider = _providers.get((user.role, title))
        items = provider(user) if provider else []
        if items is not None:
            lists.append(WorkList(title=title, empty=empty, items=items))
    return lists


def account_changes(*, person: int | None = None) -> QuerySet[UserChange]:
    """The audit log of accounts, newest first; one person's: the changes to their account
    and those they made."""
    changes = UserChange.objects.select_related("user__agency", "changed_by")
    if person is not None:
        changes = changes.filter(Q(user_id=person) | Q(changed_by_id=person))
    return changes


def people_in_account_changes() -> list[tuple[int, str]]:
    """(id, name and email) of everyone whose account changed or who changed one."""
    people = User.objects.filter(Q(pk__in=UserChange.objects.values("user_id"))
                                 | Q(pk__in=UserChange.objects.values("changed_by_id")))
    return [(pk, f"{name} ({email})") for pk, name, email
            in people.order_by("full_name", "pk").values_list("pk", "full_name", "email")]
