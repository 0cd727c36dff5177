"""The BAG import on real extracts: counts, hand-checked values, idempotency and all-or-nothing."""

import csv
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from regiekamer.registry.bag.errors import BagImportError
from regiekamer.registry.bag.importer import SKIPPED_MUNICIPALITY, SKIPPED_SECONDARY, import_bag
from regiekamer.registry.models import Address, AddressKind, Building
from regiekamer.registry.tasks import import_bag_task

BAG_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "bag"
DOESBURG_SMALL = BAG_DATA / "doesburg-0221-small"
DOESBURG_PANDEN = BAG_DATA / "0221PND15092020.zip"
AMSTERDAM_CSV = BAG_DATA / "amsterdam-1011-adresplus.csv"
VBO_FILE = "0221VBO15092020-000001.xml"
NUM_FILE = "0221NUM15092020-000001.xml"

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int]:
    return Address.objects.count(), Building.objects.count()


def _copy_small(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DOESBURG_SMALL, tmp_path / "doesburg"))


def _edit(file: Path, old: str, new: str) -> int:
    """Replace the one occurrence of old in file; return the (1-based) line it is on."""
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    file.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


# --- the small Doesburg extract: 1 WPL, 201 OPR, 15 NUM, 5 VBO, 6 PND, 2 LIG, 2 STA voorkomens


def test_doesburg_small_extract_counts():
    report = import_bag(path=DOESBURG_SMALL)

    # 232 voorkomens, but the 5 VBO versions are 2 verblijfsobjecten and the 6 PND versions 2 panden.
    assert report.read == 1 + 201 + 15 + 5 + 6 + 2 + 2
    assert Building.objects.count() == 2
    assert Address.objects.filter(kind=AddressKind.VERBLIJFSOBJECT).count() == 2
    assert Address.objects.filter(kind=AddressKind.LIGPLAATS).count() == 2
    assert Address.objects.filter(kind=AddressKind.STANDPLAATS).count() == 2
    # Every one of them has a hoofdadres in the NUM file.
    assert not Address.objects.filter(street="").exists()
    assert report.buildings.created == 2
    assert {k: c.created for k, c in report.addresses.items()} == {
        "verblijfsobject": 2, "ligplaats": 2, "standplaats": 2}
    assert report.skipped == {} and report.incomplete == {}


def test_doesburg_hand_checked_verblijfsobject_is_its_current_version():
    import_bag(path=DOESBURG_SMALL)

    address = Address.objects.select_related("municipality", "building").get(bag_id="0221010000330226")
    assert address.kind == AddressKind.VERBLIJFSOBJECT
    assert address.address_number_id == "0221200000330227"
    assert (address.street, address.house_number, address.house_letter, address.house_number_addition) == (
        "Kosterstraat", 4, "", "")
    assert (address.postcode, address.city) == ("6981CH", "Doesburg")
    # Voorkomen 4 of 4 (no eindGeldigheid), not the first (306 m2, "in gebruik").
    assert address.floor_area_m2 == 223
    assert address.status == "Verbouwing verblijfsobject"
    assert address.usage == ["woonfunctie"]
    assert address.municipality.code == "GM0221"
    assert (address.rd_x, address.rd_y) == (206335.699, 447529.842)
    assert address.latitude == pytest.approx(52.0138, abs=1e-3)
    assert address.longitude == pytest.approx(6.1350, abs=1e-3)
    # Its pand: current voorkomen 4 says 1585 (voorkomen 1 said 9999).
    assert address.building.bag_id == "0221100000312938"
    assert address.building.building_year == 1585
    assert address.building_year == 1585


def test_doesburg_hoofdadres_versions_are_picked_even_when_interleaved():
    # The NUM file lists versions 1, 2, 3 of 0221200000330229 with other objects in between;
    # the current one (3) has letter l and no postcode, version 1 had letter b and 6981EA.
    import_bag(path=DOESBURG_SMALL)

    address = Address.objects.get(bag_id="0221010000330999")
    assert (address.street, address.house_number, address.house_letter, address.postcode) == (
        "Schout bij Nacht Doormansingel", 9, "l", "")
    assert address.usage == ["overige gebruiksfunctie"]
    assert address.floor_area_m2 == 18
    assert address.building.building_year == 1992


def test_doesburg_ligplaats_and_standplaats_sit_at_their_polygon_centroid():
    import_bag(path=DOESBURG_SMALL)

    ligplaats = Address.objects.get(bag_id="0221020000330152")
    assert ligplaats.kind == AddressKind.LIGPLAATS
    assert (ligplaats.street, ligplaats.house_number, ligplaats.postcode) == ("Koppenberch", 2, "6982CZ")
    # Mean of the four distinct vertices of the outer ring (the fifth closes it).
    assert ligplaats.rd_x == pytest.approx((207429.775 + 207447.071 + 207449.613 + 207432.317) / 4)
    assert ligplaats.rd_y == pytest.approx((446266.916 + 446257.633 + 446262.37 + 446271.653) / 4)
    assert ligplaats.latitude == pytest.approx(52.002, abs=1e-3)
    assert (ligplaats.usage, ligplaats.floor_area_m2, ligplaats.building) == ([], None, None)

    standplaats = Address.objects.get(bag_id="0221030000330174")
    assert (standplaats.kind, standplaats.street, standplaats.house_number) == (
        AddressKind.STANDPLAATS, "Het Hoornwerck", 4)
    assert standplaats.address_number_id == "0221200000330173"  # the hoofdadres, not a nevenadres


# --- the pand zip: 13,098 versions of 7,797 panden, through the management command


def test_doesburg_pand_zip_through_the_command():
    out, err = io.StringIO(), io.StringIO()
    call_command("import_bag", str(DOESBURG_PANDEN), stdout=out, stderr=err)

    assert Building.objects.count() == 7797
    assert Address.objects.count() == 0
    building = Building.objects.select_related("municipality").get(bag_id="0221100000311191")
    assert (building.building_year, building.status, building.municipality.code) == (1992, "Pand in gebruik", "GM0221")
    # Border panden of neighbouring municipalities keep their own municipality.
    assert Building.objects.get(bag_id="1876100000009827").municipality.code == "GM1876"
    summary = out.getvalue()
    assert "gelezen/read: 13098" in summary
    assert "7797 nieuw/created" in summary
    assert "13098" in err.getvalue()  # the progress bar counted every voorkomen


# --- the flat Amsterdam CSV: 99 rows, 4 of them nevenadressen of objects that have their own row


def test_amsterdam_csv_counts():
    report = import_bag(path=AMSTERDAM_CSV)

    assert report.read == 99
    assert report.skipped == {SKIPPED_SECONDARY: 4}
    # Address.bag_id is unique: one address per object, so 99 rows make 95 addresses.
    assert Address.objects.count() == 95
    assert Address.objects.filter(kind=AddressKind.LIGPLAATS).count() == 7
    assert Address.objects.filter(kind=AddressKind.STANDPLAATS).count() == 1
    assert Building.objects.count() == 36
    assert report.addresses_total.created == 95


def test_amsterdam_csv_hand_checked_row():
    import_bag(path=AMSTERDAM_CSV)

    address = Address.objects.select_related("municipality", "building").get(bag_id="0363010000618799")
    assert (address.street, address.house_number, address.house_letter, address.house_number_addition) == (
        "De Ruijterkade", 106, "", "3")
    assert (address.postcode, address.city, address.municipality.code) == ("1011AB", "Amsterdam", "GM0363")
    assert address.address_number_id == "0363200000081091"
    assert (address.floor_area_m2, address.usage, address.status) == (62, ["woonfunctie"], "Verblijfsobject in gebruik")
    assert (address.rd_x, address.rd_y, address.latitude, address.longitude) == (122185, 487883, 52.377834, 4.905284)
    assert address.building.bag_id == "0363100012181960"
    assert address.building.status == "Pand in gebruik"
    assert address.building_year == 1005  # Amsterdam's placeholder for "unknown", stored as delivered


def test_amsterdam_csv_keeps_the_hoofdadres_of_an_object_with_nevenadressen():
    import_bag(path=AMSTERDAM_CSV)

    for row in _csv_rows(AMSTERDAM_CSV):
        if row["nevenadres"] == "1":
            address = Address.objects.get(bag_id=row["adresseerbaarobject_id"])
            assert address.address_number_id != row["nummeraanduiding_id"]


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


# --- idempotency


def test_xml_import_twice_updates_and_never_duplicates(tmp_path):
    first = import_bag(path=DOESBURG_SMALL)
    before = _counts()

    again = import_bag(path=DOESBURG_SMALL)
    assert _counts() == before
    assert again.buildings.created == again.addresses_total.created == 0
    assert again.addresses_total.unchanged == first.addresses_total.created

    extract = _copy_small(tmp_path)
    # Only the current voorkomen (the one without eindGeldigheid) counts: change its floor area.
    vbo = extract / VBO_FILE
    text = vbo.read_text(encoding="utf-8")
    current = text.index("<Historie:voorkomenidentificatie>4</Historie:voorkomenidentificatie>")
    rest = text[current:].replace("<Objecten:oppervlakte>223<", "<Objecten:oppervlakte>250<", 1)
    vbo.write_text(text[:current] + rest, encoding="utf-8")
    changed = import_bag(path=extract)
    assert _counts() == before
    assert changed.addresses["verblijfsobject"].updated == 1
    assert Address.objects.get(bag_id="0221010000330226").floor_area_m2 == 250


def test_csv_import_twice_updates_and_never_duplicates(tmp_path):
    import_bag(path=AMSTERDAM_CSV)
    before = _counts()
    again = import_bag(path=AMSTERDAM_CSV)
    assert _counts() == before
    assert again.addresses_total.unchanged == 95 and again.buildings.unchanged == 36

    modified = tmp_path / "adressen.csv"
    text = AMSTERDAM_CSV.read_text(encoding="utf-8")
    modified.write_text(text.replace(";Verblijfsobject in gebruik;62;1;0363010000618799;",
                                     ";Verblijfsobject in gebruik;64;1;0363010000618799;", 1), encoding="utf-8")
    changed = import_bag(path=modified)
    assert _counts() == before
    assert changed.addresses_total.updated == 1
    assert Address.objects.get(bag_id="0363010000618799").floor_area_m2 == 64


# --- nested zips, as Kadaster delivers the national extract


def test_zip_of_zips_imports_like_the_folder(tmp_path):
    inner = tmp_path / "0221GEM15092020.zip"
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in DOESBURG_SMALL.iterdir():
            archive.write(file, file.name)
    outer = tmp_path / "BAGGEM0221L-15092020.zip"
    with zipfile.ZipFile(outer, "w") as archive:
        archive.write(inner, inner.name)

    report = import_bag(path=outer)
    assert report.read == 232
    assert _counts() == (6, 2)


# --- all or nothing: a broken file stores nothing and says where it broke


def test_truncated_xml_stores_nothing_and_names_the_line(tmp_path):
    extract = _copy_small(tmp_path)
    num = extract / NUM_FILE
    lines = num.read_text(encoding="utf-8").splitlines(keepends=True)
    num.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")

    with pytest.raises(BagImportError) as caught:
        import_bag(path=extract)
    assert caught.value.file.endswith(NUM_FILE)
    assert caught.value.line == len(lines) // 2 + 1  # expat reports the end of the file
    assert f"{NUM_FILE}, regel {len(lines) // 2 + 1}" in str(caught.value)
    assert _counts() == (0, 0)


def test_malformed_identifier_stores_nothing_and_names_the_line(tmp_path):
    extract = _copy_small(tmp_path)
    line = _edit(extract / VBO_FILE, ">0221010000330999<", ">02210100003309X9<")

    with pytest.raises(BagImportError) as caught:
        import_bag(path=extract)
    assert caught.value.line == line
    assert f"{VBO_FILE}, regel {line}" in str(caught.value)
    assert "16 cijfers" in str(caught.value)
    assert _counts() == (0, 0)


def test_identifier_of_the_wrong_object_type_is_refused(tmp_path):
    extract = _copy_small(tmp_path)
    # A PandRef that points at a nummeraanduiding.
    pand_ref = 'domein="NL.IMBAG.Pand">{}<'
    line = _edit(extract / VBO_FILE, pand_ref.format("0221100000311191"), pand_ref.format("0221200000311191"))

    with pytest.raises(BagImportError, match=f"regel {line}: .*nummeraanduiding"):
        import_bag(path=extract)


def test_bad_postcode_leaves_existing_data_unchanged_and_names_the_line(tmp_path):
    import_bag(path=DOESBURG_SMALL)
    before = _counts()
    extract = _copy_small(tmp_path)
    # A changed floor area that must not be stored either: the broken file rolls back the whole import.
    _edit(extract / VBO_FILE, "<Objecten:oppervlakte>18<", "<Objecten:oppervlakte>99<")
    line = _edit(extract / NUM_FILE, "<Objecten:postcode>6981CH<", "<Objecten:postcode>6981 C<")

    with pytest.raises(BagImportError) as caught:
        import_bag(path=extract)
    assert caught.value.line == line
    assert f"{NUM_FILE}, regel {line}" in str(caught.value)
    assert "postcode" in str(caught.value)
    assert _counts() == before
    assert Address.objects.get(bag_id="0221010000330999").floor_area_m2 == 18


def test_csv_row_with_non_numeric_floor_area_rolls_back_earlier_batches(tmp_path):
    rows = AMSTERDAM_CSV.read_text(encoding="utf-8").splitlines(keepends=True)
    broken_line = 81  # header is line 1, so this is the 80th address row
    fields = rows[broken_line - 1].split(";")
    fields[17] = "veel"  # opp_adresseerbaarobject_m2
    rows[broken_line - 1] = ";".join(fields)
    broken = tmp_path / "adressen.csv"
    broken.write_text("".join(rows), encoding="utf-8")

    with pytest.raises(BagImportError) as caught:
        # Batches of 10: seven batches are written before row 80 fails, and must be undone.
        import_bag(path=broken, batch_size=10)
    assert caught.value.line == broken_line
    assert str(caught.value) == (
        f"adressen.csv, regel {broken_line}: opp_adresseerbaarobject_m2 is geen geheel getal: 'veel'")
    assert _counts() == (0, 0)


def test_csv_with_a_bad_postcode_names_the_row(tmp_path):
    rows = AMSTERDAM_CSV.read_text(encoding="utf-8").splitlines(keepends=True)
    rows[4] = rows[4].replace(";1011AB;", ";1011 XYZ;", 1)
    broken = tmp_path / "adressen.csv"
    broken.write_text("".join(rows), encoding="utf-8")

    with pytest.raises(BagImportError, match="adressen.csv, regel 5: Geen geldige postcode"):
        import_bag(path=broken)
    assert _counts() == (0, 0)


def test_command_fails_with_the_error_and_stores_nothing(tmp_path):
    extract = _copy_small(tmp_path)
    line = _edit(extract / VBO_FILE, ">0221010000330999<", ">0221010000330<")

    with pytest.raises(CommandError, match=f"niets opgeslagen.*{VBO_FILE}, regel {line}"):
        call_command("import_bag", str(extract), stdout=io.StringIO(), stderr=io.StringIO())
    assert _counts() == (0, 0)


def test_broken_zip_and_missing_path_are_clear_errors(tmp_path):
    broken = tmp_path / "0221PND15092020.zip"
    broken.write_bytes(DOESBURG_PANDEN.read_bytes()[:100_000])
    with pytest.raises(BagImportError, match="0221PND15092020.zip: geen leesbaar zip-bestand"):
        import_bag(path=broken)
    with pytest.raises(BagImportError, match="bestaat niet"):
        import_bag(path=tmp_path / "nergens.zip")
    empty = tmp_path / "leeg"
    empty.mkdir()
    with pytest.raises(BagImportError, match="geen BAG-bestanden"):
        import_bag(path=empty)


# --- the rest of the contract


def test_unknown_municipality_code_is_skipped_and_counted(tmp_path):
    rows = AMSTERDAM_CSV.read_text(encoding="utf-8").splitlines(keepends=True)
    rows[1] = rows[1].replace(";Amsterdam;0363;", ";Nergenshuizen;0000;", 1)
    modified = tmp_path / "adressen.csv"
    modified.write_text("".join(rows), encoding="utf-8")

    report = import_bag(path=modified)
    assert report.skipped[SKIPPED_MUNICIPALITY] == 1
    assert Address.objects.count() == 94


def test_progress_counts_every_object_read():
    seen: list[int] = []
    report = import_bag(path=DOESBURG_SMALL, progress=seen.append)
    assert sum(seen) == report.read == 232


def test_task_returns_the_report():
    result = import_bag_task.enqueue(str(AMSTERDAM_CSV))
    assert result.return_value["read"] == 99
    assert result.return_value["addresses"]["verblijfsobject"]["created"] == 87
    assert Address.objects.count() == 95


def test_a_single_xml_file_imports_its_objects():
    report = import_bag(path=DOESBURG_SMALL / "0221PND15092020-000001.xml")
    assert report.read == 6
    assert _counts() == (0, 2)
