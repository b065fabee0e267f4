"""``pasetokit.web.minting`` rules that only statement mutants showed unpinned: the subject is
given exactly once (``subject=`` or ``identity=``), else a ``TypeError`` (a call mistake, as
Python reports a bad call)."""

from __future__ import annotations

import pytest

from pasetokit.web.minting import one_subject


def test_the_subject_is_given_once() -> None:
    assert one_subject("alice", None) == "alice"
    assert one_subject(None, "bob") == "bob"


@pytest.mark.parametrize(("subject", "identity"), [(None, None), ("alice", "bob"), ("a", "a")])
def test_no_subject_or_two_is_a_type_error(subject: str | None, identity: str | None) -> None:
    with pytest.raises(TypeError, match="give the token's subject once"):
        one_subject(subject, identity)
