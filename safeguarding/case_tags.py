"""Tags beside a case's reference in a list of cases ("Public referral"), from the app that
knows them, for the lists of an app below it: the deadlines dashboard reads no referral
(forms' model, a layer above), it asks here. Each app registers a function from case ids to
the tag of each case it tags (one query whatever their number)."""

from collections.abc import Callable, Iterable

CaseTagger = Callable[[list[int]], dict[int, str]]
_taggers: list[CaseTagger] = []


def register_case_tagger(tagger: CaseTagger) -> CaseTagger:
    if tagger not in _taggers:
        _taggers.append(tagger)
    return tagger


def case_tags(case_ids: Iterable[int | None]) -> dict[int, tuple[str, ...]]:
    """Each case's tags, for the cases that have any: one query a tagger, none when there
    is no case."""
    ids = sorted({case_id for case_id in case_ids if case_id is not None})
    tags: dict[int, tuple[str, ...]] = {}
    if not ids:
        return tags
    for tagger in _taggers:
        for case_id, tag in tagger(ids).items():
            tags[case_id] = (*tags.get(case_id, ()), tag)
    return tags
