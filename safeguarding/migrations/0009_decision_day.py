"""Each decision keeps its day in Europe/London, and an index finds the latest decision that
moved a record to a state: the pipeline's time at stage at 20,000 cases (issue 15). The day is
filled here for the decisions already made."""

from django.db import migrations, models
from django.utils import timezone

BATCH = 2_000


def fill(apps, schema_editor):
    Decision = apps.get_model("safeguarding", "Decision")
    batch = []
    for decision in Decision.objects.filter(day__isnull=True).only("at").iterator(
            chunk_size=BATCH):
        decision.day = timezone.localdate(decision.at)
        batch.append(decision)
        if len(batch) == BATCH:
            Decision.objects.bulk_update(batch, ["day"])
            batch = []
    Decision.objects.bulk_update(batch, ["day"])


class Migration(migrations.Migration):

    dependencies = [
        ("safeguarding", "0008_learning_group_and_escalation"),
        # After the cases' decisions are copied into the log, so that their days are filled.
        ("cases", "0005_decisions_to_the_workflow_log"),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="day",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="decision",
            index=models.Index(fields=["content_type", "object_id", "to_state", "at",
                                        "from_state", "day"],
                               name="decision_moved_to_state"),
        ),
        migrations.AddIndex(
            model_name="decision",
            index=models.Index(fields=["at", "content_type", "from_state", "to_state"],
                               name="decision_moves_by_time"),
        ),
    ]
