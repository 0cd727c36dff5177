"""The API's error answers, written into the OpenAPI schema once for every operation.

drf-spectacular documents only the successful answers a view declares; a partner system must also
know the refusals it can get, and schemathesis (tests/test_api_fuzz.py) holds the API to its schema.
Every operation requires authentication (REST_FRAMEWORK's IsAuthenticated), so each can answer 401
(no or a wrong token) and 403 (authenticated, but not allowed); one with a path parameter answers 404
for what does not exist or is not the caller's (the same answer for both); one that takes query
parameters or a body answers 400 naming each field that is wrong, and so does every other one for
a query parameter it does not know (core/api_contract.py).
"""

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
    "description": "Why the request was refused, in Dutch.",
}
VALIDATION_ERROR = {
    "type": "object",
    # `detail` when the body could not be read at all (not JSON, or not UTF-8).
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "description": "Per field (or `non_field_errors`) what is wrong with it, in Dutch.",
    "example": {"house_number": ["Een huisnummer is een geheel getal."]},
}
# status: (description, component, applies to the operation?)
ANSWERS = {
    # Every operation: one without parameters still refuses a query parameter it does not know
    # (core/api_contract.py).
    "400": ("Ongeldige invoer of een onbekende parameter: per veld wat er mis is.", "ValidationError",
            lambda op: True),
    "401": ("Niet ingelogd: geen of een ongeldige token.", "Error", lambda op: bool(op.get("security"))),
    "403": ("Geen toestemming voor deze handeling.", "Error", lambda op: bool(op.get("security"))),
    "404": ("Bestaat niet, of valt niet onder uw bevoegdheid.", "Error",
            lambda op: any(p["in"] == "path" for p in op.get("parameters", []))),
}


# Path parameters whose form the URL pattern fixes: a value of another form matches no route (404).
PATH_PATTERNS = {"bag_id": "^[0-9]{16}$"}


def document_errors(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("ValidationError", VALIDATION_ERROR)
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] in PATH_PATTERNS:
                    parameter["schema"] = {**parameter.get("schema", {}), "pattern": PATH_PATTERNS[parameter["name"]]}
            responses = operation.setdefault("responses", {})
            for status, (description, component, applies) in ANSWERS.items():
                if applies(operation) and status not in responses:
                    responses[status] = {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
                    }
    return result
