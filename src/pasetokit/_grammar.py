"""RFC grammars pasetokit checks in more than one place, written once.

- RFC 6749 §3.3 ``scope-token = 1*NQCHAR``, ``NQCHAR = %x21 / %x23-5B / %x5D-7E``: printable
  ASCII except space, ``"`` and ``\\``. A scope list is scope-tokens separated by spaces. The same
  characters are what may stand in an RFC 6750 ``scope="..."`` challenge attribute unescaped.
- RFC 6750 §3 ``error_description = 1*( %x20-21 / %x23-5B / %x5D-7E )``: the same, plus space.
"""

from __future__ import annotations

import re

__all__ = ["NOT_DESCRIPTION_CHAR", "NOT_SCOPE_CHAR", "SCOPE_TOKEN", "is_scope_token"]

SCOPE_TOKEN = re.compile(r"[\x21\x23-\x5b\x5d-\x7e]+")
"""One RFC 6749 scope-token (use ``fullmatch``)."""
NOT_SCOPE_CHAR = re.compile(r"[^\x21\x23-\x5b\x5d-\x7e]")
"""Any character a scope-token cannot hold (e.g. to strip them before quoting a challenge)."""
NOT_DESCRIPTION_CHAR = re.compile(r"[^\x20\x21\x23-\x5b\x5d-\x7e]")
"""Any character an RFC 6750 ``error_description`` cannot hold."""


def is_scope_token(value: object) -> bool:
    """``True`` when ``value`` is a str that is exactly one RFC 6749 scope-token."""
    return type(value) is str and SCOPE_TOKEN.fullmatch(value) is not None
