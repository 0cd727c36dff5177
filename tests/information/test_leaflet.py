"""The A4 leaflet: embedded Unicode font, the text in the item's language, the QR code to the meldpunt."""

import io

import pypdf
import pytest
import segno
from django.test import Client

from regiekamer.information import services

A4 = (595.28, 841.89)  # points


def _pdf(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return response, pypdf.PdfReader(io.BytesIO(response.content))


def drawn_qr(page, reader) -> set[tuple[int, int]]:
    """The dark modules the page draws, read back from its filled squares ('x y w h re f'), as (row, col)."""
    operations = pypdf.generic.ContentStream(page.get_contents(), reader).operations
    squares = [tuple(float(v) for v in operands) for operands, operator in operations
               if operator == b"re" and abs(float(operands[2]) + float(operands[3])) < 0.01]
    size = max(w for _x, _y, w, _h in squares)
    modules = [(x, y) for x, y, w, _h in squares if abs(w - size) < 0.01]
    left, top = min(x for x, _y in modules), max(y for _x, y in modules)
    return {(round((top - y) / size), round((x - left) / size)) for x, y in modules}


def expected_qr(url: str) -> set[tuple[int, int]]:
    matrix = segno.make(url, error="m", micro=False).matrix
    return {(row, col) for row, modules in enumerate(matrix) for col, dark in enumerate(modules) if dark}


@pytest.mark.django_db
def test_the_polish_leaflet_has_its_text_a_unicode_font_and_the_meldpunt_qr(item):
    response, reader = _pdf(Client(), "/voorlichting/pl/uw-rechten/folder.pdf")
    assert response["Content-Disposition"] == 'attachment; filename="uw-rechten-pl.pdf"'
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == A4
    text = page.extract_text()
    assert "Twoje prawa" in text and "Dostajesz umowę najmu." in text
    assert "Zgłoś problem z mieszkaniem lub wynajmującym" in text  # the box, from the Polish catalogue
    assert "http://testserver/meldpunt/pl/regio/noord-limburg/" in text
    fonts = {str(font.get_object()["/BaseFont"]) for font in page["/Resources"]["/Font"].values()}
    # Subsets of the vendored DejaVu Sans, embedded; no core (Latin-1) font.
    assert {font.split("+")[1] for font in fonts} == {"DejaVuSansBook", "DejaVuSansBold"}, fonts
    drawn = drawn_qr(page, reader)
    assert drawn == expected_qr("http://testserver/meldpunt/pl/regio/noord-limburg/")
    assert drawn != expected_qr("http://testserver/meldpunt/nl/regio/noord-limburg/")
    # Hand check: the URL is 50 bytes; at level M version 3 holds 42 bytes and version 4 holds 62, so the
    # symbol is version 4 (33 x 33 modules), whose three finder patterns put a dark module in three
    # corners and leave the bottom-right one light.
    assert max(row for row, _col in drawn) == 32 and max(col for _row, col in drawn) == 32
    assert {(0, 0), (0, 32), (32, 0)} <= drawn and (32, 32) not in drawn


@pytest.mark.django_db
def test_the_bulgarian_leaflet_keeps_its_cyrillic(item, coordinator):
    services.save_translation(item=item, language="bg", title="Вашите права", body="Получавате **договор за наем**.",
                              published=True, actor=coordinator)
    _response, reader = _pdf(Client(), "/voorlichting/bg/uw-rechten/folder.pdf")
    text = reader.pages[0].extract_text()
    assert "Вашите права" in text and "Получавате договор за наем." in text
    assert "Издадено от Noord-Limburg · версия 1" in text


@pytest.mark.django_db
def test_a_script_in_the_body_is_printed_as_text(item, coordinator):
    services.save_translation(item=item, language="en", title="Your rights", published=True, actor=coordinator,
                              body="Hello <script>alert('x')</script> **world**")
    _response, reader = _pdf(Client(), "/voorlichting/en/uw-rechten/folder.pdf")
    assert "Hello <script>alert('x')</script> world" in reader.pages[0].extract_text()
