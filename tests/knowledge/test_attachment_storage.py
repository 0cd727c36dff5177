"""Where uploaded files land (ASVS 5.3.1, 5.3.2): a path made by the application, never the uploader's name,
inside MEDIA_ROOT, and never served directly (only through the scoped download view)."""

import re
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from regiekamer.knowledge import services

from .conftest import write
from .test_attachments import PDF

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_the_stored_path_is_generated_and_stays_inside_the_media_folder(cast, media):
    article = write(cast.author)
    for name in ("../../../../tmp/overschreven.pdf", "/etc/cron.d/taak.pdf", "..\\..\\web.config.pdf", "a/../../b.pdf"):
        item = services.add_attachment(actor=cast.author, article=article, upload=SimpleUploadedFile(name, PDF))
        assert re.fullmatch(rf"kennisbank/{article.pk}/[0-9a-f]{{32}}\.pdf", item.file.name), item.file.name
        stored = Path(item.file.path).resolve()
        assert stored.is_relative_to(Path(media).resolve()) and stored.read_bytes() == PDF
    assert not Path("/tmp/overschreven.pdf").exists()


def test_an_uploaded_file_is_not_reachable_by_its_storage_path(cast, media):
    article = write(cast.author)
    item = services.add_attachment(actor=cast.author, article=article, upload=SimpleUploadedFile("brief.pdf", PDF))
    client = Client()
    client.force_login(cast.author)
    for url in (f"/media/{item.file.name}", f"/{item.file.name}", f"/static/../media/{item.file.name}"):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/kennisbank/artikel/{article.pk}/bijlagen/{item.pk}/").status_code == 200
    # The reverse proxy has no location for uploads either: only collectstatic's output is served from disk.
    nginx = (REPO_ROOT / "deploy" / "nginx" / "regiekamer.conf").read_text()
    assert "location /media" not in nginx
    assert re.findall(r"^\s*(?:alias|root)\s+(\S+);", nginx, re.M) == ["/var/lib/regiekamer/static/"]
