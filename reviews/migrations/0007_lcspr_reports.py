"""The LCSPR's report (issue 13 items 8 and 10): its versions, the comments on them, the
sign-offs bound to a version, the recommendations, and the redaction check's hits."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("reviews", "0006_lcspr_terms_of_reference"),
        ("cases", "0007_one_online_notification_and_lcspr_statuses"),
        ("safeguarding", "0007_referral_within_24_hours"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalReportVersion',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('number', models.PositiveIntegerField()),
                ('received_on', models.DateField(verbose_name='the version received on')),
                ('note', models.TextField(blank=True, max_length=10000, verbose_name='what changed in this version')),
                ('text_read', models.BooleanField(default=False)),
                ('checked_at', models.DateTimeField(blank=True, null=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('document', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.document')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('lcspr', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.lcspr')),
                ('uploaded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical report version',
                'verbose_name_plural': 'historical report versions',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='ReportVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField()),
                ('received_on', models.DateField(verbose_name='the version received on')),
                ('note', models.TextField(blank=True, max_length=10000, verbose_name='what changed in this version')),
                ('text_read', models.BooleanField(default=False)),
                ('checked_at', models.DateTimeField(blank=True, null=True)),
                ('document', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='lcspr_report_version', to='cases.document')),
                ('lcspr', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='report_versions', to='reviews.lcspr')),
                ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['number'],
            },
        ),
        migrations.CreateModel(
            name='ReportSignOff',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('signer', models.CharField(choices=[('local_authority', 'The local authority'), ('police', 'The police'), ('integrated_care_board', 'The integrated care board'), ('scrutineer', 'The independent scrutineer')], max_length=32)),
                ('signed_on', models.DateField()),
                ('voided_on', models.DateField(blank=True, null=True)),
                ('voided_reason', models.CharField(blank=True, max_length=200)),
                ('lcspr', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='report_sign_offs', to='reviews.lcspr')),
                ('signed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('version', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sign_offs', to='reviews.reportversion')),
            ],
            options={
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='ReportRecommendation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField()),
                ('what', models.TextField(max_length=10000, verbose_name='the recommendation')),
                ('due_on', models.DateField(verbose_name='to be done by')),
                ('agencies', models.ManyToManyField(related_name='+', to='safeguarding.agency')),
                ('lcspr', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='report_recommendations', to='reviews.lcspr')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('version', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='reviews.reportversion')),
            ],
            options={
                'ordering': ['number'],
            },
        ),
        migrations.CreateModel(
            name='ReportComment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('group', models.CharField(choices=[('governance', 'The governance group'), ('learning', 'The Learning and Development group')], max_length=16)),
                ('commented_on', models.DateField()),
                ('text', models.TextField(max_length=10000)),
                ('commented_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='reviews.reportversion')),
            ],
            options={
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='RedactionHit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('child_name', "A child's name"), ('first_name', 'A first name alone'), ('family_name', "A family member's name"), ('date_of_birth', 'A date of birth'), ('address', 'An address'), ('postcode', 'A postcode'), ('setting', 'A school or setting'), ('practitioner', "A practitioner's name"), ('case_reference', 'The case reference'), ('unreadable', 'No text could be read')], max_length=16)),
                ('found', models.CharField(max_length=200)),
                ('before', models.CharField(blank=True, max_length=200)),
                ('after', models.CharField(blank=True, max_length=200)),
                ('position', models.PositiveIntegerField(default=0)),
                ('kept_reason', models.TextField(blank=True, max_length=10000, verbose_name='why it is kept')),
                ('kept_on', models.DateField(blank=True, null=True)),
                ('kept_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='redaction_hits', to='reviews.reportversion')),
            ],
            options={
                'ordering': ['position', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalReportSignOff',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('signer', models.CharField(choices=[('local_authority', 'The local authority'), ('police', 'The police'), ('integrated_care_board', 'The integrated care board'), ('scrutineer', 'The independent scrutineer')], max_length=32)),
                ('signed_on', models.DateField()),
                ('voided_on', models.DateField(blank=True, null=True)),
                ('voided_reason', models.CharField(blank=True, max_length=200)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('lcspr', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.lcspr')),
                ('signed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('version', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.reportversion')),
            ],
            options={
                'verbose_name': 'historical report sign off',
                'verbose_name_plural': 'historical report sign offs',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalReportRecommendation',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('number', models.PositiveIntegerField()),
                ('what', models.TextField(max_length=10000, verbose_name='the recommendation')),
                ('due_on', models.DateField(verbose_name='to be done by')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('lcspr', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.lcspr')),
                ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('version', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.reportversion')),
            ],
            options={
                'verbose_name': 'historical report recommendation',
                'verbose_name_plural': 'historical report recommendations',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalReportComment',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('group', models.CharField(choices=[('governance', 'The governance group'), ('learning', 'The Learning and Development group')], max_length=16)),
                ('commented_on', models.DateField()),
                ('text', models.TextField(max_length=10000)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('commented_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('version', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.reportversion')),
            ],
            options={
                'verbose_name': 'historical report comment',
                'verbose_name_plural': 'historical report comments',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalRedactionHit',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('kind', models.CharField(choices=[('child_name', "A child's name"), ('first_name', 'A first name alone'), ('family_name', "A family member's name"), ('date_of_birth', 'A date of birth'), ('address', 'An address'), ('postcode', 'A postcode'), ('setting', 'A school or setting'), ('practitioner', "A practitioner's name"), ('case_reference', 'The case reference'), ('unreadable', 'No text could be read')], max_length=16)),
                ('found', models.CharField(max_length=200)),
                ('before', models.CharField(blank=True, max_length=200)),
                ('after', models.CharField(blank=True, max_length=200)),
                ('position', models.PositiveIntegerField(default=0)),
                ('kept_reason', models.TextField(blank=True, max_length=10000, verbose_name='why it is kept')),
                ('kept_on', models.DateField(blank=True, null=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('kept_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('version', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.reportversion')),
            ],
            options={
                'verbose_name': 'historical redaction hit',
                'verbose_name_plural': 'historical redaction hits',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddConstraint(
            model_name='reportversion',
            constraint=models.UniqueConstraint(fields=('lcspr', 'number'), name='one_report_version_number'),
        ),
        migrations.AddConstraint(
            model_name='reportsignoff',
            constraint=models.UniqueConstraint(condition=models.Q(('voided_on__isnull', True)), fields=('lcspr', 'signer'), name='one_current_report_sign_off_per_signer'),
        ),
        migrations.AddConstraint(
            model_name='reportrecommendation',
            constraint=models.UniqueConstraint(fields=('lcspr', 'number'), name='one_recommendation_number'),
        ),
    ]
