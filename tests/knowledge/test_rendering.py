"""Markdown bodies render to HTML without any way for a script to get in (hand-written expectations)."""

from regiekamer.core.markdown import ARTICLE, render as _render


def render(text):
    return _render(text, ARTICLE)


def test_markdown_becomes_html():
    assert render("## Stappen\n\n1. Bel de **brandweer**\n2. Plan de controle\n") == (
        "<h2>Stappen</h2>\n<ol>\n<li>Bel de <strong>brandweer</strong></li>\n<li>Plan de controle</li>\n</ol>\n")


def test_a_script_tag_is_text_not_markup():
    assert render("Hallo <script>alert(1)</script> wereld") == (
        "<p>Hallo &lt;script&gt;alert(1)&lt;/script&gt; wereld</p>\n")


def test_raw_html_block_is_text():
    assert render('<img src="x" onerror="alert(1)">') == '<p>&lt;img src="x" onerror="alert(1)"&gt;</p>\n'


def test_javascript_link_loses_its_target():
    html = render("[klik](javascript:alert(1))")
    assert html == "<p>[klik](javascript:alert(1))</p>\n"
    assert "href" not in html


def test_encoded_javascript_link_loses_its_target():
    html = render("[klik](JaVaScRiPt&#58;alert(1))")
    assert "<a" not in html


def test_markdown_image_with_javascript_source_stays_text():
    assert render("![x](javascript:alert(1))") == "<p>![x](javascript:alert(1))</p>\n"


def test_data_image_that_the_parser_allows_is_stripped_by_the_sanitiser():
    # markdown-it lets data:image/png through; nh3 allows only http, https and mailto.
    assert render("![x](data:image/png;base64,AAAA)") == '<p><img alt="x"></p>\n'


def test_ordinary_link_is_kept_with_rel():
    assert render("[RvIG](https://www.rvig.nl/)") == (
        '<p><a href="https://www.rvig.nl/" rel="noopener noreferrer nofollow">RvIG</a></p>\n')


def test_link_title_with_quotes_stays_inside_the_attribute():
    html = render('[a](https://example.org "x\\" onmouseover=\\"alert(1)")')
    assert html == ('<p><a href="https://example.org" title="x&quot; onmouseover=&quot;alert(1)" '
                    'rel="noopener noreferrer nofollow">a</a></p>\n')
