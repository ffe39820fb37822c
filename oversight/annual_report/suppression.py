"""Small-number suppression (issue 15 item 5): a count from 1 to 4 could point to a child,
so the annual report shows it as "fewer than 5" everywhere it appears, totals included,
and its charts draw it as nothing."""

FEWER_THAN_5 = "fewer than 5"
SMALLEST_SHOWN = 5


def is_suppressed(n: int) -> bool:
    return 0 < n < SMALLEST_SHOWN


def suppressed(n: int) -> str:
    """0 -> "0", 1 to 4 -> "fewer than 5", otherwise the number."""
    return FEWER_THAN_5 if is_suppressed(n) else str(n)


def plotted(n: int) -> int | None:
    """The value a chart draws: None for a suppressed count, which is drawn as nothing."""
    return None if is_suppressed(n) else n
