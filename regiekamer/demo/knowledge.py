"""The demo's knowledge base: real procedures, a best practice and a checklist, written from the facts
in the domain brief (norms, the Awb steps, the LAA terms), by Venlo's coordinator, shared with the region."""

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction

from regiekamer.inspections.models import ChecklistTemplate
from regiekamer.knowledge.models import Article, ArticleKind, Tag, Visibility
from regiekamer.knowledge.services import create_article

AUTHOR = "venlo.coordinator"
CHECKLIST = "Pandcontrole huisvesting arbeidsmigranten"

# (kind, title, tags as (group, value), measure, body)
ARTICLES: tuple[tuple[str, str, tuple[tuple[str, str], ...], str, str], ...] = (
    (ArticleKind.PROCEDURE, "Gezamenlijke controle van een vakantiepark",
     (("zaaktype", "overbewoning"), ("zaaktype", "brandveiligheid"), ("partner", "brandweer"),
      ("partner", "politie"), ("partner", "arbeidsinspectie"), ("partner", "parkexploitant"),
      ("wet", "omgevingswet")), "",
     """Een controle van een vakantiepark waar arbeidsmigranten verblijven doen we met de partners samen:
wat de een ziet, mist de ander.

## Voorbereiding (twee weken vooraf)

1. Bundel de meldingen, LAA-signalen en eerdere zaken op de adressen van het park in één zaak.
2. Vraag in de zaak de **brandweer** om een gezamenlijke controle; vraag de **politie** (wijkagent) en,
   bij signalen van uitbuiting, de **Nederlandse Arbeidsinspectie** om deel te nemen.
3. Vraag burgerzaken welke personen in de BRP en de RNI op de adressen staan ingeschreven.
4. Spreek een tolk af (Pools, Roemeens of Bulgaars): bewoners moeten kunnen vertellen hoe zij wonen.

## Op het park

1. Meld u bij de exploitant; laat u niet rondleiden maar bezoek de geselecteerde adressen.
2. Vul per adres de controlelijst in: feitelijke bewoning tegenover de inschrijvingen, het gebruiksoppervlak
   per persoon (wettelijk 12 m² in een woning; de gemeente kan een hogere norm stellen), brandveiligheid
   (rookmelders, blusmiddelen, vluchtwegen), sanitair.
3. Maak foto's en leg bevindingen direct vast.
4. Geef bewoners de informatie over hun rechten en het meldpunt in hun eigen taal.

## Na de controle

1. Kies per overtreding in de LHSO-matrix de interventie (gedrag A–D, gevolgen 1–4).
2. Zet signalen van uitbuiting of mensen die hulp nodig hebben direct door (zorg, Arbeidsinspectie).
3. Plan de hercontrole na afloop van de begunstigingstermijn.
"""),
    (ArticleKind.PROCEDURE, "BRP-adresonderzoek na een LAA-signaal",
     (("zaaktype", "brp_adresonderzoek"), ("wet", "wet_brp"), ("partner", "gemeente_burgerzaken")), "",
     """De Rijksdienst voor Identiteitsgegevens (RvIG) stuurt de gemeente elke maand signalen van de
**Landelijke Aanpak Adreskwaliteit (LAA)** over adressen waar de inschrijving mogelijk niet klopt
(veel bewoners per m², veel verhuizingen, een doorgangsadres, retourpost).

## Termijnen

- Binnen **4 weken** na ontvangst geeft de gemeente het signaal een status: in onderzoek in de BRP,
  afgesloten zonder wijziging, of afgesloten met wijziging.
- Binnen **6 maanden** legt de gemeente het eindresultaat vast.

## Stappen

1. Beoordeel het signaal: bekijk het adresdossier (inschrijvingen, eerdere meldingen en controles).
2. Start het adresonderzoek in de BRP en leg het signaal vast als melding bij het adres.
3. Plan zo nodig een huisbezoek, bij voorkeur samen met toezicht en handhaving.
4. Wie hier ten minste 4 maanden binnen 6 maanden woont, schrijft zich binnen 5 dagen in de BRP in op
   het woonadres; wie korter blijft, staat in de RNI met een buitenlands adres. Pas de inschrijving aan
   naar wat u aantreft.
5. Leg het resultaat terug bij het LAA-signaal, binnen de termijn.

Let op: veel arbeidsmigranten staan in de RNI of op een ander adres ingeschreven dan waar zij slapen.
Een signaal over overbewoning is daarom ook een aanleiding voor een pandcontrole.
"""),
    (ArticleKind.PROCEDURE, "Last onder dwangsom (Wgv/Awb)",
     (("zaaktype", "goed_verhuurderschap"), ("zaaktype", "overbewoning"), ("wet", "wgv"), ("wet", "awb"),
      ("wet", "woningwet")), "",
     """Een last onder dwangsom dwingt een verhuurder of eigenaar een overtreding te beëindigen.

## Stappen

1. **Constatering**: leg de overtreding vast in een rapport van de controle (met foto's en metingen).
2. **Interventie kiezen**: bepaal in de LHSO-matrix het gedrag (A–D) en de gevolgen (1–4); leg een
   afwijking van de voorgestelde interventie met de reden vast.
3. **Voornemen** (vooraankondiging): stuur de overtreder het voornemen tot een last onder dwangsom.
4. **Zienswijze** (Awb 4:8): geef de overtreder de gelegenheid zijn zienswijze te geven.
5. **Besluit** (Awb 5:32a): noem de maatregelen die de overtreding beëindigen, de begunstigingstermijn,
   het bedrag van de dwangsom (per dag, per overtreding of ineens) en het maximum.
6. **Hercontrole** na afloop van de begunstigingstermijn.
7. **Invordering** (Awb 5:37) van verbeurde dwangsommen, of afsluiten als de overtreding is beëindigd.

Tegen het besluit kan binnen **6 weken** bezwaar worden gemaakt (Awb 6:7).

Onder de Wet goed verhuurderschap kan de gemeente ook een bestuurlijke boete opleggen; bij
herhaling binnen 4 jaar geldt een hoger maximum, en namen van beboete verhuurders worden openbaar.
"""),
    (ArticleKind.BEST_PRACTICE, "Brandweer vanaf de intake bij signalen over vakantieparken",
     (("zaaktype", "brandveiligheid"), ("zaaktype", "overbewoning"), ("partner", "brandweer")),
     "controles_uitgevoerd",
     """**Wat we deden.** Bij elke melding of elk LAA-signaal over een adres op een vakantiepark nodigt
toezicht en handhaving de brandweer al bij de intake uit in de zaak, niet pas bij de controle.

**Wat het opleverde.** De brandweer beoordeelt vooraf de risico's (vluchtwegen, gasflessen, slaapplaatsen
in bijgebouwen), zodat de controle op de goede adressen begint. Bevindingen over brandveiligheid en
overbewoning komen in één rapport, en de interventie wordt één keer gekozen.

**Waar op te letten.** Spreek vooraf af wie het rapport schrijft en wie de overtreder aanschrijft.
Het cijfer hiernaast is het aantal uitgevoerde controles van de gemeente in de afgelopen twaalf maanden.
"""),
    (ArticleKind.TEMPLATE, "Checklist pandcontrole huisvesting arbeidsmigranten (SNF en 12 m²)",
     (("zaaktype", "overbewoning"), ("zaaktype", "brandveiligheid"), ("wet", "omgevingswet")), "",
     """Gebruik deze lijst naast de digitale controlelijst, bijvoorbeeld bij een overleg met een
exploitant of uitzendbureau.

| Onderwerp | Norm |
| --- | --- |
| Gebruiksoppervlak per persoon (wettelijk, woning) | ten minste 12 m² (de gemeente kan hoger stellen) |
| SNF: gebruiksoppervlak per persoon, logies | ten minste 10 m² |
| SNF: gebruiksoppervlak per persoon, woning | ten minste 12 m² |
| SNF: slaapkamer | ten minste 3,5 m² per persoon |
| SNF: sanitair | ten minste 1 toilet en 1 douche per 8 personen |
| SNF: inrichting | per bewoner een bed, een kledingkast en een stoel |
| Brandveiligheid | blusmiddelen en rook- en CO-melders gecontroleerd |
| Bewoning | feitelijke bewoning vergeleken met de registratie |

- [ ] Aantal aangetroffen bewoners genoteerd
- [ ] Huurcontract en arbeidscontract zijn afzonderlijke documenten (Wet goed verhuurderschap)
- [ ] Informatie over rechten en het meldpunt in een taal die de bewoner begrijpt
"""),
)


@transaction.atomic
def ensure_articles(*, today: dt.date) -> int:
    """Write the demo articles once (a second run finds them by title)."""
    author = User.objects.get(username=AUTHOR)
    checklist = ChecklistTemplate.objects.filter(name=CHECKLIST).order_by("-version").first()
    written = 0
    for kind, title, tags, measure, body in ARTICLES:
        if Article.objects.filter(title=title).exists():
            continue
        article = create_article(
            actor=author, kind=kind, title=title, body=body, visibility=Visibility.REGION,
            review_on=today + dt.timedelta(days=365), tags=[Tag.objects.get(group=g, value=v) for g, v in tags],
            checklists=[checklist] if checklist is not None and "controle" in title.lower() else [],
            measure=measure)
        written += article.pk is not None
    return written
