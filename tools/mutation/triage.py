# ruff: noqa: E501 - keys are whole source lines, as the report prints them
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
    # --- _json.py -----------------------------------------------------------------------------
    '_json.py: return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode( => return json.dumps(value, separators=(",", ":"), ensure_ascii=None, allow_nan=False).encode(': (
        "json.dumps treats a falsy flag as False"
    ),
    '_json.py: return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode( => return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=None).encode(': (
        "json.dumps treats a falsy flag as False"
    ),
    '_json.py: dict(value), separators=(",", ":"), sort_keys=True, ensure_ascii=False, allow_nan=False => dict(value), separators=(",", ":"), sort_keys=True, ensure_ascii=None, allow_nan=False': (
        "json.dumps treats a falsy flag as False"
    ),
    '_json.py: dict(value), separators=(",", ":"), sort_keys=True, ensure_ascii=False, allow_nan=False => dict(value), separators=(",", ":"), sort_keys=True, ensure_ascii=False, allow_nan=None': (
        "json.dumps treats a falsy flag as False"
    ),
    '_json.py: stripped = _STRING.sub(b"", footer) => stripped = _STRING.sub(b"XXXX", footer)': (
        "the placeholder holds neither ':' nor a bracket, the only characters measured"
    ),
    # --- token.py ----------------------------------------------------------------------------------
    'token.py: delete-raise raise MalformedTokenError("token is not ASCII") from None => raise MalformedTokenError("token is not ASCII") from None': (
        "the bytes stay bytes and the str check below raises the same error with the same message"
    ),
    "token.py: if-never-true not token.isascii() => if not token.isascii():": (
        "message-only: every piece is then refused as non-ASCII by the exact 'v4', purpose and base64url checks, as MalformedTokenError"
    ),
    'token.py: delete-raise raise MalformedTokenError("token is not ASCII") => raise MalformedTokenError("token is not ASCII")': (
        "message-only: every piece is then refused as non-ASCII by the exact 'v4', purpose and base64url checks, as MalformedTokenError"
    ),
}
