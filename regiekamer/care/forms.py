"""Forms only parse; the services in services.py validate (BSN, dates, who may receive, conflicts)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReferralKind, ReferralOutcome, TrajectoryKind, TrajectoryOutcome, Urgency


class _DateField(forms.DateField):
    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"invalid": _("Vul een geldige datum in (dag-maand-jaar)."),
                                             "required": _("Vul een datum in.")})
        super().__init__(widget=forms.DateInput(attrs={"type": "date"}), input_formats=["%Y-%m-%d", "%d-%m-%Y"],
                         **kwargs)


def _choice(label, choices, required_message, **kwargs):
    return forms.ChoiceField(label=label, choices=[("", "---------"), *choices],
                             error_messages={"required": required_message,
                                             "invalid_choice": required_message}, **kwargs)


def _receivers_field(queryset, label, *, required: bool):
    return forms.ModelChoiceField(
        label=label, queryset=queryset, required=required,
        error_messages={"required": _("Kies de ontvangende organisatie."),
                        "invalid_choice": _("Kies een organisatie uit de lijst.")},
    )


class _PersonFields(forms.Form):
    bsn = forms.CharField(label=_("BSN"), max_length=9, required=False,
                          help_text=_("Negen cijfers. Het BSN wordt niet opgeslagen, alleen een pseudoniem."))
    person_label = forms.CharField(
        label=_("Of, bij een onbekend BSN: label"), max_length=40, required=False,
        help_text=_("Bijvoorbeeld 'persoon 1 op adres'. Nooit een naam."),
    )


class ReferralForm(_PersonFields):
    kind = _choice(_("Soort hulp"), ReferralKind.choices, _("Kies het soort hulp."))
    receiving = forms.ModelChoiceField(queryset=None)
    destination = forms.CharField(label=_("Bestemming (optioneel)"), max_length=200, required=False,
                                  help_text=_("Bijvoorbeeld de opvang of CoMensha; verplicht bij 'anders'."))
    reason = forms.CharField(label=_("Reden"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Kort en feitelijk; geen namen."),
                             error_messages={"required": _("Beschrijf kort waarom deze persoon hulp nodig heeft."),
                                             "max_length": _("Gebruik ten hoogste 300 tekens.")})
    urgency = _choice(_("Urgentie"), Urgency.choices, _("Kies de urgentie."), initial=Urgency.NORMAL)
    follow_up_on = _DateField(label=_("Opvolgen op"),
                              error_messages={"invalid": _("Vul een geldige datum in (dag-maand-jaar)."),
                                              "required": _("Vul een datum in waarop dit wordt opgevolgd.")})

    def __init__(self, *args, receivers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving"] = _receivers_field(receivers, _("Ontvangende organisatie"), required=True)


class TrajectoryForm(_PersonFields):
    kind = _choice(_("Soort traject"), TrajectoryKind.choices, _("Kies het soort traject."))
    provider = forms.CharField(label=_("Aanbieder"), max_length=200, required=False,
                               help_text=_("Bijvoorbeeld de taalschool, de school of het werkgeversservicepunt."))
    provider_organisation = forms.ModelChoiceField(queryset=None)
    started_on = _DateField(label=_("Start"),
                            error_messages={"invalid": _("Vul een geldige datum in (dag-maand-jaar)."),
                                            "required": _("Vul de startdatum in.")})
    follow_up_on = _DateField(label=_("Opvolgen op"),
                              error_messages={"invalid": _("Vul een geldige datum in (dag-maand-jaar)."),
                                              "required": _("Vul een datum in waarop dit wordt opgevolgd.")})

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider_organisation"] = _receivers_field(
            providers, _("Of: aanbiedende organisatie in Regiekamer"), required=False)


class FollowUpForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Opvolging"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Beschrijf kort wat er is gebeurd of afgesproken.")})
    follow_up_on = _DateField(label=_("Volgende opvolging op"),
                              error_messages={"invalid": _("Vul een geldige datum in (dag-maand-jaar)."),
                                              "required": _("Vul een datum in waarop dit wordt opgevolgd.")})


class ReferralFollowUpForm(FollowUpForm):
    in_progress = forms.BooleanField(label=_("De hulp is gestart (in behandeling)"), required=False)


class AcceptForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Toelichting (optioneel)"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class CloseReferralForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = _choice(_("Uitkomst"), ReferralOutcome.choices, _("Kies de uitkomst."))
    outcome_note = forms.CharField(label=_("Toelichting"), max_length=2000, required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))


class CloseTrajectoryForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = _choice(_("Uitkomst"), TrajectoryOutcome.choices, _("Kies de uitkomst."))
    outcome_note = forms.CharField(label=_("Toelichting"), max_length=2000, required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))
