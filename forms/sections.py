"""The sections of the referral form, in order: each is one page of the task list."""

from dataclasses import dataclass

from django import forms as django_forms

from . import forms


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    form: type[forms.PageForm]
    rows: type[django_forms.BaseInlineFormSet] | None = None
    row_noun: str = ""
    intro: str = ""


SECTIONS = [
    Section("route", "Route and notification criteria", forms.RouteForm,
            intro="A notification will only be considered by the Statutory Safeguarding "
                  "Partners if it is known or suspected that a child has been abused or "
                  "neglected, and the child died or was seriously harmed in the local "
                  "authority's area, or outside England while normally resident here."),
    Section("referrer", "About you and your authorising officer", forms.ReferrerForm,
            intro="Discuss the referral with your line manager or safeguarding lead before "
                  "you submit it. Their agreement is needed to submit."),
    Section("children", "About the child or children", forms.RowsOnlyForm,
            forms.ChildFormSet, "child"),
    Section("incident", "The incident", forms.IncidentForm),
    Section("family", "Parents, guardians, siblings and significant others",
            forms.RowsOnlyForm, forms.FamilyFormSet, "person"),
    Section("child_protection", "Child protection and child in need", forms.ChildProtectionForm,
            forms.PlanFormSet, "plan"),
    Section("agencies", "Other agencies involved", forms.RowsOnlyForm,
            forms.InvolvedAgencyFormSet, "agency",
            intro="All agencies you know are involved with this child or family: the business "
                  "unit will contact them for further information."),
    Section("details", "Details of the case or incident", forms.DetailsForm),
    Section("other_reviews", "Authorising officer comment and other reviews",
            forms.OtherReviewsForm),
]
BY_SLUG = {section.slug: section for section in SECTIONS}


def bound_section(request, page: Section, record, **form_kwargs) -> tuple:
    """A section's form and its repeatable rows, bound to the post if there is one; a blank
    row is offered when there are none yet or the person asked to add one."""
    data = request.POST if request.method == "POST" else None
    form = page.form(data, instance=record, versioned=True, **form_kwargs)
    rows = None
    if page.rows:
        rows = page.rows(data, instance=record, prefix=page.slug)
        has_rows = getattr(record, page.rows.fk.remote_field.related_name).exists()
        rows.extra = 1 if "add" in request.GET or not has_rows else 0
    return form, rows
