import csv
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from regiekamer.registry.geo import rd_to_wgs84

BAG_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "bag"


def test_amersfoort_reference_point():
    lat, lon = rd_to_wgs84(155000, 463000)
    assert lat == pytest.approx(52.15517, abs=1e-5)
    assert lon == pytest.approx(5.38721, abs=1e-5)


def test_amsterdam_row_matches_its_published_wgs84():
    # NLExtract's export gives both RD and WGS84 (computed with proj) for every address.
    with (BAG_DATA / "amsterdam-1011-adresplus.csv").open(encoding="utf-8", newline="") as f:
        row = next(csv.DictReader(f, delimiter=";"))
    assert (row["x"], row["y"], row["lat"], row["lon"]) == ("122177", "487877", "52.377780", "4.905167")
    lat, lon = rd_to_wgs84(float(row["x"]), float(row["y"]))
    assert lat == pytest.approx(float(row["lat"]), abs=1e-4)
    assert lon == pytest.approx(float(row["lon"]), abs=1e-4)


@given(st.floats(min_value=10_000, max_value=280_000), st.floats(min_value=300_000, max_value=620_000))
def test_rd_area_of_the_netherlands_lands_in_the_netherlands(x, y):
    # The corners of this RD box lie just outside the country (x=10 km, y=300 km is at 3.2 E in
    # Belgium), so the bounds are the box's own, with a small margin.
    lat, lon = rd_to_wgs84(x, y)
    assert 50.6 < lat < 53.7
    assert 3.1 < lon < 7.3


def test_north_is_up_and_east_is_right():
    lat, lon = rd_to_wgs84(155000, 463000)
    assert rd_to_wgs84(155000, 464000)[0] > lat
    assert rd_to_wgs84(156000, 463000)[1] > lon
