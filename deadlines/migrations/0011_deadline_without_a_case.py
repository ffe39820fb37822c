"""A deadline may belong to no case: the actions of a national review's or a thematic
piece's action plan are chased as every other action is (issue 14)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0007_one_online_notification_and_lcspr_statuses"),
        ("deadlines", "0010_notice_due_date"),
    ]

    operations = [
        migrations.AlterField(
            model_name="deadline",
            name="case",
            field=models.ForeignKey(blank=True, null=True,
                                    on_delete=django.db.models.deletion.CASCADE,
                                    related_name="deadlines", to="cases.case"),
        ),
    ]
