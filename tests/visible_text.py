"""The text of a page as people read it (and hear it, with a screen reader), and the internal
codes and bare ids that must never be in it: snake_case words (a choice's code, a transition's
name), "→ 12" (a foreign key's id in a change) and a Python list's repr ("['neglect']")."""

import re
from html.parser import HTMLParser

SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
# A number alone at the end of a block ("→ 2"), not a date or a telephone number.
ARROW_TO_ID = re.compile(r"(?:→|->) *\d+(?= *(?:\n|$))")
LIST_REPR = re.compile(r"\[\s*['\"][^\]]*\]")
# The project's own references to its source documents, numbered 000 to 004 ("000 stage 3",
# "(004 section 6.2)", "seeds 000-004", "§5.3"): they may stay in code comments only.
SEED_REFERENCE = re.compile(
    r"\b[Ss]eeds?\b[^\n]{0,12}|\b00[0-4] (?:sections?|stage|appendix|§)[^\n]{0,8}|"
    r"\(00[0-4][):,;][^\n]{0,8}|§ ?[\d.]+")
# A time with seconds ("15:30:00"): GOV.UK writes "3:30pm".
TIME_WITH_SECONDS = re.compile(r"\b\d{1,2}:\d{2}:\d{2}\b")
# An arrow with nothing after it ("Referred → "): a change with an empty part.
EMPTY_ARROW = re.compile(r"\S[^\n]{0,40}(?:→|->) *,?[^\S\n]*(?:, then)?(?=\n|$)")
# Words that look like a code but are not one. Keep this short, and say why.
ALLOWED: set[str] = set()

BLOCKS = {"address", "article", "caption", "dd", "div", "dl", "dt", "fieldset", "footer",
          "form", "h1", "h2", "h3", "h4", "header", "label", "legend", "li", "main", "nav",
          "ol", "option", "p", "section", "table", "td", "th", "tr", "ul", "br", "hr"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "path", "circle", "rect", "use"}


class VisibleText(HTMLParser):
    """What a person reads on the page (``seen``: without what is visually hidden) and what a
    screen reader says (``heard``: without what is hidden from it), neither with scripts,
    styles or attribute values; and the page's links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.seen: list[str] = []
        self.heard: list[str] = []
        self.links: list[str] = []
        self._open: list[tuple[str, bool, bool]] = []  # tag, hidden from sight, from hearing

    def _break(self, tag: str) -> None:
        if tag in BLOCKS:
            self.seen.append("\n")
            self.heard.append("\n")

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        self._break(tag)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in VOID:
            return
        gone = tag in ("script", "style", "template", "title") or "hidden" in attrs
        classes = (attrs.get("class") or "").split()
        self._open.append((tag, gone or "govuk-visually-hidden" in classes,
                           gone or attrs.get("aria-hidden") == "true"))

    def handle_startendtag(self, tag, attrs) -> None:
        if tag == "a" and dict(attrs).get("href"):
            self.links.append(dict(attrs)["href"])

    def handle_endtag(self, tag) -> None:
        self._break(tag)
        for depth in range(len(self._open) - 1, -1, -1):
            if self._open[depth][0] == tag:
                del self._open[depth:]
                return

    def handle_data(self, data) -> None:
        if not any(unseen for _tag, unseen, _unheard in self._open):
            self.seen.append(data)
        if not any(unheard for _tag, _unseen, unheard in self._open):
            self.heard.append(data)

    @property
    def text(self) -> str:
        """Both readings, one after the other, a line for each block."""
        return "\n".join(re.sub(r"\s*\n\s*", "\n", re.sub(r"[^\S\n]+", " ", "".join(parts)))
                         for parts in (self.seen, self.heard))


def read(html: str) -> VisibleText:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return parser


def offending(text: str) -> list[str]:
    found = [word for word in SNAKE_CASE.findall(text) if word not in ALLOWED]
    found += ARROW_TO_ID.findall(text)
    found += LIST_REPR.findall(text)
    return found + wording_problems(text)


def wording_problems(text: str) -> list[str]:
    """What no page or email may say: a reference to the source documents by number, a time
    with seconds, an arrow pointing at nothing."""
    return (SEED_REFERENCE.findall(text) + TIME_WITH_SECONDS.findall(text)
            + EMPTY_ARROW.findall(text))
