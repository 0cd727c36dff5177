"""`regiekamer demo-logins`: the demo users, what they may see, how a person makes an API key, and a
partner system's token."""

import os

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from regiekamer.cases.models import CaseParticipant
from regiekamer.demo.accounts import DEMO_PASSWORD, TOKEN_USER, USERS
from regiekamer.organisations import api_clients
from regiekamer.organisations.access import Reach, Scope, scope_for
from regiekamer.organisations.models import ApiClient, Organisation, OrganisationKind

DEMO_CLIENT = "Demo-koppeling"


def sees(scope: Scope, *, municipality: str, cases: int) -> str:
    """What a user may see, in one phrase, derived from the need-to-know rules in access.py."""
    if scope.reads_processing_log and not scope.reads_dossiers:
        return f"processing log of {municipality}"
    if scope.reach == Reach.MUNICIPALITY and scope.reads_dossiers:
        return f"all dossiers in {municipality}" + ("" if scope.sees_persons else ", no persons")
    if scope.reach == Reach.CASES and scope.reads_dossiers:
        persons = "with persons" if scope.sees_persons else "no persons"
        return f"only dossiers of its {cases} cases ({persons})"
    if scope.reads_aggregates:
        return "figures only, no dossiers"
    return "nothing"


class Command(BaseCommand):
    help = "Print the demo users, their roles, how to make a personal API key and a partner-system token."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--base-url", default=f"http://127.0.0.1:{os.environ.get('PORT') or 8000}",
                            help="Where the demo is served (default: http://127.0.0.1:$PORT, PORT=8000).")

    def handle(self, *args, base_url: str, **options) -> None:
        users = {u.username: u for u in User.objects.filter(username__in=[s.username for s in USERS])
                 .select_related("membership__organisation__municipality")}
        missing = [s.username for s in USERS if s.username not in users or not hasattr(users[s.username], "membership")]
        if missing:
            # Demo users are made only by demo-data, never here: this command must not add a
            # login with a published password to a database that has none.
            raise CommandError(f"No demo users yet ({', '.join(missing)}). Run: regiekamer demo-data")
        rows = [("username", "organisation", "role", "may see")]
        for spec in USERS:
            user = users[spec.username]
            organisation = user.membership.organisation
            scope = scope_for(user)
            municipality = organisation.municipality.name if organisation.municipality else "the region"
            cases = CaseParticipant.objects.filter(organisation=organisation).count()
            rows.append((spec.username, organisation.name, user.membership.get_role_display(),
                         sees(scope, municipality=municipality, cases=cases)))
        widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
        for number, row in enumerate(rows):
            self.stdout.write("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip())
            if number == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
        self.stdout.write("")
        self.stdout.write(f"Password for every demo user: {DEMO_PASSWORD}")
        self.stdout.write(f"Log in at: {base_url}/inloggen/")
        self.stdout.write("Then a code from an authenticator app: at each user's first login, scan the QR code shown "
                          "(or type in its secret) with any authenticator app.")
        # A person's API key is made by that person after the second factor (ADR 0012), never here.
        self.stdout.write("")
        self.stdout.write(f"Personal API key: log in as {TOKEN_USER} (password and code), open "
                          f"{base_url}/account/api-sleutels/ and make one (shown once, valid 90 days). Then:")
        self.stdout.write(f'  curl -H "Authorization: Token <key>" {base_url}/api/v1/addresses/')
        self.partner_system(base_url)

    def partner_system(self, base_url: str) -> None:
        """A partner system's own token (only its hash is stored, so each run makes a fresh one and
        revokes the one before)."""
        organisation = Organisation.objects.filter(kind=OrganisationKind.POLICE).order_by("pk").first()
        if organisation is None:
            return
        for earlier in ApiClient.objects.filter(organisation=organisation, revoked_at__isnull=True,
                                                name__startswith=DEMO_CLIENT):
            api_clients.revoke_client(earlier)
        number = ApiClient.objects.filter(organisation=organisation, name__startswith=DEMO_CLIENT).count() + 1
        client, token = api_clients.create_client(organisation=organisation, name=f"{DEMO_CLIENT} {number}",
                                                  actor_name="demo-logins")
        self.stdout.write("")
        self.stdout.write(f"Partner system token ({organisation.name}, {client.name}): {token}")
        self.stdout.write(f'  curl -H "Authorization: Bearer {token}" {base_url}/api/v1/meldingen/')
