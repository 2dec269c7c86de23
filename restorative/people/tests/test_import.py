"""Import of families and allocations from the case management system's CSV."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from restorative.core.models import AccessEvent
from restorative.people import imports
from restorative.people.models import Family, ImportBatch, Staff
from restorative.people.tests.factories import FamilyFactory, StaffFactory

HEADER = "case_reference,family_name,team_code,worker_email,status,opened_on\n"


def upload(client, text: str | bytes, name: str = "families.csv"):  # type: ignore[no-untyped-def]
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(
        reverse("people:import_start"), {"file": SimpleUploadedFile(name, data, "text/csv")}
    )


def batch_of(response) -> ImportBatch:  # type: ignore[no-untyped-def]
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportBatch.objects.get(uuid=response.url.rstrip("/").split("/")[-1])


@pytest.fixture
def admin_client(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world.admin)
    return client


def test_good_file_previews_then_imports_new_and_updated_families(admin_client, world):
    text = (
        HEADER
        + f"NEW-1,Adeyemi,NS1,{world.allocated.email},open,2025-03-27\n"
        + "NEW-2,Brown,SS1,,closed,27/03/2025\n"
        + f"{world.family.case_reference},Okafor,SS1,{world.other_team.email},open,\n"
    )
    response = upload(admin_client, text)
    batch = batch_of(response)
    assert (batch.new_count, batch.updated_count, batch.unchanged_count) == (2, 1, 0)
    assert Family.objects.count() == 1  # nothing written by the preview

    preview = admin_client.get(response.url)
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Adeyemi" in page and "Import 3 families" in page

    applied = admin_client.post(reverse("people:import_apply", args=[batch.uuid]))
    assert applied.status_code == 302
    status_page = admin_client.get(applied.url).content.decode()
    assert "Families imported" in status_page

    new = Family.objects.get(case_reference="NEW-1")
    assert new.allocated_worker == world.allocated
    assert new.opened_on == datetime.date(2025, 3, 27)
    assert Family.objects.get(case_reference="NEW-2").opened_on == datetime.date(2025, 3, 27)
    assert Family.objects.get(case_reference="NEW-2").status == Family.Status.CLOSED
    world.family.refresh_from_db()
    assert world.family.team == world.team_a2
    assert world.family.allocated_worker == world.other_team
    assert world.family.opened_on is not None  # an empty cell leaves the date alone
    # One access event per family created or changed, naming the import.
    events = AccessEvent.objects.filter(channel="import")
    assert events.count() == 3
    assert {e.action for e in events.filter(family_uuid=world.family.uuid)} == {"change"}
    assert all(str(batch.uuid) in e.reason and e.actor == world.admin for e in events)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED and batch.rows_processed == 3


def test_reimport_of_same_allocation_is_unchanged(world):
    text = HEADER + (
        f"{world.family.case_reference},{world.family.name},NS1,{world.allocated.email},open,\n"
    )
    batch = imports.import_batch_create(actor=world.admin, file_name="a.csv", data=text.encode())
    assert (batch.new_count, batch.updated_count, batch.unchanged_count) == (0, 0, 1)
    batch = imports.import_batch_apply(actor=world.admin, batch=batch, background=False)
    assert batch.status == ImportBatch.Status.APPLIED
    assert not AccessEvent.objects.filter(channel="import").exists()


def test_headers_match_in_any_case_and_order_with_spaces_and_a_bom(world):
    text = "\ufeff Team_Code , FAMILY NAME,Case_Reference\r\nNS1,Green,X-1\r\n"
    batch = imports.import_batch_create(actor=world.admin, file_name="a.csv", data=text.encode())
    assert batch.error_count == 0 and batch.new_count == 1


def test_bad_rows_import_nothing_and_each_line_is_reported(admin_client, world):
    inactive = StaffFactory(team=world.team_a1, is_active=False, email="gone@test.example")
    text = (
        HEADER
        + "OK-1,Fine,NS1,,,\n"  # line 2: good, but still not imported
        + ",No reference,NS1,,,\n"  # 3
        + "R-4,,NS1,,,\n"  # 4
        + "R-5,Team,NOPE,,,\n"  # 5
        + "R-6,Worker,NS1,nobody@test.example,,\n"  # 6
        + f"R-7,Inactive,NS1,{inactive.email},,\n"  # 7
        + f"R-8,Other team,NS1,{world.other_team.email},,\n"  # 8
        + f"R-9,Wrong role,NS1,{world.support_same_team.email},,\n"  # 9
        + "R-10,Date,NS1,,,31/02/2025\n"  # 10
        + "R-11,Status,NS1,,pending,\n"  # 11
        + "OK-1,Duplicate,NS1,,,\n"  # 12
        + "R-13,Date format,NS1,,,03-27-2025\n"  # 13
    )
    response = upload(admin_client, text)
    batch = batch_of(response)
    lines = {(e["line"], e["column"]) for e in batch.errors}
    assert lines == {
        (3, "case_reference"),
        (4, "family_name"),
        (5, "team_code"),
        (6, "worker_email"),
        (7, "worker_email"),
        (8, "worker_email"),
        (9, "worker_email"),
        (10, "opened_on"),
        (11, "status"),
        (12, "case_reference"),
        (13, "opened_on"),
    }
    page = admin_client.get(response.url).content.decode()
    for message in [
        "Enter the case reference",
        "Enter the family name",
        "There is no team with the code NOPE",
        "There is no staff account with the email address nobody@test.example",
        "The account for gone@test.example is not active",
        f"{world.other_team.email} is not in team NS1",
        "cannot be allocated families",
        "Date opened must be a real date",
        "Status must be open or closed",
        "Case reference OK-1 is also on line 2",
        "Nothing has been imported",
    ]:
        assert message in page, message
    assert "Import 12 families" not in page  # no apply button
    refused = admin_client.post(reverse("people:import_apply", args=[batch.uuid]))
    assert refused.status_code == 302
    assert Family.objects.count() == 1
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED

    report = admin_client.get(reverse("people:import_errors_csv", args=[batch.uuid]))
    assert report["Content-Disposition"].startswith("attachment")
    body = report.content.decode("utf-8-sig")
    assert body.splitlines()[0] == "Line,Column,Problem"
    assert "12,case_reference,Case reference OK-1 is also on line 2" in body


def test_displayed_errors_are_capped_with_a_count_of_the_rest(admin_client, world):
    text = HEADER + "".join(f"R-{n},,NS1,,,\n" for n in range(imports.DISPLAYED_ERRORS + 7))
    response = upload(admin_client, text)
    page = admin_client.get(response.url).content.decode()
    assert "And 7 more problems" in page
    assert batch_of(response).error_count == imports.DISPLAYED_ERRORS + 7


def test_multi_line_quoted_values_and_blank_lines_keep_file_line_numbers(world):
    text = HEADER + '"Q-1","Two\nlines",NS1,,,\n\nQ-2,,NS1,,,\n'
    batch = imports.import_batch_create(actor=world.admin, file_name="a.csv", data=text.encode())
    assert [(e["line"], e["column"]) for e in batch.errors] == [(5, "family_name")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"case_reference,family_name\nA,B\n", "must include the column team_code"),
        (b"Name;Team\n", "must include the columns case_reference, family_name"),
    ],
)
def test_missing_columns_are_reported_on_line_1(admin_client, world, content, message):
    batch = batch_of(upload(admin_client, content))
    assert batch.errors[0]["line"] == 1 and message in batch.errors[0]["message"]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (HEADER.replace("\n", "") + "\nR-1,Müller,NS1,,,\n", "latin.csv", "UTF-8 CSV"),
        (b"", "empty.csv", "The selected file is empty"),
        (b"  \n\n", "blank.csv", "The selected file is empty"),
        (HEADER.encode(), "header.csv", "no families below the header row"),
        (HEADER.encode(), "families.xlsx", "The selected file must be a CSV"),
        (HEADER.encode("utf-16"), "utf16.csv", "UTF-8 CSV"),
    ],
)
def test_unreadable_files_are_refused_on_the_upload_page(
    admin_client, world, content, name, message
):
    if isinstance(content, str):
        content = content.encode("latin-1")
    response = upload(admin_client, content, name)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "There is a problem" in page
    assert not ImportBatch.objects.exists()


def test_wrong_encoding_message_is_exact(world):
    with pytest.raises(imports.ImportFileError, match="^The file must be saved as UTF-8 CSV$"):
        imports.decode_csv_bytes("case_reference\nCafé\n".encode("cp1252"))


def test_file_over_the_size_limit_is_refused(admin_client, world, monkeypatch):
    monkeypatch.setattr(imports, "MAX_FILE_BYTES", 50)
    response = upload(admin_client, HEADER + "R-1,Long enough to pass fifty bytes,NS1,,,\n")
    assert "must be smaller than 50 MB" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_double_apply_imports_once(admin_client, world):
    batch = batch_of(upload(admin_client, HEADER + "D-1,Once,NS1,,,\n"))
    url = reverse("people:import_apply", args=[batch.uuid])
    assert admin_client.post(url).status_code == 302
    assert admin_client.post(url).status_code == 302
    with pytest.raises(imports.ImportNotAllowed):
        imports.import_batch_apply(actor=world.admin, batch=batch)
    assert Family.objects.filter(case_reference="D-1").count() == 1
    assert AccessEvent.objects.filter(channel="import").count() == 1


def test_rows_that_became_invalid_after_the_preview_import_nothing(world):
    text = HEADER + f"S-1,Stale,NS1,{world.same_team.email},,\nS-2,Fine,NS1,,,\n"
    batch = imports.import_batch_create(actor=world.admin, file_name="a.csv", data=text.encode())
    Staff.objects.filter(pk=world.same_team.pk).update(is_active=False)
    batch = imports.import_batch_apply(actor=world.admin, batch=batch, background=False)
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.errors[0]["line"] == 2
    assert not Family.objects.filter(case_reference__startswith="S-").exists()


def test_a_failure_while_writing_rolls_everything_back(world, monkeypatch):
    text = HEADER + "F-1,One,NS1,,,\nF-2,Two,NS1,,,\n"
    batch = imports.import_batch_create(actor=world.admin, file_name="a.csv", data=text.encode())
    real_insert = imports.BulkWriter.insert

    def failing_insert(self, model, *args, **kwargs):  # type: ignore[no-untyped-def]
        real_insert(self, model, *args, **kwargs)
        if model is AccessEvent:
            raise RuntimeError("disk full")

    monkeypatch.setattr(imports.BulkWriter, "insert", failing_insert)
    batch = imports.import_batch_apply(actor=world.admin, batch=batch, background=False)
    assert batch.status == ImportBatch.Status.FAILED
    assert "Nothing was imported" in batch.failure_reason
    assert not Family.objects.filter(case_reference__startswith="F-").exists()
    assert not AccessEvent.objects.filter(channel="import").exists()


def test_large_files_run_in_the_background_with_progress(
    admin_client, world, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(imports, "SYNC_ROW_LIMIT", 2)
    started: list[int] = []
    monkeypatch.setattr(imports, "_start_background", started.append)
    batch = batch_of(upload(admin_client, HEADER + "B-1,One,NS1,,,\nB-2,Two,NS1,,,\n"))
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("people:import_apply", args=[batch.uuid]))
    assert started == [batch.pk]
    waiting = admin_client.get(reverse("people:import_status", args=[batch.uuid]))
    waiting_html = waiting.content.decode()
    assert "0 of 2 rows" in waiting_html
    assert "Check progress now" in waiting_html
    assert "import_progress.mjs" in waiting_html  # the optional in-place update
    assert "Refresh" not in waiting  # never refreshes by itself (WCAG 2.2.1)
    imports.import_batch_run(batch_id=batch.pk)  # what the thread does
    done = admin_client.get(reverse("people:import_status", args=[batch.uuid]))
    assert "import_progress.mjs" not in done.content.decode()
    assert "Families imported" in done.content.decode()
    assert Family.objects.filter(case_reference__startswith="B-").count() == 2


def test_an_import_whose_process_died_is_shown_as_not_imported(admin_client, world):
    batch = batch_of(upload(admin_client, HEADER + "Z-1,One,NS1,,,\n"))
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.APPLYING,
        started_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
    )
    page = admin_client.get(reverse("people:import_status", args=[batch.uuid])).content.decode()
    assert "stopped before it finished" in page
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.FAILED


@pytest.mark.parametrize(
    "who",
    [
        "allocated",
        "manager",
        "head",
        "director",
        "quality",
        "workforce",
        "partner",
        "support_same_team",
    ],
)
def test_only_system_administrators_reach_any_import_page(client, world, who):
    batch = imports.import_batch_create(
        actor=world.admin, file_name="a.csv", data=(HEADER + "N-1,One,NS1,,,\n").encode()
    )
    client.force_login(getattr(world, who))
    urls = [
        ("get", reverse("people:import_start")),
        ("post", reverse("people:import_start")),
        ("get", reverse("people:import_preview", args=[batch.uuid])),
        ("post", reverse("people:import_apply", args=[batch.uuid])),
        ("get", reverse("people:import_apply", args=[batch.uuid])),
        ("get", reverse("people:import_status", args=[batch.uuid])),
        ("get", reverse("people:import_errors_csv", args=[batch.uuid])),
    ]
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 404, url
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.PREVIEWED


def test_another_administrators_batch_is_not_found(client, world):
    batch = imports.import_batch_create(
        actor=world.admin, file_name="a.csv", data=(HEADER + "N-1,One,NS1,,,\n").encode()
    )
    other_admin = StaffFactory(role=Staff.Role.SYSTEM_ADMIN, team=None, organisation=world.org)
    client.force_login(other_admin)
    assert client.get(reverse("people:import_preview", args=[batch.uuid])).status_code == 404
    assert client.post(reverse("people:import_apply", args=[batch.uuid])).status_code == 404
    # The upload page lists it (who, when, counts) without a link to its rows.
    page = client.get(reverse("people:import_start")).content.decode()
    assert "a.csv" in page and str(batch.uuid) not in page


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    response = client.get(reverse("people:import_start"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:login"))


def test_upload_page_documents_the_columns(admin_client):
    page = admin_client.get(reverse("people:import_start")).content.decode()
    for column in imports.KNOWN_COLUMNS:
        assert column in page
    assert 'type="file"' in page and 'enctype="multipart/form-data"' in page


def test_error_report_neutralises_spreadsheet_formulas(admin_client, world):
    batch = batch_of(upload(admin_client, HEADER + ",Name,NS1,,,\n"))
    ImportBatch.objects.filter(pk=batch.pk).update(
        errors=[{"line": 2, "column": "=cmd", "message": "=HYPERLINK(1)"}]
    )
    body = admin_client.get(reverse("people:import_errors_csv", args=[batch.uuid])).content
    assert b"'=cmd,'=HYPERLINK(1)" in body


# --- The management command ---------------------------------------------------------


def test_command_imports_a_file(world, tmp_path, capsys):
    path = tmp_path / "families.csv"
    path.write_text(HEADER + f"C-1,Command,NS1,{world.manager.email},open,2025-01-02\n")
    call_command("import_families", str(path), "--as", world.admin.email)
    assert "1 new" in capsys.readouterr().out
    assert Family.objects.get(case_reference="C-1").allocated_worker == world.manager


def test_command_dry_run_changes_nothing(world, tmp_path, capsys):
    path = tmp_path / "families.csv"
    path.write_text(HEADER + "C-1,Command,NS1,,,\n")
    call_command("import_families", str(path), "--as", world.admin.email, "--dry-run")
    assert "1 new" in capsys.readouterr().out
    assert not Family.objects.filter(case_reference="C-1").exists()
    assert not ImportBatch.objects.exists()


def test_command_reports_errors_with_line_numbers_and_fails(world, tmp_path, capsys):
    path = tmp_path / "families.csv"
    path.write_text(HEADER + "C-1,Fine,NS1,,,\nC-2,,XX,,,\n")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_families", str(path), "--as", world.admin.email)
    err = capsys.readouterr().err
    assert "Line 3 (family_name): Enter the family name" in err
    assert "Line 3 (team_code): There is no team with the code XX" in err
    assert not Family.objects.filter(case_reference__startswith="C-").exists()


def test_command_refuses_someone_who_is_not_an_administrator(world, tmp_path):
    path = tmp_path / "families.csv"
    path.write_text(HEADER + "C-1,Fine,NS1,,,\n")
    with pytest.raises(CommandError, match="system administrator"):
        call_command("import_families", str(path), "--as", world.manager.email)


def test_command_refuses_a_file_that_is_not_utf8(world, tmp_path):
    path = tmp_path / "families.csv"
    path.write_bytes((HEADER + "C-1,Café,NS1,,,\n").encode("cp1252"))
    with pytest.raises(CommandError, match="UTF-8 CSV"):
        call_command("import_families", str(path), "--as", world.admin.email)


def test_imported_families_read_back_like_any_other(world):
    text = HEADER + f"RB-1,Readback,NS1,{world.allocated.email},closed,2024-12-31\n"
    batch = imports.import_batch_create(actor=world.admin, file_name="a.csv", data=text.encode())
    imports.import_batch_apply(actor=world.admin, batch=batch, background=False)
    family = Family.objects.get(case_reference="RB-1")
    manual = FamilyFactory(team=world.team_a1)
    assert family.uuid and family.uuid != manual.uuid
    assert family.created_at and family.updated_at
    assert family.opened_on == datetime.date(2024, 12, 31)
    assert AccessEvent.objects.get(family_uuid=family.uuid).action == "create"


@pytest.mark.parametrize("control", ["\x00", "\x1b", "\x7f"])
def test_control_characters_are_refused_with_their_line(admin_client, world, control):
    """A NUL byte answered 500 on PostgreSQL (it cannot store one); now the upload page says
    which line holds it, and nothing is stored."""
    text = HEADER + "R-1,Adeyemi,NS1,,,\n" + f"R-2,Bro{control}wn,NS1,,,\n" + "R-3,Khan,NS1,,,\n"
    response = upload(admin_client, text)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Line 3: the file contains a control character (such as a NUL byte)" in page
    assert not ImportBatch.objects.exists()
    assert not Family.objects.filter(case_reference__startswith="R-").exists()


def test_control_characters_on_several_lines_are_all_named(world):
    text = HEADER + '"R-1","Two\nlines\x00",NS1,,,\nR-2,Ok,NS1,,,\nR-3,\x00,NS1,,,\n'
    with pytest.raises(imports.ImportFileError, match=r"^Lines 3, 5: the file contains"):
        imports.decode_csv_bytes(text.encode())


def test_tabs_and_line_breaks_in_quoted_values_are_not_control_characters(world):
    text = HEADER + '"R-1","Adeyemi\tFamily",NS1,,,\r\n"R-2","Brown",NS1,,,\r\n'
    assert imports.decode_csv_bytes(text.encode()) == text
