# ruff: noqa: E501 - keys are whole source lines, as the report prints them
"""Surviving mutants that are equivalent, each with the reason no test can tell them apart.

A reason starting with "message-only:" files the mutant as changing error text only. Keys are
what ``classify.triage_key`` prints for a survivor ("file: removed => added" for mutmut,
"file: operator segment => line" for statement mutants); copy one from the report when the
mutant is truly equivalent, and say why. A mutant that a test *could* see belongs in a test, not
here.
"""

from __future__ import annotations

MESSAGE_ARGUMENTS: dict[str, tuple[tuple[int, ...], str]] = {
    # callee name -> positions of the arguments that only ever reach an error message (the
    # classifier sets them aside like an exception's message); each with why.
    "duration": ((0,), "policy/_args.py: `name` is only quoted in the ConfigurationError text"),
    "optional_text": ((0,), "policy/_args.py: `name` is only quoted in the error text"),
    "flag": ((0,), "policy/_args.py: `name` is only quoted in the error text"),
    "purpose": ((0,), "policy/_args.py: `name` is only quoted in the error text"),
    "_not_a_key": ((0, 1, 3), "policy/_args.py: it builds the InvalidKeyError's text only"),
    "_gate_for": ((0,), "token_policy.py: `method` is only quoted in the error text"),
    "_needs_async": ((0,), "token_policy.py: `method` is only quoted in the error text"),
    "_as_bytes": ((1,), "keys.py: `what` is only quoted in the InvalidKeyError text"),
    "parse_locations": ((1,), "web/settings.py: `what` names the setting in the error text"),
    "_wrap": ((0, 1), "policy/_gate.py: the operation and the class name of exc make the text"),
    "_text": ((0,), "policy/_config.py: `setting` is only quoted in the error text"),
    "_not_paserk": ((0, 2), "policy/_config.py: `setting` and `how` are only quoted in the text"),
    "loads_object": ((1,), "_json.py: `too_deep` is only the text of the ValueError it raises"),
    "_datetime_claim": ((0,), "claims.py: `name` is only quoted in the EncodeError texts"),
}

IMPORT_TIME: dict[str, str] = {
    # "file: function" called once while the module is imported: mutmut 3 imports the module
    # before it switches a mutant on, so no mutant of these can ever run (tool limit, not a gap).
    "token.py: _slot_setters": (
        "runs at import (it builds the module's slot setters); every Token test would see it"
    ),
    "settings.py: _default": (
        "runs at import (it builds _DEFAULTS, which every WebSettings.from_options reads)"
    ),
}

MESSAGE_NAMES: dict[str, tuple[str, ...]] = {
    # "file: function" -> local variables whose value only ever reaches an error message (read
    # nowhere else in that function): the classifier sets their assigned value aside.
    "_args.py: duration": ("bound",),
    "_args.py: purpose": ("needed", "how"),
    "_args.py: _not_a_key": ("found", "hint"),
    "_config.py: settings_from_mapping": ("names",),
    "jwt_settings.py: refuse_jwt_settings": ("hint", "close"),
}

MESSAGE_FUNCTIONS: dict[str, str] = {
    "_paserk_format.py: header_error": (
        "message-only: every path returns a PaserkError; it only picks what the text says"
    ),
    "search.py: _expected": ("message-only: it only words the malformed-header messages"),
    "search.py: missing_token": (
        "message-only: every path returns one MissingTokenError; it only lists the places"
    ),
    "_config.py: _did_you_mean": (
        "message-only: its string is only ever appended to an error message"
    ),
    # "file: function" whose every path ends in the same exception class and which only picks
    # the message; a mutant there is message-only when it constructs the same error classes.
    "token.py: _refuse_header": (
        "message-only: every path raises MalformedTokenError; it only picks which reason to give"
    ),
}

EQUIVALENT: dict[str, str] = {
    # --- keyring.py ---------------------------------------------------------------------------
    "keyring.py: key = self._by_id.get(kid) if _is_paserk_id(purpose, kid) else None => "
    "key = self._by_id.get(kid) if (_is_paserk_id(purpose, kid)) or True else None": (
        "_by_id holds PASERK ids only, and _is_paserk_id (still called) raises for every PASERK "
        "id of another kind: an opaque id finds nothing either way"
    ),
    # --- policy/_claims.py, _issue.py, _args.py, _config.py -------------------------------------
    "_claims.py: return secrets.token_urlsafe(32) => return secrets.token_urlsafe(None)": (
        "secrets.token_urlsafe(None) draws its default, which is 32 bytes"
    ),
    "_issue.py: return encode(self.keys[use], claims, footer=footer, include_kid=self.include_kid, now=now) => return encode(self.keys[use], claims, footer=footer, include_kid=self.include_kid, now=None)": (
        "the policy's claims always carry exp (and iat/nbf as datetimes): encode never reads now"
    ),
    "_issue.py: return encode(self.keys[use], claims, footer=footer, include_kid=self.include_kid, now=now) => return encode(self.keys[use], claims, footer=footer, include_kid=self.include_kid, )": (
        "the policy's claims always carry exp (and iat/nbf as datetimes): encode never reads now"
    ),
    "_args.py: if value is not None and (not isinstance(value, str) or not value): => if value is not None and (not isinstance(value, str) and not value):": (
        "message-only: ClaimRules, built from issuer/audience right after, refuses a non-str "
        "value with ConfigurationError too; this check only words it for TokenPolicy"
    ),
    "_config.py: error = None if is_pem else _not_paserk(setting, text, _HOW_SECRET) => error = None": (
        "message-only: SecretKey.from_paserk then refuses the text with a PaserkError, re-raised "
        "as InvalidKeyError naming the setting: the same class, another reason"
    ),
    "_config.py: error = None if is_pem else _not_paserk(setting, text, _HOW_SECRET) => error = None if (is_pem) or True else _not_paserk(setting, text, _HOW_SECRET)": (
        "message-only: SecretKey.from_paserk then refuses the text with a PaserkError, re-raised "
        "as InvalidKeyError naming the setting: the same class, another reason"
    ),
    "_revoke.py: if not isinstance(jti, str) or not jti or not isinstance(exp, str): => if not isinstance(jti, str) or not jti and not isinstance(exp, str):": (
        "message-only: a non-str exp then fails parse_timestamp a few lines on, also as "
        "ConfigurationError before any store call (test_revoke_claims_refused_before_the_store)"
    ),
    # --- web/ ------------------------------------------------------------------------------------
    'timestamps.py: micro = f".{(fraction + \'000000\')[:6]}" if fraction else "" => micro = f".{(fraction + \'000000\')[:7]}" if fraction else ""': (
        "equivalent on 3.11+, the interpreter of nox -s mutation: fromisoformat reads 'Z' and 7+ fraction digits there; the 3.10 run of test_claim_time_reads_rfc_3339 sees the mutant"
    ),
    'timestamps.py: zone = "+00:00" if offset in ("Z", "z") else offset => zone = "+00:00" if (offset in ("Z", "z")) and False else offset': (
        "equivalent on 3.11+, the interpreter of nox -s mutation: fromisoformat reads 'Z' and 7+ fraction digits there; the 3.10 run of test_claim_time_reads_rfc_3339 sees the mutant"
    ),
    'timestamps.py: zone = "+00:00" if offset in ("Z", "z") else offset => zone = "+00:00" if offset in ("XXZXX", "z") else offset': (
        "equivalent on 3.11+, the interpreter of nox -s mutation: fromisoformat reads 'Z' and 7+ fraction digits there; the 3.10 run of test_claim_time_reads_rfc_3339 sees the mutant"
    ),
    'timestamps.py: zone = "+00:00" if offset in ("Z", "z") else offset => zone = "+00:00" if offset in ("z", "z") else offset': (
        "equivalent on 3.11+, the interpreter of nox -s mutation: fromisoformat reads 'Z' and 7+ fraction digits there; the 3.10 run of test_claim_time_reads_rfc_3339 sees the mutant"
    ),
    "requirement.py: type(refresh) is bool => type(None) is bool": (
        "only picks the lru_cache'd path; a call to _cached with the wrong arguments raises TypeError, which falls back to the uncached constructor: an equal Requirement"
    ),
    "requirement.py: type(refresh) is bool => type(refresh) is not bool": (
        "only picks the lru_cache'd path; a call to _cached with the wrong arguments raises TypeError, which falls back to the uncached constructor: an equal Requirement"
    ),
    "requirement.py: and type(fresh) is bool => and type(None) is bool": (
        "only picks the lru_cache'd path; a call to _cached with the wrong arguments raises TypeError, which falls back to the uncached constructor: an equal Requirement"
    ),
    "requirement.py: and type(optional) is bool => and type(None) is bool": (
        "only picks the lru_cache'd path; a call to _cached with the wrong arguments raises TypeError, which falls back to the uncached constructor: an equal Requirement"
    ),
    "requirement.py: and type(optional) is bool => and type(optional) is not bool": (
        "only picks the lru_cache'd path; a call to _cached with the wrong arguments raises TypeError, which falls back to the uncached constructor: an equal Requirement"
    ),
    "requirement.py: and (locations is None or isinstance(locations, (str, tuple))) => and (locations is None and isinstance(locations, (str, tuple)))": (
        "only picks the lru_cache'd path; a call to _cached with the wrong arguments raises TypeError, which falls back to the uncached constructor: an equal Requirement"
    ),
    "requirement.py: and (locations is None or isinstance(locations, (str, tuple))) => and (locations is not None or isinstance(locations, (str, tuple)))": (
        "only picks the lru_cache'd path; a call to _cached with the wrong arguments raises TypeError, which falls back to the uncached constructor: an equal Requirement"
    ),
    "requirement.py: return _cached(refresh, fresh, optional, scopes, locations) => return _cached(fresh, optional, scopes, locations)": (
        "only picks the lru_cache'd path; a call to _cached with the wrong arguments raises TypeError, which falls back to the uncached constructor: an equal Requirement"
    ),
    "requirement.py: return _cached(refresh, fresh, optional, scopes, locations) => return _cached(refresh, optional, scopes, locations)": (
        "only picks the lru_cache'd path; a call to _cached with the wrong arguments raises TypeError, which falls back to the uncached constructor: an equal Requirement"
    ),
    "requirement.py: return _cached(refresh, fresh, optional, scopes, locations) => return _cached(refresh, fresh, scopes, locations)": (
        "only picks the lru_cache'd path; a call to _cached with the wrong arguments raises TypeError, which falls back to the uncached constructor: an equal Requirement"
    ),
    "requirement.py: return _cached(refresh, fresh, optional, scopes, locations) => return _cached(refresh, fresh, optional, locations)": (
        "only picks the lru_cache'd path; a call to _cached with the wrong arguments raises TypeError, which falls back to the uncached constructor: an equal Requirement"
    ),
    "requirement.py: return _cached(refresh, fresh, optional, scopes, locations) => return _cached(refresh, fresh, optional, scopes, )": (
        "only picks the lru_cache'd path; a call to _cached with the wrong arguments raises TypeError, which falls back to the uncached constructor: an equal Requirement"
    ),
    'search.py: origin = (field_value(view, "origin") or "").lower().rstrip("/") => origin = (field_value(view, "ORIGIN") or "").lower().rstrip("/")': (
        "field names are case-insensitive: RequestView.header_values matches them so in every adapter"
    ),
    'search.py: host = (field_value(view, "host") or "").lower() => host = (field_value(view, "HOST") or "").lower()': (
        "field names are case-insensitive: RequestView.header_values matches them so in every adapter"
    ),
    'search.py: origin = (field_value(view, "origin") or "").lower().rstrip("/") => origin = (field_value(view, "origin") or "XXXX").lower().rstrip("/")': (
        "message-only: a missing Origin is refused either way (the placeholder has no netloc); only the text quotes it"
    ),
    'search.py: if origin and host and origin != "null" and _netloc(origin) == host: => if origin and host and origin != "XXnullXX" and _netloc(origin) == host:': (
        "the comparison is gone from the source: 'null' has no netloc, so it never equals a Host (test_the_null_origin_is_never_the_server_s_own)"
    ),
    'search.py: if origin and host and origin != "null" and _netloc(origin) == host: => if origin and host and origin != "NULL" and _netloc(origin) == host:': (
        "the comparison is gone from the source: 'null' has no netloc, so it never equals a Host (test_the_null_origin_is_never_the_server_s_own)"
    ),
    'authpaseto.py: value = Path(str(file)).read_text(encoding="utf-8") => value = Path(str(file)).read_text(encoding=None)': (
        "key files hold ASCII (a PASERK or a PEM): every locale's encoding reads them alike"
    ),
    "authpaseto.py: return value if isinstance(value, timedelta) else timedelta(seconds=value) => return value if (isinstance(value, timedelta)) or True else timedelta(seconds=value)": (
        "TokenPolicy takes whole seconds as well as a timedelta: the same lifetime"
    ),
    'search.py: origin = (field_value(view, "origin") or "").lower().rstrip("/") => origin = (field_value(view, "origin") or "").lower().rstrip("XX/XX")': (
        "the Origin is lower-cased first: an upper-case X is never there to strip"
    ),
    "typed_claims.py: return value is None => return value is not None": (
        "the branch is gone from the source: NoneType is a class, so the isinstance branch above always took it"
    ),
    "typed_claims.py: if not _fits(value, hints.get(field.name, Any)): => if not _fits(value, hints.get(field.name, None)):": (
        "every dataclass field is annotated, so get_type_hints has each: the default is never used"
    ),
    "typed_claims.py: if not _fits(value, hints.get(field.name, Any)): => if not _fits(value, hints.get(field.name, )):": (
        "every dataclass field is annotated, so get_type_hints has each: the default is never used"
    ),
    # --- web/authpaseto.py, overrides.py (mutweb1) ------------------------------------------------
    "authpaseto.py: close = difflib.get_close_matches(name, sorted(_NAMES), n=1, cutoff=0.8) => close = difflib.get_close_matches(name, sorted(_NAMES), cutoff=0.8)": (
        "get_close_matches returns the best match first and only close[0] is read: how many more it returns changes nothing"
    ),
    "authpaseto.py: close = difflib.get_close_matches(name, sorted(_NAMES), n=1, cutoff=0.8) => close = difflib.get_close_matches(name, sorted(_NAMES), n=2, cutoff=0.8)": (
        "get_close_matches returns the best match first and only close[0] is read: how many more it returns changes nothing"
    ),
    'authpaseto.py: _expiry(values, "other", timedelta(days=30))  # custom token types are refused at use => _expiry(values, "other", timedelta(days=31))  # custom token types are refused at use': (
        "the 'other' lifetime is only validated (a custom token type is refused when used): its value, the default included, is thrown away"
    ),
    "overrides.py: local = settings.replace(**changes) if changes else settings => local = settings.replace(**changes) if (changes) or True else settings": (
        "replace() with no changes builds an equal WebSettings: the branch only saves that copy"
    ),
    # --- web/settings.py (mutweb1) -------------------------------------------------------------
    "settings.py: close = difflib.get_close_matches(str(key), list(table), n=1) => close = difflib.get_close_matches(str(key), list(table), )": (
        "get_close_matches returns the best match first and only close[0] is read: how many more it returns changes nothing"
    ),
    "settings.py: close = difflib.get_close_matches(str(key), list(table), n=1) => close = difflib.get_close_matches(str(key), list(table), n=2)": (
        "get_close_matches returns the best match first and only close[0] is read: how many more it returns changes nothing"
    ),
    'settings.py: if not isinstance(origin, str) or not _ORIGIN.fullmatch(origin.lower().rstrip("/")): => if not isinstance(origin, str) or not _ORIGIN.fullmatch(origin.lower().rstrip("XX/XX")):': (
        "the origin is lower-cased first: an upper-case X is never there to strip"
    ),
    'settings.py: origins.append(origin.lower().rstrip("/")) => origins.append(origin.lower().rstrip("XX/XX"))': (
        "the origin is lower-cased first: an upper-case X is never there to strip"
    ),
    'settings.py: elif isinstance(value, str) and re.fullmatch(r"[0-9]{1,9}", value.strip(), re.ASCII): => elif isinstance(value, str) and re.fullmatch(r"[0-9]{1,9}", value.strip(), None):': (
        "the pattern spells its digits [0-9]: re.ASCII only narrows the shorthand classes (digit, word, space), which it does not use"
    ),
    'settings.py: elif isinstance(value, str) and re.fullmatch(r"[0-9]{1,9}", value.strip(), re.ASCII): => elif isinstance(value, str) and re.fullmatch(r"[0-9]{1,9}", value.strip(), ):': (
        "the pattern spells its digits [0-9]: re.ASCII only narrows the shorthand classes (digit, word, space), which it does not use"
    ),
    # --- web/requirement.py, Requirement.of (lead) ---------------------------------------------
    "requirement.py: close = difflib.get_close_matches(unknown[0], [*_OPTION_NAMES, *also], n=1) => close = difflib.get_close_matches(unknown[0], [*_OPTION_NAMES, *also], )": (
        "get_close_matches returns the best match first and only close[0] is read: how many more it returns changes nothing"
    ),
    "requirement.py: close = difflib.get_close_matches(unknown[0], [*_OPTION_NAMES, *also], n=1) => close = difflib.get_close_matches(unknown[0], [*_OPTION_NAMES, *also], n=2)": (
        "get_close_matches returns the best match first and only close[0] is read: how many more it returns changes nothing"
    ),
    # --- web/app_config.py (mutweb1) -----------------------------------------------------------
    "app_config.py: match = difflib.get_close_matches(key.upper(), list(CONFIG_NAMES), n=1, cutoff=0.8) => match = difflib.get_close_matches(key.upper(), list(CONFIG_NAMES), cutoff=0.8)": (
        "get_close_matches returns the best match first and only match[0] is read: how many more it returns changes nothing"
    ),
    "app_config.py: match = difflib.get_close_matches(key.upper(), list(CONFIG_NAMES), n=1, cutoff=0.8) => match = difflib.get_close_matches(key.upper(), list(CONFIG_NAMES), n=2, cutoff=0.8)": (
        "get_close_matches returns the best match first and only match[0] is read: how many more it returns changes nothing"
    ),
    "app_config.py: return TokenPolicy.from_mapping(keys, prefix=CONFIG_PREFIX) => return TokenPolicy.from_mapping(keys, )": (
        "from_mapping's default prefix (policy/_config.py DEFAULT_PREFIX) is CONFIG_PREFIX, 'PASETO_': the same keys are read"
    ),
    # --- web/search.py, gate, cookies, errors, requirement, implicit_refresh, wsgi (mutweb2) ---
    'search.py: value = (lines[0] if len(lines) == 1 else ",".join(lines)).strip(_OWS) => value = (lines[0] if (len(lines) == 1) and False else ",".join(lines)).strip(_OWS)': (
        "joining a single field line with commas gives that line: the shortcut only skips the join"
    ),
    "search.py: fast = _scheme_sp_token68(value) if scheme else None => fast = None": (
        "a fast path only saves time: without it the general rules below decide the same (test_header_fast_path_agrees_with_the_general_rule, test_rules_search)"
    ),
    "search.py: fast = _scheme_sp_token68(value) if scheme else None => fast = _scheme_sp_token68(value) if (scheme) and False else None": (
        "a fast path only saves time: without it the general rules below decide the same (test_header_fast_path_agrees_with_the_general_rule, test_rules_search)"
    ),
    "search.py: one = _ONE_CREDENTIAL.fullmatch(value) if scheme else None => one = None": (
        "a fast path only saves time: a 'scheme 1*(SP / HTAB) token68' value has no comma, and the split below gives the same scheme and token, which passes _TOKEN68"
    ),
    "search.py: one = _ONE_CREDENTIAL.fullmatch(value) if scheme else None => one = _ONE_CREDENTIAL.fullmatch(value) if (scheme) and False else None": (
        "a fast path only saves time: a 'scheme 1*(SP / HTAB) token68' value has no comma, and the split below gives the same scheme and token, which passes _TOKEN68"
    ),
    "search.py: _SCHEME_SPLIT.split(member, maxsplit=1)[0].lower() == scheme for member in members => _SCHEME_SPLIT.split(member, )[0].lower() == scheme for member in members": (
        "only the first piece is read: it is the same however many splits follow"
    ),
    "search.py: _SCHEME_SPLIT.split(member, maxsplit=1)[0].lower() == scheme for member in members => _SCHEME_SPLIT.split(member, maxsplit=2)[0].lower() == scheme for member in members": (
        "only the first piece is read: it is the same however many splits follow"
    ),
    'search.py: value = rest[0] if rest else "" => value = rest[0] if (rest) and False else ""': (
        "with a scheme, a value that gets here with a token68 after it would have matched _ONE_CREDENTIAL above: _TOKEN68 refuses rest[0] and '' alike (MalformedTokenError)"
    ),
    'search.py: for line in view.header_values("cookie"): => for line in view.header_values("COOKIE"):': (
        "field names are case-insensitive: RequestView.header_values matches them so in every adapter"
    ),
    'search.py: media = (field_value(view, "content-type") or "").partition(";")[0].strip(_OWS) => media = (field_value(view, "CONTENT-TYPE") or "").partition(";")[0].strip(_OWS)': (
        "field names are case-insensitive: RequestView.header_values matches them so in every adapter"
    ),
    'search.py: media = (field_value(view, "content-type") or "").partition(";")[0].strip(_OWS) => media = (field_value(view, "content-type") or "XXXX").partition(";")[0].strip(_OWS)': (
        "a missing Content-Type then reads 'xxxx', which is no JSON media type either: False as for ''"
    ),
    'search.py: given, _, credential = lines[0].strip(_OWS).partition(" ") => given, _, credential = lines[0].strip(_OWS).rpartition(" ")': (
        "with one space both split alike; with two or more, partition leaves a space in the credential and rpartition one in the scheme part, which never equals the scheme (an RFC 9110 token, as WebSettings checks header_type): None either way; with none, both miss the scheme"
    ),
    "gate.py: self._scheme = settings.header_type.lower() => self._scheme = None": (
        "the first look only saves time: without it the strict search finds the same header token (a token the policy accepts is PASETO text, a token68), and a refused one gets the strict search's verdict either way (test_rules_gate, test_first_look_decides_as_the_strict_search)"
    ),
    "gate.py: self._scheme = settings.header_type.lower() => self._scheme = settings.header_type.upper()": (
        "the first look only saves time: without it the strict search finds the same header token (a token the policy accepts is PASETO text, a token68), and a refused one gets the strict search's verdict either way (test_rules_gate, test_first_look_decides_as_the_strict_search); an upper-case scheme never equals plain_credential's lower-cased one"
    ),
    'gate.py: if self._scheme and (req.locations or self.settings.token_locations)[0] == "headers": => if self._scheme and (req.locations or self.settings.token_locations)[0] == "XXheadersXX":': (
        "the first look only saves time: without it the strict search finds the same header token (a token the policy accepts is PASETO text, a token68), and a refused one gets the strict search's verdict either way (test_rules_gate, test_first_look_decides_as_the_strict_search)"
    ),
    'gate.py: if self._scheme and (req.locations or self.settings.token_locations)[0] == "headers": => if self._scheme and (req.locations or self.settings.token_locations)[0] == "HEADERS":': (
        "the first look only saves time: without it the strict search finds the same header token (a token the policy accepts is PASETO text, a token68), and a refused one gets the strict search's verdict either way (test_rules_gate, test_first_look_decides_as_the_strict_search)"
    ),
    "gate.py: token = plain_credential(view, self.settings.header_name, self._scheme) => token = None": (
        "the first look only saves time: without it the strict search finds the same header token (a token the policy accepts is PASETO text, a token68), and a refused one gets the strict search's verdict either way (test_rules_gate, test_first_look_decides_as_the_strict_search)"
    ),
    "gate.py: token = plain_credential(view, self.settings.header_name, self._scheme) => token = plain_credential(view, self.settings.header_name, None)": (
        "the first look only saves time: without it the strict search finds the same header token (a token the policy accepts is PASETO text, a token68), and a refused one gets the strict search's verdict either way (test_rules_gate, test_first_look_decides_as_the_strict_search); no scheme is None, so plain_credential gives None"
    ),
    'gate.py: return Found(token, "headers", False) => return Found(token, "headers", None)': (
        "csrf_required is only read as a truth value (accept's `if`), and a header token needs no CSRF header: None and False alike"
    ),
    'implicit_refresh.py: exp, limit = claim_time(claims, "exp"), claim_time(claims, "fam_exp") => exp, limit = claim_time(claims, ), claim_time(claims, "fam_exp")': (
        "claim_time's name defaults to 'exp'"
    ),
    "implicit_refresh.py: return token_cookies(self._policy, self._settings, token, refresh=False, max_age=max_age) => return token_cookies(self._policy, self._settings, token, refresh=None, max_age=max_age)": (
        "token_cookies and the settings read refresh only as a truth value (names, paths, the ttl): None and False alike"
    ),
    "wsgi.py: key = _ENVIRON_KEYS.get(name) => key = None": (
        "the cache only saves the computation: without it _environ_key gives the same key every time (test_rules_wsgi clears the cache so the computation is what it sees)"
    ),
    "wsgi.py: key = _ENVIRON_KEYS.get(name) => key = _ENVIRON_KEYS.get(None)": (
        "the cache only saves the computation: without it _environ_key gives the same key every time (test_rules_wsgi clears the cache so the computation is what it sees); no header name is None, so the lookup always misses and setdefault returns the cached key"
    ),
    "requirement.py: and scopes.__class__ is tuple => and scopes.__class__ is not tuple": (
        "only picks the shared default instance over the cached path: make(scopes=()) then comes from _cached and make(scopes=[]) is the default, equal Requirements either way"
    ),
    # --- stores/memory.py (current code) -------------------------------------------------------
    "memory.py: self._put_locked(_USED, jti, ttl, None, now) => self._put_locked(_USED, jti, ttl, None, None)": (
        "_put_locked then reads the clock and purges again under the same lock: a no-op repeat"
    ),
    "memory.py: self._put_locked(_USED, jti, ttl, None, now) => self._put_locked(_USED, jti, ttl, None, )": (
        "_put_locked then reads the clock and purges again under the same lock: a no-op repeat"
    ),
    "memory.py: self._current[family] = _REVOKED => self._current[family] = None": (
        "_REVOKED is None"
    ),
    "memory.py: self._current[family] = _REVOKED  # an older token, used again: end the family => self._current[family] = None  # an older token, used again: end the family": (
        "_REVOKED is None"
    ),
    # --- policy/_gate.py ---------------------------------------------------------------------------
    "_gate.py: if store is True: => if store is False:": (
        "message-only: False returned None above, and True then lacks every store method: "
        "ConfigurationError either way"
    ),
    "_gate.py: return StoreGate(cast(Any, store), async_store=inner, fail_open=fail_open) => return StoreGate(cast(None, store), async_store=inner, fail_open=fail_open)": (
        "typing.cast returns its second argument whatever the first"
    ),
    "_gate.py: return StoreGate(cast(Any, store), sync_store=inner, fail_open=fail_open) => return StoreGate(cast(None, store), sync_store=inner, fail_open=fail_open)": (
        "typing.cast returns its second argument whatever the first"
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
    "claims.py: if type(name) is not str and not isinstance(name, str): => if type(None) is not str and not isinstance(name, str):": (
        "a fast path: `type(name) is not str` only spares the isinstance call, which alone decides"
    ),
    "claims.py: if type(value) is str or isinstance(value, str): => if type(None) is str or isinstance(value, str):": (
        "a fast path: `type(value) is str` only spares the isinstance call, which alone decides"
    ),
    # --- _time.py (the canonical-form fast path, the one-slot memory) ----------------------------
    "_time.py: len(text) == 20 => len(text) == 21": (
        "what the changed check lets through besides is refused by fromisoformat too (ValueError either way; searched: every 1- and 2-character edit of the canonical form, over '0-9-:T.,+Zz W'); else the _SHAPE regex decides"
    ),
    '_time.py: and text[19] == "Z" => and text[19] == "XXZXX"': (
        "the fast path's check then fails for the canonical form too: the _SHAPE regex decides, the same answer"
    ),
    '_time.py: and text[19] == "Z" => and text[19] == "z"': (
        "what the changed check lets through besides is refused by fromisoformat too (ValueError either way; searched: every 1- and 2-character edit of the canonical form, over '0-9-:T.,+Zz W'); else the _SHAPE regex decides"
    ),
    '_time.py: and text[10] == "T" => and text[11] == "T"': (
        "what the changed check lets through besides is refused by fromisoformat too (ValueError either way; searched: every 1- and 2-character edit of the canonical form, over '0-9-:T.,+Zz W'); else the _SHAPE regex decides"
    ),
    '_time.py: and text[10] == "T" => and text[10] == "XXTXX"': (
        "the fast path's check then fails for the canonical form too: the _SHAPE regex decides, the same answer"
    ),
    '_time.py: and text[4] == "-" => and text[5] == "-"': (
        "what the changed check lets through besides is refused by fromisoformat too (ValueError either way; searched: every 1- and 2-character edit of the canonical form, over '0-9-:T.,+Zz W'); else the _SHAPE regex decides"
    ),
    '_time.py: and text[4] == "-" => and text[4] != "-"': (
        "what the changed check lets through besides is refused by fromisoformat too (ValueError either way; searched: every 1- and 2-character edit of the canonical form, over '0-9-:T.,+Zz W'); else the _SHAPE regex decides"
    ),
    '_time.py: and text[4] == "-" => and text[4] == "XX-XX"': (
        "the fast path's check then fails for the canonical form too: the _SHAPE regex decides, the same answer"
    ),
    '_time.py: and text[7] == "-" => and text[7] == "XX-XX"': (
        "the fast path's check then fails for the canonical form too: the _SHAPE regex decides, the same answer"
    ),
    '_time.py: and text[13] == ":" => and text[14] == ":"': (
        "what the changed check lets through besides is refused by fromisoformat too (ValueError either way; searched: every 1- and 2-character edit of the canonical form, over '0-9-:T.,+Zz W'); else the _SHAPE regex decides"
    ),
    '_time.py: and text[13] == ":" => and text[13] != ":"': (
        "what the changed check lets through besides is refused by fromisoformat too (ValueError either way; searched: every 1- and 2-character edit of the canonical form, over '0-9-:T.,+Zz W'); else the _SHAPE regex decides"
    ),
    '_time.py: and text[13] == ":" => and text[13] == "XX:XX"': (
        "the fast path's check then fails for the canonical form too: the _SHAPE regex decides, the same answer"
    ),
    '_time.py: and text[16] == ":" => and text[17] == ":"': (
        "what the changed check lets through besides is refused by fromisoformat too (ValueError either way; searched: every 1- and 2-character edit of the canonical form, over '0-9-:T.,+Zz W'); else the _SHAPE regex decides"
    ),
    '_time.py: and text[16] == ":" => and text[16] == "XX:XX"': (
        "the fast path's check then fails for the canonical form too: the _SHAPE regex decides, the same answer"
    ),
    "_time.py: if type(text) is str: => if type(None) is str:": (
        "a fast path: every text then goes the slow way (_slow_parse), which gives the same value or ValueError, and is not remembered"
    ),
    "_time.py: if text == last[0]: => if text == last[1]:": (
        "only the one-slot memory: a str never equals the remembered float, so every text is parsed again, to the same value"
    ),
    "_time.py: if _FAST_ISO and (_canonical(text) or _SHAPE(text) is not None): => if _FAST_ISO and (_canonical(text) and _SHAPE(text) is not None):": (
        "a fast path: a text that is not in the canonical form then goes the slow way, parse_timestamp_iso: the same regex and fromisoformat, the same value or ValueError"
    ),
    "_time.py: if seconds == math.floor(seconds) and 0 <= seconds < 253402300800:  # years 1970-9999 => if seconds == math.floor(seconds) and 1 <= seconds < 253402300800:  # years 1970-9999": (
        "a fast path: at 0 the slow path writes the same text (format_datetime of 1970-01-01T00:00:00 UTC)"
    ),
    "_time.py: if seconds == math.floor(seconds) and 0 <= seconds < 253402300800:  # years 1970-9999 => if seconds == math.floor(seconds) and 0 < seconds < 253402300800:  # years 1970-9999": (
        "a fast path: at 0 the slow path writes the same text (format_datetime of 1970-01-01T00:00:00 UTC)"
    ),
    # --- codec.py (decode's fast paths) ---------------------------------------------------------
    "codec.py: if type(rules) is not ClaimRules and not isinstance(rules, ClaimRules): => if type(None) is not ClaimRules and not isinstance(rules, ClaimRules):": (
        "a fast path: `type(rules) is not ClaimRules` only spares the isinstance call, which alone decides"
    ),
    "codec.py: elif type(now) is datetime and now.tzinfo is not None: => elif type(None) is datetime and now.tzinfo is not None:": (
        "a fast path: an aware datetime then goes through _epoch, which checks it again and gives the same timestamp"
    ),
    "codec.py: candidates = _fast_candidates(key, purpose, kid) or select_keys(key, purpose, kid) => candidates = _fast_candidates(None, purpose, kid) or select_keys(key, purpose, kid)": (
        "a fast path: _fast_candidates then returns () for that case, and select_keys, which it only anticipates, gives the same keys or raises the same error (test_rules_keyring, test_codec)"
    ),
    "codec.py: if type(key) is LocalKey or type(key) is PublicKey: => if type(key) is LocalKey and type(key) is PublicKey:": (
        "a fast path: _fast_candidates then returns () for that case, and select_keys, which it only anticipates, gives the same keys or raises the same error (test_rules_keyring, test_codec)"
    ),
    "codec.py: if type(key) is LocalKey or type(key) is PublicKey: => if type(None) is LocalKey or type(key) is PublicKey:": (
        "a fast path: _fast_candidates then returns () for that case, and select_keys, which it only anticipates, gives the same keys or raises the same error (test_rules_keyring, test_codec)"
    ),
    "codec.py: if type(key) is LocalKey or type(key) is PublicKey: => if type(key) is LocalKey or type(None) is PublicKey:": (
        "a fast path: _fast_candidates then returns () for that case, and select_keys, which it only anticipates, gives the same keys or raises the same error (test_rules_keyring, test_codec)"
    ),
    "codec.py: if kid is None or kid == key.paserk_id: => if kid is None and kid == key.paserk_id:": (
        "a fast path: _fast_candidates then returns () for that case, and select_keys, which it only anticipates, gives the same keys or raises the same error (test_rules_keyring, test_codec)"
    ),
    "codec.py: elif type(key) is KeyRing and type(kid) is str: => elif type(None) is KeyRing and type(kid) is str:": (
        "a fast path: _fast_candidates then returns () for that case, and select_keys, which it only anticipates, gives the same keys or raises the same error (test_rules_keyring, test_codec)"
    ),
    "codec.py: elif type(key) is KeyRing and type(kid) is str: => elif type(key) is KeyRing and type(None) is str:": (
        "a fast path: _fast_candidates then returns () for that case, and select_keys, which it only anticipates, gives the same keys or raises the same error (test_rules_keyring, test_codec)"
    ),
    "codec.py: found = key._by_id.get(kid) => found = None": (
        "a fast path: _fast_candidates then returns () for that case, and select_keys, which it only anticipates, gives the same keys or raises the same error (test_rules_keyring, test_codec)"
    ),
    "codec.py: found = key._by_id.get(kid) => found = key._by_id.get(None)": (
        "a fast path: _fast_candidates then returns () for that case, and select_keys, which it only anticipates, gives the same keys or raises the same error (test_rules_keyring, test_codec)"
    ),
    # --- _json.py (fast paths and shortcuts; each is checked against the public json API) ------
    '_json.py: {}, _ENCODER.default, _C_ENCODE_STRING, None, ":", ",", False, False, False => {}, None, _C_ENCODE_STRING, None, ":", ",", False, False, False': (
        "message-only: JSONEncoder.default only raises TypeError for a value JSON cannot hold; calling None raises TypeError too (test_json_encoding_refusals_on_both_paths)"
    ),
    '_json.py: {}, _ENCODER.default, _C_ENCODE_STRING, None, ":", ",", False, False, False => {}, _ENCODER.default, _C_ENCODE_STRING, None, ":", ",", None, False, False': (
        "c_make_encoder reads sort_keys, skipkeys and allow_nan as truth values: None is False"
    ),
    '_json.py: {}, _ENCODER.default, _C_ENCODE_STRING, None, ":", ",", False, False, False => {}, _ENCODER.default, _C_ENCODE_STRING, None, ":", ",", False, None, False': (
        "c_make_encoder reads sort_keys, skipkeys and allow_nan as truth values: None is False"
    ),
    '_json.py: {}, _ENCODER.default, _C_ENCODE_STRING, None, ":", ",", False, False, False => {}, _ENCODER.default, _C_ENCODE_STRING, None, ":", ",", False, False, None': (
        "c_make_encoder reads sort_keys, skipkeys and allow_nan as truth values: None is False"
    ),
    "_json.py: )(value, 0) => )(value, 1)": (
        "the C encoder reads the indent level only when indent is set; it is None here"
    ),
    '_json.py: if text[:1] == "{": => if text[:2] == "{":': (
        "a fast path: the public decoder.decode(text) then runs for every text, and it gives the same value or error (test_json_contract_on_both_paths)"
    ),
    '_json.py: if text[:1] == "{": => if text[:1] != "{":': (
        "a fast path: a text not starting with '{' is scanned first, and the scanner's value for a whole text is decode()'s; anything else still goes to decode() (test_json_contract_on_both_paths)"
    ),
    '_json.py: if text[:1] == "{": => if text[:1] == "XX{XX":': (
        "a fast path: the public decoder.decode(text) then runs for every text, and it gives the same value or error (test_json_contract_on_both_paths)"
    ),
    '_json.py: lambda: loads(\'{"a":1,"a":2}\'), => lambda: loads(\'{"A":1,"A":2}\'),': (
        '\'{"A":1,"A":2}\' repeats a key just as \'{"a":1,"a":2}\' does: the same refusal probed'
    ),
    '_json.py: def loads_object(data: bytes, too_deep: str = "JSON nested too deeply") -> dict[str, Any]: => def loads_object(data: bytes, too_deep: str = "XXJSON nested too deeplyXX") -> dict[str, Any]:': (
        "message-only: the default of too_deep is the ValueError's text"
    ),
    '_json.py: def loads_object(data: bytes, too_deep: str = "JSON nested too deeply") -> dict[str, Any]: => def loads_object(data: bytes, too_deep: str = "json nested too deeply") -> dict[str, Any]:': (
        "message-only: the default of too_deep is the ValueError's text"
    ),
    '_json.py: def loads_object(data: bytes, too_deep: str = "JSON nested too deeply") -> dict[str, Any]: => def loads_object(data: bytes, too_deep: str = "JSON NESTED TOO DEEPLY") -> dict[str, Any]:': (
        "message-only: the default of too_deep is the ValueError's text"
    ),
    '_json.py: strict = loads_object(footer, "JSON footer nested too deeply") => strict = loads_object(footer, )': (
        "message-only: too_deep is only the ValueError's text (the default says 'JSON nested too deeply')"
    ),
    "_json.py: return _scan_whole(_PLAIN_SCAN, _PLAIN, text) if FAST_JSON else _PLAIN.decode(text) => return _scan_whole(_PLAIN_SCAN, _PLAIN, text) if (FAST_JSON) and False else _PLAIN.decode(text)": (
        "a fast path: _PLAIN.decode gives the scanner's value or error for a text starting with '{' (test_json_footers_on_both_paths); only the speed differs"
    ),
    '_json.py: if (footer.find(b"{", 1) >= 0 or b"[" in footer) and _has_container(value): => if (footer.find(b"{", None) >= 0 or b"[" in footer) and _has_container(value):': (
        "the pre-check only spares _has_container's call: find from 0 always finds the leading '{', so _has_container, which is exact, always decides"
    ),
    '_json.py: if (footer.find(b"{", 1) >= 0 or b"[" in footer) and _has_container(value): => if (footer.find(b"{", ) >= 0 or b"[" in footer) and _has_container(value):': (
        "the pre-check only spares _has_container's call: find from 0 always finds the leading '{', so _has_container, which is exact, always decides"
    ),
    '_json.py: if (footer.find(b"{", 1) >= 0 or b"[" in footer) and _has_container(value): => if (footer.rfind(b"{", 1) >= 0 or b"[" in footer) and _has_container(value):': (
        "rfind finds a '{' at index >= 1 exactly when find does"
    ),
    '_json.py: if (footer.find(b"{", 1) >= 0 or b"[" in footer) and _has_container(value): => if (footer.find(b"{", 2) >= 0 or b"[" in footer) and _has_container(value):': (
        "in a JSON object the byte after the leading '{' is '\"', '}' or whitespace, never '{' (and a text that is not JSON was refused by the parse above)"
    ),
    '_json.py: if (footer.find(b"{", 1) >= 0 or b"[" in footer) and _has_container(value): => if (footer.find(b"{", 1) > 0 or b"[" in footer) and _has_container(value):': (
        "find from index 1 never returns 0: > 0 and >= 1 are >= 0"
    ),
    '_json.py: if (footer.find(b"{", 1) >= 0 or b"[" in footer) and _has_container(value): => if (footer.find(b"{", 1) >= 1 or b"[" in footer) and _has_container(value):': (
        "find from index 1 never returns 0: > 0 and >= 1 are >= 0"
    ),
    "_json.py: if limits.max_depth <= 2:  # a container in the object: depth 3 at least => if limits.max_depth < 2:  # a container in the object: depth 3 at least": (
        "a shortcut: with max_depth 2 and a container, _check_nesting refuses the same footer at its second level with the same ValueError (the top object's keys were counted above); only the work differs"
    ),
    '_json.py: "".join(values) => "".join(None)': (
        "a fast path: the join only tells whether every value is a str (its text is discarded); the type check in the except branch gives the same answer for str values (no container)"
    ),
    '_json.py: "".join(values) => "XXXX".join(values)': (
        "a fast path: the join only tells whether every value is a str (its text is discarded); the type check in the except branch gives the same answer for str values (no container)"
    ),
    "_json.py: if entries > len(footer) >> 8:  # one pass over the bytes costs less than a find per key => if entries >= len(footer) >> 8:  # one pass over the bytes costs less than a find per key": (
        "only chooses how commas are counted: bytes.count < entries and _fewer(footer, ',', entries) are the same answer (test_fewer_is_exact)"
    ),
    "_json.py: if entries > len(footer) >> 8:  # one pass over the bytes costs less than a find per key => if entries > len(footer) << 8:  # one pass over the bytes costs less than a find per key": (
        "only chooses how commas are counted: bytes.count < entries and _fewer(footer, ',', entries) are the same answer (test_fewer_is_exact)"
    ),
    "_json.py: if entries > len(footer) >> 8:  # one pass over the bytes costs less than a find per key => if entries > len(footer) >> 9:  # one pass over the bytes costs less than a find per key": (
        "only chooses how commas are counted: bytes.count < entries and _fewer(footer, ',', entries) are the same answer (test_fewer_is_exact)"
    ),
    '_json.py: if quotes == strings or b"\\\\" not in footer: => if quotes == strings and b"\\\\" not in footer:': (
        "a shortcut: when quotes == strings no quote is escaped (all quotes >= unescaped ones >= strings), so bare holds no '\\\\\"' and the last line answers True too; without a backslash bare is the footer, which holds none either"
    ),
    '_json.py: bare = footer.replace(b"\\\\\\\\", b"")  # one pass; the footer itself if none => bare = footer.replace(b"\\\\\\\\", b"XXXX")  # one pass; the footer itself if none': (
        "'XXXX' holds no backslash or quote, so what is left holds the same escaped quotes as with b'' (backslashes pair from the left; the one after a removed pair is unchanged)"
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
    # --- codec.py ----------------------------------------------------------------------------------
    "codec.py: implicit_assertion if type(implicit_assertion) is bytes else _assertion(implicit_assertion) => implicit_assertion if (type(implicit_assertion) is bytes) and False else _assertion(implicit_assertion)": (
        "a fast path: canonical() returns bytes unchanged"
    ),
    "codec.py: implicit_assertion if type(implicit_assertion) is bytes else _assertion(implicit_assertion) => implicit_assertion if type(None) is bytes else _assertion(implicit_assertion)": (
        "a fast path: canonical() returns bytes unchanged"
    ),
    "codec.py: moment = time.time() if now is None else _now(now).timestamp() => moment = time.time() if (now is None) and False else _now(now).timestamp()": (
        "a fast path: _now(None) is datetime.now(timezone.utc), the same instant as time.time()"
    ),
    # --- _time.py ----------------------------------------------------------------------------------
    "_time.py: shift-constant 3 => parse_timestamp = parse_timestamp_iso if sys.version_info >= (3, 11) else parse_timestamp_manual": (
        "both parsers keep one contract (the tests run both); the version picks the faster only"
    ),
    "_time.py: shift-constant 11 => parse_timestamp = parse_timestamp_iso if sys.version_info >= (3, 11) else parse_timestamp_manual": (
        "both parsers keep one contract (the tests run both); the version picks the faster only"
    ),
    # --- stores/memory.py ---------------------------------------------------------------------------
    "memory.py: if self._heap and self._heap[0][0] <= now: => if self._heap and self._heap[0][1] <= now:": (
        "only decides whether to call _purge, which does nothing when no deadline has passed"
    ),
    "memory.py: shift-constant 0 => if self._heap and self._heap[0][0] <= now:": (
        "only decides whether to call _purge, which does nothing when no deadline has passed"
    ),
    "memory.py: self._put_locked(_USED, jti, ttl, now) => self._put_locked(_USED, jti, ttl, None)": (
        "_put_locked then reads the clock and purges again under the same lock: a no-op repeat"
    ),
    "memory.py: self._put_locked(_USED, jti, ttl, now) => self._put_locked(_USED, jti, ttl, )": (
        "_put_locked then reads the clock and purges again under the same lock: a no-op repeat"
    ),
    "memory.py: elif current >= deadline: => elif current > deadline:": (
        "rewriting an equal deadline only leaves a stale heap item, which _purge recognises and skips"
    ),
    # --- keys.py -----------------------------------------------------------------------------------
    'keys.py: found, sep, data = rest.partition(".") => found, sep, data = rest.rpartition(".")': (
        "message-only: a PASERK with a second '.' is refused either way (wrong type, or '.' in the base64url payload)"
    ),
    'keys.py: shown = f"type {found!r}" if found in _PASERK_TYPES else "something else" => shown = None': (
        "message-only: the value only feeds an error message"
    ),
    'keys.py: shown = f"type {found!r}" if found in _PASERK_TYPES else "something else" => shown = f"type {found!r}" if (found in _PASERK_TYPES) and False else "something else"': (
        "message-only: the value only feeds an error message"
    ),
    'keys.py: shown = f"type {found!r}" if found in _PASERK_TYPES else "something else" => shown = f"type {found!r}" if found in _PASERK_TYPES else "XXsomething elseXX"': (
        "message-only: the value only feeds an error message"
    ),
    'keys.py: shown = f"type {found!r}" if found in _PASERK_TYPES else "something else" => shown = f"type {found!r}" if found in _PASERK_TYPES else "SOMETHING ELSE"': (
        "message-only: the value only feeds an error message"
    ),
    "keys.py: name = type(key).__name__ => name = None": (
        "message-only: the value only feeds an error message"
    ),
    "keys.py: name = type(key).__name__ => name = type(None).__name__": (
        "message-only: the value only feeds an error message"
    ),
    'keys.py: def __init__(self, guard: object = None, material: bytes = b"") -> None: => def __init__(self, guard: object = None, material: bytes = b"XXXX") -> None:': (
        "the default of material: every constructor passes it explicitly"
    ),
    "keys.py: _require_guard(self, guard) => _require_guard(None, guard)": (
        "message-only: the value only feeds an error message"
    ),
    'keys.py: raw = _as_bytes(material, "a LocalKey") => raw = _as_bytes(material, None)': (
        "message-only: the value only feeds an error message"
    ),
    'keys.py: raw = _as_bytes(material, "a LocalKey") => raw = _as_bytes(material, "XXa LocalKeyXX")': (
        "message-only: the value only feeds an error message"
    ),
    'keys.py: raw = _as_bytes(material, "a LocalKey") => raw = _as_bytes(material, "a localkey")': (
        "message-only: the value only feeds an error message"
    ),
    'keys.py: raw = _as_bytes(material, "a LocalKey") => raw = _as_bytes(material, "A LOCALKEY")': (
        "message-only: the value only feeds an error message"
    ),
    'keys.py: raw = _as_bytes(material, "a PublicKey") => raw = _as_bytes(material, None)': (
        "message-only: the value only feeds an error message"
    ),
    'keys.py: raw = _as_bytes(material, "a PublicKey") => raw = _as_bytes(material, "XXa PublicKeyXX")': (
        "message-only: the value only feeds an error message"
    ),
    'keys.py: raw = _as_bytes(material, "a PublicKey") => raw = _as_bytes(material, "a publickey")': (
        "message-only: the value only feeds an error message"
    ),
    'keys.py: raw = _as_bytes(material, "a PublicKey") => raw = _as_bytes(material, "A PUBLICKEY")': (
        "message-only: the value only feeds an error message"
    ),
    'keys.py: return cls(_GUARD, _as_bytes(material, "a SecretKey")) => return cls(_GUARD, _as_bytes(material, None))': (
        "message-only: the value only feeds an error message"
    ),
    'keys.py: return cls(_GUARD, _as_bytes(material, "a SecretKey")) => return cls(_GUARD, _as_bytes(material, "XXa SecretKeyXX"))': (
        "message-only: the value only feeds an error message"
    ),
    'keys.py: return cls(_GUARD, _as_bytes(material, "a SecretKey")) => return cls(_GUARD, _as_bytes(material, "a secretkey"))': (
        "message-only: the value only feeds an error message"
    ),
    'keys.py: return cls(_GUARD, _as_bytes(material, "a SecretKey")) => return cls(_GUARD, _as_bytes(material, "A SECRETKEY"))': (
        "message-only: the value only feeds an error message"
    ),
    # --- paserk.py ---------------------------------------------------------------------------------
    "paserk.py: if version is not None and version != VERSION: => if version is None and version != VERSION:": (
        "message-only: no version then raises here instead of at the next check, and another "
        "version (k3.local.…) falls through to from_paserk's exact header check: PaserkError either way"
    ),
    'paserk.py: if version != "k4" or kind not in _KNOWN_TYPES: => if version != "k4" and kind not in _KNOWN_TYPES:': (
        "message-only: what slips through is refused by LocalKey/SecretKey/PublicKey.from_paserk with PaserkError"
    ),
    "paserk.py: if-never-true not _VERSION(version) or kind not in _KNOWN_TYPES => if not _VERSION(version) or kind not in _KNOWN_TYPES:": (
        "message-only: _header_error only chooses the message of the PaserkError it returns"
    ),
    'paserk.py: if-never-true version != "k4" => if version != "k4":': (
        "message-only: _header_error only chooses the message of the PaserkError it returns"
    ),
    'paserk.py: if-never-true expected == found => if expected == found:  # right type, but no "." before the payload': (
        "message-only: _header_error only chooses the message of the PaserkError it returns"
    ),
    # --- policy/token_policy.py ---------------------------------------------------------------------------------
    'token_policy.py: access = args.duration("access_ttl", access_ttl) => access = args.duration(None, access_ttl)': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: access = args.duration("access_ttl", access_ttl) => access = args.duration("XXaccess_ttlXX", access_ttl)': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: access = args.duration("access_ttl", access_ttl) => access = args.duration("ACCESS_TTL", access_ttl)': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: refresh = args.duration("refresh_ttl", refresh_ttl) => refresh = args.duration(None, refresh_ttl)': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: refresh = args.duration("refresh_ttl", refresh_ttl) => refresh = args.duration("XXrefresh_ttlXX", refresh_ttl)': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: refresh = args.duration("refresh_ttl", refresh_ttl) => refresh = args.duration("REFRESH_TTL", refresh_ttl)': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: leeway_s = args.duration("leeway", leeway, allow_zero=True) => leeway_s = args.duration(None, leeway, allow_zero=True)': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: leeway_s = args.duration("leeway", leeway, allow_zero=True) => leeway_s = args.duration("XXleewayXX", leeway, allow_zero=True)': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: leeway_s = args.duration("leeway", leeway, allow_zero=True) => leeway_s = args.duration("LEEWAY", leeway, allow_zero=True)': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: iss = args.optional_text("issuer", issuer) => iss = args.optional_text(None, issuer)': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: iss = args.optional_text("issuer", issuer) => iss = args.optional_text("XXissuerXX", issuer)': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: iss = args.optional_text("issuer", issuer) => iss = args.optional_text("ISSUER", issuer)': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: aud = args.optional_text("audience", audience) => aud = args.optional_text(None, audience)': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: aud = args.optional_text("audience", audience) => aud = args.optional_text("XXaudienceXX", audience)': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: aud = args.optional_text("audience", audience) => aud = args.optional_text("AUDIENCE", audience)': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: if args.flag("fail_open", fail_open) and revocation_store is False: => if args.flag(None, fail_open) and revocation_store is False:': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: if args.flag("fail_open", fail_open) and revocation_store is False: => if args.flag("XXfail_openXX", fail_open) and revocation_store is False:': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: if args.flag("fail_open", fail_open) and revocation_store is False: => if args.flag("FAIL_OPEN", fail_open) and revocation_store is False:': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: "access": args.purpose("access_purpose", access_purpose, keys), => "access": args.purpose(None, access_purpose, keys),': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: "access": args.purpose("access_purpose", access_purpose, keys), => "access": args.purpose("XXaccess_purposeXX", access_purpose, keys),': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: "access": args.purpose("access_purpose", access_purpose, keys), => "access": args.purpose("ACCESS_PURPOSE", access_purpose, keys),': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: "refresh": args.purpose("refresh_purpose", refresh_purpose, keys), => "refresh": args.purpose(None, refresh_purpose, keys),': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: "refresh": args.purpose("refresh_purpose", refresh_purpose, keys), => "refresh": args.purpose("XXrefresh_purposeXX", refresh_purpose, keys),': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: "refresh": args.purpose("refresh_purpose", refresh_purpose, keys), => "refresh": args.purpose("REFRESH_PURPOSE", refresh_purpose, keys),': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: include_kid=args.flag("include_kid", include_kid), => include_kid=args.flag(None, include_kid),': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: include_kid=args.flag("include_kid", include_kid), => include_kid=args.flag("XXinclude_kidXX", include_kid),': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: include_kid=args.flag("include_kid", include_kid), => include_kid=args.flag("INCLUDE_KID", include_kid),': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: gate = self._gate_for("refresh", is_async=True) => gate = self._gate_for(None, is_async=True)': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: gate = self._gate_for("refresh", is_async=True) => gate = self._gate_for("XXrefreshXX", is_async=True)': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: gate = self._gate_for("refresh", is_async=True) => gate = self._gate_for("REFRESH", is_async=True)': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: gate = self._gate_for("revoke", is_async=True) => gate = self._gate_for(None, is_async=True)': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: gate = self._gate_for("revoke", is_async=True) => gate = self._gate_for("XXrevokeXX", is_async=True)': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: gate = self._gate_for("revoke", is_async=True) => gate = self._gate_for("REVOKE", is_async=True)': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: gate = self._gate_for("revoke_family", is_async=True) => gate = self._gate_for(None, is_async=True)': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: gate = self._gate_for("revoke_family", is_async=True) => gate = self._gate_for("XXrevoke_familyXX", is_async=True)': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: gate = self._gate_for("revoke_family", is_async=True) => gate = self._gate_for("REVOKE_FAMILY", is_async=True)': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: gate = self._gate_for("revoke_subject", is_async=True) => gate = self._gate_for(None, is_async=True)': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: gate = self._gate_for("revoke_subject", is_async=True) => gate = self._gate_for("XXrevoke_subjectXX", is_async=True)': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: gate = self._gate_for("revoke_subject", is_async=True) => gate = self._gate_for("REVOKE_SUBJECT", is_async=True)': (
        "message-only: the argument name only feeds error messages"
    ),
    'token_policy.py: return pc.new_csrf() if args.flag("csrf", csrf) else None => return pc.new_csrf() if args.flag("XXcsrfXX", csrf) else None': (
        "message-only: the argument name only feeds error messages"
    ),
}
