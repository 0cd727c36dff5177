"""Markdown bodies render harmless: raw HTML becomes text, unsafe links are not links."""

from regiekamer.core.markdown import LEAFLET, render


def to_html(text):
    return render(text, LEAFLET)


def test_a_script_tag_becomes_visible_text():
    assert to_html("Hello <script>alert('x')</script> **world**") == (
        "<p>Hello &lt;script&gt;alert('x')&lt;/script&gt; <strong>world</strong></p>\n")


def test_an_event_handler_cannot_get_in():
    assert to_html("<img src=x onerror=alert(1)>") == "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n"


def test_a_javascript_link_is_not_a_link_and_a_web_link_is():
    assert to_html("[klik](javascript:alert(1)) en [meldpunt](https://example.org/meldpunt)") == (
        '<p>[klik](javascript:alert(1)) en <a href="https://example.org/meldpunt" rel="noopener noreferrer">'
        "meldpunt</a></p>\n")


def test_headings_and_lists_stay():
    assert to_html("## Kop\n\n- een\n- twee") == "<h2>Kop</h2>\n<ul>\n<li>een</li>\n<li>twee</li>\n</ul>\n"
