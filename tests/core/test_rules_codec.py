"""``encode``/``decode`` argument rules: ``expires_in`` bounds, the error *type* of each refusal,
``max_size`` validation."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

import pasetokit
from pasetokit import ConfigurationError, EncodeError, InvalidKeyError
from pasetokit._json import FooterLimits

KEY = pasetokit.LocalKey.generate()
SECRET = pasetokit.SecretKey.generate()
NOW = datetime(2026, 11, 28, 12, 0, 0, tzinfo=timezone.utc)


def exp_of(token: str) -> str:
    value = pasetokit.decode(KEY, token, now=NOW).claims["exp"]
    assert isinstance(value, str)
    return value


# --- expires_in --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "expires_in",
    [0, -1, -0.001, timedelta(0), timedelta(seconds=-5), 1e10, float("inf"), float("nan")],
)
def test_expires_in_out_of_bounds(expires_in: Any) -> None:
    with pytest.raises(ConfigurationError) as info:
        pasetokit.encode(KEY, {}, expires_in=expires_in, now=NOW)
    assert type(info.value) is ConfigurationError
    assert info.value.code == "configuration_error"


@pytest.mark.parametrize("expires_in", ["60", True, [60]])
def test_expires_in_of_the_wrong_type(expires_in: Any) -> None:
    with pytest.raises(ConfigurationError):
        pasetokit.encode(KEY, {}, expires_in=expires_in, now=NOW)


def test_expires_in_just_inside_the_bounds() -> None:
    assert exp_of(pasetokit.encode(KEY, {}, expires_in=1, now=NOW)) == "2026-11-28T12:00:01Z"
    tiny = pasetokit.encode(KEY, {}, expires_in=0.001, now=NOW)
    assert exp_of(tiny) == "2026-11-28T12:00:00.001000Z"
    far = pasetokit.encode(KEY, {}, expires_in=1e10 - 1, now=NOW)
    assert exp_of(far).startswith("2343-")


def test_default_lifetime_is_one_hour() -> None:
    assert exp_of(pasetokit.encode(KEY, {}, now=NOW)) == "2026-11-28T13:00:00Z"


def test_now_whole_seconds_for_the_default_exp() -> None:
    moment = NOW.replace(microsecond=999_999)
    token = pasetokit.encode(KEY, {}, expires_in=10, now=moment)
    assert exp_of(token) == "2026-11-28T12:00:10Z"


def test_expires_in_none_and_an_explicit_exp() -> None:
    rules = pasetokit.ClaimRules(require_exp=False)
    token = pasetokit.encode(KEY, {}, expires_in=None, now=NOW)
    assert "exp" not in pasetokit.decode(KEY, token, rules=rules, now=NOW).claims
    explicit = pasetokit.encode(KEY, {"exp": NOW + timedelta(minutes=5)}, expires_in=10, now=NOW)
    assert exp_of(explicit) == "2026-11-28T12:05:00Z"


# --- error types --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [SECRET.public_key(), KEY.to_bytes(), "k4.local.x", None],
    ids=["public-key", "raw-bytes", "paserk-text", "none"],
)
@pytest.mark.parametrize("include_kid", [False, True])
def test_encode_with_a_non_key(key: Any, include_kid: bool) -> None:
    with pytest.raises(InvalidKeyError) as info:
        pasetokit.encode(key, {}, include_kid=include_kid)
    assert type(info.value) is InvalidKeyError
    assert info.value.code == "invalid_key"


@pytest.mark.parametrize("footer", [{"a": object()}, {"a": float("nan")}, {"a": {1, 2}}])
def test_footer_that_is_not_json(footer: Any) -> None:
    with pytest.raises(EncodeError) as info:
        pasetokit.encode(KEY, {}, footer=footer)
    assert type(info.value) is EncodeError
    assert info.value.code == "encode_error"


@pytest.mark.parametrize("footer", [5, 1.5, ["kid"], bytearray(b"x"), True])
def test_footer_of_the_wrong_type(footer: Any) -> None:
    with pytest.raises(EncodeError) as info:
        pasetokit.encode(KEY, {}, footer=footer)
    assert type(info.value) is EncodeError


@pytest.mark.parametrize("footer", [b"f", "f", {"f": 1}])
def test_footer_forms_come_back(footer: Any) -> None:
    token = pasetokit.encode(KEY, {}, footer=footer)
    got = pasetokit.decode(KEY, token).footer
    assert got == (footer.encode() if isinstance(footer, str) else footer)


def test_include_kid_with_a_wrong_footer() -> None:
    with pytest.raises(EncodeError):
        pasetokit.encode(KEY, {}, footer=b"raw", include_kid=True)
    with pytest.raises(EncodeError):
        pasetokit.encode(KEY, {}, footer={"kid": "other"}, include_kid=True)
    same = pasetokit.encode(KEY, {}, footer={"kid": KEY.paserk_id, "a": 1}, include_kid=True)
    assert pasetokit.decode(KEY, same).footer == {"kid": KEY.paserk_id, "a": 1}
    empty = pasetokit.encode(KEY, {}, footer={}, include_kid=True)
    assert pasetokit.decode(KEY, empty).footer == {"kid": KEY.paserk_id}


def test_include_kid_of_a_public_token_names_the_public_key() -> None:
    token = pasetokit.encode(SECRET, {}, include_kid=True)
    assert pasetokit.decode(SECRET, token).kid == SECRET.public_key().paserk_id


def test_claims_that_are_not_json() -> None:
    with pytest.raises(EncodeError) as info:
        pasetokit.encode(KEY, {"x": object()})
    assert type(info.value) is EncodeError
    with pytest.raises(EncodeError):
        pasetokit.encode(KEY, {"x": float("inf")})


# --- decode arguments ---------------------------------------------------------------------------


@pytest.mark.parametrize("max_size", [0, -1, True, False, 1.0, "16384", None])
def test_decode_max_size_validation(max_size: Any) -> None:
    token = pasetokit.encode(KEY, {})
    with pytest.raises(ConfigurationError) as info:
        pasetokit.decode(KEY, token, max_size=max_size)
    assert type(info.value) is ConfigurationError


def test_decode_max_size_one_is_valid() -> None:
    with pytest.raises(pasetokit.MalformedTokenError, match="too large"):
        pasetokit.decode(KEY, pasetokit.encode(KEY, {}), max_size=1)


def test_decode_now_must_be_an_aware_datetime() -> None:
    token = pasetokit.encode(KEY, {})
    for bad in (datetime(2026, 1, 1), 1767225600, "now"):
        with pytest.raises(ConfigurationError):
            pasetokit.decode(KEY, token, now=bad)  # type: ignore[arg-type]


def test_decode_uses_now_when_given() -> None:
    token = pasetokit.encode(KEY, {}, now=NOW, expires_in=60)
    assert pasetokit.decode(KEY, token, now=NOW + timedelta(seconds=60))
    with pytest.raises(pasetokit.ExpiredTokenError):
        pasetokit.decode(KEY, token, now=NOW + timedelta(seconds=61))


# --- decode: the rules argument, footers with \u00 escapes, a ring's kid ------------------------


def test_rules_may_be_a_claim_rules_subclass() -> None:
    class StrictRules(pasetokit.ClaimRules):
        pass

    token = pasetokit.encode(KEY, {"iss": "a"}, now=NOW)
    rules = StrictRules(issuer="a")
    assert pasetokit.decode(KEY, token, rules=rules, now=NOW).claims["iss"] == "a"
    with pytest.raises(pasetokit.ClaimError) as info:
        pasetokit.decode(KEY, token, rules=StrictRules(issuer="b"), now=NOW)
    assert info.value.code == "invalid_claim"


def test_a_footer_with_u00_escapes_is_parsed_and_limited() -> None:
    # \u00XX escapes send decode the footer's careful way (they could spell a PASERK): the
    # footer still comes back parsed and every limit still applies.
    token = pasetokit.encode(KEY, {}, footer=b'{"kid":"app","n":"\\u00e9"}', now=NOW)
    assert pasetokit.decode(KEY, token, now=NOW).footer == {"kid": "app", "n": "é"}
    for footer in (b'{"n":"\\u00e9","n":1}', b'{"n":"\\u00e9","m":{"o":1}}'):
        token = pasetokit.encode(KEY, {}, footer=footer, now=NOW)
        with pytest.raises(pasetokit.MalformedTokenError) as info:
            pasetokit.decode(KEY, token, now=NOW)
        assert info.value.code == "malformed_token"


def test_a_footer_with_a_broken_u00_escape_is_bytes_to_encode_and_refused_by_decode() -> None:
    # "\u00zz" decodes to no PASERK: encode writes the bytes as given (a footer need not be
    # JSON); decode refuses them as a JSON footer that does not parse.
    token = pasetokit.encode(KEY, {}, footer=b'{"n":"\\u00zz"}', now=NOW)
    with pytest.raises(pasetokit.MalformedTokenError) as info:
        pasetokit.decode(KEY, token, now=NOW)
    assert info.value.code == "malformed_token"


@pytest.mark.parametrize("kid", [["k"], {"k": 1}, 5])
def test_a_ring_refuses_a_kid_that_is_not_a_string(kid: object) -> None:
    ring = pasetokit.KeyRing([KEY])
    token = pasetokit.encode(KEY, {}, footer={"kid": kid}, now=NOW)
    limits = FooterLimits(max_depth=3)  # lets a container kid reach the ring
    with pytest.raises(pasetokit.InvalidTokenError) as info:
        pasetokit.decode(ring, token, now=NOW, footer_limits=limits)
    assert info.value.code == "invalid_token"


def test_now_may_be_an_aware_datetime_subclass() -> None:
    class Moment(datetime):
        pass

    token = pasetokit.encode(KEY, {}, now=NOW, expires_in=60)
    at_exp = Moment(2026, 11, 28, 12, 1, 0, tzinfo=timezone.utc)
    assert pasetokit.decode(KEY, token, now=at_exp).claims["exp"] == "2026-11-28T12:01:00Z"
    with pytest.raises(pasetokit.ExpiredTokenError) as info:
        pasetokit.decode(KEY, token, now=at_exp + timedelta(seconds=1))
    assert info.value.code == "token_expired"
    with pytest.raises(ConfigurationError) as refused:
        pasetokit.decode(KEY, token, now=Moment(2026, 11, 28, 12, 0, 0))  # naive
    assert refused.value.code == "configuration_error"
