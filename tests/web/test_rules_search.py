"""``pasetokit.web.search`` rules at their boundaries, the header half: the cheap first look
(:func:`plain_credential`) and what the strict search then decides, field values and their
optional whitespace, the CSRF header, the ``Authorization`` header's scheme, token68 and comma
rules (the other locations: ``test_rules_search_locations``). Each refusal pins the class and
``code``."""

from __future__ import annotations

import pytest
from search_support import ALL, HEADERS, View, refused

from pasetokit import CSRFError, MalformedTokenError
from pasetokit.web import (
    Gate,
    Requirement,
    WebSettings,
    check_csrf_header,
    field_value,
    find_token,
    plain_credential,
)

from policy_support import FakeClock, make_policy


def _auth(*values: str) -> View:
    return View([("Authorization", v) for v in values])


def _header(settings: WebSettings, *values: str) -> str | None:
    found = find_token(settings, _auth(*values), HEADERS, refresh=False)
    return None if found is None else found.token


# --- plain_credential: exactly "<scheme> SP <credential>", one line, nothing decided beyond -------


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["Bearer abc"], "abc"),
        (["bEARER abc"], "abc"),  # the scheme in any case
        ([" \tBearer abc\t "], "abc"),  # optional whitespace around the field value
        (["Bearer abc\x0c"], "abc\x0c"),  # only SP / HTAB are OWS: the strict search decides
        (["Bearer a=b"], "a=b"),  # not yet checked to be a token68
        (["Bearer"], None),
        (["Bearer "], None),
        (["Bearer  abc"], None),
        (["Bearer a b"], None),
        (["Bearer a\tb"], None),
        (["Bearer a,b"], None),
        (["Basic abc"], None),
        (["Bearer abc", "Bearer abc"], None),  # several field lines
        ([], None),
    ],
)
def test_plain_credential(lines: list[str], expected: str | None) -> None:
    assert plain_credential(_auth(*lines), "authorization", "bearer") == expected


def test_the_gate_lets_the_strict_search_refuse_what_the_first_look_took() -> None:
    # "Bearer <token>\f": the first look takes "<token>\f", the policy refuses it, and the
    # strict search's verdict (a malformed header) is the answer, not the policy's.
    policy = make_policy(FakeClock())
    token = policy.create_access_token("u")
    gate = Gate(policy, WebSettings())
    verified = gate.verify(_auth(f"Bearer {token}"), Requirement())
    assert verified is not None
    assert verified.claims["sub"] == "u"
    for odd in ("\x0c", "\x0b", "\r", "\x85", "\xa0"):
        with pytest.raises(MalformedTokenError) as info:
            gate.verify(_auth(f"Bearer {token}{odd}"), Requirement())
        assert type(info.value) is MalformedTokenError
        assert info.value.code == "malformed_token"


# --- field values: the lines joined by a comma, only SP / HTAB stripped ---------------------------


def test_field_value() -> None:
    view = View([("X-A", " \ta\t "), ("X-B", "a"), ("x-b", "b"), ("X-C", "c\x0c"), ("X-D", "")])
    assert field_value(view, "x-a") == "a"
    assert field_value(view, "x-b") == "a,b"
    assert field_value(view, "x-c") == "c\x0c"
    assert field_value(view, "x-d") == ""
    assert field_value(view, "x-e") is None


def test_the_csrf_header_keeps_what_is_not_ows() -> None:
    post = [("X-CSRF-Token", "\tabc \x0c ")]
    assert check_csrf_header(ALL, View(post, method="POST"), refresh=False) == "abc \x0c"
    for headers in ([], [("X-CSRF-Token", " \t ")]):
        with pytest.raises(CSRFError) as info:
            check_csrf_header(ALL, View(headers, method="POST"), refresh=True)
        assert type(info.value) is CSRFError
        assert info.value.code == "csrf_failed"


# --- the Authorization header ---------------------------------------------------------------------


def test_the_header_fast_path_keeps_what_the_general_rule_takes() -> None:
    from pasetokit.web.search import _scheme_sp_token68

    assert _scheme_sp_token68("Bearer XX=") == ("Bearer", "XX=")
    assert _scheme_sp_token68("Bearer X") == ("Bearer", "X")
    assert _scheme_sp_token68("B,earer X") is None


@pytest.mark.parametrize("odd", ["\x0c", "\x0b", "\r", "\n", "\x1c", "\x85", "\xa0"])
def test_only_sp_and_htab_are_optional_whitespace_in_the_header(odd: str) -> None:
    refused(ALL, _auth(f"Bearer tok{odd}"))
    assert _header(ALL, f"{odd}Bearer tok") is None  # the scheme is "<odd>Bearer": not ours
    assert _header(ALL, f"Bearer{odd}tok") is None
    assert _header(ALL, " \tBearer tok \t") == "tok"
    assert _header(ALL, "Bearer \t tok") == "tok"  # 1*(SP / HTAB) between scheme and token


def test_the_header_scheme_and_token68() -> None:
    assert _header(ALL, "bearer tok") == "tok"
    assert _header(ALL, "BEARER\ttok==") == "tok=="
    assert _header(ALL, "Basic dXNlcjpwYXNz") is None  # another scheme: no bearer token
    assert _header(ALL, "Basic\tdXNlcjpwYXNz") is None
    assert _header(ALL, "Basic  dXNlcjpwYXNz") is None
    assert _header(ALL, "Basic") is None
    assert _header(ALL) is None
    for value in ("Bearer", "Bearer ", "Bearer a=b", "Bearer =", "Bearer a b", "Bearer é"):
        refused(ALL, _auth(value))
    paseto = ALL.replace(header_type="PASETO")
    assert _header(paseto, "paseto tok") == "tok"
    assert _header(paseto, "Bearer tok") is None


@pytest.mark.parametrize(
    "values",
    [
        ("Bearer a, Bearer b",),
        ("Bearer a", "Bearer b"),
        ("Basic x", "Bearer b"),
        ("Bearer a,",),
        ("Digest a=1, bearer b",),
        ("Bearer a, Basic x",),
        ("Digest a=1, \tBearer",),  # OWS around a member is not part of it
    ],
)
def test_several_credentials_arerefused(values: tuple[str, ...]) -> None:
    refused(ALL, _auth(*values))


def test_parameters_of_another_scheme_are_no_bearer_token() -> None:
    assert _header(ALL, 'Digest username="u", realm="r"') is None
    assert _header(ALL, "Basic a", "Digest b") is None
    assert _header(ALL, "Digest a=1,\x0cBearer b") is None  # "\x0cBearer" is no scheme of ours


def test_bare_token_header() -> None:
    bare = ALL.replace(header_type="")
    assert _header(bare, "\tv4.local.abc ") == "v4.local.abc"
    assert _header(bare, "tok==") == "tok=="
    for values in (("a b",), ("a,b",), ("a", "b"), ("Bearer tok",), ("a\x0c",)):
        refused(bare, _auth(*values))
