from django.db import migrations, models
from django.utils import timezone


def _long(day) -> str:
    return f"{day.day} {day:%B %Y}"


def _told_note(review) -> str:
    """What the rapid review recorded of telling the National Panel, Ofsted and DfE of the
    LCSPR (002 section 8), in words."""
    parts = []
    if review.lcspr_told_on:
        parts.append(f"the National Panel, Ofsted and DfE told of the LCSPR on "
                     f"{_long(review.lcspr_told_on)}")
    if review.lcspr_reviewer:
        parts.append(f"the reviewer commissioned: {review.lcspr_reviewer}")
    return f"Recorded in the rapid review: {'; '.join(parts)}."


def _append(row, field: str, note: str, history_model) -> None:
    """The note added to the row's text, and a version of the row in its history saying so."""
    before = getattr(row, field)
    setattr(row, field, f"{before}\n\n{note}" if before.strip() else note)
    row.save(update_fields=[field])
    names = {f.attname for f in history_model._meta.concrete_fields}
    history_model.objects.create(
        **{f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields
           if f.attname in names},
        history_date=timezone.now(), history_type="~", history_user=None,
        history_change_reason="Moved from the rapid review's LCSPR fields")


def keep_what_the_rapid_review_told(apps, schema_editor):
    """Before the rapid review's lcspr_told_on and lcspr_reviewer go (the LCSPR keeps who was
    told, and its reviewer): their values are copied into the LCSPR's decision note, or,
    where the case has no LCSPR, into the rapid review's own note. Nothing is lost."""
    RapidReview = apps.get_model("reviews", "RapidReview")
    Lcspr = apps.get_model("reviews", "Lcspr")
    recorded = RapidReview.objects.exclude(lcspr_told_on=None, lcspr_reviewer="")
    for review in recorded.order_by("pk"):
        note = _told_note(review)
        lcspr = Lcspr.objects.filter(case_id=review.case_id).first()
        if lcspr is not None:
            _append(lcspr, "decision_note", note,
                    apps.get_model("reviews", "HistoricalLcspr"))
        else:
            _append(review, "decision_note", note,
                    apps.get_model("reviews", "HistoricalRapidReview"))
    if schema_editor.connection.vendor == "postgresql":
        # The rows' deferred checks run now: PostgreSQL alters no table (the columns dropped
        # next) with checks still pending in the same transaction.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ('reviews', '0010_lcspr_information_requests'),
    ]

    operations = [
        # The final report's sign-off may be declined, with the reason (as the rapid
        # review's); both now share an abstract base (reviews.rapid_review.models).
        migrations.AddField(
            model_name='historicalreportsignoff',
            name='declined',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='historicalreportsignoff',
            name='reason',
            field=models.TextField(blank=True, max_length=10000, verbose_name='why they declined'),
        ),
        migrations.AddField(
            model_name='reportsignoff',
            name='declined',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='reportsignoff',
            name='reason',
            field=models.TextField(blank=True, max_length=10000, verbose_name='why they declined'),
        ),
        migrations.AlterField(
            model_name='historicalsignoff',
            name='reason',
            field=models.TextField(blank=True, max_length=10000, verbose_name='why they declined'),
        ),
        migrations.AlterField(
            model_name='signoff',
            name='reason',
            field=models.TextField(blank=True, max_length=10000, verbose_name='why they declined'),
        ),
        # The parallel processes' abstract base: the rapid review's notes hint moves to its form.
        migrations.AlterField(
            model_name='historicalparallelprocess',
            name='notes',
            field=models.TextField(blank=True, max_length=10000),
        ),
        migrations.AlterField(
            model_name='parallelprocess',
            name='notes',
            field=models.TextField(blank=True, max_length=10000),
        ),
        # The terms of reference revised, with the reason, then agreed again.
        migrations.AddField(
            model_name='historicaltermsofreference',
            name='revised_on',
            field=models.DateField(blank=True, null=True, verbose_name='the terms of reference last revised on'),
        ),
        migrations.AddField(
            model_name='historicaltermsofreference',
            name='revised_reason',
            field=models.TextField(blank=True, max_length=10000, verbose_name='why they were revised'),
        ),
        migrations.AddField(
            model_name='termsofreference',
            name='revised_on',
            field=models.DateField(blank=True, null=True, verbose_name='the terms of reference last revised on'),
        ),
        migrations.AddField(
            model_name='termsofreference',
            name='revised_reason',
            field=models.TextField(blank=True, max_length=10000, verbose_name='why they were revised'),
        ),
        # The rapid review's copies of what the LCSPR keeps: their values kept in a note first.
        migrations.RunPython(keep_what_the_rapid_review_told, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='historicalrapidreview',
            name='lcspr_reviewer',
        ),
        migrations.RemoveField(
            model_name='historicalrapidreview',
            name='lcspr_told_on',
        ),
        migrations.RemoveField(
            model_name='rapidreview',
            name='lcspr_reviewer',
        ),
        migrations.RemoveField(
            model_name='rapidreview',
            name='lcspr_told_on',
        ),
    ]
