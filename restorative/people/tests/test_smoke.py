import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_allocated_practitioner_opens_family_page(client, world):
    client.force_login(world.allocated)
    response = client.get(reverse("people:family_detail", args=[world.family.uuid]))
    assert response.status_code == 200
    assert "Okafor family" in response.content.decode()
