"""Lessons of closed cases and ended projects: read only through the owners' scope (ADR 0008)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from regiekamer.audit.models import ProcessingActivity, ProcessingLogEntry
from regiekamer.cases.models import CaseStatus, CaseType
from regiekamer.knowledge import lessons, services
from regiekamer.knowledge.models import ArticleKind, LessonLink, LessonLinkKind, Visibility
from regiekamer.organisations.access import scope_for
from regiekamer.steering.models import Project
from regiekamer.steering.services import evaluate_project
from tests.factories import AddressFactory, CaseFactory, CaseParticipantFactory, municipality

from .conftest import write

VENLO_LESSON = "Plan de controle samen met de brandweer; de eigenaar was vooraf gewaarschuwd."
HORST_LESSON = "Een tolk bij de controle maakte dat bewoners durfden te praten."


@pytest.fixture
def closed(cast):
    venlo_case = CaseFactory(address=AddressFactory(postcode="5911AA", house_number=1, street="Parade"),
                             responsible=cast.venlo, case_type=CaseType.FIRE_SAFETY, status=CaseStatus.CLOSED,
                             closed_on=dt.date(2026, 3, 1), result="gelegaliseerd", lesson=VENLO_LESSON)
    horst_address = AddressFactory(municipality=municipality("GM1507"), postcode="5961AA", house_number=2,
                                   street="Kerkstraat", bag_id="1507010000000002")
    horst_case = CaseFactory(address=horst_address, responsible=cast.horst, case_type=CaseType.OVERCROWDING,
                             status=CaseStatus.CLOSED, closed_on=dt.date(2026, 4, 1), result="herhuisvest",
                             lesson=HORST_LESSON)
    CaseParticipantFactory(case=horst_case, organisation=cast.fire)
    CaseFactory(responsible=cast.venlo, lesson="", status=CaseStatus.NEW)  # open: no lesson yet
    project = Project.objects.create(name="Vakantieparken 2025", region=cast.region, aim="Alle parken gecontroleerd",
                                     starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 12, 31))
    evaluate_project(actor=cast.programme_coordinator, project=project, ended_on=dt.date(2025, 12, 31),
                     evaluation="Samenwerking met de parkexploitant werkte beter dan handhaven alleen.")
    cast.venlo_case, cast.horst_case, cast.project = venlo_case, horst_case, project
    return cast


def _keys(user, **filters):
    return [lesson.key for lesson in lessons.lessons_for(scope_for(user), **filters)]


def test_a_municipality_reads_its_own_case_lessons_and_the_region_projects(closed):
    assert _keys(closed.venlo_viewer) == [f"zaak-{closed.venlo_case.pk}", f"project-{closed.project.pk}"]


def test_a_partner_reads_lessons_of_the_cases_it_took_part_in(closed):
    assert _keys(closed.fire_viewer) == [f"zaak-{closed.horst_case.pk}", f"project-{closed.project.pk}"]


def test_the_regional_coordinator_reads_every_case_lesson_of_the_region(closed):
    assert _keys(closed.programme_coordinator) == [
        f"zaak-{closed.horst_case.pk}", f"zaak-{closed.venlo_case.pk}", f"project-{closed.project.pk}"]


def test_other_programme_roles_read_only_project_lessons(closed):
    assert _keys(closed.programme_viewer) == [f"project-{closed.project.pk}"]


def test_another_region_reads_nothing_of_this_one(closed):
    assert _keys(closed.utrecht_handler) == []


def test_filters_by_case_type_and_theme(closed):
    who = closed.programme_coordinator
    assert _keys(who, case_type=CaseType.OVERCROWDING) == [f"zaak-{closed.horst_case.pk}"]
    assert _keys(who, theme="samenwerking") == [f"zaak-{closed.venlo_case.pk}", f"project-{closed.project.pk}"]
    assert _keys(who, theme="bewoners") == [f"zaak-{closed.horst_case.pk}"]


def test_themes_are_found_in_the_words():
    assert lessons.themes_of(VENLO_LESSON) == ["samenwerking", "verhuurder"]
    assert lessons.themes_of(HORST_LESSON) == ["bewoners"]
    assert lessons.themes_of("Niets bijzonders.") == []


def test_lesson_to_best_practice_links_back_on_both_sides(closed):
    article = services.create_article(
        actor=closed.venlo_coordinator, kind=ArticleKind.BEST_PRACTICE, title="Samen met de brandweer",
        body="Zo doen we het.", visibility=Visibility.REGION, review_on=dt.date(2027, 1, 1),
        from_case=closed.venlo_case)
    changed = write(closed.author, title="Procedure brandveiligheid")
    services.edit_article(actor=closed.author, article=changed, expected_version=1, title=changed.title,
                          body="Nieuwe stap: brandweer vooraf bellen.", note="Na les Parade", kind=changed.kind,
                          visibility=changed.visibility, review_on=changed.review_on,
                          because_of_case=closed.venlo_case)
    assert list(LessonLink.objects.order_by("pk").values_list("article__title", "kind", "version_number")) == [
        ("Samen met de brandweer", LessonLinkKind.ORIGIN, 1), ("Procedure brandveiligheid", LessonLinkKind.CHANGED, 2)]
    [lesson] = [item for item in lessons.lessons_for(scope_for(closed.venlo_viewer)) if item.case is not None]
    assert [(link.article.title, link.kind) for link in lesson.links] == [
        ("Samen met de brandweer", LessonLinkKind.ORIGIN), ("Procedure brandveiligheid", LessonLinkKind.CHANGED)]
    client = Client()
    client.force_login(closed.horst_handler)  # sees the article, not the Venlo case's lesson
    page = client.get(f"/kennisbank/artikel/{changed.pk}/").content.decode()
    assert "een les uit een zaak buiten uw zicht" in page and closed.venlo_case.reference not in page
    client.force_login(closed.venlo_viewer)
    page = client.get(f"/kennisbank/artikel/{changed.pk}/").content.decode()
    assert f"les uit zaak {closed.venlo_case.reference}" in page


def test_lessons_page_logs_each_case_lesson_and_is_not_cached(closed):
    client = Client()
    client.force_login(closed.programme_coordinator)
    response = client.get("/kennisbank/lessen/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert VENLO_LESSON in page and HORST_LESSON in page
    assert "Parade" not in page  # the regional coordinator sees lessons, not addresses
    entries = ProcessingLogEntry.objects.filter(processing_activity=ProcessingActivity.KNOWLEDGE)
    assert sorted(entries.values_list("municipality_id", flat=True)) == sorted(
        [closed.venlo_case.municipality_id, closed.horst_case.municipality_id])


def test_project_evaluation_is_checked(closed):
    with pytest.raises(ValidationError) as raised:
        evaluate_project(actor=closed.programme_coordinator, project=closed.project, evaluation="kort",
                         ended_on=dt.date(2024, 1, 1))
    assert set(raised.value.message_dict) == {"evaluation", "ended_on"}
    closed.project.refresh_from_db()
    assert closed.project.ended_on == dt.date(2025, 12, 31)


def test_turning_a_lesson_into_an_article_prefills_the_form(closed):
    client = Client()
    client.force_login(closed.venlo_coordinator)
    page = client.get(f"/kennisbank/nieuw/?les=zaak-{closed.venlo_case.pk}").content.decode()
    assert "Best practice: " + closed.venlo_case.reference in page
    assert VENLO_LESSON in page
    response = client.get(f"/kennisbank/nieuw/?les=zaak-{closed.horst_case.pk}")
    assert response.status_code == 404  # not Venlo's to read


def test_project_page_records_the_evaluation(closed, cast):
    project = Project.objects.create(name="Regionale aanpak", region=cast.region, aim="Doel",
                                     starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 6, 30))
    client = Client()
    client.force_login(cast.programme_coordinator)
    response = client.post(f"/sturing/projecten/{project.pk}/", {
        "evaluate": "1", "evaluation": "De gezamenlijke intake werkte goed.", "ended_on": "2025-06-30"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.evaluation, project.ended_on) == ("De gezamenlijke intake werkte goed.", dt.date(2025, 6, 30))
    response = client.post(f"/sturing/projecten/{project.pk}/", {"evaluate": "1", "evaluation": "", "ended_on": ""})
    assert response.status_code == 400
    client.force_login(cast.programme_viewer)
    assert client.post(f"/sturing/projecten/{project.pk}/", {
        "evaluate": "1", "evaluation": "Iets anders dan eerst.", "ended_on": "2025-06-30"}).status_code == 403


def test_edit_page_records_the_lesson_that_caused_the_change(closed):
    article = write(closed.author, title="Procedure brandveiligheid")
    client = Client()
    client.force_login(closed.venlo_coordinator)
    page = client.get(f"/kennisbank/artikel/{article.pk}/bewerken/").content.decode()
    assert f"{closed.venlo_case.reference} (Venlo, 01-03-2026)" in page
    assert VENLO_LESSON not in page  # the lesson's text stays on the lessons page
    form = {"kind": article.kind, "title": article.title, "body": "Nieuwe stap.", "visibility": article.visibility,
            "review_on": article.review_on.isoformat(), "note": "Na de les", "version": 1}
    response = client.post(f"/kennisbank/artikel/{article.pk}/bewerken/",
                           form | {"lesson": f"zaak-{closed.horst_case.pk}"})
    assert response.status_code == 400  # not a lesson Venlo may see: not among the choices
    assert LessonLink.objects.count() == 0
    assert client.post(f"/kennisbank/artikel/{article.pk}/bewerken/",
                       form | {"lesson": f"zaak-{closed.venlo_case.pk}"}).status_code == 302
    assert list(LessonLink.objects.values_list("case", "kind", "version_number")) == [
        (closed.venlo_case.pk, LessonLinkKind.CHANGED, 2)]
