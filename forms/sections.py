"""The sections of the referral form, in order: each is one page of the task list."""

from safeguarding.sections import Section

from . import forms

# 002 Appendix 2: "If information is unavailable do not delay in making this referral.
# Additional facts can be collated later."
NOT_KNOWN_INTRO = ("If information is unavailable, say that it is not known and do not delay "
                   "the referral: additional facts can be collated later.")

SECTIONS = [
    Section("route", "Route and notification criteria", forms.RouteForm,
            intro="A notification will only be considered by the Statutory Safeguarding "
                  "Partners if it is known or suspected that a child has been abused or "
                  "neglected, and the child died or was seriously harmed in the local "
                  "authority's area, or outside England while normally resident here."),
    Section("referrer", "About you and your authorising officer", forms.ReferrerForm,
            intro="Discuss the referral with your line manager or safeguarding lead. If they "
                  "have not agreed it yet, do not delay: submit it and add their agreement "
                  "afterwards."),
    Section("children", "About the child or children", forms.RowsOnlyForm,
            forms.ChildFormSet, "child"),
    Section("incident", "The incident", forms.IncidentForm, intro=NOT_KNOWN_INTRO),
    Section("family", "Parents, guardians, siblings and significant others",
            forms.RowsOnlyForm, forms.FamilyFormSet, "person"),
    Section("child_protection", "Child protection and child in need", forms.ChildProtectionForm,
            forms.PlanFormSet, "plan", intro=NOT_KNOWN_INTRO),
    Section("agencies", "Other agencies involved", forms.RowsOnlyForm,
            forms.InvolvedAgencyFormSet, "agency",
            intro="All agencies you know are involved with this child or family: the business "
                  "unit will contact them for further information."),
    Section("details", "Details of the case or incident", forms.DetailsForm),
    Section("other_reviews", "Authorising officer comment and other reviews",
            forms.OtherReviewsForm),
]
BY_SLUG = {section.slug: section for section in SECTIONS}


# A referral from the public referral page, as the business unit reads it: what that page asked.
PUBLIC_SECTIONS = [
    Section("referrer", "About the person who made the referral", forms.PublicReferrerAnswers),
    Section("children", "About the child", forms.RowsOnlyForm, forms.PublicChildAnswersRows,
            "child"),
    Section("incident", "What happened", forms.PublicIncidentAnswers),
]
