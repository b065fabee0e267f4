"""The ``pasetokit`` command line (also ``python -m pasetokit``): keygen, encode, decode, inspect.

Exit codes: 0 success, 1 the token was rejected or the operation failed (one line on stderr,
``error: <code>: <message>``), 2 usage errors. Keys are read from a file, an environment variable
or stdin, never from the command line.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import __version__, _json, codec
from ._b64 import b64encode
from ._cli_keys import (
    CliError,
    keygen,
    load_keys,
    read_stdin,
    signing_key,
    verifying_key,
)
from ._types import PURPOSES
from .claims import ClaimRules
from .exceptions import PasetoError
from .token import parse_token

__all__ = ["main"]

PROG = "pasetokit"
_SIGNATURE_SIZE = 64


class UsageError(Exception):
    """A combination of arguments argparse cannot express; reported like argparse does (exit 2)."""


# --- small helpers ------------------------------------------------------------------------------


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number of seconds >= 0: {text!r}")
    return value


def _positive_seconds(text: str) -> float:
    value = _seconds(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must be more than 0 seconds (or use --no-expiry)")
    return value


def _json_object(text: str, what: str) -> dict[str, Any]:
    try:
        return _json.loads_object(text.encode("utf-8"))
    except ValueError as exc:
        raise CliError("invalid_json", f"{what} is not a JSON object: {exc}") from None


def _print_json(value: object) -> None:
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def _footer_value(footer: dict[str, Any] | bytes) -> object:
    """A JSON footer as an object; other bytes as UTF-8 text, else base64url; none as null."""
    if isinstance(footer, dict):
        return footer
    if not footer:
        return None
    try:
        return footer.decode("utf-8")
    except UnicodeDecodeError:
        return b64encode(footer)


def _read_token(arg: str) -> str:
    return (read_stdin("token") if arg == "-" else arg).strip()


# --- commands -----------------------------------------------------------------------------------


def _keygen(args: argparse.Namespace) -> int:
    if args.purpose == "local" and args.format == "pem":
        raise UsageError(
            "PEM is not defined for symmetric (local) keys; use the default --format paserk"
        )
    keygen(args.purpose, args.format, None if args.out is None else Path(args.out), args.force)
    return 0


def _claims(args: argparse.Namespace) -> dict[str, Any]:
    if args.claims is not None:
        return _json_object(args.claims, "--claims")
    if args.claims_file is None:
        return {}
    if args.claims_file == "-":
        return _json_object(read_stdin("claims"), "claims on stdin")
    return _json_object(Path(args.claims_file).read_text("utf-8"), repr(args.claims_file))


def _footer(text: str | None) -> dict[str, Any] | str | None:
    if not text:
        return None
    return _json_object(text, "--footer") if text.lstrip().startswith("{") else text


def _encode(args: argparse.Namespace) -> int:
    if args.key_stdin and args.claims_file == "-":
        raise UsageError("--key-stdin and --claims-file - cannot both read stdin")
    claims = _claims(args)
    key = signing_key(load_keys(args.key_file, args.key_env, args.key_stdin))
    expires_in = None if args.no_expiry else (args.expires_in or codec.DEFAULT_LIFETIME)
    token = codec.encode(
        key, claims, footer=_footer(args.footer), expires_in=expires_in, include_kid=args.kid
    )
    sys.stdout.write(token + "\n")
    return 0


def _decode(args: argparse.Namespace) -> int:
    if not (args.key_file or args.key_env or args.key_stdin):
        raise UsageError("a key is required: --key-file FILE, --key-env VAR or --key-stdin")
    if args.key_stdin and args.token == "-":
        raise UsageError("--key-stdin and the token '-' cannot both read stdin")
    rules = ClaimRules(
        require_exp=not args.no_exp_required,
        leeway=args.leeway,
        audience=args.audience,
        issuer=args.issuer,
        subject=args.subject,
    )
    key = verifying_key(load_keys(args.key_file, args.key_env, args.key_stdin))
    token = codec.decode(key, _read_token(args.token), rules=rules)
    _print_json(
        {
            "purpose": token.purpose,
            "claims": token.claims,
            "footer": _footer_value(token.footer),
            "kid": token.kid,
        }
    )
    return 0


def _inspect(args: argparse.Namespace) -> int:
    raw = parse_token(_read_token(args.token))
    try:
        footer: dict[str, Any] | None = _json.loads_footer(raw.footer, codec.DEFAULT_FOOTER_LIMITS)
    except ValueError:
        footer = None
    kid = footer.get("kid") if footer is not None else None
    report: dict[str, Any] = {
        "verified": False,
        "version": "v4",
        "purpose": raw.purpose,
        "footer": footer if footer is not None else _footer_value(raw.footer),
        "kid": kid if isinstance(kid, str) else None,
    }
    if raw.purpose == "public":
        message = raw.body[:-_SIGNATURE_SIZE]
        try:
            report["unverified_claims"] = _json.loads_object(message)
        except ValueError:
            report["unverified_payload"] = _footer_value(message)
    sys.stderr.write(
        "warning: NOT verified: the signature, MAC and claims were not checked; "
        "do not trust this content\n"
    )
    _print_json(report)
    return 0


# --- parser -------------------------------------------------------------------------------------


def _add_key_options(parser: argparse.ArgumentParser, *, many: bool) -> None:
    holder = (
        parser.add_argument_group("key (at least one; several make a key ring)")
        if many
        else parser.add_mutually_exclusive_group(required=True)
    )
    action = "append" if many else "store"
    holder.add_argument(
        "--key-file", metavar="FILE", action=action, help="read a PASERK or PEM key from FILE"
    )
    holder.add_argument(
        "--key-env", metavar="VAR", action=action, help="read the key from environment variable VAR"
    )
    holder.add_argument("--key-stdin", action="store_true", help="read the key from stdin")


def _normalise_keys(args: argparse.Namespace) -> None:
    """One shape for both commands: lists of files and variables."""
    for name in ("key_file", "key_env"):
        value = getattr(args, name)
        setattr(args, name, [] if value is None else [value] if isinstance(value, str) else value)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Generate PASETO v4 keys; encode, decode and inspect tokens."
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    keygen = commands.add_parser("keygen", help="generate a key (secret to stdout or --out FILE)")
    keygen.add_argument(
        "purpose",
        choices=PURPOSES,
        help="local: a k4.local key; public: an Ed25519 k4.secret key",
    )
    keygen.add_argument(
        "--format", choices=("paserk", "pem"), default="paserk", help="key format (default paserk)"
    )
    keygen.add_argument(
        "--out", metavar="FILE", help="write the secret to FILE (0600) and a public key to FILE.pub"
    )
    keygen.add_argument("--force", action="store_true", help="replace existing key files")
    keygen.set_defaults(func=_keygen, parser=keygen)

    encode = commands.add_parser("encode", help="issue a token (v4.local or v4.public by key)")
    _add_key_options(encode, many=False)
    claims = encode.add_mutually_exclusive_group()
    claims.add_argument("--claims", metavar="JSON", help="claims as a JSON object")
    claims.add_argument(
        "--claims-file", metavar="FILE", help="claims from a JSON file ('-': stdin)"
    )
    encode.add_argument("--footer", metavar="JSON|TEXT", help="a JSON object or plain text")
    expiry = encode.add_mutually_exclusive_group()
    expiry.add_argument(
        "--expires-in", metavar="SECONDS", type=_positive_seconds, help="lifetime (default 3600)"
    )
    expiry.add_argument("--no-expiry", action="store_true", help="issue a token without exp")
    encode.add_argument("--kid", action="store_true", help="put the key id in the footer")
    encode.set_defaults(func=_encode, parser=encode)

    decode = commands.add_parser("decode", help="verify a token; print its claims as JSON")
    _add_key_options(decode, many=True)
    decode.add_argument("token", metavar="TOKEN", help="the token, or '-' to read it from stdin")
    decode.add_argument("--audience", help="require this aud claim")
    decode.add_argument("--issuer", help="require this iss claim")
    decode.add_argument("--subject", help="require this sub claim")
    decode.add_argument(
        "--leeway",
        metavar="SECONDS",
        type=_seconds,
        default=0.0,
        help="clock skew tolerated on exp, nbf and iat (default 0)",
    )
    decode.add_argument("--no-exp-required", action="store_true", help="accept tokens without exp")
    decode.set_defaults(func=_decode, parser=decode)

    inspect = commands.add_parser("inspect", help="show header, footer and kid WITHOUT verifying")
    inspect.add_argument("token", metavar="TOKEN", help="the token, or '-' to read it from stdin")
    inspect.set_defaults(func=_inspect, parser=inspect)
    return parser


# --- entry point --------------------------------------------------------------------------------


def _fail(code: str, message: str) -> int:
    sys.stderr.write(f"error: {code}: {' '.join(message.split())}\n")
    return 1


def _os_message(exc: OSError) -> str:
    reason = exc.strerror or type(exc).__name__
    return f"{exc.filename!r}: {reason}" if exc.filename is not None else reason


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code (argparse's own exits are caught and returned too)."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    if hasattr(args, "key_file"):
        _normalise_keys(args)
    command: Callable[[argparse.Namespace], int] = args.func
    try:
        return command(args)
    except UsageError as exc:
        args.parser.print_usage(sys.stderr)
        sys.stderr.write(f"{args.parser.prog}: error: {exc}\n")
        return 2
    except CliError as exc:
        return _fail(exc.code, exc.message)
    except PasetoError as exc:
        return _fail(exc.code, exc.message)
    except UnicodeDecodeError:
        return _fail("invalid_input", "input is not UTF-8 text")
    except OSError as exc:
        return _fail("io_error", _os_message(exc))
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return 130


if __name__ == "__main__":
    sys.exit(main())
