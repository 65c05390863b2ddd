from .betalen import (
    Bankafschrift,
    Bankmutatie,
    Betalingsregeling,
    Incassobatch,
    Incassopost,
    Machtiging,
    Regelingbeleid,
    RegelingGebeurtenis,
    RegelingTermijn,
    Terugbetaling,
)
from .bvv import AowLeeftijd, BvvMaximum, BvvRekenregel, VastgesteldeBvv
from .contact import Contact, Gegevenswijziging, Pauze, Taak
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
from .keten import Invorderingsbeleid, Ketenstand, Ketenstap, Kostentarief
from .tarieven import Bijstandsnorm
from .verwerking import Verwerking

__all__ = [
    "Aanslag",
    "AanslagRegel",
    "AowLeeftijd",
    "Bankafschrift",
    "Bankmutatie",
    "Belastingplichtige",
    "Belastingsoort",
    "Betaling",
    "Betalingsregeling",
    "Bijstandsnorm",
    "Boeking",
    "BvvMaximum",
    "BvvRekenregel",
    "Contact",
    "Gegevenswijziging",
    "Incassobatch",
    "Incassopost",
    "Invorderingsbeleid",
    "Inkomensgegeven",
    "Ketenstand",
    "Ketenstap",
    "Kostentarief",
    "Machtiging",
    "Pauze",
    "Regelingbeleid",
    "RegelingGebeurtenis",
    "RegelingTermijn",
    "Taak",
    "Termijn",
    "Terugbetaling",
    "Toestemming",
    "VastgesteldeBvv",
    "Verwerking",
]
