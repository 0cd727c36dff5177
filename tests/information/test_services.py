"""Writes: every edit appends a version; a source edit makes older translations outdated."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from regiekamer.information import selectors, services
from regiekamer.information.models import Item, ItemText
from tests.factories import municipality


def _states(item):
    return {state.code: state.state for state in selectors.states_of(selectors.latest_texts(item.texts.all()))}


def test_a_new_item_has_dutch_version_one_and_every_translation_missing(item, coordinator):
    fresh = services.create_item(region=item.region, municipality=None, slug="nieuw-item", audience="verhuurders",
                                 topic="normen", title="Normen", body="Minstens 12 m².", actor=coordinator)
    texts = list(fresh.texts.all())
    assert [(t.language, t.version, t.source_version) for t in texts] == [("nl", 1, 1)]
    assert fresh.published is False
    assert _states(fresh) == {"nl": "actueel", "en": "ontbreekt", "pl": "ontbreekt", "ro": "ontbreekt",
                              "bg": "ontbreekt"}


def test_editing_the_source_appends_a_version_and_keeps_the_old_one(item, coordinator):
    text = services.edit_source(item=item, title="Uw rechten als huurder", body="Nieuwe tekst.", actor=coordinator)
    assert (text.language, text.version, text.source_version) == ("nl", 2, 2)
    dutch = list(item.texts.filter(language="nl").order_by("version").values_list("version", "title", "body"))
    assert dutch == [(1, "Uw rechten", "U krijgt een **huurcontract**."), (2, "Uw rechten als huurder", "Nieuwe tekst.")]
    assert text.created_by_name == coordinator.username


def test_a_source_edit_makes_the_translation_outdated_until_it_is_saved_again(item, coordinator):
    assert _states(item)["pl"] == "actueel"
    services.edit_source(item=item, title="Uw rechten", body="Gewijzigde tekst.", actor=coordinator)
    assert _states(item) == {"nl": "actueel", "en": "ontbreekt", "pl": "verouderd", "ro": "ontbreekt",
                             "bg": "ontbreekt"}
    # The translator confirms the same Polish text against version 2: a new row, now current.
    text = services.save_translation(item=item, language="pl", title="Twoje prawa", body="Dostajesz **umowę najmu**.",
                                     published=True, actor=coordinator)
    assert (text.version, text.source_version) == (2, 2)
    assert _states(item)["pl"] == "actueel"
    assert item.texts.filter(language="pl").count() == 2


def test_an_unchanged_text_is_refused_and_nothing_is_added(item, coordinator):
    before = ItemText.objects.count()
    with pytest.raises(ValidationError, match="niets gewijzigd"):
        services.edit_source(item=item, title="Uw rechten", body="U krijgt een **huurcontract**.", actor=coordinator)
    with pytest.raises(ValidationError, match="niets gewijzigd"):
        services.save_translation(item=item, language="pl", title="Twoje prawa", body="Dostajesz **umowę najmu**.",
                                  published=True, actor=coordinator)
    assert ItemText.objects.count() == before


def test_a_translation_into_dutch_or_an_unknown_language_is_refused(item, coordinator):
    for language in ("nl", "de"):
        with pytest.raises(ValidationError) as error:
            services.save_translation(item=item, language=language, title="T", body="B", published=False,
                                      actor=coordinator)
        assert "language" in error.value.message_dict


def test_an_empty_body_is_refused_with_the_field_named(item, coordinator):
    with pytest.raises(ValidationError) as error:
        services.edit_source(item=item, title="Uw rechten", body="   ", actor=coordinator)
    assert "body" in error.value.message_dict
    assert item.texts.filter(language="nl").count() == 1


def test_a_taken_slug_and_a_municipality_of_another_region_are_refused(item, coordinator, region):
    with pytest.raises(ValidationError) as error:
        services.create_item(region=region, municipality=None, slug="uw-rechten", audience="bewoners", topic="rechten",
                             title="T", body="B", actor=coordinator)
    assert "slug" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.create_item(region=region, municipality=municipality("GM0363"), slug="amsterdam", audience="bewoners",
                             topic="rechten", title="T", body="B", actor=coordinator)
    assert "municipality" in error.value.message_dict
    with pytest.raises(ValidationError) as error:  # /voorlichtingsmateriaal/nieuw/ is the page for a new item
        services.create_item(region=region, municipality=None, slug="nieuw", audience="bewoners", topic="rechten",
                             title="T", body="B", actor=coordinator)
    assert "slug" in error.value.message_dict
    assert Item.objects.count() == 1


def test_texts_cannot_be_changed_or_deleted_in_the_database(item):
    text = item.texts.get(language="nl")
    with pytest.raises(DatabaseError), transaction.atomic():
        ItemText.objects.filter(pk=text.pk).update(body="overschreven")
    with pytest.raises(DatabaseError), transaction.atomic():
        ItemText.objects.filter(pk=text.pk).delete()
    assert ItemText.objects.get(pk=text.pk).body == "U krijgt een **huurcontract**."
