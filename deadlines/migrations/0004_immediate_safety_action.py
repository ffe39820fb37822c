"""A clock for each immediate safety action a rapid review sets: due on the date the panel
chose, owned by the agency it names."""

from django.db import migrations


def add_clock(apps, schema_editor):
    apps.get_model("deadlines", "Clock").objects.update_or_create(
        code="immediate_safety_action", defaults={
            "name": "Immediate safety action completed",
            "starts": "The rapid review panel set the action",
            "met_by": "The action was completed", "amount": 10, "unit": "working_days",
            "direction": "after", "statutory": False, "statutory_amount": None,
            "source": "Seed 000 stage 6; the Panel's rapid review template (the panel sets "
                      "each action's due date)",
            "responsible": "action_owner", "reminder_working_days": 2,
        })


def remove_clock(apps, schema_editor):
    apps.get_model("deadlines", "Clock").objects.filter(code="immediate_safety_action",
                                                        deadlines=None).delete()


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0003_timescale_policy")]
    operations = [migrations.RunPython(add_clock, remove_clock)]
