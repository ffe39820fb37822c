# Publication, disclosure and media of an LCSPR (issue 13 items 7 and 9).

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reviews', '0007_lcspr_reports'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicallcspr',
            name='delay_kind',
            field=models.CharField(blank=True, choices=[('criminal_proceedings', 'Criminal proceedings'), ('inquest', 'An inquest'), ('other', 'Another reason')], max_length=24, verbose_name='why publication is delayed'),
        ),
        migrations.AddField(
            model_name='historicallcspr',
            name='delay_text',
            field=models.TextField(blank=True, max_length=10000, verbose_name='the reason for the delay in words'),
        ),
        migrations.AddField(
            model_name='historicallcspr',
            name='delay_told_on',
            field=models.DateField(blank=True, null=True, verbose_name='the National Panel and the Secretary of State told of the delay on'),
        ),
        migrations.AddField(
            model_name='historicallcspr',
            name='media_strategy',
            field=models.TextField(blank=True, max_length=10000, verbose_name='the media strategy'),
        ),
        migrations.AddField(
            model_name='historicallcspr',
            name='media_strategy_agreed_on',
            field=models.DateField(blank=True, null=True, verbose_name='the media strategy considered by the governance group on'),
        ),
        migrations.AddField(
            model_name='historicallcspr',
            name='media_strategy_approved_on',
            field=models.DateField(blank=True, null=True, verbose_name='the media strategy approved by the safeguarding partners on'),
        ),
        migrations.AddField(
            model_name='historicallcspr',
            name='panel_comments',
            field=models.TextField(blank=True, max_length=10000, verbose_name='the comments of the National Panel or the Secretary of State on publication'),
        ),
        migrations.AddField(
            model_name='historicallcspr',
            name='panel_comments_on',
            field=models.DateField(blank=True, null=True, verbose_name='their comments received on'),
        ),
        migrations.AddField(
            model_name='historicallcspr',
            name='planned_publication_on',
            field=models.DateField(blank=True, null=True, verbose_name='the planned publication date'),
        ),
        migrations.AddField(
            model_name='historicallcspr',
            name='press_statement',
            field=models.TextField(blank=True, max_length=10000, verbose_name='the press statement'),
        ),
        migrations.AddField(
            model_name='historicallcspr',
            name='press_statement_on',
            field=models.DateField(blank=True, null=True, verbose_name='the press statement released on'),
        ),
        migrations.AddField(
            model_name='historicallcspr',
            name='publication_decided_on',
            field=models.DateField(blank=True, null=True, verbose_name='the decision on publication made on'),
        ),
        migrations.AddField(
            model_name='historicallcspr',
            name='publication_decision',
            field=models.CharField(blank=True, choices=[('full', 'Publish the report in full'), ('learning', 'Publish the learning and improvements only'), ('none', 'Do not publish')], max_length=16, verbose_name="the partners' decision on publication"),
        ),
        migrations.AddField(
            model_name='historicallcspr',
            name='published_reviewer_name',
            field=models.CharField(blank=True, max_length=200, verbose_name="the reviewer's name, as published"),
        ),
        migrations.AddField(
            model_name='historicallcspr',
            name='removed_on',
            field=models.DateField(blank=True, null=True, verbose_name='the published report taken down on'),
        ),
        migrations.AddField(
            model_name='historicallcspr',
            name='removed_reason',
            field=models.TextField(blank=True, max_length=10000, verbose_name='why it was taken down'),
        ),
        migrations.AddField(
            model_name='lcspr',
            name='delay_kind',
            field=models.CharField(blank=True, choices=[('criminal_proceedings', 'Criminal proceedings'), ('inquest', 'An inquest'), ('other', 'Another reason')], max_length=24, verbose_name='why publication is delayed'),
        ),
        migrations.AddField(
            model_name='lcspr',
            name='delay_text',
            field=models.TextField(blank=True, max_length=10000, verbose_name='the reason for the delay in words'),
        ),
        migrations.AddField(
            model_name='lcspr',
            name='delay_told_on',
            field=models.DateField(blank=True, null=True, verbose_name='the National Panel and the Secretary of State told of the delay on'),
        ),
        migrations.AddField(
            model_name='lcspr',
            name='media_strategy',
            field=models.TextField(blank=True, max_length=10000, verbose_name='the media strategy'),
        ),
        migrations.AddField(
            model_name='lcspr',
            name='media_strategy_agreed_on',
            field=models.DateField(blank=True, null=True, verbose_name='the media strategy considered by the governance group on'),
        ),
        migrations.AddField(
            model_name='lcspr',
            name='media_strategy_approved_on',
            field=models.DateField(blank=True, null=True, verbose_name='the media strategy approved by the safeguarding partners on'),
        ),
        migrations.AddField(
            model_name='lcspr',
            name='panel_comments',
            field=models.TextField(blank=True, max_length=10000, verbose_name='the comments of the National Panel or the Secretary of State on publication'),
        ),
        migrations.AddField(
            model_name='lcspr',
            name='panel_comments_on',
            field=models.DateField(blank=True, null=True, verbose_name='their comments received on'),
        ),
        migrations.AddField(
            model_name='lcspr',
            name='planned_publication_on',
            field=models.DateField(blank=True, null=True, verbose_name='the planned publication date'),
        ),
        migrations.AddField(
            model_name='lcspr',
            name='press_statement',
            field=models.TextField(blank=True, max_length=10000, verbose_name='the press statement'),
        ),
        migrations.AddField(
            model_name='lcspr',
            name='press_statement_on',
            field=models.DateField(blank=True, null=True, verbose_name='the press statement released on'),
        ),
        migrations.AddField(
            model_name='lcspr',
            name='publication_decided_on',
            field=models.DateField(blank=True, null=True, verbose_name='the decision on publication made on'),
        ),
        migrations.AddField(
            model_name='lcspr',
            name='publication_decision',
            field=models.CharField(blank=True, choices=[('full', 'Publish the report in full'), ('learning', 'Publish the learning and improvements only'), ('none', 'Do not publish')], max_length=16, verbose_name="the partners' decision on publication"),
        ),
        migrations.AddField(
            model_name='lcspr',
            name='published_reviewer_name',
            field=models.CharField(blank=True, max_length=200, verbose_name="the reviewer's name, as published"),
        ),
        migrations.AddField(
            model_name='lcspr',
            name='removed_on',
            field=models.DateField(blank=True, null=True, verbose_name='the published report taken down on'),
        ),
        migrations.AddField(
            model_name='lcspr',
            name='removed_reason',
            field=models.TextField(blank=True, max_length=10000, verbose_name='why it was taken down'),
        ),
        migrations.CreateModel(
            name='DisclosureRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('requester', models.CharField(choices=[('coroner', 'H.M. Coroner'), ('police', 'The police'), ('cps', 'The Crown Prosecution Service'), ('court', 'A court'), ('other', 'Someone else')], max_length=16)),
                ('requester_details', models.CharField(blank=True, max_length=200, verbose_name='who asked')),
                ('received_on', models.DateField(verbose_name='the request received on')),
                ('documents', models.TextField(max_length=10000, verbose_name='the documents asked for')),
                ('legal_advice', models.TextField(blank=True, max_length=10000, verbose_name='the legal advice')),
                ('legal_advice_on', models.DateField(blank=True, null=True, verbose_name='the legal advice given on')),
                ('outcome', models.CharField(blank=True, choices=[('disclosed', 'Disclosed'), ('in_part', 'Disclosed in part'), ('refused', 'Not disclosed')], max_length=16, verbose_name='the decision')),
                ('decided_on', models.DateField(blank=True, null=True)),
                ('decision_reason', models.TextField(blank=True, max_length=10000, verbose_name='the reason for the decision')),
                ('lcspr', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='disclosure_requests', to='reviews.lcspr')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['received_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalDisclosureRequest',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('requester', models.CharField(choices=[('coroner', 'H.M. Coroner'), ('police', 'The police'), ('cps', 'The Crown Prosecution Service'), ('court', 'A court'), ('other', 'Someone else')], max_length=16)),
                ('requester_details', models.CharField(blank=True, max_length=200, verbose_name='who asked')),
                ('received_on', models.DateField(verbose_name='the request received on')),
                ('documents', models.TextField(max_length=10000, verbose_name='the documents asked for')),
                ('legal_advice', models.TextField(blank=True, max_length=10000, verbose_name='the legal advice')),
                ('legal_advice_on', models.DateField(blank=True, null=True, verbose_name='the legal advice given on')),
                ('outcome', models.CharField(blank=True, choices=[('disclosed', 'Disclosed'), ('in_part', 'Disclosed in part'), ('refused', 'Not disclosed')], max_length=16, verbose_name='the decision')),
                ('decided_on', models.DateField(blank=True, null=True)),
                ('decision_reason', models.TextField(blank=True, max_length=10000, verbose_name='the reason for the decision')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('lcspr', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.lcspr')),
                ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical disclosure request',
                'verbose_name_plural': 'historical disclosure requests',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
