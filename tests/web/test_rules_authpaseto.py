"""``pasetokit.web.authpaseto`` rules no other test pins: the ``public``-purpose key settings
(PASERK or PEM, inline or ``*_file``), the one-issuer and one-audience rules, and which
``*_token_expires`` values are lifetimes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

import pasetokit
from pasetokit import (
    ConfigurationError,
    ExpiredTokenError,
    InvalidKeyError,
    LocalKey,
    PasetoError,
    SecretKey,
    TokenPolicy,
)
from pasetokit.web import read_authpaseto_settings
from pasetokit.web.authpaseto import AuthPasetoConfig

LOCAL = LocalKey.generate().to_paserk()
SIGNER = SecretKey.generate()


def read(**values: Any) -> AuthPasetoConfig:
    return read_authpaseto_settings([(f"authpaseto_{k}", v) for k, v in values.items()])


def _refused(error: type[PasetoError], **values: Any) -> PasetoError:
    with pytest.raises(error) as info:
        read(**values)
    assert type(info.value) is error
    return info.value


def _signs_with(policy: TokenPolicy, signer: SecretKey) -> None:
    token = policy.create_access_token("alice")
    assert token.startswith("v4.public.")
    assert pasetokit.decode(signer.public_key(), token).claims["sub"] == "alice"


# --- the v4.public keys: PASERK or PEM, inline or from a file -------------------------------------


@pytest.mark.parametrize("form", ["paserk", "pem"])
def test_private_key_inline(form: str) -> None:
    text = SIGNER.to_paserk() if form == "paserk" else SIGNER.to_pem()
    _signs_with(read(private_key=text).policy, SIGNER)


@pytest.mark.parametrize("form", ["paserk", "pem"])
def test_key_files(tmp_path: Path, form: str) -> None:
    private, public = tmp_path / "private", tmp_path / "public"
    pub = SIGNER.public_key()
    private.write_text(SIGNER.to_pem() if form == "pem" else SIGNER.to_paserk(), "utf-8")
    public.write_text(pub.to_pem() if form == "pem" else pub.to_paserk(), "utf-8")
    config = read(private_key_file=str(private), public_key_file=str(public))
    _signs_with(config.policy, SIGNER)


def test_an_inline_key_wins_over_its_file(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-file"  # never read: the inline value is given
    config = read(private_key=SIGNER.to_paserk(), private_key_file=str(missing))
    _signs_with(config.policy, SIGNER)


def test_an_empty_key_setting_is_unset() -> None:
    config = read(secret_key=LOCAL, private_key="", public_key="")
    assert config.policy.create_access_token("alice").startswith("v4.local.")


def test_a_public_key_verifies_tokens_of_its_issuer() -> None:
    partner = SecretKey.generate()
    ours = read(secret_key=LOCAL, public_key=partner.public_key().to_paserk()).policy
    theirs = TokenPolicy(secret_key=partner, revocation_store=False)
    assert ours.verify(theirs.create_access_token("bob"))["sub"] == "bob"


@pytest.mark.parametrize("form", ["paserk", "pem"])
def test_a_public_key_must_be_the_private_keys_half(form: str) -> None:
    other = SecretKey.generate().public_key()
    text = other.to_paserk() if form == "paserk" else other.to_pem()
    error = _refused(InvalidKeyError, private_key=SIGNER.to_paserk(), public_key=text)
    assert error.code == "invalid_key"
    matching = SIGNER.public_key()
    same = matching.to_paserk() if form == "paserk" else matching.to_pem()
    _signs_with(read(private_key=SIGNER.to_paserk(), public_key=same).policy, SIGNER)


# --- one issuer, one audience ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encode", "decode", "issuer"),
    [
        ("us", None, "us"),
        (None, "us", "us"),
        ("us", "us", "us"),
        ("", "us", "us"),
        (None, None, None),
    ],
)
def test_one_issuer(encode: str | None, decode: str | None, issuer: str | None) -> None:
    config = read(secret_key=LOCAL, encode_issuer=encode, decode_issuer=decode)
    assert config.issuer == issuer
    claims = config.policy.verify(config.policy.create_access_token("alice"))
    assert claims.get("iss") == issuer


def test_two_issuers_are_refused() -> None:
    _refused(ConfigurationError, secret_key=LOCAL, encode_issuer="us", decode_issuer="them")


@pytest.mark.parametrize(
    ("audience", "expected"),
    [(["api"], "api"), (("api",), "api"), ("api", "api"), ([], None), ("", None)],
)
def test_one_audience(audience: Any, expected: str | None) -> None:
    config = read(secret_key=LOCAL, decode_audience=audience)
    assert config.audience == expected
    claims = config.policy.verify(config.policy.create_access_token("alice"))
    assert claims.get("aud") == expected


def test_several_audiences_are_refused() -> None:
    _refused(ConfigurationError, secret_key=LOCAL, decode_audience=["api", "admin"])


# --- lifetimes: a timedelta or whole seconds; never False, never a float or a bool --------------


@pytest.mark.parametrize("given", [600, timedelta(minutes=10)])
def test_expiry_in_seconds_or_timedelta(given: int | timedelta) -> None:
    policy = read(secret_key=LOCAL, access_token_expires=given).policy
    assert policy.access_ttl == timedelta(minutes=10)


@pytest.mark.parametrize("given", [False, True, 1.5, "600", None])
def test_expiry_refused(given: object) -> None:
    error = _refused(ConfigurationError, secret_key=LOCAL, refresh_token_expires=given)
    assert error.code == "configuration_error"


# --- purpose: local when a secret_key is set, unless authpaseto_purpose says otherwise ---------


@pytest.mark.parametrize(
    ("values", "header"),
    [
        ({"secret_key": LOCAL}, "v4.local."),
        ({"private_key": SIGNER.to_paserk()}, "v4.public."),
        ({"secret_key": LOCAL, "private_key": SIGNER.to_paserk()}, "v4.local."),
        (
            {"secret_key": LOCAL, "private_key": SIGNER.to_paserk(), "purpose": "public"},
            "v4.public.",
        ),
        ({"secret_key": LOCAL, "private_key": SIGNER.to_paserk(), "purpose": "local"}, "v4.local."),
    ],
)
def test_purpose(values: dict[str, Any], header: str) -> None:
    policy = read(**values).policy
    assert policy.create_access_token("alice").startswith(header)
    assert policy.create_refresh_token("alice").startswith(header)


@pytest.mark.parametrize("purpose", ["LOCAL", "v4.local", "", 4])
def test_an_unknown_purpose_is_refused(purpose: object) -> None:
    _refused(ConfigurationError, secret_key=LOCAL, purpose=purpose)


def test_default_lifetimes_and_the_other_expiry_is_checked() -> None:
    policy = read(secret_key=LOCAL).policy
    assert policy.access_ttl == timedelta(minutes=15)
    assert policy.refresh_ttl == timedelta(days=30)
    _refused(ConfigurationError, secret_key=LOCAL, other_token_expires=False)
    _refused(ConfigurationError, secret_key=LOCAL, other_token_expires=1.5)


# --- unknown names: ours are refused (with a did-you-mean when one is close), the app's kept ----


@pytest.mark.parametrize(
    ("name", "message"),
    [
        # our prefix, nothing close: refused without a hint (no made-up suggestion)
        ("authpaseto_zzzzzz", "load_config: unknown setting 'authpaseto_zzzzzz'"),
        # close to one of ours without our prefix (a typo in the prefix): refused with the hint
        (
            "authpasteo_secret_key",
            "load_config: unknown setting 'authpasteo_secret_key'; "
            "did you mean 'authpaseto_secret_key'?",
        ),
    ],
)
def test_an_unknown_setting_of_ours_is_refused(name: str, message: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        read_authpaseto_settings([("authpaseto_secret_key", LOCAL), (name, 1)])
    assert type(info.value) is ConfigurationError
    assert info.value.code == "configuration_error"
    assert info.value.message == message


# --- token locations and the header / JSON / query names ----------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("json", ("json",)),  # one name as a str, not its letters
        (["headers", "query"], ("headers", "query_string")),
        (("json", "headers"), ("json", "headers")),
    ],
)
def test_token_location(given: Any, expected: tuple[str, ...]) -> None:
    assert read(secret_key=LOCAL, token_location=given).settings.token_locations == expected


def test_token_location_default_is_headers() -> None:
    assert read(secret_key=LOCAL).settings.token_locations == ("headers",)


@pytest.mark.parametrize(
    ("theirs", "ours", "value"),
    [
        ("header_name", "header_name", "X-Token"),
        ("header_type", "header_type", "Token"),
        ("json_key", "json_key", "paseto"),
        ("websocket_query_key", "query_string_name", "ticket"),
    ],
)
def test_header_json_and_query_names(theirs: str, ours: str, value: str) -> None:
    settings = read(secret_key=LOCAL, **{theirs: value}).settings
    assert getattr(settings, ours) == value


@pytest.mark.parametrize(("theirs", "value"), [("header_name", "a b"), ("websocket_query_key", "")])
def test_a_bad_name_is_reported_under_upstreams_setting(theirs: str, value: str) -> None:
    error = _refused(ConfigurationError, secret_key=LOCAL, **{theirs: value})
    assert error.code == "configuration_error"
    assert error.message.startswith(f"authpaseto_{theirs} must be a non-empty")


@pytest.mark.parametrize(("given", "expected"), [("Token", "Token"), ("", None), (None, None)])
def test_json_type(given: str | None, expected: str | None) -> None:
    assert read(secret_key=LOCAL, json_type=given).json_type == expected


# --- the deny-list switches -----------------------------------------------------------------------


def test_denylist_defaults() -> None:
    config = read(secret_key=LOCAL)
    assert config.denylist_enabled is False
    assert config.denylist_token_checks == frozenset({"access", "refresh"})


def test_denylist_token_checks_and_enabled() -> None:
    config = read(secret_key=LOCAL, denylist_enabled=True, denylist_token_checks=["refresh"])
    assert config.denylist_enabled is True
    assert config.denylist_token_checks == frozenset({"refresh"})


@pytest.mark.parametrize("checks", ["access", ["access", "email"], ("other",)])
def test_denylist_token_checks_refused(checks: object) -> None:
    # a str is refused even when its letters would pass: "access" is not ("access",)
    error = _refused(ConfigurationError, secret_key=LOCAL, denylist_token_checks=checks)
    assert error.code == "configuration_error"


@pytest.mark.parametrize("enabled", [1, "true", None])
def test_denylist_enabled_must_be_a_bool(enabled: object) -> None:
    _refused(ConfigurationError, secret_key=LOCAL, denylist_enabled=enabled)


# --- leeway and the refresh lifetime reach the policy ---------------------------------------------


def _expired_by(seconds: float) -> str:
    """An access token (15 minutes, the default) whose ``exp`` passed ``seconds`` ago."""
    ago = datetime.now(timezone.utc) - timedelta(minutes=15, seconds=seconds)
    minter = TokenPolicy(
        local_key=LocalKey.from_paserk(LOCAL), revocation_store=False, clock=lambda: ago
    )
    return minter.create_access_token("alice")


def test_decode_leeway_reaches_the_policy() -> None:
    policy = read(secret_key=LOCAL, decode_leeway=10).policy
    assert policy.verify(_expired_by(5))["sub"] == "alice"
    with pytest.raises(ExpiredTokenError):
        policy.verify(_expired_by(15))


@pytest.mark.parametrize("leeway", [{}, {"decode_leeway": None}, {"decode_leeway": 0}])
def test_no_decode_leeway_is_none(leeway: dict[str, Any]) -> None:
    # expired 0.2 s ago: any leeway of a second or more (a wrong default) would accept it
    with pytest.raises(ExpiredTokenError) as info:
        read(secret_key=LOCAL, **leeway).policy.verify(_expired_by(0.2))
    assert info.value.code == "token_expired"


def test_refresh_token_expires_reaches_the_policy() -> None:
    policy = read(secret_key=LOCAL, refresh_token_expires=timedelta(days=2)).policy
    assert policy.refresh_ttl == timedelta(days=2)
