from regiekamer.organisations.access import scope_for

from .navigation import menu


def navigation(request):
    """The main menu for the logged-in user (no rules in the template)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    return {"menu": menu(scope_for(user), getattr(user, "membership", None), match.view_name if match else None)}
