"""Documents: the printable meeting record and the family's plan (page and PDF), who may open
them, the access trail, the offline PDF renderer, and the reading-age estimate."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import sys
import uuid
import zlib
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from restorative.core.audit import AuditWriteError
from restorative.core.models import AccessEvent
from restorative.people import permissions as people_permissions
from restorative.people.tests.factories import FamilyMemberFactory
from restorative.practice import documents, permissions, plans, readability, services
from restorative.practice.models import Action, MeetingParticipant, MeetingType

TODAY = datetime.date.today()

PEOPLE = [
    "allocated",
    "same_team",
    "asye_same_team",
    "manager",
    "support_same_team",
    "other_team",
    "other_team_manager",
    "other_service",
    "head",
    "other_head",
    "director",
    "quality",
    "workforce",
    "admin",
    "partner",
]

# Tests that make a real PDF need WeasyPrint's system libraries (Pango); without them they are
# skipped, saying why, and the "PDF cannot be made" page is tested by simulating that machine.
needs_pdf_engine = pytest.mark.skipif(
    documents.pdf_engine() is None,
    reason="WeasyPrint cannot load here (missing Pango/HarfBuzz?): real PDF rendering not tested",
)

CHILD_WORDS = "I want to stay at home with my mum and my dog Biscuit"


def _d(days: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=days)


@pytest.fixture
def docs(world: Any, practice: Any) -> SimpleNamespace:
    """The invited meeting held and fully recorded, with a plan made there; another plan
    made on its own; an FGC with its stages."""
    meeting = practice.invited
    by_kind = {p.member_id or p.staff_id: p for p in meeting.participants.all()}
    child = by_kind[practice.child.pk]
    mother = by_kind[practice.mother.pk]
    partner = by_kind[world.partner.pk]
    services.meeting_record(
        actor=world.allocated,
        meeting=meeting,
        held_on=_d(-1),
        sections={
            "what_happened": "Police were called to the house after an argument",
            "who_affected": "Jay was frightened and missed school",
            "working_well": "Grandma collects Jay from school every day",
            "worries": "Arguments late at night",
            "next_steps": "A family group conference within a month",
        },
        participants={
            child.uuid: services.ParticipantRecord(
                attendance="attended", view_given_by="advocate", view=CHILD_WORDS
            ),
            mother.uuid: services.ParticipantRecord(
                attendance="apologies",
                view_given_by="not_given",
                view_not_given_reason="In hospital that day",
            ),
            partner.uuid: services.ParticipantRecord(
                attendance="attended",
                view_given_by="writing",
                view="School attendance is 82 per cent this term",
            ),
        },
        experience="with",
        experience_given_by="family",
    )
    services.decision_add(
        actor=world.allocated,
        meeting=meeting,
        decision="Jay to be subject to a child protection plan",
        family_position="reservations",
        family_view="We agree but want the plan to end by summer",
    )
    meeting.refresh_from_db()
    plan = plans.plan_create(
        actor=world.allocated,
        family=practice.family,
        title="Calmer mornings",
        started_on=_d(-1),
        review_date=_d(30),
        meeting=meeting,
    )
    plans.goal_add(
        actor=world.allocated,
        plan=plan,
        goal="We want to get to school on time without shouting",
        whose="Grace and Jay",
    )
    plans.action_add(
        actor=world.allocated,
        plan=plan,
        what="Lay out the school uniform the night before",
        owner=plans.Owner(member=practice.mother),
        due_date=_d(7),
    )
    plans.action_add(
        actor=world.allocated,
        plan=plan,
        what="Ask the school about a breakfast club place",
        owner=plans.Owner(staff=world.allocated),
        due_date=_d(14),
    )
    standalone = plans.plan_create(
        actor=world.allocated, family=practice.family, title="Weekends", started_on=_d(-5)
    )
    other_plan = plans.plan_create(
        actor=world.allocated,
        family=practice.family,
        title="School every day",
        started_on=_d(-5),
        meeting=practice.not_invited,
    )
    fgc = services.meeting_schedule(
        actor=world.allocated,
        family=practice.family,
        meeting_type=MeetingType.FAMILY_GROUP_CONFERENCE,
        scheduled_at=meeting.scheduled_at,
        venue="in_person",
        members=[practice.mother],
    )
    services.meeting_record(
        actor=world.allocated,
        meeting=fgc,
        held_on=_d(-1),
        sections={
            "information_giving": "The social worker explained the worries",
            "family_plan": "Grandma will have Jay two nights a week",
        },
        participants={},
        plan_agreed=True,
        private_family_time=services.PrivateFamilyTime(held=True, minutes=60),
    )
    return SimpleNamespace(
        meeting=meeting, plan=plan, standalone=standalone, other_plan=other_plan, fgc=fgc
    )


def _urls(meeting: Any, plan: Any) -> list[str]:
    return [
        reverse("practice:meeting_document", args=[meeting.uuid]),
        reverse("practice:meeting_document_pdf", args=[meeting.uuid]),
        reverse("practice:plan_document", args=[plan.uuid]),
        reverse("practice:plan_document_pdf", args=[plan.uuid]),
    ]


@pytest.fixture
def fake_pdf(monkeypatch: Any) -> list[str]:
    """Skip WeasyPrint's work where a test is about rules, not rendering; keep the HTML."""
    rendered: list[str] = []

    def render(engine: Any, html: str) -> bytes:
        rendered.append(html)
        return b"%PDF-1.7 fake"

    monkeypatch.setattr(documents, "render_pdf", render)
    return rendered


# --- The meeting record -----------------------------------------------------------------


def test_meeting_record_page_holds_the_whole_record(client: Any, world: Any, docs: Any) -> None:
    client.force_login(world.allocated)
    response = client.get(reverse("practice:meeting_document", args=[docs.meeting.uuid]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    for text in [
        "Initial child protection conference",
        docs.meeting.family.case_reference,
        docs.meeting.held_on.strftime("%-d %B %Y"),
        "In person",
        docs.meeting.chair_display or "Chair or facilitator",
        "The child's wishes and feelings, in their own words",
        CHILD_WORDS,
        "Given through an advocate",
        "Not given: In hospital that day",
        "Sent apologies",
        "In writing",
        "School attendance is 82 per cent this term",
        "Police were called to the house after an argument",
        "Grandma collects Jay from school every day",
        "Arguments late at night",
        "Jay to be subject to a child protection plan",
        "Agreed with reservations",
        "We agree but want the plan to end by summer",
        "Done WITH them (high support, high challenge), said by the family",
        "2 of 3 people invited (67%)",
        "Calmer mornings",
        "/static/practice/print.css",
        'media="print"',
        reverse("practice:meeting_document_pdf", args=[docs.meeting.uuid]),
    ]:
        assert text in body, text
    # GOV.UK layout on screen; the print stylesheet removes it on paper. CSP 'self': no
    # inline scripts or styles.
    assert "govuk-service-navigation" in body
    assert not re.search(r"<script(?![^>]*\bsrc=)", body)
    assert " style=" not in body and "<style" not in body
    assert "Information giving" not in body  # not a family group conference
    event = AccessEvent.objects.filter(subject_uuid=docs.meeting.uuid).first()
    assert event is not None
    assert (event.action, event.channel, event.subject_type, event.actor) == (
        "print",
        "web",
        "meeting",
        world.allocated,
    )


def test_family_group_conference_record_has_its_stages(client: Any, world: Any, docs: Any) -> None:
    client.force_login(world.allocated)
    body = client.get(reverse("practice:meeting_document", args=[docs.fgc.uuid])).content.decode()
    for text in [
        "Information giving",
        "The social worker explained the worries",
        "Private family time",
        "The family had private time (60 minutes)",
        "Grandma will have Jay two nights a week",
        "Plan agreed",
    ]:
        assert text in body, text


@needs_pdf_engine
def test_meeting_record_pdf_is_a_pdf_with_a_safe_file_name(
    client: Any, world: Any, docs: Any
) -> None:
    client.force_login(world.allocated)
    response = client.get(reverse("practice:meeting_document_pdf", args=[docs.meeting.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    assert _page_count(pdf) >= 1, "the PDF has no page"
    disposition = response["Content-Disposition"]
    expected = f"meeting-record-{docs.meeting.held_on.isoformat()}-{docs.meeting.uuid.hex[:8]}.pdf"
    assert disposition == f'attachment; filename="{expected}"'
    family = docs.meeting.family
    assert family.name.lower() not in disposition.lower()
    assert family.case_reference.lower() not in disposition.lower()
    event = AccessEvent.objects.filter(subject_uuid=docs.meeting.uuid).first()
    assert event is not None and (event.action, event.channel) == ("export", "pdf")
    text = _pdf_text(pdf)
    if text is not None:
        assert "Initial child protection conference" in text
        assert "Biscuit" in text


def _page_count(pdf: bytes) -> int:
    """The /Count of the PDF's page tree, reading compressed object streams too (no PDF
    library needed): WeasyPrint packs its objects into Flate-compressed streams.

    Each stream is inflated from its start until zlib says it has ended, not cut at the
    "endstream" that follows: compressed bytes may end in a carriage return, which a cut at
    "\r\nendstream" would take off, and the page count was then missed now and then."""
    chunks = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            chunks.append(zlib.decompressobj().decompress(pdf[match.end() :]))
        except zlib.error:
            continue  # not a compressed stream ("endstream" itself, or an uncompressed one)
    counts = [
        int(found)
        for chunk in chunks
        for found in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", chunk)
        + re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", chunk)
    ]
    return max(counts, default=0)


def _pdf_text(pdf: bytes) -> str | None:
    """The PDF's text when a tool to read it is installed here (no dependency is added)."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        result = subprocess.run(  # noqa: S603 - a fixed tool, our own bytes on stdin
            [pdftotext, "-", "-"], input=pdf, capture_output=True, check=True, timeout=30
        )
        return result.stdout.decode()
    try:
        import io

        import pypdf  # type: ignore[import-not-found]
    except ImportError:
        return None
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


# --- The plan for the family ------------------------------------------------------------


def test_family_plan_page_is_written_to_the_family(client: Any, world: Any, docs: Any) -> None:
    plans.plan_review_record(
        actor=world.allocated,
        plan=docs.plan,
        reviewed_on=TODAY,
        members=[docs.meeting.family.members.first()],
        family_scaling=6,
        professional_scaling=5,
        holding="partly",
        holding_words="Mornings are better on school days",
        actions={},
    )
    Action.objects.filter(plan=docs.plan, owner_staff=world.allocated).update(
        status=Action.Status.IN_PROGRESS
    )
    client.force_login(world.allocated)
    response = client.get(reverse("practice:plan_document", args=[docs.plan.uuid]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    for text in [
        "Our plan: Calmer mornings",
        "This is the plan we made with you at the initial child protection conference",
        "What we agreed",
        "Grace and Jay said:",
        "We want to get to school on time without shouting",
        "Who will do what, by when",
        "Lay out the school uniform the night before",
        practice_mother_name(docs),
        "Not started yet",
        "Ask the school about a breakfast club place",
        world.allocated.display_name,
        "Started",
        "When we will check how it is going",
        _d(30).strftime("%-d %B %Y"),
        "Is the plan working? Partly.",
        "Mornings are better on school days",
        f"Talk to {world.allocated.display_name}, your worker in the North Safeguarding team.",
        "/static/practice/print.css",
        reverse("practice:plan_document_pdf", args=[docs.plan.uuid]),
    ]:
        assert text in body, text
    # Professional detail stays on the plan page, not in the family's version.
    assert "out of 10" not in body
    assert "Overdue" not in body
    # The reading age is shown to the practitioner, marked not to print.
    assert 'id="reading-age"' in body
    assert re.search(r"Reading age (about \d+ years|\d+ years or more)", body)
    assert "app-no-print" in body
    event = AccessEvent.objects.filter(subject_uuid=docs.plan.uuid).first()
    assert event is not None
    assert (event.action, event.channel, event.subject_type) == ("print", "web", "plan")


def practice_mother_name(docs: Any) -> str:
    return str(docs.plan.actions.get(owner_member__isnull=False).owner_display)


def test_family_plan_reading_age_hint_when_above_target(client: Any, world: Any, docs: Any) -> None:
    client.force_login(world.allocated)
    url = reverse("practice:plan_document", args=[docs.plan.uuid])
    assert "may be hard for the family to read" not in client.get(url).content.decode()
    hard = (
        "The multi-agency safeguarding partnership will facilitate comprehensive therapeutic "
        "interventions to ameliorate intergenerational vulnerabilities and strengthen "
        "parental capacity regarding emotional regulation"
    )
    plans.action_add(
        actor=world.allocated,
        plan=docs.plan,
        what=hard,
        owner=plans.Owner(name="Family Therapy Service"),
        due_date=_d(20),
    )
    body = client.get(url).content.decode()
    assert "may be hard for the family to read" in body
    assert 'id="hardest-sentences"' in body
    assert hard in body.split('id="hardest-sentences"')[1]


def test_family_plan_with_no_words_yet(client: Any, world: Any, docs: Any) -> None:
    client.force_login(world.allocated)
    body = client.get(
        reverse("practice:plan_document", args=[docs.standalone.uuid])
    ).content.decode()
    assert "We have not written down the goals yet." in body
    assert "We have not written down who will do what yet." in body
    assert "We will agree with you when to meet next" in body
    assert "Reading age about" in body  # the plan's name is one sentence to measure


def test_family_plan_pdf_leaves_out_the_reading_age(
    client: Any, world: Any, docs: Any, fake_pdf: list[str]
) -> None:
    client.force_login(world.allocated)
    response = client.get(reverse("practice:plan_document_pdf", args=[docs.plan.uuid]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="family-plan-{docs.plan.started_on.isoformat()}-'
        f'{docs.plan.uuid.hex[:8]}.pdf"'
    )
    (html,) = fake_pdf
    assert "Our plan: Calmer mornings" in html
    assert "reading-age" not in html and "Reading age" not in html
    assert "govuk-service-navigation" not in html and "<script" not in html
    assert "/static/practice/print.css" in html


@needs_pdf_engine
def test_family_plan_pdf_renders(client: Any, world: Any, docs: Any) -> None:
    client.force_login(world.allocated)
    response = client.get(reverse("practice:plan_document_pdf", args=[docs.plan.uuid]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert _page_count(response.content) >= 1
    event = AccessEvent.objects.filter(subject_uuid=docs.plan.uuid).first()
    assert event is not None and (event.action, event.channel) == ("export", "pdf")
    text = _pdf_text(response.content)
    if text is not None:
        assert "Who will do what, by when" in text


# --- Links from the meeting and plan pages ----------------------------------------------


def test_meeting_and_plan_pages_link_to_their_documents(client: Any, world: Any, docs: Any) -> None:
    client.force_login(world.partner)
    meeting_page = client.get(reverse("practice:meeting_detail", args=[docs.meeting.uuid]))
    plan_page = client.get(reverse("practice:plan_detail", args=[docs.plan.uuid]))
    urls = _urls(docs.meeting, docs.plan)
    assert urls[0] in meeting_page.content.decode() and urls[1] in meeting_page.content.decode()
    assert urls[2] in plan_page.content.decode() and urls[3] in plan_page.content.decode()


# --- Who may open them ------------------------------------------------------------------


@pytest.mark.parametrize("who", PEOPLE)
def test_documents_follow_the_meeting_and_plan_rules(
    client: Any, world: Any, practice: Any, docs: Any, fake_pdf: list[str], who: str
) -> None:
    user = getattr(world, who)
    client.force_login(user)
    sees_family = people_permissions.can_view_family(user, practice.family)
    may_see_invited = sees_family or who == "partner"
    for url in _urls(docs.meeting, docs.plan):
        assert client.get(url).status_code == (200 if may_see_invited else 404), url
    # The meeting the partner is not invited to, its plan, and a plan made on its own.
    for url in _urls(practice.not_invited, docs.other_plan) + [
        reverse("practice:plan_document", args=[docs.standalone.uuid]),
        reverse("practice:plan_document_pdf", args=[docs.standalone.uuid]),
    ]:
        assert client.get(url).status_code == (200 if sees_family else 404), url
    assert permissions.can_view_meeting(user, docs.meeting) == may_see_invited
    events = AccessEvent.objects.filter(actor=user)
    if may_see_invited:
        assert events.filter(action="print").count() >= 2
        assert events.filter(action="export", channel="pdf").count() >= 2
    else:
        assert not events.exists()


def test_invited_partner_gets_only_their_meetings_documents(
    client: Any, world: Any, practice: Any, docs: Any, fake_pdf: list[str]
) -> None:
    # Invited to the other meeting of this family, and to one of another family's.
    client.force_login(practice.other_partner)
    for url in (
        _urls(practice.not_invited, docs.other_plan)
        + _urls(practice.elsewhere, docs.other_plan)[:2]
    ):
        assert client.get(url).status_code == 200, url
    for url in _urls(docs.meeting, docs.plan) + _urls(docs.fgc, docs.standalone):
        assert client.get(url).status_code == 404, url
    event = AccessEvent.objects.filter(actor=practice.other_partner).first()
    assert event is not None and event.reason == permissions.BASIS_INVITED_PARTNER
    for url in [
        reverse("practice:meeting_document", args=[uuid.uuid4()]),
        reverse("practice:plan_document_pdf", args=[uuid.uuid4()]),
    ]:
        assert client.get(url).status_code == 404


def test_documents_only_answer_get(client: Any, world: Any, docs: Any) -> None:
    client.force_login(world.allocated)
    for url in _urls(docs.meeting, docs.plan):
        assert client.post(url).status_code == 405


# --- The access trail fails closed ------------------------------------------------------


def test_audit_failure_shows_nothing(
    client: Any, world: Any, docs: Any, fake_pdf: list[str]
) -> None:
    client.force_login(world.allocated)
    with mock.patch(
        "restorative.practice.services.access_event_record", side_effect=AuditWriteError("down")
    ):
        for url in _urls(docs.meeting, docs.plan):
            response = client.get(url)
            assert response.status_code == 503, url
            body = response.content
            assert not body.startswith(b"%PDF")
            assert "attachment" not in response.get("Content-Disposition", "")
            for secret in (CHILD_WORDS, "Calmer mornings", "without shouting"):
                assert secret.encode() not in body, (url, secret)
    assert fake_pdf == []
    assert not AccessEvent.objects.filter(actor=world.allocated, action__in=["print", "export"])


# --- When WeasyPrint cannot be loaded here ----------------------------------------------


def test_pdf_link_explains_when_weasyprint_cannot_load(
    client: Any, world: Any, docs: Any, monkeypatch: Any
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` now fails
    assert documents.pdf_engine() is None
    client.force_login(world.allocated)
    for pdf_url, print_url in [
        (
            reverse("practice:meeting_document_pdf", args=[docs.meeting.uuid]),
            reverse("practice:meeting_document", args=[docs.meeting.uuid]),
        ),
        (
            reverse("practice:plan_document_pdf", args=[docs.plan.uuid]),
            reverse("practice:plan_document", args=[docs.plan.uuid]),
        ),
    ]:
        response = client.get(pdf_url)
        assert response.status_code == 503
        assert response["Content-Type"].startswith("text/html")
        body = response.content.decode()
        assert "The PDF cannot be made on this server" in body
        assert f'href="{print_url}"' in body
        assert CHILD_WORDS not in body
    # Nothing was shown or exported, so nothing is on the trail; the print page still works.
    assert not AccessEvent.objects.filter(actor=world.allocated, action="export").exists()
    assert client.get(print_url).status_code == 200
    # Still 404 for someone who may not see the record.
    client.force_login(world.other_team)
    assert (
        client.get(reverse("practice:meeting_document_pdf", args=[docs.meeting.uuid])).status_code
        == 404
    )


def test_pdf_engine_missing_system_library(monkeypatch: Any) -> None:
    """A machine without Pango: importing WeasyPrint raises OSError, which is handled too."""
    import builtins

    real_import = builtins.__import__

    def failing_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", failing_import)
    assert documents.pdf_engine() is None


# --- WeasyPrint never goes to the network -----------------------------------------------


@needs_pdf_engine
def test_fetcher_serves_our_static_files_and_refuses_everything_else() -> None:
    origin = documents.DOCUMENT_ORIGIN
    css = documents.static_file_for(f"{origin}/static/practice/print.css")
    assert css is not None and css.name == "print.css" and css.is_file()
    for url in [
        "https://example.com/static/practice/print.css",
        "http://documents.invalid/static/practice/print.css",
        f"{origin}/static/../settings.py",
        f"{origin}/static/practice/../../../../etc/passwd",
        f"{origin}/static/%2e%2e/%2e%2e/etc/passwd",
        f"{origin}/static/practice/print.mjs",  # not a suffix a document needs
        f"{origin}/static/practice/missing.css",
        f"{origin}/practice/meetings/",
        "file:///etc/passwd",
        "data:text/css,body{}",
    ]:
        assert documents.static_file_for(url) is None, url
    engine = documents.pdf_engine()
    assert engine is not None
    fetcher = documents.offline_fetcher(engine)
    response = fetcher.fetch(f"{origin}/static/practice/print.css")
    assert b"@page" in response.read()
    response.close()
    with pytest.raises(ValueError):
        fetcher.fetch("https://example.com/tracker.png")


@needs_pdf_engine
def test_rendering_makes_no_network_request() -> None:
    """External stylesheets, images and fonts in the HTML are refused, never fetched."""
    import socket
    import urllib.request

    engine = documents.pdf_engine()
    assert engine is not None
    attempts: list[Any] = []
    html = (
        '<html><head><link rel="stylesheet" href="https://example.com/evil.css">'
        '<link rel="stylesheet" href="/static/practice/print.css">'
        "<style>@font-face { font-family: X; src: url(https://example.com/x.woff2) }</style>"
        '</head><body><h1>Hello</h1><img src="http://example.com/pixel.png" alt=""></body></html>'
    )
    with (
        mock.patch.object(socket.socket, "connect", lambda *a, **k: attempts.append(("socket", a))),
        mock.patch.object(
            urllib.request.OpenerDirector,
            "open",
            lambda *a, **k: attempts.append(("urllib", a)),
        ),
    ):
        pdf = documents.render_pdf(engine, html)
    assert pdf.startswith(b"%PDF-")
    assert attempts == []


def test_pdf_filename_has_no_personal_data() -> None:
    record = uuid.UUID("1a2b3c4d-0000-4000-8000-000000000000")
    assert (
        documents.pdf_filename("meeting-record", datetime.date(2026, 12, 24), record)
        == "meeting-record-2026-12-24-1a2b3c4d.pdf"
    )
    assert documents.pdf_filename("family-plan", None, record) == "family-plan-undated-1a2b3c4d.pdf"


# --- Constant queries as the record grows -----------------------------------------------


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_meeting_documents_query_count_is_constant(
    client: Any, world: Any, practice: Any, docs: Any, fake_pdf: list[str]
) -> None:
    client.force_login(world.allocated)
    page, pdf = _urls(docs.meeting, docs.plan)[:2]
    client.get(page)
    small = (_count(client, page), _count(client, pdf))
    members = [FamilyMemberFactory(family=practice.family) for _ in range(20)]
    MeetingParticipant.objects.bulk_create(
        MeetingParticipant(
            meeting=docs.meeting, member=m, kind="child", view="Hello", view_given_by="app"
        )
        for m in members
    )
    MeetingParticipant.objects.bulk_create(
        MeetingParticipant(meeting=docs.meeting, name=f"Guest {i}", kind="other", role="Nurse")
        for i in range(20)
    )
    for i in range(10):
        services.decision_add(
            actor=world.allocated,
            meeting=docs.meeting,
            decision=f"Decision {i}",
            family_position="agreed",
        )
    assert (_count(client, page), _count(client, pdf)) == small


def test_family_plan_documents_query_count_is_constant(
    client: Any, world: Any, practice: Any, docs: Any, fake_pdf: list[str]
) -> None:
    client.force_login(world.allocated)
    page, pdf = _urls(docs.meeting, docs.plan)[2:]
    # One review to start with: a prefetch under an empty list costs no query, so measuring
    # from none would count the first review's prefetches as growth.
    plans.plan_review_record(
        actor=world.allocated,
        plan=docs.plan,
        reviewed_on=TODAY,
        members=[practice.mother],
        family_scaling=5,
        professional_scaling=5,
        holding="partly",
        actions={},
    )
    client.get(page)
    small = (_count(client, page), _count(client, pdf))
    for i in range(10):
        plans.goal_add(actor=world.allocated, plan=docs.plan, goal=f"Goal {i}", whose="Grace")
        plans.action_add(
            actor=world.allocated,
            plan=docs.plan,
            what=f"Action {i}",
            owner=plans.Owner(agency="School") if i % 2 else plans.Owner(member=practice.mother),
            due_date=_d(i + 1),
        )
    for i in range(3):
        plans.plan_review_record(
            actor=world.allocated,
            plan=docs.plan,
            reviewed_on=_d(-(i % 2)),
            members=[practice.mother],
            family_scaling=5,
            professional_scaling=5,
            holding="yes",
            actions={},
        )
    assert (_count(client, page), _count(client, pdf)) == small


# --- The reading age --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("cat", 1),
        ("school", 1),
        ("time", 1),
        ("makes", 1),
        ("played", 1),
        ("table", 2),
        ("happy", 2),
        ("wanted", 2),
        ("boxes", 2),
        ("agreed", 2),
        ("people", 2),
        ("family", 3),
        ("families", 3),
        ("beautiful", 3),
        ("together", 3),
        ("understanding", 4),
        ("communication", 5),
        ("responsibility", 6),
        ("Mum's", 1),
        ("", 0),
        ("42", 0),
    ],
)
def test_count_syllables(word: str, syllables: int) -> None:
    assert readability.count_syllables(word) == syllables


def test_syllable_counter_is_mostly_right_on_everyday_words() -> None:
    known = {
        "morning": 2, "breakfast": 2, "teacher": 2, "doctor": 2, "shouting": 2, "worried": 2,
        "support": 2, "meeting": 2, "review": 2, "social": 2, "worker": 2, "college": 2,
        "hospital": 3, "education": 4, "emotional": 4, "relationship": 4, "appointment": 3,
        "safeguarding": 4, "assessment": 3, "intervention": 4, "uniform": 3, "evening": 3,
        "television": 4, "professional": 4, "agency": 3, "children": 2, "mother": 2,
        "father": 2, "difficulties": 4, "stories": 2, "services": 3, "going": 2, "calmer": 2,
        "homework": 2, "everyday": 3, "wellbeing": 3, "appropriate": 4, "home": 1, "the": 1,
        "dog": 1, "walk": 1, "help": 1, "night": 1, "before": 2, "after": 2, "every": 2,
    }  # fmt: skip
    right = sum(readability.count_syllables(w) == n for w, n in known.items())
    assert right / len(known) >= 0.9


def test_short_simple_text_has_a_low_reading_age() -> None:
    result = readability.reading_age("We will walk to school. Mum will help. The dog can come.")
    assert result is not None
    assert result.years <= 7
    assert not result.above_target
    assert result.sentences == 3 and result.words == 12
    assert result.hardest == ()
    assert result.label == "Reading age about 5 years or under"


def test_long_polysyllabic_text_has_a_high_reading_age() -> None:
    text = (
        "The multi-agency safeguarding partnership will facilitate comprehensive therapeutic "
        "interventions to ameliorate intergenerational vulnerabilities and strengthen "
        "parental capacity regarding emotional regulation. We will talk."
    )
    result = readability.reading_age(text)
    assert result is not None
    assert result.years >= 16
    assert result.above_target
    assert result.label == "Reading age 18 years or more"
    assert len(result.hardest) == 1 and result.hardest[0].startswith("The multi-agency")


def test_reading_age_is_grade_plus_five_in_the_middle_of_the_range() -> None:
    text = (
        "Your social worker will telephone the school every Monday. "
        "She will ask how things are going and tell you what they said."
    )
    grade = readability.grade_level(text)
    result = readability.reading_age(text)
    assert grade is not None and result is not None
    assert result.years == round(grade + 5)
    assert 5 < result.years < 18
    assert result.label == f"Reading age about {result.years} years"


def test_lines_without_full_stops_are_sentences() -> None:
    """Goals and actions are often lines with no full stop: each counts as a sentence."""
    as_lines = readability.reading_age("Lay out uniforms\nGet up at seven\nWalk to school")
    as_one = readability.reading_age("Lay out uniforms get up at seven walk to school")
    assert as_lines is not None and as_one is not None
    assert as_lines.sentences == 3 and as_one.sentences == 1
    assert as_lines.grade < as_one.grade


@pytest.mark.parametrize("text", ["", "   ", "...", "\n\n", "12 34 !!"])
def test_empty_text_has_no_reading_age(text: str) -> None:
    assert readability.reading_age(text) is None
    assert readability.grade_level(text) is None


def test_plan_reading_text_is_what_people_wrote(world: Any, docs: Any) -> None:
    from restorative.practice import selectors

    plan = selectors.plan_get(world.allocated, docs.plan.uuid)
    text = documents.plan_reading_text(plan)
    assert text.splitlines() == [
        "Calmer mornings",
        "We want to get to school on time without shouting",
        "Lay out the school uniform the night before",
        "Ask the school about a breakfast club place",
    ]
