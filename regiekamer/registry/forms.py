from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Registry
from .selectors import SearchQuery, parse_search


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Postcode en huisnummer, of straat"),
        help_text=_("Bijvoorbeeld 5911 AB 12, of Kaldenkerkerweg 12."),
        max_length=120,
    )

    def clean_q(self) -> SearchQuery:
        query = parse_search(self.cleaned_data["q"])
        if query is None:
            raise forms.ValidationError(
                _("Vul een postcode (1234 AB) met eventueel een huisnummer in, of ten minste drie letters van een straatnaam."),
                code="search",
            )
        return query


class _DateField(forms.DateField):
    def __init__(self, **kwargs):
        super().__init__(
            widget=forms.DateInput(attrs={"type": "date"}),
            error_messages={"invalid": _("Vul een geldige datum in (dag-maand-jaar)."),
                            "required": _("Vul een datum in.")},
            input_formats=["%Y-%m-%d", "%d-%m-%Y"],
            **kwargs,
        )


class RegistrationForm(forms.Form):
    """Parses only; register_person() validates the BSN, the dates and the rules across addresses."""

    bsn = forms.CharField(label=_("BSN"), max_length=9, help_text=_("Negen cijfers. Het BSN wordt niet opgeslagen, alleen een pseudoniem."),
                          error_messages={"required": _("Vul het BSN in.")})
    registry = forms.ChoiceField(label=_("Register"), choices=Registry.choices,
                                 error_messages={"required": _("Kies BRP of RNI.")})
    start_date = _DateField(label=_("Ingeschreven vanaf"))
    employer_kvk = forms.CharField(label=_("KvK-nummer werkgever of uitzendbureau"), max_length=8, required=False)


class EndRegistrationForm(forms.Form):
    end_date = _DateField(label=_("Uitgeschreven op"))


class OwnerForm(forms.Form):
    kvk_number = forms.CharField(label=_("KvK-nummer (bedrijf)"), max_length=8, required=False)
    company_name = forms.CharField(label=_("Naam van het bedrijf"), max_length=200, required=False,
                                   help_text=_("Alleen nodig als het bedrijf nog niet bekend is."))
    bsn = forms.CharField(label=_("BSN (particulier)"), max_length=9, required=False,
                          help_text=_("Het BSN wordt niet opgeslagen, alleen een pseudoniem."))
    start_date = _DateField(label=_("Eigenaar sinds"))
    replaces_current = forms.BooleanField(label=_("Vervangt de huidige eigenaar (die eindigt de dag ervoor)"), required=False)
