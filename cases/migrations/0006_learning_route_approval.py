"""The Learning and Development route's approval (issue 12, item 12): the group's decision now
goes to the safeguarding partners for approval (004 sections 5.6 and 10.7), a new state "With
the partners for approval", and when no review is held the approval records how the learning
will be shared (001).

Existing cases are left as they are. A case already "Learning route decided" was decided
before the partners' approval existed in the service: it is not sent back for approval, and
its group decision date, approval and sharing of learning stay empty rather than being
guessed (the date the decision was recorded is in the decision log, but it is not the date
the group decided). A case still "With the Learning and Development group" takes the new
route when its decision is recorded.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0005_decisions_to_the_workflow_log'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Nothing to change in the data: see the docstring.
        migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop,
                             elidable=True),
        migrations.AddField(
            model_name='case',
            name='learning_approved_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='case',
            name='learning_approved_on',
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='case',
            name='learning_decided_on',
            field=models.DateField(blank=True, help_text='The date the Learning and Development group decided.', null=True),
        ),
        migrations.AddField(
            model_name='case',
            name='learning_sharing',
            field=models.TextField(blank=True, help_text="How the learning will be shared and acted on when no review is held (001), recorded with the partners' approval."),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='learning_approved_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='learning_approved_on',
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='learning_decided_on',
            field=models.DateField(blank=True, help_text='The date the Learning and Development group decided.', null=True),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='learning_sharing',
            field=models.TextField(blank=True, help_text="How the learning will be shared and acted on when no review is held (001), recorded with the partners' approval."),
        ),
        migrations.AlterField(
            model_name='case',
            name='status',
            field=models.CharField(choices=[('referred', 'Referred'), ('screening', 'With the safeguarding partners'), ('notification_due', 'To be notified'), ('notified', 'Notified'), ('rapid_review', 'Rapid review'), ('lcspr_to_commission', 'LCSPR to be commissioned'), ('national_review', 'National review'), ('learning_review', 'Learning review'), ('no_review', 'No review'), ('learning', 'With the Learning and Development group'), ('learning_to_approve', 'With the partners for approval'), ('learning_decided', 'Learning route decided'), ('no_further_action', 'No further action'), ('withdrawn', 'Withdrawn'), ('merged', 'Merged with another case')], default='referred', max_length=32),
        ),
        migrations.AlterField(
            model_name='historicalcase',
            name='status',
            field=models.CharField(choices=[('referred', 'Referred'), ('screening', 'With the safeguarding partners'), ('notification_due', 'To be notified'), ('notified', 'Notified'), ('rapid_review', 'Rapid review'), ('lcspr_to_commission', 'LCSPR to be commissioned'), ('national_review', 'National review'), ('learning_review', 'Learning review'), ('no_review', 'No review'), ('learning', 'With the Learning and Development group'), ('learning_to_approve', 'With the partners for approval'), ('learning_decided', 'Learning route decided'), ('no_further_action', 'No further action'), ('withdrawn', 'Withdrawn'), ('merged', 'Merged with another case')], default='referred', max_length=32),
        ),
    ]
