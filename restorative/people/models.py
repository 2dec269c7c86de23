"""The organisation, its staff and the families it works with (policy §2 and §9)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower

from restorative.core.models import TimeStampedModel
from restorative.core.submission import OnceOnlySubmission


class Organisation(TimeStampedModel):
    """The authority or trust that owns the policy. One per installation in practice."""

    name = models.CharField(max_length=200)
    second_factor_for_everyone = models.BooleanField(
        "Second factor for everyone",
        default=False,
        help_text=(
            "Everyone who signs in must give a code from an authenticator app (or a passkey) "
            "after their password. System administrators, quality assurance, heads of service "
            "and the director always must."
        ),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Service(TimeStampedModel):
    """A service area led by a head of service, e.g. 'Children in Care'."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="service_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Team(TimeStampedModel):
    """A team within a service. `code` is how the case management system names it in exports."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    code = models.CharField(max_length=30, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerAgency(TimeStampedModel):
    """An agency working with us under safeguarding arrangements (policy §2, §6.6)."""

    class Kind(models.TextChoices):
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        EDUCATION = "education", "Education"
        PROBATION = "probation", "Probation"
        VOLUNTARY = "voluntary", "Voluntary sector"
        # A service commissioned to coordinate family group conferences: its staff may
        # coordinate an FGC, independent of the case decisions (practice.permissions.may_chair).
        FGC_SERVICE = "fgc_service", "Commissioned family group conference service"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "partner agencies"

    def __str__(self) -> str:
        return self.name


class StaffManager(BaseUserManager["Staff"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> Staff:
        if not email:
            raise ValueError("Staff need an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> Staff:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", Staff.Role.SYSTEM_ADMIN)
        return self.create_user(email, password, **extra)


class Staff(TimeStampedModel, AbstractBaseUser, PermissionsMixin):
    """A person who signs in: our own staff and partner agency staff (policy §9 roles).

    `team` places practitioners, managers and business support; `service` places a head of
    service; organisation-wide roles need neither; partners belong to a partner agency.
    """

    class Role(models.TextChoices):
        PRACTITIONER = "practitioner", "Practitioner"
        ASYE = "asye", "ASYE practitioner (newly qualified)"
        TEAM_MANAGER = "team_manager", "Team manager"
        HEAD_OF_SERVICE = "head_of_service", "Head of service"
        DIRECTOR = "director", "Director of children's services"
        WORKFORCE = "workforce", "Workforce development"
        QUALITY = "quality", "Quality assurance"
        BUSINESS_SUPPORT = "business_support", "Business support"
        # Independent of the line management of the cases they chair (Working Together 2023).
        CONFERENCE_CHAIR = "conference_chair", "Conference chair or independent reviewing officer"
        # Independent of the case decisions (Family Rights Group standards); an FGC service
        # commissioned from outside has partner accounts (PartnerAgency.Kind.FGC_SERVICE).
        FGC_COORDINATOR = "fgc_coordinator", "Family group conference coordinator"
        # Runs the representations procedure, compliments and the annual report (evaluation).
        COMPLAINTS_MANAGER = "complaints_manager", "Complaints manager"
        PARTNER = "partner", "Partner agency"
        SYSTEM_ADMIN = "system_admin", "System administrator"

    email = models.EmailField(unique=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    job_title = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.PRACTITIONER)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="staff", null=True, blank=True
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="members", null=True, blank=True
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        related_name="heads",
        null=True,
        blank=True,
        help_text="For a head of service: the service they lead.",
    )
    partner_agency = models.ForeignKey(
        PartnerAgency, on_delete=models.PROTECT, related_name="staff", null=True, blank=True
    )
    is_restorative_champion = models.BooleanField(default=False)
    start_date = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the Django admin site.")

    objects = StaffManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = "staff member"
        verbose_name_plural = "staff"
        indexes = [
            models.Index(fields=["team", "role"], name="staff_team_role_idx"),
            models.Index(Lower("last_name"), Lower("first_name"), name="staff_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="partner") | models.Q(partner_agency__isnull=False),
                name="staff_partner_has_agency",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="head_of_service") | models.Q(service__isnull=False),
                name="staff_head_has_service",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.first_name

    @property
    def works_in(self) -> str:
        """Where they work, as a list of people to choose from shows it: their partner
        agency, team or service (select_related them for a list)."""
        if self.partner_agency_id is not None and self.partner_agency is not None:
            return self.partner_agency.name
        if self.team_id is not None and self.team is not None:
            return self.team.name
        if self.service_id is not None and self.service is not None:
            return self.service.name
        return "Across the organisation"

    @property
    def role_and_place(self) -> str:
        """Their job title (or role) and where they work, e.g. "Team manager, North
        Safeguarding"."""
        role = self.job_title.strip() or self.get_role_display()
        return f"{role}, {self.works_in}"

    @property
    def choice_label(self) -> str:
        """Name, role and where they work: how a person is told apart in a list of choices
        (two people may share a name; the role says who may take which part)."""
        return f"{self.display_name}, {self.role_and_place}"


class Family(TimeStampedModel):
    """A family we work with, keyed by the case management system's reference."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    case_reference = models.CharField(
        max_length=40, unique=True, help_text="The reference in the case management system."
    )
    name = models.CharField(max_length=200, help_text="How the family is known, e.g. 'Okafor'.")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="families")
    allocated_worker = models.ForeignKey(
        Staff,
        on_delete=models.PROTECT,
        related_name="allocated_families",
        null=True,
        blank=True,
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name", "case_reference"]
        verbose_name_plural = "families"
        indexes = [
            # The family list's order, so a page is read from the index, not sorted.
            models.Index(fields=["name", "case_reference"], name="family_name_ref_idx"),
            models.Index(fields=["team", "name"], name="family_team_name_idx"),
            models.Index(fields=["allocated_worker", "name"], name="family_worker_name_idx"),
            models.Index(Lower("name"), name="family_lower_name_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.case_reference})"


class FamilyMember(OnceOnlySubmission, TimeStampedModel):
    """A child or adult in a family. `preferred_name` is what they want to be called.

    Adding someone carries a once-only `submission_token` (core.submission): the same form or
    API request sent twice adds the person once.
    """

    class Kind(models.TextChoices):
        CHILD = "child", "Child"
        ADULT = "adult", "Adult"

    class Relationship(models.TextChoices):
        CHILD = "child", "Child"
        MOTHER = "mother", "Mother"
        FATHER = "father", "Father"
        STEP_PARENT = "step_parent", "Step-parent"
        GRANDPARENT = "grandparent", "Grandparent"
        SIBLING = "sibling", "Sibling"
        AUNT_UNCLE = "aunt_uncle", "Aunt or uncle"
        KINSHIP_CARER = "kinship_carer", "Kinship carer"
        FOSTER_CARER = "foster_carer", "Foster carer"
        OTHER = "other", "Other"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="members")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    date_of_birth = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "date_of_birth", "first_name"]
        indexes = [
            models.Index(Lower("last_name"), name="member_lower_last_idx"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.preferred_name:
            return f"{self.preferred_name} {self.last_name}"
        return f"{self.first_name} {self.last_name}"


class ImportBatch(TimeStampedModel):
    """One upload of families and allocations from the case management system's CSV.

    The batch is the audit of who imported what and when: it keeps the decoded file, the
    counts and every error. Its status guards against applying the same upload twice.
    Progress while applying lives in the cache (rows written inside the import's transaction
    are invisible to other connections); only the final figures are stored here.
    """

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Checked, not yet imported"
        APPLYING = "applying", "Importing"
        APPLIED = "applied", "Imported"
        FAILED = "failed", "Not imported"

    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="import_batches")
    file_name = models.CharField(max_length=255)
    csv_text = models.TextField(help_text="The uploaded file, decoded from UTF-8.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    total_rows = models.PositiveIntegerField(default=0)
    new_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(
        default=list, blank=True, help_text="Every error: line, column and message."
    )
    preview_rows = models.JSONField(
        default=list, blank=True, help_text="The first rows as checked, for the preview page."
    )
    rows_processed = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    failure_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


# Single sign-on keeps its model in its own package (restorative/people/sso); imported here
# so Django registers it with the people app.
from restorative.people.sso.models import SingleSignOnIdentity  # noqa: E402, F401
