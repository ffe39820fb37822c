# The Information Gathering Tool as the seed has it (issue 12, item 9), and "once sent,
# fixed" (item 11): the subject children as rows (the one child of each return moved into its
# first row, with that child's history), the practitioners involved, a nil return with its
# reason, the organisation of the person completing the form, whether adult safeguarding
# concerns were shared by a Safeguarding Adult Referral, the chronology's "Agency (record
# type)" column (004 appendix 2), and the return closed when the review is sent.

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

CHILD_FIELDS = ("child_name", "child_date_of_birth", "child_address", "child_ethnic_origin",
                "child_faith", "child_disability", "child_protection_plan",
                "child_protection_details")
# The one answer "subject to a child protection plan now, or previously?" as two.
CURRENT_AND_PREVIOUS = {"current": ("yes", ""), "previous": ("no", "yes"), "never": ("no", "no"),
                        "not_known": ("not_known", "not_known"), "": ("", "")}
MOVED = "Moved from the return's one child into its first row"


def _child(values) -> dict:
    """The one child of a return (a return or one version of its history) as a child row."""
    current, previous = CURRENT_AND_PREVIOUS.get(values.child_protection_plan, ("", ""))
    return {"name": values.child_name, "date_of_birth": values.child_date_of_birth,
            "address": values.child_address, "ethnic_origin": values.child_ethnic_origin,
            "faith": values.child_faith, "disability": values.child_disability,
            "child_protection_current": current, "child_protection_previous": previous,
            "child_protection_details": values.child_protection_details}


def _has_child(values) -> bool:
    return any(getattr(values, field) not in ("", None) for field in CHILD_FIELDS)


def one_child_into_rows(apps, schema_editor):
    """Each return's one child becomes its first subject child; each version of the return's
    history in which the child's answers changed becomes a version of the row, so that who
    changed them, and when, is kept."""
    InformationReturn = apps.get_model("reviews", "InformationReturn")
    HistoricalInformationReturn = apps.get_model("reviews", "HistoricalInformationReturn")
    ReturnChild = apps.get_model("reviews", "ReturnChild")
    HistoricalReturnChild = apps.get_model("reviews", "HistoricalReturnChild")
    for information_return in InformationReturn.objects.order_by("pk").iterator():
        if not _has_child(information_return):
            continue
        row = ReturnChild.objects.create(information_return_id=information_return.pk,
                                         **_child(information_return))
        before = None
        for version in HistoricalInformationReturn.objects.filter(
                id=information_return.pk).order_by("history_date", "history_id"):
            child = _child(version)
            if not _has_child(version) or child == before:
                continue
            HistoricalReturnChild.objects.create(
                id=row.pk, information_return_id=information_return.pk, **child,
                history_date=version.history_date, history_user_id=version.history_user_id,
                history_type="+" if before is None else "~", history_change_reason=MOVED)
            before = child
        if before != _child(information_return):
            HistoricalReturnChild.objects.create(
                id=row.pk, information_return_id=information_return.pk,
                **_child(information_return), history_date=timezone.now(),
                history_type="+" if before is None else "~", history_change_reason=MOVED)


def first_row_into_one_child(apps, schema_editor):
    """Back: each return's first subject child becomes its one child again."""
    ReturnChild = apps.get_model("reviews", "ReturnChild")
    InformationReturn = apps.get_model("reviews", "InformationReturn")
    plan = {value: key for key, value in CURRENT_AND_PREVIOUS.items()}
    seen = set()
    for child in ReturnChild.objects.order_by("information_return_id", "pk").iterator():
        if child.information_return_id in seen:
            continue
        seen.add(child.information_return_id)
        InformationReturn.objects.filter(pk=child.information_return_id).update(
            child_name=child.name, child_date_of_birth=child.date_of_birth,
            child_address=child.address, child_ethnic_origin=child.ethnic_origin,
            child_faith=child.faith, child_disability=child.disability,
            child_protection_plan=plan.get(
                (child.child_protection_current, child.child_protection_previous),
                "current" if child.child_protection_current == "yes"
                else "previous" if child.child_protection_previous == "yes" else ""),
            child_protection_details=child.child_protection_details)


class Migration(migrations.Migration):

    dependencies = [
        ("reviews", "0003_rapid_review_record"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalReturnChild',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name of child')),
                ('date_of_birth', models.DateField(blank=True, null=True)),
                ('address', models.TextField(blank=True, max_length=1000, verbose_name='home address')),
                ('ethnic_origin', models.CharField(blank=True, max_length=200)),
                ('faith', models.CharField(blank=True, max_length=200, verbose_name='faith or religion')),
                ('disability', models.CharField(blank=True, max_length=200)),
                ('child_protection_current', models.CharField(blank=True, choices=[('yes', 'Yes'), ('no', 'No'), ('not_known', 'Not known')], max_length=16, verbose_name='is the child or young person subject to a child protection plan now?')),
                ('child_protection_previous', models.CharField(blank=True, choices=[('yes', 'Yes'), ('no', 'No'), ('not_known', 'Not known')], max_length=16, verbose_name='has the child or young person been subject to a child protection plan previously?')),
                ('child_protection_details', models.TextField(blank=True, max_length=10000, verbose_name='if so, when, for what and for how long?')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('information_return', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.informationreturn')),
            ],
            options={
                'verbose_name': 'historical return child',
                'verbose_name_plural': 'historical subject children',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalReturnPractitioner',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('role', models.CharField(blank=True, max_length=200)),
                ('agency_or_team', models.CharField(blank=True, max_length=200, verbose_name='agency or team')),
                ('involvement', models.TextField(blank=True, max_length=10000, verbose_name='their involvement with the child or family')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('information_return', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.informationreturn')),
            ],
            options={
                'verbose_name': 'historical return practitioner',
                'verbose_name_plural': 'historical return practitioners',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='ReturnChild',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name of child')),
                ('date_of_birth', models.DateField(blank=True, null=True)),
                ('address', models.TextField(blank=True, max_length=1000, verbose_name='home address')),
                ('ethnic_origin', models.CharField(blank=True, max_length=200)),
                ('faith', models.CharField(blank=True, max_length=200, verbose_name='faith or religion')),
                ('disability', models.CharField(blank=True, max_length=200)),
                ('child_protection_current', models.CharField(blank=True, choices=[('yes', 'Yes'), ('no', 'No'), ('not_known', 'Not known')], max_length=16, verbose_name='is the child or young person subject to a child protection plan now?')),
                ('child_protection_previous', models.CharField(blank=True, choices=[('yes', 'Yes'), ('no', 'No'), ('not_known', 'Not known')], max_length=16, verbose_name='has the child or young person been subject to a child protection plan previously?')),
                ('child_protection_details', models.TextField(blank=True, max_length=10000, verbose_name='if so, when, for what and for how long?')),
                ('information_return', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='children', to='reviews.informationreturn')),
            ],
            options={
                'verbose_name_plural': 'subject children',
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='ReturnPractitioner',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('role', models.CharField(blank=True, max_length=200)),
                ('agency_or_team', models.CharField(blank=True, max_length=200, verbose_name='agency or team')),
                ('involvement', models.TextField(blank=True, max_length=10000, verbose_name='their involvement with the child or family')),
                ('information_return', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='practitioners', to='reviews.informationreturn')),
            ],
            options={
                'ordering': ['pk'],
            },
        ),
        migrations.AddField(
            model_name='chronologyentry',
            name='record_type',
            field=models.CharField(blank=True, help_text='The record the information comes from, for example social work record, health visiting record, school nursing record, police record', max_length=200, verbose_name='agency (record type)'),
        ),
        migrations.AddField(
            model_name='historicalchronologyentry',
            name='record_type',
            field=models.CharField(blank=True, help_text='The record the information comes from, for example social work record, health visiting record, school nursing record, police record', max_length=200, verbose_name='agency (record type)'),
        ),
        migrations.AddField(
            model_name='historicalinformationreturn',
            name='adult_safeguarding_shared',
            field=models.CharField(blank=True, choices=[('yes', 'Yes'), ('no', 'No')], max_length=8, verbose_name='have these been shared by completing a Safeguarding Adult Referral (SAR) form?'),
        ),
        migrations.AddField(
            model_name='historicalinformationreturn',
            name='completed_by_organisation',
            field=models.CharField(blank=True, help_text='Your agency, and your team or service within it', max_length=200, verbose_name='organisation'),
        ),
        migrations.AddField(
            model_name='historicalinformationreturn',
            name='had_involvement',
            field=models.CharField(blank=True, choices=[('yes', 'Yes'), ('no', 'No')], max_length=8, verbose_name='has your agency had any involvement with the child or children, their parents, carers or family?'),
        ),
        migrations.AddField(
            model_name='historicalinformationreturn',
            name='nil_return_reason',
            field=models.TextField(blank=True, help_text='For example, the records you searched, and how', max_length=10000, verbose_name='if not, why is this a nil return?'),
        ),
        migrations.AddField(
            model_name='informationreturn',
            name='adult_safeguarding_shared',
            field=models.CharField(blank=True, choices=[('yes', 'Yes'), ('no', 'No')], max_length=8, verbose_name='have these been shared by completing a Safeguarding Adult Referral (SAR) form?'),
        ),
        migrations.AddField(
            model_name='informationreturn',
            name='completed_by_organisation',
            field=models.CharField(blank=True, help_text='Your agency, and your team or service within it', max_length=200, verbose_name='organisation'),
        ),
        migrations.AddField(
            model_name='informationreturn',
            name='had_involvement',
            field=models.CharField(blank=True, choices=[('yes', 'Yes'), ('no', 'No')], max_length=8, verbose_name='has your agency had any involvement with the child or children, their parents, carers or family?'),
        ),
        migrations.AddField(
            model_name='informationreturn',
            name='nil_return_reason',
            field=models.TextField(blank=True, help_text='For example, the records you searched, and how', max_length=10000, verbose_name='if not, why is this a nil return?'),
        ),
        migrations.AlterField(
            model_name='historicalinformationreturn',
            name='adult_safeguarding_details',
            field=models.TextField(blank=True, max_length=10000, verbose_name='if so, who is the key contact?'),
        ),
        migrations.AlterField(
            model_name='historicalinformationreturn',
            name='status',
            field=models.CharField(choices=[('requested', 'Not started'), ('draft', 'In progress'), ('submitted', 'Submitted'), ('closed', 'Closed: not submitted before the review was sent')], default='requested', max_length=16),
        ),
        migrations.AlterField(
            model_name='informationreturn',
            name='adult_safeguarding_details',
            field=models.TextField(blank=True, max_length=10000, verbose_name='if so, who is the key contact?'),
        ),
        migrations.AlterField(
            model_name='informationreturn',
            name='status',
            field=models.CharField(choices=[('requested', 'Not started'), ('draft', 'In progress'), ('submitted', 'Submitted'), ('closed', 'Closed: not submitted before the review was sent')], default='requested', max_length=16),
        ),
        migrations.RunPython(one_child_into_rows, first_row_into_one_child),
        migrations.RemoveField(
            model_name='historicalinformationreturn',
            name='child_address',
        ),
        migrations.RemoveField(
            model_name='historicalinformationreturn',
            name='child_date_of_birth',
        ),
        migrations.RemoveField(
            model_name='historicalinformationreturn',
            name='child_disability',
        ),
        migrations.RemoveField(
            model_name='historicalinformationreturn',
            name='child_ethnic_origin',
        ),
        migrations.RemoveField(
            model_name='historicalinformationreturn',
            name='child_faith',
        ),
        migrations.RemoveField(
            model_name='historicalinformationreturn',
            name='child_name',
        ),
        migrations.RemoveField(
            model_name='historicalinformationreturn',
            name='child_protection_details',
        ),
        migrations.RemoveField(
            model_name='historicalinformationreturn',
            name='child_protection_plan',
        ),
        migrations.RemoveField(
            model_name='informationreturn',
            name='child_address',
        ),
        migrations.RemoveField(
            model_name='informationreturn',
            name='child_date_of_birth',
        ),
        migrations.RemoveField(
            model_name='informationreturn',
            name='child_disability',
        ),
        migrations.RemoveField(
            model_name='informationreturn',
            name='child_ethnic_origin',
        ),
        migrations.RemoveField(
            model_name='informationreturn',
            name='child_faith',
        ),
        migrations.RemoveField(
            model_name='informationreturn',
            name='child_name',
        ),
        migrations.RemoveField(
            model_name='informationreturn',
            name='child_protection_details',
        ),
        migrations.RemoveField(
            model_name='informationreturn',
            name='child_protection_plan',
        ),
    ]
