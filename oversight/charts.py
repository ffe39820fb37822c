"""Charts drawn on the server with matplotlib (issue 15 item 6): SVG to put inside a page or a
PDF, PNG for a Word document. A chart is a ``matplotlib.figure.Figure`` of its own, never
pyplot's global figures, drawn in the GOV.UK palette with black text on white.

The SVG is made fit for a page the CSP guards (style-src 'self'): no script, no <style>
element and no style attributes (they become presentation attributes, which the CSP allows),
its ids prefixed with the chart's own name so that several charts share a page, and a
<title> and <desc> the SVG is labelled by. A fixed hash salt makes the same chart the same
text each time.

A value given as None is one the table suppresses (fewer than 5): it is drawn as nothing and
labelled in words, so that the chart shows no more than its table."""

import io
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

from django.utils.html import escape  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from oversight.annual_report.suppression import FEWER_THAN_5  # noqa: E402

# The GOV.UK Design System's colours (govuk-frontend). Yellow is never used for text.
BLUE, DARK_BLUE, GREEN, RED = "#1d70b8", "#003078", "#00703c", "#d4351c"
ORANGE, YELLOW, PURPLE, BLACK, MID_GREY = "#f47738", "#ffdd00", "#4c2c92", "#0b0c0c", "#505a5f"
WHITE = "#ffffff"

RC = {
    "svg.hashsalt": "safeguarding-case-reviews",
    "svg.fonttype": "none",  # text stays text: read aloud, found in the PDF, scaled well
    "font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"], "font.size": 10,
    "text.color": BLACK, "axes.labelcolor": BLACK, "xtick.color": BLACK, "ytick.color": BLACK,
    "axes.edgecolor": MID_GREY, "axes.facecolor": WHITE, "figure.facecolor": WHITE,
    "savefig.facecolor": WHITE,
}
WIDTH = 7.5  # inches
LABEL_WIDTH = 38  # characters of a category's name before it wraps


@dataclass(frozen=True)
class Series:
    """One part of a stacked bar: its name in the legend, its colour and its values."""

    name: str
    colour: str
    values: Sequence[int | None]


def _value_label(value: int | None) -> str:
    return FEWER_THAN_5 if value is None else str(value)


def _drawn(values: Sequence[int | None]) -> list[int]:
    return [0 if value is None else value for value in values]


def _wrapped(label: str) -> str:
    return "\n".join(textwrap.wrap(label, LABEL_WIDTH)) or label


def _figure(height: float) -> Figure:
    return Figure(figsize=(WIDTH, height))


def _plain(axes, value_axis: str) -> None:
    """No box, whole numbers only, a value axis that starts at 0."""
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axis = axes.yaxis if value_axis == "y" else axes.xaxis
    axis.set_major_locator(MaxNLocator(integer=True))


def month_bars(*, labels: Sequence[str], values: Sequence[int | None], axis_label: str
               ) -> Figure:
    """A vertical bar for each month ("Apr 2025"), its value written on top."""
    with matplotlib.rc_context(RC):
        figure = _figure(3.2)
        axes = figure.add_subplot()
        drawn = _drawn(values)
        bars = axes.bar(range(len(labels)), drawn, color=BLUE)
        axes.set_xticks(range(len(labels)), [label.replace(" ", "\n") for label in labels])
        axes.bar_label(bars, labels=[_value_label(value).replace(" than", "\nthan")
                                     for value in values], padding=2, fontsize=8)
        axes.set_ylabel(axis_label)
        axes.set_ylim(0, max([*drawn, 1]) * 1.25)
        _plain(axes, "y")
        axes.tick_params(axis="x", labelsize=8)
    return figure


def category_bars(*, labels: Sequence[str], values: Sequence[int | None], axis_label: str,
                  colour: str = BLUE) -> Figure:
    """A horizontal bar for each category, in the order given, top to bottom."""
    with matplotlib.rc_context(RC):
        figure = _figure(1.0 + 0.5 * max(len(labels), 1))
        axes = figure.add_subplot()
        drawn = _drawn(values)
        bars = axes.barh([_wrapped(label) for label in labels], drawn, color=colour)
        axes.bar_label(bars, labels=[_value_label(value) for value in values], padding=3)
        axes.invert_yaxis()
        axes.set_xlabel(axis_label)
        axes.set_xlim(0, max([*drawn, 1]) * 1.3)
        _plain(axes, "x")
    return figure


def stacked_bars(*, labels: Sequence[str], series: Sequence[Series], axis_label: str
                 ) -> Figure:
    """A horizontal bar for each category made of the series end to end, with what each
    part counts written after the bar (so that a part too small to see is still read)."""
    with matplotlib.rc_context(RC):
        figure = _figure(1.4 + 0.7 * max(len(labels), 1))
        axes = figure.add_subplot()
        names = [_wrapped(label) for label in labels]
        left = [0] * len(labels)
        for part in series:
            drawn = _drawn(part.values)
            axes.barh(names, drawn, left=left, color=part.colour, label=part.name)
            left = [a + b for a, b in zip(left, drawn, strict=True)]
        for row, end in enumerate(left):
            said = ", ".join(f"{_value_label(part.values[row])} {part.name.lower()}"
                             for part in series)
            axes.annotate(said, (end, row), xytext=(4, 0), textcoords="offset points",
                          va="center", fontsize=8)
        axes.invert_yaxis()
        axes.set_xlabel(axis_label)
        axes.set_xlim(0, max([*left, 1]) * 1.1)
        axes.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=len(series),
                    frameon=False)
        _plain(axes, "x")
    return figure


# The files.

STYLE = re.compile(r' style="([^"]*)"')


def _attributes(match: re.Match) -> str:
    declarations = [part.split(":", 1) for part in match.group(1).split(";") if ":" in part]
    return "".join(f' {name.strip()}="{value.strip()}"' for name, value in declarations)


def svg(figure: Figure, *, name: str, title: str, description: str) -> str:
    """The chart as an <svg> element to put in a page, labelled by its title and its text
    alternative. ``name`` (a slug) is unique on the page."""
    out = io.StringIO()
    with matplotlib.rc_context(RC):
        figure.savefig(out, format="svg", bbox_inches="tight",
                       metadata={"Date": None, "Creator": None})
    text = out.getvalue()
    text = text[text.index("<svg"):]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
    text = re.sub(r"<defs>\s*<style[^>]*>.*?</style>\s*</defs>\s*", "", text, flags=re.S)
    text = STYLE.sub(_attributes, text)
    text = re.sub(r' id="([^"]+)"', rf' id="{name}-\1"', text)
    text = re.sub(r'href="#([^"]+)"', rf'href="#{name}-\1"', text)
    text = re.sub(r"url\(#([^)]+)\)", rf"url(#{name}-\1)", text)
    opening = text[:text.index(">") + 1]
    # The page sets the width; the height follows the viewBox.
    tag = re.sub(r' (width|height)="[^"]*"', "", opening)
    tag = tag.replace("<svg ", f'<svg role="img" aria-labelledby="{name}-title {name}-desc" '
                              'stroke-linejoin="round" stroke-linecap="butt" ', 1)
    labels = (f'<title id="{name}-title">{escape(title)}</title>'
              f'<desc id="{name}-desc">{escape(description)}</desc>')
    return tag + labels + text[len(opening):]


def png(figure: Figure, dpi: int = 150) -> bytes:
    out = io.BytesIO()
    with matplotlib.rc_context(RC):
        figure.savefig(out, format="png", dpi=dpi, bbox_inches="tight",
                       metadata={"Software": None})
    return out.getvalue()
