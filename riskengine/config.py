"""What a run is configured with; every field has the default the application and CLI use."""

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Config:
    # "expert": the weights in weights.py (with expert_weights overriding some of them);
    # "fitted": estimated on the outcomes of the year before the as-of date;
    # "auto": fitted where the data holds enough past outcomes, else expert.
    weights: str = "auto"
    expert_weights: Mapping[str, float] = field(default_factory=dict)
    # The floor-area norm in force (m2 per person; 12 under the Omgevingswet's standard rules).
    floor_area_per_person: float = 12.0
    # From how many registered persons letting needs a permit or quality mark, when permits are delivered.
    permit_from_persons: int = 5
    # The share of addresses the fairness report treats as "selected" for inspection.
    selection_share: float = 0.05
    # How many reasons an explanation names.
    explain_top: int = 3

    def __post_init__(self) -> None:
        if self.weights not in {"expert", "fitted", "auto"}:
            raise ValueError(f"weights must be expert, fitted or auto, not {self.weights!r}")
        if self.floor_area_per_person <= 0:
            raise ValueError("floor_area_per_person must be positive")
        if not 0 < self.selection_share < 1:
            raise ValueError("selection_share must lie between 0 and 1")
