"""Keys for the ``pasetokit`` command line: where they come from and where they are written.

Keys never travel as arguments (``ps`` and shell history would see them): they are read from a
file, an environment variable or stdin, and generated secrets go to stdout or to a file that is
created with mode 0600 before a single byte is written. Error messages never echo key text.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ._key_text import key_from_text
from ._types import Purpose
from .exceptions import ConfigurationError, PasetoError
from .keyring import KeyRing
from .keys import AnyKey, LocalKey, PublicKey, SecretKey, SigningKey

__all__ = [
    "CliError",
    "GeneratedKey",
    "generate",
    "keygen",
    "load_keys",
    "read_stdin",
    "signing_key",
    "verifying_key",
    "write_key_file",
]

MAX_INPUT = 64 * 1024
"""More than any key, token or claims document the CLI reads needs (keys are < 200 bytes)."""
MAX_KEY_FILE = 16 * 1024
"""A key file larger than this is refused unread: a PASERK or PEM key is under 200 bytes."""


class CliError(Exception):
    """An expected failure, printed as the one line ``error: <code>: <message>`` (exit 1)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def read_stdin(what: str) -> str:
    data = sys.stdin.read(MAX_INPUT + 1)
    if len(data) > MAX_INPUT:
        raise CliError("input_too_large", f"{what} on stdin is larger than {MAX_INPUT} bytes")
    return data


# --- reading ------------------------------------------------------------------------------------


def parse_key(text: str, origin: str) -> AnyKey:
    """A PASERK (``k4.local``/``k4.secret``/``k4.public``) or an Ed25519 PEM, auto-detected;
    a failure names ``origin`` (never the text)."""
    try:
        return key_from_text(text)
    except PasetoError as exc:
        raise CliError(exc.code, f"{origin}: {exc.message}") from None


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _read_key_bytes(path: str, origin: str) -> tuple[bytes, int]:
    """The bytes and mode of a regular key file; anything else is refused before a read.

    ``O_NONBLOCK`` makes opening a FIFO (or a tty, or a device) return at once instead of waiting
    for a writer; ``fstat`` on the opened descriptor (not the path, which could be swapped) then
    refuses whatever is not a regular file or is larger than any key.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_NOCTTY", 0)  # a terminal never becomes our controlling tty
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise CliError("invalid_key", f"{origin} is {_kind(info.st_mode)}, not a regular file")
        if info.st_size > MAX_KEY_FILE:
            raise CliError("invalid_key", f"{origin} is too large to hold a key")
        with os.fdopen(fd, "rb", closefd=False) as file:
            data = file.read(MAX_KEY_FILE + 1)  # the file may have grown since fstat
    finally:
        os.close(fd)
    if len(data) > MAX_KEY_FILE:
        raise CliError("invalid_key", f"{origin} is too large to hold a key")
    return data, info.st_mode


def _read_key_file(path: str) -> AnyKey:
    origin = f"key file {path!r}"
    data, mode = _read_key_bytes(path, origin)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise CliError("invalid_key", f"{origin} is not UTF-8 text") from None
    key = parse_key(text, origin)
    if not isinstance(key, PublicKey) and mode & 0o077:
        sys.stderr.write(
            f"warning: {origin} holds a secret key but is accessible by group or others "
            f"(mode {stat.S_IMODE(mode):04o}); run: chmod 600 {path}\n"
        )
    return key


def _read_key_env(name: str) -> AnyKey:
    value = os.environ.get(name)
    if not value or not value.strip():
        raise CliError("missing_key", f"environment variable {name} is not set or empty")
    return parse_key(value, f"environment variable {name}")


def load_keys(files: Sequence[str], envs: Sequence[str], stdin: bool) -> list[AnyKey]:
    keys = [_read_key_file(path) for path in files]
    keys += [_read_key_env(name) for name in envs]
    if stdin:
        keys.append(parse_key(read_stdin("key"), "key on stdin"))
    return keys


def signing_key(keys: Sequence[AnyKey]) -> SigningKey:
    (key,) = keys
    if isinstance(key, PublicKey):
        raise CliError(
            "invalid_key",
            "encode needs a k4.local or k4.secret key (or a PRIVATE KEY PEM); "
            "a public key can only verify",
        )
    return key


def verifying_key(keys: Sequence[AnyKey]) -> AnyKey | KeyRing:
    """One key as it is (a secret key verifies with its public half); several as a KeyRing.

    The ring also tries each key on a token without a ``kid`` while it holds no more than
    ``MAX_KEYS_WITHOUT_KID`` keys of a purpose: the operator named every key, and the cap bounds
    what a forged token costs. Past the cap a kid-less token is ``unknown_key``.
    """
    if len(keys) == 1:
        return keys[0]
    try:
        return KeyRing(keys, try_without_kid=True)
    except ConfigurationError:  # over the cap: kid-less tokens are refused, not tried
        return KeyRing(keys)


# --- generating and writing ---------------------------------------------------------------------


@dataclass(frozen=True)
class GeneratedKey:
    """A new key rendered for output: the secret text, the public text (if any) and key ids."""

    secret: str
    public: str | None
    ids: dict[str, str]


def generate(purpose: Purpose, fmt: Literal["paserk", "pem"]) -> GeneratedKey:
    if purpose == "local":
        if fmt != "paserk":
            raise ValueError("PEM is not defined for symmetric keys")
        local = LocalKey.generate()
        return GeneratedKey(local.to_paserk(), None, {"lid": local.paserk_id})
    key = SecretKey.generate()
    public = key.public_key()
    ids = {"pid": public.paserk_id, "sid": key.paserk_id}
    if fmt == "pem":
        return GeneratedKey(key.to_pem(), public.to_pem(), ids)
    return GeneratedKey(key.to_paserk(), public.to_paserk(), ids)


def _line(text: str) -> bytes:
    return (text if text.endswith("\n") else text + "\n").encode("ascii")


def _create(path: Path, data: bytes, mode: int) -> None:
    """Create ``path`` exclusively (never through a symlink) with ``mode``, then write ``data``."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, mode)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)  # exact mode whatever the umask, before any byte is written
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise
    os.close(fd)


def write_key_file(path: Path, text: str, mode: int, *, force: bool) -> None:
    """Write a key file created with ``mode``; refuse an existing file unless ``force``.

    With ``force`` the key goes to a fresh temporary file that then replaces the old one, so the
    old file's (possibly looser) permissions never apply to the new key.
    """
    data = _line(text)
    if not force:
        try:
            _create(path, data, mode)
        except FileExistsError:
            raise CliError("file_exists", f"{str(path)!r} already exists; use --force") from None
        return
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    _create(temporary, data, mode)
    try:
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def keygen(
    purpose: Purpose,
    fmt: Literal["paserk", "pem"],
    out: Path | None,
    force: bool,
) -> None:
    """Secret to stdout or ``out`` (0600); public key to stderr or ``out.pub``; ids to stderr."""
    key = generate(purpose, fmt)
    if out is None:
        sys.stdout.write(key.secret.rstrip("\n") + "\n")
        if key.public is not None:
            separator = "\n" if "\n" in key.public.strip() else " "
            sys.stderr.write(f"public key:{separator}{key.public.rstrip()}\n")
    else:
        pub = out.with_name(out.name + ".pub")
        for path in (out, pub) if key.public is not None and not force else ():
            if path.exists() or path.is_symlink():
                raise CliError("file_exists", f"{str(path)!r} already exists; use --force")
        write_key_file(out, key.secret, 0o600, force=force)
        sys.stderr.write(f"secret key written to {out} (mode 0600)\n")
        if key.public is not None:
            try:
                write_key_file(pub, key.public, 0o644, force=force)
            except BaseException:
                out.unlink(missing_ok=True)  # never leave a secret without its public half
                raise
            sys.stderr.write(f"public key written to {pub}\n")
    for kind, kid in key.ids.items():
        sys.stderr.write(f"key id ({kind}): {kid}\n")
