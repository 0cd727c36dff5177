"""The demo organisations and users: one user per role and relevant kind, all with one password."""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from regiekamer.organisations.models import Membership, Organisation, OrganisationKind as K, Role
from regiekamer.registry.models import Municipality, Region

from .places import PLACES, REGION_CODE, REGION_NAME

DEMO_PASSWORD = "regiekamer-demo-2026"
TOKEN_USER = "brandweer.inspecteur"


@dataclass(frozen=True)
class OrganisationSpec:
    key: str
    name: str
    kind: str
    municipality_code: str | None = None  # municipal departments
    regional: bool = False  # bodies of the region Noord-Limburg


@dataclass(frozen=True)
class UserSpec:
    username: str
    organisation: str  # OrganisationSpec.key
    role: str
    name: str


def enforcement_key(municipality_code: str) -> str:
    """The key of a municipality's enforcement department, which is responsible for its cases."""
    return f"handhaving-{municipality_code}"


def social_key(municipality_code: str) -> str:
    """The key of a municipality's social domain, which receives care referrals and starts trajectories."""
    return f"sociaal-{municipality_code}"


def ggd_key() -> str:
    """The key of the region's GGD, which receives care referrals for every municipality of the region."""
    return "ggd"


# Every municipality of the region gets an enforcement department to own its cases; only Venlo and
# Horst aan de Maas get users. The privacy officer sits in a separate department of Venlo.
ORGANISATIONS: tuple[OrganisationSpec, ...] = tuple(
    OrganisationSpec(enforcement_key(p.code), f"Gemeente {p.name} handhaving", K.MUNICIPAL_ENFORCEMENT, p.code)
    for p in PLACES
) + (
    OrganisationSpec("burgerzaken-GM0983", "Gemeente Venlo burgerzaken", K.MUNICIPAL_CIVIL_AFFAIRS, "GM0983"),
    OrganisationSpec("privacy-GM0983", "Gemeente Venlo privacy", K.MUNICIPAL_CIVIL_AFFAIRS, "GM0983"),
    OrganisationSpec("brandweer", "Brandweer Limburg-Noord", K.FIRE_SERVICE, regional=True),
    # The police unit covers all of Limburg; its district Noord-Limburg works with the region.
    OrganisationSpec("politie", "Politie Limburg", K.POLICE, regional=True),
    OrganisationSpec("arbeidsinspectie", "Nederlandse Arbeidsinspectie", K.LABOUR_INSPECTORATE),
    OrganisationSpec("corporatie", "Woonwenz", K.HOUSING_CORPORATION),
    OrganisationSpec("abu", "ABU", K.AGENCY_ASSOCIATION),
    OrganisationSpec("regio", "Regio Noord-Limburg analyse", K.REGIONAL_PROGRAMME, regional=True),
    # Care: the GGD serves the whole region; Venlo and Horst aan de Maas have a social domain of their own.
    OrganisationSpec(ggd_key(), "GGD Limburg-Noord", K.GGD, regional=True),
    OrganisationSpec(social_key("GM0983"), "Gemeente Venlo sociaal domein", K.MUNICIPAL_SOCIAL, "GM0983"),
    OrganisationSpec(social_key("GM1507"), "Gemeente Horst aan de Maas sociaal domein", K.MUNICIPAL_SOCIAL, "GM1507"),
)
# The external partners that reach dossiers only through the cases they take part in.
PARTNER_KEYS: tuple[str, ...] = ("brandweer", "politie", "arbeidsinspectie", "corporatie", "abu")

USERS: tuple[UserSpec, ...] = (
    UserSpec("venlo.handhaver", enforcement_key("GM0983"), Role.HANDLER, "Handhaver Venlo"),
    UserSpec("venlo.coordinator", enforcement_key("GM0983"), Role.COORDINATOR, "Coördinator Venlo"),
    UserSpec("venlo.raadpleger", enforcement_key("GM0983"), Role.VIEWER, "Raadpleger Venlo"),
    UserSpec("venlo.beheer", enforcement_key("GM0983"), Role.ADMINISTRATOR, "Beheerder Venlo"),
    UserSpec("venlo.burgerzaken", "burgerzaken-GM0983", Role.HANDLER, "Burgerzaken Venlo"),
    UserSpec("venlo.privacy", "privacy-GM0983", Role.PRIVACY_OFFICER, "Privacyfunctionaris Venlo"),
    UserSpec("horst.handhaver", enforcement_key("GM1507"), Role.HANDLER, "Handhaver Horst aan de Maas"),
    UserSpec("brandweer.inspecteur", "brandweer", Role.HANDLER, "Inspecteur Brandweer"),
    UserSpec("politie.wijkagent", "politie", Role.HANDLER, "Wijkagent Politie"),
    UserSpec("arbeidsinspectie.inspecteur", "arbeidsinspectie", Role.HANDLER, "Inspecteur Arbeidsinspectie"),
    UserSpec("corporatie.medewerker", "corporatie", Role.VIEWER, "Medewerker Woonwenz"),
    UserSpec("abu.medewerker", "abu", Role.HANDLER, "Medewerker ABU"),
    UserSpec("regio.analist", "regio", Role.VIEWER, "Analist Regio Noord-Limburg"),
    UserSpec("venlo.sociaal", social_key("GM0983"), Role.HANDLER, "Consulent Sociaal domein Venlo"),
    UserSpec("ggd.medewerker", ggd_key(), Role.HANDLER, "Medewerker GGD Limburg-Noord"),
)


def ensure_region() -> Region:
    """The region Noord-Limburg with its seven municipalities (which the registry migration loaded)."""
    region, _ = Region.objects.get_or_create(code=REGION_CODE, defaults={"name": REGION_NAME})
    Municipality.objects.filter(code__in=[p.code for p in PLACES]).update(region=region)
    return region


@transaction.atomic
def ensure_accounts(*, region: Region) -> dict[str, Organisation]:
    """Create or update the demo organisations and users; returns the organisations by key."""
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=[p.code for p in PLACES])}
    organisations: dict[str, Organisation] = {}
    for spec in ORGANISATIONS:
        organisations[spec.key], _ = Organisation.objects.update_or_create(
            name=spec.name,
            defaults={
                "kind": spec.kind,
                "municipality": municipalities[spec.municipality_code] if spec.municipality_code else None,
                "region": region if spec.regional else None,
            },
        )
    # One PBKDF2 hash serves every demo user: they share the password anyway, and hashing it
    # a dozen times would cost the generator seconds for nothing.
    hasher = User()
    hasher.set_password(DEMO_PASSWORD)
    for spec in USERS:
        first_name, _, last_name = spec.name.partition(" ")
        user, _ = User.objects.update_or_create(
            username=spec.username,
            defaults={"first_name": first_name, "last_name": last_name, "is_active": True,
                      "password": hasher.password},
        )
        Membership.objects.update_or_create(
            user=user, defaults={"organisation": organisations[spec.organisation], "role": spec.role}
        )
    return organisations
