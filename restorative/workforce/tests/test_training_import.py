"""Import of historical training records from CSV: all or nothing, line-numbered errors."""

from __future__ import annotations

import csv
import datetime
import io
import json
import logging
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from restorative.people.models import Staff
from restorative.people.tests.factories import StaffFactory
from restorative.workforce import imports
from restorative.workforce.compliance import Status
from restorative.workforce.models import Completion, Course
from restorative.workforce.selectors import my_compliance

from .factories import CompletionFactory, CourseFactory, CourseRequirementFactory

TODAY = datetime.date(2026, 12, 1)
HEADER = "staff_email,course,completed_on,valid_until\n"
FOUNDATION = "Foundation restorative practice"


@pytest.fixture
def courses(world):  # type: ignore[no-untyped-def]
    foundation = CourseFactory(title=FOUNDATION, validity_months=36)
    CourseRequirementFactory(course=foundation, group="practitioner")
    induction = CourseFactory(title="Induction", kind=Course.Kind.INDUCTION, validity_months=None)
    return foundation, induction


@pytest.fixture
def wf_client(client, world, courses):  # type: ignore[no-untyped-def]
    client.force_login(world.workforce)
    return client


@pytest.fixture(autouse=True)
def _today(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The import's 'today' (future dates are refused) is fixed for these tests."""
    from restorative.workforce import import_views

    monkeypatch.setattr(import_views, "_today", lambda: TODAY)
    monkeypatch.setattr(
        "restorative.workforce.management.commands.import_training._today", lambda: TODAY
    )


def upload(client, text: str | bytes, name: str = "training.csv"):  # type: ignore[no-untyped-def]
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(
        reverse("workforce:training_import"), {"file": SimpleUploadedFile(name, data, "text/csv")}
    )


def apply(client, response):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("workforce:training_import_apply"), {"token": response.context["token"]}
    )


def plan(text: str) -> imports.ImportPlan:
    return imports.plan_import(text, today=TODAY)


def messages_of(text: str) -> list[str]:
    return [str(error) for error in plan(text).errors]


GOOD = (
    HEADER
    + "allocated@test.example,Foundation restorative practice,2024-03-14,\n"
    + "COLLEAGUE@test.example,foundation restorative practice,14/03/2024,13/03/2026\n"
    + "allocated@test.example,Induction,01/09/2022,\n"
)


# --- The happy path ----------------------------------------------------------------------


def test_good_file_previews_then_imports_and_updates_compliance(wf_client, world, courses):  # type: ignore[no-untyped-def]
    foundation, induction = courses
    assert my_compliance(world.allocated, today=TODAY).results[0][1].status == Status.NOT_STARTED

    response = upload(wf_client, GOOD)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Check the training records" in text
    assert "Import 3 training records" in text
    assert world.allocated.display_name in text
    assert Completion.objects.count() == 0  # the preview changes nothing

    response = apply(wf_client, response)
    assert response.status_code == 302
    assert response.url == reverse("workforce:training_import")
    banner = wf_client.get(response.url).content.decode()
    assert "3 training records imported from training.csv" in banner

    records = {
        (c.person.email, c.course.title): c
        for c in Completion.objects.select_related("person", "course")
    }
    assert len(records) == 3
    assert all(
        c.source == Completion.Source.IMPORTED and c.session is None for c in records.values()
    )
    mine = records[("allocated@test.example", FOUNDATION)]
    assert (mine.completed_on, mine.valid_until) == (
        datetime.date(2024, 3, 14),
        datetime.date(2027, 3, 13),  # worked out from the course's 36 months
    )
    theirs = records[("colleague@test.example", FOUNDATION)]
    assert theirs.valid_until == datetime.date(2026, 3, 13)  # as the file says
    assert records[("allocated@test.example", "Induction")].valid_until is None

    statuses = {c.title: r.status for c, r in my_compliance(world.allocated, today=TODAY).results}
    assert statuses[FOUNDATION] == Status.COMPLETED
    statuses = {c.title: r.status for c, r in my_compliance(world.same_team, today=TODAY).results}
    assert statuses[FOUNDATION] == Status.OVERDUE  # valid until 13 March 2026


def test_headers_in_any_order_and_case_with_aliases_a_bom_and_other_columns(world, courses):  # type: ignore[no-untyped-def]
    text = (
        "\ufeffNote,Completed On,Course Title,EMAIL\n"
        "\n"
        "from the old spreadsheet,2024-03-14,Foundation restorative practice,"
        "allocated@test.example\n"
    )
    result = plan(text)
    assert result.errors == []
    assert result.new_count == 1 and result.total_rows == 1
    assert result.preview[0]["line"] == 3  # the blank line still counts


def test_upload_page_documents_the_columns(wf_client):  # type: ignore[no-untyped-def]
    text = wf_client.get(reverse("workforce:training_import")).content.decode()
    for column in ("staff_email", "course", "completed_on", "valid_until"):
        assert f"<code>{column}</code>" in text
    assert "notes, are ignored" in text


def test_catalogue_links_to_the_import_for_the_workforce_team_only(client, world):  # type: ignore[no-untyped-def]
    link = reverse("workforce:training_import")
    client.force_login(world.workforce)
    assert link in client.get(reverse("workforce:catalogue")).content.decode()
    client.force_login(world.manager)
    assert link not in client.get(reverse("workforce:catalogue")).content.decode()


# --- Every kind of error, by line ----------------------------------------------------------


def test_an_unknown_course_gets_a_clear_message_and_changes_nothing(wf_client, world, courses):  # type: ignore[no-untyped-def]
    text = (
        HEADER
        + "allocated@test.example,Induction,2024-01-10,\n"
        + "".join(f"colleague@test.example,Induction,2024-01-{day:02d},\n" for day in range(1, 5))
        + "allocated@test.example,Foundaton restorative practice,2024-03-14,\n"
    )
    response = upload(wf_client, text)
    page = response.content.decode()
    assert "The file cannot be imported" in page
    message = (
        "There is no course called ‘Foundaton restorative practice’ — check the course "
        "catalogue (did you mean ‘Foundation restorative practice’?)"
    )
    assert message in page
    assert messages_of(text) == [f"Line 7 (course): {message}"]
    assert reverse("workforce:training_import_apply") not in page  # no Import button
    assert Completion.objects.count() == 0


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "nobody@test.example,Induction,2024-01-10,",
            "Line 2 (staff_email): There is no staff account with the email address "
            "nobody@test.example",
        ),
        (",Induction,2024-01-10,", "Line 2 (staff_email): Enter the staff email address"),
        ("allocated@test.example,,2024-01-10,", "Line 2 (course): Enter the course title"),
        (
            "allocated@test.example,Mediation,2024-01-10,",
            "Line 2 (course): There is no course called ‘Mediation’ — check the course catalogue",
        ),
        ("allocated@test.example,Induction,,", "Line 2 (completed_on): Enter the date completed"),
        (
            "allocated@test.example,Induction,31/02/2024,",
            "Line 2 (completed_on): The date completed must be a real date written as "
            "YYYY-MM-DD or DD/MM/YYYY, like 2024-03-14 or 14/03/2024",
        ),
        (
            "allocated@test.example,Induction,March 2024,",
            "Line 2 (completed_on): The date completed must be a real date written as "
            "YYYY-MM-DD or DD/MM/YYYY, like 2024-03-14 or 14/03/2024",
        ),
        (
            "allocated@test.example,Induction,2026-12-02,",
            "Line 2 (completed_on): The date completed (02/12/2026) is in the future: only "
            "training already completed can be imported",
        ),
        (
            "allocated@test.example,Induction,2024-01-10,2023-01-10",
            "Line 2 (valid_until): Valid until must be the same as or after the date completed",
        ),
        (
            "allocated@test.example,Induction,2024-01-10,soon",
            "Line 2 (valid_until): Valid until must be a real date written as YYYY-MM-DD or "
            "DD/MM/YYYY, like 2024-03-14 or 14/03/2024",
        ),
        (
            "allocated@test.example,Induction,2024-01-10,,surplus",
            "Line 2: This line has 5 values but the header has 4 columns",
        ),
    ],
)
def test_each_kind_of_row_error_is_reported_with_its_line(world, courses, row, expected):  # type: ignore[no-untyped-def]
    assert messages_of(HEADER + row + "\n") == [expected]


def test_completed_today_is_not_in_the_future(world, courses):  # type: ignore[no-untyped-def]
    assert plan(HEADER + "allocated@test.example,Induction,2026-12-01,\n").errors == []


def test_a_row_repeated_in_the_file_is_an_error(world, courses):  # type: ignore[no-untyped-def]
    text = (
        HEADER
        + "allocated@test.example,Induction,2024-01-10,\n"
        + "colleague@test.example,Induction,2024-01-10,\n"
        + "Allocated@Test.example,induction,10/01/2024,\n"
    )
    assert messages_of(text) == [
        "Line 4: The same completion (person, course and date) is also on line 2: "
        "each completion must appear once"
    ]


def test_a_row_can_have_several_problems_and_every_row_is_checked(world, courses):  # type: ignore[no-untyped-def]
    text = HEADER + "nobody@test.example,Mediation,tomorrow,\n" + ",Induction,2024-01-10,\n"
    found = messages_of(text)
    assert [m.split(":")[0] for m in found] == [
        "Line 2 (staff_email)",
        "Line 2 (course)",
        "Line 2 (completed_on)",
        "Line 3 (staff_email)",
    ]


def test_an_unclosed_quote_is_a_line_numbered_error(world, courses):  # type: ignore[no-untyped-def]
    text = HEADER + "allocated@test.example,Induction,2024-01-10,\n" + '"x' + "y" * 200_000
    found = messages_of(text)
    assert len(found) == 1 and found[0].startswith("Line 3: This line could not be read as CSV")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            "staff_email,completed_on\n",
            "Line 1: The header row must include the column course",
        ),
        (
            "name,date\n",
            "Line 1: The header row must include the columns staff_email, course, completed_on",
        ),
        (
            "staff_email,course,completed_on,Course\n",
            "Line 1 (course): The column course appears more than once",
        ),
    ],
)
def test_missing_or_repeated_columns_are_reported_on_line_1(world, courses, header, expected):  # type: ignore[no-untyped-def]
    assert messages_of(header + "allocated@test.example,Induction,2024-01-10,x\n") == [expected]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "training.csv", "The selected file is empty"),
        (b"  \n\n", "training.csv", "The selected file is empty"),
        (HEADER.encode(), "training.csv", "The selected file has no training records below"),
        (
            (HEADER + "allocated@test.example,Induction,2024-01-10,\n").encode("utf-16"),
            "training.csv",
            "The file must be saved as UTF-8 CSV",
        ),
        (
            (HEADER + "allocated@test.example,Éducation,2024-01-10,\n").encode("latin-1"),
            "training.csv",
            "The file must be saved as UTF-8 CSV",
        ),
        (GOOD.encode(), "training.xlsx", "The selected file must be a CSV"),
    ],
)
def test_unreadable_files_are_refused_on_the_upload_page(wf_client, content, name, message):  # type: ignore[no-untyped-def]
    response = upload(wf_client, content, name)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "govuk-error-summary" in page
    assert "token" not in response.context or not response.context.get("token")
    assert Completion.objects.count() == 0


def test_file_over_the_size_limit_is_refused(wf_client, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(imports, "MAX_FILE_BYTES", 100)
    response = upload(wf_client, GOOD)
    assert "The selected file must be smaller than" in response.content.decode()


def test_error_report_downloads_every_problem_with_formulas_neutralised(wf_client, world):  # type: ignore[no-untyped-def]
    text = HEADER + "=HYPERLINK(1),Induction,2024-01-10,\n" + "allocated@test.example,Nope,x,\n"
    response = upload(wf_client, text)
    report = wf_client.post(
        reverse("workforce:training_import_errors"), {"token": response.context["token"]}
    )
    assert report.status_code == 200
    assert report["Content-Disposition"].startswith('attachment; filename="training-import-')
    rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert rows[0] == ["Line", "Column", "Problem"]
    assert [row[0] for row in rows[1:]] == ["2", "3", "3"]
    assert rows[1][2].startswith("There is no staff account with the email address =HYPERLINK")
    assert not any(cell.startswith("=") for row in rows for cell in row)


# --- All or nothing, twice, concurrency ------------------------------------------------------


def test_one_bad_line_imports_nothing_even_when_applied_directly(world, courses):  # type: ignore[no-untyped-def]
    text = GOOD + "allocated@test.example,Foundaton restorative practice,2024-03-14,\n"
    with pytest.raises(imports.ImportChanged) as raised:
        imports.import_apply(actor=world.workforce, text=text, today=TODAY)
    assert [e.line for e in raised.value.plan.errors] == [5]
    assert Completion.objects.count() == 0


def test_rows_that_became_invalid_after_the_preview_import_nothing(wf_client, world, courses):  # type: ignore[no-untyped-def]
    response = upload(wf_client, GOOD)
    Course.objects.filter(title="Induction").update(title="Corporate induction")
    result = apply(wf_client, response)
    assert result.status_code == 200
    page = result.content.decode()
    assert "staff accounts or courses changed" in page
    assert "Line" in page and "There is no course called ‘Induction’" in page
    assert Completion.objects.count() == 0


def test_a_failure_while_writing_rolls_everything_back(world, courses, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(imports, "WRITE_BATCH", 1)
    calls = {"n": 0}
    real = Completion.objects.bulk_create

    def failing(objs, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real(objs, *args, **kwargs)

    monkeypatch.setattr(Completion.objects, "bulk_create", failing)
    with pytest.raises(RuntimeError):
        imports.import_apply(actor=world.workforce, text=GOOD, today=TODAY)
    assert Completion.objects.count() == 0


def test_already_recorded_completions_are_left_as_they_are(wf_client, world, courses):  # type: ignore[no-untyped-def]
    foundation, _ = courses
    existing = CompletionFactory(
        person=world.allocated,
        course=foundation,
        completed_on=datetime.date(2024, 3, 14),
        valid_until=datetime.date(2027, 1, 1),
        source=Completion.Source.SESSION,
    )
    response = upload(wf_client, GOOD)
    page = response.content.decode()
    assert "Already recorded" in page
    assert response.context["plan"].already_recorded == 1
    assert "Import 2 training records" in page
    apply(wf_client, response)
    banner = wf_client.get(reverse("workforce:training_import")).content.decode()
    assert "2 training records imported" in banner and "1 already recorded" in banner
    existing.refresh_from_db()
    assert existing.valid_until == datetime.date(2027, 1, 1)
    assert existing.source == Completion.Source.SESSION
    assert Completion.objects.count() == 3


def test_applying_twice_records_each_completion_once(wf_client, world, courses):  # type: ignore[no-untyped-def]
    response = upload(wf_client, GOOD)
    apply(wf_client, response)
    again = apply(wf_client, response)  # a double click, or the back button and again
    assert again.status_code == 302
    assert Completion.objects.count() == 3
    banner = wf_client.get(again.url).content.decode()
    assert "Nothing new was imported" in banner
    # The same file uploaded again later: nothing to import, and no Import button.
    page = upload(wf_client, GOOD).content.decode()
    assert "there is nothing to import" in page
    assert reverse("workforce:training_import_apply") not in page


def test_a_token_from_someone_else_or_tampered_with_is_refused(client, world, courses):  # type: ignore[no-untyped-def]
    client.force_login(world.workforce)
    token = upload(client, GOOD).context["token"]
    colleague = StaffFactory(role=Staff.Role.WORKFORCE, team=None, organisation=world.org)
    client.force_login(colleague)
    url = reverse("workforce:training_import_apply")
    response = client.post(url, {"token": token})
    assert response.status_code == 400
    assert "This check has expired. Upload the file again" in response.content.decode()
    client.force_login(world.workforce)
    assert client.post(url, {"token": token[:-2] + "xx"}).status_code == 400
    assert client.post(url, {}).status_code == 400
    assert Completion.objects.count() == 0


# --- Who may import --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who",
    [
        "allocated",
        "manager",
        "head",
        "director",
        "quality",
        "admin",
        "partner",
        "support_same_team",
    ],
)
def test_only_the_workforce_team_reaches_any_import_page(client, world, courses, who):  # type: ignore[no-untyped-def]
    client.force_login(world.workforce)
    token = upload(client, GOOD).context["token"]
    client.force_login(getattr(world, who))
    assert client.get(reverse("workforce:training_import")).status_code == 404
    assert upload(client, GOOD).status_code == 404
    assert (
        client.post(reverse("workforce:training_import_apply"), {"token": token}).status_code == 404
    )
    assert (
        client.post(reverse("workforce:training_import_errors"), {"token": token}).status_code
        == 404
    )
    assert Completion.objects.count() == 0


def test_the_workforce_team_may_import(wf_client):  # type: ignore[no-untyped-def]
    assert wf_client.get(reverse("workforce:training_import")).status_code == 200


def test_the_service_refuses_anyone_else(world, courses):  # type: ignore[no-untyped-def]
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        imports.import_apply(actor=world.admin, text=GOOD, today=TODAY)
    with pytest.raises(PermissionDenied):
        imports.import_check(actor=world.manager, text=GOOD, today=TODAY)


def test_imports_are_logged_with_counts_and_no_personal_data(wf_client, world, courses, caplog):  # type: ignore[no-untyped-def]
    with caplog.at_level(logging.INFO, logger="restorative.security"):
        apply(wf_client, upload(wf_client, GOOD))
    events = [
        json.loads(r.getMessage()) for r in caplog.records if r.name == "restorative.security"
    ]
    checked, imported = (e for e in events if e["event"].startswith("training_import"))
    assert checked["event"] == "training_import_checked" and checked["rows"] == "3"
    assert imported["event"] == "training_imported" and imported["created"] == "3"
    assert checked["file_sha256"] == imported["file_sha256"] == imports.file_fingerprint(GOOD)
    assert imported["user_id"] == str(world.workforce.pk)
    assert "allocated@test.example" not in caplog.text


# --- The management command ------------------------------------------------------------------


def test_command_imports_a_file(world, courses, tmp_path, capsys):  # type: ignore[no-untyped-def]
    path = tmp_path / "training.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("import_training", str(path), "--as", "WORKFORCE@test.example")
    assert "Imported 3 training records from 3 rows" in capsys.readouterr().out
    assert Completion.objects.filter(source=Completion.Source.IMPORTED).count() == 3
    call_command("import_training", str(path), "--as", "workforce@test.example")
    assert "Imported 0 training records" in capsys.readouterr().out
    assert Completion.objects.count() == 3


def test_command_dry_run_changes_nothing(world, courses, tmp_path, capsys):  # type: ignore[no-untyped-def]
    path = tmp_path / "training.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("import_training", str(path), "--as", "workforce@test.example", "--dry-run")
    assert "Checked 3 rows: 3 new, 0 already recorded" in capsys.readouterr().out
    assert Completion.objects.count() == 0


def test_command_reports_errors_with_line_numbers_and_fails(world, courses, tmp_path, capsys):  # type: ignore[no-untyped-def]
    path = tmp_path / "training.csv"
    path.write_text(GOOD + "allocated@test.example,Foundaton,2024-03-14,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 problem. Nothing was imported"):
        call_command("import_training", str(path), "--as", "workforce@test.example")
    assert "Line 5 (course): There is no course called ‘Foundaton’" in capsys.readouterr().err
    assert Completion.objects.count() == 0


@pytest.mark.parametrize("who", ["admin@test.example", "manager@test.example", "nobody@x.example"])
def test_command_refuses_anyone_but_the_workforce_team(world, courses, tmp_path, who):  # type: ignore[no-untyped-def]
    path = tmp_path / "training.csv"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(CommandError, match="workforce development team"):
        call_command("import_training", str(path), "--as", who)


def test_command_refuses_a_file_that_is_not_utf8(world, courses, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "training.csv"
    path.write_bytes("staff_email,course,completed_on\nx,Éducation,2024-01-01\n".encode("cp1252"))
    with pytest.raises(CommandError, match="The file must be saved as UTF-8 CSV"):
        call_command("import_training", str(path), "--as", "workforce@test.example")


# --- A large file ------------------------------------------------------------------------------


def test_ten_thousand_rows_check_in_constant_queries_and_import_in_seconds(world, courses):  # type: ignore[no-untyped-def]
    """10,000 completions (2,000 people x 5 courses). The budget is measured in the report;
    the bound here is loose so a busy machine does not fail it."""
    extra = [CourseFactory(title=f"Refresher {n}") for n in range(3)]
    titles = [FOUNDATION, "Induction", *(c.title for c in extra)]
    Staff.objects.bulk_create(
        [
            Staff(
                email=f"p{n}@bulk.example",
                first_name="P",
                last_name=str(n),
                role=Staff.Role.PRACTITIONER,
                team=world.team_a1,
                organisation=world.org,
            )
            for n in range(2_000)
        ]
    )
    lines = [HEADER]
    for n in range(2_000):
        for index, title in enumerate(titles):
            lines.append(f"p{n}@bulk.example,{title},2024-0{index + 1}-{n % 28 + 1:02d},\n")
    text = "".join(lines)

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        checked = plan(text)
    checked_at = time.perf_counter()
    assert checked.errors == [] and checked.new_count == 10_000
    assert len(queries) == 3  # staff, courses, completions already recorded
    result = imports.import_apply(actor=world.workforce, text=text, today=TODAY)
    applied_at = time.perf_counter()
    assert result.created == 10_000
    assert Completion.objects.filter(source=Completion.Source.IMPORTED).count() == 10_000
    elapsed = applied_at - started
    print(  # shown with -s: the figures in decision 0009 come from here
        f"\n10,000 rows on {connection.vendor}: check {checked_at - started:.2f} s, "
        f"check again and write {applied_at - checked_at:.2f} s, total {elapsed:.2f} s"
    )
    # No time limit here: a timed test fails on a busy machine (issue 9: a suite that never
    # flakes). The three queries above are what keeps the check's cost flat; the time is a
    # benchmark figure, quoted from this print in decision 0009.


# --- Two imports at once (PostgreSQL: two real connections) ------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs PostgreSQL (DATABASE_URL=postgres://...): SQLite serialises every writer",
)
def test_two_imports_of_the_same_file_at_once_record_each_completion_once(
    transactional_db, world, courses, monkeypatch
):  # type: ignore[no-untyped-def]
    """The second import waits for the first's lock on the settings row, then sees its rows."""
    real_plan = imports.plan_import
    holding, release, claim = threading.Event(), threading.Event(), threading.Lock()
    holder: dict[str, str] = {}
    pids: dict[str, int] = {}
    results: dict[str, imports.ImportResult] = {}
    errors: dict[str, BaseException] = {}

    def held_plan(text: str, *, today: datetime.date) -> imports.ImportPlan:
        with claim:
            first = not holder
            if first:
                holder["name"] = threading.current_thread().name
        if first:  # inside the transaction, holding the lock: wait until the other queues
            holding.set()
            release.wait(20)
        return real_plan(text, today=today)

    monkeypatch.setattr(imports, "plan_import", held_plan)
    barrier = threading.Barrier(2, timeout=20)

    def worker(name: str) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pids[name] = cursor.fetchone()[0]
            barrier.wait()
            results[name] = imports.import_apply(actor=world.workforce, text=GOOD, today=TODAY)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors[name] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,), name=n) for n in ("one", "two")]
    for thread in threads:
        thread.start()
    blocked_by: list[int] = []
    try:
        assert holding.wait(20), errors
        waiter = "two" if holder["name"] == "one" else "one"
        deadline = time.monotonic() + 10
        with connection.cursor() as cursor:
            while time.monotonic() < deadline and not blocked_by:
                cursor.execute("SELECT pg_blocking_pids(%s)", [pids[waiter]])
                blocked_by = list(cursor.fetchone()[0] or [])
                time.sleep(0.02)
    finally:
        release.set()
        for thread in threads:
            thread.join(20)
    assert not errors, errors
    assert blocked_by == [pids[holder["name"]]], "the second import never waited for the first"
    assert sorted(r.created for r in results.values()) == [0, 3]
    assert sorted(r.already_recorded for r in results.values()) == [0, 3]
    assert Completion.objects.count() == 3


def test_a_database_failure_while_importing_says_nothing_was_imported(
    wf_client, world, courses, monkeypatch
):  # type: ignore[no-untyped-def]
    from django.db import OperationalError

    response = upload(wf_client, GOOD)

    def locked(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("database is locked")

    monkeypatch.setattr(Completion.objects, "bulk_create", locked)
    result = apply(wf_client, response)
    assert result.status_code == 503
    assert "The import could not be completed. Nothing was imported" in result.content.decode()
    assert Completion.objects.count() == 0


@pytest.mark.parametrize("control", ["\x00", "\x08"])
def test_control_characters_are_refused_with_their_line(wf_client, control):  # type: ignore[no-untyped-def]
    """A NUL byte answered 500 on PostgreSQL; now the page names the line, nothing is written."""
    text = HEADER + f"allocated{control}@test.example,Induction,2024-01-10,\n"
    response = upload(wf_client, text)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Line 2: the file contains a control character (such as a NUL byte)" in page
    assert Completion.objects.count() == 0
