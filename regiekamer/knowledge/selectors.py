"""Reads of the knowledge base, starting from the reader's scope (ADR 0008).

An article is seen by its own organisation always; by every organisation of its region when it is
shared with the region (partners included: their organisation's region); by every organisation
with a membership when it is shared with all regions. Writing is for handlers and coordinators;
changing an article for those of its owning organisation.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from regiekamer.organisations.access import Scope
from regiekamer.organisations.models import Role

from .models import ActionStatus, Article, ArticleKind, ImprovementAction, Tag, TagGroup, Visibility
from .search import search

ROLES_THAT_WRITE = frozenset({Role.HANDLER, Role.COORDINATOR})
# On a case page: what tells the handler how to act, not the letters and checklists.
KINDS_FOR_CASES = (ArticleKind.PROCEDURE, ArticleKind.BEST_PRACTICE)


def reads_knowledge(scope: Scope) -> bool:
    return scope.organisation_id is not None and scope.role is not None


def writes_knowledge(scope: Scope) -> bool:
    return reads_knowledge(scope) and scope.role in ROLES_THAT_WRITE


def articles_for(scope: Scope) -> QuerySet[Article]:
    if not reads_knowledge(scope):
        return Article.objects.none()
    shared = Q(organisation_id=scope.organisation_id) | Q(visibility=Visibility.ALL)
    if scope.region_id is not None:
        shared |= Q(visibility=Visibility.REGION, region_id=scope.region_id)
    return Article.objects.filter(shared)


def article_for(scope: Scope, pk: int) -> Article:
    """One article, or 404: the same answer for 'does not exist' and 'not shared with you'."""
    article = articles_for(scope).select_related("owner", "organisation").filter(pk=pk).first()
    if article is None:
        raise Http404
    return article


def may_edit(scope: Scope, article: Article) -> bool:
    return writes_knowledge(scope) and article.organisation_id == scope.organisation_id


def find(scope: Scope, *, query: str = "", kind: str = "", tag: Tag | None = None) -> list[Article]:
    """The knowledge base's list: full-text search (search.py), filtered by kind and tag."""
    articles = articles_for(scope).select_related("organisation")
    if kind:
        articles = articles.filter(kind=kind)
    if tag is not None:
        articles = articles.filter(tags=tag)
    return search(articles.prefetch_related("tags"), query)


def for_case_type(scope: Scope, case_type: str) -> list[Article]:
    """The procedures and best practices tagged with a case type, for the case page."""
    return list(articles_for(scope).filter(kind__in=KINDS_FOR_CASES, tags__group=TagGroup.CASE_TYPE,
                                           tags__value=case_type).distinct().order_by("kind", "title"))


def tags() -> QuerySet[Tag]:
    return Tag.objects.order_by("group", "label")


# --- improvement actions ----------------------------------------------------------------------
# The approach of a region: read by everyone of the region who reads the knowledge base; recorded
# by a coordinator of the region; its status moved by a coordinator of the region or its owner.

def actions_for(scope: Scope) -> QuerySet[ImprovementAction]:
    if not reads_knowledge(scope) or scope.region_id is None:
        return ImprovementAction.objects.none()
    return ImprovementAction.objects.filter(region_id=scope.region_id)


def action_for(scope: Scope, pk: int) -> ImprovementAction:
    action = actions_for(scope).select_related("owner", "source_project", "source_consultation",
                                               "source_case").filter(pk=pk).first()
    if action is None:
        raise Http404
    return action


def records_actions(scope: Scope) -> bool:
    return reads_knowledge(scope) and scope.region_id is not None and scope.role == Role.COORDINATOR


def may_follow(scope: Scope, action: ImprovementAction) -> bool:
    return records_actions(scope) or (reads_knowledge(scope) and action.owner_id == scope.user_id)


def open_actions(scope: Scope) -> QuerySet[ImprovementAction]:
    return actions_for(scope).exclude(status=ActionStatus.DONE)
