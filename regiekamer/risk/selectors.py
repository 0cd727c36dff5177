"""Reads of the risk app, each starting from the user's scope (organisations/access.py).

Risk scores are the municipal enforcement department's working information about its own
municipality (access.reads_risk); anyone else gets nothing, and a page answers 404.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet, Subquery
from django.http import Http404

from regiekamer.organisations.access import Scope, reads_risk
from regiekamer.registry.models import Address, Municipality

from .indicators import label
from .models import RiskRun, RiskScore, RiskSetting, RunStatus

SCORES_PER_PAGE = 50


def setting_in_force(municipality: Municipality) -> RiskSetting:
    """The latest setting of the municipality, or (never changed) the unsaved default: in use, expert weights."""
    latest = RiskSetting.objects.filter(municipality=municipality).order_by("-changed_at", "-id").first()
    return latest or RiskSetting(municipality=municipality)


def municipality_for(scope: Scope) -> Municipality:
    """The user's own municipality, if the user reads risk scores; else 404."""
    if not reads_risk(scope) or scope.municipality_id is None:
        raise Http404
    return Municipality.objects.get(pk=scope.municipality_id)


def runs_for(scope: Scope) -> QuerySet[RiskRun]:
    if not reads_risk(scope):
        return RiskRun.objects.none()
    return RiskRun.objects.filter(municipality_id=scope.municipality_id).select_related(
        "municipality", "requested_by", "setting").order_by("-requested_at", "-id")


def run_for(scope: Scope, pk: int) -> RiskRun:
    """One run, or 404: the same answer for 'does not exist' and 'not yours'."""
    run = runs_for(scope).filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


def settings_history(scope: Scope) -> QuerySet[RiskSetting]:
    if not reads_risk(scope):
        return RiskSetting.objects.none()
    return RiskSetting.objects.filter(municipality_id=scope.municipality_id).select_related(
        "changed_by").order_by("-changed_at", "-id")


def area_filter(area: str) -> Q:
    """Addresses in an area of the fairness report: the buurtcode, or (no buurtcode) the postcode's digits,
    as the export to the engine does (exchange.py)."""
    return Q(address__area_code=area) | Q(address__area_code="", address__postcode__startswith=area)


def scores_for(scope: Scope, run: RiskRun, *, area: str = "", decile: int | None = None) -> QuerySet[RiskScore]:
    """The run's scores, highest first, optionally of one area or one decile."""
    if not reads_risk(scope) or run.municipality_id != scope.municipality_id:
        return RiskScore.objects.none()
    scores = RiskScore.objects.filter(run=run).select_related("address").order_by("rank")
    if area:
        scores = scores.filter(area_filter(area))
    if decile:
        scores = scores.filter(decile=decile)
    return scores


def areas_of(run: RiskRun) -> list[str]:
    """The areas the run's fairness report names, for the filter."""
    return sorted({row.get("code") for row in run.fairness.get("by_area", []) if row.get("code")})


@dataclass(frozen=True)
class DossierScore:
    score: RiskScore
    run: RiskRun
    addresses: int


def latest_score_for(scope: Scope, address: Address) -> DossierScore | None:
    """The address's score in its municipality's latest finished run, for the dossier.

    None when the user does not read risk scores, the address is not of the user's municipality,
    the model is switched off there, or the latest run did not score the address.
    """
    if not reads_risk(scope) or address.municipality_id != scope.municipality_id:
        return None
    if not setting_in_force(address.municipality).enabled:
        return None
    # The latest finished run and the address's score in it, in one query (no run, no score: None).
    latest_run = (RiskRun.objects.filter(municipality_id=address.municipality_id, status=RunStatus.DONE)
                  .order_by("-finished_at", "-id").values("pk")[:1])
    score = RiskScore.objects.filter(run_id=Subquery(latest_run), address=address).select_related("run").first()
    return DossierScore(score=score, run=score.run, addresses=score.run.address_count) if score else None


# --- the run page: what the engine reported, as rows ------------------------------------------


@dataclass(frozen=True)
class WeightRow:
    indicator: str
    label: str
    weight: float
    own: bool  # an expert weight the municipality set itself


def weight_rows(run: RiskRun) -> list[WeightRow]:
    configuration = run.configuration or {}
    own = set(configuration.get("expert_weights") or {}) if configuration.get("weights_source") == "expert" else set()
    rows = [WeightRow(name, label(name), float(weight), name in own) for name, weight in (run.weights or {}).items()]
    return sorted(rows, key=lambda row: (-abs(row.weight), row.indicator))


def expert_weight_rows(setting: RiskSetting) -> list[tuple[str, float]]:
    """The municipality's own expert weights (the others are the engine's), by label."""
    return sorted((label(name), float(value)) for name, value in (setting.expert_weights or {}).items())


def _percent(value) -> float | None:
    return None if value is None else round(100 * float(value), 1)


def _rate_rows(rows: list[dict]) -> list[dict]:
    out = []
    for row in rows:
        out.append({**row, "selection_percent": _percent(row.get("selection_rate")),
                    "hit_percent": _percent(row.get("hit_rate"))})
    return out


def fairness_report(run: RiskRun) -> dict:
    fairness = run.fairness or {}
    correlations = [
        {"indicator": name, "label": label(name), "r": value}
        for name, value in (fairness.get("correlations") or {}).items()
    ]
    correlations.sort(key=lambda row: -abs(row["r"]) if row["r"] is not None else 1)
    return {
        "selection_percent": _percent(fairness.get("selection_share")),
        "by_municipality": _rate_rows(fairness.get("by_municipality") or []),
        "by_area": _rate_rows(fairness.get("by_area") or []),
        "correlations": correlations,
        "warnings": fairness.get("warnings") or [],
        # The engine's other warnings (the delivery's, the weights'); its list also holds the fairness ones.
        "other_warnings": [w for w in run.warnings or [] if w not in (fairness.get("warnings") or [])],
    }
