from django import forms
from django.utils.translation import gettext_lazy as _

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
