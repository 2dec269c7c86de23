"""Fixtures for the feedback survey tests: a held meeting of the `world` family with a young
child, a mother and an invited partner, chaired by a conference chair in a team."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from restorative.evaluation.models import Survey
from restorative.evaluation.surveys import services
from restorative.people.models import FamilyMember, Staff
from restorative.people.tests.factories import FamilyMemberFactory, StaffFactory
from restorative.practice.models import Meeting, MeetingParticipant, MeetingType


@pytest.fixture
def voices(world: Any) -> SimpleNamespace:
    services.survey_defaults_install()
    family = world.family
    child = family.members.get()
    child.date_of_birth = timezone.localdate() - datetime.timedelta(days=365 * 6)
    child.save()
    mother = FamilyMemberFactory(
        family=family,
        kind=FamilyMember.Kind.ADULT,
        first_name="Grace",
        last_name="Okafor",
        relationship=FamilyMember.Relationship.MOTHER,
        date_of_birth=datetime.date(1988, 1, 1),
    )
    chair = StaffFactory(
        role=Staff.Role.CONFERENCE_CHAIR,
        team=world.team_a2,
        organisation=world.org,
        email="chair@test.example",
    )
    meeting = Meeting.objects.create(
        family=family,
        meeting_type=MeetingType.CORE_GROUP,
        status="held",
        held_on=timezone.localdate(),
        chair=chair,
        created_by=world.allocated,
    )
    for member, kind in ((child, "child"), (mother, "family_member")):
        MeetingParticipant.objects.create(meeting=meeting, kind=kind, member=member)
    MeetingParticipant.objects.create(
        meeting=meeting, kind="professional", staff=world.partner, attendance="attended"
    )
    surveys = {s.code: s for s in Survey.objects.all()}
    return SimpleNamespace(
        world=world,
        family=family,
        child=child,
        mother=mother,
        chair=chair,
        meeting=meeting,
        surveys=surveys,
    )


def invite(
    v: SimpleNamespace, *, code: str = "child-under-8", person: str = "child", **kw: Any
) -> services.IssuedLink:
    """One link, as the allocated practitioner."""
    invitee = services.Invitee(
        survey=v.surveys[code],
        member=getattr(v, person) if person in ("child", "mother") else None,
        staff=v.world.partner if person == "partner" else None,
        send_to=kw.pop("send_to", ""),
    )
    return services.survey_invitations_create(
        actor=v.world.allocated,
        invitees=[invitee],
        channel=kw.pop("channel", "screen"),
        meeting=v.meeting,
        **kw,
    )[0]


def answers_for(link: services.IssuedLink, value: str = "4") -> dict[str, str]:
    """A full set of answers: `value` for every number question, the first choice, words."""
    out = {}
    for q in link.invitation.version.questions.all():
        if q.kind == "free_text":
            out[f"q{q.pk}"] = "It was OK, I liked the juice"
        elif q.kind == "choose_one":
            out[f"q{q.pk}"] = q.choices[0][0]
        elif q.kind == "yes_no_unsure":
            out[f"q{q.pk}"] = "yes"
        else:
            out[f"q{q.pk}"] = value
    return out
