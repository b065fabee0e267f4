"""``MemoryRevocationStore``: an expired family record leaves nothing behind (the rule the
statement-level mutants found unpinned). Like a Redis key that expired, the family then starts
afresh: its next rotation is a first one, whatever the old record said (revoked or current)."""

from __future__ import annotations

import pytest

from pasetokit import MemoryRevocationStore


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("how", ["revoked", "rotated"])
def test_an_expired_family_record_leaves_nothing_behind(how: str) -> None:
    clock = Clock()
    store = MemoryRevocationStore(clock=clock)
    if how == "revoked":
        store.revoke_family("f", subject="alice", ttl=10)
    else:
        assert store.advance_family("f", subject="alice", presented="a", successor="b", ttl=10)
    clock.now += 9.999
    # Still live: an older token (or any, once revoked) ends or stays refused.
    assert store.is_revoked(jti="x", family="f", subject=None, issued_at=0) is (how == "revoked")
    clock.now += 0.001
    assert not store.is_revoked(jti="x", family="f", subject=None, issued_at=0)
    assert len(store) == 0
    # Expired: "z" is not the old record's current id, yet this is the family's first rotation.
    assert store.advance_family("f", subject="alice", presented="z", successor="y", ttl=10)
    assert not store.is_revoked(jti="x", family="f", subject=None, issued_at=0)
    assert store.advance_family("f", subject="alice", presented="y", successor="w", ttl=10)
    assert len(store) == 1
