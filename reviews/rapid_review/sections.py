"""The pages of the Information Gathering Tool, in order: each is one page of its task list."""

from safeguarding.sections import Section

from . import forms

SECTIONS = [
    Section("about", "Details of the person completing this form", forms.AboutForm),
    Section("child", "The child and family", forms.ChildForm, forms.FamilyFormSet,
            "family member",
            intro="Filled in from the referral where it could be: correct anything your "
                  "records show differently, and add the family members you know of."),
    Section("incident", "The incident", forms.IncidentForm),
    Section("involvement", "Your agency's involvement", forms.InvolvementForm),
    Section("agencies", "Other agencies known to be involved", forms.RowsOnlyForm,
            forms.KnownAgencyFormSet, "agency",
            intro="Tell us of any other agency, including voluntary and community sector "
                  "agencies, that is or has been involved with the case: the business unit "
                  "may ask them for a return too."),
    Section("synopsis", "Brief synopsis of the case", forms.SynopsisForm),
    Section("chronology", "Chronology of key events", forms.RowsOnlyForm,
            forms.ChronologyFormSet, "event",
            intro="Key events around the time of the incident only: this does not need to be "
                  "a detailed chronology at this stage. The columns after the event are "
                  "optional."),
    Section("recommendation", "The type of review you recommend", forms.RecommendationForm),
]
BY_SLUG = {section.slug: section for section in SECTIONS}
