"""The LCSPR's Word (.docx) documents, made with python-docx, since reviewers and partnerships
write in Word (issue 13 item 13): the reviewer's report template, its headings and guidance
after 004 section 14 and 002 section 10, with the case's details filled in; and the terms of
reference, the same content as their PDF (printing.py, terms_of_reference_print.html).

The report template leaves the service to be written on and published: it names the child by
a pseudonym only, and whatever it copies from the case's records (the terms of reference,
the parallel processes) first has every name, date of birth, address, school, practitioner
and reference the redaction check knows of taken out (reports/redaction.py). The terms of
reference hold only what the partnership wrote in them, as the PDF does."""

import io
import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from docx import Document
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from safeguarding.dates import long_date, today
from safeguarding.times import govuk_date_time

from .models import Lcspr
from .reports.models import RedactionHit
from .reports.redaction import Term, find, terms_for
from .workflow import current_commission, terms_of

K = RedactionHit.Kind
MARKING = "OFFICIAL-SENSITIVE"
PLACEHOLDER = "Child [pseudonym]"
PSEUDONYM = re.compile(r"[A-Za-z][A-Za-z '\-\[\]]{0,39}")
# What stands in the report template where the case's records name someone or somewhere.
TAKEN_OUT = {K.FIRST_NAME: "[a name]", K.FAMILY_NAME: "[a family member]",
             K.DATE_OF_BIRTH: "[a date of birth]", K.ADDRESS: "[an address]",
             K.POSTCODE: "[a postcode]", K.SETTING: "[a school or setting]",
             K.PRACTITIONER: "[a practitioner]", K.CASE_REFERENCE: "[the case reference]"}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# The parts every document shares.

def _document(*, title: str, footer: str, author: str) -> WordDocument:
    """A new A4 document: its marking at the top of each page, ``footer`` and the page
    number at the bottom, a Guidance style for the words the writer replaces."""
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(11)
    guidance = document.styles.add_style("Guidance", WD_STYLE_TYPE.PARAGRAPH)
    guidance.base_style = document.styles["Normal"]
    guidance.font.italic = True
    guidance.font.color.rgb = RGBColor(0x50, 0x5A, 0x5F)
    marking = section.header.paragraphs[0]
    marking.text, marking.alignment = MARKING, WD_ALIGN_PARAGRAPH.CENTER
    marking.runs[0].bold = True
    bottom = section.footer.paragraphs[0]
    bottom.add_run(f"{footer} · Page ")
    _field(bottom, "PAGE")
    bottom.add_run(" of ")
    _field(bottom, "NUMPAGES")
    properties = document.core_properties
    properties.title, properties.author, properties.last_modified_by = title, author, author
    properties.comments, properties.revision = "", 1
    properties.created = properties.modified = timezone.now()
    return document


def _field(paragraph: Paragraph, instruction: str, shown: str = "1") -> None:
    """A Word field (a page number, the contents) that Word works out when it opens."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = shown
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _bytes(document: WordDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document: WordDocument, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def _day(value: date | None, empty: str = "") -> str:
    return long_date(value) if value else empty


def _lines(text: str) -> list[str]:
    """A box of text as its lines, without the bullets or numbers typed before them."""
    return [re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*", "", line).strip()
            for line in text.splitlines() if line.strip(" -*•")]


# The reviewer's report template.

def check_pseudonym(pseudonym: str, terms: list[Term]) -> str:
    """The pseudonym to name the child by, or the placeholder; refused when it is not a
    short name, or names the child, the family or anyone the redaction check knows of."""
    pseudonym = " ".join(pseudonym.split())
    if not pseudonym:
        return PLACEHOLDER
    if not PSEUDONYM.fullmatch(pseudonym):
        raise ValidationError({"pseudonym": "Enter a pseudonym of up to 40 letters and "
                                            "spaces, for example Child Q"})
    if find(pseudonym, terms):
        raise ValidationError({"pseudonym": "This names the child, their family or someone "
                                            "the service knows of in this case: choose a "
                                            "pseudonym that does not identify them"})
    return pseudonym


def taken_out(text: str, terms: list[Term], pseudonym: str) -> str:
    """The text with each name, date of birth, address, school, practitioner and reference
    the redaction check knows of replaced: the child's name by the pseudonym."""
    for hit in reversed(find(text, terms)):
        stand_in = pseudonym if hit.kind == K.CHILD_NAME else TAKEN_OUT.get(hit.kind, "[removed]")
        text = text[:hit.position] + stand_in + text[hit.position + _length(text, hit):]
    return text


def _length(text: str, hit) -> int:
    """How long the match is in the text (the hit keeps it with its spaces tidied)."""
    words = hit.found.split()
    pattern = r"\s+".join(re.escape(word) for word in words)
    match = re.compile(pattern, re.I).match(text, hit.position)
    return match.end() - hit.position if match else len(hit.found)


def report_template(*, lcspr: Lcspr, partnership: str, pseudonym: str = "",
                    show_reference: bool = False) -> bytes:
    """The report template for the review's reviewer: its title page, then the headings of a
    local review's report each with short guidance, the terms of reference filled in.
    ``lcspr`` as selectors.lcspr_for_terms reads it. Raises ValidationError for a
    pseudonym that is not one."""
    terms = terms_for(lcspr.case)
    child = check_pseudonym(pseudonym, terms)
    document = _document(title=f"Local Child Safeguarding Practice Review: {child}",
                         footer=f"{child}: Local Child Safeguarding Practice Review",
                         author=partnership)
    _title_page(document, lcspr, partnership, child, show_reference)
    for heading, guidance, fill in SECTIONS:
        document.add_heading(heading, level=1)
        document.add_paragraph(guidance.format(child=child), style="Guidance")
        if fill is not None:
            fill(document, lcspr, lambda text: taken_out(text, terms, child), child)
    return _bytes(document)


def _title_page(document: WordDocument, lcspr: Lcspr, partnership: str, child: str,
                show_reference: bool) -> None:
    commission = current_commission(lcspr)
    kind = ("Independent reviewer" if lcspr.reviewer_kind == Lcspr.ReviewerKind.INDEPENDENT
            else "Reviewer")
    document.add_paragraph(partnership, style="Subtitle")
    document.add_paragraph("Local Child Safeguarding Practice Review", style="Title")
    document.add_paragraph(child, style="Subtitle")
    document.add_paragraph(f"{kind}: "
                           f"{commission.reviewer.full_name if commission else '[name]'}")
    document.add_paragraph(f"Date: {long_date(today())}")
    if show_reference:
        document.add_paragraph(f"The partnership's case reference: {lcspr.case.reference}")
        document.add_paragraph("Take the case reference out before the report is sent or "
                               "published.", style="Guidance")
    document.add_paragraph(
        f"{child} is the name this report gives the child: it is not their real name. "
        "Nothing in the report should name the child or their family, or give a date of "
        "birth, an address or a school.", style="Guidance")
    document.add_paragraph("Contents", style="TOC Heading")
    _field(document.add_paragraph(), r'TOC \o "1-2" \h \z \u',
           "Right-click here and choose Update field to show the contents.")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _introduction(document: WordDocument, lcspr: Lcspr, clean, child: str) -> None:
    document.add_paragraph(
        f"The safeguarding partners decided to initiate this local child safeguarding "
        f"practice review on {long_date(lcspr.decided_on)}.")


def _terms(document: WordDocument, lcspr: Lcspr, clean, child: str) -> None:
    terms = terms_of(lcspr)
    agreed = (f"agreed on {long_date(terms.agreed_on)}" if terms and terms.agreed_on
              else "not agreed yet: check them before you rely on this")
    document.add_paragraph(f"From the terms of reference ({agreed}). Anything naming the "
                           "family, a school, a practitioner or the case has been taken out.",
                           style="Guidance")
    document.add_heading("Scope", level=2)
    document.add_paragraph(clean(terms.scope) if terms and terms.scope else "[The scope]")
    document.add_heading("The period under review", level=2)
    document.add_paragraph(clean(f"From {_day(terms.period_from)} to {_day(terms.period_to)}")
                           if terms and terms.period_from else "[The period under review]")
    document.add_heading("Key lines of enquiry", level=2)
    for line in _lines(terms.key_lines_of_enquiry if terms else "") or ["[A line of enquiry]"]:
        document.add_paragraph(clean(line), style="List Number")
    document.add_heading("Methodology and why it was chosen", level=2)
    if terms and terms.methodology:
        document.add_paragraph(clean(terms.methodology_name))
        document.add_paragraph(clean(terms.methodology_reason))
    else:
        document.add_paragraph("[The methodology and why it was chosen]")


def _methodology(document: WordDocument, lcspr: Lcspr, clean, child: str) -> None:
    terms = terms_of(lcspr)
    if terms and terms.methodology:
        document.add_paragraph(f"The methodology agreed: {clean(terms.methodology_name)}.")


def _parallel_processes(document: WordDocument, lcspr: Lcspr, clean, child: str) -> None:
    processes = list(lcspr.parallel_processes.all())
    for process in processes:  # kinds and choices only: their notes may name people
        how = process.get_coordination_display() or "coordination not decided yet"
        document.add_paragraph(f"{clean(process.name)}: {process.get_progress_display()}; "
                               f"{how[0].lower()}{how[1:]}.", style="List Bullet")
    if not processes:
        document.add_paragraph("[None recorded by the partnership]")


def _analysis(document: WordDocument, lcspr: Lcspr, clean, child: str) -> None:
    terms = terms_of(lcspr)
    lines = _lines(terms.key_lines_of_enquiry if terms else "") or ["[A line of enquiry]"]
    for number, line in enumerate(lines, start=1):
        document.add_heading(f"Line of enquiry {number}: {clean(line)}", level=2)
        document.add_paragraph("The key practice episodes, what happened and why, and what "
                               "it shows about how the agencies work together.",
                               style="Guidance")


def _recommendations(document: WordDocument, lcspr: Lcspr, clean, child: str) -> None:
    _table(document, ["Number", "Recommendation", "Which agencies", "By when"],
           [["1", "", "", ""]])


def _glossary(document: WordDocument, lcspr: Lcspr, clean, child: str) -> None:
    _table(document, ["Term", "Meaning"], [
        ["LCSPR", "Local Child Safeguarding Practice Review"],
        ["The National Panel", "The Child Safeguarding Practice Review Panel"],
        ["Rapid review", "The partners' first review of the incident, within 15 working "
                         "days, which led to this review"],
        ["Safeguarding partners", "The local authority, the police and the integrated care "
                                  "board (ICB)"],
    ])


# The headings of the report (004 section 14; 002 section 10; 003: the views of
# practitioners and families), each with its guidance and what fills it in.
SECTIONS = [
    ("Introduction and reasons for the review",
     "Why the review was held: the serious child safeguarding incident, the criteria for a "
     "local review that it met, and what the rapid review found. Refer to the child as "
     "{child} throughout.", _introduction),
    ("Summary of recommended improvements",
     "A short summary of the improvements recommended to safeguard and promote the welfare "
     "of children in the area, for readers who read nothing else.", None),
    ("Terms of reference and scope",
     "What the review set out to learn, the period it looked at and how.", _terms),
    ("Methodology",
     "How the review was carried out: the information gathered (the agencies' "
     "chronologies and reports, the rapid review), the meetings, conversations and learning "
     "events held, the governance group's part, and any limits on the review. Say who the "
     "reviewer is and how they are independent of the agencies involved.", _methodology),
    ("The family's involvement",
     "How the family, including any surviving children, were invited to contribute, who "
     "met them and when, what they told the review (with their agreement), and how their "
     "expectations were managed. If they did not take part, say so and why. Keep the child "
     "at the centre, and keep details of the family to a minimum.", None),
    ("Practitioners' involvement",
     "How the practitioners and managers involved contributed their perspective, without "
     "fear of being blamed for actions they took in good faith: conversations, the learning "
     "event, the support offered to them. Do not name them.", None),
    ("Parallel processes",
     "Other reviews and investigations running beside this one, how the review was "
     "coordinated with each, and their effect on its timescales and on what could be said.",
     _parallel_processes),
    ("Background",
     "Only the background needed to understand the learning. Personal and sensitive "
     "information about family members should not be included, and precise details of the "
     "case kept to a minimum: much is often public already, and details together can "
     "identify the child.", None),
    ("Key practice episodes and analysis",
     "For each line of enquiry, the key practice episodes and an analysis of the systemic "
     "and underlying reasons why actions were or were not taken.", _analysis),
    ("Findings",
     "The findings that are key to making improvements, each drawn from the analysis.",
     None),
    ("Recommendations",
     "Each recommendation clear on what is required of which agencies, collectively and "
     "individually, and by when, and focused on improving outcomes for children. The "
     "partnership records each one for its action plan.", _recommendations),
    ("Glossary", "Every abbreviation and term the report uses.", _glossary),
]


# The terms of reference, as their PDF has them.

def terms_of_reference_docx(*, lcspr: Lcspr, partnership: str) -> bytes:
    """The terms of reference as a Word file: the same sections and content as the PDF.
    ``lcspr`` as selectors.lcspr_for_terms reads it."""
    terms, case = terms_of(lcspr), lcspr.case
    document = _document(title=f"LCSPR {case.reference}: terms of reference",
                         footer=f"{case.reference} LCSPR terms of reference",
                         author=partnership)
    document.add_heading("Local child safeguarding practice review: terms of reference", 0)
    document.add_paragraph(f"{partnership} · case {case.reference} · printed "
                           f"{govuk_date_time(timezone.localtime())}")
    document.add_paragraph(f"Agreed on {long_date(terms.agreed_on)} by {terms.agreed_by}."
                           if terms and terms.agreed_on else "Draft: not agreed yet.")
    for heading, write in TERMS_SECTIONS:
        document.add_heading(heading, level=1)
        write(document, lcspr, terms)
    return _bytes(document)


def _rows(document: WordDocument, rows: list[tuple[str, str]]) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for key, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = key, value
        cells[0].paragraphs[0].runs[0].bold = True


def _the_review(document: WordDocument, lcspr: Lcspr, terms) -> None:
    commission = current_commission(lcspr)
    _rows(document, [
        ("The partners' decision to initiate the review",
         f"{long_date(lcspr.decided_on)} (published no later than six months from this "
         "date)"),
        ("Reviewer", f"{commission.reviewer.full_name}, {commission.reviewer.agency.name}, "
                     f"commissioned {long_date(commission.commissioned_on)}"
         if commission else "None commissioned now")])


def _scope(document: WordDocument, lcspr: Lcspr, terms) -> None:
    _rows(document, [
        ("Scope", terms.scope if terms and terms.scope else "Not set out yet"),
        ("Period under review", f"{_day(terms.period_from)} to {_day(terms.period_to)}"
         if terms and terms.period_from else "Not set out yet")])


def _lines_of_enquiry(document: WordDocument, lcspr: Lcspr, terms) -> None:
    text = terms.key_lines_of_enquiry if terms else ""
    for line in text.splitlines() or ["Not set out yet"]:
        document.add_paragraph(line)


def _method(document: WordDocument, lcspr: Lcspr, terms) -> None:
    _rows(document, [
        ("Methodology", terms.methodology_name if terms and terms.methodology
         else "Not chosen yet"),
        ("Why", terms.methodology_reason if terms else "")])


def _governance(document: WordDocument, lcspr: Lcspr, terms) -> None:
    document.add_paragraph("The governance group, chaired by the chair of "
                           "the rapid review panel, agrees the scope and determines the terms "
                           "of reference.")
    members = list(lcspr.governance_members.all())
    if members:
        _table(document, ["Member", "Job title", "Role"], [
            [member.display_name, member.job_title, member.get_role_display()]
            for member in members])
    else:
        document.add_paragraph("No members recorded yet.")
    meetings = list(lcspr.governance_meetings.all())
    if meetings:
        document.add_heading("Meetings", level=2)
        _table(document, ["Held on", "Notes and decisions"],
               [[long_date(meeting.held_on), meeting.notes] for meeting in meetings])


def _timetable(document: WordDocument, lcspr: Lcspr, terms) -> None:
    milestones = list(lcspr.milestones.all())
    if milestones:
        _table(document, ["Milestone", "Due", "Done"], [
            [milestone.name, long_date(milestone.due_on), _day(milestone.done_on, "Not yet")]
            for milestone in milestones])
    else:
        document.add_paragraph("No milestones set yet.")
    document.add_paragraph("The safeguarding partners supervise the review, "
                           "and may request information from the reviewer in writing to "
                           "assess its progress and quality.")


def _processes(document: WordDocument, lcspr: Lcspr, terms) -> None:
    processes = list(lcspr.parallel_processes.all())
    if not processes:
        document.add_paragraph("None known.")
        return
    _table(document, ["Process", "Lead and chair", "Coordination",
                      "Effect on timescales and disclosure"],
           [[f"{process.name} ({process.get_progress_display().lower()})",
             _lead_and_chair(process), _coordination(process),
             "\n".join(filter(None, [process.timescales_effect, process.disclosure_effect]))]
            for process in processes])


def _lead_and_chair(process) -> str:
    text = process.lead or "Lead not known yet"
    if process.chair:
        text += f"; chair {process.chair}"
        if process.chair_contacted_on:
            text += f", contacted {long_date(process.chair_contacted_on)}"
    return text


def _coordination(process) -> str:
    text = process.get_coordination_display() or "Not decided yet"
    if process.reports:
        text += f"; {process.get_reports_display().lower()}"
    return "\n".join(filter(None, [text, process.coordination_notes]))


TERMS_SECTIONS = [
    ("1. The review", _the_review),
    ("2. Scope and period under review", _scope),
    ("3. Key lines of enquiry", _lines_of_enquiry),
    ("4. Methodology", _method),
    ("5. Governance", _governance),
    ("6. Timetable", _timetable),
    ("7. Parallel processes", _processes),
]
