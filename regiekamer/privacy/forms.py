from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SubjectKind


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Besluit"), choices=[("approve", _("Goedkeuren: vernietigen")),
                                                              ("reject", _("Afwijzen: bewaren"))],
                                 widget=forms.RadioSelect,
                                 error_messages={"required": _("Kies goedkeuren of afwijzen."),
                                                 "invalid_choice": _("Kies goedkeuren of afwijzen.")})
    reason = forms.CharField(label=_("Toelichting (verplicht bij afwijzen)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class AccessRequestForm(forms.Form):
    subject_kind = forms.ChoiceField(label=_("Zoeken op"), choices=SubjectKind.choices,
                                     error_messages={"required": _("Kies hoe u de betrokkene zoekt."),
                                                     "invalid_choice": _("Kies hoe u de betrokkene zoekt.")})
    # Sent in the POST body only, never in a URL; the field is not echoed back after a submit.
    identifier = forms.CharField(label=_("BSN, pseudoniem, e-mailadres of telefoonnummer"), max_length=254,
                                 widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
                                 error_messages={"required": _("Vul in wie het verzoek doet.")})
