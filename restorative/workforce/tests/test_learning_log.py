"""The reflective learning log (issue 5 point 5): private to the person and their supervisor."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from restorative.workforce import learning
from restorative.workforce.models import LearningLogEntry, SupervisionAgreement
from restorative.workforce.tests.factories import CompletionFactory, CourseFactory

SECRET = "PRIVATE-LEARNING-TEXT"


@pytest.fixture
def completion(world: Any) -> Any:
    return CompletionFactory(
        person=world.allocated, course=CourseFactory(title="Restorative foundations")
    )


@pytest.fixture
def supervised(world: Any) -> SupervisionAgreement:
    """The team manager supervises the practitioner (the open agreement)."""
    return SupervisionAgreement.objects.create(
        supervisor=world.manager, supervisee=world.allocated, started_on=datetime.date(2026, 1, 1)
    )


@pytest.fixture
def entry(completion: Any) -> LearningLogEntry:
    return LearningLogEntry.objects.create(
        completion=completion, learnt=SECRET, do_differently="Ask before acting"
    )


EVERYONE_ELSE = [
    "quality",
    "head",
    "director",
    "workforce",
    "same_team",
    "asye_same_team",
    "support_same_team",
    "other_team_manager",
    "other_team",
    "other_service",
    "admin",
    "partner",
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("person", "allowed"),
    [("allocated", True), ("manager", True)] + [(name, False) for name in EVERYONE_ELSE],
)
def test_only_the_person_and_their_current_supervisor_read_the_log(
    client: Any, world: Any, supervised: Any, entry: LearningLogEntry, person: str, allowed: bool
) -> None:
    user = getattr(world, person)
    assert learning.can_view_learning_log(user, entry) is allowed
    assert LearningLogEntry.objects.filter(learning.learning_logs_visible_q(user)).exists() is (
        allowed
    )
    client.force_login(user)
    response = client.get(reverse("workforce:learning_log", args=[entry.completion.uuid]))
    assert response.status_code == (200 if allowed else 404)
    assert (SECRET in response.content.decode()) is allowed
    page = client.get(reverse("workforce:supervisee_learning", args=[world.allocated.uuid]))
    assert page.status_code == (200 if allowed else 404)


@pytest.mark.django_db
def test_the_manager_without_a_supervision_agreement_cannot_read_it(
    client: Any, world: Any, entry: LearningLogEntry
) -> None:
    """Managing the team is not enough: the rule is supervision, not line management."""
    assert not learning.can_view_learning_log(world.manager, entry)
    client.force_login(world.manager)
    url = reverse("workforce:learning_log", args=[entry.completion.uuid])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_previous_supervisor_loses_access_when_the_agreement_ends(
    client: Any, world: Any, supervised: SupervisionAgreement, entry: LearningLogEntry
) -> None:
    supervised.ended_on = datetime.date(2026, 6, 30)
    supervised.save()
    SupervisionAgreement.objects.create(
        supervisor=world.head, supervisee=world.allocated, started_on=datetime.date(2026, 7, 1)
    )
    url = reverse("workforce:learning_log", args=[entry.completion.uuid])
    client.force_login(world.manager)
    assert client.get(url).status_code == 404
    client.force_login(world.head)
    assert SECRET in client.get(url).content.decode()


@pytest.mark.django_db
def test_only_the_person_writes_even_their_supervisor_cannot(
    client: Any, world: Any, supervised: Any, completion: Any
) -> None:
    url = reverse("workforce:learning_log_write", args=[completion.uuid])
    data = {"learnt": "Something", "do_differently": "Something else"}
    for person in ("manager", "quality", "workforce", "admin"):
        client.force_login(getattr(world, person))
        assert client.post(url, data).status_code == 404
    assert not LearningLogEntry.objects.exists()


@pytest.mark.django_db
def test_my_training_links_each_completed_course_to_write_then_read_its_log(
    client: Any, world: Any, completion: Any
) -> None:
    client.force_login(world.allocated)
    page = client.get(reverse("workforce:my_training")).content.decode()
    assert "Write your learning log" in page
    write_url = reverse("workforce:learning_log_write", args=[completion.uuid])
    assert write_url in page
    response = client.post(
        write_url,
        {
            "learnt": "How to ask the restorative questions",
            "do_differently": "Use them at the start of visits",
            "support_needed": "Observation by my supervisor",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("workforce:my_training")).content.decode()
    assert "Read your learning log" in page
    read = client.get(response["Location"]).content.decode()
    assert "How to ask the restorative questions" in read
    assert "Observation by my supervisor" in read


@pytest.mark.django_db
def test_the_supervisor_reaches_it_from_their_supervision_page(
    client: Any, world: Any, supervised: Any, entry: LearningLogEntry
) -> None:
    client.force_login(world.manager)
    home = client.get(reverse("workforce:supervision")).content.decode()
    person_url = reverse("workforce:supervisee_learning", args=[world.allocated.uuid])
    assert person_url in home
    page = client.get(person_url).content.decode()
    assert "Read the learning log" in page
    assert reverse("workforce:learning_log", args=[entry.completion.uuid]) in page
    assert "Write your learning log" not in page


@pytest.mark.django_db
def test_double_submission_and_editing_keep_one_entry(
    client: Any, world: Any, completion: Any
) -> None:
    client.force_login(world.allocated)
    url = reverse("workforce:learning_log_write", args=[completion.uuid])
    data = {"learnt": "First", "do_differently": "Listen"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert LearningLogEntry.objects.count() == 1
    client.post(url, {"learnt": "Changed", "do_differently": "Listen more"})
    entry = LearningLogEntry.objects.get()
    assert (entry.learnt, entry.do_differently) == ("Changed", "Listen more")
    form = client.get(url).content.decode()
    assert "Changed" in form


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"learnt": "", "do_differently": "x"}, "Enter what you learnt"),
        ({"learnt": "   ", "do_differently": "x"}, "Enter what you learnt"),
        ({"learnt": "x", "do_differently": ""}, "Enter what you will do differently"),
        ({"learnt": "x" * 10001, "do_differently": "x"}, "10,000 characters or fewer"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(
    client: Any, world: Any, completion: Any, data: dict[str, str], message: str
) -> None:
    client.force_login(world.allocated)
    response = client.post(reverse("workforce:learning_log_write", args=[completion.uuid]), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text and "govuk-error-summary" in text
    assert not LearningLogEntry.objects.exists()


@pytest.mark.django_db
def test_the_log_goes_with_its_completion_and_is_not_in_the_admin(
    entry: LearningLogEntry,
) -> None:
    assert LearningLogEntry not in admin.site._registry
    entry.completion.delete()
    assert not LearningLogEntry.objects.exists()


@pytest.mark.django_db
def test_my_training_makes_the_same_number_of_queries_for_2_and_20_completions(
    client: Any, world: Any
) -> None:
    def measure(count: int) -> int:
        LearningLogEntry.objects.all().delete()
        for _ in range(count):
            done = CompletionFactory(person=world.allocated)
            LearningLogEntry.objects.create(completion=done, learnt="a", do_differently="b")
        client.force_login(world.allocated)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("workforce:my_training"))
        assert response.status_code == 200
        return len(queries)

    measure(1)  # warm-up: the training settings row is created on first use
    small, large = measure(2), measure(20)
    print(f"my training page queries: {small} for 2 completions, {large} for 20")
    assert small == large


@pytest.mark.django_db
def test_demo_data_has_learning_logs_audits_and_circles(client: Any) -> None:
    """The demo shows each feature: a log to read and one to write, audit results, circles."""
    from restorative.people.demo_data import SCALES, seed_demo_data
    from restorative.people.models import Staff
    from restorative.workforce import demo_data
    from restorative.workforce.models import SupervisionAudit, TeamCircle

    seed_demo_data(scale=SCALES["small"])
    counts = demo_data.seed(scale="small")
    assert counts["learning log entries"] > 0 and counts["team circles"] > 24
    assert counts["supervision audits rated"] > 0
    assert SupervisionAudit.objects.filter(grade="").exists()
    practitioner = Staff.objects.get(email="practitioner@demo.restorative.test")
    client.force_login(practitioner)
    page = client.get(reverse("workforce:my_training")).content.decode()
    assert "Read your learning log" in page and "Write your learning log" in page
    client.force_login(Staff.objects.get(email="quality@demo.restorative.test"))
    assert client.get(reverse("workforce:audits")).status_code == 200
    assert TeamCircle.objects.filter(team=practitioner.team).count() == 24
    demo_data.reset()
    assert not TeamCircle.objects.exists() and not SupervisionAudit.objects.exists()
