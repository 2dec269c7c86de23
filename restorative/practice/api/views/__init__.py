"""The practice API: read input, call a selector or service, answer. One rulebook with the
pages (docs/decisions/0002-api.md, restorative/core/api.py), one module per sub-domain.

Reads go through `practice.selectors` (scoped by `practice.permissions`: a meeting is seen by
whoever may see the family, plus partner staff invited to it), writes through
`practice.services`. Every retrieve writes one access event (channel "api") through
`services.practice_record_view`, the call the pages make, before the answer is built. The
lists across families (conversations, meetings, plans, actions) write none, as the families
list, so they carry no free text about a family: UUIDs, dates, types, statuses, and the
family's and staff's names. What was written (an action, a plan's name, a meeting's
place...) is in the retrieve. Lists under one record (its participants, decisions, goals,
reviews) write that record's view event, fail-closed (docs/decisions/0008-practice.md).
"""

from .case_events import CaseEventViewSet
from .conversations import ConversationViewSet, QuestionSetViewSet
from .harmed import PersonHarmedViewSet
from .meetings import (
    DecisionViewSet,
    MeetingArrangeViewSet,
    MeetingParticipantViewSet,
    MeetingViewSet,
)
from .plans import ActionViewSet, GoalViewSet, PlanReviewViewSet, PlanViewSet
from .timeliness import TimelinessViewSet

__all__ = [
    "ActionViewSet",
    "CaseEventViewSet",
    "ConversationViewSet",
    "DecisionViewSet",
    "GoalViewSet",
    "MeetingArrangeViewSet",
    "MeetingParticipantViewSet",
    "MeetingViewSet",
    "PersonHarmedViewSet",
    "PlanReviewViewSet",
    "PlanViewSet",
    "QuestionSetViewSet",
    "TimelinessViewSet",
]
