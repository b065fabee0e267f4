"""The cap on a ring that tries kid-less tokens on every key: 4 keys of a purpose, written out
here (a statement mutant moving ``MAX_KEYS_WITHOUT_KID`` to 5 failed no test: each test read
the constant)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import pasetokit
from pasetokit import ConfigurationError, KeyRing, v4

CAP = 4  # written out on purpose: moving the constant must fail here


@pytest.mark.parametrize("make", [pasetokit.LocalKey.generate, pasetokit.SecretKey.generate])
def test_try_without_kid_allows_four_keys_per_purpose_and_no_more(
    make: Callable[[], pasetokit.LocalKey | pasetokit.SecretKey],
) -> None:
    keys = [make() for _ in range(CAP + 1)]
    ring = KeyRing(keys[:CAP], try_without_kid=True)
    last = keys[CAP - 1]
    if isinstance(last, pasetokit.LocalKey):
        token = v4.encrypt(last, b'{"sub":"a"}')
    else:
        token = v4.sign(last, b'{"sub":"a"}')
    rules = pasetokit.ClaimRules(require_exp=False)
    assert pasetokit.decode(ring, token, rules=rules).claims == {"sub": "a"}  # the 4th is tried
    with pytest.raises(ConfigurationError, match="at most 4 keys") as info:
        KeyRing(keys, try_without_kid=True)
    assert info.value.code == "configuration_error"
    assert len(KeyRing(keys)) == CAP + 1  # with kids only, no cap
