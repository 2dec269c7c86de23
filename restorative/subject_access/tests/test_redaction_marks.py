"""Third parties' words are marked for redaction review; the person's own are not. The builder
is pure, so its marks are checked on plain records as well as on a gathered family."""

from __future__ import annotations

import datetime
from typing import Any

from restorative.people.models import FamilyMember
from restorative.people.tests.factories import FamilyMemberFactory
from restorative.practice.models import Decision, Meeting, MeetingParticipant, MeetingType
from restorative.subject_access import builder, selectors

NOW = datetime.datetime(2026, 12, 5, 9, 0, tzinfo=datetime.UTC)


def _bundle(subject: FamilyMember) -> dict[str, Any]:
    return builder.build_bundle(
        subject=builder.Subject(
            name=subject.display_name,
            kind="Child",
            relationship="Child",
            date_of_birth=None,
            family_name=subject.family.name,
            case_reference=subject.family.case_reference,
        ),
        request=builder.RequestFacts(
            reference="r", received_on=NOW.date(), due_on=NOW.date(), requester="The person"
        ),
        sections=selectors.gather(subject),
        generated_at=NOW,
        generated_by="QA",
    )


def _records(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [
        record
        for section in bundle["sections"]
        for record in section["records"]
        if record["record"] == kind
    ]


def _marks(record: dict[str, Any]) -> dict[str, str]:
    return {mark["field"]: mark["reason"] for mark in record["redaction_review"]}


def test_a_childs_own_view_is_not_marked_and_everyone_elses_is(world: Any) -> None:
    family = world.family
    child = FamilyMemberFactory(family=family, kind="child", relationship="child", first_name="Sam")
    mother = FamilyMemberFactory(family=family, kind="adult", relationship="mother")
    meeting = Meeting.objects.create(
        family=family,
        meeting_type=MeetingType.CORE_GROUP,
        created_by=world.allocated,
        status=Meeting.Status.HELD,
        held_on=datetime.date(2026, 11, 2),
        worries="Sam's mother has been unwell",
    )
    own = {"view_given_by": "in_person", "attendance": "attended"}
    MeetingParticipant.objects.create(
        meeting=meeting, kind="child", member=child, view="I want to stay at school", **own
    )
    MeetingParticipant.objects.create(
        meeting=meeting, kind="family_member", member=mother, view="I am worried", **own
    )
    MeetingParticipant.objects.create(
        meeting=meeting, kind="professional", staff=world.allocated, view="Progress", **own
    )
    MeetingParticipant.objects.create(
        meeting=meeting, kind="professional", name="Dr Lee", role="GP", view="Well", **own
    )
    Decision.objects.create(
        meeting=meeting,
        decision="Core group continues",
        family_position="reservations",
        family_view="We would rather meet at home",
        created_by=world.allocated,
    )

    bundle = _bundle(child)

    views = {
        r["fields"]["view"]: _marks(r) for r in _records(bundle, "practice.MeetingParticipant")
    }
    assert views["I want to stay at school"] == {}
    assert views["I am worried"]["view"] == builder.REVIEW_REASONS[builder.FAMILY]
    assert views["Progress"]["view"] == builder.REVIEW_REASONS[builder.PROFESSIONAL]
    assert views["Well"]["view"] == builder.REVIEW_REASONS[builder.OUTSIDER]
    assert views["Well"]["name"] == builder.REVIEW_REASONS[builder.OUTSIDER]

    [meeting_record] = _records(bundle, "practice.Meeting")
    assert _marks(meeting_record)["worries"] == builder.REVIEW_REASONS[builder.PROFESSIONAL]
    assert "what_happened" not in _marks(meeting_record)  # empty: nobody's words
    [decision] = _records(bundle, "practice.Decision")
    assert _marks(decision)["family_view"] == builder.REVIEW_REASONS[builder.FAMILY_GROUP]

    members = {
        r["fields"]["first_name"]: _marks(r) for r in _records(bundle, "people.FamilyMember")
    }
    assert members["Sam"] == {}
    assert members[mother.first_name]["date_of_birth" if mother.date_of_birth else "first_name"]
    assert bundle["records_marked_for_review"] >= 5

    # The mother's own request marks the child's view instead, and not hers.
    theirs = {
        r["fields"]["view"]: _marks(r)
        for r in _records(_bundle(mother), "practice.MeetingParticipant")
    }
    assert theirs["I am worried"] == {}
    assert theirs["I want to stay at school"]["view"] == builder.REVIEW_REASONS[builder.FAMILY]


def test_no_secret_or_key_is_in_a_bundle(world: Any) -> None:
    child = FamilyMemberFactory(family=world.family, kind="child", relationship="child")
    for section in _bundle(child)["sections"]:
        for record in section["records"]:
            assert not set(record["fields"]) & selectors.SKIPPED_FIELDS


def test_the_printed_bundle_shows_every_field_with_its_mark() -> None:
    record = builder.GatheredRecord(
        kind="practice.MeetingParticipant",
        ident="abc",
        values={
            "uuid": "abc",
            "view": "I am worried",
            "invited": True,
            "view_given_by": None,
            "created_at": "2026-12-05T14:05:00+00:00",
            "held_on": "2026-11-02",
        },
        labels={
            "uuid": "uuid",
            "view": "view",
            "invited": "invited",
            "view_given_by": "view given by",
            "created_at": "created at",
            "held_on": "held on",
        },
        whose={"view": builder.FAMILY},
        title="Meeting participant",
    )
    bundle = builder.build_bundle(
        subject=builder.Subject("Sam", "Child", "Child", None, "Okafor", "C1"),
        request=builder.RequestFacts("r", NOW.date(), NOW.date(), "The person"),
        sections={"Meetings": [record], "Empty": []},
        generated_at=NOW,
        generated_by="QA",
    )
    assert [s["title"] for s in bundle["sections"]] == ["Meetings"]
    assert bundle["counts"] == {"practice.MeetingParticipant": 1}
    [section] = builder.printable(bundle)
    assert section["records"][0]["rows"] == [
        ("view", "I am worried", builder.REVIEW_REASONS[builder.FAMILY]),
        ("invited", "Yes", ""),
        ("view given by", "—", ""),
        ("created at", "5 December 2026, 14:05", ""),
        ("held on", "2 November 2026", ""),
    ]
