from .access import scope_for


def membership(request):
    """The current user's organisation and scope, for the page header and navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"scope": scope_for(user), "membership": getattr(user, "membership", None)}
