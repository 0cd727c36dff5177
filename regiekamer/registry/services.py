"""Changes to the registry that touch more than one row, or personal data."""

import hashlib
import hmac

from django.conf import settings

from regiekamer.core.validators import validate_bsn


def pseudonymise_bsn(bsn: str) -> str:
    """The stable pseudonym of a person: a keyed hash of the (validated) BSN.

    The BSN itself is never stored. The same BSN always gives the same pseudonym under one key,
    so that registrations of one person can be linked without knowing who it is.
    """
    normalised = validate_bsn(bsn)
    return hmac.new(settings.PSEUDONYM_KEY.encode(), normalised.encode(), hashlib.sha256).hexdigest()[:32]
