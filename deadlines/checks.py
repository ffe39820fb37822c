"""Checks that every clock a rule runs is declared, and every declared clock has a rule: the
rules (registry.register) and the timescale table's rows (registry.declare) are kept side by
side in each app's clocks.py, and this is what keeps them in step. A declaration may say
why it has no rule yet (``awaiting_rule``): it is then no error, and it is one once the rule
exists. Code only: no database (the rows are written from the declarations after migrate)."""

from django.core import checks

from . import registry


@checks.register(checks.Tags.models)
def clocks_declared_beside_their_rules(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    from safeguarding.models import Agency, Role

    from .models import Clock

    ruled = registry.ruled_clocks()
    declared = {policy.code: policy for policy in registry.declarations()}
    messages: list[checks.CheckMessage] = []
    for code, models in sorted(ruled.items()):
        if code not in declared:
            messages.append(checks.Error(
                f"The clock {code!r} has a rule (for {', '.join(sorted(set(models)))}) but no "
                "declaration.",
                hint="Declare its row of the timescale table beside the rule: "
                     f"deadlines.registry.declare(ClockPolicy({code!r}, ...)).",
                id="deadlines.E001"))
    for code, policy in declared.items():
        if code not in ruled and not policy.awaiting_rule:
            messages.append(checks.Error(
                f"The clock {code!r} is declared but no rule runs it.",
                hint="Register its ClockRule beside the declaration, or say in the "
                     "declaration's awaiting_rule why it has none yet.",
                id="deadlines.E002"))
        if code in ruled and policy.awaiting_rule:
            messages.append(checks.Error(
                f"The clock {code!r} is declared as awaiting its rule, and has one.",
                hint="Remove awaiting_rule from its declaration.", id="deadlines.E003"))
        wrong = [f"{name} {value!r}" for name, value, allowed in (
            ("unit", policy.unit, Clock.Unit.values),
            ("direction", policy.direction, Clock.Direction.values),
            ("responsible", policy.responsible, Clock.Responsible.values),
            *(("told role", r.role, Role.values) for r in policy.told
              if not (r.named_by_agency or r.learning_group_chair)),
            *(("told person named by the agency", r.named_by_agency, _named_fields())
              for r in policy.told if r.named_by_agency),
            *(("told agency kind", r.agency_kind, ["", *Agency.Kind.values])
              for r in policy.told),
        ) if value not in allowed]
        if not policy.told:
            wrong.append("told: nobody")
        if policy.beside:
            shown_beside = declared.get(policy.beside)
            if shown_beside is None or shown_beside.beside:
                wrong.append(f"beside {policy.beside!r}, not a declared clock of its own")
            if policy.statutory:
                wrong.append("beside another clock while statutory (a local target is local)")
        if wrong:
            messages.append(checks.Error(
                f"The clock {code!r} is declared with {', '.join(wrong)}.",
                hint="Use the choices of deadlines.models.Clock and safeguarding's Role and "
                     "Agency.Kind; a local target is beside a clock that is itself no target.",
                id="deadlines.E004"))
    for code in sorted(registry.kept_reasons()):
        if code not in ruled:
            messages.append(checks.Error(
                f"The reasons for the delay of {code!r} are kept, but no rule runs that "
                "clock.", hint="Name a clock a ClockRule runs in KeptReasons.",
                id="deadlines.E005"))
    return messages


def _named_fields() -> list[str]:
    """The agency's fields that name one person (its head of service, its chief officer)."""
    from safeguarding.models import Agency

    return [field.name for field in Agency._meta.concrete_fields
            if field.is_relation and field.related_model._meta.label == "safeguarding.User"]
