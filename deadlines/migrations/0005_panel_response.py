"""The National Panel's response to a rapid review, expected in days 16 to 30 (001): a clock
so that a response that has not come is chased."""

from django.db import migrations


def add_clock(apps, schema_editor):
    apps.get_model("deadlines", "Clock").objects.update_or_create(
        code="panel_response", defaults={
            "name": "National Panel's response to the rapid review",
            "starts": "The rapid review was sent to the National Panel",
            "met_by": "The Panel's response was recorded", "amount": 15,
            "unit": "working_days", "direction": "after", "statutory": False,
            "statutory_amount": None,
            "source": "Seed 001 (the Panel responds in days 16 to 30)",
            "responsible": "business_unit", "reminder_working_days": 0,
        })


def remove_clock(apps, schema_editor):
    apps.get_model("deadlines", "Clock").objects.filter(code="panel_response",
                                                        deadlines=None).delete()


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0004_immediate_safety_action")]
    operations = [migrations.RunPython(add_clock, remove_clock)]
