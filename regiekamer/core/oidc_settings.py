"""The settings of the optional OIDC login, read from the environment (config/settings.py calls this).

Off unless REGIEKAMER_OIDC_ISSUER is set. Then the client id and secret and the provider's four
endpoints are required (mozilla-django-oidc does no discovery: copy them from the provider's
/.well-known/openid-configuration). docs/deployment.md, "Inloggen via OIDC", explains each variable.
Pure: no Django import, so that settings.py can call it and a test can call it with any environment.
"""

from collections.abc import Mapping

REQUIRED = {  # Django setting (mozilla-django-oidc's name): environment variable
    "OIDC_RP_CLIENT_ID": "REGIEKAMER_OIDC_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET": "REGIEKAMER_OIDC_CLIENT_SECRET",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "REGIEKAMER_OIDC_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT": "REGIEKAMER_OIDC_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT": "REGIEKAMER_OIDC_USERINFO_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT": "REGIEKAMER_OIDC_JWKS_ENDPOINT",
}
BACKEND = "regiekamer.core.oidc.OIDCBackend"


def _list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def from_environment(environ: Mapping[str, str]) -> dict:
    """The Django settings for the OIDC login; {"OIDC_ENABLED": False} while it is off."""
    issuer = environ.get("REGIEKAMER_OIDC_ISSUER", "").strip()
    if not issuer:
        return {"OIDC_ENABLED": False}
    missing = [name for name in REQUIRED.values() if not environ.get(name, "").strip()]
    if missing:
        raise RuntimeError("REGIEKAMER_OIDC_ISSUER is set, so set " + ", ".join(missing) + " as well.")
    values = {setting: environ[name].strip() for setting, name in REQUIRED.items()}
    requested_acr = environ.get("REGIEKAMER_OIDC_REQUEST_ACR", "").strip()
    return {
        "OIDC_ENABLED": True,
        "OIDC_ISSUER": issuer,
        **values,
        "OIDC_RP_SIGN_ALGO": environ.get("REGIEKAMER_OIDC_SIGN_ALGO", "RS256").strip(),
        "OIDC_RP_SCOPES": environ.get("REGIEKAMER_OIDC_SCOPES", "openid email profile").strip(),
        "OIDC_USE_PKCE": True,
        "OIDC_CREATE_USER": False,  # access is granted in Regiekamer, never by the provider
        "OIDC_STORE_ID_TOKEN": True,  # the id_token_hint of the logout at the provider
        "OIDC_CALLBACK_CLASS": "regiekamer.core.oidc.CallbackView",
        "OIDC_OP_LOGOUT_URL_METHOD": "regiekamer.core.oidc.provider_logout_url",
        "OIDC_AUTH_REQUEST_EXTRA_PARAMS": {"acr_values": requested_acr} if requested_acr else {},
        "OIDC_TIMEOUT": float(environ.get("REGIEKAMER_OIDC_TIMEOUT", "10")),
        # Which claim finds the Regiekamer account: "email" (User.email, case-insensitive), or any
        # other claim ("sub", "preferred_username") compared with User.username.
        "OIDC_MATCH_CLAIM": environ.get("REGIEKAMER_OIDC_MATCH_CLAIM", "email").strip(),
        # The ID token must say that the provider checked a second factor: one of these amr values
        # (RFC 8176) or one of these acr values.
        "OIDC_MFA_AMR": _list(environ.get("REGIEKAMER_OIDC_MFA_AMR", "mfa")),
        "OIDC_MFA_ACR": _list(environ.get("REGIEKAMER_OIDC_MFA_ACR", "")),
        "OIDC_LOGOUT_ENDPOINT": environ.get("REGIEKAMER_OIDC_LOGOUT_ENDPOINT", "").strip(),
    }
