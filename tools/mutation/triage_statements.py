# ruff: noqa: E501 - keys are whole source lines, as the report prints them
"""Surviving statement mutants (``statements.py``) that no test can tell apart, with the reason.

Kept apart from ``triage.py`` (mutmut's survivors) so the two engines' triage can be edited at
the same time. Keys are what ``classify.triage_key`` prints for a statement survivor
("file: operator segment => source line"); a reason starting with "message-only:" files the
mutant as changing error text only. A mutant a test *could* see belongs in a test, not here.
"""

from __future__ import annotations

STATEMENT_EQUIVALENT: dict[str, str] = {
    # --- _b64.py ------------------------------------------------------------------------------
    "_b64.py: shift-constant 0 => _VALUE = [0] * 256": (
        "the value of a byte outside the alphabet is never read: _TO_STD maps it to '*', refused first"
    ),
    "_b64.py: shift-constant 256 => _VALUE = [0] * 256": (
        "a longer table: only indices 0-255 (a byte) are ever read"
    ),
    "_b64.py: shift-constant 0 => _TRAILING_MASK = (0, 0, 0x0F, 0x03)": (
        "entries 0 and 1 are never read: rest 0 short-circuits the test, rest 1 was refused above"
    ),
    "_b64.py: if-never-true rest == 1 => if rest == 1:": (
        "message-only: binascii.a2b_base64 refuses a 4k+1 length itself, with binascii.Error (a ValueError)"
    ),
    '_b64.py: delete-raise raise ValueError("impossible base64url length") => raise ValueError("impossible base64url length")': (
        "message-only: binascii.a2b_base64 refuses a 4k+1 length itself, with binascii.Error (a ValueError)"
    ),
    # --- token.py -----------------------------------------------------------------------------
    # _refuse_header: every path raises MalformedTokenError (one code); its checks only pick the
    # reason the text gives (mutmut's survivors there are filed the same way, MESSAGE_FUNCTIONS).
    "token.py: if-never-true len(pieces) not in (3, 4) => if len(pieces) not in (3, 4):": (
        "message-only: _refuse_header raises MalformedTokenError on every path"
    ),
    "token.py: shift-constant 3 => if len(pieces) not in (3, 4):": (
        "message-only: _refuse_header raises MalformedTokenError on every path"
    ),
    "token.py: shift-constant 4 => if len(pieces) not in (3, 4):": (
        "message-only: _refuse_header raises MalformedTokenError on every path"
    ),
    'token.py: delete-raise raise MalformedTokenError("token must have 3 or 4 dot-separated pieces") => raise MalformedTokenError("token must have 3 or 4 dot-separated pieces")': (
        "message-only: _refuse_header raises MalformedTokenError on every path"
    ),
    'token.py: if-never-true pieces[0] != b"v4" => if pieces[0] != b"v4":': (
        "message-only: _refuse_header raises MalformedTokenError on every path"
    ),
    'token.py: shift-constant 0 => if pieces[0] != b"v4":': (
        "message-only: _refuse_header raises MalformedTokenError on every path"
    ),
    'token.py: delete-raise raise MalformedTokenError("unsupported token version") => raise MalformedTokenError("unsupported token version")': (
        "message-only: _refuse_header raises MalformedTokenError on every path"
    ),
    # --- _time.py ----------------------------------------------------------------------------
    "_time.py: shift-constant 0.0 => _last: list[tuple[object, float]] = [(None, 0.0)]  # one slot, replaced whole; no str is None": (
        "the initial slot's value is never returned: no str equals None"
    ),
    "_time.py: shift-constant 20 => len(text) == 20": (
        "a fast path: when _canonical says no, _SHAPE and fromisoformat decide; no 20-character text the shifted test lets through does fromisoformat accept but _SHAPE refuse (searched: every pair of positions over '0:-TZ +.1x')"
    ),
    '_time.py: shift-constant 10 => and text[10] == "T"': (
        "a fast path: when _canonical says no, _SHAPE and fromisoformat decide; no 20-character text the shifted test lets through does fromisoformat accept but _SHAPE refuse (searched: every pair of positions over '0:-TZ +.1x')"
    ),
    '_time.py: shift-constant 4 => and text[4] == "-"': (
        "a fast path: when _canonical says no, _SHAPE and fromisoformat decide; no 20-character text the shifted test lets through does fromisoformat accept but _SHAPE refuse (searched: every pair of positions over '0:-TZ +.1x')"
    ),
    '_time.py: shift-constant 13 => and text[13] == ":"': (
        "a fast path: when _canonical says no, _SHAPE and fromisoformat decide; no 20-character text the shifted test lets through does fromisoformat accept but _SHAPE refuse (searched: every pair of positions over '0:-TZ +.1x')"
    ),
    '_time.py: shift-constant 16 => and text[16] == ":"': (
        "a fast path: when _canonical says no, _SHAPE and fromisoformat decide; no 20-character text the shifted test lets through does fromisoformat accept but _SHAPE refuse (searched: every pair of positions over '0:-TZ +.1x')"
    ),
    "_time.py: if-never-true type(text) is str => if type(text) is str:": (
        "a fast path (exact str: the cache, then fromisoformat after the shape check); the full parser keeps the same contract and value"
    ),
    "_time.py: if-never-true text == last[0] => if text == last[0]:": (
        "a fast path (exact str: the cache, then fromisoformat after the shape check); the full parser keeps the same contract and value"
    ),
    "_time.py: shift-constant 0 => if text == last[0]:": (
        "the cache is never hit: last[1] is a float, never equal to the str; the full parse runs"
    ),
    "_time.py: if-never-true _FAST_ISO and (_canonical(text) or _SHAPE(text) is not None) => if _FAST_ISO and (_canonical(text) or _SHAPE(text) is not None):": (
        "a fast path (exact str: the cache, then fromisoformat after the shape check); the full parser keeps the same contract and value"
    ),
    "_time.py: if-never-true seconds == math.floor(seconds) and 0 <= seconds < 253402300800 => if seconds == math.floor(seconds) and 0 <= seconds < 253402300800:  # years 1970-9999": (
        "a fast path: format_datetime writes the same text for whole seconds (tests pin both ends)"
    ),
    "_time.py: shift-constant 0 => if seconds == math.floor(seconds) and 0 <= seconds < 253402300800:  # years 1970-9999": (
        "a fast path: second 0 then goes through format_datetime, which writes the same text"
    ),
    # --- _json.py ----------------------------------------------------------------------------
    "_json.py: shift-constant 0 => )(value, 0)": (
        "the indent level is read only when an indent is set; the encoder has none"
    ),
    '_json.py: if-never-true text[:1] == "{" => if text[:1] == "{":': (
        "a fast path: when the C scanner does not return an object filling the whole text, JSONDecoder.decode parses it (and gives the exact error)"
    ),
    '_json.py: shift-constant 1 => if text[:1] == "{":': (
        "a fast path: when the C scanner does not return an object filling the whole text, JSONDecoder.decode parses it (and gives the exact error)"
    ),
    "_json.py: if-never-true end == len(text) => if end == len(text):": (
        "a fast path: when the C scanner does not return an object filling the whole text, JSONDecoder.decode parses it (and gives the exact error)"
    ),
    '_json.py: shift-constant 1 => _PROBE = {"a": ["é", 1, 2.5, None, True], "b": {"c": \'\\u2028"\\\\\'}}': (
        "the probe only picks the fast path: if it disagrees, the public json API (same contract) is used"
    ),
    '_json.py: shift-constant 2.5 => _PROBE = {"a": ["é", 1, 2.5, None, True], "b": {"c": \'\\u2028"\\\\\'}}': (
        "the probe only picks the fast path: if it disagrees, the public json API (same contract) is used"
    ),
    "_json.py: if-never-true dumps(_PROBE) != _PROBE_TEXT or loads(_PROBE_TEXT) != _PROBE => if dumps(_PROBE) != _PROBE_TEXT or loads(_PROBE_TEXT) != _PROBE:": (
        "the probe only picks the fast path: the C encoder and scanner give the public API's answers, probed or not"
    ),
    '_json.py: if-never-true type(value) is not dict => if type(value) is not dict:  # pragma: no cover - a whole text from "{" is an object': (
        "unreachable: _scan_whole returns an object filling a text that starts with '{', or JSONDecoder.decode's value of such a text, an object"
    ),
    '_json.py: delete-raise raise ValueError("JSON footer must be an object") => raise ValueError("JSON footer must be an object")': (
        "unreachable: _scan_whole returns an object filling a text that starts with '{', or JSONDecoder.decode's value of such a text, an object"
    ),
    '_json.py: shift-constant 1 => if (footer.find(b"{", 1) >= 0 or b"[" in footer) and _has_container(value):': (
        "find from 1 returns -1 or >= 1 (>= 0 and >= 1 agree), and a '{' at index 1 of a valid object is impossible (a key is a string)"
    ),
    '_json.py: shift-constant 0 => if (footer.find(b"{", 1) >= 0 or b"[" in footer) and _has_container(value):': (
        "find from 1 returns -1 or >= 1 (>= 0 and >= 1 agree), and a '{' at index 1 of a valid object is impossible (a key is a string)"
    ),
    "_json.py: if-never-true limits.max_depth <= 2 => if limits.max_depth <= 2:  # a container in the object: depth 3 at least": (
        "a shortcut: _check_nesting refuses a container under max_depth <= 2 on its second level, with the same error"
    ),
    '_json.py: delete-raise raise ValueError("JSON footer nested too deeply") => raise ValueError("JSON footer nested too deeply")': (
        "a shortcut: _check_nesting refuses a container under max_depth <= 2 on its second level, with the same error"
    ),
    "_json.py: if-never-true entries > len(footer) >> 8 => if entries > len(footer) >> 8:  # one pass over the bytes costs less than a find per key": (
        "only picks how commas are counted (bytes.count or _fewer): the same answer"
    ),
    "_json.py: shift-constant 8 => if entries > len(footer) >> 8:  # one pass over the bytes costs less than a find per key": (
        "only picks how commas are counted (bytes.count or _fewer): the same answer"
    ),
    '_json.py: if-never-true footer.count(b",") < entries => if footer.count(b",") < entries:': (
        "a shortcut: the quote count that follows proves the same keys unique or not"
    ),
    '_json.py: if-never-true _fewer(footer, b",", entries) => elif _fewer(footer, b",", entries):': (
        "a shortcut: the quote count that follows proves the same keys unique or not"
    ),
    '_json.py: if-never-true quotes == strings or b"\\\\" not in footer => if quotes == strings or b"\\\\" not in footer:': (
        "a shortcut: without a backslash the escape-aware count is the plain one"
    ),
    "_json.py: shift-constant 1 => pos = footer.find(char, pos + 1)": (
        "skipping the byte after a hit misses only a comma right after a comma, which only a string holds: every separator is still found, and a dropped key needs entries separators"
    ),
    "_json.py: shift-constant 0 => if pos < 0:": (
        "find from pos + 1 >= 0 returns -1 or >= 0; a comma at index 0 of a footer that starts with '{' is impossible"
    ),
    # --- codec.py ---------------------------------------------------------------------------
    "codec.py: if-never-true type(now) is datetime and now.tzinfo is not None => elif type(now) is datetime and now.tzinfo is not None:": (
        "a fast path: _epoch checks the same datetime and returns the same timestamp"
    ),
    "codec.py: if-never-true type(key) is LocalKey or type(key) is PublicKey => if type(key) is LocalKey or type(key) is PublicKey:": (
        "a fast path: _fast_candidates returns what select_keys would, or () and select_keys decides (and raises) the same"
    ),
    "codec.py: if-never-true kid is None or kid == key.paserk_id => if kid is None or kid == key.paserk_id:": (
        "a fast path: _fast_candidates returns what select_keys would, or () and select_keys decides (and raises) the same"
    ),
    "codec.py: if-never-true type(key) is KeyRing and type(kid) is str => elif type(key) is KeyRing and type(kid) is str:": (
        "a fast path: _fast_candidates returns what select_keys would, or () and select_keys decides (and raises) the same"
    ),
    "codec.py: if-never-true found is not None and found.purpose == purpose => if found is not None and found.purpose == purpose:": (
        "a fast path: _fast_candidates returns what select_keys would, or () and select_keys decides (and raises) the same"
    ),
    'codec.py: if-never-true b"\\\\u00" not in data => if b"\\\\u00" not in data:': (
        "a fast path: without a \\u00 escape raw_unicode_escape returns the text unchanged (or fails: not JSON), and the same search decides"
    ),
    # --- _paserk_format.py -------------------------------------------------------------------
    "_paserk_format.py: if-never-true version is None or kind is None => if version is None or kind is None:": (
        "message-only: header_error returns a PaserkError on every path; its tests only pick the text"
    ),
    '_paserk_format.py: if-never-true expected == found => if expected == found:  # right type, but no "." before the data': (
        "message-only: header_error returns a PaserkError on every path; its tests only pick the text"
    ),
    # --- paserk.py -----------------------------------------------------------------------------
    'paserk.py: delete-raise raise error("the password is not valid Unicode text") from None => raise error("the password is not valid Unicode text") from None': (
        "message-only: the password stays a str, so the next check raises the same error class (ConfigurationError or the caller's) saying 'must be str or bytes'"
    ),
    "paserk.py: if-never-true xk is None => if xk is None:  # cannot happen: xpk is not of small order": (
        "unreachable: _x25519_public already refused every point libsodium will not convert (small-order and off-curve ones, tested), so X25519 of a clamped ephemeral scalar with xpk is never all-zero"
    ),
    'paserk.py: delete-raise raise InvalidKeyError("the sealing key cannot be used for X25519") => raise InvalidKeyError("the sealing key cannot be used for X25519")': (
        "unreachable: _x25519_public already refused every point libsodium will not convert (small-order and off-curve ones, tested), so X25519 of a clamped ephemeral scalar with xpk is never all-zero"
    ),
    "paserk.py: if-never-true version is not None and version != VERSION => if version is not None and version != VERSION:": (
        "message-only: a k1-k3 PASERK is then refused by the next checks or by from_paserk's header check, with the same PaserkError (invalid_paserk)"
    ),
    'paserk.py: delete-raise raise PaserkError(f"got a {version} PASERK; pasetokit supports k4 only") => raise PaserkError(f"got a {version} PASERK; pasetokit supports k4 only")': (
        "message-only: a k1-k3 PASERK is then refused by the next checks or by from_paserk's header check, with the same PaserkError (invalid_paserk)"
    ),
    # --- policy/_args.py ----------------------------------------------------------------------
    "_args.py: if-never-true isinstance(value, str) => if isinstance(value, str):": (
        "message-only: _not_a_key returns an InvalidKeyError on every path; the str branch only picks the hint in its text"
    ),
    # --- policy/_claims.py ---------------------------------------------------------------------
    "_claims.py: if-never-true type(value) is not str => if type(value) is not str:": (
        "a JSON value that is not a str makes parse_timestamp raise ValueError, caught into the same ClaimError (same text, claim='fresh'); a str subclass cannot come out of the JSON decoder; fast path only"
    ),
    '_claims.py: delete-raise raise ClaimError("claim \'fresh\' must be false or an RFC 3339 date-time", claim="fresh") => raise ClaimError("claim \'fresh\' must be false or an RFC 3339 date-time", claim="fresh")': (
        "a JSON value that is not a str makes parse_timestamp raise ValueError, caught into the same ClaimError (same text, claim='fresh'); fast path only"
    ),
    # --- policy/_gate.py -----------------------------------------------------------------------
    "_gate.py: if-never-true store is True => if store is True:": (
        "message-only: True has none of the store methods, so the next check raises ConfigurationError (configuration_error) anyway; the branch only gives the clearer text"
    ),
    "_gate.py: delete-raise raise ConfigurationError( => raise ConfigurationError(": (
        "message-only: True has none of the store methods, so the next check raises ConfigurationError (configuration_error) anyway; the branch only gives the clearer text"
    ),
    "_gate.py: if-never-true store is None => if store is None:  # the policy checks is_async first; this is a last line of defence": (
        "unreachable from the API: every sync TokenPolicy method refuses an async store first (_gate_for, _needs_async, tested with their ConfigurationError), and the async path reads _sync_store only when there is no async store; a last line of defence"
    ),
    '_gate.py: delete-raise raise ConfigurationError("the revocation store is asynchronous; use the a* methods") => raise ConfigurationError("the revocation store is asynchronous; use the a* methods")': (
        "unreachable from the API: every sync TokenPolicy method refuses an async store first (_gate_for, _needs_async, tested with their ConfigurationError), and the async path reads _sync_store only when there is no async store; a last line of defence"
    ),
    # --- policy/_config.py --------------------------------------------------------------------
    "_config.py: if-never-true error is not None => if error is not None:": (
        "message-only: without it SecretKey.from_paserk refuses the non-PASERK text with a PaserkError, re-raised as the same InvalidKeyError (invalid_key); the check only words it as 'a password is not a key'"
    ),
    "_config.py: delete-raise raise error => raise error": (
        "message-only: without it SecretKey.from_paserk refuses the non-PASERK text with a PaserkError, re-raised as the same InvalidKeyError (invalid_key); the check only words it as 'a password is not a key'"
    ),
    "_config.py: if-never-true text not in PURPOSES => if text not in PURPOSES:": (
        "message-only: the constructor's args.purpose refuses the same (stripped) text against the same PURPOSES with ConfigurationError (configuration_error); this names the setting instead of the argument"
    ),
    "_config.py: delete-raise raise ConfigurationError(f\"{setting} must be 'local' or 'public'\") => raise ConfigurationError(f\"{setting} must be 'local' or 'public'\")": (
        "message-only: the constructor's args.purpose refuses the same (stripped) text against the same PURPOSES with ConfigurationError (configuration_error); this names the setting instead of the argument"
    ),
    "_config.py: if-never-true isinstance(value, str) and not value => if isinstance(value, str) and not value:": (
        "message-only: the constructor's args.optional_text refuses an empty issuer/audience with ConfigurationError (configuration_error); this names the setting instead of the argument"
    ),
    '_config.py: delete-raise raise ConfigurationError(f"{setting} is empty; remove it to use the default or set it") => raise ConfigurationError(f"{setting} is empty; remove it to use the default or set it")': (
        "message-only: the constructor's args.optional_text refuses an empty issuer/audience with ConfigurationError (configuration_error); this names the setting instead of the argument"
    ),
    "_config.py: shift-constant 1 => match = difflib.get_close_matches(name[size:].upper(), list(by_stem), n=1, cutoff=0.75)": (
        "message-only: _did_you_mean's string is only ever appended to an error message (n=2 still quotes the first match)"
    ),
}
