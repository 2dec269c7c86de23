"""A submission token sent again with another family's record never returns someone else's
record, and never answers 500: it gets a clear message and saves nothing."""

import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from restorative.people.tests.factories import FamilyFactory
from restorative.practice import services
from restorative.practice.models import Meeting, MeetingType
from restorative.practice.tests.conftest import meeting_at


def test_a_token_reused_for_another_family_is_refused_not_answered_with_the_first(
    world: Any,
) -> None:
    token = uuid.uuid4()
    first = services.meeting_schedule(
        actor=world.allocated,
        family=world.family,
        meeting_type=MeetingType.CORE_GROUP,
        scheduled_at=meeting_at(),
        venue="online",
        submission_token=token,
    )
    again = services.meeting_schedule(
        actor=world.allocated,
        family=world.family,
        meeting_type=MeetingType.CORE_GROUP,
        scheduled_at=meeting_at(),
        venue="online",
        submission_token=token,
    )
    assert again.pk == first.pk  # the same form sent twice: one meeting

    neighbour = FamilyFactory(team=world.team_a1, name="Nowak")
    with pytest.raises(ValidationError, match="already been used"):
        services.meeting_schedule(
            actor=world.allocated,
            family=neighbour,
            meeting_type=MeetingType.CORE_GROUP,
            scheduled_at=meeting_at(),
            venue="online",
            submission_token=token,
        )
    assert not Meeting.objects.filter(family=neighbour).exists()
