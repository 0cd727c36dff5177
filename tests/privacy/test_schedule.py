"""Every model of our apps is covered by a retention rule or exempt with a reason; every rule has a
period in force and says why."""

import datetime as dt

from django.apps import apps

from regiekamer.privacy import selectors
from regiekamer.privacy.schedule import EXEMPT, RULES, covered_models


def test_every_model_has_a_rule_or_an_exemption():
    ours = {m._meta.label for m in apps.get_models() if m.__module__.startswith("regiekamer.")}
    missing = ours - covered_models() - set(EXEMPT)
    assert not missing, f"models without a retention rule or an exemption with its reason: {sorted(missing)}"
    assert not covered_models() & set(EXEMPT), "a model is both covered and exempt"
    assert all(reason.strip() for reason in EXEMPT.values())
    assert not set(EXEMPT) - ours, "exempt models that do not exist"


def test_every_rule_has_a_period_and_a_reason(db):
    for rule in RULES:
        assert selectors.periods(rule.key), rule.key
        assert str(rule.why).strip() and str(rule.start_event).strip()
        rule.model_class  # the model exists
        assert selectors.expired(rule, dt.date(2026, 11, 28)).count() >= 0  # the query runs
