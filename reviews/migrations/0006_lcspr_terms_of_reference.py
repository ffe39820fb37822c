# Terms of reference, governance and parallel processes of an LCSPR (issue 13 items 4 and 6),
# and for the LCSPRs opened before them: their terms of reference, carrying over the rapid
# review's key lines of enquiry and recommended methodology, and the rapid review's parallel
# processes, copied with a link back (as reviews.lcspr.services.open_lcspr does).

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

PROCESS_FIELDS = ("kind", "other_kind", "lead", "progress", "notes")


def _chair(review):
    """The chair of the rapid review panel chairs the governance group (004 section 9.1)."""
    if review.recommended_by_id and review.recommended_by.role == "panel_chair":
        return {"user_id": review.recommended_by_id}
    chair = review.panel.filter(role="panel_chair").first()
    if chair is not None:
        return {"user_id": chair.pk}
    row = review.attendance.filter(panel_role="chair").first()
    if row is not None:
        return {"name": row.name, "agency_id": row.agency_id, "job_title": row.job_title}
    return None


def carry_over(apps, schema_editor):
    Lcspr = apps.get_model("reviews", "Lcspr")
    RapidReview = apps.get_model("reviews", "RapidReview")
    ParallelProcess = apps.get_model("reviews", "ParallelProcess")
    TermsOfReference = apps.get_model("reviews", "TermsOfReference")
    LcsprParallelProcess = apps.get_model("reviews", "LcsprParallelProcess")
    GovernanceMember = apps.get_model("reviews", "GovernanceMember")
    for lcspr in Lcspr.objects.all():
        review = RapidReview.objects.filter(case_id=lcspr.case_id).first()
        if not TermsOfReference.objects.filter(lcspr=lcspr).exists():
            reason = ""
            if review is not None and review.recommended_methodology.strip():
                reason = ("The rapid review panel recommended: "
                          + review.recommended_methodology.strip())
            TermsOfReference.objects.create(
                lcspr=lcspr, methodology_reason=reason,
                key_lines_of_enquiry=review.key_lines_of_enquiry if review else "")
        if review is None:
            continue
        if not GovernanceMember.objects.filter(lcspr=lcspr).exists():
            chair = _chair(review)
            if chair:
                GovernanceMember.objects.create(lcspr=lcspr, role="chair", **chair)
        if LcsprParallelProcess.objects.filter(lcspr=lcspr).exists():
            continue
        for process in ParallelProcess.objects.filter(review=review).order_by("pk"):
            LcsprParallelProcess.objects.create(
                lcspr=lcspr, carried_from=process,
                **{name: getattr(process, name) for name in PROCESS_FIELDS})


class Migration(migrations.Migration):

    dependencies = [
        ("reviews", "0005_lcspr"),
        ("safeguarding", "0007_referral_within_24_hours"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='GovernanceMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(blank=True, max_length=200, verbose_name='or their name, if they have no account')),
                ('job_title', models.CharField(blank=True, max_length=200)),
                ('role', models.CharField(choices=[('chair', 'Chair'), ('member', 'Member')], default='member', max_length=8, verbose_name='their role in the group')),
                ('agency', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='safeguarding.agency')),
                ('lcspr', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='governance_members', to='reviews.lcspr')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='GovernanceMeeting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('held_on', models.DateField(verbose_name='the meeting held on')),
                ('others_present', models.TextField(blank=True, max_length=10000, verbose_name='others present')),
                ('notes', models.TextField(max_length=10000, verbose_name='notes and decisions')),
                ('lcspr', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='governance_meetings', to='reviews.lcspr')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('attended', models.ManyToManyField(blank=True, related_name='meetings', to='reviews.governancemember')),
            ],
            options={
                'ordering': ['held_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalGovernanceMeeting',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('held_on', models.DateField(verbose_name='the meeting held on')),
                ('others_present', models.TextField(blank=True, max_length=10000, verbose_name='others present')),
                ('notes', models.TextField(max_length=10000, verbose_name='notes and decisions')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('lcspr', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.lcspr')),
                ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical governance meeting',
                'verbose_name_plural': 'historical governance meetings',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalGovernanceMember',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(blank=True, max_length=200, verbose_name='or their name, if they have no account')),
                ('job_title', models.CharField(blank=True, max_length=200)),
                ('role', models.CharField(choices=[('chair', 'Chair'), ('member', 'Member')], default='member', max_length=8, verbose_name='their role in the group')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('agency', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='safeguarding.agency')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('lcspr', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.lcspr')),
                ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical governance member',
                'verbose_name_plural': 'historical governance members',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalLcsprParallelProcess',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('kind', models.CharField(choices=[('safeguarding_adult_review', 'Safeguarding Adult Review (SAR)'), ('domestic_homicide_review', 'Domestic Homicide Review (DHR)'), ('mental_health_homicide_review', 'Mental Health Homicide Review (MHHR)'), ('serious_incident', 'Safeguarding or serious incident investigation'), ('disciplinary', 'Disciplinary process'), ('judicial_review', 'Judicial review'), ('complaint', 'Complaint'), ('criminal_justice', 'Criminal justice process'), ('yos_review', 'Youth offending service (YOS) review'), ('inquest', "Coroner's inquest"), ('section_47', 'Section 47 child protection investigation'), ('criminal_investigation', 'Criminal investigation'), ('other', 'Another review or investigation')], max_length=32, verbose_name='what kind of process is it?')),
                ('other_kind', models.CharField(blank=True, max_length=200, verbose_name='if another, what is it?')),
                ('lead', models.CharField(blank=True, help_text="Name, role and organisation: for example the senior investigating officer or the coroner's officer", max_length=200, verbose_name='who leads it, or the contact')),
                ('chair', models.CharField(blank=True, max_length=200, verbose_name='its chair')),
                ('chair_contacted_on', models.DateField(blank=True, null=True, verbose_name='the chair contacted on')),
                ('progress', models.CharField(choices=[('considered', 'Being considered'), ('under_way', 'Under way'), ('concluded', 'Concluded'), ('not_going_ahead', 'Not going ahead')], default='considered', max_length=16, verbose_name='where has it got to?')),
                ('coordination', models.CharField(blank=True, choices=[('joint', 'Jointly commissioned and overseen'), ('lcspr_leads', 'The LCSPR leads'), ('other_leads', 'The other process leads'), ('separate', 'Run separately, each with its own report')], max_length=16, verbose_name='how is the LCSPR coordinated with it?')),
                ('reports', models.CharField(blank=True, choices=[('same', 'The same report to each commissioning body'), ('different', 'Different reports to each commissioning body')], max_length=16, verbose_name='which reports?')),
                ('coordination_notes', models.TextField(blank=True, max_length=10000, verbose_name='how, in words')),
                ('timescales_effect', models.TextField(blank=True, max_length=10000, verbose_name="its effect on the review's timescales")),
                ('disclosure_effect', models.TextField(blank=True, max_length=10000, verbose_name='its effect on disclosure')),
                ('notes', models.TextField(blank=True, max_length=10000)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('carried_from', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.parallelprocess')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('lcspr', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.lcspr')),
            ],
            options={
                'verbose_name': 'historical lcspr parallel process',
                'verbose_name_plural': 'historical lcspr parallel processs',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalMilestone',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='the milestone')),
                ('due_on', models.DateField(verbose_name='due on')),
                ('done_on', models.DateField(blank=True, null=True, verbose_name='done on')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('lcspr', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.lcspr')),
            ],
            options={
                'verbose_name': 'historical milestone',
                'verbose_name_plural': 'historical milestones',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalProgressRequest',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('requested_on', models.DateField(verbose_name='asked on')),
                ('request', models.TextField(max_length=10000, verbose_name='what was asked')),
                ('reply_by', models.DateField(blank=True, null=True, verbose_name='reply asked for by')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('lcspr', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.lcspr')),
                ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical progress request',
                'verbose_name_plural': 'historical progress requests',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalTermsOfReference',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('scope', models.TextField(blank=True, max_length=10000, verbose_name='the scope of the review')),
                ('period_from', models.DateField(blank=True, null=True, verbose_name='the period under review starts on')),
                ('period_to', models.DateField(blank=True, null=True, verbose_name='the period under review ends on')),
                ('key_lines_of_enquiry', models.TextField(blank=True, max_length=10000)),
                ('methodology', models.CharField(blank=True, choices=[('case_authored', 'A traditional case-authored review'), ('systems', 'A systems review (for example the SCIE Learning Together model)'), ('learning_event', 'A learning event with the practitioners'), ('thematic', 'A thematic review'), ('audit', 'A multi-agency audit'), ('other', 'Another methodology')], max_length=24)),
                ('other_methodology', models.CharField(blank=True, max_length=200, verbose_name='if another, which')),
                ('methodology_reason', models.TextField(blank=True, max_length=10000, verbose_name='why this methodology')),
                ('agreed_on', models.DateField(blank=True, null=True, verbose_name='the terms of reference agreed on')),
                ('agreed_by', models.CharField(blank=True, max_length=200, verbose_name='who agreed them')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('lcspr', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.lcspr')),
            ],
            options={
                'verbose_name': 'historical terms of reference',
                'verbose_name_plural': 'historical terms of reference',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='LcsprParallelProcess',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('safeguarding_adult_review', 'Safeguarding Adult Review (SAR)'), ('domestic_homicide_review', 'Domestic Homicide Review (DHR)'), ('mental_health_homicide_review', 'Mental Health Homicide Review (MHHR)'), ('serious_incident', 'Safeguarding or serious incident investigation'), ('disciplinary', 'Disciplinary process'), ('judicial_review', 'Judicial review'), ('complaint', 'Complaint'), ('criminal_justice', 'Criminal justice process'), ('yos_review', 'Youth offending service (YOS) review'), ('inquest', "Coroner's inquest"), ('section_47', 'Section 47 child protection investigation'), ('criminal_investigation', 'Criminal investigation'), ('other', 'Another review or investigation')], max_length=32, verbose_name='what kind of process is it?')),
                ('other_kind', models.CharField(blank=True, max_length=200, verbose_name='if another, what is it?')),
                ('lead', models.CharField(blank=True, help_text="Name, role and organisation: for example the senior investigating officer or the coroner's officer", max_length=200, verbose_name='who leads it, or the contact')),
                ('chair', models.CharField(blank=True, max_length=200, verbose_name='its chair')),
                ('chair_contacted_on', models.DateField(blank=True, null=True, verbose_name='the chair contacted on')),
                ('progress', models.CharField(choices=[('considered', 'Being considered'), ('under_way', 'Under way'), ('concluded', 'Concluded'), ('not_going_ahead', 'Not going ahead')], default='considered', max_length=16, verbose_name='where has it got to?')),
                ('coordination', models.CharField(blank=True, choices=[('joint', 'Jointly commissioned and overseen'), ('lcspr_leads', 'The LCSPR leads'), ('other_leads', 'The other process leads'), ('separate', 'Run separately, each with its own report')], max_length=16, verbose_name='how is the LCSPR coordinated with it?')),
                ('reports', models.CharField(blank=True, choices=[('same', 'The same report to each commissioning body'), ('different', 'Different reports to each commissioning body')], max_length=16, verbose_name='which reports?')),
                ('coordination_notes', models.TextField(blank=True, max_length=10000, verbose_name='how, in words')),
                ('timescales_effect', models.TextField(blank=True, max_length=10000, verbose_name="its effect on the review's timescales")),
                ('disclosure_effect', models.TextField(blank=True, max_length=10000, verbose_name='its effect on disclosure')),
                ('notes', models.TextField(blank=True, max_length=10000)),
                ('carried_from', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='lcspr_rows', to='reviews.parallelprocess')),
                ('lcspr', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='parallel_processes', to='reviews.lcspr')),
            ],
            options={
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='Milestone',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='the milestone')),
                ('due_on', models.DateField(verbose_name='due on')),
                ('done_on', models.DateField(blank=True, null=True, verbose_name='done on')),
                ('lcspr', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='milestones', to='reviews.lcspr')),
            ],
            options={
                'ordering': ['due_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ProgressRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('requested_on', models.DateField(verbose_name='asked on')),
                ('request', models.TextField(max_length=10000, verbose_name='what was asked')),
                ('reply_by', models.DateField(blank=True, null=True, verbose_name='reply asked for by')),
                ('lcspr', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='progress_requests', to='reviews.lcspr')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['requested_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ProgressReport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reported_on', models.DateField(verbose_name='reported on')),
                ('report', models.TextField(max_length=10000, verbose_name='the progress report')),
                ('lcspr', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='progress_reports', to='reviews.lcspr')),
                ('reported_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('in_reply_to', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='replies', to='reviews.progressrequest')),
            ],
            options={
                'ordering': ['reported_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalProgressReport',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('reported_on', models.DateField(verbose_name='reported on')),
                ('report', models.TextField(max_length=10000, verbose_name='the progress report')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('lcspr', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.lcspr')),
                ('reported_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('in_reply_to', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.progressrequest')),
            ],
            options={
                'verbose_name': 'historical progress report',
                'verbose_name_plural': 'historical progress reports',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='TermsOfReference',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('scope', models.TextField(blank=True, max_length=10000, verbose_name='the scope of the review')),
                ('period_from', models.DateField(blank=True, null=True, verbose_name='the period under review starts on')),
                ('period_to', models.DateField(blank=True, null=True, verbose_name='the period under review ends on')),
                ('key_lines_of_enquiry', models.TextField(blank=True, max_length=10000)),
                ('methodology', models.CharField(blank=True, choices=[('case_authored', 'A traditional case-authored review'), ('systems', 'A systems review (for example the SCIE Learning Together model)'), ('learning_event', 'A learning event with the practitioners'), ('thematic', 'A thematic review'), ('audit', 'A multi-agency audit'), ('other', 'Another methodology')], max_length=24)),
                ('other_methodology', models.CharField(blank=True, max_length=200, verbose_name='if another, which')),
                ('methodology_reason', models.TextField(blank=True, max_length=10000, verbose_name='why this methodology')),
                ('agreed_on', models.DateField(blank=True, null=True, verbose_name='the terms of reference agreed on')),
                ('agreed_by', models.CharField(blank=True, max_length=200, verbose_name='who agreed them')),
                ('lcspr', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='terms', to='reviews.lcspr')),
            ],
            options={
                'verbose_name': 'terms of reference',
                'verbose_name_plural': 'terms of reference',
            },
        ),
        migrations.RunPython(carry_over, migrations.RunPython.noop),
    ]
