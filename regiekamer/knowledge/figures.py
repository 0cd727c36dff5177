"""A best practice can show one figure of the steering information of its author's municipality.

The figure is counted through steering.measures (the same count as the dashboard) over the last
twelve months, and small counts are suppressed as in the aggregate packages that a municipality
shares with the region (steering.suppression.MIN_CELL): the article is read outside the municipality.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise

from regiekamer.steering.measures import MEASURES, count
from regiekamer.steering.suppression import MIN_CELL

from .models import Article, ArticleKind


@dataclass(frozen=True)
class Figure:
    label: Promise
    value: int | None  # None: suppressed (1 up to MIN_CELL - 1)
    municipality: str
    start: dt.date
    end: dt.date


def figure_for(article: Article, today: dt.date) -> Figure | None:
    municipality = article.organisation.municipality
    if article.kind != ArticleKind.BEST_PRACTICE or article.measure not in MEASURES or municipality is None:
        return None
    measure = MEASURES[article.measure]
    start = today - dt.timedelta(days=365)
    value = count(measure, [municipality.pk], start, today).values.get((), 0)
    return Figure(label=measure.label, value=None if 0 < value < MIN_CELL else value,
                  municipality=municipality.name, start=start, end=today)
