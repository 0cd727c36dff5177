"""Article bodies are Markdown, rendered to HTML that no script can get into.

Two walls: markdown-it parses CommonMark with raw HTML switched off (a `<script>` in the text comes
out as text) and refuses `javascript:`/`vbscript:`/`data:` links; nh3 (the ammonia sanitiser) then
keeps only the tags and attributes that Markdown itself produces and only http(s)/mailto links, so a
bug or an option in the parser cannot let markup through.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table").enable("strikethrough")

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "s", "code", "pre",
    "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td", "img",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"},
                      "th": {"style"}, "td": {"style"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def render(text: str) -> SafeString:
    html = _PARSER.render(text or "")
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=ALLOWED_SCHEMES,
                      link_rel="noopener noreferrer nofollow", filter_style_properties={"text-align"})
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
