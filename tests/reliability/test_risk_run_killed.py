"""A risk run whose worker is killed (SIGKILL) while it stores the scores, and the run done again (issue 8).

The real worker (`regiekamer worker`, django-tasks-db's db_worker with a stable id) runs queued risk
runs of Venlo (15,000 addresses). The first run ends normally: the clean run. The second is killed once
its one write transaction (scores and run metadata) has begun. What the kill leaves: no score of the
killed run (the database rolls the transaction back) and the run "running". The worker started again
under its id marks that run and its task failed, with a Dutch message (core/orphans.py), then does the
third run: every address scored once, the same scores as the clean run.
"""

import datetime as dt

import pytest
from django.tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from regiekamer.core.orphans import ORPHANED, message, sweep
from regiekamer.exchange.models import Channel, Delivery, DeliveryStatus
from regiekamer.registry.models import Address, ImportRun, Municipality, Registration, Registry
from regiekamer.risk.models import RiskRun, RiskScore, RunStatus
from tests.factories import OrganisationFactory, municipality
from tests.reliability.conftest import wait_for

pytestmark = pytest.mark.xdist_group("reliability")

ADDRESSES = 15_000
WORKER = "drill-worker"
TASK = "regiekamer.risk.tasks.run_risk_model"


def enqueue(runs: int) -> str:
    """Python for `regiekamer shell -c`: queue runs of Venlo as services.request_run does."""
    return ("import datetime; from regiekamer.registry.models import Municipality; "
            "from regiekamer.risk.models import RiskRun; from regiekamer.risk.tasks import run_risk_model; "
            "venlo = Municipality.objects.get(code='GM0983'); "
            f"[run_risk_model.enqueue(RiskRun.objects.create(municipality=venlo, as_of=datetime.date(2026, 1, 1)).pk) "
            f"for _ in range({runs})]")


def scores(alias: str, run: RiskRun) -> list[tuple]:
    return sorted(RiskScore.objects.using(alias).filter(run=run).values_list(
        "address__bag_id", "score", "rank", "decile", "explanation", "contributions"))


def test_risk_run_killed_while_storing_is_marked_failed_and_the_rerun_equals_a_clean_run(scratch_factory):
    drill = scratch_factory()
    venlo = Municipality.objects.using(drill.alias).get(code="GM0983")
    Address.objects.using(drill.alias).bulk_create(
        [Address(bag_id=f"0983010{i:09d}", municipality=venlo, street="Parade", house_number=i + 1, postcode="5911AB",
                 city="Venlo", floor_area_m2=30 + i % 120, usage=["woonfunctie"], building_year=1900 + i % 120)
         for i in range(ADDRESSES)], batch_size=2_000)
    pks = list(Address.objects.using(drill.alias).order_by("bag_id").values_list("pk", flat=True))
    Registration.objects.using(drill.alias).bulk_create(
        [Registration(address_id=pk, person_ref=f"p{n}-{j}", registry=(Registry.BRP, Registry.RNI)[j % 2],
                      start_date=dt.date(2025, 1 + j % 12, 1))
         for n, pk in enumerate(pks) if n % 5 == 0 for j in range(n % 9 + 1)], batch_size=2_000)

    drill.run("shell", "-c", enqueue(2))
    runs = RiskRun.objects.using(drill.alias)
    clean, killed = runs.order_by("pk")
    worker = drill.start("worker", "--no-reload", "--no-startup-delay", "--interval", "0.2", "--worker-id", WORKER)

    def storing() -> bool:
        killed.refresh_from_db()
        assert killed.status != RunStatus.DONE, "the run ended before the kill: too few addresses for this machine?"
        return killed.step == "Scores opslaan"

    wait_for(storing, timeout=180, what="the second run storing its scores", process=worker)
    wait_for(drill.writing, timeout=60, what="the store transaction", process=worker)
    worker.kill()

    clean.refresh_from_db()
    killed.refresh_from_db()
    assert clean.status == RunStatus.DONE and clean.address_count == ADDRESSES
    assert killed.status == RunStatus.RUNNING and killed.address_count == 0
    assert not RiskScore.objects.using(drill.alias).filter(run=killed).exists()
    tasks = DBTaskResult.objects.using(drill.alias).filter(task_path=TASK)
    (left,) = [task for task in tasks if task.args_kwargs["args"] == [killed.pk]]
    assert (left.status, left.worker_ids) == (TaskResultStatus.RUNNING, [WORKER])

    # The worker comes back (systemd: Restart=always) under the same id, with one more run queued.
    drill.run("shell", "-c", enqueue(1))
    output = drill.run("worker", "--no-reload", "--no-startup-delay", "--batch", "--worker-id", WORKER)
    assert f"Taak {left.pk} bleef hangen na een onverwachte stop; gemarkeerd als mislukt." in output

    killed.refresh_from_db()
    assert (killed.status, killed.error, killed.step) == (RunStatus.FAILED, message(), "Mislukt")
    assert killed.finished_at is not None
    left.refresh_from_db()
    assert (left.status, left.exception_class_path) == (TaskResultStatus.FAILED, ORPHANED)
    assert not RiskScore.objects.using(drill.alias).filter(run=killed).exists()

    rerun = runs.latest("pk")
    assert rerun.status == RunStatus.DONE and rerun.address_count == ADDRESSES
    rerun_scores = scores(drill.alias, rerun)
    assert len(rerun_scores) == len({row[0] for row in rerun_scores}) == ADDRESSES  # every address once
    assert rerun_scores == scores(drill.alias, clean)
    assert len({row[1] for row in rerun_scores}) > 1  # the scores differ between addresses: a real comparison
    assert RiskScore.objects.using(drill.alias).count() == 2 * ADDRESSES


@pytest.mark.django_db
def test_a_starting_worker_sweeps_only_the_tasks_left_under_its_own_id():
    """On PostgreSQL several workers share the queue: another worker's running task is not ours to end."""
    venlo = municipality("GM0983")
    mine, theirs, finished = (RiskRun.objects.create(municipality=venlo, as_of=dt.date(2026, 1, 1),
                                                     status=RunStatus.RUNNING) for _ in range(3))

    def task(run: RiskRun, worker_ids: list[str], status: str = TaskResultStatus.RUNNING) -> DBTaskResult:
        return DBTaskResult.objects.create(
            args_kwargs={"args": [run.pk], "kwargs": {}}, task_path=TASK, queue_name="default",
            backend_name="default", run_after=get_date_max(), status=status, worker_ids=worker_ids)

    # A task retried by another worker after this one: the last id is the one that holds it.
    left = task(mine, ["elders", "ik"])
    busy = task(theirs, ["ik", "elders"])
    done = task(finished, ["ik"], TaskResultStatus.SUCCESSFUL)
    RiskRun.objects.filter(pk=finished.pk).update(status=RunStatus.DONE)

    assert sweep("ik") == [str(left.pk)]
    statuses = dict(RiskRun.objects.values_list("pk", "status"))
    assert statuses == {mine.pk: RunStatus.FAILED, theirs.pk: RunStatus.RUNNING, finished.pk: RunStatus.DONE}
    assert [DBTaskResult.objects.get(pk=t.pk).status for t in (left, busy, done)] == [
        TaskResultStatus.FAILED, TaskResultStatus.RUNNING, TaskResultStatus.SUCCESSFUL]
    assert sweep("ik") == []  # once is enough


@pytest.mark.django_db
def test_the_sweep_also_fails_an_uploaded_delivery_and_a_bag_import_left_running():
    organisation = OrganisationFactory()
    delivery = Delivery.objects.create(organisation=organisation, delivered_by_name="coördinator",
                                       channel=Channel.BROWSER, file_name="levering.zip", status=DeliveryStatus.RUNNING)
    bag = ImportRun.objects.create(organisation=organisation, started_by_name="beheerder", file_name="bag.zip",
                                   file_size=1, upload_path="bag/x.zip", status=ImportRun.Status.RUNNING)
    for path, pk in (("regiekamer.exchange.tasks.process_delivery_task", delivery.pk),
                     ("regiekamer.registry.tasks.run_bag_import", bag.pk)):
        DBTaskResult.objects.create(args_kwargs={"args": [pk], "kwargs": {}}, task_path=path, queue_name="default",
                                    backend_name="default", run_after=get_date_max(), status=TaskResultStatus.RUNNING,
                                    worker_ids=["ik"])

    assert len(sweep("ik")) == 2
    delivery.refresh_from_db()
    bag.refresh_from_db()
    assert (delivery.status, delivery.error) == (DeliveryStatus.FAILED, message())
    assert (bag.status, bag.error) == (ImportRun.Status.FAILED, message())
    assert delivery.finished_at is not None and bag.finished_at is not None
