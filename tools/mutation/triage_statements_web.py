# ruff: noqa: E501 - keys are whole source lines, as the report prints them
"""Surviving statement mutants of ``pasetokit.web`` that no test can tell apart, with the reason.

Kept apart from ``triage_statements.py`` (the core's) so the web and core triage can be edited at
the same time. Keys and reasons follow that file's rules: the key is what ``classify.triage_key``
prints for a statement survivor; a reason starting with "message-only:" files the mutant as
changing error text only. A mutant a test *could* see belongs in a test, not here.
"""

from __future__ import annotations

STATEMENT_EQUIVALENT_WEB: dict[str, str] = {
    # --- search.py ----------------------------------------------------------------------------
    "search.py: if-never-true fast is not None => if fast is not None:": (
        "a fast path: _scheme_sp_token68 accepts a subset of what _ONE_CREDENTIAL fullmatches "
        "(one SP, no TAB/comma in the scheme, a token68), with the same (scheme, credential)"
    ),
    "search.py: if-never-true one is not None => if one is not None:  # fast path; anything else is decided below": (
        "a fast path: a value _ONE_CREDENTIAL matches has no comma, splits on its whitespace run "
        "into the same scheme and token68, and the general rules return the same token or None"
    ),
    "search.py: shift-constant 1 => _SCHEME_SPLIT.split(member, maxsplit=1)[0].lower() == scheme for member in members": (
        "only element [0] (the scheme) is read: a larger maxsplit leaves it unchanged"
    ),
    # --- settings.py --------------------------------------------------------------------------
    "settings.py: shift-constant 1 => close = difflib.get_close_matches(str(key), list(table), n=1)": (
        "only close[0] (the best match) is read: asking for two matches leaves it unchanged"
    ),
    # --- authpaseto.py ------------------------------------------------------------------------
    "authpaseto.py: shift-constant 1 => close = difflib.get_close_matches(name, sorted(_NAMES), n=1, cutoff=0.8)": (
        "only close[0] (the best match) is read: asking for two matches leaves it unchanged"
    ),
    "authpaseto.py: if-never-true local is None and secret is None => if local is None and secret is None:": (
        "message-only: without an issuing key TokenPolicy refuses the same way (ConfigurationError, "
        "configuration_error), a public key alone included; this check only says it in upstream's names"
    ),
    'authpaseto.py: delete-raise raise ConfigurationError(f"load_config: {_P}secret_key is not set; {_HOW}") => raise ConfigurationError(f"load_config: {_P}secret_key is not set; {_HOW}")': (
        "message-only: without an issuing key TokenPolicy refuses the same way (ConfigurationError, "
        "configuration_error), a public key alone included; this check only says it in upstream's names"
    ),
    'authpaseto.py: shift-constant 30 => _expiry(values, "other", timedelta(days=30))  # custom token types are refused at use': (
        "the other-expiry default is only validated, its value is never used (custom token types are refused)"
    ),
    # --- gate.py ------------------------------------------------------------------------------
    'gate.py: if-never-true self._scheme and (req.locations or self.settings.token_locations)[0] == "headers" => if self._scheme and (req.locations or self.settings.token_locations)[0] == "headers":': (
        "a fast path (plain_credential): without it the strict search finds the same header token"
    ),
    "gate.py: if-never-true token is not None => if token is not None:": (
        "a fast path (plain_credential): without it the strict search finds the same header token"
    ),
    'gate.py: if-never-true found.location == "headers" => if found.location == "headers":': (
        "message-only: the strict search refuses only a credential that is no token68, and the policy "
        "refuses any such text as MalformedTokenError (malformed_token) too; only the text differs"
    ),
    # --- minting.py ---------------------------------------------------------------------------
    "minting.py: if-never-true isinstance(expires_time, datetime) => if isinstance(expires_time, datetime):": (
        "message-only: a datetime is no timedelta/int/float, so the last ConfigurationError refuses it"
    ),
    'minting.py: delete-raise raise ConfigurationError("expires_time takes a timedelta or seconds, not a datetime") => raise ConfigurationError("expires_time takes a timedelta or seconds, not a datetime")': (
        "message-only: a datetime is no timedelta/int/float, so the last ConfigurationError refuses it"
    ),
    # --- requirement.py -----------------------------------------------------------------------
    "requirement.py: if-never-true refresh is fresh is optional is False => refresh is fresh is optional is False": (
        "a cache: the default Requirement is returned shared; the constructor builds an equal one"
    ),
    "requirement.py: if-never-true type(refresh) is bool => type(refresh) is bool": (
        "a cache (_cached): without it the constructor validates and builds an equal Requirement"
    ),
    "requirement.py: shift-constant 512 => @functools.lru_cache(maxsize=512)": (
        "the cache's size: a miss builds an equal Requirement (a memory bound, not a rule)"
    ),
    # --- the small web modules (lead) ------------------------------------------------------------
    "app_config.py: shift-constant 1 => match = difflib.get_close_matches(key.upper(), list(CONFIG_NAMES), n=1, cutoff=0.8)": (
        "get_close_matches returns the best match first and only match[0] is read: how many more it returns changes nothing"
    ),
    "jwt_settings.py: shift-constant 1 => close = difflib.get_close_matches(key.upper(), list(JWT_SETTING_HINTS), n=1)": (
        "get_close_matches returns the best match first and only close[0] is read: how many more it returns changes nothing"
    ),
    "seed_minting.py: delete-raise raise NotImplementedError => raise NotImplementedError": (
        "the mixin's abstract _minter: every class using SeedMinting defines it, so this body never runs (pragma: no cover)"
    ),
    'timestamps.py: shift-constant 6 => micro = f".{(fraction + \'000000\')[:6]}" if fraction else ""': (
        "on 3.11+ fromisoformat truncates a fraction past 6 digits itself; on 3.10, which needs 3 or 6, "
        "test_claim_time_reads_rfc_3339[...1234567z] kills it"
    ),
    "requirement.py: if-never-true not options => if not options:": (
        "a fast path: make() with no options hands back the same shared default (test_requirement_of_refuses_a_misspelt_option_as_python_does)"
    ),
    "requirement.py: shift-constant 1 => close = difflib.get_close_matches(unknown[0], [*_OPTION_NAMES, *also], n=1)": (
        "get_close_matches returns the best match first and only close[0] is read: how many more it returns changes nothing"
    ),
}
