from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("reviews", "0015_panel_attendance_presence"),
    ]

    operations = [
        migrations.AddField(
            model_name="informationreturn",
            name="section_progress",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="historicalinformationreturn",
            name="section_progress",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
