"""Forms only parse; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Audience, Topic

_BODY_HELP = _("Markdown: een lege regel tussen alinea's, '## ' voor een tussenkop, '- ' voor een opsomming. "
               "HTML wordt niet overgenomen.")


class TextForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    body = forms.CharField(label=_("Tekst"), widget=forms.Textarea(attrs={"rows": 18}), help_text=_BODY_HELP)


class TranslationForm(TextForm):
    published = forms.BooleanField(label=_("Deze vertaling publiceren"), required=False)


class ItemForm(TextForm):
    slug = forms.SlugField(label=_("Korte naam (in de webadressen)"), max_length=80,
                           help_text=_("Kleine letters, cijfers en streepjes, bijvoorbeeld 'rechten-als-huurder'."))
    audience = forms.ChoiceField(label=_("Doelgroep"), choices=Audience.choices)
    topic = forms.ChoiceField(label=_("Onderwerp"), choices=Topic.choices)
    municipality = forms.ModelChoiceField(label=_("Gemeente"), queryset=None, required=False,
                                          empty_label=_("De hele regio"),
                                          help_text=_("Een item van één gemeente verwijst naar het meldpunt van die "
                                                      "gemeente; een item van de regio naar het regioformulier."))
    field_order = ["slug", "audience", "topic", "municipality", "title", "body"]

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
