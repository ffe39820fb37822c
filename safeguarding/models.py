import hashlib

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Agency(models.Model):
    """A partner organisation whose staff use the service."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        POLICE = "police", "Police"
        INTEGRATED_CARE_BOARD = "integrated_care_board", "Integrated care board"
        HEALTH_PROVIDER = "health_provider", "Health provider"
        EDUCATION = "education", "Education"
        LEGAL = "legal", "Legal"
        PROBATION = "probation", "Probation"
        THIRD_SECTOR = "third_sector", "Voluntary and community sector"
        OTHER = "other", "Other"

    # The three statutory safeguarding partners (Children Act 2004 s16E).
    STATUTORY_PARTNER_KINDS = (Kind.LOCAL_AUTHORITY, Kind.POLICE, Kind.INTEGRATED_CARE_BOARD)

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    is_active = models.BooleanField(
        default=True, help_text="Agencies are never deleted; an agency that left is made inactive."
    )
    # 004 sections 9.2 and 16.2: the Learning and Development group's chair tells the head of
    # service of an action still outstanding three months beyond its deadline, and the chief
    # officer at six; the chief officer alone may ask for an extension.
    head_of_service = models.ForeignKey(
        "User", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="Told when one of the agency's actions is 3 months overdue.")
    chief_officer = models.ForeignKey(
        "User", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="Told when one of the agency's actions is 6 months overdue; may ask for an "
                  "extension.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name

    @property
    def is_statutory_partner(self) -> bool:
        return self.kind in self.STATUTORY_PARTNER_KINDS


class Role(models.TextChoices):
    BUSINESS_UNIT = "business_unit", "Business unit"
    SAFEGUARDING_PARTNER = "safeguarding_partner", "Safeguarding partner"
    PANEL_CHAIR = "panel_chair", "Panel chair"
    PANEL_MEMBER = "panel_member", "Panel member"
    AGENCY_CONTRIBUTOR = "agency_contributor", "Agency contributor"
    REVIEWER = "reviewer", "Reviewer"
    SCRUTINEER = "scrutineer", "Scrutineer"
    MANAGER = "manager", "Manager"
    ADMINISTRATOR = "administrator", "Administrator"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=email.strip().lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        """`createsuperuser` makes an administrator; nobody bypasses the permission rules."""
        fields["role"] = Role.ADMINISTRATOR
        if isinstance(fields.get("agency"), int):
            fields["agency_id"] = fields.pop("agency")
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their work email; belongs to one agency, holds one role."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="staff")
    role = models.CharField(max_length=32, choices=Role.choices)
    is_active = models.BooleanField(
        default=True, help_text="Users are never deleted; someone who left is made inactive."
    )
    date_joined = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name", "agency"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.email.strip().lower()
        agency = self.agency if self.agency_id else None
        if self.role == Role.SAFEGUARDING_PARTNER and agency and not agency.is_statutory_partner:
            raise ValidationError(
                {"role": "A safeguarding partner must belong to the local authority, "
                         "the police or the integrated care board"}
            )

    @property
    def is_staff(self) -> bool:
        """Only administrators use the Django admin."""
        return self.is_active and self.role == Role.ADMINISTRATOR


LATER_START = ("The 15 working days for the rapid review are statutory: they run from the "
               "notification to the National Panel, or from an earlier event (the local "
               "authority becoming aware), never from a later one. To count from the Panel's "
               "acknowledgement as Darlington does, choose to also count from it: that is "
               "shown as a local target beside the statutory clock.")


class LocalPolicy(models.Model):
    """The partnership's local choices, one row, kept by the administrator."""

    ask_about_care_leaver_deaths = models.BooleanField(
        "ask whether a care leaver aged 24 or under has died",
        default=True,
        help_text="Working Together 2023 asks partners to notify the death of a care leaver "
                  "up to and including the age of 24.",
    )
    class RapidReviewClock(models.TextChoices):
        """When the statutory 15 working days start: the notification, or an earlier event.
        Never a later one: a later start would loosen a statutory clock. (Darlington's count
        from the Panel's acknowledgement, 004 section 6.2, is ``acknowledgement_targets``.)"""

        NOTIFIED = "notified", "The notification to the National Panel (the statutory start)"
        AWARE = "aware", ("The local authority becoming aware of the incident (earlier: when "
                          "no date is recorded, or a later one, the notification)")

    rapid_review_clock_starts = models.CharField(
        "the 15 working days for the rapid review run from", max_length=16,
        choices=RapidReviewClock.choices, default=RapidReviewClock.NOTIFIED,
        help_text="The statutory clock runs from the notification: a local policy may start it "
                  "earlier, never later.",
        error_messages={"invalid_choice": LATER_START})
    acknowledgement_targets = models.BooleanField(
        "also count from the National Panel's acknowledgement",
        default=False,
        help_text="Once the Panel's acknowledgement is recorded, each case also shows local "
                  "targets counted from it (the meeting within 10 working days, the rapid "
                  "review within 15), beside the statutory clocks, which still run from the "
                  "notification.")
    class RapidReviewDecisionBy(models.TextChoices):
        """Who decides on the rapid review panel's recommendation. Both are recorded by a
        user with the scrutineer role (the independent scrutineer / partnership chair);
        under the 004 policy a statutory partner's representative may record it too."""

        PARTNERSHIP_CHAIR = "partnership_chair", "The partnership chair"
        PARTNERS_AND_SCRUTINEER = "partners_and_scrutineer", (
            "The three safeguarding partners with the independent scrutineer")

    rapid_review_decision_by = models.CharField(
        "the partners' decision on a rapid review's recommendation is made by", max_length=32,
        choices=RapidReviewDecisionBy.choices, default=RapidReviewDecisionBy.PARTNERSHIP_CHAIR)
    referral_within_24_hours = models.BooleanField(
        "also expect referrals within 24 hours", default=False,
        help_text="Each referral then also shows a local target of 24 hours from when the "
                  "agency became aware, beside the statutory 1 working day.")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "local policy"
        verbose_name_plural = "local policy"

    def __str__(self) -> str:
        return "Local policy"

    @classmethod
    def current(cls) -> "LocalPolicy":
        return cls.objects.get_or_create(pk=1)[0]


class LearningGroup(models.Model):
    """The Learning and Development group (004 sections 9.2, 16.2): it determines and approves
    the improvement actions, accepts their evidence, decides extensions, and its chair
    escalates what is outstanding. Kept by the administrator; made inactive, never deleted."""

    name = models.CharField(max_length=200, default="Learning and Development group")
    chair = models.ForeignKey("User", on_delete=models.PROTECT,
                              related_name="chaired_learning_groups")
    members: models.ManyToManyField = models.ManyToManyField(
        "User", related_name="learning_groups", blank=True)
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Decision(models.Model):
    """One transition of one record: who did what, when, from which state to which, and why.
    Written only by the workflow; the case timeline and the scrutineer's decision log read it.

    The record is any stateful record (a case, a referral, a return, a review...). The case
    it belongs to is kept by id, without a foreign key, so that the core depends on no app."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT,
                                     related_name="+")
    object_id = models.PositiveBigIntegerField()
    case_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    record = models.CharField("what it was about", max_length=200)
    transition = models.CharField(max_length=64)
    what = models.CharField("what was done", max_length=200)
    from_state = models.CharField(max_length=40, blank=True)
    to_state = models.CharField(max_length=40)
    from_label = models.CharField(max_length=100, blank=True)
    to_label = models.CharField(max_length=100)
    actor = models.ForeignKey("User", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # The day of ``at`` in Europe/London, kept on save: the pipeline reads the day a record
    # entered its stage from the log for thousands of records at once.
    day = models.DateField(null=True, blank=True, editable=False)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"]),
                   # The latest decision that moved a record to its state, and its day, read
                   # from the index alone.
                   models.Index(fields=["content_type", "object_id", "to_state", "at",
                                        "from_state", "day"],
                                name="decision_moved_to_state"),
                   # The pipeline's moves into and out of each state in a period.
                   models.Index(fields=["at", "content_type", "from_state", "to_state"],
                                name="decision_moves_by_time")]

    def __str__(self) -> str:
        return f"{self.record}: {self.what}"

    def save(self, *args, **kwargs) -> None:
        self.day = timezone.localdate(self.at)
        super().save(*args, **kwargs)

    @property
    def changed_state(self) -> bool:
        return bool(self.from_state) and self.from_state != self.to_state


class UserChange(models.Model):
    """One change to who a person is in the service: their role, agency, whether their account
    is active, or a two-factor device added or removed. Written only by
    ``safeguarding.services``; read by the scrutineer and administrators, newest first."""

    class Field(models.TextChoices):
        ROLE = "role", "Role"
        AGENCY = "agency", "Agency"
        ACTIVE = "is_active", "Account active"
        TWO_FACTOR = "two_factor", "Two-factor device"

    changed_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", help_text="Empty: the person themselves "
                                   "or the system, outside a signed-in session.")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="changes")
    field = models.CharField(max_length=16, choices=Field.choices)
    from_value = models.CharField("from", max_length=200, blank=True)
    to_value = models.CharField("to", max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_field_display()} of user {self.user_id}"


class TwoFactorInvitation(models.Model):
    """A one-time link, emailed to a person, to set up their second factor for the first time
    (or again, after an administrator removed a lost one). Only a hash of the link's secret is
    kept. Written only by ``safeguarding.services``."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    sent_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"Two-factor set-up invitation of user {self.user_id}"

    def is_valid(self) -> bool:
        return self.used_at is None and timezone.now() < self.expires_at

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
