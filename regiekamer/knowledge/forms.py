"""Forms only parse; the services check (services.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from regiekamer.cases.models import CaseType
from regiekamer.inspections.models import ChecklistTemplate
from regiekamer.steering.measures import MEASURES

from .lessons import THEMES
from .models import ActionSource, ActionStatus, ArticleKind, Tag, Visibility


def _measure_choices():
    return [("", _("(geen)"))] + [(key, measure.label) for key, measure in MEASURES.items()]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Zoeken"), required=False, max_length=200)
    soort = forms.ChoiceField(label=_("Soort"), required=False, choices=[("", _("Alle soorten"))] + ArticleKind.choices)
    label = forms.ModelChoiceField(label=_("Label"), required=False, queryset=Tag.objects.order_by("group", "label"),
                                   empty_label=_("Alle labels"))


class ArticleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=ArticleKind.choices)
    title = forms.CharField(label=_("Titel"), max_length=200)
    body = forms.CharField(label=_("Tekst (Markdown)"), widget=forms.Textarea(attrs={"rows": 16}))
    visibility = forms.ChoiceField(label=_("Zichtbaar voor"), choices=Visibility.choices, initial=Visibility.REGION)
    review_on = forms.DateField(label=_("Herzien vóór"), widget=forms.DateInput(attrs={"type": "date"}))
    tags = forms.ModelMultipleChoiceField(label=_("Labels"), required=False, widget=forms.CheckboxSelectMultiple,
                                          queryset=Tag.objects.order_by("group", "label"))
    checklists = forms.ModelMultipleChoiceField(label=_("Controlelijsten"), required=False,
                                                widget=forms.CheckboxSelectMultiple,
                                                queryset=ChecklistTemplate.objects.filter(active=True).order_by("name"))
    measure = forms.ChoiceField(label=_("Cijfer uit de sturingsinformatie (best practice)"), required=False,
                                choices=_measure_choices)
    note = forms.CharField(label=_("Wat hebt u gewijzigd?"), max_length=300, required=False)
    lesson = forms.ChoiceField(label=_("Gewijzigd vanwege een les"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, lesson_choices=(), editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lesson"].choices = [("", _("(geen)"))] + list(lesson_choices)
        if not editing:
            del self.fields["note"], self.fields["version"], self.fields["lesson"]
        else:
            self.fields["note"].required = True


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Bestand (PDF, docx, xlsx, odt, PNG of JPEG; ten hoogste 10 MB)"))


class LessonFilterForm(forms.Form):
    zaaktype = forms.ChoiceField(label=_("Zaaktype"), required=False,
                                 choices=[("", _("Alle zaaktypen"))] + CaseType.choices)
    thema = forms.ChoiceField(label=_("Thema"), required=False,
                              choices=[("", _("Alle thema's"))] + [(key, label) for key, label, _w in THEMES])


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Wat verandert er in de aanpak?"), max_length=200)
    description = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(label=_("Eigenaar"), queryset=None)
    due_on = forms.DateField(label=_("Klaar vóór"), widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.ChoiceField(label=_("Aanleiding"), choices=ActionSource.choices)
    source_note = forms.CharField(label=_("Aanleiding (welke les, welk project of overleg)"), max_length=300)
    source_project = forms.ModelChoiceField(label=_("Project"), required=False, queryset=None)
    source_consultation = forms.ModelChoiceField(label=_("Casusoverleg"), required=False, queryset=None)

    def __init__(self, *args, owners, projects, consultations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda user: f"{user.get_username()} ({user.membership.organisation})"
        self.fields["source_project"].queryset = projects
        self.fields["source_consultation"].queryset = consultations


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Nieuwe status"), choices=ActionStatus.choices)
    note = forms.CharField(label=_("Toelichting"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)
