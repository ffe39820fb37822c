"""Each notice keeps the due date it was about, so that a date moved later (an extension
agreed, an action reopened) is told again when it comes, with the old notices kept; and the
escalation clocks name the owning agency's people, not every manager."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def due_dates_of_their_deadlines(apps, schema_editor):
    Notice = apps.get_model("deadlines", "Notice")
    Deadline = apps.get_model("deadlines", "Deadline")
    Notice.objects.update(due_on=Subquery(
        Deadline.objects.filter(pk=OuterRef("deadline_id")).values("due_on")[:1]))


RESPONSIBLE = models.CharField(choices=[
    ('business_unit', 'The business unit'),
    ('local_authority', 'The local authority (with the business unit)'),
    ('partners', 'The safeguarding partners'), ('referrer', 'The referring agency'),
    ('agency', 'The agency asked'), ('reviewer', 'The reviewer'),
    ('action_owner', "The action's owner"),
    ('head_of_service', "The owning agency's head of service"),
    ('chief_officer', "The owning agency's chief officer")], max_length=32)


class Migration(migrations.Migration):

    dependencies = [
        ('deadlines', '0009_delay_reasons'),
    ]

    operations = [
        migrations.AddField(
            model_name='notice',
            name='due_on',
            field=models.DateField(null=True, verbose_name='the due date it was about'),
        ),
        migrations.RunPython(due_dates_of_their_deadlines, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='notice',
            name='due_on',
            field=models.DateField(verbose_name='the due date it was about'),
        ),
        migrations.RemoveConstraint(
            model_name='notice',
            name='one_notice_per_stage_and_person',
        ),
        migrations.AddConstraint(
            model_name='notice',
            constraint=models.UniqueConstraint(
                fields=('deadline', 'stage', 'user', 'due_on'),
                name='one_notice_per_stage_person_and_due_date'),
        ),
        migrations.AlterField(model_name='clock', name='responsible', field=RESPONSIBLE),
        migrations.AlterField(model_name='historicalclock', name='responsible',
                              field=RESPONSIBLE),
    ]
