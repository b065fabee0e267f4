"""Fuzz ``TokenPolicy``: verify, refresh and revoke of authentic tokens with fuzzed claims.

The tokens are made with the policy's own keys through ``v4`` (below ``encode``'s checks), so
they pass the MAC or signature and every policy claim parser (``type``, ``jti``, ``fam``,
``fresh``, ``scope``/``scopes``, ``csrf``, times) sees what a key holder, or a bug in another
issuer, could send. Also raw text. Invariant: only ``TokenError``, in-memory revocation store.
"""

from __future__ import annotations

import atheris
from fuzz_support import LOCAL, SECRET, claims_payload, main, pick, rest

with atheris.instrument_imports():
    from pasetokit import MemoryRevocationStore, TokenError, TokenPolicy, v4

POLICY = TokenPolicy(
    local_key=LOCAL,
    secret_key=SECRET,
    refresh_purpose="public",
    revocation_store=MemoryRevocationStore(max_entries=1000),
)
SCOPES = ((), "read", ("read", "write"))


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    token: str | bytes
    if fdp.ConsumeIntInRange(0, 4) == 0:
        token = rest(fdp, text=fdp.ConsumeBool())
    else:
        payload = claims_payload(fdp)
        footer = fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 48))
        if fdp.ConsumeBool():
            token = v4.encrypt(LOCAL, payload, footer=footer)
        else:
            token = v4.sign(SECRET, payload, footer=footer)
    operation = fdp.ConsumeIntInRange(0, 2)
    try:
        if operation == 0:
            POLICY.verify(
                token,
                token_type=pick(fdp, ("access", "refresh")),
                fresh=fdp.ConsumeBool(),
                scopes=pick(fdp, SCOPES),
            )
        elif operation == 1:
            POLICY.refresh(token)
        else:
            POLICY.revoke(token)
    except TokenError:
        pass


if __name__ == "__main__":
    main(test_one_input)
