"""The demo data that `make run` loads: every role can sign in and sees what its role allows."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from restorative.core.models import AccessEvent
from restorative.people.demo_data import (
    CASE_REFERENCE_PREFIX,
    DEMO_LOGINS,
    DEMO_PASSWORD,
    ORGANISATION_NAME,
    SEARCHABLE_FAMILY_NAME,
)
from restorative.people.mfa.demo import demo_code, demo_second_factor_emails
from restorative.people.models import (
    Family,
    FamilyMember,
    Organisation,
    PartnerAgency,
    Service,
    Staff,
    Team,
)
from restorative.people.tests.factories import OrganisationFactory, StaffFactory

pytestmark = pytest.mark.django_db


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def small(db):  # type: ignore[no-untyped-def]
    seed("--scale", "small")


def demo_account(key: str) -> Staff:
    return Staff.objects.get(email=f"{key}@demo.restorative.test")


def test_small_scale_has_the_shape_of_an_authority(small):  # type: ignore[no-untyped-def]
    assert list(Organisation.objects.values_list("name", flat=True)) == [ORGANISATION_NAME]
    # Three family services and the safeguarding and reviewing service (independent chairs).
    assert Service.objects.count() == 4
    assert 10 <= Team.objects.count() <= 14
    assert Team.objects.exclude(code="").count() == Team.objects.count()
    assert 130 <= Staff.objects.count() <= 170
    assert Family.objects.count() == 600
    assert 1200 <= FamilyMember.objects.count() <= 2600
    assert set(PartnerAgency.objects.values_list("kind", flat=True)) == set(
        PartnerAgency.Kind.values
    )
    champions = Staff.objects.filter(is_restorative_champion=True).count()
    assert 5 <= champions <= 30
    assert Staff.objects.filter(start_date__isnull=True).count() == 0
    assert Staff.objects.filter(job_title="").count() == 0


def test_every_role_has_accounts_placed_where_the_role_needs(small):  # type: ignore[no-untyped-def]
    for role in Staff.Role.values:
        assert Staff.objects.filter(role=role).exists(), role
    for team in Team.objects.all():
        assert team.members.filter(role=Staff.Role.TEAM_MANAGER).count() in {1, 2}
    # Every team that holds families has practitioners; the reviewing unit holds none.
    for team in Team.objects.exclude(code="SRU"):
        assert team.members.filter(role=Staff.Role.PRACTITIONER).exists()
    assert not Family.objects.filter(team__code="SRU").exists()
    for service in Service.objects.all():
        assert service.heads.filter(role=Staff.Role.HEAD_OF_SERVICE).count() == 1
    assert not Staff.objects.filter(role=Staff.Role.PARTNER, partner_agency=None).exists()


def test_families_look_like_case_records(small):  # type: ignore[no-untyped-def]
    today = datetime.date.today()
    references = list(Family.objects.values_list("case_reference", flat=True))
    assert all(
        ref.startswith(CASE_REFERENCE_PREFIX) and len(ref) == len(CASE_REFERENCE_PREFIX) + 7
        for ref in references
    )
    open_count = Family.objects.filter(status=Family.Status.OPEN).count()
    assert 420 <= open_count < 600
    closed = Family.objects.filter(status=Family.Status.CLOSED)
    assert not closed.filter(closed_on__isnull=True).exists()
    assert 0 < Family.objects.filter(allocated_worker=None).count() < 60
    # Allocated workers belong to the family's team.
    for family in Family.objects.exclude(allocated_worker=None).select_related("allocated_worker"):
        assert family.allocated_worker.team_id == family.team_id
    children = FamilyMember.objects.filter(kind=FamilyMember.Kind.CHILD)
    for dob in children.values_list("date_of_birth", flat=True):
        assert today - datetime.timedelta(days=18 * 365 + 4) < dob <= today
    assert FamilyMember.objects.exclude(preferred_name="").exists()
    relationships = set(FamilyMember.objects.values_list("relationship", flat=True))
    assert {"mother", "father", "child", "foster_carer", "kinship_carer"} <= relationships
    assert len(set(Family.objects.values_list("name", flat=True))) > 150


def test_every_demo_login_signs_in_through_the_sign_in_page(small, client):  # type: ignore[no-untyped-def]
    for login in DEMO_LOGINS:
        client.logout()
        response = client.post(
            reverse("core:login"), {"username": login.email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, login.email
        if login.email in demo_second_factor_emails():
            # The demo key's code (each account takes it once; docs/decisions/0022).
            response = client.post(reverse("mfa:verify"), {"code": demo_code()})
            assert response.status_code == 302, login.email
        home = client.get(reverse("core:home"))
        assert home.status_code == 200
        assert home.wsgi_request.user.email == login.email
        assert home.wsgi_request.user.role == login.role


def test_a_wrong_password_does_not_sign_in(small, client):  # type: ignore[no-untyped-def]
    response = client.post(
        reverse("core:login"),
        {"username": "practitioner@demo.restorative.test", "password": "not-the-password"},
    )
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.content.decode()


def test_demo_accounts_are_related_as_the_demo_needs(small):  # type: ignore[no-untyped-def]
    practitioner = demo_account("practitioner")
    manager = demo_account("manager")
    head = demo_account("head")
    admin = demo_account("admin")
    assert manager.team_id == practitioner.team_id
    assert demo_account("asye").team_id == practitioner.team_id
    assert demo_account("support").team_id == practitioner.team_id
    assert head.service_id == practitioner.team.service_id
    assert admin.is_staff and admin.is_superuser and admin.role == Staff.Role.SYSTEM_ADMIN
    superusers = Staff.objects.filter(is_superuser=True)
    assert set(superusers.values_list("role", flat=True)) == {Staff.Role.SYSTEM_ADMIN}
    assert practitioner.allocated_families.count() >= 10
    assert practitioner.allocated_families.filter(name=SEARCHABLE_FAMILY_NAME).count() == 1
    assert Family.objects.filter(name=SEARCHABLE_FAMILY_NAME).count() == 1


def test_practitioner_finds_their_families_in_the_list(small, client):  # type: ignore[no-untyped-def]
    client.force_login(demo_account("practitioner"))
    response = client.get(reverse("people:family_list"), {"q": SEARCHABLE_FAMILY_NAME})
    assert response.status_code == 200
    assert SEARCHABLE_FAMILY_NAME in response.content.decode()
    first_page = client.get(reverse("people:family_list"))
    assert first_page.status_code == 200
    assert CASE_REFERENCE_PREFIX in first_page.content.decode()


def test_a_practitioner_does_not_see_another_service_s_families(small, client):  # type: ignore[no-untyped-def]
    practitioner = demo_account("practitioner")
    elsewhere = Family.objects.exclude(team__service=practitioner.team.service).first()
    client.force_login(practitioner)
    response = client.get(reverse("people:family_detail", args=[elsewhere.uuid]))
    assert response.status_code == 404


def test_if_empty_is_a_no_op_the_second_time(small):  # type: ignore[no-untyped-def]
    staff_before = Staff.objects.count()
    assert "Demo data already present" in seed("--scale", "small", "--if-empty")
    assert Staff.objects.count() == staff_before
    assert Organisation.objects.count() == 1


def test_if_empty_also_leaves_a_real_organisation_alone(db):  # type: ignore[no-untyped-def]
    OrganisationFactory(name="Real Council")
    assert "Demo data already present" in seed("--if-empty")
    assert not Staff.objects.exists()


def test_seeding_a_non_empty_database_is_refused_without_reset(small):  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="already holds an organisation"):
        seed()
    assert Organisation.objects.count() == 1


def test_reset_replaces_demo_data(small):  # type: ignore[no-untyped-def]
    old_okafor = Family.objects.get(name=SEARCHABLE_FAMILY_NAME).uuid
    out = seed("--reset")
    assert "Existing demo data deleted" in out
    assert Family.objects.count() == 600
    assert Family.objects.get(name=SEARCHABLE_FAMILY_NAME).uuid != old_okafor


def test_reset_is_refused_once_the_access_trail_has_entries(small, client):  # type: ignore[no-untyped-def]
    client.force_login(demo_account("practitioner"))
    okafor = Family.objects.get(name=SEARCHABLE_FAMILY_NAME)
    assert client.get(reverse("people:family_detail", args=[okafor.uuid])).status_code == 200
    assert AccessEvent.objects.exists()
    with pytest.raises(CommandError, match="append-only"):
        seed("--reset")
    assert Family.objects.filter(pk=okafor.pk).exists()


def test_reset_is_refused_when_real_accounts_exist(small):  # type: ignore[no-untyped-def]
    StaffFactory(email="real.person@council.example", team=Team.objects.first())
    with pytest.raises(CommandError, match="not demo data"):
        seed("--reset")
    assert Family.objects.count() == 600


def test_demo_logins_lists_every_account_and_the_address(small):  # type: ignore[no-untyped-def]
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    for login in DEMO_LOGINS:
        assert login.email in text
    assert DEMO_PASSWORD in text
    assert "http://127.0.0.1:8000/" in text


def test_demo_logins_says_when_the_accounts_are_missing(db):  # type: ignore[no-untyped-def]
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "No demo accounts" in out.getvalue()
    assert "seed_demo" in out.getvalue()
