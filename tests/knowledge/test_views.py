"""The knowledge base's pages: status codes, messages, harmless rendering, the case page's partial."""

import datetime as dt

import pytest
from django.test import Client

from regiekamer.cases.models import CaseType
from regiekamer.cases.services import open_case
from regiekamer.knowledge.models import Article, ArticleKind, ArticleVersion, Visibility
from tests.factories import AddressFactory, MeldingFactory

from .conftest import tag, write


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _form(**changes):
    data = {"kind": ArticleKind.PROCEDURE, "title": "BRP-adresonderzoek na een LAA-signaal",
            "body": "1. Signaal beoordelen\n2. Adresonderzoek starten", "visibility": Visibility.REGION,
            "review_on": "2027-11-01", "tags": [tag("brp_adresonderzoek").pk]}
    data.update(changes)
    return data


def test_create_then_find_then_open(cast):
    client = _client(cast.author)
    response = client.post("/kennisbank/nieuw/", _form())
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/kennisbank/artikel/{article.pk}/"
    page = _client(cast.fire_viewer).get("/kennisbank/", {"q": "adresonderzoeken"}).content.decode()
    assert "1 artikel gevonden" in page and "BRP-adresonderzoek na een LAA-signaal" in page
    page = _client(cast.fire_viewer).get(f"/kennisbank/artikel/{article.pk}/").content.decode()
    assert "<ol>\n<li>Signaal beoordelen</li>\n<li>Adresonderzoek starten</li>\n</ol>" in page
    assert "Zaaktype: BRP-adresonderzoek" in page


def test_create_with_bad_input_names_the_fields_and_saves_nothing(cast):
    response = _client(cast.author).post("/kennisbank/nieuw/", _form(title="", review_on="morgen"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Titel: Dit veld is vereist." in page and "Herzien vóór: Voer een geldige datum in." in page
    assert Article.objects.count() == 0


def test_viewer_may_not_write_and_outsiders_get_404(cast):
    assert _client(cast.venlo_viewer).get("/kennisbank/nieuw/").status_code == 403
    assert _client(cast.loose).get("/kennisbank/").status_code == 404
    article = write(cast.author, visibility=Visibility.ORGANISATION)
    assert _client(cast.horst_handler).get(f"/kennisbank/artikel/{article.pk}/").status_code == 404
    assert _client(cast.venlo_viewer).get(f"/kennisbank/artikel/{article.pk}/bewerken/").status_code == 403
    assert _client(cast.venlo_viewer).get(f"/kennisbank/artikel/{article.pk}/versies/1/").status_code == 200
    assert _client(cast.venlo_viewer).get(f"/kennisbank/artikel/{article.pk}/versies/2/").status_code == 404


def test_a_script_in_the_body_renders_harmless(cast):
    article = write(cast.author, body='Let op <script>alert("x")</script> en [klik](javascript:alert(1)) '
                                      '<img src=x onerror=alert(1)>')
    page = _client(cast.fire_viewer).get(f"/kennisbank/artikel/{article.pk}/").content.decode()
    body = page.split('id="article-body">', 1)[1].split("</article>", 1)[0]
    assert body == ('<p>Let op &lt;script&gt;alert("x")&lt;/script&gt; en [klik](javascript:alert(1)) '
                    '&lt;img src=x onerror=alert(1)&gt;</p>\n')


def test_edit_appends_and_a_stale_edit_gets_a_clear_conflict(cast):
    article = write(cast.author, body="Eerste tekst.")
    anna, cor = _client(cast.author), _client(cast.venlo_coordinator)
    form = _form(title=article.title, body="Tweede tekst.", note="Aangevuld", version=1, lesson="")
    assert cor.post(f"/kennisbank/artikel/{article.pk}/bewerken/", form).status_code == 302
    response = anna.post(f"/kennisbank/artikel/{article.pk}/bewerken/", form | {"body": "Anna's tekst."})
    assert response.status_code == 409
    assert ("Iemand anders heeft intussen een nieuwere versie van dit artikel opgeslagen (versie 2). Uw wijziging "
            "is niet opgeslagen") in response.content.decode()
    article.refresh_from_db()
    assert (article.version, article.body) == (2, "Tweede tekst.")
    assert list(ArticleVersion.objects.filter(article=article).order_by("number").values_list("body", flat=True)) == [
        "Eerste tekst.", "Tweede tekst."]
    page = anna.get(f"/kennisbank/artikel/{article.pk}/versies/1/").content.decode()
    assert "Eerste tekst." in page and "de huidige versie is 2" in page
    page = anna.get(f"/kennisbank/artikel/{article.pk}/").content.decode()
    assert page.count("/versies/") == 2 and "Aangevuld" in page


def test_stale_articles_are_flagged_in_list_and_page(cast):
    article = write(cast.author, review_on=dt.date.today() - dt.timedelta(days=1))
    client = _client(cast.author)
    assert "herziening nodig" in client.get("/kennisbank/").content.decode()
    assert "Herziening nodig: dit artikel had vóór" in client.get(f"/kennisbank/artikel/{article.pk}/").content.decode()


def test_filters_on_the_list(cast):
    write(cast.author, title="Procedure A", tags=["wgv"])
    write(cast.author, title="Sjabloon B", kind=ArticleKind.TEMPLATE)
    client = _client(cast.author)
    page = client.get("/kennisbank/", {"soort": ArticleKind.TEMPLATE}).content.decode()
    assert "Sjabloon B" in page and "Procedure A" not in page
    page = client.get("/kennisbank/", {"label": tag("wgv").pk}).content.decode()
    assert "Procedure A" in page and "Sjabloon B" not in page
    assert client.get("/kennisbank/", {"label": "999999"}).status_code == 400


def test_case_page_shows_articles_of_its_type(cast):
    write(cast.author, title="Procedure overbewoning", tags=["overbewoning"])
    write(cast.author, title="Procedure uitbuiting", tags=["uitbuiting"])
    case = open_case(actor=cast.author, address=AddressFactory(postcode="5911AB", house_number=9, street="Parade"),
                     case_type=CaseType.OVERCROWDING, responsible=cast.venlo, handler=cast.author)
    page = _client(cast.author).get(f"/zaken/{case.pk}/").content.decode()
    section = page.split('id="knowledge-for-case"', 1)[1].split("</section>", 1)[0]
    assert "Procedure overbewoning" in section and "Procedure uitbuiting" not in section


@pytest.mark.parametrize("measure_value, expected", [(0, "<strong>0</strong>"), (3, "<strong>minder dan 5</strong>")])
def test_best_practice_shows_a_figure_of_its_municipality(cast, measure_value, expected):
    for _ in range(measure_value):
        MeldingFactory(received_on=dt.date.today() - dt.timedelta(days=3))
    article = write(cast.author, kind=ArticleKind.BEST_PRACTICE)
    Article.objects.filter(pk=article.pk).update(measure="meldingen_ontvangen")
    page = _client(cast.fire_viewer).get(f"/kennisbank/artikel/{article.pk}/").content.decode()
    figure = page.split('id="article-figure"', 1)[1].split("</aside>", 1)[0]
    assert "Meldingen ontvangen, Venlo" in figure and expected in figure
