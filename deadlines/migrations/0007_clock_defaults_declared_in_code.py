"""Each clock row keeps the amount and reminder the code last declared, so that after a
migrate services.write_clock_policy can tell an administrator's change (kept) from a default
nobody changed (which follows the code). Empty on existing rows: the first write after this
migration keeps their amounts and records the declared defaults."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('deadlines', '0006_indexes_for_lists'),
    ]

    operations = [
        migrations.AddField(
            model_name='clock',
            name='default_amount',
            field=models.PositiveIntegerField(blank=True, help_text="The amount the code declares: while the amount is still this one, it follows the code's changes.", null=True),
        ),
        migrations.AddField(
            model_name='clock',
            name='default_reminder_working_days',
            field=models.PositiveSmallIntegerField(blank=True, help_text="The reminder the code declares: while the reminder is still this one, it follows the code's changes.", null=True),
        ),
        migrations.AddField(
            model_name='historicalclock',
            name='default_amount',
            field=models.PositiveIntegerField(blank=True, help_text="The amount the code declares: while the amount is still this one, it follows the code's changes.", null=True),
        ),
        migrations.AddField(
            model_name='historicalclock',
            name='default_reminder_working_days',
            field=models.PositiveSmallIntegerField(blank=True, help_text="The reminder the code declares: while the reminder is still this one, it follows the code's changes.", null=True),
        ),
    ]
