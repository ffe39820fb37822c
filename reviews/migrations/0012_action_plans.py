# The action plans (issue 14): plans from every source, their actions, updates, escalations
# and extensions; the rapid review's immediate safety actions moved into its plan.

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def move_immediate_actions(apps, schema_editor):
    """Each rapid review's immediate safety actions become the actions of its action plan,
    agreed as the panel set them (completed when a date was ever recorded); their deadlines
    are kept, pointed at the new records, so that the notices sent stay with them."""
    ImmediateAction = apps.get_model("reviews", "ImmediateAction")
    ActionPlan = apps.get_model("reviews", "ActionPlan")
    Action = apps.get_model("reviews", "Action")
    try:
        Deadline = apps.get_model("deadlines", "Deadline")
    except LookupError:  # a database made from nothing has no deadlines yet
        Deadline = None
    plans = {}
    for old in ImmediateAction.objects.select_related("review__case").order_by(
            "review_id", "due_on", "pk"):
        review = old.review
        plan = plans.get(review.pk)
        if plan is None:
            plan = plans[review.pk] = ActionPlan.objects.create(
                source="rapid_review", scope="multi_agency", status="open",
                title=f"Immediate safety actions of the rapid review of {review.case.reference}",
                case_id=review.case_id, rapid_review_id=review.pk,
                created_on=review.recommended_on or old.due_on)
        number = Action.objects.filter(plan=plan).count() + 1
        new = Action.objects.create(
            plan=plan, number=number, review_id=review.pk, action=old.action,
            owner_agency_id=old.owner_agency_id, due_on=old.due_on,
            original_due_on=old.due_on, agreed_on=review.recommended_on,
            completed_on=old.completed_on,
            status="completed" if old.completed_on else "agreed")
        if Deadline is not None:
            Deadline.objects.filter(record_type="reviews.immediateaction",
                                    record_id=old.pk).update(record_type="reviews.action",
                                                             record_id=new.pk)


class Migration(migrations.Migration):

    dependencies = [
        ('reviews', '0011_lcspr_loose_ends'),
    ]

    operations = [
        migrations.CreateModel(
            name='Action',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(default=0)),
                ('status', models.CharField(choices=[('proposed', 'Proposed'), ('agreed', 'Agreed'), ('in_progress', 'In progress'), ('completed', 'Completed: evidence to be accepted'), ('evidence_accepted', 'Evidence accepted'), ('not_implemented', 'Not to be implemented')], default='proposed', max_length=24)),
                ('action', models.TextField(max_length=10000, verbose_name='what is to be done')),
                ('recommendation', models.TextField(blank=True, max_length=10000, verbose_name='the recommendation it answers')),
                ('lead', models.CharField(blank=True, max_length=200, verbose_name='the named lead')),
                ('success_measure', models.TextField(blank=True, max_length=10000, verbose_name='how success will be measured')),
                ('due_on', models.DateField()),
                ('original_due_on', models.DateField(blank=True, null=True)),
                ('agreed_on', models.DateField(blank=True, null=True)),
                ('completed_on', models.DateField(blank=True, null=True)),
                ('evidence_accepted_on', models.DateField(blank=True, null=True)),
                ('not_implemented_reason', models.TextField(blank=True, max_length=10000, verbose_name='why it is not to be implemented')),
                ('owner_agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='owned_actions', to='safeguarding.agency')),
                ('report_recommendation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='actions', to='reviews.reportrecommendation')),
                ('review', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='immediate_actions', to='reviews.rapidreview')),
            ],
            options={
                'ordering': ['plan', 'number', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ActionEscalation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('stage', models.CharField(choices=[('head_of_service', 'Head of service (3 months overdue)'), ('chief_officer', 'Chief officer (6 months overdue)')], max_length=16)),
                ('counted_from', models.DateField(verbose_name='the due date it counts from')),
                ('escalated_on', models.DateField()),
                ('response', models.TextField(blank=True, max_length=10000, verbose_name='their response: what will be done')),
                ('responded_on', models.DateField(blank=True, null=True)),
                ('action', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='escalations', to='reviews.action')),
                ('response_recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('to', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['escalated_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ActionPlan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.CharField(choices=[('rapid_review', "A rapid review's immediate safety actions"), ('lcspr', 'A local child safeguarding practice review'), ('multi_agency_learning', 'A multi-agency learning review'), ('single_agency_learning', 'A single-agency learning review'), ('learning_group_route', 'A Learning and Development group route'), ('national_review', "A national review's findings"), ('thematic', 'A thematic review or audit')], max_length=32)),
                ('scope', models.CharField(choices=[('multi_agency', 'Multi-agency'), ('single_agency', 'Single-agency')], default='multi_agency', max_length=16)),
                ('status', models.CharField(choices=[('open', 'Open'), ('closed', 'Closed')], default='open', max_length=16)),
                ('title', models.CharField(max_length=200, verbose_name='what the plan is for')),
                ('created_on', models.DateField()),
                ('closed_on', models.DateField(blank=True, null=True)),
                ('closed_reason', models.TextField(blank=True, max_length=10000)),
                ('case', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='action_plans', to='cases.case')),
                ('lcspr', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='action_plan', to='reviews.lcspr')),
                ('rapid_review', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='action_plan', to='reviews.rapidreview')),
                ('single_agency', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='safeguarding.agency')),
            ],
            options={
                'ordering': ['-created_on', '-pk'],
            },
        ),
        migrations.AddField(
            model_name='action',
            name='plan',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='actions', to='reviews.actionplan'),
        ),
        migrations.CreateModel(
            name='ActionUpdate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('written_on', models.DateField(verbose_name='the date of the update')),
                ('text', models.TextField(max_length=10000, verbose_name='the progress made')),
                ('is_evidence', models.BooleanField(default=False)),
                ('action', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='updates', to='reviews.action')),
                ('document', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.document')),
                ('written_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['written_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ExtensionRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('requested_on', models.DateField()),
                ('reason', models.TextField(max_length=10000, verbose_name='the exceptional circumstances')),
                ('new_due_on', models.DateField(verbose_name='the new due date asked for')),
                ('due_on_before', models.DateField()),
                ('outcome', models.CharField(blank=True, choices=[('agreed', 'Agreed'), ('refused', 'Refused')], max_length=16)),
                ('decided_on', models.DateField(blank=True, null=True)),
                ('decision_reason', models.TextField(blank=True, max_length=10000)),
                ('action', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='extensions', to='reviews.action')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['requested_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalAction',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('number', models.PositiveIntegerField(default=0)),
                ('status', models.CharField(choices=[('proposed', 'Proposed'), ('agreed', 'Agreed'), ('in_progress', 'In progress'), ('completed', 'Completed: evidence to be accepted'), ('evidence_accepted', 'Evidence accepted'), ('not_implemented', 'Not to be implemented')], default='proposed', max_length=24)),
                ('action', models.TextField(max_length=10000, verbose_name='what is to be done')),
                ('recommendation', models.TextField(blank=True, max_length=10000, verbose_name='the recommendation it answers')),
                ('lead', models.CharField(blank=True, max_length=200, verbose_name='the named lead')),
                ('success_measure', models.TextField(blank=True, max_length=10000, verbose_name='how success will be measured')),
                ('due_on', models.DateField()),
                ('original_due_on', models.DateField(blank=True, null=True)),
                ('agreed_on', models.DateField(blank=True, null=True)),
                ('completed_on', models.DateField(blank=True, null=True)),
                ('evidence_accepted_on', models.DateField(blank=True, null=True)),
                ('not_implemented_reason', models.TextField(blank=True, max_length=10000, verbose_name='why it is not to be implemented')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('owner_agency', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='safeguarding.agency')),
                ('plan', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.actionplan')),
                ('report_recommendation', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.reportrecommendation')),
                ('review', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.rapidreview')),
            ],
            options={
                'verbose_name': 'historical action',
                'verbose_name_plural': 'historical actions',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalActionEscalation',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('stage', models.CharField(choices=[('head_of_service', 'Head of service (3 months overdue)'), ('chief_officer', 'Chief officer (6 months overdue)')], max_length=16)),
                ('counted_from', models.DateField(verbose_name='the due date it counts from')),
                ('escalated_on', models.DateField()),
                ('response', models.TextField(blank=True, max_length=10000, verbose_name='their response: what will be done')),
                ('responded_on', models.DateField(blank=True, null=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('action', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.action')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('response_recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('to', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical action escalation',
                'verbose_name_plural': 'historical action escalations',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalActionPlan',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('source', models.CharField(choices=[('rapid_review', "A rapid review's immediate safety actions"), ('lcspr', 'A local child safeguarding practice review'), ('multi_agency_learning', 'A multi-agency learning review'), ('single_agency_learning', 'A single-agency learning review'), ('learning_group_route', 'A Learning and Development group route'), ('national_review', "A national review's findings"), ('thematic', 'A thematic review or audit')], max_length=32)),
                ('scope', models.CharField(choices=[('multi_agency', 'Multi-agency'), ('single_agency', 'Single-agency')], default='multi_agency', max_length=16)),
                ('status', models.CharField(choices=[('open', 'Open'), ('closed', 'Closed')], default='open', max_length=16)),
                ('title', models.CharField(max_length=200, verbose_name='what the plan is for')),
                ('created_on', models.DateField()),
                ('closed_on', models.DateField(blank=True, null=True)),
                ('closed_reason', models.TextField(blank=True, max_length=10000)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('case', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.case')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('lcspr', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.lcspr')),
                ('rapid_review', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.rapidreview')),
                ('single_agency', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='safeguarding.agency')),
            ],
            options={
                'verbose_name': 'historical action plan',
                'verbose_name_plural': 'historical action plans',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalActionUpdate',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('written_on', models.DateField(verbose_name='the date of the update')),
                ('text', models.TextField(max_length=10000, verbose_name='the progress made')),
                ('is_evidence', models.BooleanField(default=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('action', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.action')),
                ('document', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.document')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('written_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical action update',
                'verbose_name_plural': 'historical action updates',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalExtensionRequest',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('requested_on', models.DateField()),
                ('reason', models.TextField(max_length=10000, verbose_name='the exceptional circumstances')),
                ('new_due_on', models.DateField(verbose_name='the new due date asked for')),
                ('due_on_before', models.DateField()),
                ('outcome', models.CharField(blank=True, choices=[('agreed', 'Agreed'), ('refused', 'Refused')], max_length=16)),
                ('decided_on', models.DateField(blank=True, null=True)),
                ('decision_reason', models.TextField(blank=True, max_length=10000)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('action', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.action')),
                ('decided_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('requested_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical extension request',
                'verbose_name_plural': 'historical extension requests',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(move_immediate_actions, migrations.RunPython.noop),
        migrations.DeleteModel(
            name='HistoricalImmediateAction',
        ),
        migrations.RemoveField(
            model_name='immediateaction',
            name='owner_agency',
        ),
        migrations.RemoveField(
            model_name='immediateaction',
            name='review',
        ),
        migrations.DeleteModel(
            name='ImmediateAction',
        ),
        migrations.AddConstraint(
            model_name='actionescalation',
            constraint=models.UniqueConstraint(fields=('action', 'stage', 'counted_from'), name='one_escalation_per_stage_and_due_date'),
        ),
    ]
