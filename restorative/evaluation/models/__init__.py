"""The evaluation app's tables, one module per area; each is imported here so Django finds it."""

from .complaints import (  # noqa: F401
    Complaint,
    ComplaintElement,
    ComplaintStage,
    ComplaintTimescales,
    Compliment,
    ComplimentNotice,
    OmbudsmanReferral,
    StageExtension,
)
from .learning import LearningAction, TrainingNeed  # noqa: F401
