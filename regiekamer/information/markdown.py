"""Markdown bodies rendered safely: markdown-it-py with raw HTML switched off, then the nh3 sanitiser
with a short list of tags, so that no script, style or event handler can get into a page or leaflet."""

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
import nh3

_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h2", "h3", "h4", "a", "blockquote", "code"}
ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"https", "http", "mailto", "tel"}


def to_html(source: str) -> SafeString:
    html = _PARSER.render(source or "")
    clean = nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel="noopener noreferrer")
    return mark_safe(clean)  # noqa: S308 - sanitised just above
