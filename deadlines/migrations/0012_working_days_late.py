"""Each deadline met late keeps its working days late, for the timeliness figures to count in
the database (issue 15); filled here for the deadlines already met late."""

from django.db import migrations, models

BATCH = 2_000


def fill(apps, schema_editor):
    from deadlines import calendar

    Deadline = apps.get_model("deadlines", "Deadline")
    late = Deadline.objects.filter(state="met_late", met_on__isnull=False,
                                   working_days_late__isnull=True).only("due_on", "met_on")
    batch = []
    for deadline in late.iterator(chunk_size=BATCH):
        deadline.working_days_late = calendar.working_days_between(deadline.due_on,
                                                                   deadline.met_on)
        batch.append(deadline)
        if len(batch) == BATCH:
            Deadline.objects.bulk_update(batch, ["working_days_late"])
            batch = []
    Deadline.objects.bulk_update(batch, ["working_days_late"])


class Migration(migrations.Migration):

    dependencies = [
        ("deadlines", "0011_deadline_without_a_case"),
    ]

    operations = [
        migrations.AddField(
            model_name="deadline",
            name="working_days_late",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="deadline",
            index=models.Index(fields=["due_on", "clock", "owner_agency", "state"],
                               name="deadlines_counted_by_clock"),
        ),
        migrations.AddIndex(
            model_name="deadline",
            index=models.Index(fields=["state", "due_on", "clock", "owner_agency",
                                       "working_days_late"], name="late_deadlines_by_clock"),
        ),
    ]
