"""The real geography of Regio Noord-Limburg that the demo region is laid out on."""

from dataclasses import dataclass

REGION_CODE = "noord-limburg"
REGION_NAME = "Noord-Limburg"


@dataclass(frozen=True)
class Town:
    """A woonplaats: its name, share of the municipality's addresses, centre and postcode numbers."""

    name: str
    share: float
    centre: tuple[float, float]  # RD New metres, estimated from the town's WGS84 centre
    postcode_numbers: tuple[int, ...]


@dataclass(frozen=True)
class Place:
    """A municipality of the region with its population share and towns."""

    code: str  # CBS code, GM + the four digits BAG identifiers start with
    name: str
    share: float  # rough share of the region's population (CBS 2024, rounded)
    towns: tuple[Town, ...]

    @property
    def bag_code(self) -> str:
        return self.code[2:]

    @property
    def postcode_numbers(self) -> frozenset[int]:
        return frozenset(n for town in self.towns for n in town.postcode_numbers)


# Postcode numbers are the real PC4 areas of each town (rounded to the main ones).
PLACES: tuple[Place, ...] = (
    Place("GM0983", "Venlo", 0.37, (
        Town("Venlo", 0.40, (209700, 376000), (5911, 5912, 5913, 5914, 5915, 5916)),
        Town("Blerick", 0.30, (208000, 375700), (5921, 5922, 5923, 5924, 5925, 5926, 5928)),
        Town("Tegelen", 0.18, (207200, 373000), (5931, 5932)),
        Town("Belfeld", 0.05, (205900, 369600), (5951,)),
        Town("Velden", 0.04, (209400, 380800), (5941,)),
        Town("Arcen", 0.03, (210100, 387800), (5944,)),
    )),
    Place("GM1507", "Horst aan de Maas", 0.155, (
        Town("Horst", 0.45, (201100, 385200), (5961, 5962)),
        Town("Sevenum", 0.20, (200300, 380300), (5975,)),
        Town("Grubbenvorst", 0.15, (207600, 381600), (5971,)),
        Town("America", 0.10, (196100, 383300), (5966,)),
        Town("Hegelsom", 0.10, (200700, 382700), (5963,)),
    )),
    Place("GM1894", "Peel en Maas", 0.16, (
        Town("Panningen", 0.30, (196300, 371400), (5981,)),
        Town("Maasbree", 0.25, (201200, 374400), (5993,)),
        Town("Baarlo", 0.18, (204300, 371500), (5991,)),
        Town("Helden", 0.15, (197700, 370200), (5988,)),
        Town("Kessel", 0.12, (201500, 367100), (5995,)),
    )),
    Place("GM0984", "Venray", 0.16, (
        Town("Venray", 0.75, (195800, 393200), (5801, 5802, 5803, 5804)),
        Town("Ysselsteyn", 0.10, (190200, 389200), (5813,)),
        Town("Wanssum", 0.08, (202700, 394100), (5861,)),
        Town("Oostrum", 0.07, (198300, 395400), (5807,)),
    )),
    Place("GM0889", "Beesel", 0.048, (
        Town("Reuver", 0.70, (203200, 366300), (5953,)),
        Town("Beesel", 0.30, (200300, 364500), (5954,)),
    )),
    Place("GM0893", "Bergen (L.)", 0.047, (
        Town("Bergen", 0.45, (200200, 401400), (5854,)),
        Town("Well", 0.30, (203900, 396100), (5855,)),
        Town("Afferden", 0.25, (200000, 405900), (5851,)),
    )),
    Place("GM0907", "Gennep", 0.061, (
        Town("Gennep", 0.60, (195400, 412200), (6591,)),
        Town("Ottersum", 0.15, (196300, 412900), (6595,)),
        Town("Heijen", 0.13, (196100, 409200), (6598,)),
        Town("Milsbeek", 0.12, (193900, 415200), (6596,)),
    )),
)

PLACES_BY_CODE: dict[str, Place] = {place.code: place for place in PLACES}
