"""The timescale policy: one row per clock of the table in DESIGN.md, with its source."""

from django.db import migrations, models

WD, MONTHS = "working_days", "months"
ALL = "Working Together to Safeguard Children 2023; seeds 000-004"

# code, name, starts, met by, amount, unit, direction, statutory, source, responsible,
# reminder (working days before)
CLOCKS = [
    ("referral_to_business_unit", "Referral to the business unit",
     "The referring agency knew of the incident", "The referral was received",
     1, WD, "after", False, "Seed 004 §4.5; seed 003 (Kirklees: 24 hours)", "referrer", 0),
    ("inform_partners", "Business unit informs the partners",
     "The referral was received", "The partners were informed",
     1, WD, "after", False, "Seed 004 §4.6, §5.1", "business_unit", 0),
    ("partners_consider", "Partners consider the case",
     "The referral was received", "The partners recorded their decision",
     5, WD, "after", False, "Seed 004 §4.6", "partners", 2),
    ("notify_national_panel", "Notify the National Panel",
     "The local authority became aware", "The National Panel was notified",
     5, WD, "after", True, ALL, "local_authority", 2),
    ("notify_ofsted", "Notify Ofsted",
     "The local authority became aware", "Ofsted was notified",
     5, WD, "after", True, ALL, "local_authority", 2),
    ("notify_dfe", "Notify the Department for Education",
     "The local authority became aware", "The DfE was notified",
     5, WD, "after", True, ALL, "local_authority", 2),
    ("notify_child_death_review", "Notify the child death review partners",
     "The local authority became aware", "The child death review partners were notified",
     5, WD, "after", True, ALL, "local_authority", 2),
    ("referrer_feedback", "Feedback to the referrer",
     "The partners recorded their decision", "The referrer was told the outcome",
     5, WD, "after", False, "Seed 004 §5.7", "business_unit", 2),
    ("agency_information_return", "Agency information return",
     "The request was sent", "The return was submitted",
     5, WD, "after", False, "Seed 000 stage 4; seed 002 §7", "agency", 2),
    ("panel_pack_circulated", "Panel pack circulated",
     "The National Panel was notified", "The pack was sent to the panel",
     8, WD, "after", False, "Seed 000 stage 5 (day 8)", "business_unit", 2),
    ("rapid_review_meeting", "Rapid review meeting held",
     "The National Panel was notified (or acknowledged the notification)",
     "The meeting was held",
     10, WD, "after", False, "Seed 000 stage 6 (day 10); seed 004 §6.2 (7-10 working days)",
     "business_unit", 2),
    ("rapid_review_to_panel", "Rapid review sent to the National Panel",
     "The National Panel was notified (Darlington: the Panel acknowledged it)",
     "The rapid review was submitted with the partners' decision",
     15, WD, "after", True, ALL, "partners", 3),
    ("lcspr_decision", "Decision on a local review",
     "The National Panel was notified", "The partners decided whether to hold an LCSPR",
     1, MONTHS, "after", False, "Seed 002 §6", "partners", 5),
    ("lcspr_panel_informed", "National Panel, Ofsted and DfE told of the LCSPR",
     "The partners decided to hold an LCSPR", "They were told of the review and its reviewer",
     5, WD, "after", False, "Seed 002 §8 (promptly)", "business_unit", 2),
    ("lcspr_published", "Local review published",
     "The partners decided to hold an LCSPR", "The report was published",
     6, MONTHS, "after", True, ALL, "partners", 20),
    ("final_report_to_panel", "Final report sent to the Panel, Secretary of State and Ofsted",
     "The planned publication date", "The final report was sent",
     7, WD, "before", True, ALL, "business_unit", 3),
    ("report_kept_online", "Published report kept online",
     "The report was published", "The report may be taken down",
     12, MONTHS, "after", False, "Seed 004 §14.4 (at least a year); seed 003 (Kirklees: 6 months)",
     "business_unit", 0),
    ("action_escalation_head_of_service", "Overdue action: tell the Head of Service",
     "The action's due date passed", "The action was completed",
     3, MONTHS, "after", False, "Seed 004 §9.2, §16.2", "head_of_service", 0),
    ("action_escalation_chief_officer", "Overdue action: tell the Chief Officer",
     "The action's due date passed", "The action was completed",
     6, MONTHS, "after", False, "Seed 004 §9.2, §16.2", "chief_officer", 0),
]


def load_policy(apps, schema_editor):
    Clock = apps.get_model("deadlines", "Clock")
    for (code, name, starts, met_by, amount, unit, direction, statutory, source, responsible,
         reminder) in CLOCKS:
        Clock.objects.update_or_create(code=code, defaults={
            "name": name, "starts": starts, "met_by": met_by, "amount": amount, "unit": unit,
            "direction": direction, "statutory": statutory,
            "statutory_amount": amount if statutory else None, "source": source,
            "responsible": responsible, "reminder_working_days": reminder,
        })


def remove_policy(apps, schema_editor):
    apps.get_model("deadlines", "Clock").objects.filter(
        code__in=[row[0] for row in CLOCKS], deadlines=None).delete()



class Migration(migrations.Migration):

    dependencies = [
        ('deadlines', '0002_coronation_bank_holiday'),
    ]

    operations = [
        migrations.AlterField(
            model_name='clock',
            name='reminder_working_days',
            field=models.PositiveSmallIntegerField(default=2, help_text='Send a reminder this many working days before the due date (0: no reminder)'),
        ),
        migrations.AlterField(
            model_name='clock',
            name='responsible',
            field=models.CharField(choices=[('business_unit', 'The business unit'), ('local_authority', 'The local authority (with the business unit)'), ('partners', 'The safeguarding partners'), ('referrer', 'The referring agency'), ('agency', 'The agency asked'), ('reviewer', 'The reviewer'), ('action_owner', "The action's owner"), ('head_of_service', 'Managers, to tell the Head of Service'), ('chief_officer', 'Managers and partners, to tell the Chief Officer')], max_length=32),
        ),
        migrations.AlterField(
            model_name='historicalclock',
            name='reminder_working_days',
            field=models.PositiveSmallIntegerField(default=2, help_text='Send a reminder this many working days before the due date (0: no reminder)'),
        ),
        migrations.AlterField(
            model_name='historicalclock',
            name='responsible',
            field=models.CharField(choices=[('business_unit', 'The business unit'), ('local_authority', 'The local authority (with the business unit)'), ('partners', 'The safeguarding partners'), ('referrer', 'The referring agency'), ('agency', 'The agency asked'), ('reviewer', 'The reviewer'), ('action_owner', "The action's owner"), ('head_of_service', 'Managers, to tell the Head of Service'), ('chief_officer', 'Managers and partners, to tell the Chief Officer')], max_length=32),
        ),
        migrations.RunPython(load_policy, remove_policy),
    ]
