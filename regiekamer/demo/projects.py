"""The demo region's plans of approach: one for Venlo and one for the region, with a convenant and
the targets of issue 5's examples; and the occupancy snapshots of the past three years."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction

from regiekamer.norms.models import Norm, NormKey
from regiekamer.organisations.models import Organisation
from regiekamer.registry.models import Municipality, Region
from regiekamer.steering.models import Agreement, Project, Target, TargetKind
from regiekamer.steering.snapshots import month_ends, take_month_ends

from .accounts import enforcement_key, ggd_key, social_key
from .places import PLACES

SNAPSHOT_MONTHS = 36

AGREEMENT = dict(
    title="Convenant gegevensdeling Aanpak huisvesting arbeidsmigranten Noord-Limburg",
    purpose=("Signalen van overbewoning, brandonveilige huisvesting, illegale verhuur en uitbuiting van "
             "arbeidsmigranten gezamenlijk opsporen, beoordelen en aanpakken, en mensen in een kwetsbare situatie "
             "naar zorg en opvang toeleiden. Partners delen alleen de gegevens die voor een casus nodig zijn; "
             "cijfers verlaten een gemeente alleen als geaggregeerde aantallen."),
    legal_basis=("AVG artikel 6 lid 1 onder c en e (wettelijke plicht en taak van algemeen belang); Woningwet, "
                 "Huisvestingswet 2014 en Wet goed verhuurderschap; Wet basisregistratie personen (artikel 3.21, "
                 "adresonderzoek); Wet publieke gezondheid; Wet veiligheidsregio's."),
    retention="5 jaar na het afsluiten van de zaak; cijferpakketten zonder persoonsgegevens 10 jaar",
)

# (measure, kind, Venlo's value, the region's value)
TARGETS = (
    ("controles_uitgevoerd", TargetKind.COUNT, 200, 600),
    ("trefkans", TargetKind.SHARE, 60, 60),
    ("meldingen_op_tijd_pct", TargetKind.SHARE, 90, 90),
    ("adressen_boven_norm", TargetKind.REDUCTION, 25, 20),
    ("mensen_opgevolgd", TargetKind.COUNT, 50, 120),
)


@transaction.atomic
def ensure_projects(*, region: Region, organisations: dict[str, Organisation], today: dt.date) -> list[Project]:
    """The plans of approach for this calendar year: Venlo's and the region's (created once)."""
    year = today.year
    starts_on, ends_on = dt.date(year, 1, 1), dt.date(year, 12, 31)
    venlo = Municipality.objects.get(code="GM0983")
    plans = (
        (f"Aanpak huisvesting arbeidsmigranten Venlo {year}", dict(municipality=venlo),
         ("Overbewoning en onveilige huisvesting van arbeidsmigranten in Venlo terugdringen, malafide verhuurders "
          "aanpakken en bewoners in een kwetsbare situatie naar zorg en een goede woonplek begeleiden."),
         [enforcement_key("GM0983"), "burgerzaken-GM0983", social_key("GM0983"), "brandweer", "politie",
          "arbeidsinspectie", "corporatie", ggd_key()], 2),
        (f"Regionale aanpak arbeidsmigranten Noord-Limburg {year}", dict(region=region),
         ("Samen met de zeven gemeenten van Noord-Limburg en de partners zorgen voor veilige en fatsoenlijke "
          "huisvesting van arbeidsmigranten, en voorkomen dat problemen naar een buurgemeente verschuiven "
          "wanneer een gemeente optreedt (het waterbedeffect)."),
         [enforcement_key(p.code) for p in PLACES] + ["brandweer", "politie", "arbeidsinspectie", ggd_key(), "abu",
                                                       "regio"], 3),
    )
    projects = []
    for name, where, aim, keys, column in plans:
        project, created = Project.objects.get_or_create(
            **where, starts_on=starts_on, defaults={"name": name, "aim": aim, "ends_on": ends_on})
        if created:
            project.organisations.set([organisations[key] for key in keys])
            Agreement.objects.create(project=project, signed_on=starts_on - dt.timedelta(days=40), **AGREEMENT)
            Target.objects.bulk_create([
                Target(project=project, measure=row[0], kind=row[1], value=Decimal(row[column])) for row in TARGETS
            ])
        projects.append(project)
    return projects


def snapshot_days(today: dt.date, months: int = SNAPSHOT_MONTHS) -> list[dt.date]:
    """The month ends of the last `months` months, the running month's being today; a month end before
    any floor-area norm was in force has no figure and is left out (the national norm dates from 2024)."""
    first = today.replace(day=1)
    for _ in range(months - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    first_norm = Norm.objects.filter(key=NormKey.FLOOR_AREA_PER_PERSON).order_by("valid_from").first()
    if first_norm is None:
        return []
    return [day for day in month_ends(first, today - dt.timedelta(days=1)) + [today] if day >= first_norm.valid_from]


def take_snapshots(*, today: dt.date, on_day: Callable[[dt.date], None] | None = None) -> int:
    """The occupancy snapshots of the last 36 month ends (the running month: today) of every demo municipality."""
    days = snapshot_days(today)
    if not days:
        return 0
    written = 0
    for municipality in Municipality.objects.filter(code__in=[p.code for p in PLACES]).order_by("code"):
        written += take_month_ends(municipality, days[0], today, today=today, on_day=on_day)
    return written
