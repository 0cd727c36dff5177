"""The knowledge base's pages. Who sees what: selectors.py and lessons.py (ADR 0008); 404 for what
is not shared with the reader, 403 for a role that may not act."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from regiekamer.audit.models import Operation, ProcessingActivity, SubjectType
from regiekamer.audit.services import Subject, record
from regiekamer.cases.models import Case
from regiekamer.cases.selectors import consultations_for
from regiekamer.core import markdown
from regiekamer.core.forms import errors_onto
from regiekamer.core.http import no_store
from regiekamer.organisations.access import scope_for
from regiekamer.organisations.models import Role
from regiekamer.steering.models import Project
from regiekamer.steering.project_views import projects_for

from . import lessons as lesson_reads, selectors, services
from .figures import figure_for
from .forms import ActionForm, ActionStatusForm, ArticleForm, AttachmentForm, LessonFilterForm, SearchForm
from .lessons import Lesson
from .models import ActionSource, ArticleKind, LessonLinkKind


def _reader(request):
    scope = scope_for(request.user)
    if not selectors.reads_knowledge(scope):
        raise Http404
    return scope


def _log_lessons(request, name: str, cases: list[Case]) -> None:
    """Lessons of cases are free text about a dossier: each one read is logged, by its address."""
    if cases:
        record(actor=request.user, name=name, operation=Operation.READ, activity=ProcessingActivity.KNOWLEDGE,
               subjects=[Subject(case.address.bag_id, SubjectType.ADDRESS, case.municipality_id) for case in cases],
               trace_id=request.trace_id, started=request.started_at)


@login_required
def index(request):
    scope = _reader(request)
    form = SearchForm(request.GET or None)
    found = []
    if form.is_valid() or not request.GET:
        data = form.cleaned_data if request.GET else {}
        found = selectors.find(scope, query=data.get("q", ""), kind=data.get("soort", ""), tag=data.get("label"))
    context = {"form": form, "articles": found, "writes": selectors.writes_knowledge(scope),
               "searched": bool(request.GET.get("q")), "open_actions": selectors.open_actions(scope).count()}
    return render(request, "knowledge/index.html", context, status=200 if form.is_bound is False or form.is_valid() else 400)


def _lesson_choices(scope) -> list[tuple[str, str]]:
    # Named by reference and date only: the lesson's text (which can name people) stays on the lessons page.
    return [(lesson.key, f"{lesson.title} ({lesson.municipality}, {lesson.on:%d-%m-%Y})")
            for lesson in lesson_reads.lessons_for(scope)]


def _lesson_from_key(scope, key: str) -> tuple[Case | None, Project | None]:
    """A lesson key ("zaak-12", "project-3") to the case or project, only within the reader's scope."""
    kind, _sep, pk = (key or "").partition("-")
    if not pk.isdigit():
        return None, None
    if kind == "zaak":
        return lesson_reads.lesson_case_for(scope, int(pk)), None
    if kind == "project":
        return None, lesson_reads.lesson_project_for(scope, int(pk))
    return None, None


def _article_data(form: ArticleForm) -> dict:
    data = form.cleaned_data
    return {key: data[key] for key in ("kind", "title", "body", "visibility", "review_on", "tags", "checklists")} | {
        "measure": data.get("measure") or ""}


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    scope = _reader(request)
    if not selectors.writes_knowledge(scope):
        raise PermissionDenied
    case, project = _lesson_from_key(scope, request.GET.get("les", ""))
    initial = {"review_on": timezone.localdate().replace(year=timezone.localdate().year + 1)}
    lesson: Lesson | None = None
    if case is not None or project is not None:
        lesson = lesson_reads.from_case(case) if case else lesson_reads.from_project(project)
        initial |= {"kind": ArticleKind.BEST_PRACTICE, "title": _("Best practice: %(title)s") % {"title": lesson.title},
                    "body": _("## Aanleiding\n\n> %(lesson)s\n\n## Wat werkt\n\n") % {"lesson": lesson.text}}
        if case is not None:
            initial["tags"] = list(selectors.tags().filter(group="zaaktype", value=case.case_type))
            if request.method == "GET":
                _log_lessons(request, "les overnemen in de kennisbank", [case])
    form = ArticleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.create_article(actor=request.user, **_article_data(form), from_case=case,
                                              from_project=project)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, _("Het artikel is opgeslagen."))
            return redirect("knowledge:article", pk=article.pk)
    return render(request, "knowledge/form.html", {"form": form, "lesson": lesson, "article": None},
                  status=400 if form.errors else 200)


@login_required
def article(request, pk: int):
    scope = _reader(request)
    item = selectors.article_for(scope, pk)
    visible_cases = lesson_reads.lesson_cases(scope).values("pk")
    visible_projects = lesson_reads.lesson_projects(scope).values("pk")
    context = {
        "article": item, "html": markdown.render(item.body, markdown.ARTICLE), "may_edit": selectors.may_edit(scope, item),
        "versions": item.versions.all(), "attachments": item.attachments.all(),
        "tags": item.tags.all(), "checklists": item.checklists.order_by("name"),
        "links": item.lesson_links.select_related("case", "project"),
        "visible_cases": set(visible_cases.values_list("pk", flat=True)),
        "visible_projects": set(visible_projects.values_list("pk", flat=True)),
        "figure": figure_for(item, timezone.localdate()),
        "attachment_form": AttachmentForm() if selectors.may_edit(scope, item) else None,
    }
    return render(request, "knowledge/article.html", context)


@login_required
def version(request, pk: int, number: int):
    scope = _reader(request)
    item = selectors.article_for(scope, pk)
    old = get_object_or_404(item.versions, number=number)
    return render(request, "knowledge/version.html", {"article": item, "old": old, "html": markdown.render(old.body, markdown.ARTICLE)})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    scope = _reader(request)
    item = selectors.article_for(scope, pk)
    if not selectors.may_edit(scope, item):
        raise PermissionDenied
    initial = {"kind": item.kind, "title": item.title, "body": item.body, "visibility": item.visibility,
               "review_on": item.review_on, "tags": list(item.tags.all()), "checklists": list(item.checklists.all()),
               "measure": item.measure, "version": item.version, "lesson": request.GET.get("les", "")}
    form = ArticleForm(request.POST or None, initial=initial, editing=True, lesson_choices=_lesson_choices(scope))
    if request.method == "POST" and form.is_valid():
        try:
            case, project = _lesson_from_key(scope, form.cleaned_data["lesson"])
            item = services.edit_article(
                actor=request.user, article=item, expected_version=form.cleaned_data["version"] or 0,
                note=form.cleaned_data["note"], because_of_case=case, because_of_project=project,
                **_article_data(form))
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, _("De nieuwe versie is opgeslagen."))
            return redirect("knowledge:article", pk=item.pk)
    conflict = form.has_error(NON_FIELD_ERRORS, code="conflict")
    return render(request, "knowledge/form.html", {"form": form, "article": item, "conflict": conflict},
                  status=409 if conflict else 400 if form.errors else 200)


@login_required
@require_POST
def add_attachment(request, pk: int):
    scope = _reader(request)
    item = selectors.article_for(scope, pk)
    if not selectors.may_edit(scope, item):
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(actor=request.user, article=item, upload=form.cleaned_data["file"])
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, _("De bijlage is toegevoegd."))
            return redirect("knowledge:article", pk=item.pk)
    for problems in form.errors.values():
        for problem in problems:
            messages.error(request, problem)
    return redirect("knowledge:article", pk=item.pk)


@login_required
def attachment(request, pk: int, attachment_pk: int):
    """A download through the article's scope, never a public URL."""
    scope = _reader(request)
    item = selectors.article_for(scope, pk)
    stored = get_object_or_404(item.attachments, pk=attachment_pk)
    response = FileResponse(stored.file.open("rb"), as_attachment=True, filename=stored.original_name,
                            content_type=stored.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- lessons --------------------------------------------------------------------------------------

@login_required
def lessons(request):
    scope = scope_for(request.user)
    if not lesson_reads.reads_lessons(scope) or not selectors.reads_knowledge(scope):
        raise Http404
    form = LessonFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    found = lesson_reads.lessons_for(scope, case_type=data.get("zaaktype", ""), theme=data.get("thema", ""))
    _log_lessons(request, "lessen uit zaken inzien", [lesson.case for lesson in found if lesson.case is not None])
    context = {"form": form, "lessons": found, "writes": selectors.writes_knowledge(scope),
               "records_actions": selectors.records_actions(scope),
               "may_turn": selectors.writes_knowledge(scope) and scope.role == Role.COORDINATOR,
               "sees_address": scope.reads_dossiers}
    return no_store(render(request, "knowledge/lessons.html", context))


# --- improvement actions ---------------------------------------------------------------------------

def _region_users(scope):
    return User.objects.filter(
        Q(membership__organisation__region_id=scope.region_id)
        | Q(membership__organisation__municipality__region_id=scope.region_id), is_active=True,
    ).select_related("membership__organisation").order_by("username")


@login_required
@require_http_methods(["GET", "POST"])
def actions(request):
    scope = _reader(request)
    recorder = selectors.records_actions(scope)
    if request.method == "POST" and not recorder:
        raise PermissionDenied
    form = None
    if recorder:
        case, project = _lesson_from_key(scope, request.GET.get("les", ""))
        initial = {}
        if case is not None:
            initial = {"source": ActionSource.LESSON, "source_note": _("Les uit zaak %(ref)s") % {"ref": case.reference}}
        elif project is not None:
            initial = {"source": ActionSource.PROJECT, "source_project": project,
                       "source_note": _("Evaluatie van %(name)s") % {"name": project.name}}
        form = ActionForm(request.POST or None, initial=initial, owners=_region_users(scope),
                          projects=projects_for(scope), consultations=consultations_for(scope))
        if request.method == "POST" and form.is_valid():
            try:
                action = services.record_action(actor=request.user, source_case=case, **form.cleaned_data)
            except ValidationError as error:
                errors_onto(form, error)
            else:
                messages.success(request, _("De verbeteractie is vastgelegd."))
                return redirect("knowledge:action", pk=action.pk)
    context = {"actions": selectors.actions_for(scope).select_related("owner"), "form": form,
               "today": timezone.localdate()}
    return render(request, "knowledge/actions.html", context, status=400 if form is not None and form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def action(request, pk: int):
    scope = _reader(request)
    item = selectors.action_for(scope, pk)
    follows = selectors.may_follow(scope, item)
    if request.method == "POST" and not follows:
        raise PermissionDenied
    form = ActionStatusForm(request.POST or None, initial={"version": item.version}) if follows else None
    if request.method == "POST" and form.is_valid():
        try:
            services.change_action_status(actor=request.user, action=item, to=form.cleaned_data["status"],
                                          note=form.cleaned_data["note"], expected_version=form.cleaned_data["version"])
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, _("De status is bijgewerkt."))
            return redirect("knowledge:action", pk=item.pk)
    context = {"action": item, "events": item.events.all(), "form": form}
    return render(request, "knowledge/action.html", context, status=400 if form is not None and form.errors else 200)
