# The rapid review's record (issue 12, item 10): parallel processes (004 section 11.1), the
# methodology and reviewer recommended with an LCSPR (000 stage 6, 004 section 6.8), telling
# the family (004 section 7.5), publication (001), and the Panel's disagreement, rationale and
# the scope of a national review (004 sections 6.11 and 6.12).

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("reviews", "0002_partners_decision"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalrapidreview',
            name='family_not_told_reason',
            field=models.TextField(blank=True, max_length=10000, verbose_name='why the family was not told'),
        ),
        migrations.AddField(
            model_name='historicalrapidreview',
            name='family_told',
            field=models.CharField(blank=True, choices=[('yes', 'Yes'), ('no', 'No')], max_length=8, verbose_name='was the family told of the decision?'),
        ),
        migrations.AddField(
            model_name='historicalrapidreview',
            name='family_told_by',
            field=models.CharField(blank=True, max_length=200, verbose_name='who told the family'),
        ),
        migrations.AddField(
            model_name='historicalrapidreview',
            name='family_told_on',
            field=models.DateField(blank=True, null=True, verbose_name='the family told of the decision on'),
        ),
        migrations.AddField(
            model_name='historicalrapidreview',
            name='national_review_scope',
            field=models.TextField(blank=True, max_length=10000, verbose_name='the scope and methodology agreed for the national review'),
        ),
        migrations.AddField(
            model_name='historicalrapidreview',
            name='not_published_reason',
            field=models.TextField(blank=True, max_length=10000, verbose_name='why it is not published'),
        ),
        migrations.AddField(
            model_name='historicalrapidreview',
            name='panel_rationale',
            field=models.TextField(blank=True, max_length=10000, verbose_name="the Panel's rationale"),
        ),
        migrations.AddField(
            model_name='historicalrapidreview',
            name='published',
            field=models.CharField(blank=True, choices=[('yes', 'Yes'), ('no', 'No')], max_length=8, verbose_name='is the rapid review report published?'),
        ),
        migrations.AddField(
            model_name='historicalrapidreview',
            name='published_on',
            field=models.DateField(blank=True, null=True, verbose_name='the rapid review report published on'),
        ),
        migrations.AddField(
            model_name='historicalrapidreview',
            name='published_url',
            field=models.URLField(blank=True, max_length=500, verbose_name='where it is published'),
        ),
        migrations.AddField(
            model_name='historicalrapidreview',
            name='recommended_independent_chair',
            field=models.CharField(blank=True, choices=[('yes', 'Yes'), ('no', 'No')], max_length=8, verbose_name='is an independent chair recommended?'),
        ),
        migrations.AddField(
            model_name='historicalrapidreview',
            name='recommended_methodology',
            field=models.TextField(blank=True, max_length=10000, verbose_name='the review methodology recommended'),
        ),
        migrations.AddField(
            model_name='historicalrapidreview',
            name='recommended_reviewer',
            field=models.CharField(blank=True, choices=[('independent', 'An independent reviewer (author)'), ('local', 'A local reviewer')], max_length=16, verbose_name='the reviewer recommended'),
        ),
        migrations.AddField(
            model_name='rapidreview',
            name='family_not_told_reason',
            field=models.TextField(blank=True, max_length=10000, verbose_name='why the family was not told'),
        ),
        migrations.AddField(
            model_name='rapidreview',
            name='family_told',
            field=models.CharField(blank=True, choices=[('yes', 'Yes'), ('no', 'No')], max_length=8, verbose_name='was the family told of the decision?'),
        ),
        migrations.AddField(
            model_name='rapidreview',
            name='family_told_by',
            field=models.CharField(blank=True, max_length=200, verbose_name='who told the family'),
        ),
        migrations.AddField(
            model_name='rapidreview',
            name='family_told_on',
            field=models.DateField(blank=True, null=True, verbose_name='the family told of the decision on'),
        ),
        migrations.AddField(
            model_name='rapidreview',
            name='national_review_scope',
            field=models.TextField(blank=True, max_length=10000, verbose_name='the scope and methodology agreed for the national review'),
        ),
        migrations.AddField(
            model_name='rapidreview',
            name='not_published_reason',
            field=models.TextField(blank=True, max_length=10000, verbose_name='why it is not published'),
        ),
        migrations.AddField(
            model_name='rapidreview',
            name='panel_rationale',
            field=models.TextField(blank=True, max_length=10000, verbose_name="the Panel's rationale"),
        ),
        migrations.AddField(
            model_name='rapidreview',
            name='published',
            field=models.CharField(blank=True, choices=[('yes', 'Yes'), ('no', 'No')], max_length=8, verbose_name='is the rapid review report published?'),
        ),
        migrations.AddField(
            model_name='rapidreview',
            name='published_on',
            field=models.DateField(blank=True, null=True, verbose_name='the rapid review report published on'),
        ),
        migrations.AddField(
            model_name='rapidreview',
            name='published_url',
            field=models.URLField(blank=True, max_length=500, verbose_name='where it is published'),
        ),
        migrations.AddField(
            model_name='rapidreview',
            name='recommended_independent_chair',
            field=models.CharField(blank=True, choices=[('yes', 'Yes'), ('no', 'No')], max_length=8, verbose_name='is an independent chair recommended?'),
        ),
        migrations.AddField(
            model_name='rapidreview',
            name='recommended_methodology',
            field=models.TextField(blank=True, max_length=10000, verbose_name='the review methodology recommended'),
        ),
        migrations.AddField(
            model_name='rapidreview',
            name='recommended_reviewer',
            field=models.CharField(blank=True, choices=[('independent', 'An independent reviewer (author)'), ('local', 'A local reviewer')], max_length=16, verbose_name='the reviewer recommended'),
        ),
        migrations.AlterField(
            model_name='historicalrapidreview',
            name='panel_response',
            field=models.CharField(blank=True, choices=[('agrees', "The Panel agrees with the partners' decision"), ('disagrees', "The Panel disagrees with the partners' decision"), ('national_review', 'The Panel will undertake a national review'), ('further_information', 'The Panel asks for further information')], max_length=32),
        ),
        migrations.AlterField(
            model_name='rapidreview',
            name='panel_response',
            field=models.CharField(blank=True, choices=[('agrees', "The Panel agrees with the partners' decision"), ('disagrees', "The Panel disagrees with the partners' decision"), ('national_review', 'The Panel will undertake a national review'), ('further_information', 'The Panel asks for further information')], max_length=32),
        ),
        migrations.CreateModel(
            name='HistoricalParallelProcess',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('kind', models.CharField(choices=[('safeguarding_adult_review', 'Safeguarding Adult Review (SAR)'), ('domestic_homicide_review', 'Domestic Homicide Review (DHR)'), ('mental_health_homicide_review', 'Mental Health Homicide Review (MHHR)'), ('serious_incident', 'Safeguarding or serious incident investigation'), ('disciplinary', 'Disciplinary process'), ('judicial_review', 'Judicial review'), ('complaint', 'Complaint'), ('criminal_justice', 'Criminal justice process'), ('yos_review', 'Youth offending service (YOS) review'), ('inquest', "Coroner's inquest"), ('section_47', 'Section 47 child protection investigation'), ('criminal_investigation', 'Criminal investigation'), ('other', 'Another review or investigation')], max_length=32, verbose_name='what kind of process is it?')),
                ('other_kind', models.CharField(blank=True, max_length=200, verbose_name='if another, what is it?')),
                ('lead', models.CharField(blank=True, help_text="Name, role and organisation: for example the senior investigating officer or the coroner's officer", max_length=200, verbose_name='who leads it, or the contact')),
                ('progress', models.CharField(choices=[('considered', 'Being considered'), ('under_way', 'Under way'), ('concluded', 'Concluded'), ('not_going_ahead', 'Not going ahead')], default='considered', max_length=16, verbose_name='where has it got to?')),
                ('notes', models.TextField(blank=True, help_text='For example how the reviews will be coordinated, or disclosure issues that may affect timescales', max_length=10000)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('review', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.rapidreview')),
            ],
            options={
                'verbose_name': 'historical parallel process',
                'verbose_name_plural': 'historical parallel processs',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='ParallelProcess',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('safeguarding_adult_review', 'Safeguarding Adult Review (SAR)'), ('domestic_homicide_review', 'Domestic Homicide Review (DHR)'), ('mental_health_homicide_review', 'Mental Health Homicide Review (MHHR)'), ('serious_incident', 'Safeguarding or serious incident investigation'), ('disciplinary', 'Disciplinary process'), ('judicial_review', 'Judicial review'), ('complaint', 'Complaint'), ('criminal_justice', 'Criminal justice process'), ('yos_review', 'Youth offending service (YOS) review'), ('inquest', "Coroner's inquest"), ('section_47', 'Section 47 child protection investigation'), ('criminal_investigation', 'Criminal investigation'), ('other', 'Another review or investigation')], max_length=32, verbose_name='what kind of process is it?')),
                ('other_kind', models.CharField(blank=True, max_length=200, verbose_name='if another, what is it?')),
                ('lead', models.CharField(blank=True, help_text="Name, role and organisation: for example the senior investigating officer or the coroner's officer", max_length=200, verbose_name='who leads it, or the contact')),
                ('progress', models.CharField(choices=[('considered', 'Being considered'), ('under_way', 'Under way'), ('concluded', 'Concluded'), ('not_going_ahead', 'Not going ahead')], default='considered', max_length=16, verbose_name='where has it got to?')),
                ('notes', models.TextField(blank=True, help_text='For example how the reviews will be coordinated, or disclosure issues that may affect timescales', max_length=10000)),
                ('review', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='parallel_processes', to='reviews.rapidreview')),
            ],
            options={
                'ordering': ['pk'],
            },
        ),
    ]
