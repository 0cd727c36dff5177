"""Aggregate figure packages: built from hand-counted meldingen, suppressed, exported without
anything about anyone, imported with every field checked, and added up per region and country."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from regiekamer.steering import packages
from regiekamer.steering.models import FigureCell, FigurePackage, OccupancySnapshot
from regiekamer.steering.packages import OCCUPANCY, UNKNOWN_AREA
from regiekamer.steering.suppression import determined
from tests.factories import (
    AddressFactory,
    InspectionFactory,
    MeldingFactory,
    RegionFactory,
    UserFactory,
    municipality,
)
from tests.steering.test_suppression import intervals

A, B = "BU09830101", "BU09830102"
Q1, Q2, Q3 = "2025-Q1", "2025-Q2", "2025-Q3"
START, END = dt.date(2025, 1, 1), dt.date(2025, 6, 30)
NOW = dt.datetime(2025, 7, 1, 6, 0, tzinfo=dt.UTC)
M = "meldingen_ontvangen"


@pytest.fixture
def venlo(db):
    """Venlo in Noord-Limburg with 27 meldingen, counted by hand:

                 Q1  Q2 | 2025 H1         source     Q1  Q2 | H1
        BU..0101 10   3 | 13              burger     18   5 | 23
        BU..0102  8   6 | 14              anoniem     0   4 |  4
        Venlo    18   9 | 27              Venlo      18   9 | 27
    """
    place = municipality("GM0983")
    place.region = RegionFactory()
    place.save()
    a, b = AddressFactory(area_code=A), AddressFactory(area_code=B)
    for address, day, n, source in [(a, dt.date(2025, 1, 1), 10, "burger"), (a, dt.date(2025, 6, 30), 3, "burger"),
                                    (b, dt.date(2025, 3, 31), 8, "burger"), (b, dt.date(2025, 4, 1), 2, "burger"),
                                    (b, dt.date(2025, 5, 15), 4, "anoniem")]:
        MeldingFactory.create_batch(n, address=address, received_on=day, source=source)
    # Outside the period on both sides: never counted.
    MeldingFactory(address=a, received_on=dt.date(2024, 12, 31))
    MeldingFactory(address=a, received_on=dt.date(2025, 7, 1))
    return place


def cells(package) -> dict:
    return {(c.measure, c.breakdown, c.area_code, c.period): c.value for c in package.cells.all()}


def test_a_package_holds_the_hand_counted_cells_with_small_ones_and_their_complements_withheld(venlo):
    package = packages.build(venlo, START, END, installation="Venlo", now=NOW)
    got = {key: value for key, value in cells(package).items() if key[0] == M}
    assert got == {
        # Neighbourhoods: the 3 takes 10, 8 and 6 with it (a rectangle); their totals stay.
        (M, "", A, Q1): None, (M, "", A, Q2): None, (M, "", B, Q1): None, (M, "", B, Q2): None,
        (M, "", A, ""): 13, (M, "", B, ""): 14,
        (M, "", "", Q1): 18, (M, "", "", Q2): 9, (M, "", "", ""): 27,
        # Sources: anoniem's 4 (quarter and half year) with burger's 5 and 23; anoniem Q1 is 0.
        (M, "source:burger", "", Q1): 18, (M, "source:burger", "", Q2): None, (M, "source:burger", "", ""): None,
        (M, "source:anoniem", "", Q2): None, (M, "source:anoniem", "", ""): None,
        # Categories: all overbewoning, so the same as the totals.
        (M, "category:overbewoning", "", Q1): 18, (M, "category:overbewoning", "", Q2): 9,
        (M, "category:overbewoning", "", ""): 27,
    }
    assert (package.municipality_code, package.municipality_name) == ("GM0983", "Venlo")
    assert (package.region_code, package.region_name) == ("noord-limburg", "Noord-Limburg")
    assert (package.period_start, package.period_end, package.installation) == (START, END, "Venlo")
    assert package.local and package.imported_at is None and package.built_at == NOW
    assert len(package.sha256) == 64


def test_every_measure_has_its_municipal_totals_and_distinct_measures_only_per_quarter(venlo):
    stored = cells(packages.build(venlo, START, END, installation="Venlo", now=NOW))
    for key, measure in packages.MEASURES.items():
        periods = [Q1, Q2] if measure.distinct != "pk" else [Q1, Q2, ""]
        for period in periods:
            assert (key, "", "", period) in stored
        if measure.distinct != "pk":  # people and addresses: no neighbourhoods, breakdowns or period total
            assert {k for k in stored if k[0] == key} == {(key, "", "", Q1), (key, "", "", Q2)}
    assert stored[("meldingen_afgehandeld", "", "", "")] == 0
    assert stored[("mensen_verwezen", "", "", Q1)] == 0


def test_the_whole_package_passes_the_audit_including_the_equalities_between_measures(venlo):
    a = venlo.addresses.get(area_code=A)
    for outcome, n in [("violation", 6), ("no_violation", 2), ("no_access", 1)]:
        InspectionFactory.create_batch(n, address=a, inspected_on=dt.date(2025, 2, 1), outcome=outcome)
    values, lines = packages.figures(venlo, START, END)
    assert values[("controles_uitgevoerd", "outcome:violation", "", Q1)] == values[("controles_overtreding", "", "", Q1)] == 6
    assert values[("controles_met_toegang", "", "", Q1)] == 8
    stored = cells(packages.build(venlo, START, END, installation="Venlo", now=NOW))
    hidden = {key for key, value in stored.items() if value is None}
    assert determined(values, lines, hidden) == set()
    # The 2 "no violation" is withheld, so 8 inspections with access must not give it away through
    # the 6 with a violation: one of those is withheld too, in both measures alike.
    assert stored[("controles_uitgevoerd", "outcome:no_violation", "", Q1)] is None
    assert stored[("controles_overtreding", "", "", Q1)] is None
    assert stored[("controles_uitgevoerd", "outcome:violation", "", Q1)] is None
    for key, (low, high) in intervals(values, lines, hidden).items():
        assert high - low >= 2, key


def test_occupancy_is_the_last_snapshot_of_each_quarter_per_neighbourhood(venlo):
    def snapshot(area, on, over):
        OccupancySnapshot.objects.create(municipality=venlo, area_code=area, on=on, addresses=40, over_norm=over,
                                         persons=90, taken_at=NOW)
    snapshot(A, dt.date(2025, 2, 28), 1)  # an earlier month of the quarter: not the one that counts
    snapshot(B, dt.date(2025, 2, 28), 1)
    snapshot(A, dt.date(2025, 3, 31), 7)
    snapshot(B, dt.date(2025, 3, 31), 2)
    snapshot("", dt.date(2025, 3, 31), 0)
    stored = cells(packages.build(venlo, START, END, installation="Venlo", now=NOW))
    # Q1: 7 + 2 + 0 = 9; the 2 takes the 7 with it. Q2 has no snapshot; nothing adds up over time.
    assert {k: v for k, v in stored.items() if k[0] == OCCUPANCY} == {
        (OCCUPANCY, "", A, Q1): None, (OCCUPANCY, "", B, Q1): None, (OCCUPANCY, "", "", Q1): 9,
    }
    assert (OCCUPANCY, "", UNKNOWN_AREA, Q1) not in stored  # a zero is not stored


def test_a_package_covers_whole_quarters_and_the_same_cells_are_stored_once(venlo):
    package = packages.build(venlo, dt.date(2025, 2, 15), dt.date(2025, 5, 1), installation="Venlo", now=NOW)
    assert (package.period_start, package.period_end) == (START, END)
    again = packages.build(venlo, START, END, installation="Venlo", now=NOW + dt.timedelta(days=1))
    assert again == package and FigurePackage.objects.count() == 1
    MeldingFactory(address=venlo.addresses.get(area_code=A), received_on=dt.date(2025, 2, 1))
    newer = packages.build(venlo, START, END, installation="Venlo", now=NOW + dt.timedelta(days=2))
    assert newer != package and FigurePackage.objects.count() == 2
    assert cells(newer)[(M, "", "", Q1)] == 19


def test_the_export_holds_codes_and_counts_and_nothing_about_anyone(venlo):
    package = packages.build(venlo, START, END, installation="Venlo", now=NOW)
    data = packages.export(package)
    content = json.loads(data)
    assert set(content) == {"format", "version", "municipality", "region", "period", "installation", "built_at",
                            "min_cell", "cells", "sha256"}
    assert content["format"] == "regiekamer-cijferpakket" and content["version"] == 1
    assert content["municipality"] == {"code": "GM0983", "name": "Venlo"}
    assert content["region"] == {"code": "noord-limburg", "name": "Noord-Limburg"}
    assert content["period"] == {"start": "2025-01-01", "end": "2025-06-30"}
    assert content["built_at"] == "2025-07-01T06:00:00+00:00" and content["sha256"] == package.sha256
    assert [M, "", A, "", 13] in content["cells"] and [M, "", A, Q1, None] in content["cells"]
    assert all(len(cell) == 5 and isinstance(cell[4], int | None) for cell in content["cells"])
    text = data.decode()
    for address in venlo.addresses.all():
        for private in (address.bag_id, address.street, address.postcode, f'"{address.pk}"'):
            assert str(private) not in text
    assert not any(0 < cell[4] < 5 for cell in content["cells"] if cell[4] is not None)


def foreign(package, *, code="GM1507", name="Horst aan de Maas", **changes) -> dict:
    """The package as another installation would send it for another municipality."""
    content = json.loads(packages.export(package))
    del content["sha256"]
    content["municipality"] = {"code": code, "name": name}
    content["installation"] = "Horst"
    content.update(changes)
    return content


def send(content: dict, user=None) -> FigurePackage:
    return packages.import_package(json.dumps(content).encode(), user=user)


def test_an_imported_package_is_stored_as_sent_and_only_once(venlo):
    package = packages.build(venlo, START, END, installation="Venlo", now=NOW)
    content = foreign(package)
    user = UserFactory(first_name="Jan", last_name="Jansen")
    imported = send(content, user)
    assert not imported.local and imported.imported_by_name == "Jan Jansen" and imported.imported_at is not None
    assert (imported.municipality_code, imported.installation, imported.built_at) == ("GM1507", "Horst", NOW)
    assert cells(imported) == cells(package)
    # The same content again, even with the cells in another order and a stated checksum: the same package.
    content["cells"].reverse()
    content["sha256"] = imported.sha256
    assert send(content, "someone else") == imported
    assert FigurePackage.objects.count() == 2
    # Exported again from here it is the same package, byte for byte identifiable.
    assert json.loads(packages.export(imported))["sha256"] == imported.sha256


def _cell_at(content, index, value):
    content["cells"][index] = value
    return content


REFUSALS = [
    ("version", lambda c: c.update(version=2)),
    ("version", lambda c: c.update(version="1")),
    ("format", lambda c: c.update(format="iets anders")),
    ("municipality.code", lambda c: c.update(municipality={"code": "GM98", "name": "X"})),
    ("municipality.code", lambda c: c.update(municipality={"code": "GM9999", "name": "X"})),
    ("municipality.code", lambda c: c.update(municipality={"code": "GM0983", "name": "Venlo"})),  # kept here
    ("municipality.name", lambda c: c.update(municipality={"code": "GM1507", "name": " "})),
    ("region.code", lambda c: c.update(region={"code": "noord limburg!", "name": "X"})),
    ("period", lambda c: c.update(period={"start": "2025-01-15", "end": "2025-06-30"})),
    ("period.end", lambda c: c.update(period={"start": "2025-01-01", "end": "30-06-2025"})),
    ("built_at", lambda c: c.update(built_at="2025-07-01T06:00:00")),
    ("min_cell", lambda c: c.update(min_cell=3)),
    ("installation", lambda c: c.update(installation="")),
    ("extra", lambda c: c.update(extra=1)),
    ("cells", lambda c: c.update(cells={})),
    ("cells[1]", lambda c: _cell_at(c, 0, ["geen_meetwaarde", "", "", Q1, 7])),
    ("cells[1]", lambda c: _cell_at(c, 0, [M, "colour:red", "", Q1, 7])),
    ("cells[1]", lambda c: _cell_at(c, 0, [M, "source:burger", A, Q1, 7])),
    ("cells[1]", lambda c: _cell_at(c, 0, ["mensen_verwezen", "", A, Q1, 7])),
    ("cells[1]", lambda c: _cell_at(c, 0, ["mensen_verwezen", "", "", "", 7])),
    ("cells[1]", lambda c: _cell_at(c, 0, [M, "", "", "2025-Q3", 7])),
    ("cells[1]", lambda c: _cell_at(c, 0, [M, "", "", Q1, 3])),
    ("cells[1]", lambda c: _cell_at(c, 0, [M, "", "", Q1, -7])),
    ("cells[1]", lambda c: _cell_at(c, 0, [M, "", "", Q1, "7"])),
    ("cells[1]", lambda c: _cell_at(c, 0, [M, "", "", Q1, 7.0])),
    ("cells[1]", lambda c: _cell_at(c, 0, [M, "", "", Q1])),
    ("cells[2]", lambda c: _cell_at(c, 1, list(c["cells"][0]))),
    ("sha256", lambda c: c.update(sha256="0" * 64)),
]


@pytest.mark.parametrize(("field", "change"), REFUSALS, ids=[f"{i}-{f}" for i, (f, _) in enumerate(REFUSALS)])
def test_a_refused_package_names_the_field_and_stores_nothing(venlo, field, change):
    package = packages.build(venlo, START, END, installation="Venlo", now=NOW)
    content = foreign(package)
    change(content)
    with pytest.raises(ValidationError) as refused:
        send(content)
    assert refused.value.messages[0].startswith(f"{field}:"), refused.value.messages
    assert FigurePackage.objects.count() == 1 and FigureCell.objects.filter(package__local=False).count() == 0


def test_what_is_not_a_package_is_refused_in_dutch(db):
    for data in (b"\xff\xfe", b"niet json", b"[1, 2]"):
        with pytest.raises(ValidationError, match="geen cijferpakket"):
            packages.import_package(data)
    assert not FigurePackage.objects.exists()


def test_published_adds_up_the_newest_package_per_municipality_and_quarter(venlo):
    local = packages.build(venlo, START, END, installation="Venlo", now=NOW)
    horst = foreign(local)
    # An older Horst package over the whole year, with a different first quarter and a third one.
    older = foreign(local, built_at="2025-04-01T06:00:00+00:00",
                    period={"start": "2025-01-01", "end": "2025-12-31"})
    older["cells"] = [cell for cell in older["cells"] if cell[3] != ""] + [[M, "", "", Q3, 40]]
    for cell in older["cells"]:
        if cell[:4] == [M, "", "", Q1]:
            cell[4] = 20
    send(older)
    send(horst)
    # And a municipality of another region, from yet another installation.
    gennep = foreign(local, code="GM0907", name="Gennep", region={"code": "elders", "name": "Elders"})
    send(gennep)

    regional = packages.published(region_code="noord-limburg", start=START, end=dt.date(2025, 9, 30))
    assert regional.codes() == ["GM1507", "GM0983"]  # Horst aan de Maas, Venlo
    assert regional.regions == [("noord-limburg", "Noord-Limburg")]
    assert regional.quarters == [Q1, Q2, Q3]
    assert regional.value(M, "GM1507", Q1) == 18  # the newer package wins the quarter ...
    assert regional.value(M, "GM1507", Q3) == 40  # ... the older one still covers the third
    assert regional.value(M, "GM0983", Q3) is None and not regional.covers("GM0983", Q3)
    assert regional.value(M, "GM0983", Q1, area_code=A) is None and regional.suppressed(M, "GM0983", Q1, area_code=A)
    assert regional.value(M, "GM0983", Q1, breakdown="source:anoniem") == 0  # covered, not stored: zero
    assert not regional.suppressed(M, "GM0983", Q1, breakdown="source:anoniem")
    assert regional.total(M, periods=[Q1, Q2]) == packages.Total(54)
    assert regional.total(M) == packages.Total(94, at_least=False, missing=1)
    assert regional.total(M, periods=[Q1, Q2], breakdown="source:burger") == packages.Total(36, at_least=True)
    assert str(regional.total(M, periods=[Q2], breakdown="source:burger")) == "≥ 0"
    assert regional.total(M, periods=[Q1], municipality_code="GM0983") == packages.Total(18)
    with pytest.raises(ValueError):
        regional.total("mensen_verwezen")  # people do not add up over quarters
    assert regional.total("mensen_verwezen", periods=[Q1]) == packages.Total(0, missing=0)

    national = packages.published(region_code=None, start=START, end=END)
    assert national.codes() == ["GM0907", "GM1507", "GM0983"]
    assert national.regions == [("elders", "Elders"), ("noord-limburg", "Noord-Limburg")]
    assert national.total(M, periods=[Q1]) == packages.Total(54)
    assert national.total(M, periods=[Q1], region_code="elders") == packages.Total(18)

    assert packages.published(region_code=None, start=END, end=START).codes() == []

    # Over exactly the half year of Venlo's and Horst's newest packages, their published half-year
    # cells count where the quarters are withheld: neighbourhood A's 3 + 10 is 13 in each.
    half = packages.published(region_code="noord-limburg", start=START, end=END)
    assert half.whole_codes == {"GM0983", "GM1507"}
    assert half.total(M, area_code=A) == packages.Total(26)
    assert half.total(M, area_code=A, periods=[Q1]) == packages.Total(0, at_least=True)
    assert half.total(M) == packages.Total(54)
    # burger's half year is withheld too: back to the quarters, 18 and a withheld one, twice.
    assert half.total(M, breakdown="source:burger") == packages.Total(36, at_least=True)

    quick = packages.published(region_code=None, start=START, end=END, measures_only=[M], areas=False)
    assert quick.value(M, "GM0983", Q1) == 18
    assert all(key[1] == M and key[3] == "" for key in quick.cells)


def test_occupancy_is_published_only_for_quarters_with_a_snapshot(venlo):
    OccupancySnapshot.objects.create(municipality=venlo, area_code=A, on=dt.date(2025, 3, 31), addresses=40,
                                     over_norm=12, persons=90, taken_at=NOW)
    packages.build(venlo, START, END, installation="Venlo", now=NOW)
    view = packages.published(region_code="noord-limburg", start=START, end=END)
    assert view.value(OCCUPANCY, "GM0983", Q1) == 12 and view.value(OCCUPANCY, "GM0983", Q1, area_code=A) == 12
    assert view.value(OCCUPANCY, "GM0983", Q2) is None and not view.covers("GM0983", Q2, OCCUPANCY)
    assert view.total(OCCUPANCY, periods=[Q2]) == packages.Total(0, missing=1)


def test_publish_local_builds_each_municipality_with_addresses_and_removes_what_it_replaces(venlo):
    first = packages.build(venlo, START, dt.date(2025, 3, 31), installation="Venlo", now=NOW)
    made = packages.publish_local(START, END, installation="Venlo", now=NOW + dt.timedelta(hours=1))
    assert [p.municipality_code for p in made] == ["GM0983"]  # no other municipality has addresses here
    assert list(FigurePackage.objects.all()) == made and not FigurePackage.objects.filter(pk=first.pk).exists()
    assert packages.publish_local(START, END, installation="Venlo", now=NOW + dt.timedelta(hours=2)) == made
    assert packages.publish_figures(today=dt.date(2025, 6, 30)) == 1
    package = FigurePackage.objects.order_by("-built_at").first()
    assert (package.period_start, package.period_end) == (dt.date(2023, 1, 1), END)
    assert FigurePackage.objects.count() == 1  # the half year lies within the new package


# --- the command ------------------------------------------------------------------------------------


def test_the_command_exports_and_another_installation_imports(venlo, tmp_path, capsys):
    out = tmp_path / "venlo.json"
    call_command("figures", "export", "--municipality", "GM0983", "--from", "2025-01-01", "--to", "2025-06-30",
                 "--out", str(out), "--installation", "Venlo")
    assert "Cijferpakket geschreven" in capsys.readouterr().out
    content = json.loads(out.read_bytes())
    assert content["installation"] == "Venlo" and [M, "", "", Q1, 18] in content["cells"]

    content["municipality"] = {"code": "GM1507", "name": "Horst aan de Maas"}
    del content["sha256"]
    horst = tmp_path / "horst.json"
    horst.write_text(json.dumps(content))
    call_command("figures", "import", str(horst), "--user", "J. Jansen")
    assert "Cijferpakket ingelezen / imported: GM1507 Horst aan de Maas" in capsys.readouterr().out
    assert FigurePackage.objects.get(municipality_code="GM1507").imported_by_name == "J. Jansen"
    call_command("figures", "import", str(horst))
    assert "was al ingelezen" in capsys.readouterr().out
    assert FigurePackage.objects.count() == 2


def test_the_command_refuses_with_a_clear_message_and_a_non_zero_exit(venlo, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "regiekamer-cijferpakket", "version": 9}))
    with pytest.raises(CommandError, match="niets opgeslagen.*version: versie 9"):
        call_command("figures", "import", str(bad))
    with pytest.raises(CommandError, match="niet lezen"):
        call_command("figures", "import", str(tmp_path / "missing.json"))
    with pytest.raises(CommandError, match="onbekende gemeente"):
        call_command("figures", "export", "--municipality", "GM9999", "--from", "2025-01-01", "--to", "2025-06-30",
                     "--out", str(tmp_path / "x.json"))
    with pytest.raises(CommandError, match="geen adressen"):
        call_command("figures", "export", "--municipality", "GM1507", "--from", "2025-01-01", "--to", "2025-06-30",
                     "--out", str(tmp_path / "x.json"))
    with pytest.raises(CommandError, match="geen datum"):
        call_command("figures", "export", "--municipality", "GM0983", "--from", "1-1-2025", "--to", "2025-06-30",
                     "--out", str(tmp_path / "x.json"))
    assert FigurePackage.objects.count() == 0


def test_the_command_line_exits_non_zero_on_a_refused_package(tmp_path):
    """The real command line, in its own process (a refusal is found before any database read)."""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "regiekamer-cijferpakket", "version": 9}))
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}", LANGUAGE="nl")
    done = subprocess.run([str(Path(sys.executable).parent / "regiekamer"), "figures", "import", str(bad)],
                          check=False, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1
    assert "Cijferpakket geweigerd, niets opgeslagen" in done.stderr
    assert "version: versie 9 van het cijferpakket wordt niet ondersteund (verwacht 1)" in done.stderr
