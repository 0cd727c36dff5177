"""Every menu item a user is shown opens for that user, and no one is shown a page they may not open."""

import re

from django.test import TestCase

from regiekamer.core.navigation import ITEMS
from tests.test_access_matrix import World


class NavigationTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = World()

    def test_every_menu_link_opens_for_its_user(self):
        failures = []
        seen = set()
        for who, user in self.world.users.items():
            if user is None:
                continue
            self.client.force_login(user)
            start = self.client.get("/")
            menu = re.search(r'<nav class="rk-nav".*?</nav>', start.content.decode(), re.S).group(0)
            for href in re.findall(r'href="([^"]+)"', menu):
                seen.add(href)
                status = self.client.get(href).status_code
                if status != 200:
                    failures.append(f"{who}: menu link {href} answers {status}")
        assert not failures, "\n".join(failures)
        # Every item is shown to somebody in the world (so each rule is exercised).
        assert len({href.split("/")[1] for href in seen}) >= len(ITEMS) - 1
