"""Reasons for a statutory clock's delay (issue 12) get a table of their own, kept by clock
and record beside the deadlines that sync remakes, with their history. The deadline's own
``delay_reason`` text, never written by any code, goes: the migrate stops, changing
nothing, if a database holds one (it would otherwise be lost)."""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def refuse_to_lose_a_reason(apps, schema_editor):
    Deadline = apps.get_model("deadlines", "Deadline")
    written = Deadline.objects.exclude(delay_reason="").values_list("pk", flat=True)[:10]
    if written:
        raise RuntimeError("These deadlines have a delay_reason, which this migration would "
                           f"drop: {list(written)}. Copy them to DelayReason by hand first.")


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0001_initial'),
        ('deadlines', '0008_pack_and_meeting_count_from_day_one'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(refuse_to_lose_a_reason, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='deadline',
            name='delay_reason',
        ),
        migrations.CreateModel(
            name='HistoricalDelayReason',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('record_type', models.CharField(help_text='app_label.model of the record', max_length=64)),
                ('record_id', models.PositiveBigIntegerField()),
                ('kind', models.CharField(choices=[('criminal_proceedings', 'Criminal proceedings'), ('inquest', 'An inquest'), ('other', 'Another reason')], max_length=24, verbose_name='why it is late')),
                ('text', models.TextField(blank=True, max_length=2000, verbose_name='the reason in words')),
                ('status', models.CharField(choices=[('given', 'Reason given')], default='given', max_length=16)),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('case', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.case')),
                ('clock', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='deadlines.clock')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical delay reason',
                'verbose_name_plural': 'historical delay reasons',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='DelayReason',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('record_type', models.CharField(help_text='app_label.model of the record', max_length=64)),
                ('record_id', models.PositiveBigIntegerField()),
                ('kind', models.CharField(choices=[('criminal_proceedings', 'Criminal proceedings'), ('inquest', 'An inquest'), ('other', 'Another reason')], max_length=24, verbose_name='why it is late')),
                ('text', models.TextField(blank=True, max_length=2000, verbose_name='the reason in words')),
                ('status', models.CharField(choices=[('given', 'Reason given')], default='given', max_length=16)),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='delay_reasons', to='cases.case')),
                ('clock', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='delay_reasons', to='deadlines.clock')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['pk'],
                'constraints': [models.UniqueConstraint(fields=('clock', 'record_type', 'record_id'), name='one_delay_reason_per_clock_and_record')],
            },
        ),
    ]
