"""The API takes only what its OpenAPI schema describes (ASVS 5.0 V2.2, V4 in the API's own words).

DRF quietly ignores query parameters and body fields it does not know. A partner system that sends
`?municipalty=GM0983` (a typo) then gets every address in its reach instead of one municipality's,
and one that sends `"status": "gesloten"` with a melding believes it set a status. Both are refused
here with a 400 that names the parameter or field, before the view runs.

The contract is read from the schema drf-spectacular generates from the views (the same document
published at /api/schema/), so it cannot drift from what is documented. It runs as a permission
class, the one hook DRF offers every view: after authentication (an anonymous caller still gets 401,
not a lesson in our parameters) and before the view.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission

# Content types whose bodies are key/value objects described by the request schema.
OBJECT_BODIES = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")


@dataclass(frozen=True)
class Operation:
    query: frozenset[str]
    body: frozenset[str] | None  # None: the operation takes no body


class FollowsSchema(BasePermission):
    """Refuses (400) query parameters and body fields the operation's schema does not list."""

    def has_permission(self, request, view) -> bool:
        operation = operation_for(request.method, request.path_info)
        if operation is None:
            return True  # no such operation: Django's 404 or DRF's 405 answers it
        errors: dict[str, list[str]] = {}
        for name in sorted(set(request.query_params) - operation.query):
            errors[name] = [_("Onbekende parameter; deze bewerking kent: %(known)s.")
                            % {"known": _known(operation.query)}]
        if operation.body is not None and isinstance(request.data, Mapping):
            for name in sorted(set(request.data) - operation.body):
                errors[name] = [_("Onbekend veld; toegestaan zijn: %(known)s.") % {"known": _known(operation.body)}]
        if errors:
            raise ValidationError(errors)
        return True


def _known(names: frozenset[str]) -> str:
    return ", ".join(sorted(names)) or _("geen")


def operation_for(method: str, path: str) -> Operation | None:
    for pattern, operations in _contract():
        if pattern.fullmatch(path):
            return operations.get(method.lower())
    return None


@cache
def _contract() -> tuple[tuple[re.Pattern, dict[str, Operation]], ...]:
    """Every path of the schema as a pattern, with its operations' parameters and body fields."""
    from drf_spectacular.generators import SchemaGenerator  # late: it imports every URL conf

    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema.get("components", {}).get("schemas", {})
    contract = []
    for path, operations in schema["paths"].items():
        pattern = re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)))
        contract.append((pattern, {method: Operation(
            query=frozenset(p["name"] for p in operation.get("parameters", ()) if p["in"] == "query"),
            body=_body_fields(operation, components),
        ) for method, operation in operations.items()}))
    return tuple(contract)


def _body_fields(operation: dict, components: dict) -> frozenset[str] | None:
    content = operation.get("requestBody", {}).get("content", {})
    fields: set[str] = set()
    for media_type in OBJECT_BODIES:
        if media_type in content:
            fields |= set(_resolved(content[media_type]["schema"], components).get("properties", {}))
    return frozenset(fields) if content else None


def _resolved(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def closed_request_bodies(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook: the request bodies' schemas say additionalProperties:
    false, so that what the schema promises and what FollowsSchema enforces are the same."""
    components = result.get("components", {}).get("schemas", {})
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                _resolved(media["schema"], components)["additionalProperties"] = False
    return result
