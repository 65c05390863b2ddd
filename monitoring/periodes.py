"""Report periods: a closed date range, parsed from the query string, and the same range a year back."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

FOUT_DATUM = "De datum '{waarde}' in '{veld}' is geen geldige datum (JJJJ-MM-DD)."
FOUT_VOLGORDE = "De begindatum ({van}) ligt na de einddatum ({tot})."
FOUT_TE_LANG = "Een periode is hoogstens vijf jaar lang."
MAX_DAGEN = 5 * 366


class OngeldigePeriode(ValueError):
    pass


def _jaar_terug(d: date) -> date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year - 1, day=28)


@dataclass(frozen=True)
class Periode:
    """From ``van`` up to and including ``tot``."""

    van: date
    tot: date

    def __post_init__(self):
        if self.van > self.tot:
            raise OngeldigePeriode(FOUT_VOLGORDE.format(van=self.van, tot=self.tot))
        if (self.tot - self.van).days > MAX_DAGEN:
            raise OngeldigePeriode(FOUT_TE_LANG)

    @classmethod
    def jaar(cls, jaar: int) -> Periode:
        return cls(date(jaar, 1, 1), date(jaar, 12, 31))

    @classmethod
    def maand(cls, jaar: int, maand: int) -> Periode:
        return cls(date(jaar, maand, 1), date(jaar, maand, calendar.monthrange(jaar, maand)[1]))

    def vorig_jaar(self) -> Periode:
        return Periode(_jaar_terug(self.van), _jaar_terug(self.tot))

    def maanden(self) -> list[date]:
        """The first day of every month the period touches, in order."""
        uit, d = [], self.van.replace(day=1)
        while d <= self.tot:
            uit.append(d)
            d = (d + timedelta(days=32)).replace(day=1)
        return uit

    @property
    def label(self) -> str:
        if self.van == date(self.van.year, 1, 1) and self.tot == date(self.van.year, 12, 31):
            return str(self.van.year)
        return _("%(van)s t/m %(tot)s") % {
            "van": self.van.strftime("%d-%m-%Y"),
            "tot": self.tot.strftime("%d-%m-%Y"),
        }

    def als_query(self) -> dict[str, str]:
        return {"van": self.van.isoformat(), "tot": self.tot.isoformat()}


def _lees_datum(waarde: str, veld: str) -> date:
    try:
        return date.fromisoformat(waarde)
    except ValueError:
        raise OngeldigePeriode(FOUT_DATUM.format(waarde=waarde, veld=veld)) from None


def periode_uit_query(query, *, vandaag: date) -> Periode:
    """``?van=&tot=`` or ``?jaar=``; without either, this calendar year up to yesterday (the last complete
    day, which the nightly snapshot holds)."""
    van, tot, jaar = query.get("van"), query.get("tot"), query.get("jaar")
    if van or tot:
        return Periode(
            _lees_datum(van, "van") if van else date(vandaag.year, 1, 1),
            _lees_datum(tot, "tot") if tot else vandaag,
        )
    if jaar:
        if not jaar.isdigit() or not 2000 <= int(jaar) <= 2100:
            raise OngeldigePeriode(FOUT_DATUM.format(waarde=jaar, veld="jaar"))
        return Periode.jaar(int(jaar))
    return Periode(date(vandaag.year, 1, 1), max(vandaag - timedelta(days=1), date(vandaag.year, 1, 1)))
