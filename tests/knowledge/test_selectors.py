"""Who sees which article: own organisation, the region, all regions (ADR 0008)."""

import pytest
from django.http import Http404

from regiekamer.knowledge import selectors
from regiekamer.knowledge.models import ArticleKind, Visibility
from regiekamer.organisations.access import scope_for

from .conftest import write


def _titles(user):
    return sorted(selectors.articles_for(scope_for(user)).values_list("title", flat=True))


@pytest.fixture
def three(cast):
    write(cast.author, title="Eigen", visibility=Visibility.ORGANISATION)
    write(cast.author, title="Regio", visibility=Visibility.REGION)
    write(cast.author, title="Landelijk", visibility=Visibility.ALL)
    return cast


def test_own_organisation_sees_all_three(three):
    assert _titles(three.venlo_viewer) == ["Eigen", "Landelijk", "Regio"]


@pytest.mark.parametrize("who", ["horst_handler", "fire_viewer", "programme_viewer", "programme_coordinator"])
def test_the_region_sees_what_is_shared_with_it(three, who):
    assert _titles(getattr(three, who)) == ["Landelijk", "Regio"]


def test_another_region_sees_only_what_is_shared_with_all(three):
    assert _titles(three.utrecht_handler) == ["Landelijk"]


def test_without_membership_nothing(three):
    assert _titles(three.loose) == []


def test_article_for_answers_404_outside_scope(three):
    own = selectors.articles_for(scope_for(three.author)).get(title="Eigen")
    with pytest.raises(Http404):
        selectors.article_for(scope_for(three.horst_handler), own.pk)
    assert selectors.article_for(scope_for(three.venlo_viewer), own.pk) == own


def test_only_writers_of_the_owning_organisation_edit(three):
    article = selectors.articles_for(scope_for(three.author)).get(title="Regio")
    assert selectors.may_edit(scope_for(three.venlo_coordinator), article)
    assert not selectors.may_edit(scope_for(three.venlo_viewer), article)
    assert not selectors.may_edit(scope_for(three.horst_handler), article)


def test_case_page_gets_procedures_and_best_practices_of_its_type(cast):
    write(cast.author, title="Procedure overbewoning", tags=["overbewoning"])
    write(cast.author, title="Best practice overbewoning", kind=ArticleKind.BEST_PRACTICE, tags=["overbewoning"])
    write(cast.author, title="Checklist overbewoning", kind=ArticleKind.TEMPLATE, tags=["overbewoning"])
    write(cast.author, title="Procedure brand", tags=["brandveiligheid"])
    write(cast.author, title="Eigen procedure", tags=["overbewoning"], visibility=Visibility.ORGANISATION)
    assert [a.title for a in selectors.for_case_type(scope_for(cast.horst_handler), "overbewoning")] == [
        "Best practice overbewoning", "Procedure overbewoning"]
    assert [a.title for a in selectors.for_case_type(scope_for(cast.author), "overbewoning")] == [
        "Best practice overbewoning", "Eigen procedure", "Procedure overbewoning"]
