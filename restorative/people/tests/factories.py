"""factory_boy factories for people and families, shared by every app's tests."""

from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from restorative.people.models import (
    Family,
    FamilyMember,
    Organisation,
    PartnerAgency,
    Service,
    Staff,
    Team,
)

TEST_PASSWORD = "correct horse battery staple"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = "Test Borough Council"


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = Service

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Service {n}")


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    service = factory.SubFactory(ServiceFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    code = factory.Sequence(lambda n: f"T{n:04d}")


class PartnerAgencyFactory(DjangoModelFactory):
    class Meta:
        model = PartnerAgency

    name = factory.Sequence(lambda n: f"Partner agency {n}")
    kind = PartnerAgency.Kind.HEALTH


class StaffFactory(DjangoModelFactory):
    class Meta:
        model = Staff
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"staff{n}@test.example")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    role = Staff.Role.PRACTITIONER
    team = factory.SubFactory(TeamFactory)
    organisation = factory.SelfAttribute("team.service.organisation")
    start_date = datetime.date(2022, 9, 1)

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])


class FamilyFactory(DjangoModelFactory):
    class Meta:
        model = Family

    case_reference = factory.Sequence(lambda n: f"CR{n:07d}")
    name = factory.Faker("last_name", locale="en_GB")
    team = factory.SubFactory(TeamFactory)
    allocated_worker = None
    status = Family.Status.OPEN
    opened_on = datetime.date(2025, 4, 1)


class FamilyMemberFactory(DjangoModelFactory):
    class Meta:
        model = FamilyMember

    family = factory.SubFactory(FamilyFactory)
    kind = FamilyMember.Kind.CHILD
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.SelfAttribute("family.name")
    relationship = FamilyMember.Relationship.CHILD
    date_of_birth = datetime.date(2015, 6, 1)
