"""Articles: every edit appends a version, nothing is overwritten, stale edits are refused."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from regiekamer.knowledge import services
from regiekamer.knowledge.models import Article, ArticleKind, ArticleVersion, Visibility

from .conftest import tag, write

REVIEW = dt.date(2027, 6, 1)


def _edit(article, actor, expected, **changes):
    values = dict(title=article.title, body=article.body, kind=article.kind, visibility=article.visibility,
                  review_on=article.review_on, note="Stap 3 aangevuld")
    values.update(changes)
    return services.edit_article(actor=actor, article=article, expected_version=expected, **values)


def test_create_writes_version_one(cast):
    article = write(cast.author, title="BRP-adresonderzoek", tags=["brp_adresonderzoek", "wet_brp"])
    assert (article.version, article.organisation, article.region, article.owner) == (1, cast.venlo, cast.region,
                                                                                    cast.author)
    assert sorted(article.tags.values_list("value", flat=True)) == ["brp_adresonderzoek", "wet_brp"]
    assert list(article.versions.values_list("number", "title", "author_name", "note")) == [
        (1, "BRP-adresonderzoek", "anna", "Eerste versie")]


def test_each_edit_appends_a_version_and_keeps_the_old_text(cast):
    article = write(cast.author, body="Eerst bellen.")
    article = _edit(article, cast.venlo_coordinator, 1, body="Eerst bellen, dan schrijven.", note="Brief toegevoegd")
    article = _edit(article, cast.author, 2, title="Nieuwe titel", note="Titel korter")
    assert (article.version, article.title, article.body) == (3, "Nieuwe titel", "Eerst bellen, dan schrijven.")
    assert list(article.versions.order_by("number").values_list("number", "title", "body", "author_name", "note")) == [
        (1, "Gezamenlijke controle", "Eerst bellen.", "anna", "Eerste versie"),
        (2, "Gezamenlijke controle", "Eerst bellen, dan schrijven.", "cor", "Brief toegevoegd"),
        (3, "Nieuwe titel", "Eerst bellen, dan schrijven.", "anna", "Titel korter"),
    ]


def test_an_edit_on_an_old_version_is_refused_and_changes_nothing(cast):
    article = write(cast.author, body="Versie een.")
    _edit(article, cast.venlo_coordinator, 1, body="Versie twee van Cor.")
    with pytest.raises(services.Conflict) as raised:
        _edit(article, cast.author, 1, body="Versie twee van Anna.")
    assert "Iemand anders heeft intussen een nieuwere versie van dit artikel opgeslagen (versie 2)" in raised.value.messages[0]
    article.refresh_from_db()
    assert (article.version, article.body) == (2, "Versie twee van Cor.")
    assert ArticleVersion.objects.filter(article=article).count() == 2


def test_edit_needs_a_note_and_a_title(cast):
    article = write(cast.author)
    with pytest.raises(ValidationError) as raised:
        _edit(article, cast.author, 1, title=" ", note="")
    assert set(raised.value.message_dict) == {"title", "note"}
    article.refresh_from_db()
    assert article.version == 1


def test_create_checks_every_field(cast):
    with pytest.raises(ValidationError) as raised:
        services.create_article(actor=cast.author, kind="roman", title="", body=" ", visibility="iedereen",
                                review_on=None)
    assert set(raised.value.message_dict) == {"kind", "title", "body", "visibility", "review_on"}
    assert Article.objects.count() == 0


def test_a_viewer_cannot_write(cast):
    with pytest.raises(ValidationError):
        write(cast.venlo_viewer)
    assert Article.objects.count() == 0


def test_versions_are_append_only_in_the_database(cast):
    article = write(cast.author)
    with pytest.raises(DatabaseError), transaction.atomic():
        ArticleVersion.objects.filter(article=article).update(body="stilletjes gewijzigd")
    with pytest.raises(DatabaseError), transaction.atomic():
        ArticleVersion.objects.filter(article=article).delete()
    assert article.versions.get().body == "De inspectie van een vakantiepark."


def test_stale_when_the_review_date_has_passed(cast):
    old = write(cast.author, review_on=dt.date.today() - dt.timedelta(days=1))
    fresh = write(cast.author, review_on=dt.date.today())
    assert (old.stale, fresh.stale) == (True, False)


def test_tags_replace_on_edit(cast):
    article = write(cast.author, tags=["overbewoning"])
    article = _edit(article, cast.author, 1, tags=[tag("brandveiligheid"), tag("wgv")])
    assert sorted(article.tags.values_list("value", flat=True)) == ["brandveiligheid", "wgv"]
    assert article.kind == ArticleKind.PROCEDURE and article.visibility == Visibility.REGION
