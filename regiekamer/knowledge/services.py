"""Writes of the knowledge base: articles and their versions, attachments, improvement actions.

Every edit appends an ArticleVersion; the article row carries the number of its latest version,
and an edit made on an older number is refused (two editors never overwrite each other).
"""

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regiekamer.cases.models import Case, Consultation
from regiekamer.core import uploads
from regiekamer.inspections.models import ChecklistTemplate
from regiekamer.organisations.access import scope_for
from regiekamer.organisations.models import Membership
from regiekamer.steering.models import Project

from . import attachments as files
from .models import (
    ActionEvent, ActionSource, ActionStatus, Article, ArticleKind, ArticleVersion, Attachment, ImprovementAction,
    LessonLink, LessonLinkKind, Tag, Visibility,
)
from .search import tokens_for
from .selectors import writes_knowledge

MAX_TITLE = 200
MAX_NOTE = 300


class Conflict(ValidationError):
    """Someone else saved a newer version since this editor opened the article; nothing was saved."""


def _check_text(*, kind: str, title: str, body: str, visibility: str, review_on: dt.date | None,
                note: str | None) -> dict[str, str]:
    errors = {}
    if kind not in ArticleKind.values:
        errors["kind"] = _("Kies een soort artikel.")
    if not title.strip():
        errors["title"] = _("Geef het artikel een titel.")
    elif len(title.strip()) > MAX_TITLE:
        errors["title"] = _("De titel is te lang (ten hoogste %(max)d tekens).") % {"max": MAX_TITLE}
    if not body.strip():
        errors["body"] = _("Schrijf de tekst van het artikel.")
    if visibility not in Visibility.values:
        errors["visibility"] = _("Kies voor wie het artikel zichtbaar is.")
    if review_on is None:
        errors["review_on"] = _("Geef een datum waarvoor het artikel herzien moet zijn.")
    if note is not None and not note.strip():
        errors["note"] = _("Zeg in een zin wat u hebt gewijzigd.")
    elif note is not None and len(note.strip()) > MAX_NOTE:
        errors["note"] = _("De toelichting is te lang (ten hoogste %(max)d tekens).") % {"max": MAX_NOTE}
    return errors


def _append_version(*, article: Article, actor: User, note: str) -> ArticleVersion:
    return ArticleVersion.objects.create(
        article=article, number=article.version, title=article.title, body=article.body, author=actor,
        author_name=actor.get_username(), note=note, created_at=article.updated_at,
    )


def _link_lesson(*, article: Article, actor: User, kind: str, case: Case | None, project: Project | None) -> None:
    if case is None and project is None:
        return
    LessonLink.objects.create(article=article, case=case, project=project, kind=kind,
                              version_number=article.version, created_by=actor, created_at=timezone.now())


@transaction.atomic
def create_article(
    *, actor: User, kind: str, title: str, body: str, visibility: str, review_on: dt.date | None,
    tags: Iterable[Tag] = (), checklists: Iterable[ChecklistTemplate] = (), measure: str = "",
    note: str = "", from_case: Case | None = None, from_project: Project | None = None,
) -> Article:
    """Write a new article as version 1, optionally made from a lesson (linked back to it)."""
    scope = scope_for(actor)
    if not writes_knowledge(scope):
        raise ValidationError(_("Alleen behandelaars en coördinatoren schrijven in de kennisbank."), code="role")
    errors = _check_text(kind=kind, title=title, body=body, visibility=visibility, review_on=review_on, note=None)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    article = Article.objects.create(
        kind=kind, title=title.strip(), body=body, owner=actor, organisation_id=scope.organisation_id,
        region_id=scope.region_id, visibility=visibility, review_on=review_on, measure=measure,
        search_tokens=tokens_for(title, body), created_at=now, updated_at=now,
    )
    article.tags.set(tags)
    article.checklists.set(checklists)
    _append_version(article=article, actor=actor, note=note.strip() or _("Eerste versie"))
    _link_lesson(article=article, actor=actor, kind=LessonLinkKind.ORIGIN, case=from_case, project=from_project)
    return article


@transaction.atomic
def edit_article(
    *, actor: User, article: Article, expected_version: int, title: str, body: str, note: str, kind: str,
    visibility: str, review_on: dt.date | None, tags: Iterable[Tag] = (),
    checklists: Iterable[ChecklistTemplate] = (), measure: str = "",
    because_of_case: Case | None = None, because_of_project: Project | None = None,
) -> Article:
    """Save a new version of an article; refused when someone saved one since `expected_version`."""
    current = Article.objects.select_for_update().get(pk=article.pk)
    if current.version != expected_version:
        raise Conflict(_(
            "Iemand anders heeft intussen een nieuwere versie van dit artikel opgeslagen (versie %(version)d). "
            "Uw wijziging is niet opgeslagen; open het artikel opnieuw en breng uw wijziging daarin aan."
        ) % {"version": current.version}, code="conflict")
    errors = _check_text(kind=kind, title=title, body=body, visibility=visibility, review_on=review_on, note=note)
    if errors:
        raise ValidationError(errors)
    current.title, current.body, current.kind = title.strip(), body, kind
    current.visibility, current.review_on, current.measure = visibility, review_on, measure
    current.version += 1
    current.updated_at = timezone.now()
    current.search_tokens = tokens_for(current.title, body)
    current.save()
    current.tags.set(tags)
    current.checklists.set(checklists)
    _append_version(article=current, actor=actor, note=note.strip())
    _link_lesson(article=current, actor=actor, kind=LessonLinkKind.CHANGED, case=because_of_case,
                 project=because_of_project)
    return current


@transaction.atomic
def add_attachment(*, actor: User, article: Article, upload: File) -> Attachment:
    """Store a file with an article after checking its size and its type from its content."""
    name = getattr(upload, "name", "") or _("(zonder naam)")
    if article.attachments.count() >= files.MAX_ATTACHMENTS:
        raise ValidationError({"file": _("Een artikel heeft ten hoogste %(max)d bijlagen.")
                                       % {"max": files.MAX_ATTACHMENTS}})
    if upload.size > files.MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": _("%(name)s is groter dan %(max)d MB.")
                                       % {"name": name, "max": files.MAX_ATTACHMENT_BYTES // 2**20}})
    if upload.size == 0:
        raise ValidationError({"file": _("%(name)s is leeg.") % {"name": name}})
    detected = files.detect_type(upload)
    if detected is None:
        raise ValidationError({"file": _(
            "%(name)s is geen PDF, Word- (docx), Excel- (xlsx), OpenDocument-tekst (odt), PNG- of JPEG-bestand."
        ) % {"name": name}})
    uploads.scan(upload, field="file")
    content_type, extension = detected
    attachment = Attachment(article=article, original_name=files.safe_name(name, extension),
                            content_type=content_type, size=upload.size, uploaded_by=actor,
                            uploaded_by_name=actor.get_username(), uploaded_at=timezone.now())
    attachment.file.save(f"bijlage{extension}", upload, save=False)
    try:
        attachment.save()
    except BaseException:
        # The database rolls back; the file on disk does not.
        Attachment.file.field.storage.delete(attachment.file.name)
        raise
    return attachment


# --- improvement actions ------------------------------------------------------------------------

def _region_members(region_id: int):
    return Membership.objects.filter(organisation__region_id=region_id) | Membership.objects.filter(
        organisation__municipality__region_id=region_id)


@transaction.atomic
def record_action(
    *, actor: User, title: str, description: str, owner: User | None, due_on: dt.date | None, source: str,
    source_note: str, source_case: Case | None = None, source_project: Project | None = None,
    source_consultation: Consultation | None = None,
) -> ImprovementAction:
    """Record what changes in the region's approach, with an owner and a date (status open)."""
    scope = scope_for(actor)
    errors = {}
    if not title.strip():
        errors["title"] = _("Zeg wat er verandert in de aanpak.")
    elif len(title.strip()) > MAX_TITLE:
        errors["title"] = _("Houd het kort (ten hoogste %(max)d tekens).") % {"max": MAX_TITLE}
    if owner is None or not _region_members(scope.region_id).filter(user=owner, user__is_active=True).exists():
        errors["owner"] = _("Kies een eigenaar uit een organisatie van de regio.")
    if due_on is None:
        errors["due_on"] = _("Geef een datum waarop de actie klaar moet zijn.")
    if source not in ActionSource.values:
        errors["source"] = _("Kies de aanleiding.")
    if not source_note.strip():
        errors["source_note"] = _("Beschrijf de aanleiding: welke les, welk project of welk overleg.")
    elif len(source_note.strip()) > MAX_NOTE:
        errors["source_note"] = _("Houd het kort (ten hoogste %(max)d tekens).") % {"max": MAX_NOTE}
    if source == ActionSource.PROJECT and source_project is None:
        errors["source_project"] = _("Kies het project waarvan de evaluatie de aanleiding is.")
    if source == ActionSource.CONSULTATION and source_consultation is None:
        errors["source_consultation"] = _("Kies het casusoverleg dat de aanleiding is.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    action = ImprovementAction.objects.create(
        region_id=scope.region_id, title=title.strip(), description=description.strip(), owner=owner,
        due_on=due_on, source=source, source_note=source_note.strip(), source_case=source_case,
        source_project=source_project if source == ActionSource.PROJECT else None,
        source_consultation=source_consultation if source == ActionSource.CONSULTATION else None,
        created_by=actor, created_at=now,
    )
    ActionEvent.objects.create(action=action, status=ActionStatus.OPEN, note=_("Actie vastgelegd"), actor=actor,
                               actor_name=actor.get_username(), at=now)
    return action


@transaction.atomic
def change_action_status(*, actor: User, action: ImprovementAction, to: str, note: str,
                         expected_version: int) -> ImprovementAction:
    """Move an improvement action to another status; the step is appended to its history."""
    current = ImprovementAction.objects.select_for_update().get(pk=action.pk)
    if current.version != expected_version:
        raise Conflict(_("Iemand anders heeft deze actie intussen bijgewerkt. Bekijk de actie opnieuw."),
                       code="conflict")
    if to not in ActionStatus.values:
        raise ValidationError({"status": _("Kies een status.")})
    if to == current.status:
        raise ValidationError({"status": _("De actie heeft deze status al.")})
    if to == ActionStatus.DONE and not note.strip():
        raise ValidationError({"note": _("Zeg kort wat er is veranderd.")})
    if len(note.strip()) > MAX_NOTE:
        raise ValidationError({"note": _("Houd het kort (ten hoogste %(max)d tekens).") % {"max": MAX_NOTE}})
    current.status, current.version = to, current.version + 1
    current.save(update_fields=["status", "version"])
    ActionEvent.objects.create(action=current, status=to, note=note.strip(), actor=actor,
                               actor_name=actor.get_username(), at=timezone.now())
    return current
