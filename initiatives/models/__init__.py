"""The plan as data, one module per meaning; `from initiatives.models import X` is the
models' public face (Django and the migrations find them here)."""

from initiatives.models.indicators import Indicator, IndicatorQuerySet
from initiatives.models.plan import (
    MEASURE_NUMBERS,
    Action,
    Bilingual,
    Horizon,
    Task,
    TechnologyField,
)
from initiatives.models.targets import Target, TargetQuerySet

__all__ = [
    "MEASURE_NUMBERS",
    "Action",
    "Bilingual",
    "Horizon",
    "Indicator",
    "IndicatorQuerySet",
    "Target",
    "TargetQuerySet",
    "Task",
    "TechnologyField",
]
