"""What the service knows of the family and the practitioners of a case, and where a report's
text names it (issue 13 item 10): the children's and family members' names (and first names
alone), dates of birth in the usual ways of writing them, addresses and postcodes, schools
and settings, practitioners' names and the case reference, gathered from the referral and
the rapid review (its returns' children, family and practitioners, and the panel's
attendance), and the LCSPR's own practitioners and family members. Nothing here is logged:
the hits are kept as rows and shown on a page."""

import re
from dataclasses import dataclass
from datetime import date

from cases.models import Case
from forms.models import Referral
from reviews.rapid_review.models import InformationReturn, RapidReview

from ..engagement.models import LcsprFamilyMember, LcsprPractitioner
from .models import RedactionHit

K = RedactionHit.Kind
CONTEXT = 60
SETTING_WORDS = re.compile(r"school|academy|college|nursery|pre-?school|children's centre|"
                           r"primary|infant|junior|high|setting|childminder|play ?group",
                           re.I)
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.I)
# Words before a name that are not one ("Baby Amelia", "Mrs Brennan").
NOT_NAMES = {"baby", "child", "infant", "unborn", "mr", "mrs", "ms", "miss", "mx", "dr"}
# A first name shorter than this is left out alone (it is found in its full name).
SHORTEST_FIRST_NAME = 3


@dataclass(frozen=True)
class Term:
    kind: str
    pattern: str  # a regular expression


@dataclass(frozen=True)
class Hit:
    kind: str
    found: str
    before: str
    after: str
    position: int


def _words(text: str) -> str:
    """A phrase matched whatever the spaces and line breaks between its words."""
    return r"\s+".join(re.escape(word) for word in text.split())


def _name_terms(full_name: str, kind: str, first_name: str = "") -> list[Term]:
    full_name = " ".join(full_name.split())
    if not full_name:
        return []
    terms = [Term(kind, _words(full_name))]
    words = [word for word in full_name.split() if word.lower().strip(".") not in NOT_NAMES]
    first = first_name.strip() or (words[0] if words else "")
    if len(first) >= SHORTEST_FIRST_NAME and first.lower() != full_name.lower():
        terms.append(Term(K.FIRST_NAME, _words(first)))
    return terms


def _date_terms(born: date | None) -> list[Term]:
    """A date of birth as people write it: 3 April 2015, 3rd April 2015, 3 Apr 2015,
    April 3, 2015, 03/04/2015, 3/4/15, 03.04.2015, 03-04-2015, 2015-04-03."""
    if born is None:
        return []
    d, m, y = born.day, born.month, born.year
    month, short = born.strftime("%B"), born.strftime("%b")
    day = rf"0?{d}(?:st|nd|rd|th)?"
    patterns = [
        rf"{day}\s+(?:of\s+)?(?:{month}|{short}\.?)\s*,?\s*{y}",
        rf"(?:{month}|{short}\.?)\s+{day},?\s+{y}",
        rf"0?{d}\s*[/.\-]\s*0?{m}\s*[/.\-]\s*(?:{y}|{y % 100:02d})",
        rf"{y}\s*-\s*{m:02d}\s*-\s*{d:02d}",
    ]
    return [Term(K.DATE_OF_BIRTH, pattern) for pattern in patterns]


def _address_terms(address: str, postcode: str = "") -> list[Term]:
    """The address's first line (the house and street), its other lines of more than one
    word, and its postcode, with or without its space."""
    terms = []
    lines = [line.strip(" ,") for line in re.split(r"[\n,]", address) if line.strip(" ,")]
    for index, line in enumerate(lines):
        if POSTCODE.fullmatch(line):
            continue
        if index == 0 or len(line.split()) > 1:
            terms.append(Term(K.ADDRESS, _words(line)))
    postcodes = {match.group() for match in POSTCODE.finditer(address)} | (
        {postcode} if postcode.strip() else set())
    for code in postcodes:
        squashed = re.sub(r"\s", "", code)
        terms.append(Term(K.POSTCODE, rf"{re.escape(squashed[:-3])}\s*{re.escape(squashed[-3:])}"))
    return terms


def _practitioner(name: str) -> list[Term]:
    return [Term(K.PRACTITIONER, _words(name))] if name.strip() else []


def _setting(name: str) -> list[Term]:
    return [Term(K.SETTING, _words(name))] if name.strip() and SETTING_WORDS.search(
        name) else []


def _engagement_terms(case: Case) -> list[Term]:
    """The LCSPR's own family members (a surviving child as a child) and practitioners
    (reviews/lcspr/engagement)."""
    terms: list[Term] = []
    for member in LcsprFamilyMember.objects.filter(lcspr__case=case):
        terms += _name_terms(member.name, K.CHILD_NAME
                             if member.relationship == LcsprFamilyMember.Relationship.CHILD
                             else K.FAMILY_NAME)
    for practitioner in LcsprPractitioner.objects.filter(lcspr__case=case).select_related(
            "user"):
        terms += _practitioner(practitioner.display_name)
    return terms


def terms_for(case: Case) -> list[Term]:
    """Everything the service knows of the case's family and practitioners, as terms to
    look for (a fixed number of queries)."""
    terms: list[Term] = [Term(K.CASE_REFERENCE, re.escape(case.reference))]
    referral = (Referral.objects.filter(case=case)
                .prefetch_related("children", "family", "involved_agencies").first())
    if referral is not None:
        for child in referral.children.all():
            terms += _name_terms(child.full_name, K.CHILD_NAME)
            terms += _date_terms(child.date_of_birth)
            terms += _address_terms(child.address, child.postcode)
        for member in referral.family.all():
            terms += _name_terms(f"{member.first_name} {member.last_name}", K.FAMILY_NAME,
                                 member.first_name)
            terms += _date_terms(member.date_of_birth)
            terms += _address_terms(member.address)
        for agency in referral.involved_agencies.all():
            terms += _practitioner(agency.contact_name) + _setting(agency.organisation)
        terms += _practitioner(referral.authorising_officer)
        if referral.source == Referral.Source.AGENCY:
            terms += _practitioner(referral.referrer_name)
    review = RapidReview.objects.filter(case=case).prefetch_related(
        "attendance").first()
    if review is not None:
        returns = (InformationReturn.objects.filter(review=review).select_related("agency")
                   .prefetch_related("children", "family", "practitioners", "known_agencies"))
        for information_return in returns:
            for child in information_return.children.all():
                terms += _name_terms(child.name, K.CHILD_NAME)
                terms += _date_terms(child.date_of_birth)
                terms += _address_terms(child.address)
            for member in information_return.family.all():
                name, _, address = member.name_and_address.partition("\n")
                name, _, rest = name.partition(",")
                terms += _name_terms(name, K.FAMILY_NAME)
                terms += _date_terms(member.date_of_birth)
                terms += _address_terms(f"{rest}\n{address}")
            for practitioner in information_return.practitioners.all():
                terms += _practitioner(practitioner.name)
            for known in information_return.known_agencies.all():
                terms += _setting(known.name)
            terms += _setting(information_return.agency.name)
            terms += _practitioner(information_return.completed_by_name)
        for attendee in review.attendance.all():
            if attendee.direct_involvement:
                terms += _practitioner(attendee.name)
    terms += _engagement_terms(case)
    # One term per pattern: the first kind found wins (a child's name before a first name).
    unique: dict[str, Term] = {}
    for term in terms:
        unique.setdefault(term.pattern.lower(), term)
    return list(unique.values())


def find(text: str, terms: list[Term]) -> list[Hit]:
    """Every place the text has one of the terms, in order, each with the words around it.
    Where terms overlap (a full name and its first name), the longest is kept."""
    spans: list[tuple[int, int, str]] = []
    for term in terms:
        pattern = re.compile(rf"(?<!\w){term.pattern}(?!\w)", re.I)
        spans += [(m.start(), m.end(), term.kind) for m in pattern.finditer(text)]
    spans.sort(key=lambda span: (span[0], -(span[1] - span[0])))
    hits: list[Hit] = []
    reached = -1
    for start, end, kind in spans:
        if start < reached:
            continue
        reached = end
        hits.append(Hit(kind=kind, found=" ".join(text[start:end].split())[:200],
                        before=" ".join(text[max(0, start - CONTEXT):start].split())[-200:],
                        after=" ".join(text[end:end + CONTEXT].split())[:200],
                        position=start))
    return hits
