"""Who a provider's account is on our staff list, and the link kept once they are matched."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from restorative.people.models import Staff

from .models import SingleSignOnIdentity


class Refusal:
    """Why a person who proved who they are at the provider is still not let in."""

    UNKNOWN = "unknown"  # nobody on the staff list has this account or address
    DEACTIVATED = "deactivated"  # the staff record has been switched off
    MISMATCH = "mismatch"  # the address belongs to someone already linked to another account
    UNVERIFIED = "unverified"  # the provider says it has not checked the address


@dataclass(frozen=True)
class ProviderMatch:
    """The staff member a provider's account is, or why there is none to let in."""

    staff: Staff | None
    refusal: str = ""
    matched_by: str = ""  # "subject" (a stored link) or "email" (linked now)

    @property
    def allowed(self) -> bool:
        return self.staff is not None and not self.refusal


def staff_match_provider_account(
    *, issuer: str, subject: str, email: str, email_verified: bool | None
) -> ProviderMatch:
    """Find the staff member signing in through the provider, and remember their account.

    The provider's subject id decides once it is linked: an address can be renamed or
    reissued to someone else, a subject id cannot. The first time, the person is found by
    e-mail (the provider's address, unless it says it has not verified it) and the subject id
    is stored. Nobody is ever created here, and nobody gets a role here: an address the staff
    list does not hold is refused, and so is an address whose record is already linked to a
    different account at this provider (someone else now holds that address). A deactivated
    record is refused and not linked.
    """
    identity = (
        SingleSignOnIdentity.objects.select_related("staff")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    if identity is not None:
        staff = identity.staff
        matched_by = "subject"
    else:
        address = email.strip().lower()
        if not address:
            return ProviderMatch(None, Refusal.UNKNOWN)
        if email_verified is False:
            return ProviderMatch(None, Refusal.UNVERIFIED)
        found = Staff.objects.filter(email__iexact=address).first()
        if found is None:
            return ProviderMatch(None, Refusal.UNKNOWN)
        staff = found
        if SingleSignOnIdentity.objects.filter(staff=staff, issuer=issuer).exists():
            return ProviderMatch(None, Refusal.MISMATCH)
        matched_by = "email"
    if not staff.is_active:
        return ProviderMatch(None, Refusal.DEACTIVATED)
    try:
        with transaction.atomic():
            if identity is None:
                identity = SingleSignOnIdentity(staff=staff, issuer=issuer, subject=subject)
                identity.full_clean(validate_unique=False, validate_constraints=False)
            identity.last_sign_in_at = timezone.now()
            identity.save()
    except IntegrityError:
        # Two first sign-ins at once for one record, from two accounts: only one is linked.
        return ProviderMatch(None, Refusal.MISMATCH)
    return ProviderMatch(staff, "", matched_by)
