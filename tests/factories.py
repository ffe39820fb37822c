import datetime
import io
import zipfile

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Case
from forms.models import Child, Referral
from forms.services import submit_referral
from safeguarding.models import Agency, Role, User

PASSWORD = "correct-horse-battery"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = Agency.Kind.OTHER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    role = Role.AGENCY_CONTRIBUTOR
    agency = factory.LazyAttribute(
        lambda user: AgencyFactory(
            name=f"Test {Agency.Kind.LOCAL_AUTHORITY.label}",
            kind=Agency.Kind.LOCAL_AUTHORITY,
        )
        if user.role == Role.SAFEGUARDING_PARTNER
        else AgencyFactory()
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, password=PASSWORD, **kwargs)


class ReferralFactory(factory.django.DjangoModelFactory):
    """A complete referral in the seeds' words, ready to submit: a 4-month-old baby seriously
    harmed in the area, abuse suspected."""

    class Meta:
        model = Referral
        skip_postgeneration_save = True

    created_by = factory.SubFactory(UserFactory, role=Role.AGENCY_CONTRIBUTOR)
    agency = factory.LazyAttribute(lambda referral: referral.created_by.agency)
    route = Referral.Route.NOTIFICATION
    abuse_or_neglect = Referral.AbuseOrNeglect.SUSPECTED
    outcome = Referral.Outcome.SERIOUSLY_HARMED
    place = Referral.Place.IN_AREA
    referrer_name = "Claire Dunn"
    referrer_job_title = "Designated Safeguarding Lead"
    referrer_organisation = "St Aidan's Primary School"
    referrer_email = "claire.dunn@example.org"
    referrer_phone = "01632 960 001"
    authorising_officer = "Mark Bell"
    authorising_officer_job_title = "Headteacher"
    agreement_date = datetime.date(2026, 11, 20)
    incident_date = datetime.date(2026, 11, 19)
    staff_conduct = "no"
    coroner_involved = "no"
    criminal_investigation = "yes"
    main_cause = Referral.Cause.NON_ACCIDENTAL_INJURY
    characteristics = [Referral.Characteristic.PHYSICAL_ABUSE,
                       Referral.Characteristic.SHAKEN_BABY]
    known_to_social_care = "yes"
    child_on_cp_plan = "no"
    siblings_on_cp_plan = "no"
    child_on_cin_plan = "yes"
    siblings_on_cin_plan = "no"
    incident_details = "Baby brought to A&E with a fractured skull; explanation inconsistent."
    why_meets_criteria = "A potentially life-threatening injury; abuse is suspected."
    other_reviews = [Referral.OtherReview.CRIMINAL_INVESTIGATION]

    @factory.post_generation
    def child(referral, create, extracted, **kwargs):
        if create and extracted is not False:
            Child.objects.create(
                referral=referral, full_name=kwargs.get("full_name", "Baby Amelia Test"),
                date_of_birth=kwargs.get("date_of_birth", datetime.date(2026, 7, 14)),
                date_of_death=kwargs.get("date_of_death"),
            )


def submitted_case(*, received_on: datetime.date | None = None, **referral_fields) -> Case:
    """A case opened by submitting a complete referral, today or on ``received_on`` (the
    referral's submission date and the case's date received): the dates recorded on a case
    later (the partners informed, their decision...) may not be before it."""
    from unittest import mock

    referral = ReferralFactory(**referral_fields)
    if received_on is None:
        return submit_referral(referral=referral, actor=referral.created_by)
    with mock.patch("forms.services.today", return_value=received_on):
        return submit_referral(referral=referral, actor=referral.created_by)


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf_upload(name: str = "police-summary.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_bytes() -> bytes:
    """The smallest package Word's signature and a content-types part make."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def two_factor_invitation(user: User) -> str:
    """The path of a valid first-time two-factor set-up link for ``user``, as if emailed."""
    import secrets

    from django.urls import reverse
    from django.utils import timezone

    from safeguarding.models import TwoFactorInvitation

    token = secrets.token_urlsafe(16)
    TwoFactorInvitation.objects.create(user=user, token_hash=TwoFactorInvitation.hash(token),
                                       expires_at=timezone.now() + datetime.timedelta(days=7))
    return reverse("two-factor-invitation", args=[token])
