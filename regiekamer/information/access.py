"""Who may read and who may edit information material (docs/adr/0009-information-material.md).

The material is public once published, so every member of an organisation in the item's region may
read the staff pages (drafts included: they are not personal data). Editing is for coordinators of
the owners: the municipal departments of the item's municipality, or, for a region's item, of any
municipality in the region; and the regional programme of the region for both.
"""

from regiekamer.organisations.access import REACH_BY_KIND, Reach, Scope
from regiekamer.organisations.models import OrganisationKind, Role

from .models import Item

# Municipal departments (they read their municipality's whole territory) and the regional programme.
EDITING_KINDS = frozenset({kind for kind, reach in REACH_BY_KIND.items() if reach == Reach.MUNICIPALITY}
                          | {OrganisationKind.REGIONAL_PROGRAMME})
EDITING_ROLES = frozenset({Role.COORDINATOR})


def reads_information(scope: Scope) -> bool:
    return scope.role is not None and scope.region_id is not None


def edits_in_region(scope: Scope) -> bool:
    """May make and edit items of its own region (the menu and the 'new item' page)."""
    return reads_information(scope) and scope.kind in EDITING_KINDS and scope.role in EDITING_ROLES


def edits_item(scope: Scope, item: Item) -> bool:
    if not edits_in_region(scope) or scope.region_id != item.region_id:
        return False
    if item.municipality_id is None or scope.kind == OrganisationKind.REGIONAL_PROGRAMME:
        return True
    return scope.municipality_id == item.municipality_id
