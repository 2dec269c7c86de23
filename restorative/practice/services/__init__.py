"""Every write of restorative practice: validated, atomic, audited, and safe to submit twice.

The access event is written inside the same transaction as the change, so a change is never
stored without its audit line and a failed audit write undoes it (fail-closed). A create
carries the form's `submission_token` (core.submission): a second submission of the same form
finds the record the first one made instead of making another.

Split by sub-domain: `common` (the access line, the family check), `conversations`,
`meetings`, `decisions` and `participants`; plans are in `practice.plans`. Every public name
is here too, so `services.meeting_schedule` and `from restorative.practice.services import X`
keep working.
"""

from restorative.core.audit import access_event_record

from .common import (
    OtherPerson,
    family_members_only,
    full_clean,
    practice_record_view,
    record_access,
    record_change,
    require_family,
)
from .conversations import conversation_answers_save, conversation_create
from .decisions import decision_add
from .due_counts import due_counts_refresh, due_counts_refresh_when_stale
from .meetings import (
    CHILD_PROTECTION_CHAIN,
    LEAD_FROM_THE_LIST,
    LOOKED_AFTER_CHAIN,
    MEETING_RECORD_REFUSALS,
    RECORD_SECTIONS,
    ChainChange,
    ParticipantRecord,
    PrivateFamilyTime,
    add_follow_ons,
    chain_apply,
    chain_end,
    chain_follow_ons,
    chair_lead_error,
    chair_name_error,
    conference_outcome_errors,
    invite,
    meeting_due_add,
    meeting_due_date,
    meeting_people_errors,
    meeting_record,
    meeting_schedule,
    record_meeting_change,
)
from .participants import (
    MEETINGS_WITH_PEOPLE_HARMED,
    PARTICIPANT_CHOICE,
    SUPPORTS_CHOICE,
    participant_add,
    participant_has_record,
    participant_remove,
    person_harmed_add,
)

__all__ = [
    "CHILD_PROTECTION_CHAIN",
    "LOOKED_AFTER_CHAIN",
    "ChainChange",
    "chain_apply",
    "chain_end",
    "chain_follow_ons",
    "conference_outcome_errors",
    "LEAD_FROM_THE_LIST",
    "MEETING_RECORD_REFUSALS",
    "MEETINGS_WITH_PEOPLE_HARMED",
    "PARTICIPANT_CHOICE",
    "SUPPORTS_CHOICE",
    "RECORD_SECTIONS",
    "access_event_record",
    "OtherPerson",
    "ParticipantRecord",
    "PrivateFamilyTime",
    "add_follow_ons",
    "chair_lead_error",
    "chair_name_error",
    "conversation_answers_save",
    "conversation_create",
    "decision_add",
    "due_counts_refresh",
    "due_counts_refresh_when_stale",
    "family_members_only",
    "full_clean",
    "invite",
    "meeting_due_add",
    "meeting_due_date",
    "meeting_people_errors",
    "meeting_record",
    "meeting_schedule",
    "participant_add",
    "participant_has_record",
    "participant_remove",
    "person_harmed_add",
    "practice_record_view",
    "record_access",
    "record_change",
    "record_meeting_change",
    "require_family",
]
