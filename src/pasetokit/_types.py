"""The names the whole package gives to what a token is: its purpose and its policy type.

Defined once here (a leaf module: it imports nothing of pasetokit) and imported everywhere
else; the key unions live beside the key classes, in :mod:`pasetokit.keys`.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["PURPOSES", "TOKEN_TYPES", "Purpose", "TokenType"]

Purpose = Literal["local", "public"]
"""A v4 token's purpose: ``v4.local`` (symmetric, encrypted) or ``v4.public`` (signed)."""
PURPOSES: tuple[Purpose, ...] = ("local", "public")

TokenType = Literal["access", "refresh"]
"""What ``TokenPolicy`` mints: the ``type`` claim of a policy token."""
TOKEN_TYPES: tuple[TokenType, ...] = ("access", "refresh")
