"""The quarterly council report of a municipality: its figures, the three files, and the task's body.

`report_figures()` makes the two dashboards the municipal page shows, through the same call
(dashboard.municipal): the quarter per month, and the year to date per quarter from 1 January to
the quarter's last day. It flattens them into lines, one per figure x period x breakdown; the PDF,
the CSV and the Excel file all write those lines, so the three files and the screen cannot differ.

The report holds counts only: no address, no name, no person. Neighbourhood codes and small
numbers are in it, as in the dashboard itself: it is the municipality's own report.

`execute_report()` is the background task's body (report_tasks.py): it claims a queued report,
saves its progress while it works, and stores the three files in one update, or fails with a
Dutch error; a report never stays "running".
"""

import csv
import datetime as dt
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import xlsxwriter
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override
from fpdf import FPDF
from fpdf.fonts import FontFace

from regiekamer.enforcement.letters import latin1
from regiekamer.registry.models import Municipality

from .dashboard import Dashboard, Figure, municipal
from .measures import Bucket, quarter_of
from .models import Report, ReportStatus

logger = logging.getLogger(__name__)

QUARTER_GRAIN = "month"
YEAR_GRAIN = "quarter"
SOURCE = "bron: Regiekamer, geregistreerde gegevens"
# The key figures drawn as bar charts, each with its table.
CHART_KEYS = ("meldingen_ontvangen", "controles_uitgevoerd", "trefkans")

# What kind of period a line is about (the CSV's "soort periode").
KIND_MONTH = "maand"
KIND_QUARTER = "kwartaal"
KIND_YEAR = "jaar tot en met kwartaal"
KIND_STATE = "stand"
KIND_PROJECT = "projectperiode tot nu"

Progress = Callable[[int, str], None]


class ReportRefused(Exception):
    """The report cannot be made; the message (Dutch) is stored on the report."""


def quarter_period(year: int, quarter: int) -> Bucket:
    """The quarter as a period: "2026-Q3", 1 July to 30 September."""
    if quarter not in (1, 2, 3, 4):
        raise ReportRefused(_("Een kwartaal is 1, 2, 3 of 4."))
    return quarter_of(dt.date(year, 3 * quarter - 2, 1))


@dataclass(frozen=True)
class Line:
    """One figure in one period, for the whole municipality or one part of a breakdown."""

    section: str
    key: str
    label: str
    unit: str
    period: str  # "2026-07", "2026-Q3", "2026-Q1/2026-Q3" (the year to date), or a day for a state
    kind: str  # KIND_*
    first: dt.date
    last: dt.date
    breakdown: str = ""  # "categorie", "status", "buurt"...; "" = not split
    part: str = ""  # the part's label ("Overbewoning", a neighbourhood code...)
    value: int | float | None = None


@dataclass
class ReportFigures:
    """Everything the three files write: the two dashboards and their lines."""

    municipality: Municipality
    year: int
    quarter: int
    period: Bucket
    year_start: dt.date
    made_on: dt.date
    quarter_view: Dashboard
    year_view: Dashboard
    lines: list[Line] = field(default_factory=list)

    @property
    def months(self) -> list[Bucket]:
        return self.quarter_view.buckets

    @property
    def year_key(self) -> str:
        return f"{self.year}-Q1/{self.period.key}"

    @property
    def running(self) -> bool:
        """The quarter has not ended yet on the day the report was made."""
        return self.made_on < self.period.last

    @cached_property
    def _by_key(self) -> dict[tuple[str, str, str, str], int | float | None]:
        return {(line.key, line.period, line.breakdown, line.part): line.value for line in self.lines}

    def value(self, key: str, period: str, breakdown: str = "", part: str = "") -> int | float | None:
        """The value of one line; None where there is no such line or the value is missing."""
        return self._by_key.get((key, period, breakdown, part))

    def parts(self, key: str, breakdown: str) -> list[str]:
        """The parts of a breakdown that occur in the quarter or the year to date, in dashboard order."""
        seen: list[str] = []
        for line in self.lines:
            if line.key == key and line.breakdown == breakdown and line.part not in seen:
                seen.append(line.part)
        return seen

    def figures(self) -> list[tuple[str, list[Figure]]]:
        """The sections with their figures, and the occupancy, in the dashboard's order."""
        sections = [(section.label, section.figures) for section in self.quarter_view.sections]
        return sections + [(_("Bewoning"), [self.quarter_view.occupancy])]


def report_figures(municipality: Municipality, year: int, quarter: int, today: dt.date,
                   progress: Progress | None = None) -> ReportFigures:
    """The figures of the council report for one quarter: what all three files write."""
    step = progress or (lambda percent, text: None)
    period = quarter_period(year, quarter)
    if period.first > today:
        raise ReportRefused(_("Het %(quarter)s is nog niet begonnen; er is niets te rapporteren.")
                            % {"quarter": _quarter_label(period)})
    step(10, _("Cijfers van het kwartaal tellen"))
    quarter_view = municipal(municipality, period.first, period.last, QUARTER_GRAIN, today)
    step(40, _("Cijfers van het jaar tot nu tellen"))
    year_start = dt.date(year, 1, 1)
    year_view = municipal(municipality, year_start, period.last, YEAR_GRAIN, today)
    figures = ReportFigures(municipality, year, quarter, period, year_start, today, quarter_view, year_view)
    figures.lines = _lines(figures)
    return figures


def _quarter_label(period: Bucket) -> str:
    return _("%(quarter)se kwartaal van %(year)s") % {"quarter": period.key[-1], "year": period.first.year}


def _lines(report: ReportFigures) -> list[Line]:
    lines: list[Line] = []
    year_figures = {f.key: f for _label, fs in _year_sections(report.year_view) for f in fs}
    for section_label, figures in report.figures():
        for figure in figures:
            base = {"section": section_label, "key": figure.key, "label": figure.label, "unit": figure.unit}
            for point in figure.series:
                lines.append(Line(**base, period=point.bucket.key, kind=KIND_MONTH, first=point.bucket.first,
                                  last=point.bucket.last, value=point.value))
            lines.append(Line(**base, period=report.period.key, kind=KIND_QUARTER, first=report.period.first,
                              last=report.period.last, value=figure.total))
            year_figure = year_figures[figure.key]
            for point in year_figure.series[:-1]:  # the last quarter of the year is the report's quarter
                lines.append(Line(**base, period=point.bucket.key, kind=KIND_QUARTER, first=point.bucket.first,
                                  last=point.bucket.last, value=point.value))
            lines.append(Line(**base, period=report.year_key, kind=KIND_YEAR, first=report.year_start,
                              last=report.period.last, value=year_figure.total))
            year_parts = {(b.label, p.label): p.count for b in year_figure.breakdowns for p in b.parts}
            for breakdown in figure.breakdowns:
                quarter_parts = {p.label: p.count for p in breakdown.parts}
                names = list(quarter_parts) + [label for (b, label) in year_parts
                                               if b == breakdown.label and label not in quarter_parts]
                for name in names:
                    lines.append(Line(**base, period=report.period.key, kind=KIND_QUARTER, first=report.period.first,
                                      last=report.period.last, breakdown=breakdown.label, part=name,
                                      value=quarter_parts.get(name, 0)))
                    lines.append(Line(**base, period=report.year_key, kind=KIND_YEAR, first=report.year_start,
                                      last=report.period.last, breakdown=breakdown.label, part=name,
                                      value=year_parts.get((breakdown.label, name), 0)))
    lines += _case_lines(report)
    lines += _area_lines(report)
    lines += _target_lines(report)
    return lines


def _year_sections(year: Dashboard) -> list[tuple[str, list[Figure]]]:
    return [(section.label, section.figures) for section in year.sections] + [("", [year.occupancy])]


def _case_lines(report: ReportFigures) -> list[Line]:
    """Open cases by status on the day the report was made."""
    day, section, lines = report.made_on, _("Zaken"), []
    state = {"section": section, "period": day.isoformat(), "kind": KIND_STATE, "first": day, "last": day}
    states = report.quarter_view.cases
    lines.append(Line(**state, key="zaken_open", label=_("Open zaken"), unit=_("aantal"),
                      value=sum(s.open for s in states)))
    lines.append(Line(**state, key="zaken_over_termijn", label=_("Open zaken over de termijn van hun status"),
                      unit=_("aantal"), value=sum(s.overdue for s in states)))
    for s in states:
        split = dict(state, breakdown="status", part=s.label)
        lines.append(Line(**split, key="zaken_open", label=_("Open zaken"), unit=_("aantal"), value=s.open))
        lines.append(Line(**split, key="zaken_over_termijn", label=_("Open zaken over de termijn van hun status"),
                          unit=_("aantal"), value=s.overdue))
        lines.append(Line(**split, key="zaken_leeftijd_mediaan", label=_("Leeftijd van de open zaken (mediaan)"),
                          unit=_("dagen"), value=s.median_age_days))
        lines.append(Line(**split, key="zaken_leeftijd_oudste", label=_("Leeftijd van de oudste open zaak"),
                          unit=_("dagen"), value=s.oldest_days))
    return lines


def _area_lines(report: ReportFigures) -> list[Line]:
    """Per neighbourhood: the activity in the quarter and the year, and the addresses over the norm."""
    section, lines = _("Buurten"), []
    keys = (("buurt_meldingen", _("Meldingen ontvangen"), "meldingen"),
            ("buurt_controles", _("Controles uitgevoerd"), "inspections"),
            ("buurt_overtredingen", _("Controles met een overtreding"), "violations"))
    views = ((report.quarter_view, report.period.key, KIND_QUARTER, report.period.first),
             (report.year_view, report.year_key, KIND_YEAR, report.year_start))
    for view, period, kind, first in views:
        for area in view.areas:
            for key, label, attribute in keys:
                lines.append(Line(section, key, label, _("aantal"), period, kind, first, report.period.last,
                                  breakdown="buurt", part=area.area_code or _("zonder buurt"),
                                  value=getattr(area, attribute)))
    on = report.quarter_view.snapshot_on
    if on is not None:
        for area in report.quarter_view.areas:
            if area.over_norm is not None:
                lines.append(Line(section, "buurt_boven_norm", _("Adressen boven de oppervlaktenorm"), _("aantal"),
                                  on.isoformat(), KIND_STATE, on, on, breakdown="buurt",
                                  part=area.area_code or _("zonder buurt"), value=area.over_norm))
    return lines


def _target_lines(report: ReportFigures) -> list[Line]:
    """Each target of the municipality's projects: the goal, what was reached, and where it should be now."""
    section, lines = _("Doelen"), []
    for progress in report.quarter_view.targets:
        target = progress.target
        base = {
            "section": section, "key": target.measure, "label": f"{progress.project.name}: {progress.label}",
            "unit": str(target.get_kind_display()), "kind": KIND_PROJECT, "breakdown": "doel",
            "period": f"{progress.measured_from.isoformat()}/{progress.measured_to.isoformat()}",
            "first": progress.measured_from, "last": progress.measured_to,
        }
        lines.append(Line(**base, part=_("streefwaarde"), value=_plain(progress.goal)))
        lines.append(Line(**base, part=_("gerealiseerd"), value=progress.actual))
        if progress.expected_now is not None:
            lines.append(Line(**base, part=_("verwacht bij gelijk tempo"), value=progress.expected_now))
    return lines


def _plain(number) -> int | float:
    value = float(number)
    return int(value) if value.is_integer() else value


# --- numbers as text ----------------------------------------------------------------------------------


def number_nl(value: float | None, *, empty: str = "-") -> str:
    """Dutch notation: 1.234 and 66,7; a missing value as a dash."""
    if value is None:
        return empty
    if isinstance(value, float) and not value.is_integer():
        whole, decimals = f"{value:,.1f}".split(".")
        return f"{whole.replace(',', '.')},{decimals}"
    return f"{int(value):,}".replace(",", ".")


def _csv_number(value: float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value}".replace(".", ",")
    return str(int(value))


# --- CSV and Excel ------------------------------------------------------------------------------------

COLUMNS = ("sectie", "meetwaarde", "omschrijving", "eenheid", "periode", "soort periode", "van", "tot en met",
           "uitsplitsing", "onderdeel", "waarde")


def _row(line: Line) -> list:
    return [line.section, line.key, line.label, line.unit, line.period, line.kind, line.first, line.last,
            line.breakdown, line.part, line.value]


def csv_bytes(report: ReportFigures) -> bytes:
    """Semicolon-separated, UTF-8 with a byte-order mark (Excel in Dutch opens it as it is), decimal comma."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for line in report.lines:
        row = _row(line)
        row[6], row[7], row[10] = row[6].isoformat(), row[7].isoformat(), _csv_number(row[10])
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(report: ReportFigures) -> bytes:
    """An Excel workbook: the same lines as the CSV on the sheet "Cijfers" (numbers as numbers, dates
    as dates), and what they are on the sheet "Toelichting"."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties({"title": _title(report), "author": "Regiekamer", "comments": SOURCE,
                         "created": dt.datetime.combine(report.made_on, dt.time())})
    bold = book.add_format({"bold": True})
    day = book.add_format({"num_format": "d-m-yyyy"})
    sheet = book.add_worksheet(_("Cijfers"))
    sheet.write_row(0, 0, COLUMNS, bold)
    for number, line in enumerate(report.lines, start=1):
        for column, value in enumerate(_row(line)):
            if isinstance(value, dt.date):
                sheet.write_datetime(number, column, dt.datetime.combine(value, dt.time()), day)
            elif value is None:
                sheet.write_blank(number, column, None)
            elif isinstance(value, (int, float)):
                sheet.write_number(number, column, value)
            else:
                sheet.write_string(number, column, value)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(report.lines), len(COLUMNS) - 1)
    for column, width in enumerate((18, 24, 48, 12, 18, 22, 11, 11, 14, 28, 10)):
        sheet.set_column(column, column, width)
    notes = book.add_worksheet(_("Toelichting"))
    notes.set_column(0, 0, 110)
    for number, text in enumerate([_title(report), *_reading_guide(report)]):
        notes.write_string(number, 0, text, bold if number == 0 else None)
    book.close()
    return out.getvalue()


def _title(report: ReportFigures) -> str:
    return _("Kwartaalrapportage %(municipality)s, %(quarter)s") % {
        "municipality": report.municipality.name, "quarter": report.period.label}


def _reading_guide(report: ReportFigures) -> list[str]:
    """What the numbers are: periods, the state figures, and which figures do not add up."""
    lines = [
        _("Gemeente: %(name)s (%(code)s)") % {"name": report.municipality.name, "code": report.municipality.code},
        _("Kwartaal: %(quarter)s, %(first)s tot en met %(last)s") % {
            "quarter": report.period.label, "first": _day(report.period.first), "last": _day(report.period.last)},
        _("Jaar tot nu: %(first)s tot en met %(last)s") % {
            "first": _day(report.year_start), "last": _day(report.period.last)},
        _("Gemaakt op: %(day)s") % {"day": _day(report.made_on)},
        SOURCE[0].upper() + SOURCE[1:],
    ]
    if report.running:
        lines.append(_("Het kwartaal loopt nog: de cijfers gaan tot en met %(day)s.") % {"day": _day(report.made_on)})
    lines += [
        _("Alle cijfers zijn geteld uit de registraties in de Regiekamer, op dezelfde manier als het dashboard "
          "van de gemeente; doelen worden niet ingetypt maar geteld."),
        _("Mensen en adressen (verwezen, opgevolgd, binnen de norm gebracht, beëindigd) tellen eenmaal per "
          "periode: de maanden tellen daarom niet altijd op tot het kwartaal, en de kwartalen niet tot het jaar."),
        _("Adressen boven de oppervlaktenorm is een stand: het aantal bij de laatste momentopname in de periode."),
        _("Open zaken zijn de stand op de dag dat de rapportage is gemaakt."),
        _("Percentages zijn leeg als er niets te delen was."),
        _("De rapportage bevat alleen aantallen: geen adressen, geen namen, geen persoonsgegevens."),
    ]
    return lines


def _day(day: dt.date) -> str:
    return date_format(day, "j F Y")


# --- PDF ----------------------------------------------------------------------------------------------

PAGE_WIDTH = 190  # A4 less 10 mm margins


class _ReportPDF(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 6, latin1(self.footer_text) + f" - {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def pdf_bytes(report: ReportFigures) -> bytes:
    """The council report: a title page, the key figures as bar charts with their tables, every section's
    figures (per month, the quarter, the year to date) with their breakdowns, the targets, the open
    cases and the neighbourhoods."""
    pdf = _ReportPDF(format="A4", unit="mm")
    pdf.footer_text = f"{_title(report)} - {SOURCE}"
    pdf.set_title(latin1(_title(report)))
    pdf.set_author("Regiekamer")
    pdf.set_creation_date(dt.datetime.combine(report.made_on, dt.time(), tzinfo=dt.UTC))
    pdf.set_margins(10, 12, 10)
    pdf.set_auto_page_break(auto=True, margin=16)
    _title_page(pdf, report)
    pdf.add_page()
    _heading(pdf, _("Kerncijfers"))
    for key in CHART_KEYS:
        _chart(pdf, report, key)
    pdf.add_page()
    for number, (section, figures) in enumerate(report.figures()):
        if number and pdf.will_page_break(50):
            pdf.add_page()
        elif number:
            pdf.ln(4)
        _heading(pdf, section)
        _figure_table(pdf, report, figures)
        _breakdown_tables(pdf, report, figures)
    if pdf.will_page_break(60):
        pdf.add_page()
    else:
        pdf.ln(4)
    _targets(pdf, report)
    _cases(pdf, report)
    _areas(pdf, report)
    return bytes(pdf.output())


def _text(pdf: FPDF, text: str, *, size: float = 10, style: str = "", height: float = 5) -> None:
    pdf.set_font("Helvetica", style, size)
    pdf.multi_cell(0, height, latin1(text), new_x="LMARGIN", new_y="NEXT")


def _heading(pdf: FPDF, text: str, level: int = 1) -> None:
    if level == 1:
        _text(pdf, text, size=15, style="B", height=8)
    else:
        pdf.ln(2)
        _text(pdf, text, size=11, style="B", height=6)
    pdf.ln(1)


def _title_page(pdf: FPDF, report: ReportFigures) -> None:
    pdf.add_page()
    pdf.ln(50)
    _text(pdf, _("Kwartaalrapportage voor de gemeenteraad"), size=22, style="B", height=11)
    _text(pdf, _("Aanpak huisvesting arbeidsmigranten"), size=14, height=8)
    pdf.ln(8)
    _text(pdf, _("Gemeente %(name)s") % {"name": report.municipality.name}, size=14, style="B", height=8)
    _text(pdf, _("%(quarter)s: %(first)s tot en met %(last)s") % {
        "quarter": _quarter_label(report.period).capitalize(), "first": _day(report.period.first),
        "last": _day(report.period.last)}, size=12, height=7)
    _text(pdf, _("Gemaakt op %(day)s") % {"day": _day(report.made_on)}, size=12, height=7)
    _text(pdf, SOURCE, size=12, height=7)
    pdf.ln(12)
    for line in _reading_guide(report)[5:]:
        _text(pdf, line, size=9, height=4.5)
        pdf.ln(1)


def _columns(report: ReportFigures) -> list[tuple[str, str]]:
    """(period key, heading) of the figure tables: the months, the quarter, the year to date."""
    year_heading = _("Jaar t/m %(quarter)s") % {"quarter": f"K{report.quarter}"}
    return ([(month.key, month.label) for month in report.months]
            + [(report.period.key, report.period.label), (report.year_key, year_heading)])


def _table(pdf: FPDF, headings: list[str], rows: list[list[str]], widths: tuple[float, ...],
           align: str = "") -> None:
    """A table with a heading row (repeated on a new page); align: L or R per column, by default the
    first column left and the others (numbers) right."""
    align = align or "L" + "R" * (len(widths) - 1)
    pdf.set_font("Helvetica", "", 8.5)
    with pdf.table(col_widths=widths, width=sum(widths), align="LEFT", text_align=tuple("LEFT" if a == "L" else "RIGHT" for a in align), line_height=4.6,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(225, 232, 240)),
                   first_row_as_headings=True) as table:
        table.row([latin1(h) for h in headings])
        for row in rows:
            table.row([latin1(cell) for cell in row])
    pdf.ln(3)


def _value(report: ReportFigures, figure: Figure, period: str, breakdown: str = "", part: str = "") -> str:
    value = report.value(figure.key, period, breakdown, part)
    text = number_nl(value)
    return text + "%" if figure.is_ratio and value is not None else text


def _figure_table(pdf: FPDF, report: ReportFigures, figures: list[Figure]) -> None:
    columns = _columns(report)
    rows = [[figure.label] + [_value(report, figure, key) for key, _heading in columns] for figure in figures]
    _table(pdf, [_("Cijfer")] + [heading for _key, heading in columns], rows,
           (PAGE_WIDTH - 22 * len(columns),) + (22,) * len(columns))


def _breakdown_tables(pdf: FPDF, report: ReportFigures, figures: list[Figure]) -> None:
    rows = []
    for figure in figures:
        for breakdown in figure.breakdowns:
            for part in report.parts(figure.key, breakdown.label):
                rows.append([figure.label, breakdown.label, part,
                             _value(report, figure, report.period.key, breakdown.label, part),
                             _value(report, figure, report.year_key, breakdown.label, part)])
    if rows:
        _heading(pdf, _("Uitsplitsing"), level=2)
        columns = _columns(report)
        _table(pdf, [_("Cijfer"), _("naar"), _("onderdeel"), columns[-2][1], columns[-1][1]], rows,
               (62, 22, 62, 22, 22), align="LLLRR")


def _chart(pdf: FPDF, report: ReportFigures, key: str) -> None:
    """Bars for the months of the quarter, drawn with rectangles, and the same numbers as a table."""
    figure = report.quarter_view.figure(key)
    months = [(month, report.value(key, month.key)) for month in report.months]
    height, bar_width, gap, left = 32.0, 24.0, 14.0, pdf.l_margin + 8
    if pdf.will_page_break(height + 42):
        pdf.add_page()
    _heading(pdf, figure.label, level=2)
    top = pdf.get_y() + 4
    peak = max((value or 0 for _m, value in months), default=0) or 1
    pdf.set_draw_color(120, 120, 120)
    pdf.line(left - 2, top + height, left + len(months) * (bar_width + gap), top + height)
    pdf.set_font("Helvetica", "", 8)
    for number, (month, value) in enumerate(months):
        x = left + number * (bar_width + gap)
        bar = height * (value or 0) / peak
        pdf.set_fill_color(21, 66, 115)
        if bar > 0:
            pdf.rect(x, top + height - bar, bar_width, bar, style="F")
        pdf.set_xy(x, top + height - bar - 4.5)
        pdf.cell(bar_width, 4, latin1(_value(report, figure, month.key)), align="C")
        pdf.set_xy(x, top + height + 1)
        pdf.cell(bar_width, 4, latin1(month.label), align="C")
    pdf.set_fill_color(255, 255, 255)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_y(top + height + 7)
    columns = _columns(report)
    _table(pdf, [heading for _key, heading in columns], [[_value(report, figure, k) for k, _h in columns]],
           (30,) * len(columns), align="R" * len(columns))


def _targets(pdf: FPDF, report: ReportFigures) -> None:
    _heading(pdf, _("Doelen"))
    progress = report.quarter_view.targets
    if not progress:
        _text(pdf, _("Er zijn geen projecten met doelen die nu lopen of in het afgelopen jaar zijn geëindigd."))
        pdf.ln(3)
        return
    _text(pdf, _("Voortgang op %(day)s, geteld vanaf het begin van elk project.") % {"day": _day(report.made_on)},
          size=9)
    pdf.ln(1)
    rows = []
    for item in progress:
        period = f"{item.measured_from:%d-%m-%Y} - {item.measured_to:%d-%m-%Y}"
        percent = item.target.kind != "count"
        goal, actual = number_nl(_plain(item.goal)), number_nl(item.actual)
        if percent:
            goal, actual = goal + "%", (actual + "%" if item.actual is not None else actual)
        state = (_("onbekend") if item.on_track is None else _("op koers") if item.on_track else _("achter"))
        rows.append([f"{item.project.name}: {item.label}", period, goal, actual, state, item.detail])
    _table(pdf, [_("Doel"), _("Periode"), _("Streefwaarde"), _("Gerealiseerd"), _("Stand"), _("Toelichting")], rows,
           (50, 22, 24, 24, 16, 54), align="LLRRLL")


def _cases(pdf: FPDF, report: ReportFigures) -> None:
    _heading(pdf, _("Open zaken naar status"), level=2)
    day = report.made_on.isoformat()
    _text(pdf, _("Stand op %(day)s.") % {"day": _day(report.made_on)}, size=9)
    pdf.ln(1)
    states = report.quarter_view.cases
    if not states:
        _text(pdf, _("Er zijn geen open zaken."), size=9)
        pdf.ln(3)
        return
    rows = [[s.label] + [number_nl(report.value(key, day, "status", s.label)) for key in
                         ("zaken_open", "zaken_over_termijn", "zaken_leeftijd_mediaan", "zaken_leeftijd_oudste")]
            for s in states]
    rows.append([_("Totaal"), number_nl(report.value("zaken_open", day)),
                 number_nl(report.value("zaken_over_termijn", day)), "", ""])
    _table(pdf, [_("Status"), _("Open"), _("Over termijn"), _("Leeftijd mediaan (dagen)"), _("Oudste (dagen)")],
           rows, (70, 28, 28, 28, 28))


def _areas(pdf: FPDF, report: ReportFigures) -> None:
    codes = report.parts("buurt_meldingen", "buurt") + [
        c for c in report.parts("buurt_boven_norm", "buurt") if c not in report.parts("buurt_meldingen", "buurt")]
    if not codes:
        return
    _heading(pdf, _("Buurten"), level=2)
    on = report.quarter_view.snapshot_on
    state = on.isoformat() if on else ""
    q, y = report.period.key, report.year_key
    rows = [[code,
             number_nl(report.value("buurt_meldingen", q, "buurt", code), empty="0"),
             number_nl(report.value("buurt_meldingen", y, "buurt", code), empty="0"),
             number_nl(report.value("buurt_controles", q, "buurt", code), empty="0"),
             number_nl(report.value("buurt_controles", y, "buurt", code), empty="0"),
             number_nl(report.value("buurt_overtredingen", q, "buurt", code), empty="0"),
             number_nl(report.value("buurt_boven_norm", state, "buurt", code))]
            for code in codes]
    kq, ky = report.period.label, _("jaar")
    _table(pdf, [_("Buurt"), _("Meldingen %(p)s") % {"p": kq}, _("Meldingen %(p)s") % {"p": ky},
                 _("Controles %(p)s") % {"p": kq}, _("Controles %(p)s") % {"p": ky},
                 _("Overtredingen %(p)s") % {"p": kq},
                 _("Boven de norm") + (f" {on:%d-%m-%Y}" if on else "")],
           rows, (36, 24, 24, 24, 24, 29, 29))


# --- the task's body ----------------------------------------------------------------------------------


def _save(report_id: int, percent: int, step: str) -> None:
    Report.objects.filter(pk=report_id, status=ReportStatus.RUNNING).update(
        progress=max(0, min(100, int(percent))), step=step[:200])


def build(report: Report, today: dt.date, progress: Progress | None = None) -> tuple[bytes, bytes, bytes]:
    """The PDF, CSV and Excel file of a report, from one set of figures."""
    step = progress or (lambda percent, text: None)
    figures = report_figures(report.municipality, report.year, report.quarter, today, progress=step)
    step(70, _("PDF opmaken"))
    pdf = pdf_bytes(figures)
    step(85, _("CSV en Excel maken"))
    return pdf, csv_bytes(figures), xlsx_bytes(figures)


def execute_report(report_id: int) -> str:
    """Make one queued report: mark it running, count, write the three files; its final status is returned."""
    with override("nl"):  # the council report is in Dutch, whoever asked for it
        claimed = Report.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(
            status=ReportStatus.RUNNING, progress=0, step=_("Beginnen"))
        if not claimed:  # already made, or gone: a repeated task never makes it twice
            logger.warning("Report %s is not queued; not made again", report_id)
            return "skipped"
        report = Report.objects.select_related("municipality").defer("pdf", "csv", "xlsx").get(pk=report_id)
        try:
            pdf, csv_file, xlsx = build(report, timezone.localdate(), lambda p, s: _save(report_id, p, s))
        except ReportRefused as error:
            _fail(report_id, str(error))
        except Exception as error:  # the report must never stay "running"
            logger.exception("Report %s failed unexpectedly", report_id)
            _fail(report_id, _("Onverwachte fout bij het maken van de rapportage (%(kind)s); er is niets "
                               "opgeslagen. Meld dit aan de beheerder van de applicatie.")
                  % {"kind": type(error).__name__})
        else:
            Report.objects.filter(pk=report_id).update(
                status=ReportStatus.DONE, progress=100, step=_("Klaar"), pdf=pdf, csv=csv_file, xlsx=xlsx,
                error="", finished_at=timezone.now())
    return Report.objects.values_list("status", flat=True).get(pk=report_id)


def _fail(report_id: int, error: str) -> None:
    Report.objects.filter(pk=report_id).update(status=ReportStatus.FAILED, error=error, finished_at=timezone.now(),
                                               step=_("Mislukt"), pdf=None, csv=None, xlsx=None)
