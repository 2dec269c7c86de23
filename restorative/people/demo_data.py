"""Invented but realistic demo data: one children's services authority, its staff and families.

Why it exists: `make run` must open on a product that looks like a real authority's (so a
person can judge the pages), and the benchmarks need the same shape at 50,000 families.

Rules this module keeps:
- Everything is invented. The name lists below are common UK names of many backgrounds,
  written by hand (Faker is a development dependency only, never used at run time).
- Deterministic: one `random.Random(seed)`, so the same scale on the same day gives the same
  data. Ages are counted back from the day of seeding so children stay 0-17 years old.
- Fast: the demo password is hashed once (Argon2 is slow by design) and that hash is given
  to every account; every table is written with `bulk_create` in batches.
- Demo accounts live under `DEMO_EMAIL_DOMAIN`, which is how `--reset` tells demo data from
  real data.

See docs/decisions/0004-demo-data.md.
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from restorative.core.demo_reset import delete_all, refresh_statistics

from .models import Family, FamilyMember, Organisation, PartnerAgency, Service, Staff, Team

Role = Staff.Role
Rel = FamilyMember.Relationship
Kind = FamilyMember.Kind

DEMO_EMAIL_DOMAIN = "demo.restorative.test"
DEMO_PASSWORD = "restorative-demo"  # noqa: S105 - a published demo password, by design
ORGANISATION_NAME = "Northmoor Borough Council Children's Services"
CASE_REFERENCE_PREFIX = "NMB-"
SEARCHABLE_FAMILY_NAME = "Okafor"
OKAFOR_KNOWN_FOR_DAYS = 430
SEED = 20250401
BATCH_SIZE = 5000


# --- The demo sign-ins: one per role -------------------------------------------------------


@dataclass(frozen=True)
class DemoLogin:
    """One demo account a person can sign in with, and what it shows them."""

    key: str
    role: str
    first_name: str
    last_name: str
    job_title: str
    can_see: str

    @property
    def email(self) -> str:
        return f"{self.key}@{DEMO_EMAIL_DOMAIN}"


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(
        "practitioner",
        Role.PRACTITIONER,
        "Hannah",
        "Whitfield",
        "Social Worker",
        "Their caseload (the Okafor family is in it) and their team's families; can change them",
    ),
    DemoLogin(
        "asye",
        Role.ASYE,
        "Tomasz",
        "Nowak",
        "Newly Qualified Social Worker (ASYE)",
        "Their own caseload and their team's families; can change them",
    ),
    DemoLogin(
        "manager",
        Role.TEAM_MANAGER,
        "Grace",
        "Mensah",
        "Team Manager",
        "Every family of the team they manage; allocates work; sees who opened a record",
    ),
    DemoLogin(
        "head",
        Role.HEAD_OF_SERVICE,
        "David",
        "Ellison",
        "Head of Service",
        "Every family in the service they lead; can change them and allocate",
    ),
    DemoLogin(
        "director",
        Role.DIRECTOR,
        "Margaret",
        "Osei-Bonsu",
        "Director of Children's Services",
        "Every family in the organisation, read only",
    ),
    DemoLogin(
        "workforce",
        Role.WORKFORCE,
        "Rachel",
        "Dunne",
        "Workforce Development Manager",
        "No family records; runs the training catalogue, sessions and attendance, sees "
        "everyone's training compliance, and is a language lead",
    ),
    DemoLogin(
        "quality",
        Role.QUALITY,
        "Imran",
        "Qureshi",
        "Quality Assurance Manager",
        "Every family read only, and who opened each record",
    ),
    DemoLogin(
        "complaints",
        Role.COMPLAINTS_MANAGER,
        "Joanne",
        "Pritchard",
        "Complaints and Representations Manager",
        "Every complaint (except one about themselves) and compliment; runs the representations "
        "procedure and the annual complaints report; no family records",
    ),
    DemoLogin(
        "support",
        Role.BUSINESS_SUPPORT,
        "Lorraine",
        "Hickey",
        "Business Support Officer",
        "The families of the team they support; schedules their meetings, sends the "
        "invitations and takes the minutes; records no conversations, decisions or plans",
    ),
    DemoLogin(
        "partner",
        Role.PARTNER,
        "Chris",
        "Armitage",
        "Detective Constable, Public Protection Unit",
        "Only the meetings they are invited to (no family records; what was decided, not what "
        "was said, at one they missed), joint training and their bookings, and the glossary",
    ),
    DemoLogin(
        "admin",
        Role.SYSTEM_ADMIN,
        "Nadia",
        "Rahman",
        "Systems Administrator",
        "No family records; organisation structure, accounts, imports, the admin site",
    ),
)


def demo_login_emails() -> list[str]:
    return [login.email for login in DEMO_LOGINS]


# --- Names ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Background:
    """Names common in one community in the UK. Adults and children differ by generation."""

    label: str
    weight: int
    surnames: tuple[str, ...]
    adult_female: tuple[str, ...]
    adult_male: tuple[str, ...]
    child_female: tuple[str, ...]
    child_male: tuple[str, ...]


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


BACKGROUNDS: tuple[Background, ...] = (
    Background(
        "English and Welsh",
        44,
        _names(
            "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson "
            "Evans Walker White Roberts Green Hall Wood Jackson Clarke Hughes Lewis Harris "
            "Edwards Turner Hill Moore Cooper Ward Morris King Baker Harrison Morgan Patel "
            "Allen Price Bennett Shaw Holmes Barker Dixon Marshall Hudson Ellis Gibson Mason "
            "Lloyd Parry Pritchard Owen Bailey Webb Rowe Kirby Atkinson Briggs Fletcher "
            "Sutcliffe Hargreaves Pickering Whitehead Ackroyd Bamford Greenwood Heywood Lowe"
        ),
        _names(
            "Sarah Emma Claire Gemma Kelly Laura Lisa Nicola Rebecca Stacey Danielle Hayley "
            "Jade Kirsty Leanne Natalie Samantha Victoria Joanne Michelle Amy Charlotte Chloe "
            "Jodie Rachel Donna Carly Zoë Siân Megan Bethan Lauren Shannon Abbie Kayleigh"
        ),
        _names(
            "Daniel James Lee Mark Craig Darren Dean Gary Jamie Jason Kevin Liam Matthew Paul "
            "Ryan Scott Shane Stephen Wayne Ashley Carl Adam Christopher Nathan Gareth Rhys "
            "Dylan Thomas Luke Jordan Kyle Richard Andrew Simon Neil"
        ),
        _names(
            "Olivia Amelia Isla Ava Mia Ivy Lily Isabella Sophia Grace Freya Poppy Evie Ella "
            "Willow Rosie Daisy Harper Millie Ruby Maisie Phoebe Lexi Sienna Elsie Florence "
            "Matilda Eliza Ffion Seren Alexandra Charlotte Elizabeth Jessica"
        ),
        _names(
            "Oliver George Noah Arthur Leo Oscar Harry Jack Charlie Freddie Alfie Theo Archie "
            "Tommy Riley Jacob Reggie Louie Teddy Finley Mason Kai Jayden Tyler Harley Bobby "
            "Albie Rory Owen Dylan Alexander Benjamin Samuel William Joseph"
        ),
    ),
    Background(
        "Irish and Scottish",
        8,
        _names(
            "Murphy Kelly O'Brien Byrne Ryan O'Connor Walsh McCarthy Doyle Gallagher Quinn "
            "Brennan Kavanagh Reilly Duffy Flynn Campbell Stewart MacDonald Robertson Reid "
            "Fraser Hamilton Paterson McLeod Henderson Sweeney McLaughlin Donnelly Boyle"
        ),
        _names(
            "Siobhan Aoife Niamh Ciara Roisin Mairead Catriona Fiona Eilidh Kerry Shona Orla "
            "Bridget Maureen Deirdre Kirsteen"
        ),
        _names(
            "Seán Ciarán Declan Padraig Eoin Conor Kieran Callum Euan Fraser Ross Alistair "
            "Niall Brendan Dermot Fergus"
        ),
        _names("Aoife Niamh Saoirse Erin Orla Isla Ava Freya Caoimhe Ellie Clodagh Maeve"),
        _names("Cillian Oisín Fionn Conor Callum Rory Finn Jack Cormac Lewis Ruairi Tadhg"),
    ),
    Background(
        "Pakistani and Bangladeshi",
        9,
        _names(
            "Khan Hussain Ahmed Ali Akhtar Iqbal Mahmood Rashid Begum Rahman Uddin Miah "
            "Chowdhury Islam Hossain Butt Malik Qureshi Siddiqui Shah Aslam Javed Anwar "
            "Hamid Saleem Bibi Karim Sultana"
        ),
        _names(
            "Fatima Ayesha Nasreen Shazia Samina Rubina Farzana Shamima Nazia Sadia Rukhsana "
            "Yasmin Bushra Salma Aneesa Tahmina Nadia Sabrina"
        ),
        _names(
            "Mohammed Muhammad Imran Tariq Asif Zubair Kamran Shahid Abdul Rizwan Faisal "
            "Nadeem Shafiq Jamal Rafiq Saiful Anwar Ismail"
        ),
        _names(
            "Maryam Zara Aisha Hafsa Inaya Safa Khadija Aliza Ayat Eman Zainab Hania Anaya "
            "Sumaiya Amira Noor"
        ),
        _names(
            "Muhammad Yusuf Ibrahim Zayn Musa Ayaan Hamza Rayyan Ismail Adam Zakariya Ali "
            "Umar Idris Yahya Haroon"
        ),
    ),
    Background(
        "Indian",
        5,
        _names(
            "Patel Sharma Singh Kaur Gill Sandhu Dhillon Kumar Mistry Shah Desai Joshi Chauhan "
            "Parmar Bains Sidhu Virdee Nair Pillai Rao Mehta Lad"
        ),
        _names(
            "Priya Anjali Sunita Harpreet Manpreet Rupinder Kiran Neha Deepa Meena Pooja "
            "Jaspreet Rani Sapna Asha"
        ),
        _names(
            "Rajesh Sanjay Harjit Gurpreet Amarjit Vikram Arjun Rohit Sunil Manoj Jaswinder "
            "Kuldip Ravi Anil Deepak"
        ),
        _names("Anaya Aanya Diya Saanvi Simran Riya Ishani Jasleen Navya Prisha Amrit Meera"),
        _names("Arjun Aarav Rohan Veer Kabir Jasveer Arush Dev Ishaan Ranveer Krish Harvir"),
    ),
    Background(
        "Nigerian and Ghanaian",
        6,
        _names(
            "Adeyemi Okonkwo Eze Nwosu Adebayo Ogunleye Oyelaran Afolabi Balogun Chukwu "
            "Obi Mensah Boateng Asante Owusu Appiah Addo Darko Ofori Agyeman Osei Nnamdi "
            "Okeke Ibekwe Achebe Onyeka Adewale"
        ),
        _names(
            "Ngozi Chioma Funmilayo Adaeze Abimbola Folake Yetunde Nkechi Akosua Abena Efua "
            "Ama Adwoa Esi Blessing Patience Comfort Grace Precious"
        ),
        _names(
            "Chinedu Emeka Oluwaseun Adebayo Babatunde Olumide Tunde Kwame Kofi Kwabena Yaw "
            "Kojo Nnamdi Obinna Femi Samuel Emmanuel Godwin"
        ),
        _names(
            "Amara Chidinma Adaeze Ifeoma Oluwatoyin Temitope Ayomide Nana Akua Adjoa Esme "
            "Favour Zion Deborah Tiwa Ebube"
        ),
        _names(
            "Chidi Tobi Ayo David Daniel Emmanuel Kwame Kofi Kwabena Jayden Tobiloba Ifeanyi "
            "Somto Elijah Joshua Nathaniel"
        ),
    ),
    Background(
        "Somali",
        3,
        _names(
            "Mohamed Abdi Hassan Ahmed Ali Farah Warsame Osman Jama Ibrahim Nur Yusuf Omar "
            "Abdullahi Egal Hersi Duale Aden"
        ),
        _names("Hodan Fadumo Asha Sahra Ifrah Hibo Amina Ubah Hawa Safiya Sagal Nimco Maryan"),
        _names("Abdirahman Abdullahi Mahad Hamza Liban Bashir Guled Yusuf Mukhtar Said Idris"),
        _names("Hamdi Sumaya Ayaan Nasra Ilhan Hafsa Ikran Muna Najma Samira Iman Hodan"),
        _names("Abdi Ayub Khalid Zakariye Mustafa Bilal Hamza Yasin Ilyas Abdirizak Sharmarke"),
    ),
    Background(
        "Caribbean",
        4,
        _names(
            "Campbell Francis Henry Grant Brown Clarke Williams Thomas Bailey Reid Gordon "
            "Spencer Morgan Dacosta Forbes Gayle Blake Richards Stewart Lindo McKenzie Samuels"
        ),
        _names(
            "Marcia Sharon Paulette Beverley Yvonne Shanice Tanisha Latoya Keisha Simone "
            "Monique Jasmine Andrea Janelle"
        ),
        _names(
            "Marlon Delroy Winston Clive Leroy Trevor Devon Andre Tyrone Jermaine Kemar "
            "Dwayne Courtney Anthony"
        ),
        _names("Aaliyah Nia Amani Kiara Jada Imani Tia Leah Sasha Zuri Shakira Kenya"),
        _names("Malachi Isaiah Josiah Elijah Tyrese Jaden Kadeem Omari Reuben Darnell Levi"),
    ),
    Background(
        "Polish, Romanian and Lithuanian",
        7,
        _names(
            "Nowak Kowalski Wiśniewski Wójcik Kamiński Lewandowski Zieliński Szymański "
            "Woźniak Dąbrowski Popescu Ionescu Popa Stan Dumitru Constantin Kazlauskas "
            "Petrauskas Jankauskas Vasiliauskas Novak Horvath Balogh"
        ),
        _names(
            "Małgorzata Katarzyna Agnieszka Joanna Magdalena Anna Ewa Monika Ioana Elena "
            "Andreea Mihaela Raluca Rasa Jurgita Inga Kristina"
        ),
        _names(
            "Piotr Krzysztof Tomasz Paweł Marcin Michał Łukasz Andrzej Ion Andrei Mihai "
            "Florin Bogdan Tomas Mindaugas Darius Marius"
        ),
        _names("Zuzanna Julia Maja Zofia Hanna Lena Alicja Maria Sofia Ioana Ugnė Emilija"),
        _names("Jakub Antoni Jan Szymon Filip Kacper Aleksander David Luca Matei Lukas Jokūbas"),
    ),
    Background(
        "Chinese and Vietnamese",
        2,
        _names("Chen Wang Li Zhang Liu Wong Chan Cheung Lam Ng Nguyen Tran Le Pham Hoang Vu"),
        _names("Mei Ling Xiu Yan Hui Wing Lan Thi Hoa Linh Mai"),
        _names("Wei Jun Ming Hao Kwok Tuan Minh Duc Long Jian"),
        _names("Emily Chloe Grace Jasmine Amy Vy Ngoc Anh Hannah Lily"),
        _names("Ethan Ryan Jayden Lucas Kevin Bao Minh Nam Daniel Leo"),
    ),
    Background(
        "Turkish and Kurdish",
        2,
        _names("Yilmaz Kaya Demir Şahin Çelik Yıldız Aydın Öztürk Arslan Doğan Kurt Ozdemir"),
        _names("Ayşe Fatma Emine Hatice Zeynep Elif Gulsen Derya Songul"),
        _names("Mehmet Mustafa Ahmet Ali Hasan Huseyin Ibrahim Kemal Serkan Murat"),
        _names("Elif Zeynep Defne Ela Azra Eylül Nehir Asya Lina"),
        _names("Yusuf Eymen Mustafa Emir Kerem Deniz Aras Baran Rojhat"),
    ),
    Background(
        "Syrian, Iraqi and Yemeni",
        2,
        _names("Al-Hassan Haddad Khalil Nasser Saleh Mansour Abboud Al-Amin Darwish Hamdan"),
        _names("Rania Huda Layla Samar Noura Reem Dalia Maha Lubna"),
        _names("Ahmad Omar Khaled Bilal Mahmoud Tariq Samir Walid Fadi"),
        _names("Lina Jana Sara Maya Rahaf Salma Nour Tala Yara"),
        _names("Adam Kareem Yousef Zaid Hamza Rami Ali Amir Elias"),
    ),
)

NICKNAMES = {
    "Alexander": "Alex",
    "Alexandra": "Lexi",
    "Benjamin": "Ben",
    "Charlotte": "Lottie",
    "Christopher": "Chris",
    "Daniel": "Danny",
    "Elizabeth": "Beth",
    "Isabella": "Bella",
    "Jessica": "Jess",
    "Joseph": "Joe",
    "Matthew": "Matt",
    "Nathaniel": "Nate",
    "Samantha": "Sam",
    "Samuel": "Sam",
    "Victoria": "Vicky",
    "William": "Billy",
    "Oliver": "Ollie",
    "Muhammad": "Mo",
    "Mohammed": "Mo",
    "Oluwaseun": "Seun",
    "Oluwatoyin": "Toyin",
    "Tobiloba": "Tobi",
    "Abdirahman": "Abdi",
    "Katarzyna": "Kasia",
    "Małgorzata": "Gosia",
    "Jakub": "Kuba",
    "Aleksander": "Olek",
    "Chidinma": "Chi",
    "Temitope": "Temi",
    "Zakariya": "Zak",
    "Abimbola": "Bimpe",
}
CHOSEN_NAMES = _names("Alex Jay Frankie Rowan Sky Charlie Sam Robin Kit Ash")


# --- The organisation ------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamTemplate:
    service_key: str
    name: str
    code: str
    caseload: str  # which kind of families the team works with
    weight: float  # relative share of families


SERVICES: tuple[tuple[str, str], ...] = (
    ("safeguarding", "Safeguarding and Family Help"),
    ("care", "Children in Care and Care Leavers"),
    ("youth", "Youth Justice and Adolescent Services"),
)

TEAM_TEMPLATES: tuple[TeamTemplate, ...] = (
    TeamTemplate("safeguarding", "Front Door (MASH)", "FD", "early", 0.5),
    TeamTemplate("safeguarding", "Assessment", "ASMT", "early", 1.2),
    TeamTemplate("safeguarding", "Child in Need", "CIN", "general", 1.3),
    TeamTemplate("safeguarding", "Child Protection", "CP", "general", 1.2),
    TeamTemplate("safeguarding", "Family Help", "FH", "general", 1.2),
    TeamTemplate("care", "Children in Care", "CIC", "care", 1.0),
    TeamTemplate("care", "Permanence", "PERM", "care", 0.6),
    TeamTemplate("care", "Leaving Care", "LC", "leaving", 0.8),
    TeamTemplate("care", "Disabled Children", "DCT", "general", 0.8),
    TeamTemplate("youth", "Youth Justice", "YJS", "teen", 0.7),
    TeamTemplate("youth", "Adolescent Safety", "ADS", "teen", 0.6),
    TeamTemplate("youth", "Edge of Care", "EOC", "teen", 0.6),
)
DEMO_TEAM_CODE = "CIN"  # the demo practitioner, ASYE, manager and support work in Child in Need

PRACTITIONER_TITLES: dict[str, tuple[str, ...]] = {
    "FD": ("Social Worker", "Senior Social Worker", "Early Help Coordinator"),
    "ASMT": ("Social Worker", "Senior Social Worker", "Advanced Practitioner"),
    "CIN": ("Social Worker", "Senior Social Worker", "Family Support Worker"),
    "CP": ("Social Worker", "Senior Social Worker", "Advanced Practitioner"),
    "FH": ("Family Help Practitioner", "Family Support Worker", "Social Worker"),
    "CIC": ("Social Worker", "Senior Social Worker", "Advanced Practitioner"),
    "PERM": ("Social Worker", "Senior Social Worker", "Family Finding Social Worker"),
    "LC": ("Personal Adviser", "Senior Personal Adviser", "Social Worker"),
    "DCT": ("Social Worker", "Occupational Therapist", "Family Support Worker"),
    "YJS": ("Youth Justice Officer", "Senior Youth Justice Officer", "Restorative Justice Worker"),
    "ADS": ("Social Worker", "Exploitation Lead Practitioner", "Youth Worker"),
    "EOC": ("Family Support Worker", "Social Worker", "Family Therapist"),
}

PARTNER_AGENCIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "Northmoor Police Public Protection Unit",
        PartnerAgency.Kind.POLICE,
        ("Detective Constable", "Police Sergeant, Safeguarding Hub"),
    ),
    (
        "Northmoor and Calder NHS Foundation Trust",
        PartnerAgency.Kind.HEALTH,
        ("Health Visitor", "School Nurse", "Named Nurse for Safeguarding Children"),
    ),
    (
        "Northmoor Schools Partnership",
        PartnerAgency.Kind.EDUCATION,
        ("Designated Safeguarding Lead", "Education Welfare Officer", "SENCO"),
    ),
    (
        "Probation Service, Northmoor Office",
        PartnerAgency.Kind.PROBATION,
        ("Probation Officer", "Probation Services Officer"),
    ),
    (
        "Brightwater Family Trust",
        PartnerAgency.Kind.VOLUNTARY,
        ("Family Support Worker", "Young Carers Worker", "Domestic Abuse Advocate"),
    ),
    (
        "Northmoor Homes",
        PartnerAgency.Kind.OTHER,
        ("Housing Officer", "Tenancy Sustainment Officer"),
    ),
)

LARGE_AREAS = ("North", "South", "East", "West", "Central", "Calder Valley", "Moorside", "Coast")
LARGE_LOCALITIES = _names(
    "Ashby Bramley Castleford Denholme Eastwood Fenwick Garforth Hebden Ilkley Kirkby "
    "Lindley Marsden Netherton Ossett Pudsey Queensbury Rawdon Shipley Thornhill Upton "
    "Wetherby Yeadon Batley Cleckheaton Dewsbury Elland Farsley Golcar Holmfirth Idle "
    "Keighley Luddenden"
)


@dataclass(frozen=True)
class Scale:
    """How much data to make. `areas` x `localities_per_area` copies of each team template."""

    name: str
    areas: tuple[str, ...]
    localities_per_area: int
    staff: int
    families: int
    assistant_directors: int
    workforce: int
    quality: int
    admins: int
    partners_per_agency: int
    partner_agency_copies: int = 1


SCALES: dict[str, Scale] = {
    "small": Scale(
        name="small",
        areas=("",),
        localities_per_area=1,
        staff=150,
        families=600,
        assistant_directors=2,
        workforce=4,
        quality=4,
        admins=2,
        partners_per_agency=2,
    ),
    "large": Scale(
        name="large",
        areas=LARGE_AREAS,
        localities_per_area=4,
        staff=5000,
        families=50000,
        assistant_directors=4,
        workforce=30,
        quality=30,
        admins=5,
        partners_per_agency=5,
        partner_agency_copies=4,
    ),
}


# --- Helpers ---------------------------------------------------------------------------------


def _ascii(text: str) -> str:
    text = text.replace("ł", "l").replace("Ł", "L").replace("ı", "i")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c in ".-"))


def _batched_create(model: Any, objects: list[Any]) -> list[Any]:
    return model.objects.bulk_create(objects, batch_size=BATCH_SIZE)


def _date_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    span = max((end - start).days, 0)
    return start + datetime.timedelta(days=rng.randint(0, span))


def _birth_date(rng: random.Random, today: datetime.date, age: int) -> datetime.date:
    """A date of birth making someone exactly `age` today (never a day older)."""
    youngest = today - datetime.timedelta(days=int(age * 365.25) + 1)
    oldest = today - datetime.timedelta(days=int((age + 1) * 365.25) - 2)
    return _date_between(rng, oldest, youngest)


class _Emails:
    """Unique, readable staff emails: first.last@, then first.last2@, ..."""

    def __init__(self, reserved: Iterable[str]) -> None:
        self.used = set(reserved)

    def make(self, first: str, last: str) -> str:
        base = f"{_ascii(first).lower()}.{_ascii(last).lower()}".strip(".")
        n = 1
        while True:
            email = f"{base}{'' if n == 1 else n}@{DEMO_EMAIL_DOMAIN}"
            if email not in self.used:
                self.used.add(email)
                return email
            n += 1


def _pick_background(rng: random.Random) -> Background:
    return rng.choices(BACKGROUNDS, weights=[b.weight for b in BACKGROUNDS])[0]


def _person_name(rng: random.Random, *, female: bool) -> tuple[str, str]:
    background = _pick_background(rng)
    first = rng.choice(background.adult_female if female else background.adult_male)
    return first, rng.choice(background.surnames)


# --- Families --------------------------------------------------------------------------------


@dataclass
class _Household:
    name: str
    members: list[tuple[str, str, str, str, str, datetime.date]] = field(default_factory=list)

    def add(
        self,
        rng: random.Random,
        *,
        kind: str,
        first: str,
        last: str,
        relationship: str,
        dob: datetime.date,
        nickname_chance: float = 0.5,
    ) -> None:
        preferred = ""
        if first in NICKNAMES and rng.random() < nickname_chance:
            preferred = NICKNAMES[first]
        elif kind == Kind.CHILD and rng.random() < 0.01:
            preferred = rng.choice(CHOSEN_NAMES)
        self.members.append((kind, first, last, preferred, relationship, dob))


FAMILY_SHAPES: dict[str, tuple[tuple[str, int], ...]] = {
    "general": (
        ("lone_mother", 40),
        ("two_parents", 24),
        ("mother_stepfather", 10),
        ("lone_father", 6),
        ("mother_grandmother", 8),
        ("grandparent_kinship", 7),
        ("aunt_kinship", 3),
        ("adult_sibling", 2),
    ),
    "care": (("foster", 60), ("kinship_care", 25), ("foster_no_parent", 15)),
    "leaving": (("care_leaver", 70), ("care_leaver_with_mother", 30)),
    "teen": (
        ("lone_mother", 50),
        ("two_parents", 25),
        ("mother_stepfather", 15),
        ("lone_father", 10),
    ),
}
FAMILY_SHAPES["early"] = FAMILY_SHAPES["general"]
CHILD_COUNTS = ((1, 46), (2, 30), (3, 14), (4, 7), (5, 3))


def _household(rng: random.Random, caseload: str, today: datetime.date) -> _Household:
    """One invented family for a team of the given caseload kind."""
    shapes = FAMILY_SHAPES[caseload]
    shape = rng.choices([s for s, _ in shapes], weights=[w for _, w in shapes])[0]
    mother_bg = _pick_background(rng)
    father_bg = _pick_background(rng) if rng.random() < 0.12 else mother_bg
    surname = rng.choice(father_bg.surnames)
    while surname == SEARCHABLE_FAMILY_NAME:
        surname = rng.choice(father_bg.surnames)
    family_name = surname
    if father_bg is not mother_bg and rng.random() < 0.3:
        family_name = f"{rng.choice(mother_bg.surnames)}-{surname}"
    home = _Household(name=family_name)

    def child_first(female: bool) -> str:
        bg = rng.choice((mother_bg, father_bg))
        return rng.choice(bg.child_female if female else bg.child_male)

    # Children: ages 0-17, teen teams have at least one 10-17, leaving care is one young person.
    if shape.startswith("care_leaver"):
        age = rng.randint(16, 20)
        female = rng.random() < 0.45
        home.add(
            rng,
            kind=Kind.CHILD if age < 18 else Kind.ADULT,
            first=child_first(female),
            last=family_name,
            relationship=Rel.CHILD if age < 18 else Rel.OTHER,
            dob=_birth_date(rng, today, age),
        )
        eldest = age
    else:
        count = rng.choices([c for c, _ in CHILD_COUNTS], weights=[w for _, w in CHILD_COUNTS])[0]
        if caseload == "care":
            count = min(count, 3)
        ages = sorted({rng.randint(0, 17) for _ in range(count)}, reverse=True)
        if caseload == "teen" and ages[0] < 10:
            ages[0] = rng.randint(10, 17)
        for age in ages:
            female = rng.random() < 0.5
            last = family_name
            if shape == "mother_stepfather" and rng.random() < 0.4:
                last = rng.choice(mother_bg.surnames)
            home.add(
                rng,
                kind=Kind.CHILD,
                first=child_first(female),
                last=last,
                relationship=Rel.CHILD,
                dob=_birth_date(rng, today, age),
            )
        eldest = max(ages)

    def adult(
        bg: Background, female: bool, relationship: str, age: int, last: str | None = None
    ) -> None:
        home.add(
            rng,
            kind=Kind.ADULT,
            first=rng.choice(bg.adult_female if female else bg.adult_male),
            last=last or family_name,
            relationship=relationship,
            dob=_birth_date(rng, today, min(age, 85)),
            nickname_chance=0.3,
        )

    parent_age = eldest + rng.randint(18, 38)
    mother_last = family_name if rng.random() < 0.7 else rng.choice(mother_bg.surnames)
    if shape in {"lone_mother", "mother_grandmother", "two_parents", "mother_stepfather"}:
        adult(mother_bg, True, Rel.MOTHER, parent_age, mother_last)
    if shape in {"two_parents", "adult_sibling"}:
        adult(father_bg, False, Rel.FATHER, parent_age + rng.randint(0, 6), surname)
    if shape == "adult_sibling":
        adult(mother_bg, True, Rel.MOTHER, parent_age, mother_last)
        adult(mother_bg, rng.random() < 0.5, Rel.SIBLING, rng.randint(18, 24))
    if shape == "mother_stepfather":
        step_bg = _pick_background(rng)
        adult(
            step_bg,
            False,
            Rel.STEP_PARENT,
            parent_age + rng.randint(-3, 8),
            rng.choice(step_bg.surnames),
        )
    if shape == "lone_father":
        adult(father_bg, False, Rel.FATHER, parent_age + rng.randint(0, 6), surname)
    if shape == "mother_grandmother":
        adult(mother_bg, True, Rel.GRANDPARENT, parent_age + rng.randint(18, 30), mother_last)
    if shape in {"grandparent_kinship", "kinship_care"}:
        adult(mother_bg, True, Rel.KINSHIP_CARER, parent_age + rng.randint(18, 30), mother_last)
        if rng.random() < 0.4:
            adult(mother_bg, True, Rel.MOTHER, parent_age, mother_last)
    if shape == "aunt_kinship":
        adult(mother_bg, rng.random() < 0.7, Rel.AUNT_UNCLE, parent_age + rng.randint(-6, 6))
    if shape in {"foster", "foster_no_parent"}:
        carer_bg = _pick_background(rng)
        carer_last = rng.choice(carer_bg.surnames)
        adult(carer_bg, True, Rel.FOSTER_CARER, rng.randint(35, 62), carer_last)
        if rng.random() < 0.5:
            adult(carer_bg, False, Rel.FOSTER_CARER, rng.randint(35, 65), carer_last)
        if shape == "foster":
            adult(mother_bg, True, Rel.MOTHER, parent_age, mother_last)
    if shape == "care_leaver_with_mother":
        adult(mother_bg, True, Rel.MOTHER, parent_age, mother_last)
    return home


def okafor_household(today: datetime.date) -> _Household:
    """The family every demo starts from: easy to find by searching 'Okafor'."""
    home = _Household(name=SEARCHABLE_FAMILY_NAME)
    fixed = (
        (Kind.ADULT, "Ngozi", "Okafor", "", Rel.MOTHER, 38, 41),
        (Kind.ADULT, "Chinedu", "Okafor", "Chidi", Rel.FATHER, 42, 200),
        (Kind.CHILD, "Amara", "Okafor", "", Rel.CHILD, 14, 90),
        (Kind.CHILD, "Tobiloba", "Okafor", "Tobi", Rel.CHILD, 9, 150),
        (Kind.CHILD, "Adaeze", "Okafor", "", Rel.CHILD, 3, 20),
        (Kind.ADULT, "Funmilayo", "Adeyemi", "", Rel.GRANDPARENT, 66, 300),
    )
    for kind, first, last, preferred, relationship, age, extra_days in fixed:
        dob = today - datetime.timedelta(days=int(age * 365.25) + extra_days % 300 + 1)
        home.members.append((kind, first, last, preferred, relationship, dob))
    return home


# --- Seeding ---------------------------------------------------------------------------------


@dataclass
class SeedResult:
    scale: str
    counts: dict[str, int]


def _staff(
    *,
    email: str,
    first: str,
    last: str,
    role: str,
    title: str,
    password: str,
    organisation: Organisation | None,
    start: datetime.date,
    team: Team | None = None,
    service: Service | None = None,
    agency: PartnerAgency | None = None,
    champion: bool = False,
    admin: bool = False,
) -> Staff:
    return Staff(
        email=email,
        first_name=first,
        last_name=last,
        job_title=title,
        role=role,
        organisation=organisation,
        team=team,
        service=service,
        partner_agency=agency,
        is_restorative_champion=champion,
        start_date=start,
        is_active=True,
        is_staff=admin,
        is_superuser=admin,
        password=password,
    )


def _split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def seed_demo_data(
    *,
    scale: Scale,
    today: datetime.date | None = None,
    progress: Callable[[str], None] | None = None,
) -> SeedResult:
    """Create the demo organisation, staff and families in one transaction. Empty db only."""
    today = today or datetime.date.today()
    rng = random.Random(f"{SEED}-{scale.name}")
    say = progress or (lambda message: None)
    password = make_password(DEMO_PASSWORD)  # once: Argon2 is slow on purpose
    logins = {login.key: login for login in DEMO_LOGINS}
    emails = _Emails(demo_login_emails())

    def start_date(years_back: int = 20) -> datetime.date:
        return _date_between(rng, today - datetime.timedelta(days=365 * years_back), today)

    with transaction.atomic():
        organisation = Organisation.objects.create(name=ORGANISATION_NAME)

        # Services: each area has one of each service; teams: each locality has each template.
        services: dict[tuple[str, str], Service] = {}
        for area in scale.areas:
            for key, name in SERVICES:
                label = f"{name}, {area}" if area else name
                services[(area, key)] = Service(organisation=organisation, name=label)
        _batched_create(Service, list(services.values()))

        localities = LARGE_LOCALITIES if len(scale.areas) > 1 else ("",)
        teams: list[tuple[Team, TeamTemplate]] = []
        number = 0
        for area in scale.areas:
            for _ in range(scale.localities_per_area):
                number += 1
                locality = localities[(number - 1) % len(localities)] if localities[0] else ""
                for template in TEAM_TEMPLATES:
                    teams.append(
                        (
                            Team(
                                service=services[(area, template.service_key)],
                                name=f"{template.name}, {locality}" if locality else template.name,
                                code=f"{template.code}{number:02d}",
                            ),
                            template,
                        )
                    )
        _batched_create(Team, [team for team, _ in teams])
        demo_team = next(team for team, t in teams if t.code == DEMO_TEAM_CODE)
        demo_service = demo_team.service

        agencies: list[tuple[PartnerAgency, tuple[str, ...]]] = []
        for copy in range(scale.partner_agency_copies):
            for name, kind, titles in PARTNER_AGENCIES:
                label = name if copy == 0 else f"{name} ({LARGE_AREAS[copy % len(LARGE_AREAS)]})"
                agencies.append((PartnerAgency(name=label, kind=kind), titles))
        _batched_create(PartnerAgency, [agency for agency, _ in agencies])
        say(f"{len(services)} services, {len(teams)} teams, {len(agencies)} partner agencies")

        staff: list[Staff] = []

        def demo(key: str, **where: Any) -> None:
            login = logins[key]
            staff.append(
                _staff(
                    email=login.email,
                    first=login.first_name,
                    last=login.last_name,
                    role=login.role,
                    title=login.job_title,
                    password=password,
                    organisation=None if key == "partner" else organisation,
                    start=today - datetime.timedelta(days=400 if key == "asye" else 2900),
                    champion=key == "practitioner",
                    admin=key == "admin",
                    **where,
                )
            )

        def person(role: str, title: str, *, years_back: int = 20, **where: Any) -> None:
            first, last = _person_name(rng, female=rng.random() < 0.78)
            champion = role in {Role.PRACTITIONER, Role.TEAM_MANAGER, Role.ASYE} and (
                rng.random() < 0.13
            )
            staff.append(
                _staff(
                    email=emails.make(first, last),
                    first=first,
                    last=last,
                    role=role,
                    title=title,
                    password=password,
                    organisation=None if role == Role.PARTNER else organisation,
                    start=start_date(years_back),
                    champion=champion,
                    admin=role == Role.SYSTEM_ADMIN,
                    **where,
                )
            )

        # Organisation-wide roles first, then partners, then teams take what is left.
        demo("director")
        for _ in range(scale.assistant_directors):
            person(Role.DIRECTOR, "Assistant Director, Children's Social Care")
        for service in services.values():
            if service is demo_service:
                demo("head", service=service)
            else:
                person(Role.HEAD_OF_SERVICE, "Head of Service", service=service)
        demo("workforce")
        for title in _cycle(
            ("Learning and Development Officer", "Practice Educator", "Principal Social Worker"),
            scale.workforce - 1,
        ):
            person(Role.WORKFORCE, title)
        demo("quality")
        demo("complaints")
        for title in _cycle(
            ("Quality Assurance Officer", "Independent Reviewing Officer", "Practice Auditor"),
            scale.quality - 1,
        ):
            person(Role.QUALITY, title)
        demo("admin")
        for _ in range(scale.admins - 1):
            person(Role.SYSTEM_ADMIN, "Application Support Analyst")
        for index, (agency, titles) in enumerate(agencies):
            if index == 0:
                demo("partner", agency=agency)
            for number in range(scale.partners_per_agency - (1 if index == 0 else 0)):
                person(Role.PARTNER, titles[number % len(titles)], agency=agency)

        # Each team: a manager (an assistant manager in bigger teams), business support,
        # an ASYE practitioner, and practitioners for the rest of the staff total.
        team_budget = _split(max(scale.staff - len(staff), len(teams) * 4), len(teams))
        team_staff: dict[int, list[Staff]] = {}
        for (team, template), size in zip(teams, team_budget, strict=True):
            start = len(staff)
            is_demo_team = team is demo_team
            if is_demo_team:
                demo("manager", team=team)
                demo("support", team=team)
                demo("asye", team=team)
                demo("practitioner", team=team)
            else:
                person(Role.TEAM_MANAGER, "Team Manager", team=team)
                person(Role.BUSINESS_SUPPORT, "Business Support Officer", team=team)
                person(Role.ASYE, "Newly Qualified Social Worker (ASYE)", years_back=1, team=team)
            if size >= 11:
                person(Role.TEAM_MANAGER, "Assistant Team Manager", team=team)
            titles = PRACTITIONER_TITLES[template.code]
            while len(staff) - start < size:
                person(Role.PRACTITIONER, rng.choice(titles), team=team)
            team_staff[id(team)] = staff[start:]
        _batched_create(Staff, staff)
        say(f"{len(staff)} staff")

        # Families: spread over teams by workload, allocated to the team's practitioners.
        references = rng.sample(range(1_000_000, 10_000_000), scale.families)
        team_weights = [template.weight for _, template in teams]
        demo_practitioner = next(s for s in staff if s.email == logins["practitioner"].email)
        families: list[Family] = []
        households: list[_Household] = []
        chosen = rng.choices(range(len(teams)), weights=team_weights, k=scale.families - 1)
        chosen.insert(0, teams.index(next(p for p in teams if p[0] is demo_team)))
        for number, team_index in enumerate(chosen):
            team, template = teams[team_index]
            if number == 0:
                home = okafor_household(today)
            else:
                home = _household(rng, template.caseload, today)
            holders = [s for s in team_staff[id(team)] if s.role in {Role.PRACTITIONER, Role.ASYE}]
            weights = [
                3.0 if s is demo_practitioner else 0.5 if s.role == Role.ASYE else 1.0
                for s in holders
            ]
            unallocated_chance = 0.12 if template.caseload == "early" else 0.02
            worker = None
            if number == 0:
                worker = demo_practitioner
            elif holders and rng.random() >= unallocated_chance:
                worker = rng.choices(holders, weights=weights)[0]
            recent = template.caseload == "early"
            opened = _date_between(
                rng, today - datetime.timedelta(days=60 if recent else 3 * 365), today
            )
            if number == 0:
                # The Okafor story (practice/demo_data.py) starts with a strategy discussion
                # seven weeks ago: the family has been known to us for longer than that.
                opened = today - datetime.timedelta(days=OKAFOR_KNOWN_FOR_DAYS)
            closed = number != 0 and rng.random() < 0.15
            families.append(
                Family(
                    case_reference=f"{CASE_REFERENCE_PREFIX}{references[number]:07d}",
                    name=home.name,
                    team=team,
                    allocated_worker=worker,
                    status=Family.Status.CLOSED if closed else Family.Status.OPEN,
                    opened_on=opened,
                    closed_on=_date_between(rng, opened, today) if closed else None,
                )
            )
            households.append(home)
        _batched_create(Family, families)
        say(f"{len(families)} families")

        members = [
            FamilyMember(
                family=family,
                kind=kind,
                first_name=first,
                last_name=last,
                preferred_name=preferred,
                relationship=relationship,
                date_of_birth=dob,
            )
            for family, home in zip(families, households, strict=True)
            for kind, first, last, preferred, relationship, dob in home.members
        ]
        _batched_create(FamilyMember, members)
        say(f"{len(members)} family members")
        independent = seed_independent_chairs_and_coordinators(
            organisation=organisation, password=password, today=today, make_email=emails.make
        )
        say(f"{independent} independent chairs and coordinators")

    refresh_statistics(Organisation, Service, Team, PartnerAgency, Staff, Family, FamilyMember)

    return SeedResult(
        scale=scale.name,
        counts={
            "services": len(services),
            "teams": len(teams),
            "partner agencies": len(agencies),
            "staff": len(staff),
            "families": len(families),
            "family members": len(members),
        },
    )


# Independent of the case (issue 10, point 1): conference chairs and independent reviewing
# officers in a safeguarding and reviewing unit outside the family services, in-house family
# group conference coordinators there too, and a commissioned FGC service (a partner agency).
REVIEWING_SERVICE = "Safeguarding and Reviewing"
REVIEWING_UNIT = ("Safeguarding and Reviewing Unit", "SRU")
FGC_SERVICE_NAME = "Calder Family Group Conference Service"
INDEPENDENT_STAFF: tuple[tuple[str, str, str, str], ...] = (
    ("Diane", "Fairbairn", Role.TEAM_MANAGER, "Safeguarding and Reviewing Unit Manager"),
    ("Ruth", "Adeyemi", Role.CONFERENCE_CHAIR, "Child Protection Conference Chair"),
    ("Martin", "Holloway", Role.CONFERENCE_CHAIR, "Independent Reviewing Officer"),
    ("Priya", "Sandhu", Role.CONFERENCE_CHAIR, "Child Protection Conference Chair"),
    ("Helen", "Marsh", Role.FGC_COORDINATOR, "Family Group Conference Coordinator"),
)
FGC_SERVICE_STAFF: tuple[tuple[str, str], ...] = (
    ("Joanne", "Whitaker"),
    ("Samuel", "Osei"),
)


def seed_independent_chairs_and_coordinators(
    *,
    organisation: Organisation,
    password: str,
    today: datetime.date,
    make_email: Callable[[str, str], str],
) -> int:
    """The safeguarding and reviewing unit (conference chairs, IROs, an in-house FGC
    coordinator) and a commissioned FGC service with its coordinators (partner accounts).
    Holds no families: the chairs are independent of every case's line management."""
    service = Service.objects.create(organisation=organisation, name=REVIEWING_SERVICE)
    unit = Team.objects.create(service=service, name=REVIEWING_UNIT[0], code=REVIEWING_UNIT[1])
    agency = PartnerAgency.objects.create(
        name=FGC_SERVICE_NAME, kind=PartnerAgency.Kind.FGC_SERVICE
    )
    start = today - datetime.timedelta(days=6 * 365)
    people = [
        _staff(
            email=make_email(first, last),
            first=first,
            last=last,
            role=role,
            title=title,
            password=password,
            organisation=organisation,
            start=start,
            team=unit,
        )
        for first, last, role, title in INDEPENDENT_STAFF
    ]
    people += [
        _staff(
            email=make_email(first, last),
            first=first,
            last=last,
            role=Role.PARTNER,
            title="Family Group Conference Coordinator",
            password=password,
            organisation=None,
            start=start,
            agency=agency,
        )
        for first, last in FGC_SERVICE_STAFF
    ]
    # A head for the new service, as every service has one.
    people.append(
        _staff(
            email=make_email("Angela", "Brookes"),
            first="Angela",
            last="Brookes",
            role=Role.HEAD_OF_SERVICE,
            title="Head of Safeguarding and Reviewing",
            password=password,
            organisation=organisation,
            start=start,
            service=service,
        )
    )
    Staff.objects.bulk_create(people)
    return len(people)


def _cycle(values: Sequence[str], count: int) -> list[str]:
    return [values[i % len(values)] for i in range(max(count, 0))]


# --- Reset -----------------------------------------------------------------------------------


class ResetRefused(Exception):
    """The database holds something that must not be deleted by a demo reset."""


def demo_data_reset() -> None:
    """Delete the demo data so it can be loaded again; refuse when real records are present.

    Refused when any access event exists (the trail is append-only: its rows, and the staff
    they name, can never be deleted) or when any organisation or account is not demo data.
    """
    from restorative.core.models import AccessEvent

    if AccessEvent.objects.exists():
        raise ResetRefused(
            "The access trail has entries, and it can never be deleted (it is append-only). "
            "Start from a new database instead: delete db.sqlite3 (make clean), or drop and "
            "create the PostgreSQL database, then run migrate and seed_demo."
        )
    if Organisation.objects.exclude(name=ORGANISATION_NAME).exists() or (
        Staff.objects.exclude(email__endswith=f"@{DEMO_EMAIL_DOMAIN}").exists()
    ):
        raise ResetRefused(
            "The database holds organisations or accounts that are not demo data. "
            "Reset deletes demo data only; start from a new database instead."
        )
    with transaction.atomic():
        delete_all(FamilyMember, Family, Staff, PartnerAgency, Team, Service, Organisation)
