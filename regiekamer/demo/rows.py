"""The planned rows of the demo region: plain data, no database, so a plan can be compared."""

import datetime as dt
from dataclasses import dataclass, field


@dataclass(slots=True)
class BuildingRow:
    bag_id: str
    municipality_code: str
    building_year: int
    kind: str  # planning only: house, apartments, shop, business, logies
    addresses: list[int] = field(default_factory=list)  # indexes into Plan.addresses


@dataclass(slots=True)
class AddressRow:
    bag_id: str
    address_number_id: str
    municipality_code: str
    building: int  # index into Plan.buildings
    unit: str  # planning only: house, flat, upstairs, shop, business, logies
    street: str
    house_number: int
    house_letter: str
    house_number_addition: str
    postcode: str
    city: str
    area_code: str
    usage: tuple[str, ...]
    floor_area_m2: int
    building_year: int
    rd_x: float
    rd_y: float
    latitude: float
    longitude: float

    @property
    def is_residential(self) -> bool:
        return "woonfunctie" in self.usage or "logiesfunctie" in self.usage


@dataclass(slots=True)
class OwnerRow:
    kind: str  # company or person (registry.OwnerKind)
    kvk_number: str
    pseudonym: str
    name: str
    profile: str  # planning only: occupier, small, corporation, landlord, rogue, agency_housing(_snf), business
    employer: int | None = None  # planning only: the agency behind an agency-housing company


@dataclass(frozen=True, slots=True)
class OwnershipRow:
    address: int
    owner: int
    start_date: dt.date
    end_date: dt.date | None


@dataclass(frozen=True, slots=True)
class EmployerRow:
    kvk_number: str
    name: str
    is_agency: bool
    snf_certified: bool


@dataclass(slots=True)
class TruthRow:
    address: int
    is_problem: bool
    kind: str
    actual_persons: int = 0
    since: dt.date | None = None  # planning only: when the problem started
    visibility: str = ""  # planning only: visible, partial, hidden in the registers


@dataclass(frozen=True, slots=True)
class RegistrationRow:
    address: int
    person_ref: str
    registry: str
    start_date: dt.date
    end_date: dt.date | None
    employer: int | None  # index into Plan.employers


@dataclass(frozen=True, slots=True)
class MeldingRow:
    address: int
    category: str
    source: str
    received_on: dt.date
    description: str
    organisation: str | None  # key of a demo organisation (accounts.ORGANISATIONS)


@dataclass(frozen=True, slots=True)
class InspectionRow:
    address: int
    inspected_on: dt.date
    outcome: str
    severity: str
    organisation: str
    persons_present: int | None


@dataclass(slots=True)
class CaseRow:
    address: int
    case_type: str
    responsible: str  # organisation key
    opened_on: dt.date
    closed_on: dt.date | None
    participants: dict[str, dt.date] = field(default_factory=dict)  # organisation key -> since


@dataclass(slots=True)
class Plan:
    """Everything the generator will write, in insertion order."""

    seed: int
    today: dt.date
    buildings: list[BuildingRow] = field(default_factory=list)
    addresses: list[AddressRow] = field(default_factory=list)
    owners: list[OwnerRow] = field(default_factory=list)
    ownerships: list[OwnershipRow] = field(default_factory=list)
    employers: list[EmployerRow] = field(default_factory=list)
    truths: list[TruthRow] = field(default_factory=list)
    registrations: list[RegistrationRow] = field(default_factory=list)
    meldingen: list[MeldingRow] = field(default_factory=list)
    inspections: list[InspectionRow] = field(default_factory=list)
    cases: list[CaseRow] = field(default_factory=list)
