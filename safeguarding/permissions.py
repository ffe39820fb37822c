"""Every permission rule of the service, in one module.

We use the `rules` package: a permission is a predicate over (user, object) written in
Python, so need-to-know rules such as "an agency contributor sees only their own agency's
returns" are plain code, tested like code, and need no permission rows in the database that
could drift from the procedures. Views ask ``user.has_perm("app.action_model", obj)``;
templates use ``{% has_perm %}`` from ``rules``.

Later capabilities add their rules here, next to the role predicates they build on.
"""

import rules

from .models import Role


def has_role(*roles: Role) -> rules.Predicate:
    names = "_or_".join(roles)

    @rules.predicate(name=f"is_{names}")
    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.is_active and user.role in roles)

    return predicate


is_business_unit = has_role(Role.BUSINESS_UNIT)
is_safeguarding_partner = has_role(Role.SAFEGUARDING_PARTNER)
is_panel_chair = has_role(Role.PANEL_CHAIR)
is_panel_member = has_role(Role.PANEL_CHAIR, Role.PANEL_MEMBER)
is_agency_contributor = has_role(Role.AGENCY_CONTRIBUTOR)
is_reviewer = has_role(Role.REVIEWER)
is_scrutineer = has_role(Role.SCRUTINEER)
is_manager = has_role(Role.MANAGER)
is_administrator = has_role(Role.ADMINISTRATOR)


# Administrators look after agencies and users in the Django admin. Nothing is deleted:
# people and agencies that leave are made inactive, so their history stays readable.
rules.add_perm("safeguarding", is_administrator)
for _model in ("agency", "user"):
    for _action in ("view", "add", "change"):
        rules.add_perm(f"safeguarding.{_action}_{_model}", is_administrator)
