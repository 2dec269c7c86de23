"""A family member who took part in a meeting cannot be removed: their recorded view stays."""

from typing import Any

from rest_framework.test import APIClient

from restorative.people.models import FamilyMember


def test_removing_a_member_who_took_part_is_refused_clearly_and_changes_nothing(
    world: Any, practice: Any
) -> None:
    child = world.family.members.get(first_name="Amara")
    api = APIClient()
    api.force_authenticate(world.allocated)
    url = f"/api/families/{world.family.uuid}/members/{child.uuid}/"
    response = api.delete(url)
    assert response.status_code == 400
    assert "took part in meetings or conversations" in response.content.decode()
    assert FamilyMember.objects.filter(pk=child.pk).exists()
