import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reviews', '0013_learning_dissemination'),
        ('safeguarding', '0008_learning_group_and_escalation'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ActionAudit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('what', models.TextField(max_length=10000, verbose_name='what is to be checked')),
                ('due_on', models.DateField(verbose_name='the date of the audit')),
                ('by_whom', models.CharField(max_length=200, verbose_name='by whom: the person or team')),
                ('required_on', models.DateField()),
                ('found_on', models.DateField(blank=True, null=True)),
                ('finding', models.TextField(blank=True, max_length=10000, verbose_name='what it found')),
                ('outcome', models.CharField(blank=True, choices=[('assured', 'Assured: the change is embedded'), ('not_assured', 'Not assured: the action is reopened')], max_length=16)),
                ('action', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='audits', to='reviews.action')),
                ('by_agency', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='safeguarding.agency')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('required_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['required_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalActionAudit',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('what', models.TextField(max_length=10000, verbose_name='what is to be checked')),
                ('due_on', models.DateField(verbose_name='the date of the audit')),
                ('by_whom', models.CharField(max_length=200, verbose_name='by whom: the person or team')),
                ('required_on', models.DateField()),
                ('found_on', models.DateField(blank=True, null=True)),
                ('finding', models.TextField(blank=True, max_length=10000, verbose_name='what it found')),
                ('outcome', models.CharField(blank=True, choices=[('assured', 'Assured: the change is embedded'), ('not_assured', 'Not assured: the action is reopened')], max_length=16)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('action', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.action')),
                ('by_agency', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='safeguarding.agency')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('required_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical action audit',
                'verbose_name_plural': 'historical action audits',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
