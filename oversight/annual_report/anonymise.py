"""The annual report names no child and no family member, and no case (issue 15 item 5). The
only words of the records it copies (why an action is not to be implemented, where an LCSPR
is published) first have taken out every name the service knows for the cases they come
from: the children's and family members' names on the referral, the rapid review's and the
LCSPR's returns and the LCSPR's family records, whole and word by word, and every case
reference. A fixed number of queries, whatever the number of cases."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from cases.models import Case
from forms.models import Child, FamilyMember, Plan
from reviews.models import LcsprFamilyMember, ReturnChild, ReturnFamilyMember

NAME_REMOVED = "[name removed]"
REFERENCE_REMOVED = "[reference removed]"
REFERENCE = re.compile(r"\bSI-\d{4}-\d{2,}\b", re.I)
# Words written before or inside a name that are not one.
NOT_NAMES = {"baby", "child", "infant", "unborn", "mr", "mrs", "ms", "miss", "mx", "dr",
             "and", "the"}
SHORTEST_WORD = 3  # a shorter word of a name is taken out only within the whole name


@dataclass(frozen=True)
class Known:
    names: frozenset[str]
    references: frozenset[str]


def known_for(case_ids: Iterable[int]) -> Known:
    ids = set(case_ids)
    if not ids:
        return Known(frozenset(), frozenset())
    names = [*Child.objects.filter(referral__case_id__in=ids).values_list("full_name", flat=True),
             *(f"{first} {last}" for first, last in FamilyMember.objects.filter(
                 referral__case_id__in=ids).values_list("first_name", "last_name")),
             *Plan.objects.filter(referral__case_id__in=ids).values_list("person_name",
                                                                        flat=True),
             *ReturnChild.objects.filter(information_return__review__case_id__in=ids)
             .values_list("name", flat=True),
             *(text.split("\n")[0].split(",")[0] for text in ReturnFamilyMember.objects.filter(
                 information_return__review__case_id__in=ids).values_list(
                 "name_and_address", flat=True)),
             *LcsprFamilyMember.objects.filter(lcspr__case_id__in=ids).values_list(
                 "name", flat=True)]
    references = Case.objects.filter(pk__in=ids).values_list("reference", flat=True)
    return Known(frozenset(" ".join(name.split()) for name in names if name.strip()),
                 frozenset(references))


def _pattern(phrases: Iterable[str]) -> re.Pattern | None:
    """One expression for every phrase, the longest first, matched whole words, whatever
    the case and the spaces between the words."""
    ordered = sorted(set(phrases), key=lambda phrase: (-len(phrase), phrase))
    if not ordered:
        return None
    alternatives = [r"\s+".join(re.escape(word) for word in phrase.split())
                    for phrase in ordered]
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.I)


def _phrases(names: Iterable[str]) -> set[str]:
    phrases = set()
    for name in names:
        phrases.add(name)
        phrases.update(word for word in re.split(r"[\s\-']+", name)
                       if len(word) >= SHORTEST_WORD and word.lower() not in NOT_NAMES)
    return phrases


def anonymised(text: str, known: Known) -> str:
    """The text with every known name and every case reference taken out."""
    references = _pattern(known.references)
    if references is not None:
        text = references.sub(REFERENCE_REMOVED, text)
    text = REFERENCE.sub(REFERENCE_REMOVED, text)
    names = _pattern(_phrases(known.names))
    return names.sub(NAME_REMOVED, text) if names is not None else text
