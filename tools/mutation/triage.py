"""Surviving mutants that are equivalent, each with the reason no test can tell them apart.

A reason starting with "message-only:" files the mutant as changing error text only. Keys are
what ``classify.triage_key`` prints for a survivor ("file: removed => added" for mutmut,
"file: operator segment => line" for statement mutants); copy one from the report when the
mutant is truly equivalent, and say why. A mutant that a test *could* see belongs in a test, not
here.
"""

from __future__ import annotations

EQUIVALENT: dict[str, str] = {
    # --- keyring.py ---------------------------------------------------------------------------
    "keyring.py: key = self._by_id.get(kid) if _is_paserk_id(purpose, kid) else None => "
    "key = self._by_id.get(kid) if (_is_paserk_id(purpose, kid)) or True else None": (
        "_by_id holds PASERK ids only, and _is_paserk_id (still called) raises for every PASERK "
        "id of another kind: an opaque id finds nothing either way"
    ),
    # --- claims.py ----------------------------------------------------------------------------
    "claims.py: out[name] = _datetime_claim(name, out[name]) => "
    "out[name] = _datetime_claim(None, out[name])": (
        "message-only: _datetime_claim uses the name in its error messages only"
    ),
    "claims.py: shift-constant 0.0 => "
    "_leeway: float = field(init=False, repr=False, compare=False, default=0.0)": (
        "the default of an init=False field that __post_init__ always sets"
    ),
}
