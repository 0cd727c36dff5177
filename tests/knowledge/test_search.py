"""Full-text search with Dutch stemming; runs on SQLite and, under scripts/with-postgres, on PostgreSQL.

The word pairs are those the Dutch Snowball stemmer maps to one stem (checked by hand, see
test_stemmer_pairs); PostgreSQL's "dutch" configuration maps them alike: inspecties/inspectie, vakantieparken/vakantiepark, dwangsommen/dwangsom.
"""

import pytest
from regiekamer.knowledge import selectors, services
from regiekamer.knowledge.models import ArticleKind, Visibility
from regiekamer.knowledge.search import stems, tokens_for
from regiekamer.organisations.access import scope_for

from .conftest import tag, write


def _find(user, query="", **filters):
    return [article.title for article in selectors.find(scope_for(user), query=query, **filters)]


@pytest.fixture
def library(cast):
    write(cast.author, title="Gezamenlijke controle van een vakantiepark",
          body="Plan de inspectie samen met de brandweer. Na de inspectie volgt een rapport.",
          tags=["overbewoning"])
    write(cast.author, title="Last onder dwangsom", body="Het voornemen, de zienswijze en het besluit.",
          tags=["goed_verhuurderschap", "awb"])
    write(cast.author, title="Checklist vakantieparken", body="Vragen voor de inspecteur.",
          kind=ArticleKind.TEMPLATE)
    write(cast.author, title="Eigen notitie inspectie", body="Alleen voor Venlo.", visibility=Visibility.ORGANISATION)
    return cast


def test_stemmer_pairs():
    assert stems("inspecties inspectie") == ["inspectie", "inspectie"]
    assert stems("vakantieparken vakantiepark") == ["vakantiepark", "vakantiepark"]
    assert stems("dwangsommen dwangsom") == ["dwangsom", "dwangsom"]


def test_stored_tokens_weigh_the_title():
    assert tokens_for("Dwangsommen", "een dwangsom") == " dwangsom dwangsom dwangsom een dwangsom "


def test_a_different_word_form_finds_the_article(library):
    assert _find(library.horst_handler, "inspecties") == ["Gezamenlijke controle van een vakantiepark"]
    assert _find(library.horst_handler, "dwangsommen") == ["Last onder dwangsom"]


def test_plural_in_query_finds_singular_in_title_and_ranks_title_hits_first(library):
    # Both have the stem once in the title and not in the body: equal rank, then by title.
    assert _find(library.horst_handler, "vakantieparken") == [
        "Checklist vakantieparken", "Gezamenlijke controle van een vakantiepark"]


def test_a_title_hit_outranks_body_hits(library):
    # Venlo's own note has "inspectie" once in its title (weight 3 on SQLite, A on PostgreSQL); the
    # holiday-park procedure twice in its body (2 on SQLite, B on PostgreSQL).
    assert _find(library.author, "inspectie") == ["Eigen notitie inspectie",
                                                  "Gezamenlijke controle van een vakantiepark"]


def test_every_word_must_match(library):
    assert _find(library.horst_handler, "inspectie brandweer") == ["Gezamenlijke controle van een vakantiepark"]
    assert _find(library.horst_handler, "inspectie dwangsom") == []


def test_results_only_from_what_the_reader_may_see(library):
    assert _find(library.horst_handler, "inspectie") == ["Gezamenlijke controle van een vakantiepark"]
    assert _find(library.utrecht_handler, "inspectie") == []


def test_filters_by_kind_and_tag(library):
    assert _find(library.horst_handler, kind=ArticleKind.TEMPLATE) == ["Checklist vakantieparken"]
    assert _find(library.horst_handler, tag=tag("awb")) == ["Last onder dwangsom"]
    assert _find(library.horst_handler, "vakantiepark", kind=ArticleKind.PROCEDURE) == [
        "Gezamenlijke controle van een vakantiepark"]


def test_search_follows_edits(library):
    article = selectors.articles_for(scope_for(library.author)).get(title="Last onder dwangsom")
    services.edit_article(actor=library.author, article=article, expected_version=1, title=article.title,
                          body="Bestuursdwang in plaats van de last.", note="Andere route", kind=article.kind,
                          visibility=article.visibility, review_on=article.review_on)
    assert _find(library.horst_handler, "bestuursdwang") == ["Last onder dwangsom"]
    assert _find(library.horst_handler, "zienswijze") == []
