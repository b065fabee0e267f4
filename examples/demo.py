"""A two-minute tour of pasetokit's core: keys, local and public tokens, and a refused forgery.

Run: python examples/demo.py   (exits 0 when every step behaves as shown)
"""

from __future__ import annotations

import sys
from datetime import timedelta

import pasetokit


def step(title: str, detail: object) -> None:
    print(f"- {title}: {detail}")


def main() -> int:
    local_key = pasetokit.LocalKey.generate()
    secret_key = pasetokit.SecretKey.generate()
    public_key = secret_key.public_key()
    step("local key (repr shows only its id)", local_key)
    step("signing key", secret_key)

    claims = {"sub": "user-42", "roles": ["reader"]}
    local_token = pasetokit.encode(local_key, claims, include_kid=True)
    step("v4.local token (encrypted)", local_token[:60] + "...")
    step("decoded", pasetokit.decode(local_key, local_token).claims)

    public_token = pasetokit.encode(secret_key, claims, expires_in=timedelta(minutes=15))
    step("v4.public token (signed, readable)", public_token[:60] + "...")
    step("verified with the public key", pasetokit.decode(public_key, public_token).claims)

    # Flip one character of the payload: the MAC no longer matches.
    i = len("v4.local.") + 50
    tampered = local_token[:i] + ("A" if local_token[i] != "A" else "B") + local_token[i + 1 :]
    try:
        pasetokit.decode(local_key, tampered)
    except pasetokit.TokenError as exc:
        step("tampered token refused", f"{type(exc).__name__} (code={exc.code}): {exc}")
    else:
        print("a tampered token was accepted", file=sys.stderr)
        return 1

    try:
        pasetokit.decode(local_key, public_token)
    except pasetokit.TokenError as exc:
        step("public token given to a local key", f"{exc.code}: {exc}")
    else:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
