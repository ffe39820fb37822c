import factory

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
