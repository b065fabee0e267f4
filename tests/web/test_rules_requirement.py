"""``pasetokit.web.Requirement`` rules: flags must be booleans, scopes RFC 6749 scope-tokens
(a string is a space-separated list; duplicates dropped, order kept), ``fresh`` and ``scopes``
apply to access tokens only, ``locations`` are parsed like the setting, the token type follows
``refresh``; :meth:`Requirement.make` gives the same answer cached, uncached or by default."""

from __future__ import annotations

from typing import Any

import pytest

from pasetokit import ConfigurationError
from pasetokit.web import Requirement


def _refused(**kwargs: Any) -> None:
    with pytest.raises(ConfigurationError) as info:
        Requirement(**kwargs)
    assert type(info.value) is ConfigurationError
    assert info.value.code == "configuration_error"
    with pytest.raises(ConfigurationError) as made:
        Requirement.make(**kwargs)
    assert type(made.value) is ConfigurationError


@pytest.mark.parametrize("name", ["refresh", "fresh", "optional"])
@pytest.mark.parametrize("value", [1, 0, None, "yes"])
def test_flags_must_be_booleans(name: str, value: object) -> None:
    _refused(**{name: value})


def test_each_flag_is_kept() -> None:
    assert Requirement(refresh=True).refresh is True
    assert Requirement(fresh=True).fresh is True
    assert Requirement(optional=True).optional is True
    assert Requirement(optional=True, refresh=True).token_type == "refresh"
    assert Requirement().token_type == "access"
    assert Requirement(fresh=True).token_type == "access"


@pytest.mark.parametrize(
    ("scopes", "expected"),
    [
        ("a b  c", ("a", "b", "c")),
        (" a\tb ", ("a", "b")),
        ("", ()),
        (("b", "a", "b"), ("b", "a")),  # duplicates dropped, the first order kept
        (["x:y", "!#[]~"], ("x:y", "!#[]~")),
    ],
)
def test_scopes(scopes: Any, expected: tuple[str, ...]) -> None:
    assert Requirement(scopes=scopes).scopes == expected


def test_scopes_from_any_iterable() -> None:
    # made here, not in a parametrize list: an iterator is spent after one run (and mutmut
    # runs each test more than once in one process)
    assert Requirement(scopes=iter(["i", "j"])).scopes == ("i", "j")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "scopes",
    [5, ("a b",), ("",), ('a"b',), ("a\\b",), ("é",), (1,), ("a", None), ("\x7f",)],
)
def test_scopes_must_be_scope_tokens(scopes: Any) -> None:
    _refused(scopes=scopes)


def test_fresh_and_scopes_are_for_access_tokens() -> None:
    _refused(refresh=True, fresh=True)
    _refused(refresh=True, fresh=True, optional=True)  # all flags alike: not the defaults
    _refused(refresh=True, scopes=("a",))
    _refused(refresh=True, scopes="a")
    assert Requirement(refresh=True, scopes=()).scopes == ()
    assert Requirement(refresh=True, scopes="").scopes == ()  # type: ignore[arg-type]  # normalised
    assert Requirement(fresh=True, scopes="a").scopes == ("a",)  # type: ignore[arg-type]


def test_locations() -> None:
    assert Requirement().locations is None
    assert Requirement(locations=("cookies", "headers")).locations == ("cookies", "headers")
    assert Requirement.make(locations="json, query_string").locations == ("json", "query_string")
    _refused(locations=("body",))
    _refused(locations=())


def test_make_agrees_cached_or_not() -> None:
    assert Requirement.make() is Requirement.make()  # the defaults: one shared instance
    assert Requirement.make() == Requirement()
    for kwargs in (
        {"refresh": True},
        {"fresh": True},
        {"optional": True},
        {"scopes": "a b"},
        {"scopes": ("a",)},
        {"locations": "cookies"},
        {"locations": ("headers",)},
        {"scopes": ["a"], "locations": ["json"]},  # lists: validated uncached
        {"scopes": (["a"],)},
    ):
        try:
            direct = Requirement(**kwargs)
        except ConfigurationError:
            _refused(**kwargs)
            continue
        made = Requirement.make(**kwargs)
        assert made == direct
        assert Requirement.make(**kwargs) == direct  # the cached copy
        assert type(made.scopes) is tuple
    assert Requirement.make(scopes=()) is Requirement.make()
    assert Requirement.make(scopes=[]) == Requirement()
    assert Requirement.make(scopes=("a",)) is Requirement.make(scopes=("a",))  # cached
    assert Requirement.make(locations=None, optional=False) is Requirement.make()
