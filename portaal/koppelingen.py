"""Functions of other apps that are built in parallel (communicatie QR/PDF/letters, the debt overview,
vroegsignalering, the chain's timeline). Each returns ``None`` while its app does not provide it yet, so a
page can say "not yet available" instead of failing. Once merged, these are plain calls."""

from __future__ import annotations

from importlib import import_module


def _functie(module: str, naam: str):
    try:
        return getattr(import_module(module), naam)
    except (ImportError, AttributeError):
        return None


def epc_payload():
    return _functie("communicatie.qr", "epc_payload")


def qr_svg():
    return _functie("communicatie.qr", "qr_svg")


def brieven_voor():
    return _functie("communicatie.selectors", "brieven_voor")


def pdf_voor():
    return _functie("communicatie.pdf", "pdf_voor")


def schuldenoverzicht():
    return _functie("invordering.schuldenoverzicht", "schuldenoverzicht")


def schuldenoverzicht_sturen():
    return _functie("invordering.schuldenoverzicht", "schuldenoverzicht_sturen")


def ik_kan_niet_betalen():
    return _functie("vroegsignalering.services", "ik_kan_niet_betalen")


def verwijzingen_van():
    return _functie("vroegsignalering.selectors", "verwijzingen_van")


def tijdlijn():
    return _functie("invordering.keten", "tijdlijn")
