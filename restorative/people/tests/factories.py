"""factory_boy factories for people and families, shared by every app's tests.

Names come from fixed lists, never from Faker: tests compare names with the HTML of a page,
and a generated name such as "O'Brien" is escaped there ("O&#x27;Brien"), so a comparison
would fail now and then. Every name below is plain letters, so it reads the same in HTML.
Staff and families draw from different lists, so a family's name (or a child's first name)
never appears on a page only because a member of staff shares it. The lengths of the lists
that are combined (29 and 31; 23 and 37) have no common factor, so consecutive people get
different full names for a long run.
"""

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

FIRST_NAMES = (
    "Aisha", "Bilal", "Carys", "Dominic", "Efua", "Farah", "Gethin", "Hana", "Idris", "Jasmine",
    "Kemal", "Leona", "Marek", "Nadia", "Olwen", "Pavel", "Rhian", "Samir", "Tegan", "Umar",
    "Vera", "Wiktor", "Yara", "Zofia", "Ffion", "Malik", "Niamh", "Rosa", "Euan",
)  # fmt: skip
STAFF_SURNAMES = (
    "Abernethy", "Bakshi", "Castellano", "Dunmore", "Eriksen", "Fairweather", "Gallacher",
    "Haddad", "Iqbal", "Jankowski", "Kowalczyk", "Lindqvist", "Nakamura", "Oyelaran",
    "Pemberton", "Quayle", "Rasmussen", "Sandoval", "Thorne", "Umeh", "Varga", "Whitlock",
    "Yilmaz", "Zielinski", "Beaumont", "Carrington", "Delacroix", "Faulkner", "Hargreaves",
    "Prescott", "Tremayne",
)  # fmt: skip
FAMILY_NAMES = (
    "Achterberg", "Blackwood", "Chowdhury", "Donnelly", "Ellison", "Fitzgerald", "Grainger",
    "Hollis", "Ingram", "Jefferies", "Kaminski", "Lovell", "Moreau", "Osei", "Pryce", "Quinlan",
    "Radcliffe", "Szabo", "Tennant", "Underwood", "Vasquez", "Wardle", "Yates", "Zammit",
    "Ashby", "Bramley", "Cartwright", "Dalton", "Everett", "Granger", "Holloway", "Kettering",
    "Lockwood", "Marsden", "Northcott", "Ormerod", "Penhaligon",
)  # fmt: skip
MEMBER_FIRST_NAMES = (
    "Alfie", "Bethany", "Callum", "Daisy", "Elsie", "Freya", "Harvey", "Isla", "Jacob", "Kian",
    "Lily", "Mason", "Poppy", "Reuben", "Sienna", "Toby", "Willow", "Zachary", "Imogen", "Oscar",
    "Phoebe", "Rowan", "Stanley",
)  # fmt: skip


def _cycle(names: tuple[str, ...]) -> factory.Sequence:
    """The n-th name of the list, round and round."""
    return factory.Sequence(lambda n: names[n % len(names)])


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
    first_name = _cycle(FIRST_NAMES)
    last_name = _cycle(STAFF_SURNAMES)
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
    name = _cycle(FAMILY_NAMES)
    team = factory.SubFactory(TeamFactory)
    allocated_worker = None
    status = Family.Status.OPEN
    opened_on = datetime.date(2025, 4, 1)


class FamilyMemberFactory(DjangoModelFactory):
    class Meta:
        model = FamilyMember

    family = factory.SubFactory(FamilyFactory)
    kind = FamilyMember.Kind.CHILD
    first_name = _cycle(MEMBER_FIRST_NAMES)
    last_name = factory.SelfAttribute("family.name")
    relationship = FamilyMember.Relationship.CHILD
    date_of_birth = datetime.date(2015, 6, 1)
