"""Worklists: counts, overdue first and marked, filters, assignment, unmatched payments, jobs page."""

import re
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.urls import reverse

from invordering import services
from invordering.constants import BankmutatieStatus, Betaalbron, BetalingStatus, TaakSoort
from invordering.models import Bankafschrift, Bankmutatie, Betaling, Taak
from medewerker import werkbakken
from medewerker.models import Dossieractie
from tests.invordering.factories import BankafschriftFactory, BankmutatieFactory, BelastingplichtigeFactory

from .conftest import VANDAAG, als

pytestmark = pytest.mark.django_db


def taak(persoon, soort=TaakSoort.VOORBELLEN_AANMANING, dagen=0, **kwargs):
    return services.taak_maak(
        soort=soort,
        belastingplichtige=persoon,
        datum=VANDAAG - timedelta(days=10),
        deadline=VANDAAG + timedelta(days=dagen),
        **kwargs,
    )


def test_tellingen_per_werkbak_met_te_laat_en_van_mij(medewerker, persoon):
    te_laat = taak(persoon, dagen=-2)
    taak(persoon, soort=TaakSoort.VOORBELLEN_DWANGBEVEL, dagen=3)
    taak(persoon, soort=TaakSoort.HUISBEZOEK, dagen=1)
    afgerond = taak(persoon, soort=TaakSoort.HUISBEZOEK, dagen=-5)
    services.taak_afronden(taak=afgerond, datum=VANDAAG)
    Taak.objects.filter(pk=te_laat.pk).update(toegewezen_aan=medewerker)
    per = {t.sleutel: t for t in werkbakken.tellingen(gebruiker=medewerker, vandaag=VANDAAG)}
    assert (per["voorbellen"].totaal, per["voorbellen"].te_laat, per["voorbellen"].van_mij) == (2, 1, 1)
    assert (per["huisbezoek"].totaal, per["huisbezoek"].te_laat) == (1, 0)
    assert "vier_ogen" not in per  # an officer does not approve


def test_tellingen_van_niet_gekoppelde_betalingen_en_de_links(client, medewerker):
    """Unmatched bank entries: all of them, those booked before this month overdue; matched or handled
    ones not counted. The start page links every row to its list."""
    afschrift = BankafschriftFactory()
    vorige_maand = VANDAAG.replace(day=1) - timedelta(days=1)
    BankmutatieFactory(afschrift=afschrift, boekdatum=VANDAAG)
    BankmutatieFactory(afschrift=afschrift, boekdatum=vorige_maand)
    BankmutatieFactory(afschrift=afschrift, boekdatum=vorige_maand, status=BankmutatieStatus.AFGEHANDELD)
    per = {t.sleutel: t for t in werkbakken.tellingen(gebruiker=medewerker, vandaag=VANDAAG)}
    assert (per["betalingen"].totaal, per["betalingen"].te_laat) == (2, 1)
    assert per["betalingen"].url == reverse("medewerker:betalingen")
    assert per["voorbellen"].url == reverse("medewerker:werkbak", args=["voorbellen"])
    tekst = als(client, medewerker).get(reverse("medewerker:start")).content.decode()
    assert f'href="{reverse("medewerker:betalingen")}"' in tekst
    assert f'href="{reverse("medewerker:werkbak", args=["voorbellen"])}?toegewezen=mij"' in tekst
    assert f'href="{reverse("medewerker:terugkoppelingen")}"' in tekst


def test_tellingen_lezen_alleen_kolommen_van_de_telindex(medewerker, persoon):
    """The grouped count reads only columns of the partial index taak_open_werkbak_telling (soort,
    deadline, toegewezen_aan_id, status), so PostgreSQL can count from the index alone."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    taak(persoon)
    with CaptureQueriesContext(connection) as ctx:
        werkbakken.tellingen(gebruiker=medewerker, vandaag=VANDAAG)
    telling = next(q["sql"] for q in ctx.captured_queries if "invordering_taak" in q["sql"])
    kolommen = set(re.findall(r'"invordering_taak"\."(\w+)"', telling))
    assert kolommen == {"soort", "deadline", "toegewezen_aan_id", "status"}


def test_de_telling_gebruikt_de_telindex_ook_als_voorbereide_statement(medewerker, persoon):
    """The count runs prepared; after five executions PostgreSQL may switch to a generic plan, which
    can use the partial index only when the statement names the index's statuses itself. With the
    statuses as parameters that plan read the whole table (forced generic here)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plan cache")
    index = next(i for i in Taak._meta.indexes if i.name == "taak_open_werkbak_telling")
    statussen = ", ".join(f"'{s}'" for s in index.condition.children[0][1])
    assert f"({statussen})" == werkbakken.OPEN_STATUSSEN  # the index's own condition
    taak(persoon)
    with CaptureQueriesContext(connection) as ctx:
        werkbakken.tellingen(gebruiker=medewerker, vandaag=VANDAAG)
    sql = next(q["sql"] for q in ctx.captured_queries if "invordering_taak" in q["sql"])
    assert "$1" in sql  # the prepared statement's text, placeholders and all
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: show which index the plan can use
        cursor.execute(f"PREPARE telling AS {sql}")
        aantal = max(int(n) for n in re.findall(r"\$(\d+)", sql))
        cursor.execute(f"EXPLAIN (COSTS OFF) EXECUTE telling ({', '.join(['NULL'] * aantal)})")
        plan = "\n".join(r[0] for r in cursor.fetchall())
        cursor.execute("DEALLOCATE telling")
    # One of the two partial indexes of open tasks (which one is the planner's choice on a tiny table;
    # on 50,000 open tasks it is the index-only count).
    taak_deel = plan.split("Subquery Scan")[0]
    assert re.search(r"(using|on) taak_open_werkbak_", taak_deel), plan


def test_deurwaarder_meldt_oninbaar_bij_de_medewerker_het_voorstel_bij_de_teamleider(
    medewerker, teamleider, persoon
):
    """The bailiff's report is a reason for an officer to propose a write-off; only the proposal's
    four-eyes task reaches the teamleider."""
    taak(persoon, soort=TaakSoort.DEURWAARDER_ONINBAAR)
    taak(persoon, soort=TaakSoort.ONINBAAR_BEOORDELEN)
    van_medewerker = {
        t.sleutel: t.totaal for t in werkbakken.tellingen(gebruiker=medewerker, vandaag=VANDAAG)
    }
    van_teamleider = {
        t.sleutel: t.totaal for t in werkbakken.tellingen(gebruiker=teamleider, vandaag=VANDAAG)
    }
    assert van_medewerker["deurwaarder"] == 1 and "vier_ogen" not in van_medewerker
    assert van_teamleider["vier_ogen"] == 1


def test_werkbak_toont_te_laat_eerst_en_gemarkeerd(client, medewerker, persoon):
    later = taak(persoon, dagen=5, toelichting="later")
    eerst = taak(persoon, dagen=-1, toelichting="eerst")
    antwoord = als(client, medewerker).get(reverse("medewerker:werkbak", args=["voorbellen"]))
    assert [t.pk for t in antwoord.context["pagina"]] == [eerst.pk, later.pk]
    tekst = antwoord.content.decode()
    assert tekst.count('class="te-laat"') == 1
    assert "€ 450,00" in tekst  # what the resident owes in total, across aanslagen
    alleen_te_laat = client.get(reverse("medewerker:werkbak", args=["voorbellen"]), {"te_laat": "1"})
    assert [t.pk for t in alleen_te_laat.context["pagina"]] == [eerst.pk]


# The row markup werkbak.html printed with the template engine before the rows were built in Python.
RIJ_SJABLOON = """{% load i18n %}{% translate "Kies taak" as kies %}{% translate "te laat" as te_laat %}{% translate "in behandeling" as in_behandeling %}{% for taak in pagina %}
    <tr{% if taak.te_laat %} class="te-laat"{% endif %}>
      <td><input type="checkbox" name="taak" value="{{ taak.pk }}" aria-label="{{ kies }} {{ taak.pk }}"></td>
      <td>{% if taak.deadline %}{{ taak.deadline|date:"d-m-Y" }}{% if taak.te_laat %} <strong class="label-te-laat">{{ te_laat }}</strong>{% endif %}{% else %}–{% endif %}</td>
      <td><a href="{% url 'medewerker:dossier' taak.belastingplichtige_id %}?via={{ via }}">{{ taak.belastingplichtige.naam }}</a>{% if taak.andere_taken %} <span class="label-meer">{% blocktranslate count n=taak.andere_taken %}nog {{ n }} taak{% plural %}nog {{ n }} taken{% endblocktranslate %}</span>{% endif %}</td>
      <td>{{ taak.soort_label }}{% if taak.aanslag %} · {{ taak.aanslag.aanslagnummer }}{% endif %}{% if taak.status == "in_behandeling" %} <em>({{ in_behandeling }})</em>{% endif %}</td>
      <td class="getal">€ {{ taak.openstaand_totaal }}</td>
      <td>{{ taak.toegewezen_naam|default:"–" }}</td>
      <td>{{ taak.toelichting|truncatechars:80 }}</td>
    </tr>{% endfor %}"""


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_rijen_zijn_dezelfde_html_als_het_sjabloon(medewerker, persoon, taal):
    from django.template import engines
    from django.utils import translation

    andere = BelastingplichtigeFactory(voorletters="<b>", achternaam="O'Neil & Zn")
    services.taak_maak(
        soort=TaakSoort.HUISBEZOEK,
        belastingplichtige=andere,
        datum=VANDAAG,
        deadline=None,
        toelichting="<script>" + "lang " * 30,
    )
    taak(persoon, dagen=-3, aanslag=persoon.aanslagen.first(), toelichting="a & b")
    in_behandeling = taak(persoon, soort=TaakSoort.VOORBELLEN_DWANGBEVEL, dagen=2)
    Taak.objects.filter(pk=in_behandeling.pk).update(status="in_behandeling", toegewezen_aan=medewerker)
    bak = werkbakken.Werkbak("alles", "alles", tuple(TaakSoort.values))
    with translation.override(taal):
        pagina = werkbakken.pagina_lezen(
            werkbakken.taken(werkbak=bak, gebruiker=medewerker, vandaag=VANDAAG, filters={})[:50],
            vandaag=VANDAAG,
            soorten=bak.soorten,
        )
        via = "werkbak:<x>"
        verwacht = engines["django"].from_string(RIJ_SJABLOON).render({"pagina": pagina, "via": via})
        rijen = werkbakken.rijen(pagina, via=via)
    assert len(rijen) == 3
    assert [t.andere_taken for t in pagina].count(1) == 2  # the resident's two tasks name each other
    assert "".join(f"\n    {r}" for r in rijen) == verwacht


def test_medewerker_neemt_een_taak_maar_wijst_niet_aan_een_ander_toe(client, medewerker, collega, persoon):
    t = taak(persoon)
    als(client, medewerker)
    client.post(reverse("medewerker:toewijzen"), {"taak": [t.pk], "aan": "mij"})
    t.refresh_from_db()
    assert t.toegewezen_aan == medewerker
    assert (
        client.post(reverse("medewerker:toewijzen"), {"taak": [t.pk], "aan": collega.pk}).status_code == 403
    )
    # A colleague cannot take it away from the officer who has it; nothing changed, nothing logged.
    als(client, collega).post(reverse("medewerker:toewijzen"), {"taak": [t.pk], "aan": "mij"})
    t.refresh_from_db()
    assert t.toegewezen_aan == medewerker
    assert list(Dossieractie.objects.values_list("gebruiker", "belastingplichtige", "omschrijving")) == [
        (medewerker.pk, persoon.pk, "Toegewezen aan Mila Medewerker")
    ]


def test_twee_belafspraken_met_een_inwoner_staan_bij_elkaar_en_gaan_samen_naar_een_medewerker(
    client, medewerker, persoon
):
    """Seed 003, the whole customer: a resident with calls about two aanslagen is marked on each row,
    and the officer who takes one call takes the other along (the message says so)."""
    eerste, tweede = taak(persoon, dagen=1), taak(persoon, soort=TaakSoort.VOORBELLEN_DWANGBEVEL, dagen=9)
    taak(persoon, soort=TaakSoort.HUISBEZOEK)  # another worklist: not counted on the call rows
    ander = taak(BelastingplichtigeFactory())
    als(client, medewerker)
    lijst = client.get(reverse("medewerker:werkbak", args=["voorbellen"]))
    assert {t.pk: t.andere_taken for t in lijst.context["pagina"]} == {
        eerste.pk: 1,
        tweede.pk: 1,
        ander.pk: 0,
    }
    assert lijst.content.decode().count('<span class="label-meer">nog 1 taak</span>') == 2

    antwoord = client.post(reverse("medewerker:toewijzen"), {"taak": [eerste.pk], "aan": "mij"}, follow=True)
    assert "2 taken toegewezen. Er kwam 1 taak mee" in antwoord.content.decode()
    assert {t.pk: t.toegewezen_aan_id for t in Taak.objects.filter(soort__startswith="voorbellen")} == {
        eerste.pk: medewerker.pk,
        tweede.pk: medewerker.pk,
        ander.pk: None,
    }


def test_teamleider_verdeelt_het_werk(client, teamleider, collega, persoon):
    taken = [taak(persoon), taak(persoon, soort=TaakSoort.HUISBEZOEK)]
    als(client, teamleider).post(
        reverse("medewerker:toewijzen"), {"taak": [t.pk for t in taken], "aan": collega.pk}
    )
    assert set(Taak.objects.values_list("toegewezen_aan", flat=True)) == {collega.pk}
    mijn = client.get(reverse("medewerker:werkbak", args=["huisbezoek"]), {"toegewezen": collega.pk})
    assert [t.pk for t in mijn.context["pagina"]] == [taken[1].pk]


def test_niet_gekoppelde_betaling_koppelen_boekt_op_de_aanslag(client, medewerker, persoon):
    aanslag = persoon.aanslagen.order_by("-belastingjaar").first()
    afschrift = Bankafschrift.objects.create(rekening="NL44RABO0123456789", afschrift_id="A1")
    betaling = Betaling.objects.create(
        datum=VANDAAG,
        bedrag=D("100.00"),
        bron=Betaalbron.BANK,
        referentie="b1",
        status=BetalingStatus.ONGEMATCHT,
    )
    mutatie = Bankmutatie.objects.create(
        afschrift=afschrift,
        referentie="m1",
        positie="1",
        boekdatum=VANDAAG,
        bedrag=D("100.00"),
        status=BankmutatieStatus.ONGEMATCHT,
        betaling=betaling,
        tegenrekening_naam="J Bakker",
    )
    als(client, medewerker)
    assert "J Bakker" in client.get(reverse("medewerker:betalingen")).content.decode()
    client.post(
        reverse("medewerker:betaling_behandelen", args=[mutatie.pk]),
        {"actie": "koppelen", "zoekterm": aanslag.aanslagnummer},
    )
    mutatie.refresh_from_db()
    aanslag.refresh_from_db()
    assert mutatie.status == BankmutatieStatus.GEKOPPELD and mutatie.behandeld_door == medewerker
    assert aanslag.openstaand == D("200.00")


def test_afhandelen_vraagt_een_toelichting(client, medewerker):
    afschrift = Bankafschrift.objects.create(rekening="NL44RABO0123456789", afschrift_id="A1")
    mutatie = Bankmutatie.objects.create(
        afschrift=afschrift,
        referentie="m1",
        positie="1",
        boekdatum=VANDAAG,
        bedrag=D("-2.50"),
        status=BankmutatieStatus.ONGEMATCHT,
    )
    als(client, medewerker)
    client.post(
        reverse("medewerker:betaling_behandelen", args=[mutatie.pk]),
        {"actie": "afhandelen", "toelichting": ""},
    )
    mutatie.refresh_from_db()
    assert mutatie.status == BankmutatieStatus.ONGEMATCHT
    client.post(
        reverse("medewerker:betaling_behandelen", args=[mutatie.pk]),
        {"actie": "afhandelen", "toelichting": "Bankkosten"},
    )
    mutatie.refresh_from_db()
    assert mutatie.status == BankmutatieStatus.AFGEHANDELD


def test_verwerkingen_pagina_toont_afschriften_met_uitkomst(client, medewerker):
    afschrift = BankafschriftFactory(bestand="dag.xml")
    for status in [BankmutatieStatus.GEKOPPELD, BankmutatieStatus.GEKOPPELD, BankmutatieStatus.ONGEMATCHT]:
        BankmutatieFactory(afschrift=afschrift, boekdatum=VANDAAG, status=status)
    antwoord = als(client, medewerker).get(reverse("medewerker:verwerkingen"))
    assert antwoord.status_code == 200
    rij = antwoord.context["afschriften"][0]
    assert (rij.totaal, rij.gekoppeld, rij.ongematcht) == (3, 2, 1)


def test_verwerkingen_met_voortgangsbalk_en_verslag(client, medewerker):
    from invordering import verwerkingen
    from invordering.constants import VerwerkingSoort

    klaar = verwerkingen.verwerking_start(soort=VerwerkingSoort.KETEN, datum=VANDAAG, totaal=200)
    verwerkingen.verwerking_voortgang(klaar, 200)
    verwerkingen.verwerking_klaar(klaar, {"stappen": {"aanmaning": 12}, "brieven": 12})
    bezig = verwerkingen.verwerking_start(soort=VerwerkingSoort.IMPORT_CAMT053, datum=VANDAAG, totaal=400)
    verwerkingen.verwerking_voortgang(bezig, 100)
    antwoord = als(client, medewerker).get(reverse("medewerker:verwerkingen"))
    tekst = antwoord.content.decode()
    assert 'http-equiv="refresh"' in tekst  # a job is running: the page refreshes itself
    assert '<progress max="100" value="25">' in tekst
    assert '<progress max="100" value="100">' in tekst
    assert "stappen.aanmaning: 12" in tekst and "Dagelijkse invorderingsrun" in tekst
    verwerkingen.verwerking_fout(bezig, "Bestand onleesbaar op regel 7")
    tekst = client.get(reverse("medewerker:verwerkingen")).content.decode()
    assert "Bestand onleesbaar op regel 7" in tekst and 'http-equiv="refresh"' not in tekst


def test_vaste_en_dossier_urls_zoals_reverse():
    """The cached URL tags give what {% url %} gives, for any id (also one that looks like ZETEL's
    digits) and under a script prefix."""
    from django.urls import set_script_prefix

    from medewerker.templatetags.medewerker_urls import ZETEL, dossier_url, vaste_url

    for naam in ("medewerker:start", "medewerker:zoeken", "medewerker:uitloggen", "medewerker:toewijzen"):
        assert vaste_url(naam) == reverse(naam)
    for naam in (
        "medewerker:dossier",
        "medewerker:regeling",
        "medewerker:contactgegevens",
        "medewerker:pauze",
    ):
        for pk in (1, 42, 987, ZETEL, 10**15):
            assert dossier_url(naam, pk) == reverse(naam, args=[pk])
    try:
        set_script_prefix("/belastingen/")
        assert vaste_url("medewerker:start") == reverse("medewerker:start") == "/belastingen/medewerker/"
        assert dossier_url("medewerker:dossier", 7) == reverse("medewerker:dossier", args=[7])
    finally:
        set_script_prefix("/")
