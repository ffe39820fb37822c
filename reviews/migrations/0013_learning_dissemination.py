import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0007_one_online_notification_and_lcspr_statuses'),
        ('reviews', '0012_action_plans'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalLearningPoint',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('captured_on', models.DateField()),
                ('text', models.TextField(max_length=10000, verbose_name='the learning')),
                ('is_key_finding', models.BooleanField(default=False)),
                ('sent_to_group_on', models.DateField(blank=True, null=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('captured_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('plan', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.actionplan')),
            ],
            options={
                'verbose_name': 'historical learning point',
                'verbose_name_plural': 'historical learning points',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalLearningShared',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('status', models.CharField(choices=[('planned', 'Planned'), ('shared', 'Shared')], default='planned', max_length=16)),
                ('what', models.TextField(max_length=10000, verbose_name='what is shared')),
                ('how', models.CharField(choices=[('briefing', 'A briefing, such as a 7-minute briefing'), ('newsletter', 'The partnership newsletter'), ('learning_event', 'A learning event'), ('training', 'Training'), ('other', 'Another way')], max_length=16)),
                ('how_other', models.CharField(blank=True, max_length=200, verbose_name='the other way')),
                ('audience', models.TextField(max_length=10000, verbose_name='with whom')),
                ('planned_for', models.DateField(blank=True, null=True, verbose_name='to be shared by')),
                ('planned_on', models.DateField(blank=True, null=True, verbose_name='the date it was planned')),
                ('shared_on', models.DateField(blank=True, null=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('document', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.document')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('plan', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.actionplan')),
                ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical learning shared',
                'verbose_name_plural': 'historical learning shared',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='LearningPoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('captured_on', models.DateField()),
                ('text', models.TextField(max_length=10000, verbose_name='the learning')),
                ('is_key_finding', models.BooleanField(default=False)),
                ('sent_to_group_on', models.DateField(blank=True, null=True)),
                ('captured_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='learning_points', to='reviews.actionplan')),
            ],
            options={
                'ordering': ['plan', 'captured_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='LearningShared',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('planned', 'Planned'), ('shared', 'Shared')], default='planned', max_length=16)),
                ('what', models.TextField(max_length=10000, verbose_name='what is shared')),
                ('how', models.CharField(choices=[('briefing', 'A briefing, such as a 7-minute briefing'), ('newsletter', 'The partnership newsletter'), ('learning_event', 'A learning event'), ('training', 'Training'), ('other', 'Another way')], max_length=16)),
                ('how_other', models.CharField(blank=True, max_length=200, verbose_name='the other way')),
                ('audience', models.TextField(max_length=10000, verbose_name='with whom')),
                ('planned_for', models.DateField(blank=True, null=True, verbose_name='to be shared by')),
                ('planned_on', models.DateField(blank=True, null=True, verbose_name='the date it was planned')),
                ('shared_on', models.DateField(blank=True, null=True)),
                ('document', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.document')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='learning_shared', to='reviews.actionplan')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name_plural': 'learning shared',
                'ordering': ['plan', 'pk'],
            },
        ),
    ]
