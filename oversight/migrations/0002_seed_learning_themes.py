"""The learning themes an administrator starts with: the factors of the Darlington referral
form (seed 004, appendix 1, section 5: "What is the main cause of incident" and "What are the
characteristics of the case", in its own words, "Not yet known" and "Other" left out) and the
practice themes of rapid reviews and LCSPRs (NHS SCRT-style). Idempotent: a theme already
there, by name, is left as the administrator keeps it."""

from django.db import migrations

REFERRAL_FORM = "On the referral form (004 appendix 1, section 5): "
CAUSES = [
    "Accidental death", "Accidental injury", "Drug/solvent misuse", "Natural causes", "Neglect",
    "Non-accidental death", "Non-accidental injury", "Road traffic accident", "Self harm",
    "Sudden infant death syndrome", "Suicide",
]
CHARACTERISTICS = [
    "Alcohol abuse", "Drug abuse", "Emotional abuse", "Physical abuse", "Sexual abuse",
    "Domestic violence", "Shaken baby syndrome", "Recent neglect", "Long standing neglect",
    "Fabricated illness", "More than one child abused", "Parental mental health",
    "Parent is in care", "Parent is care leaver", "Child of teenage pregnancy",
    "Serious illness",
]
# Neglect, parental mental health, suicide and non-accidental injury are themes of practice
# too: they are kept once, as the referral form names them.
PRACTICE = [
    ("Domestic abuse", ""),
    ("Substance misuse", "Parents' or carers' use of alcohol or drugs."),
    ("Extra-familial harm", "Harm outside the family: exploitation, serious youth violence, "
                            "harm from peers."),
    ("Sudden unexpected death in infancy", "Including safe sleep."),
    ("Online harm", ""),
    ("Multi-agency working", ""),
    ("Information sharing", ""),
    ("Voice of the child", "The child seen, heard and their lived experience understood."),
    ("Professional curiosity", ""),
    ("Escalation and challenge", "Professionals challenging decisions and escalating concerns."),
    ("Fathers and male carers", "Men in the child's life known to and engaged by services."),
]


def seed_themes(apps, schema_editor) -> None:
    theme = apps.get_model("oversight", "LearningTheme")
    rows = [("cause", name, REFERRAL_FORM + "what is the main cause of incident")
            for name in CAUSES]
    rows += [("characteristic", name, REFERRAL_FORM + "what are the characteristics of the case")
             for name in CHARACTERISTICS]
    rows += [("practice", name, description) for name, description in PRACTICE]
    order = {}
    for kind, name, description in rows:
        order[kind] = order.get(kind, 0) + 1
        theme.objects.get_or_create(name=name, defaults={
            "kind": kind, "description": description, "order": order[kind]})


class Migration(migrations.Migration):
    dependencies = [("oversight", "0001_learning_themes")]

    operations = [migrations.RunPython(seed_themes, migrations.RunPython.noop)]
