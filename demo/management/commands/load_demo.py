from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from safeguarding.models import Agency, LearningGroup, Role, User

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105  documented in README; embedded mode only

Kind = Agency.Kind
COUNCIL = "Northmoor Council Children's Services"
DEMO_AGENCIES = [
    (COUNCIL, Kind.LOCAL_AUTHORITY),
    ("Northmoor Police", Kind.POLICE),
    ("Northmoor Integrated Care Board", Kind.INTEGRATED_CARE_BOARD),
    ("Northmoor Teaching Hospitals NHS Foundation Trust", Kind.HEALTH_PROVIDER),
    ("St Aidan's Primary School", Kind.EDUCATION),
    ("Northmoor Council Legal Services", Kind.LEGAL),
    ("Northmoor Family Support Network", Kind.THIRD_SECTOR),
    ("Independent reviewers and scrutiny", Kind.OTHER),
]

# (email, full name, job title, agency, role)
DEMO_USERS = [
    ("bu@example.org", "Priya Shah", "Partnership business manager", COUNCIL, Role.BUSINESS_UNIT),
    ("partner@example.org", "Daniel Okafor", "Director of Children's Services", COUNCIL,
     Role.SAFEGUARDING_PARTNER),
    ("police.partner@example.org", "Helen Marsh", "Detective Chief Superintendent",
     "Northmoor Police", Role.SAFEGUARDING_PARTNER),
    ("icb.partner@example.org", "Graham Lowe", "Director of Nursing",
     "Northmoor Integrated Care Board", Role.SAFEGUARDING_PARTNER),
    ("chair@example.org", "Ruth Ellison", "Head of Safeguarding and Quality", COUNCIL,
     Role.PANEL_CHAIR),
    ("panel@example.org", "Samir Haddad", "Named Nurse for Safeguarding Children",
     "Northmoor Teaching Hospitals NHS Foundation Trust", Role.PANEL_MEMBER),
    ("school@example.org", "Claire Dunn", "Designated Safeguarding Lead",
     "St Aidan's Primary School", Role.AGENCY_CONTRIBUTOR),
    ("charity@example.org", "Tom Reilly", "Safeguarding Lead",
     "Northmoor Family Support Network", Role.AGENCY_CONTRIBUTOR),
    # The contributors of the police, the hospital trust and children's social care: they
    # answer the rapid reviews' information requests and their agencies' actions.
    ("police@example.org", "Lucy Adams", "Detective Sergeant, Public Protection Unit",
     "Northmoor Police", Role.AGENCY_CONTRIBUTOR),
    ("health@example.org", "Hannah Doyle", "Safeguarding Children Specialist Nurse",
     "Northmoor Teaching Hospitals NHS Foundation Trust", Role.AGENCY_CONTRIBUTOR),
    ("council@example.org", "Joel Evans", "Team Manager, Children's Social Care", COUNCIL,
     Role.AGENCY_CONTRIBUTOR),
    ("reviewer@example.org", "Margaret Osei", "Independent reviewer",
     "Independent reviewers and scrutiny", Role.REVIEWER),
    ("scrutineer@example.org", "Alan Forbes", "Independent scrutineer",
     "Independent reviewers and scrutiny", Role.SCRUTINEER),
    ("manager@example.org", "Nadia Rahman", "Head of Service, Children's Social Care", COUNCIL,
     Role.MANAGER),
    ("admin@example.org", "Chris Walker", "System administrator", COUNCIL, Role.ADMINISTRATOR),
    # The people an overdue action is escalated to (004 section 16.2), named for their agency.
    ("police.head@example.org", "Simon Clarke", "Detective Superintendent, Public Protection",
     "Northmoor Police", Role.MANAGER),
    ("health.head@example.org", "Dr Leah Morgan", "Chief Nurse",
     "Northmoor Teaching Hospitals NHS Foundation Trust", Role.MANAGER),
    ("school.head@example.org", "Mark Bell", "Headteacher", "St Aidan's Primary School",
     Role.MANAGER),
    ("charity.head@example.org", "Dev Patel", "Service Manager",
     "Northmoor Family Support Network", Role.MANAGER),
]
# Each agency's head of service and chief officer (emails of DEMO_USERS), kept by the
# administrator: an action overdue by 3 months is escalated to the first, by 6 to the second.
# A school's headteacher and a small charity's manager are both.
NAMED = {
    COUNCIL: ("manager@example.org", "partner@example.org"),
    "Northmoor Police": ("police.head@example.org", "police.partner@example.org"),
    "Northmoor Integrated Care Board": ("icb.partner@example.org", "icb.partner@example.org"),
    "Northmoor Teaching Hospitals NHS Foundation Trust": ("health.head@example.org",
                                                          "health.head@example.org"),
    "St Aidan's Primary School": ("school.head@example.org", "school.head@example.org"),
    "Northmoor Family Support Network": ("charity.head@example.org",
                                         "charity.head@example.org"),
}
# The Learning and Development group (004 sections 9.2, 16.2): its chair and members.
LEARNING_GROUP_CHAIR = "chair@example.org"
LEARNING_GROUP_MEMBERS = ["panel@example.org"]


class Command(BaseCommand):
    help = "Load the demo partnership: agencies and one user of every role (embedded mode only)."

    def handle(self, *args, **options) -> None:
        if not settings.EMBEDDED:
            raise CommandError("Demo accounts have a published password: refused in production.")
        with transaction.atomic():
            agencies = {name: _ensure_agency(name, kind) for name, kind in DEMO_AGENCIES}
            for email, full_name, job_title, agency, role in DEMO_USERS:
                _ensure_user(email, full_name=full_name, job_title=job_title,
                             agency=agencies[agency], role=role, is_active=True)
            people = {user.email: user for user in User.objects.filter(
                email__in=[email for email, *_rest in DEMO_USERS])}
            for name, (head, chief) in NAMED.items():
                _ensure_named(agencies[name], people[head], people[chief])
            _ensure_learning_group(people)
        self.stdout.write(self.style.SUCCESS("Demo partnership loaded. Sign in with:"))
        for email, _name, _title, agency, role in DEMO_USERS:
            self.stdout.write(f"  {email:<28} {role.label:<22} {agency}")
        self.stdout.write(f"Every demo account's password is: {DEMO_PASSWORD}")


def _ensure_agency(name: str, kind: str) -> Agency:
    agency, created = Agency.objects.get_or_create(name=name, defaults={"kind": kind})
    if not created and agency.kind != kind:
        agency.kind = kind
        agency.save()
    return agency


def _ensure_named(agency: Agency, head_of_service: User, chief_officer: User) -> None:
    if (agency.head_of_service_id, agency.chief_officer_id) != (head_of_service.pk,
                                                                chief_officer.pk):
        agency.head_of_service, agency.chief_officer = head_of_service, chief_officer
        agency.save()


def _ensure_learning_group(people: dict[str, User]) -> None:
    group = LearningGroup.objects.filter(chair=people[LEARNING_GROUP_CHAIR]).first()
    if group is None:
        group = LearningGroup.objects.create(chair=people[LEARNING_GROUP_CHAIR])
    if not group.is_active:
        group.is_active = True
        group.save()
    group.members.add(*(people[email] for email in LEARNING_GROUP_MEMBERS))


def _ensure_user(email: str, **wanted) -> None:
    """Create the demo user, or put back what a demo session changed; an unchanged user is
    not saved again, so reloading the demo adds nothing to the history."""
    user = User.objects.filter(email=email).first()
    if user is None:
        User.objects.create_user(email, DEMO_PASSWORD, **wanted)
        return
    changed = {field: value for field, value in wanted.items() if getattr(user, field) != value}
    for field, value in changed.items():
        setattr(user, field, value)
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        changed["password"] = True
    if changed:
        user.save()
