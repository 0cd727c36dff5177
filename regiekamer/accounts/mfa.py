"""The second factor: a TOTP authenticator app (RFC 6238, 6 digits, 30 seconds), through django-otp.

A code is accepted once: the device remembers the time step of the last accepted code (last_t)
and accepts only later ones, so a code that was seen (over a shoulder, by malware) cannot be used
again. Verification locks the device's row, so two requests with one code cannot both pass.
"""

import base64
import time
from enum import StrEnum

import segno
from django.contrib.auth.models import User
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Authenticator-app"


class Outcome(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    REPLAYED = "replayed"  # a right code that was used before
    THROTTLED = "throttled"  # too many wrong codes just now (django-otp's growing delay)


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def enrolment_device(user: User) -> TOTPDevice:
    """The unconfirmed device of a user who has none yet; the same one on every visit, so the
    QR code does not change while the user is still scanning it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def secret_base32(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed in: base32, in groups of four."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// link as an inline SVG element: no image URL, so the strict CSP needs nothing."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=4, light="#fff", dark="#000")


def _used_before(device: TOTPDevice, token: int) -> bool:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    # verify() leaves the matching time step in totp.t(): used before when it is not after last_t.
    return totp.verify(token, device.tolerance) and totp.t() <= device.last_t


@transaction.atomic
def verify(device: TOTPDevice, code: str) -> Outcome:
    """Check a code against the device, accepting each time step at most once."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return Outcome.THROTTLED
    code = code.strip().replace(" ", "")
    if device.verify_token(code):
        return Outcome.OK
    if code.isdigit() and _used_before(device, int(code)):
        return Outcome.REPLAYED
    return Outcome.WRONG


def code_for(device: TOTPDevice, *, at: float | None = None) -> str:
    """The code the device shows at a moment (tests and the browser tests' login helper)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"
