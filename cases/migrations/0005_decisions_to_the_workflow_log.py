"""The case's decision records move to the workflow's one decision log (safeguarding.Decision),
with the words people read, then the old table goes. Nothing is lost: every row is copied."""

from django.db import migrations

WHAT = {
    "receive_referral": ("Case", "Referral received"),
    "inform_partners": ("Case", "Safeguarding partners informed"),
    "decide_notify": ("Case", "Partners decided to notify"),
    "decide_learning": ("Case", "Partners referred the case to the Learning and Development "
                                "group"),
    "decide_no_further_action": ("Case", "Partners decided no further action"),
    "record_local_authority_awareness": ("Case",
                                         "Date the local authority became aware recorded"),
    "record_notification": ("Case", "Notification recorded"),
    "complete_notifications": ("Case", "Every required recipient notified"),
    "record_learning_decision": ("Case", "Learning and Development group decided"),
    "record_referrer_feedback": ("Case", "Referrer told the outcome"),
    "withdraw": ("Case", "Case withdrawn"),
    "merge": ("Case", "Case merged as a duplicate"),
    "add_document": ("Case", "Document added"),
    "start_rapid_review": ("Case", "Rapid review started"),
    "conclude_rapid_review_lcspr": ("Case", "Rapid review concluded: LCSPR to be commissioned"),
    "conclude_rapid_review_national_review": ("Case", "Rapid review concluded: National review"),
    "conclude_rapid_review_learning_review": ("Case", "Rapid review concluded: Another learning "
                                                      "review"),
    "conclude_rapid_review_no_review": ("Case", "Rapid review concluded: No review"),
    "rapid_review_choose_panel": ("Rapid review", "Panel chosen"),
    "rapid_review_circulate_panel_pack": ("Rapid review", "Panel pack circulated"),
    "rapid_review_record_meeting_held": ("Rapid review", "Rapid review panel met"),
    "rapid_review_record_recommendation": ("Rapid review", "Panel's recommendation recorded"),
    "rapid_review_sign_off": ("Rapid review", "Signed off by a partner"),
    "rapid_review_complete_sign_off": ("Rapid review", "Signed off by the local authority, "
                                                       "police and integrated care board"),
    "rapid_review_extension_notice": ("Rapid review",
                                      "Panel secretariat told the review will be late"),
    "rapid_review_record_submission": ("Rapid review", "Rapid review sent to the National Panel"),
    "rapid_review_record_panel_questions": ("Rapid review",
                                            "National Panel asked for further information"),
    "rapid_review_panel_response": ("Rapid review", "National Panel's response recorded"),
    "rapid_review_record_answers_sent": ("Rapid review", "Answers sent to the National Panel"),
    "rapid_review_conclude": ("Rapid review", "Rapid review concluded"),
    "rapid_review_lcspr_told": ("Rapid review",
                                "National Panel, Ofsted and DfE told of the LCSPR"),
}


def copy_to_the_log(apps, schema_editor):
    DecisionRecord = apps.get_model("cases", "DecisionRecord")
    Decision = apps.get_model("safeguarding", "Decision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Case = apps.get_model("cases", "Case")
    case_type, _ = ContentType.objects.get_or_create(app_label="cases", model="case")
    labels = dict(Case._meta.get_field("status").choices)
    batch = []
    for old in DecisionRecord.objects.order_by("pk").iterator():
        record, what = WHAT.get(old.action, ("Case", old.action.replace("_", " ").capitalize()))
        batch.append(Decision(
            content_type=case_type, object_id=old.case_id, case_id=old.case_id, record=record,
            transition=old.action, what=what, from_state=old.from_status,
            to_state=old.to_status, from_label=labels.get(old.from_status, ""),
            to_label=labels.get(old.to_status, ""), actor_id=old.actor_id, at=old.at,
            reason=old.reason))
        if len(batch) >= 1000:
            Decision.objects.bulk_create(batch)
            batch = []
    Decision.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_indexes_for_lists"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("safeguarding", "0004_decision_log"),
    ]

    operations = [
        migrations.RunPython(copy_to_the_log, migrations.RunPython.noop),
        migrations.DeleteModel(name="DecisionRecord"),
    ]
