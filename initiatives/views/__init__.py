"""The plan's public pages (plan.py) and the target pages (targets.py)."""

from .plan import indicator_detail, plan
from .targets import (
    target_indicator,
    target_list,
    university_target_indicator,
    university_targets,
)

__all__ = [
    "indicator_detail",
    "plan",
    "target_indicator",
    "target_list",
    "university_target_indicator",
    "university_targets",
]
