"""Fuzz ``pasetokit.decode``: every key kind and key rings, footers, implicit assertions.

Five shapes of input, chosen by the first byte: raw text, raw bytes, a token assembled from
fuzzed parts (so the strict parser passes and the MAC/signature and footer code run), a
genuine token minted from fuzzed claims and footer, then optionally damaged, and an authentic
token (made with ``v4``, below ``encode``'s checks) over a fuzzed payload and footer, so the
claim and footer parsers see every shape a key holder could send. Invariant: decode
raises only ``TokenError``; a genuine, undamaged token decodes, or fails only on its claims
(or, when the fuzzer chose the footer or tight footer limits, on a footer rule).

Run: ``python fuzz/fuzz_decode.py -max_total_time=30`` (libFuzzer flags).
"""

from __future__ import annotations

import atheris
from fuzz_support import (
    KEYS,
    LOCAL,
    SECRET,
    b64,
    claims_payload,
    damage,
    json_value,
    main,
    pick,
    rest,
)

with atheris.instrument_imports():
    import pasetokit
    from pasetokit import (
        ClaimError,
        ClaimRules,
        FooterLimits,
        LocalKey,
        PublicKey,
        SecretKey,
        TokenError,
        v4,
    )

RULES = (
    ClaimRules(),
    ClaimRules(require_exp=False),
    ClaimRules(require_exp=False, audience="a", issuer="i", subject="s", max_age=60),
)
SIGNERS: tuple[LocalKey | SecretKey, ...] = (LOCAL, SECRET)
LOCAL_VERIFIERS: tuple[LocalKey | SecretKey | PublicKey, ...] = (LOCAL,)
PUBLIC_VERIFIERS: tuple[LocalKey | SecretKey | PublicKey, ...] = (SECRET, SECRET.public_key())
LIMITS = (FooterLimits(), FooterLimits(max_length=64, max_depth=1, max_keys=2))


def _genuine(fdp: atheris.FuzzedDataProvider, implicit: bytes) -> tuple[str, bool] | None:
    """A token minted from fuzzed claims and footer; None when encode refuses them."""
    key = pick(fdp, SIGNERS)
    claims = json_value(fdp, 256)
    footer = json_value(fdp, 256) if fdp.ConsumeBool() else None
    if not isinstance(footer, (dict, str)):
        footer = None
    try:
        token = pasetokit.encode(
            key,
            claims if isinstance(claims, dict) else {"v": claims},
            footer=footer,
            include_kid=fdp.ConsumeBool(),
            implicit_assertion=implicit,
        )
    except pasetokit.PasetoError:
        return None
    return token, footer is not None


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    mode = fdp.ConsumeIntInRange(0, 4)
    key = pick(fdp, KEYS)
    rules = pick(fdp, RULES)
    limits = pick(fdp, LIMITS)
    implicit = fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 32))
    genuine = chose_footer = False
    token: str | bytes
    if mode < 2:
        token = rest(fdp, text=mode == 0)
    elif mode == 2:
        purpose = pick(fdp, ("local", "public"))
        body = fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 300))
        footer = fdp.ConsumeBytes(fdp.remaining_bytes())
        token = f"v4.{purpose}.{b64(body)}" + (f".{b64(footer)}" if footer else "")
    elif mode == 4:
        payload, footer = claims_payload(fdp), fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 64))
        if fdp.ConsumeBool():
            token, key = (
                v4.encrypt(LOCAL, payload, footer=footer, implicit_assertion=implicit),
                LOCAL,
            )
        else:
            token, key = (
                v4.sign(SECRET, payload, footer=footer, implicit_assertion=implicit),
                SECRET,
            )
    else:
        minted = _genuine(fdp, implicit)
        if minted is None:
            return
        text, chose_footer = minted
        chose_footer = chose_footer or limits is not LIMITS[0]  # tight limits refuse a kid
        token = damage(fdp, text)
        genuine = token == text
        if genuine:  # decode with the key that made it (a secret key or its public half)
            key = pick(fdp, LOCAL_VERIFIERS if text.startswith("v4.local.") else PUBLIC_VERIFIERS)
    try:
        pasetokit.decode(key, token, rules=rules, implicit_assertion=implicit, footer_limits=limits)
    except ClaimError:
        pass
    except TokenError as exc:
        if genuine and not chose_footer:
            raise AssertionError(f"a genuine token was refused: {exc!r}") from exc


if __name__ == "__main__":
    main(test_one_input)
