from datetime import date, timedelta

from django.core.management import call_command

from vroegsignalering import services, tasks
from vroegsignalering.constants import SignaalStatus
from vroegsignalering.models import Signaal

from .conftest import persoon_met_achterstand, poging, toestemming

D1 = date(2026, 5, 20)


def opzet(aantal):
    for _ in range(aantal):
        p = persoon_met_achterstand("150.00", "120.00")  # achterstand_bedrag
        poging(p, D1)
        toestemming(p, D1)
        persoon_met_achterstand("50.00", "60.00", jaren=[2025, 2026])  # meerjarig, no consent
        q = persoon_met_achterstand("80.00")  # geen contact
        poging(q, date(2026, 5, 10))
        poging(q, date(2026, 5, 15))
        persoon_met_achterstand("10.00")  # nothing


def test_dagelijkse_run_met_vast_aantal_queries(beleid, django_assert_max_num_queries):
    opzet(1)
    services.signalen_bepalen(datum=date(2026, 6, 1))  # signals in preparation exist from here on
    opzet(2)
    with django_assert_max_num_queries(40) as klein:
        verslag = services.signalen_bepalen(datum=date(2026, 6, 1))
    assert (verslag.nieuw, verslag.gereed, verslag.al_gesignaleerd) == (6, 2, 3)
    opzet(8)
    with django_assert_max_num_queries(40) as groot:
        verslag = services.signalen_bepalen(datum=date(2026, 6, 1))
    assert (verslag.nieuw, verslag.gereed, verslag.al_gesignaleerd) == (24, 8, 9)
    assert len(groot.captured_queries) == len(klein.captured_queries)
    # A rerun: nothing new, same constant cost.
    with django_assert_max_num_queries(len(klein.captured_queries)):
        verslag = services.signalen_bepalen(datum=date(2026, 6, 1))
    assert verslag.nieuw == 0
    assert Signaal.objects.filter(status=SignaalStatus.GEREED).count() == 11


def test_commando_en_taak_roepen_dezelfde_dienst_aan(beleid, capsys, tmp_path):
    p = persoon_met_achterstand("150.00", "120.00")
    poging(p, D1)
    toestemming(p, D1)
    call_command("signalen_bepalen", "--datum", "2026-05-20")
    assert "nieuw: 1" in capsys.readouterr().out
    assert tasks.signalen_bepalen.delay("2026-05-21").get()["nieuw"] == 0
    call_command("export_signalen", "--datum", "2026-05-21", "--out", str(tmp_path / "s.csv"))
    assert "1 signalen geschreven" in capsys.readouterr().out
    signaal = Signaal.objects.get()
    (tmp_path / "t.csv").write_text(
        f"signaal_id,bsn,uitkomst,datum\n{signaal.pk},{p.bsn},opgepakt,2026-05-25\n"
    )
    call_command("import_terugkoppeling", str(tmp_path / "t.csv"), "--datum", "2026-05-26")
    assert "nieuw: 1" in capsys.readouterr().out


def test_beat_schema_noemt_de_taak(settings):
    from config.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["vroegsignalering-signalen"]
    assert entry["task"] in app.tasks


def test_pauze_eindigt_vanzelf_en_de_keten_loopt_weer(beleid, tmp_path):
    from invordering.selectors import is_gepauzeerd
    from vroegsignalering import uitwisseling
    from vroegsignalering.constants import Uitkomst

    p = persoon_met_achterstand("100.00")
    verwijzing = services.verwijzen(belastingplichtige=p, datum=D1, toelichting="Warm.", toestemming=True)
    uitwisseling.signalen_exporteren(datum=D1, uit=tmp_path / "s.csv")
    services.terugkoppeling_vastleggen(signaal=verwijzing.signaal, uitkomst=Uitkomst.ADEMPAUZE, datum=D1)
    aanslag = p.aanslagen.get()
    assert is_gepauzeerd(aanslag=aanslag, datum=D1 + timedelta(days=100))
    assert not is_gepauzeerd(aanslag=aanslag, datum=date(2026, 9, 20))
