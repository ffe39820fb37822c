"""Email a person their one-time two-factor set-up link: for the first administrator, made
with ``createsuperuser``, who has nobody to send them one from the admin."""

from django.core.management.base import BaseCommand, CommandError

from safeguarding import services
from safeguarding.models import User


class Command(BaseCommand):
    help = "Email a person a one-time link to set up two-factor sign-in (replacing any unused one)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email", help="The email address the person signs in with.")

    def handle(self, *args, email: str, **options) -> None:
        user = User.objects.filter(email=email.strip().lower(), is_active=True).first()
        if user is None:
            raise CommandError("No active account has that email address")
        services.send_two_factor_invitation(user=user, sent_by=None)
        self.stdout.write(f"A two-factor set-up link was emailed to {user.email}.")
