"""What every form view does with a service's refusal."""

from django.core.exceptions import ValidationError
from django.forms import Form


def errors_onto(form: Form, error: ValidationError) -> None:
    """Put a service's validation errors on the form: on the field it names where the form has that
    field, otherwise at the top of the form, so that no message is lost."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)
