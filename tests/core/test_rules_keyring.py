"""KeyRing and key selection: a ``kid`` must name a key of the token's own purpose.

The attack these pin: public key bytes are public, so if a ``v4.local`` token could name a
``PublicKey`` by its ``k4.pid`` and that key's 32 bytes were used as a symmetric key, anyone
could forge local tokens."""

from __future__ import annotations

from typing import Any

import pytest

import pasetokit
from pasetokit import (
    InvalidTokenError,
    KeyRing,
    LocalKey,
    PasetoError,
    SecretKey,
    UnknownKeyError,
    WrongPurposeError,
    v4,
)

LOCAL = LocalKey.generate()
SECRET = SecretKey.generate()
PUBLIC = SECRET.public_key()


def forged_local_with_public_bytes(kid: str) -> str:
    """A v4.local token made with the public key's bytes as the symmetric key."""
    as_symmetric = LocalKey.from_bytes(PUBLIC.to_bytes())
    return pasetokit.encode(as_symmetric, {"sub": "mallory"}, footer={"kid": kid})


def assert_exactly(info: pytest.ExceptionInfo[Any], error: type[PasetoError], code: str) -> None:
    assert type(info.value) is error
    assert info.value.code == code


@pytest.mark.parametrize("kid", [PUBLIC.paserk_id, SECRET.paserk_id], ids=["pid", "sid"])
def test_ring_refuses_a_local_token_naming_a_public_key(kid: str) -> None:
    ring = KeyRing([LOCAL, PUBLIC, SECRET])
    with pytest.raises(InvalidTokenError) as info:
        pasetokit.decode(ring, forged_local_with_public_bytes(kid))
    assert_exactly(info, InvalidTokenError, "invalid_token")


def test_ring_of_only_public_keys_refuses_local_tokens() -> None:
    with pytest.raises(WrongPurposeError) as info:
        pasetokit.decode(KeyRing([PUBLIC]), forged_local_with_public_bytes(PUBLIC.paserk_id))
    assert_exactly(info, WrongPurposeError, "wrong_purpose")


def test_ring_refuses_a_public_token_naming_a_local_key() -> None:
    token = pasetokit.encode(SECRET, {}, footer={"kid": LOCAL.paserk_id})
    with pytest.raises(InvalidTokenError) as info:
        pasetokit.decode(KeyRing([LOCAL, SECRET]), token)
    assert_exactly(info, InvalidTokenError, "invalid_token")


def test_single_local_key_refuses_a_pid_kid() -> None:
    token = pasetokit.encode(LOCAL, {}, footer={"kid": PUBLIC.paserk_id})
    with pytest.raises(InvalidTokenError) as info:
        pasetokit.decode(LOCAL, token)
    assert_exactly(info, InvalidTokenError, "invalid_token")


def test_ring_accepts_the_right_ids() -> None:
    ring = KeyRing([LOCAL, SECRET])
    local = pasetokit.encode(LOCAL, {}, include_kid=True)
    public = pasetokit.encode(SECRET, {}, include_kid=True)
    by_sid = pasetokit.encode(SECRET, {}, footer={"kid": SECRET.paserk_id})
    for token in (local, public, by_sid):
        assert pasetokit.decode(ring, token).claims["exp"]


def test_ring_unknown_id_of_the_right_kind() -> None:
    token = pasetokit.encode(LOCAL, {}, include_kid=True)
    with pytest.raises(UnknownKeyError) as info:
        pasetokit.decode(KeyRing([LocalKey.generate()]), token)
    assert_exactly(info, UnknownKeyError, "unknown_key")


def test_ring_opaque_id_fails_closed_single_key_leaves_it_to_the_caller() -> None:
    token = pasetokit.encode(LOCAL, {}, footer={"kid": "my-key-2024"})
    with pytest.raises(UnknownKeyError):
        pasetokit.decode(KeyRing([LOCAL]), token)
    assert pasetokit.decode(LOCAL, token).kid == "my-key-2024"


def test_single_key_with_another_keys_id() -> None:
    token = pasetokit.encode(LOCAL, {}, footer={"kid": LocalKey.generate().paserk_id})
    with pytest.raises(UnknownKeyError):
        pasetokit.decode(LOCAL, token)
    signed = pasetokit.encode(SECRET, {}, footer={"kid": SECRET.paserk_id})
    assert pasetokit.decode(SECRET, signed).kid == SECRET.paserk_id
    with pytest.raises(UnknownKeyError):
        pasetokit.decode(PUBLIC, signed)  # a public key alone does not know its secret's sid
    by_pid = pasetokit.encode(SECRET, {}, include_kid=True)
    assert pasetokit.decode(PUBLIC, by_pid).kid == PUBLIC.paserk_id


def test_ring_without_kid_tries_each_key_of_the_purpose() -> None:
    other = LocalKey.generate()
    with pytest.raises(pasetokit.UnknownKeyError) as refused:  # several keys: a kid is required
        pasetokit.decode(KeyRing([other, LOCAL]), pasetokit.encode(LOCAL, {"n": 1}))
    assert_exactly(refused, pasetokit.UnknownKeyError, "unknown_key")
    ring = KeyRing([other, LOCAL], try_without_kid=True)
    assert pasetokit.decode(ring, pasetokit.encode(LOCAL, {"n": 1})).claims["n"] == 1
    with pytest.raises(InvalidTokenError) as info:
        pasetokit.decode(ring, pasetokit.encode(LocalKey.generate(), {}))
    assert_exactly(info, InvalidTokenError, "invalid_token")


def test_hazmat_never_sees_a_public_key_as_symmetric() -> None:
    with pytest.raises(pasetokit.InvalidKeyError):
        v4.decrypt(PUBLIC, forged_local_with_public_bytes(PUBLIC.paserk_id))  # type: ignore[arg-type]


# --- immutability and container protocol ---------------------------------------------------------


def test_keyring_cannot_be_changed_or_emptied() -> None:
    ring = KeyRing([LOCAL])
    with pytest.raises(AttributeError, match="immutable"):
        del ring._keys
    with pytest.raises(AttributeError, match="immutable"):
        ring._keys = ()
    with pytest.raises(AttributeError, match="immutable"):
        del ring.anything  # type: ignore[attr-defined]
    assert list(ring) == [LOCAL]
    assert len(ring) == 1
    assert LOCAL.paserk_id in ring


def test_keyring_repr_lists_the_ids_in_order() -> None:
    ring = KeyRing([LOCAL, SECRET])
    assert repr(ring) == f"KeyRing({LOCAL.paserk_id}, {SECRET.paserk_id})"


def test_keyring_contents() -> None:
    ring = KeyRing([LOCAL, SECRET, SECRET, LOCAL])
    assert len(ring) == 2
    assert list(ring) == [LOCAL, SECRET]
    assert SECRET.paserk_id in ring
    assert PUBLIC.paserk_id in ring
    assert "k4.lid.nope" not in ring
    with pytest.raises(pasetokit.InvalidKeyError):
        KeyRing([])
    with pytest.raises(pasetokit.InvalidKeyError):
        KeyRing([LOCAL.to_bytes()])  # type: ignore[list-item]


def test_select_by_kid() -> None:
    first, second = pasetokit.LocalKey.generate(), pasetokit.LocalKey.generate()
    ring = KeyRing([first, second])
    assert ring.select("local", second.paserk_id) == (second,)
    assert ring.select("local", first.paserk_id) == (first,)


def test_repr_names_the_ids_and_try_without_kid() -> None:
    key = pasetokit.LocalKey.generate()
    assert repr(KeyRing([key])) == f"KeyRing({key.paserk_id})"
    assert repr(KeyRing([key], try_without_kid=True)) == (
        f"KeyRing({key.paserk_id}, try_without_kid=True)"
    )
