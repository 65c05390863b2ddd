"""Date arithmetic for due dates. Pure functions: the date is always passed in."""

import calendar
from datetime import date


def is_maandeinde(d: date) -> bool:
    return d.day == calendar.monthrange(d.year, d.month)[1]


def plus_maanden(d: date, maanden: int) -> date:
    """``d`` plus a number of months; the end of a month stays the end of a month (31-01 + 1 = 28/29-02)."""
    jaar, maand = divmod(d.month - 1 + maanden, 12)
    jaar += d.year
    maand += 1
    laatste = calendar.monthrange(jaar, maand)[1]
    dag = laatste if is_maandeinde(d) else min(d.day, laatste)
    return date(jaar, maand, dag)
