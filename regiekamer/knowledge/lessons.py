"""The lessons of a region: from closed cases (Case.lesson) and ended projects (Project.evaluation).

Need-to-know (ADR 0008): a case's lesson is free text about a dossier and can name people, so it is
read through the cases a reader may see (cases.selectors.cases_for); besides, the regional
programme's coordinator, who bundles the region's experience, reads the lessons of every closed case
of the region's municipalities, without the address. A project's evaluation is read by whoever reads
the project (steering). Every case lesson shown is written to the processing log (the views).
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from regiekamer.cases.models import Case, CaseStatus, CaseType
from regiekamer.cases.selectors import cases_for
from regiekamer.organisations.access import Scope
from regiekamer.organisations.models import OrganisationKind, Role
from regiekamer.steering.models import Project
from regiekamer.steering.project_views import projects_for

from .models import LessonLink
from .selectors import articles_for

# Themes are found in the lesson's words: (theme, label, word beginnings). A lesson can have several.
THEMES: tuple[tuple[str, Promise, tuple[str, ...]], ...] = (
    ("samenwerking", _("Samenwerking met partners"),
     ("samenwerk", "partner", "brandweer", "politie", "arbeidsinspectie", "gezamenlijk", "overleg", "ketenpartner")),
    ("registratie", _("Registratie (BRP/RNI)"), ("brp", "rni", "inschrijv", "adresonderzoek", "registr")),
    ("verhuurder", _("Verhuurder en uitzendbureau"),
     ("verhuurder", "eigenaar", "uitzendbureau", "huurcontract", "vergunning", "werkgever")),
    ("veiligheid", _("Brandveiligheid"), ("brandveilig", "brandgevaar", "vluchtweg", "rookmelder", "nooduitgang")),
    ("bewoners", _("Bewoners, taal en zorg"), ("bewoner", "zorg", "opvang", "taal", "herhuisvest", "tolk")),
    ("handhaving", _("Handhaving"), ("dwangsom", "bestuursdwang", "boete", "handhav", "hercontrole", "zienswijze")),
)
THEME_LABELS = {key: label for key, label, _words in THEMES}


def themes_of(text: str) -> list[str]:
    words = (text or "").lower().split()
    return [key for key, _label, beginnings in THEMES
            if any(word.strip(".,;:!?()\"'").startswith(beginnings) for word in words)]


@dataclass
class Lesson:
    key: str  # "zaak-<pk>" or "project-<pk>"
    text: str
    title: str
    on: object  # the day the case closed or the project ended
    municipality: str
    case: Case | None = None
    project: Project | None = None
    case_type: str = ""
    themes: list[str] = field(default_factory=list)
    links: list[LessonLink] = field(default_factory=list)

    @property
    def case_type_label(self) -> str:
        return CaseType(self.case_type).label if self.case_type else ""

    @property
    def theme_labels(self) -> list:
        return [THEME_LABELS[key] for key in self.themes]


def reads_lessons(scope: Scope) -> bool:
    return scope.reads_dossiers or scope.reads_aggregates


def reads_region_lessons(scope: Scope) -> bool:
    """The regional programme's coordinator bundles the experience of the whole region."""
    return (scope.kind == OrganisationKind.REGIONAL_PROGRAMME and scope.role == Role.COORDINATOR
            and scope.region_id is not None)


def lesson_cases(scope: Scope) -> QuerySet[Case]:
    if reads_region_lessons(scope):
        cases = Case.objects.filter(municipality__region_id=scope.region_id)
    elif scope.reads_dossiers:
        cases = cases_for(scope)
    else:
        return Case.objects.none()
    return cases.filter(status=CaseStatus.CLOSED).exclude(lesson="")


def lesson_projects(scope: Scope) -> QuerySet[Project]:
    if not reads_lessons(scope):
        return Project.objects.none()
    return projects_for(scope).exclude(evaluation="")


def lesson_case_for(scope: Scope, pk: int) -> Case:
    case = lesson_cases(scope).select_related("address", "municipality").filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


def lesson_project_for(scope: Scope, pk: int) -> Project:
    project = lesson_projects(scope).filter(pk=pk).first()
    if project is None:
        raise Http404
    return project


def from_case(case: Case) -> Lesson:
    return Lesson(key=f"zaak-{case.pk}", text=case.lesson, title=case.reference, on=case.closed_on,
                  municipality=case.municipality.name, case=case, case_type=case.case_type,
                  themes=themes_of(case.lesson))


def from_project(project: Project) -> Lesson:
    where = project.municipality.name if project.municipality_id else project.region.name
    return Lesson(key=f"project-{project.pk}", text=project.evaluation, title=project.name,
                  on=project.ended_on or project.ends_on, municipality=where, project=project,
                  themes=themes_of(project.evaluation))


def lessons_for(scope: Scope, *, case_type: str = "", theme: str = "") -> list[Lesson]:
    """The lessons the reader may see, newest first, filtered by case type and theme."""
    cases = lesson_cases(scope).select_related("municipality").order_by("-closed_on", "-pk")
    if case_type:
        cases = cases.filter(case_type=case_type)
    found = [from_case(case) for case in cases]
    if not case_type:
        projects = lesson_projects(scope).select_related("municipality", "region")
        found += [from_project(project) for project in projects]
    if theme:
        found = [lesson for lesson in found if theme in lesson.themes]
    _attach_links(scope, found)
    return sorted(found, key=lambda lesson: (lesson.on, lesson.key), reverse=True)


def _attach_links(scope: Scope, found: list[Lesson]) -> None:
    """Which articles each lesson made or changed: only articles the reader may see."""
    by_case = {lesson.case.pk: lesson for lesson in found if lesson.case is not None}
    by_project = {lesson.project.pk: lesson for lesson in found if lesson.project is not None}
    links = LessonLink.objects.filter(case_id__in=by_case) | LessonLink.objects.filter(project_id__in=by_project)
    visible = articles_for(scope).values("pk")
    for link in links.filter(article__in=visible).select_related("article"):
        lesson = by_case.get(link.case_id) if link.case_id else by_project.get(link.project_id)
        lesson.links.append(link)
