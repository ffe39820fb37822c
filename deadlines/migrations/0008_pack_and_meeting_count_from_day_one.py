"""The panel pack and meeting clocks count as seed 000 counts them: from its day 1 (the
triage, recorded as the decision to undertake the rapid review), the pack on day 8 (7
working days after day 1) and the panel on day 10 (9 after), where they counted 8 and 10
working days from the notification. A row still holding that old default, on a database made
before the defaults were kept (migration 0007), is marked as holding it, so that the
declarations written after this migrate (services.write_clock_policy) bring it to the new
default and recompute the deadlines; an administrator's own amount is kept."""

from django.db import migrations

OLD_DEFAULTS = {"panel_pack_circulated": 8, "rapid_review_meeting": 10}


def mark_the_old_defaults(apps, schema_editor):
    Clock = apps.get_model("deadlines", "Clock")
    for code, amount in OLD_DEFAULTS.items():
        Clock.objects.filter(code=code, amount=amount, default_amount=None).update(
            default_amount=amount)


class Migration(migrations.Migration):

    dependencies = [
        ('deadlines', '0007_clock_defaults_declared_in_code'),
    ]

    operations = [
        migrations.RunPython(mark_the_old_defaults, migrations.RunPython.noop),
    ]
