"""The project's URLs plus one view that fails unexpectedly (tests/core/test_web_security.py only).

Its error message holds what an attacker would like to read on an error page: a query and a table.
"""

from django.urls import path

from config.urls import urlpatterns as project_urlpatterns

SECRET_DETAIL = "geheim-detail SELECT password FROM auth_user"


def fail(request):
    raise RuntimeError(SECRET_DETAIL)


urlpatterns = [path("kapot/", fail), *project_urlpatterns]
