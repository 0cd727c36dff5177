"""`regiekamer api-clients create|list|revoke`: partner systems' own API tokens.

    regiekamer api-clients create --organisation "Politie Limburg" --name "BVH-koppeling"
    regiekamer api-clients list
    regiekamer api-clients revoke 3

The token is printed once, at create; only its SHA-256 is stored.
"""

import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from regiekamer.organisations import api_clients
from regiekamer.organisations.models import ApiClient, Organisation


class Command(BaseCommand):
    help = "Beheer de tokens van partnersystemen voor de API. / Manage partner systems' API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="create|list|revoke")
        create = actions.add_parser("create", help="maak een koppeling met token / make a client and its token")
        create.add_argument("--organisation", required=True, help="naam of id van de organisatie / name or id")
        create.add_argument("--name", required=True, help="naam van het systeem / the system's name")
        actions.add_parser("list", help="toon de koppelingen / list the clients")
        revoke = actions.add_parser("revoke", help="trek een token in / revoke a token")
        revoke.add_argument("id", type=int)

    def handle(self, *args, action: str, **options) -> None:
        if action == "create":
            key = options["organisation"].strip()
            organisation = (Organisation.objects.filter(pk=int(key)).first() if key.isdigit()
                            else Organisation.objects.filter(name=key).first())
            if organisation is None:
                raise CommandError(f"onbekende organisatie / unknown organisation: {key!r}")
            try:
                client, token = api_clients.create_client(organisation=organisation, name=options["name"],
                                                          actor_name=f"{getpass.getuser()} (opdrachtregel)")
            except ValidationError as error:
                raise CommandError("; ".join(m for ms in error.message_dict.values() for m in ms)) from None
            self.stdout.write(f"Koppeling {client.pk}: {client.name} ({organisation.name})")
            self.stdout.write(f"Token (wordt niet bewaard, alleen nu getoond / shown only now): {token}")
            self.stdout.write(f'  curl -H "Authorization: Bearer {token}" http://127.0.0.1:8000/api/v1/meldingen/')
        elif action == "list":
            for client in ApiClient.objects.select_related("organisation").order_by("pk"):
                state = f"ingetrokken {client.revoked_at:%Y-%m-%d}" if client.revoked_at else "actief"
                self.stdout.write(f"{client.pk:>4}  {client.organisation.name}  {client.name}  ({state})")
        else:
            client = ApiClient.objects.filter(pk=options["id"]).select_related("user").first()
            if client is None:
                raise CommandError(f"onbekende koppeling / unknown client: {options['id']}")
            api_clients.revoke_client(client)
            self.stdout.write(f"Token van koppeling {client.pk} ({client.name}) ingetrokken.")
