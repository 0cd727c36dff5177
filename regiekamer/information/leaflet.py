"""The printable A4 leaflet of one item in one language, with a QR code to the public meldpunt.

Polish, Romanian and Bulgarian need more than the PDF core fonts' Latin-1, so the leaflet embeds
DejaVu Sans (vendored in fonts/ with its licence; refreshed by scripts/refresh-vendor), never a font
of the machine it runs on. The QR code is drawn as one filled square per dark module, so that the
PDF needs no image and a test can read the drawn matrix back.
"""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import segno
from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVuSans"
QR_SIZE_MM = 38.0  # the printed symbol without its quiet zone; scans from about 40 cm
MARGIN_MM = 20.0


@dataclass(frozen=True)
class Leaflet:
    language: str
    audience: str  # already in the leaflet's language
    title: str
    body_html: str  # sanitised (core.markdown.render with the LEAFLET profile)
    meldpunt_url: str  # absolute
    owner: str  # the region or municipality that publishes it
    version: int


def qr_matrix(url: str) -> list[list[bool]]:
    """The QR code's modules for the URL, dark = True, without the quiet zone."""
    code = segno.make(url, error="m", micro=False)
    return [[bool(module) for module in row] for row in code.matrix]


def _fonts(pdf: FPDF) -> None:
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    # No oblique face is vendored: emphasis (italic) prints upright rather than failing.
    pdf.add_font(FAMILY, "I", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "BI", str(FONTS / "DejaVuSans-Bold.ttf"))


def _draw_qr(pdf: FPDF, matrix: list[list[bool]], x: float, y: float, size: float) -> None:
    module = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for row, modules in enumerate(matrix):
        for col, dark in enumerate(modules):
            if dark:
                pdf.rect(x + col * module, y + row * module, module, module, style="F")


def pdf_bytes(leaflet: Leaflet) -> bytes:
    """One or two A4 pages: audience, title, text, and the box with the QR code to the meldpunt."""
    with translation.override(leaflet.language):
        pdf = FPDF(format="A4", unit="mm")
        pdf.set_creation_date(dt.datetime(2000, 1, 1, tzinfo=dt.UTC))  # the content alone determines the bytes
        pdf.set_lang(leaflet.language)
        pdf.set_title(leaflet.title)
        pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        pdf.set_auto_page_break(auto=True, margin=MARGIN_MM)
        _fonts(pdf)
        pdf.add_page()
        pdf.set_text_color(80, 80, 80)
        pdf.set_font(FAMILY, "", 10)
        pdf.multi_cell(0, 5, leaflet.audience, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.set_text_color(0, 0, 0)
        pdf.set_font(FAMILY, "B", 18)
        pdf.multi_cell(0, 8.5, leaflet.title, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.set_font(FAMILY, "", 11)
        pdf.write_html(leaflet.body_html, font_family=FAMILY, ul_bullet_char="•", li_prefix_color=(0, 0, 0), tag_styles={
            "h2": FontFace(family=FAMILY, emphasis="BOLD", size_pt=13),
            "h3": FontFace(family=FAMILY, emphasis="BOLD", size_pt=12),
            "h4": FontFace(family=FAMILY, emphasis="BOLD", size_pt=11),
            "a": FontFace(family=FAMILY, color=(0, 0, 0)),
        })
        box = QR_SIZE_MM + 12
        if pdf.get_y() + box > pdf.h - MARGIN_MM:
            pdf.add_page()
        pdf.ln(4)
        top = pdf.get_y() + 2
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(0.4)
        pdf.line(MARGIN_MM, top - 2, pdf.w - MARGIN_MM, top - 2)
        _draw_qr(pdf, qr_matrix(leaflet.meldpunt_url), MARGIN_MM, top + 3, QR_SIZE_MM)
        # The text beside the code: a left margin of its own, so that line breaks stay beside it.
        pdf.set_left_margin(MARGIN_MM + QR_SIZE_MM + 8)
        pdf.set_xy(MARGIN_MM + QR_SIZE_MM + 8, top + 3)
        pdf.set_font(FAMILY, "B", 12)
        pdf.multi_cell(0, 6, _("Meld een probleem met uw woning of verhuurder"), align="L", new_x="LMARGIN",
                       new_y="NEXT")
        pdf.ln(1)
        pdf.set_font(FAMILY, "", 10)
        for line in (_("Scan de code of ga naar:"), leaflet.meldpunt_url, "",
                     _("U kunt ook anoniem melden. Is er direct gevaar? Bel 112.")):
            pdf.multi_cell(0, 5, line, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_left_margin(MARGIN_MM)
        pdf.set_xy(MARGIN_MM, max(pdf.get_y(), top + 3 + QR_SIZE_MM) + 4)
        pdf.set_text_color(80, 80, 80)
        pdf.set_font(FAMILY, "", 8)
        pdf.multi_cell(0, 4, _("Uitgegeven door %(owner)s · versie %(version)s") % {
            "owner": leaflet.owner, "version": leaflet.version}, align="L", new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())
