"""Letters: render an editable template (Django template syntax, limited variables) and lay it out as PDF.

Templates are edited by coordinators, so they run in a fresh Engine without loaders, custom tags
or autoescape (the output is plain text for a PDF), against plain dictionaries of strings only:
no model instance (and so no method) is reachable from a template.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import VariableDoesNotExist
from django.utils.translation import gettext as _, gettext_lazy
from fpdf import FPDF

# The documented variables: the only names a template may use.
VARIABLES: dict[str, dict[str, str]] = {
    "case": {"reference": gettext_lazy("zaaknummer"), "type": gettext_lazy("zaaktype"),
             "opened_on": gettext_lazy("geopend op")},
    "address": {"street_line": gettext_lazy("straat en huisnummer"), "postcode": gettext_lazy("postcode"),
                "city": gettext_lazy("plaats"), "full": gettext_lazy("volledig adres"),
                "bag_id": gettext_lazy("BAG-id")},
    "owner": {"name": gettext_lazy("eigenaar (bedrijf en KvK, of 'Particulier' met pseudoniem)")},
    "intervention": {
        "type": gettext_lazy("soort interventie"), "cell": gettext_lazy("matrixcel, bijv. B3"),
        "reasons": gettext_lazy("motivering"), "measures": gettext_lazy("te nemen maatregelen"),
        "compliance_period_days": gettext_lazy("begunstigingstermijn in dagen"),
        "amount": gettext_lazy("bedrag dwangsom, bijv. € 500,00 per dag"),
        "maximum": gettext_lazy("maximum dwangsom"), "fine": gettext_lazy("boetebedrag"),
        "decided_on": gettext_lazy("besloten op"),
    },
    "today": {"": gettext_lazy("datum van vandaag")},
    "municipality": {"name": gettext_lazy("naam van de gemeente")},
}

_FORBIDDEN_TAGS = re.compile(r"{%-?\s*(load|include|extends|debug|ssi|block|templatetag)\b")
_MISSING = "\x00ONBEKEND:%s\x00"
_MISSING_FOUND = re.compile("\x00ONBEKEND:(.*?)\x00")
_ENGINE = Engine(dirs=[], app_dirs=False, loaders=[], libraries={}, autoescape=False, debug=False,
                 string_if_invalid=_MISSING)


def euro(amount: Decimal | None) -> str:
    """Dutch notation: € 25.750,00."""
    if amount is None:
        return ""
    whole, cents = f"{amount:,.2f}".split(".")
    return f"€ {whole.replace(',', '.')},{cents}"


def date_nl(day: dt.date | None) -> str:
    return f"{day:%d-%m-%Y}" if day else ""


def render_text(source: str, context: dict) -> str:
    """Render a template's text; a syntax error or an unknown variable is refused in Dutch."""
    forbidden = _FORBIDDEN_TAGS.search(source)
    if forbidden:
        raise ValidationError(_("De tag '%(tag)s' is in een briefsjabloon niet toegestaan.") % {"tag": forbidden.group(1)},
                              code="forbidden_tag")
    try:
        text = _ENGINE.from_string(source).render(Context(context, autoescape=False))
    except TemplateSyntaxError as error:
        raise ValidationError(_("Het sjabloon bevat een fout: %(error)s") % {"error": error}, code="syntax") from error
    except (VariableDoesNotExist, TypeError, ValueError, AttributeError) as error:
        raise ValidationError(_("Het sjabloon kan niet worden ingevuld: %(error)s") % {"error": error},
                              code="render") from error
    missing = sorted(set(_MISSING_FOUND.findall(text)))
    if missing:
        raise ValidationError(
            _("Onbekende variabele(n) in het sjabloon: %(names)s. Gebruik alleen de variabelen uit de lijst.")
            % {"names": ", ".join(missing)}, code="unknown_variable")
    return text


def sample_context() -> dict:
    """Example values for checking an edited template before it is saved."""
    return {
        "case": {"reference": "Z2026-000001", "type": "Overbewoning", "opened_on": "02-03-2026"},
        "address": {"street_line": "Voorbeeldstraat 1", "postcode": "5911 AA", "city": "Venlo",
                    "full": "Voorbeeldstraat 1, 5911 AA Venlo", "bag_id": "0983010000000001"},
        "owner": {"name": "Voorbeeld Vastgoed B.V. (KvK 12345678)"},
        "intervention": {"type": "Last onder dwangsom", "cell": "B3", "reasons": "Motivering",
                         "measures": "Maatregelen", "compliance_period_days": "28",
                         "amount": "€ 500,00 per dag", "maximum": "€ 10.000,00", "fine": "",
                         "decided_on": "01-04-2026"},
        "today": "01-04-2026",
        "municipality": {"name": "Venlo"},
    }


# Characters outside Latin-1 that letters commonly contain, written the way a letter would.
_REPLACEMENTS = {"€": "EUR", "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...",
                 "•": "-", "²": "2", "\u00a0": " ", "\u202f": " ", "Ł": "L", "ł": "l", "Đ": "D", "đ": "d"}


def latin1(text: str) -> str:
    """The PDF's core font is Latin-1 only (no font file needed on any server): é and ë stay,
    € becomes EUR, other letters lose their accents, anything else becomes '?'."""
    out = []
    for char in text:
        char = _REPLACEMENTS.get(char, char)
        if len(char) == 1 and ord(char) > 0xFF:
            base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
            char = base or "?"
        out.append(char)
    return "".join(out)


@dataclass(frozen=True)
class LetterLayout:
    municipality: str
    date: str
    reference: str
    address_block: list[str]
    title: str
    body: str


def pdf_bytes(layout: LetterLayout, *, compress: bool = True) -> bytes:
    """An A4 letter: sender, date and reference, address block, subject, body paragraphs."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_compression(compress)
    pdf.set_creation_date(dt.datetime(2000, 1, 1, tzinfo=dt.UTC))  # the content alone determines the hash
    pdf.set_margins(25, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, latin1(_("Gemeente %(name)s") % {"name": layout.municipality}), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.set_font("Helvetica", "", 11)
    for line in layout.address_block:
        pdf.cell(0, 5.5, latin1(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.cell(0, 5.5, latin1(_("Datum: %(date)s") % {"date": layout.date}), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 5.5, latin1(_("Ons kenmerk: %(ref)s") % {"ref": layout.reference}), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("Helvetica", "B", 11)
    pdf.multi_cell(0, 5.5, latin1(layout.title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 11)
    for paragraph in re.split(r"\n\s*\n", layout.body.strip()):
        pdf.multi_cell(0, 5.5, latin1(paragraph.strip()), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    return bytes(pdf.output())


def variable_list() -> list[tuple[str, str]]:
    """The documented variables as '{{ name }}' with their meaning, for the template edit page."""
    return [(f"{{{{ {name}.{attr} }}}}" if attr else f"{{{{ {name} }}}}", str(label))
            for name, attrs in VARIABLES.items() for attr, label in attrs.items()]
