"""How a record type is removed or anonymised: the deletion order of each file as data.

Every function takes ids and runs inside the caller's transaction (services.execute_batch). Rows of
append-only tables (history) are deleted only through `gate()`, which lets the database triggers
pass DELETE for the named tables within this one transaction.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q

from .models import AccessRequest, DestructionGate

# What a rejected melding keeps after anonymisation: the rejection happened, its reason is gone.
ANONYMISED_REASON = "[geanonimiseerd na bewaartermijn]"

# A case file (zaakdossier), from the leaves to the case: (model, path from the model to the case).
# Meldingen linked to the case go with it, with their attachments, meldpunt reports and LAA signals.
CASE_FILE: list[tuple[str, str]] = [
    ("care.FollowUp", "referral__case"),
    ("care.FollowUp", "trajectory__case"),
    ("care.CareReferral", "case"),
    ("care.Trajectory", "case"),
    ("enforcement.Letter", "case"),
    ("enforcement.ProcedureStep", "intervention__case"),
    ("enforcement.Intervention", "case"),
    ("inspections.Inspection", "case"),  # its team and findings cascade
    ("meldingen.LaaStatusChange", "signal__melding__case"),
    ("meldingen.LaaSignal", "melding__case"),
    ("meldpunt.Report", "melding__case"),
    ("meldingen.MeldingAttachment", "melding__case"),
    ("meldingen.Melding", "case"),
    ("cases.ConsultationItem", "case"),
    # A knowledge article's "changed because of" link to the case's lesson goes with the file; the
    # article keeps its text.
    ("knowledge.LessonLink", "case"),
    ("cases.PartnerRequest", "case"),
    ("cases.CaseParticipant", "case"),
    ("cases.CaseEvent", "case"),
    ("cases.Case", "pk"),
]

WALK_LIST: list[tuple[str, str]] = [
    ("walklists.WalkListDecision", "item__walk_list"),
    ("walklists.WalkListItem", "walk_list"),
    ("walklists.WalkList", "pk"),
]


@contextmanager
def gate(*models_: type[models.Model]) -> Iterator[None]:
    """Let DELETE through the append-only triggers of these tables, in this transaction only."""
    assert transaction.get_connection().in_atomic_block, "the gate is opened only inside a transaction"
    rows = DestructionGate.objects.bulk_create([DestructionGate(table_name=m._meta.db_table) for m in models_])
    yield
    # Not in a `finally`: after an error the transaction rolls back, and the rows with it.
    DestructionGate.objects.filter(pk__in=[row.pk for row in rows]).delete()


def _delete_files(queryset: models.QuerySet, field: str) -> None:
    # The stored files go too; on a rollback they are already gone, so this runs last-but-one
    # (after every check) and a missing file is not an error when the batch is run again.
    for row in queryset:
        stored = getattr(row, field)
        if stored:
            stored.storage.delete(stored.name)


def delete_in_order(order: Sequence[tuple[str, str]], ids: Sequence[int]) -> None:
    """Delete a file's rows from the leaves up; history tables through the gate."""
    involved = [apps.get_model(label) for label, _ in order]
    with gate(*{m for m in involved}):
        for label, path in order:
            model = apps.get_model(label)
            rows = model.objects.filter(**{f"{path}__in": ids} if path != "pk" else {"pk__in": ids})
            if label == "meldingen.MeldingAttachment":
                _delete_files(rows, "file")
            rows.delete()


def delete_case_files(ids: Sequence[int]) -> None:
    delete_in_order(CASE_FILE, ids)


def delete_walk_lists(ids: Sequence[int]) -> None:
    delete_in_order(WALK_LIST, ids)


def delete_rows(label: str):
    def run(ids: Sequence[int]) -> None:
        model = apps.get_model(label)
        with gate(model):
            model.objects.filter(pk__in=ids).delete()
    return run


def anonymise_meldingen(ids: Sequence[int]) -> None:
    """Remove what identifies the reporter or others (free text, attachments, contact details, who
    typed it in) and keep the counted facts: category, source, dates, status, place, municipality."""
    Melding = apps.get_model("meldingen.Melding")
    attachments = apps.get_model("meldingen.MeldingAttachment").objects.filter(melding_id__in=ids)
    _delete_files(attachments, "file")
    attachments.delete()
    anonymise_meldpunt_contacts(list(apps.get_model("meldpunt.Report").objects
                                     .filter(melding_id__in=ids).values_list("pk", flat=True)))
    Melding.objects.filter(pk__in=ids).update(description="", rejection_reason=ANONYMISED_REASON,
                                              external_reference="", created_by=None, handled_by=None)


def anonymise_meldpunt_contacts(ids: Sequence[int]) -> None:
    """The reporter's name, e-mail and phone go; the report becomes anonymous (and its status code,
    which would still reach the reporter, stops working)."""
    apps.get_model("meldpunt.Report").objects.filter(pk__in=ids).update(
        anonymous=True, code_digest=None, contact_name="", contact_email="", contact_phone="")


def delete_access_requests(ids: Sequence[int]) -> None:
    AccessRequest.objects.filter(pk__in=ids).delete()


def is_anonymised_melding() -> Q:
    return Q(rejection_reason=ANONYMISED_REASON)
