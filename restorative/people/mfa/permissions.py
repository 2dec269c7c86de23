"""Who must give a second factor, and who may reset another person's."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache

from ..models import Organisation, Staff

# Roles that see every family, the whole trail or the whole system: always a second factor.
ROLES_THAT_NEED_A_SECOND_FACTOR = frozenset(
    {
        Staff.Role.SYSTEM_ADMIN,
        Staff.Role.QUALITY,
        Staff.Role.HEAD_OF_SERVICE,
        Staff.Role.DIRECTOR,
    }
)

# The organisation's switch is read at most once a minute per process: it is checked on every
# request of a session that has not given a second factor, and changes rarely.
SWITCH_CACHE_SECONDS = 60


def _switch_cache_key(organisation_id: int | None) -> str:
    return f"second-factor-for-everyone:{organisation_id or 'none'}"


def organisation_requires_second_factor(organisation_id: int | None) -> bool:
    """Whether the organisation has switched the second factor on for everyone.

    A person placed in no organisation (partner agencies' staff) follows the switch of the
    organisations on the installation: there is one per installation in practice, and
    "everyone" must include partners.
    """
    key = _switch_cache_key(organisation_id)
    cached = cache.get(key)
    if cached is not None:
        return bool(cached)
    organisations = Organisation.objects.filter(second_factor_for_everyone=True)
    if organisation_id is not None:
        organisations = organisations.filter(pk=organisation_id)
    required = organisations.exists()
    cache.set(key, required, SWITCH_CACHE_SECONDS)
    return required


def forget_organisation_switch(organisation_id: int | None) -> None:
    """Drop the cached switch after it changes (this process at once; others within a minute)."""
    cache.delete_many([_switch_cache_key(organisation_id), _switch_cache_key(None)])


def role_requires_second_factor(user: Any) -> bool:
    """Whether the person's role always needs a second factor (no query)."""
    return getattr(user, "role", None) in ROLES_THAT_NEED_A_SECOND_FACTOR


def must_give_second_factor(user: Any, *, has_device: bool) -> bool:
    """Whether this signed-in person must give a second factor before using the service.

    Their role needs one, their organisation switched it on for everyone, or they set one up
    themselves (`has_device`, known from sign-in): a factor someone chose to add is asked for.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    if role_requires_second_factor(user) or has_device:
        return True
    return organisation_requires_second_factor(getattr(user, "organisation_id", None))


def can_reset_second_factor(actor: Any, person: Any) -> bool:
    """A system administrator may reset another person's second factor (a lost phone).

    Not their own: an administrator who lost theirs uses a recovery code, another
    administrator, or the operator's `manage.py reset_second_factor` on the server, so a
    stolen administrator password alone can never replace the administrator's factor.
    """
    return (
        getattr(actor, "is_authenticated", False)
        and actor.is_active
        and actor.role == Staff.Role.SYSTEM_ADMIN
        and person.pk != actor.pk
    )
