from .contact import Contact, Pauze, Taak
from .kern import (
    Aanslag,
    AanslagRegel,
    Belastingplichtige,
    Belastingsoort,
    Betaling,
    Boeking,
    Inkomensgegeven,
    Termijn,
    Toestemming,
)
from .tarieven import Bijstandsnorm

__all__ = [
    "Aanslag",
    "AanslagRegel",
    "Belastingplichtige",
    "Belastingsoort",
    "Betaling",
    "Bijstandsnorm",
    "Boeking",
    "Contact",
    "Inkomensgegeven",
    "Pauze",
    "Taak",
    "Termijn",
    "Toestemming",
]
