import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reviews', '0009_lcspr_engagement'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='informationreturn',
            name='one_return_per_agency_and_review',
        ),
        migrations.AddField(
            model_name='historicalinformationreturn',
            name='asked_for',
            field=models.TextField(blank=True, max_length=10000, verbose_name='what the review asks the agency for'),
        ),
        migrations.AddField(
            model_name='historicalinformationreturn',
            name='lcspr',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reviews.lcspr'),
        ),
        migrations.AddField(
            model_name='informationreturn',
            name='asked_for',
            field=models.TextField(blank=True, max_length=10000, verbose_name='what the review asks the agency for'),
        ),
        migrations.AddField(
            model_name='informationreturn',
            name='lcspr',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='information_returns', to='reviews.lcspr'),
        ),
        migrations.AlterField(
            model_name='governancemember',
            name='user',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='lcspr_governance_memberships', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddConstraint(
            model_name='informationreturn',
            constraint=models.UniqueConstraint(condition=models.Q(('lcspr__isnull', True)), fields=('review', 'agency'), name='one_return_per_agency_and_review'),
        ),
        migrations.AddConstraint(
            model_name='informationreturn',
            constraint=models.UniqueConstraint(condition=models.Q(('lcspr__isnull', False)), fields=('lcspr', 'agency'), name='one_lcspr_return_per_agency'),
        ),
    ]
