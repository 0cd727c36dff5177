"""Planning buildings and addresses: where they stand, what they are used for, how big they are."""

import math
import random
import string
from dataclasses import dataclass

from regiekamer.registry.geo import rd_to_wgs84

from .chance import apportion, weighted
from .names import COMMON_STREETS, INDUSTRIAL_STREETS, LOCAL_STREETS
from .places import PLACES, Place, Town
from .rows import AddressRow, BuildingRow

# Building kinds, weighted per building (not per address): an apartment block holds many addresses.
URBAN_KINDS = {"house": 76.0, "apartments": 5.0, "shop": 5.0, "business": 9.0, "logies": 0.8}
VILLAGE_KINDS = {"house": 82.0, "apartments": 2.0, "shop": 3.0, "business": 9.0, "logies": 1.0}
# (first year, last year, weight): the Dutch housing stock is mostly post-war.
HOUSE_ERAS = ((1900, 1944, 10), (1945, 1969, 22), (1970, 1989, 33), (1990, 2009, 25), (2010, 2024, 10))
APARTMENT_ERAS = ((1955, 1975, 35), (1976, 1999, 35), (2000, 2024, 30))
SHOP_ERAS = ((1880, 1944, 40), (1945, 1990, 40), (1991, 2020, 20))
BUSINESS_USAGES = (
    (("industriefunctie",), 45), (("kantoorfunctie",), 20), (("winkelfunctie",), 15),
    (("industriefunctie", "kantoorfunctie"), 20),
)
# PostNL does not issue the letter pairs SA, SD and SS.
POSTCODE_LETTERS = tuple(
    a + b for a in string.ascii_uppercase for b in string.ascii_uppercase if a + b not in {"SA", "SD", "SS"}
)
RESIDENTIAL_STATUS = "Verblijfsobject in gebruik"


def _year(rng: random.Random, eras: tuple[tuple[int, int, int], ...]) -> int:
    first, last = weighted(rng, [((a, b), w) for a, b, w in eras])
    return rng.randint(first, last)


@dataclass(slots=True)
class _Street:
    name: str
    x: float
    y: float
    angle: float
    area_code: str
    postcode_number: int
    postcode_letters: str
    left_in_postcode: int
    next_number: int
    capacity: int


class _Serials:
    """BAG serial numbers of one municipality: increasing with small gaps, as in a real extract."""

    def __init__(self, *, rng: random.Random, bag_code: str) -> None:
        self._rng = rng
        self._bag_code = bag_code
        self._next = {"01": rng.randrange(10_000, 90_000), "10": rng.randrange(10_000, 90_000),
                      "20": rng.randrange(10_000, 90_000)}

    def take(self, object_type: str) -> str:
        serial = self._next[object_type]
        self._next[object_type] = serial + self._rng.randint(1, 3)
        return f"{self._bag_code}{object_type}{serial:010d}"


class _TownLayout:
    """Streets of one town, opened one after another; each stream fills a street before the next."""

    def __init__(self, *, rng: random.Random, place: Place, town: Town, town_index: int, quota: int) -> None:
        self.rng = rng
        self.place = place
        self.town = town
        self.town_index = town_index
        self.spread = min(1500.0, 250.0 + 10.0 * math.sqrt(quota))
        angle = rng.uniform(0, 2 * math.pi)
        distance = rng.uniform(1.0, 1.8) * self.spread
        self.estate = (town.centre[0] + distance * math.cos(angle), town.centre[1] + distance * math.sin(angle))
        residential = list(COMMON_STREETS + LOCAL_STREETS)
        rng.shuffle(residential)
        industrial = list(INDUSTRIAL_STREETS)
        rng.shuffle(industrial)
        self.names = {"residential": residential, "industrial": industrial}
        # Long streets when a big town would otherwise run out of names.
        self.min_capacity = max(1, quota // max(1, len(residential) - 10))
        self.letters = {n: rng.randrange(0, 200) for n in town.postcode_numbers}
        self.current: dict[str, _Street | None] = {"residential": None, "centre": None, "industrial": None}

    def _new_street(self, stream: str) -> _Street:
        rng = self.rng
        pool = self.names["industrial" if stream == "industrial" else "residential"]
        if not pool:  # every name used: reuse one (rare, only for very large demo regions)
            pool.extend(INDUSTRIAL_STREETS if stream == "industrial" else COMMON_STREETS + LOCAL_STREETS)
            rng.shuffle(pool)
        name = pool.pop()
        cx, cy = self.town.centre
        if stream == "industrial":
            x, y = self.estate[0] + rng.gauss(0, 250), self.estate[1] + rng.gauss(0, 250)
        else:
            sigma = self.spread * (0.25 if stream == "centre" else 1.0)
            x, y = cx + rng.gauss(0, sigma), cy + rng.gauss(0, sigma)
        bearing = math.atan2(y - cy, x - cx) % (2 * math.pi)
        numbers = self.town.postcode_numbers
        # Postcode areas are spatial: the sector of town decides the PC4 number.
        number = numbers[min(len(numbers) - 1, int(bearing / (2 * math.pi) * len(numbers)))]
        capacity = max(self.min_capacity, rng.randint(8, 90) if stream != "industrial" else rng.randint(5, 30))
        return _Street(
            name=name, x=x, y=y, angle=rng.uniform(0, math.pi), area_code=self._area_code(stream, x, y),
            postcode_number=number, postcode_letters=self._next_letters(number), left_in_postcode=rng.randint(10, 24),
            next_number=1, capacity=capacity,
        )

    def _area_code(self, stream: str, x: float, y: float) -> str:
        """A CBS-style buurtcode: BU + municipality + wijk (the town) + buurt (ring and sector)."""
        cx, cy = self.town.centre
        if stream == "industrial":
            buurt = 90
        else:
            distance = math.hypot(x - cx, y - cy)
            ring = 0 if distance < 0.5 * self.spread else (1 if distance < 1.2 * self.spread else 2)
            sector = int((math.atan2(y - cy, x - cx) % (2 * math.pi)) / (math.pi / 2)) % 4
            buurt = 0 if ring == 0 else ring * 10 + sector + 1
        return f"BU{self.place.bag_code}{self.town_index:02d}{buurt:02d}"

    def _next_letters(self, number: int) -> str:
        index = self.letters[number]
        self.letters[number] = index + 1
        return POSTCODE_LETTERS[index % len(POSTCODE_LETTERS)]

    def plot(self, stream: str) -> tuple[_Street, int, str, float, float]:
        """The next house number on a street of this stream: street, number, postcode, x, y."""
        street = self.current[stream]
        if street is None or street.next_number > street.capacity:
            street = self.current[stream] = self._new_street(stream)
        number = street.next_number
        street.next_number += 1
        street.left_in_postcode -= 1
        if street.left_in_postcode < 0:
            street.postcode_letters = self._next_letters(street.postcode_number)
            street.left_in_postcode = self.rng.randint(10, 24)
        along = (number - street.capacity / 2) * 7.0
        side = 9.0 if number % 2 else -9.0  # odd and even numbers face each other
        x = street.x + along * math.cos(street.angle) - side * math.sin(street.angle) + self.rng.gauss(0, 2)
        y = street.y + along * math.sin(street.angle) + side * math.cos(street.angle) + self.rng.gauss(0, 2)
        return street, number, f"{street.postcode_number}{street.postcode_letters}", x, y


def plan_buildings(*, rng: random.Random, total: int) -> tuple[list[BuildingRow], list[AddressRow]]:
    """Buildings and their addresses, spread over the region by population share."""
    buildings: list[BuildingRow] = []
    addresses: list[AddressRow] = []
    for place, place_count in zip(PLACES, apportion(total, [p.share for p in PLACES]), strict=True):
        serials = _Serials(rng=rng, bag_code=place.bag_code)
        town_counts = apportion(place_count, [t.share for t in place.towns])
        for town_index, (town, quota) in enumerate(zip(place.towns, town_counts, strict=True)):
            layout = _TownLayout(rng=rng, place=place, town=town, town_index=town_index, quota=quota)
            urban = place.share * town.share >= 0.04
            left = quota
            while left > 0:
                kind = weighted(rng, URBAN_KINDS if urban else VILLAGE_KINDS)
                made = _plan_building(
                    rng=rng, kind=str(kind), left=left, layout=layout, serials=serials,
                    buildings=buildings, addresses=addresses,
                )
                left -= made
    return buildings, addresses


def _plan_building(
    *, rng: random.Random, kind: str, left: int, layout: _TownLayout, serials: _Serials,
    buildings: list[BuildingRow], addresses: list[AddressRow],
) -> int:
    """Add one building with its addresses; returns how many addresses it holds."""
    if kind == "apartments" and left < 4:
        kind = "house"
    if kind == "shop" and left < 2:
        kind = "house"
    if kind == "house":
        units = [("house", ("woonfunctie",), int(rng.triangular(55, 200, 105)), "", "")]
        stream, year = "residential", _year(rng, HOUSE_ERAS)
    elif kind == "apartments":
        count = min(left, rng.choice((4, 6, 8, 8, 10, 12, 12, 16, 20, 24)))
        units = [("flat", ("woonfunctie",), int(rng.triangular(30, 120, 65)), "", str(i + 1)) for i in range(count)]
        stream, year = ("centre" if rng.random() < 0.4 else "residential"), _year(rng, APARTMENT_ERAS)
    elif kind == "shop":
        upstairs = min(left - 1, rng.choice((1, 1, 2)))
        units = [("shop", ("winkelfunctie",), int(rng.triangular(40, 350, 90)), "", "")]
        units += [("upstairs", ("woonfunctie",), int(rng.triangular(35, 110, 60)), "ABC"[i], "")
                  for i in range(upstairs)]
        stream, year = "centre", _year(rng, SHOP_ERAS)
    elif kind == "business":
        usage = weighted(rng, BUSINESS_USAGES)
        units = [("business", usage, int(rng.triangular(80, 1200, 300)), "", "")]
        stream, year = "industrial", rng.randint(1965, 2023)
    else:  # logies: a boarding house, former hotel or labour-migrant complex
        units = [("logies", ("logiesfunctie",), int(rng.triangular(120, 600, 240)), "", "")]
        stream, year = ("industrial" if rng.random() < 0.6 else "residential"), rng.randint(1965, 2022)
    street, number, postcode, x, y = layout.plot(stream)
    building = BuildingRow(
        bag_id=serials.take("10"), municipality_code=layout.place.code, building_year=year, kind=kind,
    )
    buildings.append(building)
    lat, lon = rd_to_wgs84(x, y)
    for unit, usage, area, letter, addition in units:
        building.addresses.append(len(addresses))
        addresses.append(AddressRow(
            bag_id=serials.take("01"), address_number_id=serials.take("20"),
            municipality_code=layout.place.code, building=len(buildings) - 1, unit=unit,
            street=street.name, house_number=number, house_letter=letter, house_number_addition=addition,
            postcode=postcode, city=layout.town.name, area_code=street.area_code, usage=tuple(usage),
            floor_area_m2=max(30 if unit not in {"business", "shop"} else 40, area), building_year=year,
            rd_x=round(x, 1), rd_y=round(y, 1), latitude=round(lat, 7), longitude=round(lon, 7),
        ))
    return len(units)
