"""What a reporter can choose, in plain language (B1), as data.

Each topic maps to a melding category for the intake; a topic or landlord without a category is
outside what the meldpunt handles under the Wet goed verhuurderschap and leads to a referral page
(REFERRALS) instead: nothing is stored. The facts behind the referrals are in
docs/domain.md section 3: reports about housing corporations are referred elsewhere, and a formal
enforcement request (handhavingsverzoek) is a separate route.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from regiekamer.meldingen.models import MeldingCategory as C


@dataclass(frozen=True)
class Choice:
    key: str
    label: Promise
    category: str | None = None  # the melding category; None: refer
    referral: str | None = None  # key in REFERRALS


TOPICS: tuple[Choice, ...] = (
    Choice("te-veel-mensen", _("Er wonen te veel mensen in het huis."), C.OVERCROWDING),
    Choice("brandgevaar", _("Het huis is niet veilig: brandgevaar, geen rookmelder, geen nooduitgang, "
                            "gevaarlijke elektriciteit of gas."), C.FIRE_SAFETY),
    Choice("slechte-woning", _("Het huis is ongezond of kapot: vocht, schimmel, geen verwarming of geen water."),
           C.UNSAFE_HOUSING),
    Choice("intimidatie", _("De verhuurder bedreigt, intimideert of discrimineert."), C.LANDLORD_COMPLAINT),
    Choice("borg-contract", _("De borg is hoger dan twee keer de kale huur, of er is geen schriftelijk huurcontract."),
           C.LANDLORD_COMPLAINT),
    Choice("werk-en-wonen", _("Mijn huurcontract en mijn arbeidscontract zijn één document, of ik kreeg de "
                              "informatie niet in een taal die ik begrijp."), C.LANDLORD_COMPLAINT),
    Choice("uitbuiting", _("Mensen moeten hier wonen of werken en kunnen niet weg (uitbuiting, mensenhandel)."),
           C.EXPLOITATION),
    Choice("illegale-verhuur", _("Er worden kamers of huizen verhuurd terwijl dat niet mag."), C.ILLEGAL_LETTING),
    Choice("overlast", _("Overlast bij het huis: lawaai, afval of vuil."), C.NUISANCE),
    Choice("anders", _("Iets anders over huren of wonen."), C.OTHER),
    # Outside what this meldpunt handles:
    Choice("huurprijs", _("Ik ben het niet eens met de hoogte van de huur of de servicekosten."),
           referral="huurcommissie"),
    Choice("werk", _("Ik heb een probleem met mijn werk: loon, werktijden of ontslag."), referral="werk"),
    Choice("handhavingsverzoek", _("Ik wil de gemeente officieel vragen om op te treden (een handhavingsverzoek)."),
           referral="handhavingsverzoek"),
)

LANDLORDS: tuple[Choice, ...] = (
    Choice("particulier", _("Een particuliere verhuurder of een bedrijf"), "ok"),
    Choice("werkgever", _("Mijn werkgever of een uitzendbureau"), "ok"),
    Choice("corporatie", _("Een woningcorporatie"), referral="corporatie"),
    Choice("onbekend", _("Ik weet het niet, of ik woon er niet (bijvoorbeeld: ik ben een buur)"), "ok"),
)

TOPIC_BY_KEY = {choice.key: choice for choice in TOPICS}
LANDLORD_BY_KEY = {choice.key: choice for choice in LANDLORDS}


@dataclass(frozen=True)
class Place:
    name: Promise
    what: Promise
    website: str  # shown as text and as a link; no phone numbers that could go out of date


@dataclass(frozen=True)
class Referral:
    title: Promise
    why: Promise
    places: tuple[Place, ...]


JURIDISCH_LOKET = Place(_("Het Juridisch Loket"), _("Gratis advies over uw rechten als huurder of werknemer."),
                        "https://www.juridischloket.nl")
HUURCOMMISSIE = Place(_("De Huurcommissie"),
                      _("Beslist bij onenigheid tussen huurder en verhuurder over de huurprijs, de servicekosten "
                        "en onderhoud."), "https://www.huurcommissie.nl")

REFERRALS: dict[str, Referral] = {
    "corporatie": Referral(
        _("Uw melding gaat over een woningcorporatie"),
        _("Dit meldpunt is voor meldingen over andere verhuurders. Meldingen over een woningcorporatie "
          "gaan ergens anders heen. Meld uw probleem eerst bij de woningcorporatie zelf. Helpt dat niet? "
          "Dan kunt u naar de klachtencommissie van de woningcorporatie of naar de Huurcommissie."),
        (Place(_("De woningcorporatie zelf"),
               _("Elke woningcorporatie heeft een klachtenregeling. Kijk op de website van uw corporatie of in uw "
                 "huurcontract."), ""),
         HUURCOMMISSIE, JURIDISCH_LOKET),
    ),
    "huurcommissie": Referral(
        _("Onenigheid over de huur of de servicekosten"),
        _("Over de hoogte van de huur of de servicekosten beslist de Huurcommissie, niet de gemeente. "
          "Dit meldpunt kan u daar niet mee helpen."),
        (HUURCOMMISSIE, JURIDISCH_LOKET),
    ),
    "werk": Referral(
        _("Een probleem met uw werk"),
        _("Dit meldpunt is voor meldingen over wonen en huren. Problemen met loon, werktijden of ontslag "
          "horen bij de Nederlandse Arbeidsinspectie. Moet u ook wonen waar u werkt en is het huis slecht of "
          "onveilig? Ga dan terug en kies een onderwerp over het huis."),
        (Place(_("De Nederlandse Arbeidsinspectie"),
               _("Hier meldt u slechte of oneerlijke arbeidsomstandigheden, ook anoniem."),
               "https://www.nlarbeidsinspectie.nl"),
         JURIDISCH_LOKET),
    ),
    "handhavingsverzoek": Referral(
        _("Een handhavingsverzoek is iets anders dan een melding"),
        _("Met een handhavingsverzoek vraagt u de gemeente officieel om een besluit te nemen. Dat is een "
          "aparte route en gaat niet via dit meldpunt. Schrijf een brief of gebruik het formulier op de website "
          "van uw gemeente. Zet erin wie u bent, over welk adres het gaat, wat er mis is en waarom het u raakt. "
          "Wilt u alleen iets melden? Ga dan terug en kies een ander onderwerp."),
        (JURIDISCH_LOKET,),
    ),
}


def referral_for(*, landlord: str, topic: str) -> str | None:
    """The referral the reporter's answers lead to, or None when the meldpunt handles the report."""
    for choice in (LANDLORD_BY_KEY.get(landlord), TOPIC_BY_KEY.get(topic)):
        if choice is not None and choice.referral:
            return choice.referral
    return None
