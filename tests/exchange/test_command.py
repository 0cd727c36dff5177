"""`regiekamer exchange import|export` on the command line: output, exit codes, what is recorded."""

from unittest import mock

import pytest
from django.db import connections

from regiekamer.audit.models import Operation, ProcessingActivity, ProcessingLogEntry
from regiekamer.cli import main
from regiekamer.exchange.models import Delivery, DeliveryStatus
from regiekamer.registry.models import Address, Registration
from tests.exchange.conftest import ADDRESSES, REGISTRATIONS, counts, full_delivery, write

pytestmark = pytest.mark.django_db


def run(*args: str) -> int:
    """The command line as a user calls it. Django closes every database connection when a command
    ends (run_from_argv); here that would end the test's transaction (on PostgreSQL), so the close
    is held back, as Django's own test client holds back closing after a request."""
    try:
        with mock.patch.object(connections, "close_all"):
            main(["regiekamer", "exchange", *args])
    except SystemExit as exit:
        return int(exit.code or 0)
    return 0


def test_import_prints_the_counts(tmp_path, venlo, capsys):
    folder = full_delivery(tmp_path / "levering")
    assert run("import", str(folder), "--organisation", venlo.name) == 0
    out = capsys.readouterr()
    assert "Levering opgeslagen / delivery stored: levering" in out.out
    assert "  registrations         3 rijen/rows         3 nieuw/new         0 gewijzigd/changed         0 " \
           "ongewijzigd/unchanged" in out.out
    assert "waarschuwing/warning: signals.csv: onbekende categorie 'vreemd' (1 keer); telt als 'overig'" in out.out
    assert "levering" in out.err and "100%" in out.err  # the progress bar
    # By id works as well; the second time nothing is new.
    assert run("import", str(folder), "--organisation", str(venlo.pk)) == 0
    assert "         0 nieuw/new         0 gewijzigd/changed         3 ongewijzigd/unchanged" in capsys.readouterr().out
    assert list(Delivery.objects.values_list("status", "channel")) == [("accepted", "command_line")] * 2


def test_a_refused_import_prints_every_fault_and_exits_non_zero(tmp_path, venlo, capsys):
    source = write(tmp_path / "fout", addresses_csv=ADDRESSES.replace("GM0983,BU09830101,5911 ab", "GM9999,,5911AB"),
                   registrations_csv=REGISTRATIONS.replace("p-cccc", "111222333"))
    before = counts()
    assert run("import", str(source), "--organisation", venlo.name) == 1
    err = capsys.readouterr().err
    assert "Levering geweigerd, niets opgeslagen / delivery refused, nothing stored: fout (2 fout(en)/faults" in err
    assert "addresses.csv\t2\tmunicipality_code\tunknown_municipality\tonbekende gemeentecode" in err
    assert "registrations.csv\t4\tperson_ref\tbsn\t" in err
    assert "111222333" not in err
    assert counts() == before
    assert Delivery.objects.get().status == DeliveryStatus.REFUSED


def test_an_unknown_organisation(tmp_path, capsys):
    assert run("import", str(tmp_path), "--organisation", "Bestaat niet") == 1
    assert "Onbekende organisatie: Bestaat niet" in capsys.readouterr().err
    assert not Delivery.objects.exists()


def test_export_to_a_zip_and_back(tmp_path, venlo, capsys):
    run("import", str(full_delivery(tmp_path / "levering")), "--organisation", venlo.name)
    capsys.readouterr()
    assert run("export", "--organisation", venlo.name, "--out", str(tmp_path / "uit.zip"), "--format", "parquet") == 0
    out = capsys.readouterr().out
    assert f"Export geschreven / export written: {tmp_path / 'uit.zip'} (voor/for {venlo.name})" in out
    assert "  registrations         3 rijen/rows" in out and "  permits               1 rijen/rows" in out
    exported = ProcessingLogEntry.objects.filter(operation=Operation.EXPORT)
    assert exported.count() == 4  # three persons and one natural-person owner
    assert {e.processing_activity for e in exported} == {ProcessingActivity.EXCHANGE}
    assert {e.actor_name for e in exported} == {"opdrachtregel"}
    # Delivered back by the same organisation, the export is recognised row for row.
    assert run("import", str(tmp_path / "uit.zip"), "--organisation", venlo.name) == 0
    delivery = Delivery.objects.order_by("pk").last()
    assert delivery.status == DeliveryStatus.ACCEPTED
    assert delivery.total("new") == 0 and delivery.total("changed") == 0
    assert Address.objects.count() == 2 and Registration.objects.count() == 3
