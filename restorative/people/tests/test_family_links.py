"""Other apps add links to the family page, shown only to people the app's rule allows."""

import pytest
from django.urls import reverse

from restorative.people import family_links


@pytest.fixture
def registered_link(monkeypatch):
    monkeypatch.setattr(family_links._REGISTRY, "_links", [])
    family_links.register(
        "Access trail (test link)",
        "people:family_access_log",
        lambda user, family: user.role == "quality",
    )


def test_a_registered_link_shows_for_those_allowed_and_not_for_others(
    client, world, registered_link
):
    url = reverse("people:family_detail", args=[world.family.uuid])
    target = reverse("people:family_access_log", args=[world.family.uuid])
    client.force_login(world.quality)
    assert "Access trail (test link)" in client.get(url).content.decode()
    assert target in client.get(url).content.decode()
    client.force_login(world.allocated)
    assert "Access trail (test link)" not in client.get(url).content.decode()
