"""No BSN in a URL or in the application's logs (issue 8, ASVS V16/V14): an access request by BSN, a
refused one, and the pages that follow, with every logger of the process captured at DEBUG."""

import logging

import pytest
from django.test import Client

from regiekamer.registry.services import pseudonymise_bsn
from tests.factories import AddressFactory, RegistrationFactory

from .helpers import D, officer

pytestmark = pytest.mark.django_db
BSN = "111222333"  # passes the elfproef
WRONG_BSN = "123456789"  # fails it


def test_a_bsn_is_in_no_url_no_page_and_no_log_line(caplog, django_capture_on_commit_callbacks):
    caplog.set_level(logging.DEBUG)  # the root logger: every logger that propagates
    RegistrationFactory(address=AddressFactory(), person_ref=pseudonymise_bsn(BSN), start_date=D(2024, 2, 1))
    client = Client()
    client.force_login(officer())
    seen: list[str] = []

    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post("/privacy/inzageverzoeken/", {"subject_kind": "bsn", "identifier": WRONG_BSN})
        made = client.post("/privacy/inzageverzoeken/", {"subject_kind": "bsn", "identifier": BSN})
    assert refused.status_code == 400 and "elfproef" in refused.content.decode()
    assert made.status_code == 302
    seen += [refused.content.decode(), made["Location"]]
    for path in (made["Location"], made["Location"] + "voortgang/", "/privacy/inzageverzoeken/"):
        page = client.get(path)
        assert page.status_code == 200, path
        seen += [path, page.content.decode()]
    download = client.get(made["Location"] + "download/")
    assert download.status_code == 200
    seen.append(download["Content-Disposition"])

    for identifier in (BSN, WRONG_BSN):
        assert not any(identifier in text for text in seen), identifier
        assert identifier not in caplog.text
        assert not any(identifier in str(record.args) for record in caplog.records)
    assert caplog.records, "the capture works: the task and the request log at DEBUG"
