"""A breached-password check against a local list (ASVS 6.2.12): the server needs no internet.

Django's CommonPasswordValidator needs a lower-cased list; breach corpora come in mixed case, so this
one lower-cases the list itself. The list is read once per process into memory: a list of a few
million entries costs a few hundred megabytes per worker, so take the most frequent part of a corpus.
"""

import gzip
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _lines(path: Path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as f:
        yield from f


class BreachedPasswordValidator:
    def __init__(self, password_list_path: str):
        self.passwords = {line.strip().lower() for line in _lines(Path(password_list_path))} - {""}

    def validate(self, password: str, user=None) -> None:
        if password.strip().lower() in self.passwords:
            raise ValidationError(
                _("Dit wachtwoord komt voor in een lijst van uitgelekte wachtwoorden. Kies een ander."),
                code="password_breached",
            )

    def get_help_text(self) -> str:
        return _("Uw wachtwoord mag niet voorkomen in een lijst van uitgelekte wachtwoorden.")
