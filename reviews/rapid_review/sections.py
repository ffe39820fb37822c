"""The pages of the Information Gathering Tool, in order: each is one page of its task list."""

from safeguarding.sections import Section

from . import forms

SECTIONS = [
    Section("about", "Details of the person completing this form", forms.AboutForm),
    Section("children", "Child or children subject of the review", forms.RowsOnlyForm,
            forms.ChildrenFormSet, "child",
            intro="Filled in from the referral where it could be: correct anything your "
                  "records show differently, and add any other child the review is about."),
    Section("family", "Family details", forms.RowsOnlyForm, forms.FamilyFormSet,
            "family member",
            intro="The parents, carers and other family members you know of: name and "
                  "address, their relationship to the child, date of birth, legal status "
                  "and ethnic origin."),
    Section("incident", "The incident", forms.IncidentForm),
    Section("involvement", "Your agency's involvement", forms.InvolvementForm),
    Section("agencies", "Other agencies known to be involved", forms.RowsOnlyForm,
            forms.KnownAgencyFormSet, "agency",
            intro="Tell us of any other agency, including voluntary and community sector "
                  "agencies, that is or has been involved with the case: the business unit "
                  "may ask them for a return too."),
    Section("practitioners", "Practitioners involved", forms.RowsOnlyForm,
            forms.PractitionerFormSet, "practitioner",
            intro="The practitioners of your agency involved with the child or family, so "
                  "that a practice learning event can be planned quickly should one be "
                  "needed."),
    Section("synopsis", "Brief synopsis of the case", forms.SynopsisForm,
            intro=forms.THREE_YEAR_SCOPE),
    Section("chronology", "Chronology of key events", forms.RowsOnlyForm,
            forms.ChronologyFormSet, "event",
            intro="Key events around the time of the incident only: this does not need to be "
                  "a detailed chronology at this stage. The columns after the event are "
                  "optional. " + forms.THREE_YEAR_SCOPE),
    Section("recommendation", "The type of review you recommend", forms.RecommendationForm),
]
BY_SLUG = {section.slug: section for section in SECTIONS}
