"""Markdown rendered to HTML that no script can get into, for the knowledge base's articles and the
information material's texts.

Two walls: markdown-it parses CommonMark with raw HTML switched off (a `<script>` in the text comes
out as text) and refuses `javascript:`/`vbscript:`/`data:` links; nh3 (the ammonia sanitiser) then
keeps only the tags and attributes of a profile and only its URL schemes, so that a bug or an option
in the parser cannot let markup through.
"""

from dataclasses import dataclass

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt


@dataclass(frozen=True)
class Profile:
    parser: MarkdownIt
    tags: frozenset[str]
    attributes: dict[str, set[str]]
    schemes: frozenset[str]
    link_rel: str
    style_properties: frozenset[str] | None = None


# Articles (knowledge/): procedures with tables, code, pictures by URL; links leave without referrer.
ARTICLE = Profile(
    parser=MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table").enable("strikethrough"),
    tags=frozenset({"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "s",
                    "code", "pre", "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td", "img"}),
    attributes={"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"},
                "th": {"style"}, "td": {"style"}},
    schemes=frozenset({"http", "https", "mailto"}),
    link_rel="noopener noreferrer nofollow",
    style_properties=frozenset({"text-align"}),
)
# Information material (information/): short texts for residents that also go on a printed leaflet,
# so only what fpdf2's HTML can lay out; phone numbers may be links.
LEAFLET = Profile(
    parser=MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}),
    tags=frozenset({"p", "br", "strong", "em", "ul", "ol", "li", "h2", "h3", "h4", "a", "blockquote", "code"}),
    attributes={"a": {"href"}},
    schemes=frozenset({"https", "http", "mailto", "tel"}),
    link_rel="noopener noreferrer",
)


def render(text: str, profile: Profile) -> SafeString:
    html = profile.parser.render(text or "")
    clean = nh3.clean(html, tags=set(profile.tags), attributes=profile.attributes, url_schemes=set(profile.schemes),
                      link_rel=profile.link_rel, filter_style_properties=profile.style_properties and set(profile.style_properties))
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
