"""How much Argon2id work a password-wrapped PASERK (PBKW) may make us do: ``Argon2Limits``.

On unwrap the KDF runs before the tag can be checked, so the PASERK's author, not the caller,
picks how much memory and time Argon2id spends on every attempt. :func:`check_cost` bounds the
cost read from the PASERK *before* Argon2id runs; it is the denial-of-service guard.

The default accepts at most 64 MiB and 3 passes: libsodium's INTERACTIVE profile (64 MiB, 2
passes: what ``password_wrap``, paserk-php and most wrappers produce) and RFC 9106's low-memory
recommendation (64 MiB, 3 passes). One attempt at that ceiling cost 0.14-0.25 s of one core on
the development machine (2 cores, shared), a fifth to a sixth of the previous ceiling (256 MiB,
4 passes: 0.7-1.5 s). PASERKs made with a larger cost (the official test vectors use up to
256 MiB) need an explicit, larger limit.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import _crypto
from .exceptions import ConfigurationError

__all__ = ["DEFAULT_ARGON2_LIMITS", "MIN_MEMLIMIT", "MIN_OPSLIMIT", "Argon2Limits", "check_cost"]

_MiB = 1024 * 1024
MIN_MEMLIMIT: int = _crypto.ARGON2_MEMLIMIT_MIN
MIN_OPSLIMIT: int = _crypto.ARGON2_OPSLIMIT_MIN
# What an explicit limit may go up to: libsodium's crypto_pwhash_argon2id MEMLIMIT_MAX (64-bit)
# and OPSLIMIT_MAX. The PBKW header could say more (u64 bytes, u32 passes); libsodium cannot run it.
_MAX_MEMLIMIT = 4 * 1024**4 - 1024
_MAX_OPSLIMIT = 2**32 - 1


def _is_int(value: object) -> bool:
    return type(value) is int  # not bool, not float


@dataclass(frozen=True, slots=True, kw_only=True)
class Argon2Limits:
    """The largest Argon2id cost a password-wrapped PASERK may ask for, checked before any work.

    - ``memlimit``: the most memory, in bytes (a multiple of 1024; default 64 MiB).
    - ``opslimit``: the most passes (Argon2id's time cost; default 3).

    ``password_unwrap_*`` refuse a PASERK over either limit with :class:`PaserkError` before
    Argon2id runs; ``password_wrap`` refuses to make one, so what it wraps unwraps under the same
    limits. Raise them only for PASERKs you expect, from senders you trust.
    """

    memlimit: int = 64 * _MiB
    opslimit: int = 3

    def __post_init__(self) -> None:
        if not _is_int(self.memlimit) or self.memlimit % 1024:
            raise ConfigurationError("Argon2Limits.memlimit must be an int number of bytes, x1024")
        if not MIN_MEMLIMIT <= self.memlimit <= _MAX_MEMLIMIT:
            raise ConfigurationError(
                f"Argon2Limits.memlimit must be from {MIN_MEMLIMIT} to {_MAX_MEMLIMIT} bytes"
            )
        if not _is_int(self.opslimit) or not MIN_OPSLIMIT <= self.opslimit <= _MAX_OPSLIMIT:
            raise ConfigurationError(
                f"Argon2Limits.opslimit must be an int from {MIN_OPSLIMIT} to {_MAX_OPSLIMIT}"
            )


DEFAULT_ARGON2_LIMITS = Argon2Limits()


def check_cost(
    mem: int, time: int, para: int, limits: Argon2Limits, error: type[ConfigurationError]
) -> None:
    """Raise ``error`` unless Argon2id(``mem`` bytes, ``time`` passes, ``para`` lanes) is within
    ``limits`` and runnable by libsodium. Runs before Argon2id: nothing here costs anything."""
    if not isinstance(limits, Argon2Limits):
        raise ConfigurationError(f"limits must be an Argon2Limits, not {type(limits).__name__}")
    if not all(_is_int(v) for v in (mem, time, para)):
        raise error("Argon2id parameters must be integers")
    if para != 1:  # libsodium has no parallelism setting, so any other value can never match.
        raise error(f"Argon2id parallelism must be 1, got {para}")
    if mem % 1024 or not MIN_MEMLIMIT <= mem <= limits.memlimit:  # whole KiB; never round.
        raise error(
            f"Argon2id memory must be a multiple of 1024 bytes from {MIN_MEMLIMIT} to "
            f"{limits.memlimit} (Argon2Limits.memlimit), got {mem}"
        )
    if not MIN_OPSLIMIT <= time <= limits.opslimit:
        raise error(
            f"Argon2id time cost must be from {MIN_OPSLIMIT} to {limits.opslimit} "
            f"(Argon2Limits.opslimit), got {time}"
        )
