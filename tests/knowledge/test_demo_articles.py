"""The demo's articles: written once, shared with the region, found by a Dutch word form."""

import datetime as dt

from regiekamer.demo.knowledge import ARTICLES, ensure_articles
from regiekamer.knowledge import selectors
from regiekamer.knowledge.models import Article
from regiekamer.core.markdown import ARTICLE, render as _render


def render(text):
    return _render(text, ARTICLE)
from regiekamer.organisations.access import scope_for
from regiekamer.organisations.models import Role
from tests.factories import MembershipFactory


def test_written_once_and_found_by_the_region(cast):
    MembershipFactory(organisation=cast.venlo, role=Role.COORDINATOR, user__username="venlo.coordinator")
    assert ensure_articles(today=dt.date(2026, 11, 28)) == len(ARTICLES) == 5
    assert ensure_articles(today=dt.date(2026, 11, 28)) == 0
    assert Article.objects.count() == 5
    found = selectors.find(scope_for(cast.fire_viewer), query="vakantieparken")
    assert {a.title for a in found} == {"Gezamenlijke controle van een vakantiepark",
                                        "Brandweer vanaf de intake bij signalen over vakantieparken"}
    procedures = selectors.for_case_type(scope_for(cast.horst_handler), "brp_adresonderzoek")
    assert [a.title for a in procedures] == ["BRP-adresonderzoek na een LAA-signaal"]
    checklist = Article.objects.get(title__startswith="Checklist pandcontrole")
    assert "<td>ten minste 1 toilet en 1 douche per 8 personen</td>" in render(checklist.body)
    assert Article.objects.get(title__startswith="Brandweer vanaf").measure == "controles_uitgevoerd"
