"""Access, the HTML report, exports (CSV and XLSX read back), the PDF, and constant query counts."""

import io
from decimal import Decimal as D

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from invordering import rollen
from monitoring.periodes import Periode
from monitoring.rapport import SECTIES, rapport_maak

from .gegevens import bekende_gegevens, bekende_signalen

pytestmark = pytest.mark.django_db

URL = reverse("monitoring:rapport")


def gebruiker_met_rol(django_user_model, rol: str | None, naam: str = "iemand"):
    rollen.rollen_bijwerken()
    g = django_user_model.objects.create_user(naam, f"{naam}@example.org", "wachtwoord-lang-genoeg")
    if rol:
        g.groups.add(Group.objects.get(name=rol))
    return g


@pytest.fixture
def teamleider(client, django_user_model):
    client.force_login(gebruiker_met_rol(django_user_model, rollen.TEAMLEIDER, "teamleider"))
    return client


def test_anoniem_naar_inloggen(client):
    antwoord = client.get(URL)
    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize(
    "url", [URL, reverse("monitoring:pdf"), reverse("monitoring:export", args=["kosten", "csv"])]
)
def test_medewerker_zonder_rol_krijgt_403(client, django_user_model, url):
    client.force_login(gebruiker_met_rol(django_user_model, rollen.MEDEWERKER))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("rol", [rollen.TEAMLEIDER, rollen.FUNCTIONEEL_BEHEER])
def test_teamleider_en_beheer_mogen(client, django_user_model, rol):
    client.force_login(gebruiker_met_rol(django_user_model, rol))
    assert client.get(URL).status_code == 200


def test_met_twee_factoren_eerst_de_code(teamleider, settings):
    """Production: a teamleider's session with the password alone goes back to the sign-in (which
    asks for the code); with the code the report opens."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.MEDEWERKER_2FA = True
    antwoord = teamleider.get(URL)
    assert antwoord.status_code == 302 and antwoord["Location"].startswith(reverse("admin:login"))
    apparaat = TOTPDevice.objects.create(user=get_user_model().objects.get(username="teamleider"), name="app")
    sessie = teamleider.session
    sessie["otp_device_id"] = apparaat.persistent_id
    sessie.save()
    assert teamleider.get(URL).status_code == 200


def test_rapport_toont_cijfers_en_grafieken(teamleider):
    bekende_gegevens()
    antwoord = teamleider.get(URL, {"jaar": "2026", "groep": "woonplaats"})
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "Bellen, huisbezoek en bereik" in html
    assert "€ 446,00" in html  # received in 2026, total row
    assert "66,7%" in html  # reach
    assert html.count("<svg") >= 3
    assert 'id="grafiek-contact-bereik_pct"' in html


def test_ongeldige_periode_geeft_melding(teamleider):
    antwoord = teamleider.get(URL, {"van": "2026-05-01", "tot": "2026-04-01"})
    assert antwoord.status_code == 400
    assert "ligt na de einddatum" in antwoord.content.decode()


def test_export_csv_exact(teamleider):
    bekende_gegevens()
    antwoord = teamleider.get(reverse("monitoring:export", args=["contact", "csv"]), {"jaar": "2026"})
    assert antwoord["Content-Type"].startswith("text/csv")
    assert 'filename="monitoring-contact-20260101-20261231-totaal.csv"' in antwoord["Content-Disposition"]
    regels = antwoord.content.decode("utf-8-sig").splitlines()
    assert regels[0].split(";")[:5] == [
        "Alles samen",
        "belpogingen",
        "inwoners gebeld",
        "inwoners bereikt",
        "% bereik",
    ]
    assert regels[1].split(";")[:5] == ["Totaal", "4", "3", "2", "66,7"]
    assert len(regels) == 2


@pytest.mark.parametrize("sectie", [*SECTIES, "maandtrend"])
def test_elke_tabel_als_csv_en_xlsx(teamleider, sectie):
    for formaat in ("csv", "xlsx"):
        antwoord = teamleider.get(reverse("monitoring:export", args=[sectie, formaat]), {"jaar": "2026"})
        assert antwoord.status_code == 200, (sectie, formaat)


def test_export_xlsx_leest_terug(teamleider):
    from openpyxl import load_workbook

    bekende_gegevens()
    antwoord = teamleider.get(
        reverse("monitoring:export", args=["alles", "xlsx"]), {"jaar": "2026", "groep": "woonplaats"}
    )
    boek = load_workbook(io.BytesIO(antwoord.content))
    assert len(boek.sheetnames) == len(SECTIES) + 1
    blad = boek["Aanslagen en betalingen"]
    rijen = list(blad.iter_rows(min_row=5, values_only=True))
    assert rijen[0][:3] == ("Woonplaats", "aanslagen", "opgelegd")
    per_groep = {r[0]: r for r in rijen[1:]}
    assert per_groep["Zwolle"][1] == 2
    assert D(str(per_groep["Zwolle"][2])) == D("450.00")
    assert per_groep["Totaal"][1] == 4


def test_vroegsignalering_op_pagina_en_als_csv(teamleider):
    bekende_signalen()
    html = teamleider.get(URL, {"jaar": "2026"}).content.decode()
    assert "Vroegsignalering: signalen, schuldhulp en warme verwijzingen" in html
    assert "signalen doorgegeven" in html and "warme verwijzingen" in html
    assert 'id="grafiek-vroegsignalering-vj"' in html
    assert "Vroegsignalering: deze periode en vorig jaar" in html
    antwoord = teamleider.get(
        reverse("monitoring:export", args=["vroegsignalering", "csv"]),
        {"jaar": "2026", "groep": "woonplaats"},
    )
    regels = antwoord.content.decode("utf-8-sig").splitlines()
    kop = regels[0].split(";")
    assert kop[:4] == [
        "Woonplaats",
        "signalen ontstaan",
        "signalen doorgegeven",
        "signalen doorgegeven vorig jaar",
    ]
    per_groep = {r.split(";")[0]: dict(zip(kop, r.split(";"), strict=True)) for r in regels[1:]}
    assert list(per_groep) == ["Kampen", "Zwolle", "Totaal"]
    assert per_groep["Totaal"]["signalen doorgegeven"] == "3"
    assert per_groep["Totaal"]["hulp aanvaard"] == "1"
    assert per_groep["Totaal"]["% hulp aanvaard (van afgerond)"] == "50,0"
    assert per_groep["Zwolle"]["warme verwijzingen"] == "1"
    assert per_groep["Kampen"]["adempauze gevraagd"] == "1"


def test_onbekende_export_is_404(teamleider):
    assert teamleider.get("/monitoring/export/bestaat_niet.csv").status_code == 404
    assert teamleider.get("/monitoring/export/alles.csv").status_code == 404


def test_pdf(teamleider):
    from monitoring.pdf import rapport_pdf
    from monitoring.weergave import grafieken_voor

    bekende_gegevens()
    bekende_signalen()
    antwoord = teamleider.get(reverse("monitoring:pdf"), {"jaar": "2026"})
    assert antwoord["Content-Type"] == "application/pdf"
    assert antwoord.content.startswith(b"%PDF")
    r = rapport_maak(periode=Periode.jaar(2026))
    html, _pdf = rapport_pdf({"periode": r.periode, "rapport": r, "grafieken": grafieken_voor(r)})
    assert "Invorderbaten" in html and "€ 64,00" in html
    assert "Vroegsignalering: signalen, schuldhulp en warme verwijzingen" in html


def _meer_gegevens(aantal: int):
    for _ in range(aantal):
        bekende_gegevens()
        bekende_signalen()


def test_aantal_queries_constant(django_assert_num_queries):
    """The report costs the same number of queries for 4 residents and for 12 (and for a million)."""
    periode = Periode.jaar(2026)
    verwacht = 28  # 6 of them early warning: three grouped queries, this year and last
    _meer_gegevens(1)
    for groep in ("totaal", "woonplaats"):
        with django_assert_num_queries(verwacht):
            rapport_maak(periode=periode, dimensie=groep)
    _meer_gegevens(2)
    with django_assert_num_queries(verwacht):
        r = rapport_maak(periode=periode, dimensie="woonplaats")
    assert r.tabel("contact").waarde("gebeld") == 12 + 3  # four per data set, one per signal set
    assert r.tabel("vroegsignalering").totaal.waarde("verwijzingen") == 9  # three per signal set


def test_snapshot_geeft_dezelfde_cijfers_in_een_query(django_assert_num_queries):
    from datetime import date, datetime

    from django.utils import timezone

    from monitoring.rapport import rapport_lees, snapshots_bijwerken, standaardperiodes

    bekende_gegevens()
    bekende_signalen()
    nu = timezone.make_aware(datetime(2027, 1, 2, 2, 30))
    assert standaardperiodes(datum=date(2027, 1, 2)) == [
        Periode(date(2027, 1, 1), date(2027, 1, 1)),
        Periode.jaar(2026),
    ]
    assert standaardperiodes(datum=date(2027, 1, 1)) == [Periode.jaar(2026)]
    assert snapshots_bijwerken(datum=date(2027, 1, 2), nu=nu) == 2 * 5  # two periods, five groupings
    live = rapport_maak(periode=Periode.jaar(2026), dimensie="woonplaats")
    with django_assert_num_queries(1):
        bewaard = rapport_lees(periode=Periode.jaar(2026), dimensie="woonplaats")
    assert bewaard.snapshot_op == nu
    for t_live, t_bewaard in zip(live.tabellen, bewaard.tabellen, strict=True):
        assert t_bewaard.kolommen == t_live.kolommen
        assert [(r.groep, r.waarden) for r in t_bewaard.alle_rijen()] == [
            (r.groep, r.waarden) for r in t_live.alle_rijen()
        ]
    assert [r.waarden for r in bewaard.trend.rijen] == [r.waarden for r in live.trend.rijen]
    assert bewaard.tabel("vroegsignalering").totaal.waarde("doorgegeven") == 3
    # A second run replaces the snapshot instead of adding one.
    assert snapshots_bijwerken(datum=date(2027, 1, 2), nu=nu) == 10
    from monitoring.models import Rapportsnapshot

    assert Rapportsnapshot.objects.count() == 10


def test_pagina_meldt_snapshot_en_vers_rekent_opnieuw(teamleider):
    from datetime import datetime

    from django.utils import timezone

    from monitoring.rapport import snapshot_maak

    bekende_gegevens()
    snapshot_maak(
        periode=Periode.jaar(2026), dimensie="totaal", nu=timezone.make_aware(datetime(2027, 1, 2, 2, 30))
    )
    html = teamleider.get(URL, {"jaar": "2026"}).content.decode()
    assert "berekend op 02-01-2027 02:30" in html
    html = teamleider.get(URL, {"jaar": "2026", "vers": "1"}).content.decode()
    assert "berekend op" not in html


def test_command_snapshots(capsys):
    from django.core.management import call_command

    call_command("monitoring_snapshots", "--datum", "2026-06-01")
    assert "10 rapporten berekend" in capsys.readouterr().out
