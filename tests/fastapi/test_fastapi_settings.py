"""Auth options: validated when the Auth is built; a misspelt one fails with a did-you-mean."""

import dataclasses
from typing import Any

import pytest

from pasetokit import ConfigurationError
from pasetokit_fastapi import Auth, AuthOptions, AuthSettings

from fastapi_support import make_policy


def test_defaults_are_the_safe_ones() -> None:
    settings = Auth(make_policy()).settings
    assert settings.token_locations == ("headers",)
    assert (settings.header_name, settings.header_type) == ("Authorization", "Bearer")
    assert settings.cookie_secure is True
    assert settings.cookie_samesite == "Lax"
    assert settings.csrf_protect is True
    assert settings.csrf_methods == {"POST", "PUT", "PATCH", "DELETE"}
    assert settings.csrf_header_name == "X-CSRF-Token"


def test_options_typed_dict_matches_the_model() -> None:
    assert set(AuthOptions.__annotations__) == {f.name for f in dataclasses.fields(AuthSettings)}


def test_settings_are_frozen_and_normalised() -> None:
    auth = Auth(
        make_policy(),
        token_locations="headers cookies",
        cookie_samesite="Strict",
        csrf_methods=["post", "delete"],
    )
    assert auth.settings.token_locations == ("headers", "cookies")
    assert auth.settings.cookie_samesite == "Strict"
    assert auth.settings.csrf_methods == {"POST", "DELETE"}
    with pytest.raises(dataclasses.FrozenInstanceError):
        auth.settings.cookie_secure = False  # type: ignore[misc]


def test_misspelt_option_suggests_the_right_one() -> None:
    with pytest.raises(
        ConfigurationError, match="unknown option 'cookie_secur'; did you mean 'cookie_secure'"
    ):
        Auth(make_policy(), cookie_secur=False)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"token_locations": ["header"]}, "unknown token location 'header'"),
        ({"token_locations": []}, "at least one location"),
        ({"token_locations": ["headers", "headers"]}, "listed twice"),
        ({"cookie_samesite": "none", "cookie_secure": False}, "needs cookie_secure=True"),
        ({"cookie_samesite": "sometimes"}, "cookie_samesite"),
        ({"cookie_secure": "yes"}, "cookie_secure"),
        ({"header_name": "Bad Header"}, "header_name"),
        ({"header_type": "Bearer x"}, "auth scheme"),
        ({"access_cookie_path": "api"}, "starts with '/'"),
        ({"cookie_domain": "a;b"}, "cookie_domain"),
        ({"csrf_methods": "POST"}, "list of HTTP methods"),
        ({"csrf_methods": ["PO ST"]}, "not an HTTP method"),
        ({"json_key": ""}, "json_key"),
        ({"scheme_prefix": "has space"}, "scheme_prefix"),
    ],
)
def test_bad_options_fail_at_build(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        Auth(make_policy(), **options)


def test_policy_must_be_a_token_policy() -> None:
    with pytest.raises(ConfigurationError, match="TokenPolicy"):
        Auth(object())  # type: ignore[arg-type]
