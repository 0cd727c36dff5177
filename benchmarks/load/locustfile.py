"""The load test's simulated users (locust), started by benchmarks/load/run.py; not for use on its own.

Each simulated user takes one user of the plan (benchmarks/load/world.py: a handler, coordinator or
viewer of one municipality's enforcement department, already logged in) and repeats its working day's
journeys, with a short pause between them:

- search by postcode and house number, then open that address's dossier (the most common journey);
- search by street name;
- open today's walk list of its municipality;
- open one of its own open cases and change its status (a form POST with the CSRF token and the
  case version read from the page); a viewer, who gets no status form, only reads it;
- open the municipal dashboard, with the targets and the map data the page loads.

Every response is checked: a page must answer 200 (a redirect to the login page is an error, so
redirects are not followed), the search must find the address, the status change must redirect back to
the case. Every request's time is written to LOAD_SAMPLES when the test stops, so run.py computes the
percentiles itself from all of them.
"""

import html
import itertools
import json
import os
import random
import re
from http.cookiejar import Cookie
from urllib.parse import urlencode, urlparse

from locust import FastHttpUser, between, events, task

with open(os.environ["LOAD_PLAN"]) as _plan:
    PLAN = json.load(_plan)
THINK = tuple(float(x) for x in os.environ.get("LOAD_THINK", "0.2-0.8").split("-"))
_next_user = itertools.count()
_samples: list[tuple[str, float, bool]] = []

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="expected_version" value="(\d+)"')
OPTION = re.compile(r'<option value="([^"]+)"')


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception, **kwargs):
    _samples.append((name, response_time, exception is None))


@events.test_stop.add_listener
def _write(**kwargs):
    with open(os.environ["LOAD_SAMPLES"], "w") as out:
        json.dump(_samples, out)


def _cookie(name: str, value: str, host: str) -> Cookie:
    return Cookie(0, name, value, None, False, host, False, False, "/", True, False, None, True, None, None, {})


class Worker(FastHttpUser):
    wait_time = between(*THINK)

    def on_start(self) -> None:
        self.me = PLAN["users"][next(_next_user) % len(PLAN["users"])]
        self.rng = random.Random(self.me["username"])
        self.client.cookiejar.set_cookie(_cookie(PLAN["session_cookie"], self.me["session"], urlparse(self.host).hostname))

    def get(self, url: str, name: str, must_contain: str | None = None) -> str | None:
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return None
            text = response.text
            if must_contain is not None and must_contain not in text:
                response.failure(f"{must_contain!r} not on the page")
                return None
            return text

    @task(4)
    def search_then_dossier(self) -> None:
        target = self.rng.choice(self.me["searches"])
        if self.get("/zoeken/?" + urlencode({"q": target["q"]}), "search", must_contain=target["bag_id"]) is not None:
            self.get(f"/adressen/{target['bag_id']}/", "dossier")

    @task(1)
    def search_by_street(self) -> None:
        street = self.rng.choice(self.me["streets"])
        self.get("/zoeken/?" + urlencode({"q": street}), "search by street", must_contain=html.escape(street))

    @task(1)
    def walk_list(self) -> None:
        self.get(f"/looplijsten/{self.me['walk_list']}/", "walk list")

    @task(2)
    def case_update(self) -> None:
        if not self.me["cases"]:  # a municipality with fewer open cases than users
            return
        pk = self.rng.choice(self.me["cases"])
        page = self.get(f"/zaken/{pk}/", "case page")
        if page is None:
            return
        start = page.find(f'action="/zaken/{pk}/status/"')
        form = page[start:page.find("</form>", start)] if start >= 0 else ""
        csrf, version, options = CSRF.search(form), VERSION.search(form), [o for o in OPTION.findall(form) if o]
        if not (csrf and version and options):
            return  # a viewer (no status form), or no status the workflow allows from here
        data = {"csrfmiddlewaretoken": csrf.group(1), "expected_version": version.group(1),
                "to": self.rng.choice(options), "reason": "Load test"}
        with self.client.post(f"/zaken/{pk}/status/", data=data, name="case update", allow_redirects=False,
                              headers={"Referer": f"{self.host}/zaken/{pk}/"}, catch_response=True) as response:
            if response.status_code != 302 or not response.headers.get("Location", "").endswith(f"/zaken/{pk}/"):
                response.failure(f"HTTP {response.status_code} {response.headers.get('Location', '')}")

    @task(1)
    def dashboard(self) -> None:
        code = self.me["municipality"]
        if self.get(f"/sturing/gemeente/{code}/", "dashboard") is not None:
            self.get(f"/sturing/gemeente/{code}/doelen/", "dashboard: targets")
            self.get(f"/sturing/gemeente/{code}/buurten.geojson", "dashboard: map data")
