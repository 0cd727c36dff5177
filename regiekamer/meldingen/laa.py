"""LAA signals (Landelijke Aanpak Adreskwaliteit): the rules as data, and the services.

RvIG sends a municipality monthly risk signals about addresses (many residents per m², frequent
movers, a transit address, returned mail...). Each signal becomes a melding with source LAA in the
intake queue, plus an LaaSignal holding RvIG's number, the indicator and the day it came in. The
municipality reports a status within 4 weeks (in onderzoek, or at once afgerond) and the result
within 6 months (afgerond met / zonder BRP-mutatie). Statuses are appended, never edited.

The CSV file from RvIG (also shown on the import page, laa/import.html):

- Text in UTF-8 (a byte-order mark is allowed); the separator is a semicolon or a comma, whichever
  the first line uses; fields may be quoted ("...").
- The first line names the columns (upper or lower case, in any order); it is row 1, so the first
  signal is row 2, as in a spreadsheet. Empty lines are skipped.
- Columns:
    signaalnummer  required  RvIG's number of the signal: at most 40 letters, digits and - _ / . ;
                             unique in the file and, once imported, in the municipality
    bag_id                   the address's BAG id (verblijfsobject), 16 digits
    postcode                 the address by postcode (1234AB, a space allowed) and house number,
    huisnummer               with huisletter and toevoeging where the address has them;
    huisletter               give bag_id or postcode + huisnummer per row; given both, they must
    toevoeging               name the same address
    indicator      required  one of the codes of LaaIndicator (veel_bewoners, veelverhuizers, ...)
    datum          required  the day RvIG sent the signal: JJJJ-MM-DD or DD-MM-JJJJ; not in the future
- Either the column bag_id or both columns postcode and huisnummer must be present; any other
  column name is refused (a misspelt column would otherwise be ignored without a word).
- At most MAX_ROWS signals and MAX_FILE_BYTES per file.

The whole file is checked before anything is stored; one fault refuses the file, and the report
names row, column and rule for every fault. A signal number already imported with the same
address, indicator and date is skipped (so importing the same file twice changes nothing); with
other content it is a fault. Addresses are looked up in one query for the whole file.

A municipality's monthly file holds tens to hundreds of signals, so the import runs within the
request; MAX_ROWS keeps it there.
"""

import calendar
import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _, gettext_lazy

from regiekamer.registry.models import Address, Municipality

from .models import LaaIndicator, LaaSignal, LaaStatus as S, LaaStatusChange, MeldingCategory as C, MeldingSource
from .services import EARLIEST_RECEIVED_ON, register_melding

# --- the rules as data -----------------------------------------------------------------------

TRANSITIONS: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.INVESTIGATING, S.CLOSED_WITH_CHANGE, S.CLOSED_WITHOUT_CHANGE}),
    S.INVESTIGATING: frozenset({S.CLOSED_WITH_CHANGE, S.CLOSED_WITHOUT_CHANGE}),
    S.CLOSED_WITH_CHANGE: frozenset(),
    S.CLOSED_WITHOUT_CHANGE: frozenset(),
}
CLOSED: frozenset[str] = frozenset({S.CLOSED_WITH_CHANGE, S.CLOSED_WITHOUT_CHANGE})


def next_statuses(current: str) -> list[str]:
    """The statuses that may follow `current`, in the order of LaaStatus (for forms and messages)."""
    return [status for status in S.values if status in TRANSITIONS[current]]


# RvIG wants to know why a signal was closed: what was found and what changed in the BRP.
NEEDS_NOTE: frozenset[str] = CLOSED

# Which melding category a signal lands in, so that the routing rules send it to the right desk.
INDICATOR_CATEGORY: dict[str, str] = {
    LaaIndicator.MANY_RESIDENTS: C.OVERCROWDING,
    LaaIndicator.FREQUENT_MOVERS: C.ILLEGAL_LETTING,
    LaaIndicator.TRANSIT_ADDRESS: C.ILLEGAL_LETTING,
    LaaIndicator.RETURNED_MAIL: C.OTHER,
    LaaIndicator.NON_RESIDENTIAL: C.UNSAFE_HOUSING,
    LaaIndicator.RECREATIONAL: C.ILLEGAL_LETTING,
    LaaIndicator.OTHER: C.OTHER,
}
assert set(INDICATOR_CATEGORY) == set(LaaIndicator.values), "every indicator needs a category"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later; the last day of the month where that day
    does not exist (31 August + 6 months = 28 February)."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Deadline:
    """A term counted from the day the signal came in, met once the status is one of `met_by`."""

    key: str  # in URLs (?te_laat=status)
    label: Promise
    met_by: frozenset[str]
    days: int = 0
    months: int = 0

    def due(self, received_on: dt.date) -> dt.date:
        """The last day on which the deadline is still met."""
        return add_months(received_on, self.months) + dt.timedelta(days=self.days)

    def overdue_before(self, today: dt.date) -> dt.date:
        """Signals received before this day are past the deadline today (unless met): the first
        day whose due date is today or later. `due` never decreases, so a search finds it."""
        low = today - dt.timedelta(days=self.days + 31 * self.months + 31)
        high = today
        while low < high:
            middle = low + (high - low) // 2
            if self.due(middle) >= today:
                high = middle
            else:
                low = middle + dt.timedelta(days=1)
        return low


DEADLINES: tuple[Deadline, ...] = (
    Deadline("status", gettext_lazy("Status"), met_by=TRANSITIONS[S.RECEIVED], days=28),
    Deadline("resultaat", gettext_lazy("Resultaat"), met_by=CLOSED, months=6),
)
DEADLINE_BY_KEY: dict[str, Deadline] = {deadline.key: deadline for deadline in DEADLINES}


@dataclass(frozen=True)
class DeadlineState:
    deadline: Deadline
    due: dt.date
    met: bool
    overdue: bool


def deadline_states(received_on: dt.date, status: str, today: dt.date) -> list[DeadlineState]:
    """Each deadline of a signal: its due date, and whether it is met or overdue today."""
    states = []
    for deadline in DEADLINES:
        due, met = deadline.due(received_on), status in deadline.met_by
        states.append(DeadlineState(deadline, due, met, not met and today > due))
    return states


# --- addresses -------------------------------------------------------------------------------

POSTCODE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")
BAG_ID = re.compile(r"^[0-9]{16}$")
SIGNAL_NUMBER = re.compile(r"^[A-Za-z0-9._/-]{1,40}$")
ADDITION = re.compile(r"^[A-Za-z0-9]{1,4}$")
MAX_NOTE = 2000


def normal_postcode(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def _address_key(postcode: str, number: int | None, letter: str, addition: str) -> tuple:
    return (postcode, number, (letter or "").upper(), (addition or "").upper())


@dataclass
class AddressBook:
    """The municipality's addresses asked for by a form or a file, read in one query."""

    municipality: Municipality
    by_bag_id: dict[str, Address] = field(default_factory=dict)
    by_number: dict[tuple, Address] = field(default_factory=dict)
    on_number: dict[tuple, list[Address]] = field(default_factory=dict)  # (postcode, number): all

    @classmethod
    def read(cls, municipality: Municipality, bag_ids: Iterable[str], postcodes: Iterable[str]) -> "AddressBook":
        book = cls(municipality)
        bag_ids, postcodes = set(bag_ids), set(postcodes)
        if not bag_ids and not postcodes:
            return book
        for address in Address.objects.filter(
            Q(bag_id__in=bag_ids) | Q(postcode__in=postcodes), municipality=municipality,
        ).order_by("house_number", "house_letter", "house_number_addition"):
            book.by_bag_id[address.bag_id] = address
            book.by_number[_address_key(address.postcode, address.house_number, address.house_letter,
                                        address.house_number_addition)] = address
            book.on_number.setdefault((address.postcode, address.house_number), []).append(address)
        return book

    def find(self, postcode: str, number: int, letter: str = "", addition: str = "") -> Address | str:
        """The address, or a Dutch sentence saying why there is none."""
        address = self.by_number.get(_address_key(postcode, number, letter, addition))
        if address is not None:
            return address
        place = _("postcode %(postcode)s, huisnummer %(number)s%(rest)s") % {
            "postcode": f"{postcode[:4]} {postcode[4:]}", "number": number,
            "rest": f"{letter.upper()}{'-' + addition.upper() if addition else ''}"}
        others = self.on_number.get((postcode, number), [])
        if others:
            return _("%(municipality)s heeft geen adres met %(place)s; op dit nummer staan: %(options)s.") % {
                "municipality": self.municipality.name, "place": place,
                "options": ", ".join(a.street_line for a in others)}
        return _("%(municipality)s heeft geen adres met %(place)s.") % {
            "municipality": self.municipality.name, "place": place}


# --- checks shared by the form and the file ----------------------------------------------------


def check_signal_number(value: str) -> str | None:
    if not value:
        return _("Vul het signaalnummer in.")
    if not SIGNAL_NUMBER.match(value):
        return _("Een signaalnummer bestaat uit ten hoogste 40 letters, cijfers en de tekens - _ / .")
    return None


def check_indicator(value: str) -> str | None:
    if value in LaaIndicator.values:
        return None
    return _("Onbekende indicator '%(value)s'; kies uit: %(options)s.") % {
        "value": value[:40], "options": ", ".join(LaaIndicator.values)}


def check_received_on(value: dt.date | None) -> str | None:
    if value is None:
        return _("Vul de datum van ontvangst in.")
    if value > timezone.localdate():
        return _("De datum van ontvangst ligt in de toekomst.")
    if value < EARLIEST_RECEIVED_ON:
        return _("De datum van ontvangst ligt voor 2000.")
    return None


def check_house(postcode: str, number: str, letter: str, addition: str) -> dict[str, str]:
    """Errors by field name (postcode, huisnummer, huisletter, toevoeging) of a typed address."""
    errors = {}
    if not postcode:
        errors["postcode"] = _("Vul de postcode in.")
    elif not POSTCODE.match(postcode):
        errors["postcode"] = _("Een postcode bestaat uit 4 cijfers en 2 letters, zoals 5911 AA.")
    if not number:
        errors["huisnummer"] = _("Vul het huisnummer in.")
    elif not number.isdigit() or int(number) == 0 or len(number) > 6:
        errors["huisnummer"] = _("Een huisnummer is een geheel getal groter dan 0.")
    if letter and not (len(letter) == 1 and letter.isalpha() and letter.isascii()):
        errors["huisletter"] = _("Een huisletter is één letter.")
    if addition and not ADDITION.match(addition):
        errors["toevoeging"] = _("Een toevoeging is ten hoogste 4 letters of cijfers.")
    return errors


def _description(signal_number: str, indicator: str, note: str) -> str:
    text = _("LAA-signaal %(number)s van RvIG: %(indicator)s.") % {
        "number": signal_number, "indicator": LaaIndicator(indicator).label}
    return f"{text}\n\n{note}" if note else text


def _store(*, actor: User, municipality: Municipality, rows: list["SignalRow"]) -> list[LaaSignal]:
    """Make the meldingen and the signals; the caller holds the transaction."""
    signals = []
    for row in rows:
        melding = register_melding(
            actor=actor, address=row.address, municipality=municipality, source=MeldingSource.LAA,
            category=INDICATOR_CATEGORY[row.indicator], received_on=row.received_on,
            description=_description(row.signal_number, row.indicator, row.note),
        )
        signals.append(LaaSignal(melding=melding, municipality=municipality, signal_number=row.signal_number,
                                 indicator=row.indicator, received_on=row.received_on))
    try:
        return LaaSignal.objects.bulk_create(signals)
    except IntegrityError:
        # Someone stored the same number between our check and now; the transaction rolls back.
        raise ValidationError({"signal_number": _("Dit signaalnummer is zojuist door een ander ingevoerd.")})


@dataclass(frozen=True)
class SignalRow:
    signal_number: str
    address: Address
    indicator: str
    received_on: dt.date
    note: str = ""

    def same_as(self, signal: LaaSignal) -> bool:
        return (signal.melding.address_id, signal.indicator, signal.received_on) == (
            self.address.pk, self.indicator, self.received_on)


# --- services --------------------------------------------------------------------------------


@transaction.atomic
def register_laa_signal(
    *, actor: User, municipality: Municipality, signal_number: str, indicator: str, received_on: dt.date | None,
    postcode: str, house_number: str, house_letter: str = "", addition: str = "", note: str = "",
) -> LaaSignal:
    """Enter one signal: a melding with source LAA on the address, and the signal itself."""
    signal_number, note = (signal_number or "").strip(), (note or "").strip()
    postcode = normal_postcode(postcode)
    house_number, house_letter, addition = ((house_number or "").strip(), (house_letter or "").strip(),
                                            (addition or "").strip())
    errors: dict[str, str] = {}
    for name, message in (("signal_number", check_signal_number(signal_number)),
                          ("indicator", check_indicator(indicator)),
                          ("received_on", check_received_on(received_on))):
        if message:
            errors[name] = message
    if len(note) > MAX_NOTE:
        errors["note"] = _("Een toelichting is ten hoogste %(max)d tekens.") % {"max": MAX_NOTE}
    form_names = {"postcode": "postcode", "huisnummer": "house_number", "huisletter": "house_letter",
                  "toevoeging": "addition"}
    house_errors = check_house(postcode, house_number, house_letter, addition)
    errors.update({form_names[name]: message for name, message in house_errors.items()})
    address = None
    if not house_errors:
        found = AddressBook.read(municipality, (), [postcode]).find(postcode, int(house_number), house_letter,
                                                                      addition)
        if isinstance(found, str):
            errors["postcode"] = found
        else:
            address = found
    if "signal_number" not in errors and LaaSignal.objects.filter(
            municipality=municipality, signal_number=signal_number).exists():
        errors["signal_number"] = _("Signaalnummer %(number)s is al ingevoerd.") % {"number": signal_number}
    if errors:
        raise ValidationError(errors)
    row = SignalRow(signal_number, address, indicator, received_on, note)
    return _store(actor=actor, municipality=municipality, rows=[row])[0]


@transaction.atomic
def set_laa_status(*, actor: User, signal: LaaSignal, status: str, on: dt.date | None, note: str = "") -> LaaStatusChange:
    """Append a status to a signal's history, if the transition table allows it."""
    # The lock makes two handlers setting a status at once take turns, so each sees the other's.
    signal = LaaSignal.objects.select_for_update().get(pk=signal.pk)
    last = signal.status_changes.order_by("-id").first()
    current = last.status if last else S.RECEIVED
    note = (note or "").strip()
    errors: dict[str, str] = {}
    if status not in TRANSITIONS.get(current, ()):
        errors["status"] = (
            _("Dit signaal is afgerond (%(status)s); de status verandert niet meer.") if not TRANSITIONS[current]
            else _("Van %(status)s kan het signaal alleen naar: %(options)s.")
        ) % {"status": S(current).label, "options": ", ".join(str(S(s).label) for s in next_statuses(current))}
    if on is None:
        errors["on"] = _("Vul de datum in.")
    elif on > timezone.localdate():
        errors["on"] = _("De datum ligt in de toekomst.")
    elif on < signal.received_on:
        errors["on"] = _("De datum ligt voor de ontvangst van het signaal (%(date)s).") % {
            "date": f"{signal.received_on:%d-%m-%Y}"}
    elif last is not None and on < last.on:
        errors["on"] = _("De datum ligt voor de vorige status (%(date)s).") % {"date": f"{last.on:%d-%m-%Y}"}
    if status in NEEDS_NOTE and not note:
        errors["note"] = _("Licht toe wat het onderzoek opleverde.")
    elif len(note) > MAX_NOTE:
        errors["note"] = _("Een toelichting is ten hoogste %(max)d tekens.") % {"max": MAX_NOTE}
    if errors:
        raise ValidationError(errors)
    return LaaStatusChange.objects.create(
        signal=signal, status=status, on=on, note=note, actor=actor,
        actor_name=actor.get_full_name() or actor.get_username(),
    )


# --- the CSV file ----------------------------------------------------------------------------

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
REQUIRED_COLUMNS = ("signaalnummer", "indicator", "datum")
ADDRESS_COLUMNS = ("bag_id", "postcode", "huisnummer", "huisletter", "toevoeging")
COLUMNS = (*REQUIRED_COLUMNS, *ADDRESS_COLUMNS)
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y")


@dataclass(frozen=True)
class Fault:
    """One broken rule: the row (1 is the header; None for the file as a whole) and the column."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column is None:
            return _("Rij %(row)d: %(message)s") % {"row": self.row, "message": self.message}
        return _("Rij %(row)d, kolom %(column)s: %(message)s") % {
            "row": self.row, "column": self.column, "message": self.message}


@dataclass
class LaaImportReport:
    faults: list[Fault] = field(default_factory=list)
    new: list[SignalRow] = field(default_factory=list)
    skipped: int = 0  # already imported with the same content
    created: int = 0

    @property
    def accepted(self) -> bool:
        return not self.faults


def _parse_date(value: str) -> dt.date | None:
    for date_format in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, date_format).date()
        except ValueError:
            continue
    return None


def _read_table(data: bytes, report: LaaImportReport) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
    """The header and the (row number, fields) of a file, or None with faults in the report."""
    if len(data) > MAX_FILE_BYTES:
        report.faults.append(Fault(None, None, _("Het bestand is groter dan %(max)d MB.") % {
            "max": MAX_FILE_BYTES // 2**20}))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.faults.append(Fault(None, None, _("Het bestand is geen tekst in UTF-8; sla het op als CSV UTF-8.")))
        return None
    if "\x00" in text:
        report.faults.append(Fault(None, None, _("Het bestand is geen CSV-tekst.")))
        return None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") and ";" in first_line else ","
    try:
        lines = [(number, fields) for number, fields in
                 enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1)]
    except csv.Error as error:
        report.faults.append(Fault(None, None, _("Het bestand is geen geldige CSV: %(error)s") % {"error": error}))
        return None
    lines = [(number, fields) for number, fields in lines if any(f.strip() for f in fields)]
    if not lines:
        report.faults.append(Fault(None, None, _("Het bestand is leeg.")))
        return None
    (header_row, header), rows = lines[0], lines[1:]
    header = [name.strip().lower() for name in header]
    seen: set[str] = set()
    for name in header:
        if name not in COLUMNS:
            report.faults.append(Fault(header_row, name or "''", _("Onbekende kolom; toegestaan zijn: %(columns)s.")
                                       % {"columns": ", ".join(COLUMNS)}))
        elif name in seen:
            report.faults.append(Fault(header_row, name, _("Deze kolom staat er twee keer in.")))
        seen.add(name)
    for name in REQUIRED_COLUMNS:
        if name not in seen:
            report.faults.append(Fault(header_row, name, _("Deze kolom ontbreekt.")))
    if "bag_id" not in seen and not {"postcode", "huisnummer"} <= seen:
        report.faults.append(Fault(header_row, "bag_id", _("Geef de kolom bag_id of de kolommen postcode en huisnummer.")))
    if not rows:
        report.faults.append(Fault(None, None, _("Het bestand bevat geen signalen.")))
    elif len(rows) > MAX_ROWS:
        report.faults.append(Fault(None, None, _("Het bestand bevat %(count)d signalen; ten hoogste %(max)d per bestand.")
                                   % {"count": len(rows), "max": MAX_ROWS}))
    if report.faults:
        return None
    return header, rows


def check_laa_file(*, municipality: Municipality, data: bytes) -> LaaImportReport:
    """Check a whole file against every rule, reading addresses and known signals in one query each."""
    report = LaaImportReport()
    table = _read_table(data, report)
    if table is None:
        return report
    header, rows = table
    records: list[tuple[int, dict[str, str]]] = []
    for number, fields in rows:
        if len(fields) != len(header):
            report.faults.append(Fault(number, None, _("%(count)d velden, de kopregel heeft er %(header)d.")
                                       % {"count": len(fields), "header": len(header)}))
            continue
        records.append((number, {name: value.strip() for name, value in zip(header, fields)}))
    book = AddressBook.read(
        municipality, [r.get("bag_id", "") for _n, r in records if r.get("bag_id")],
        [normal_postcode(r.get("postcode", "")) for _n, r in records if r.get("postcode")],
    )
    first_row: dict[str, int] = {}
    checked: list[tuple[int, SignalRow]] = []
    for number, record in records:
        faults = []
        signal_number = record["signaalnummer"]
        if message := check_signal_number(signal_number):
            faults.append(Fault(number, "signaalnummer", message))
        elif signal_number in first_row:
            faults.append(Fault(number, "signaalnummer", _("Dit signaalnummer staat ook in rij %(row)d.")
                                % {"row": first_row[signal_number]}))
        else:
            first_row[signal_number] = number
        indicator = record["indicator"].lower()
        if message := check_indicator(indicator):
            faults.append(Fault(number, "indicator", message))
        received_on = _parse_date(record["datum"]) if record["datum"] else None
        if record["datum"] and received_on is None:
            faults.append(Fault(number, "datum", _("'%(value)s' is geen datum; schrijf JJJJ-MM-DD of DD-MM-JJJJ.")
                                % {"value": record["datum"][:40]}))
        elif message := check_received_on(received_on):
            faults.append(Fault(number, "datum", message))
        address, address_faults = _row_address(book, number, record)
        faults += address_faults
        report.faults += faults
        if not faults:
            checked.append((number, SignalRow(signal_number, address, indicator, received_on)))
    known = {signal.signal_number: signal for signal in LaaSignal.objects.filter(
        municipality=municipality, signal_number__in=[row.signal_number for _n, row in checked],
    ).select_related("melding")}
    for number, row in checked:
        signal = known.get(row.signal_number)
        if signal is None:
            report.new.append(row)
        elif row.same_as(signal):
            report.skipped += 1
        else:
            report.faults.append(Fault(number, "signaalnummer", _(
                "Signaalnummer %(number)s is al ingelezen met een ander adres, een andere indicator of datum.")
                % {"number": row.signal_number}))
    report.faults.sort(key=lambda fault: (fault.row or 0, COLUMNS.index(fault.column) if fault.column in COLUMNS else -1))
    return report


def _row_address(book: AddressBook, number: int, record: dict[str, str]) -> tuple[Address | None, list[Fault]]:
    bag_id = record.get("bag_id", "")
    postcode = normal_postcode(record.get("postcode", ""))
    house = (record.get("huisnummer", ""), record.get("huisletter", ""), record.get("toevoeging", ""))
    by_bag_id = None
    if bag_id:
        if not BAG_ID.match(bag_id):
            return None, [Fault(number, "bag_id", _("Een BAG-id bestaat uit 16 cijfers."))]
        by_bag_id = book.by_bag_id.get(bag_id)
        if by_bag_id is None:
            return None, [Fault(number, "bag_id", _("%(municipality)s heeft geen adres met BAG-id %(bag_id)s.")
                                % {"municipality": book.municipality.name, "bag_id": bag_id})]
        if not postcode and not any(house):
            return by_bag_id, []
    elif not postcode and not house[0]:
        column = "postcode" if "postcode" in record else "bag_id"
        return None, [Fault(number, column, _("Vul een BAG-id of een postcode en huisnummer in."))]
    errors = check_house(postcode, *house)
    if errors:
        return None, [Fault(number, column, message) for column, message in errors.items()]
    found = book.find(postcode, int(house[0]), house[1], house[2])
    if isinstance(found, str):
        return None, [Fault(number, "postcode", found)]
    if by_bag_id is not None and found != by_bag_id:
        return None, [Fault(number, "postcode", _("Postcode en huisnummer horen niet bij BAG-id %(bag_id)s.")
                            % {"bag_id": bag_id})]
    return found, []


@transaction.atomic
def import_laa_file(*, actor: User, municipality: Municipality, data: bytes) -> LaaImportReport:
    """Import RvIG's CSV file: every row or nothing; rows imported before are skipped."""
    report = check_laa_file(municipality=municipality, data=data)
    if report.accepted and report.new:
        report.created = len(_store(actor=actor, municipality=municipality, rows=report.new))
    return report
