"""The ``pasetokit`` command line: keygen, encode, decode, inspect; exit codes and key handling."""

from __future__ import annotations

import argparse
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Protocol

import pytest

import pasetokit
from pasetokit._cli_keys import MAX_KEY_FILE
from pasetokit.cli import build_parser, main

Result = tuple[int, str, str]


class Cli(Protocol):
    def __call__(self, *argv: str, stdin: str | None = None) -> Result: ...


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run ``main(argv)`` in-process; return the exit code, stdout and stderr."""

    def run(*argv: str, stdin: str | None = None) -> Result:
        capsys.readouterr()  # drop anything earlier calls left behind
        if stdin is not None:
            with pytest.MonkeyPatch.context() as mp:
                mp.setattr(sys, "stdin", io.StringIO(stdin))
                code = main(list(argv))
        else:
            code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _one_error_line(err: str, code: str) -> None:
    assert err.startswith(f"error: {code}: "), err
    assert err.count("\n") == 1, err
    assert "Traceback" not in err


def _tamper(token: str) -> str:
    """Change one character in the middle of the payload: still canonical, no longer authentic."""
    head, purpose, body, *footer = token.split(".")
    i = len(body) // 2
    body = body[:i] + ("A" if body[i] != "A" else "B") + body[i + 1 :]
    return ".".join([head, purpose, body, *footer])


@pytest.fixture
def local_file(tmp_path: Path, cli: Cli) -> Path:
    path = tmp_path / "local.key"
    code, out, err = cli("keygen", "local", "--out", str(path))
    assert code == 0, err
    assert out == ""
    return path


@pytest.fixture
def public_files(tmp_path: Path, cli: Cli) -> tuple[Path, Path]:
    path = tmp_path / "signing.key"
    code, _, err = cli("keygen", "public", "--out", str(path))
    assert code == 0, err
    return path, tmp_path / "signing.key.pub"


# --- keygen -------------------------------------------------------------------------------------


def test_keygen_local_to_stdout(cli: Cli) -> None:
    code, out, err = cli("keygen", "local")
    assert code == 0
    key = pasetokit.LocalKey.from_paserk(out.strip())
    assert f"key id (lid): {key.paserk_id}\n" in err
    assert "k4.local." not in err  # the secret goes to stdout only


def test_keygen_public_to_stdout_and_stderr(cli: Cli) -> None:
    code, out, err = cli("keygen", "public")
    assert code == 0
    secret = pasetokit.SecretKey.from_paserk(out.strip())
    public = secret.public_key()
    assert f"public key: {public.to_paserk()}\n" in err
    assert f"key id (pid): {public.paserk_id}\n" in err
    assert f"key id (sid): {secret.paserk_id}\n" in err
    assert "k4.secret." not in err


def test_keygen_local_pem_is_a_usage_error(cli: Cli) -> None:
    code, out, err = cli("keygen", "local", "--format", "pem")
    assert code == 2
    assert out == ""
    assert "PEM is not defined for symmetric" in err


def test_keygen_files_and_modes(public_files: tuple[Path, Path], local_file: Path) -> None:
    secret_path, public_path = public_files
    assert _mode(secret_path) == 0o600
    assert _mode(public_path) == 0o644
    assert _mode(local_file) == 0o600
    secret = pasetokit.SecretKey.from_paserk(secret_path.read_text().strip())
    public = pasetokit.PublicKey.from_paserk(public_path.read_text().strip())
    assert secret.public_key() == public
    pasetokit.LocalKey.from_paserk(local_file.read_text().strip())


def test_keygen_mode_ignores_umask(tmp_path: Path, cli: Cli) -> None:
    old = os.umask(0)
    try:
        code, _, _ = cli("keygen", "public", "--out", str(tmp_path / "k"))
    finally:
        os.umask(old)
    assert code == 0
    assert _mode(tmp_path / "k") == 0o600
    assert _mode(tmp_path / "k.pub") == 0o644


def test_keygen_pem(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "k.pem"
    code, out, err = cli("keygen", "public", "--format", "pem", "--out", str(path))
    assert code == 0, err
    assert _mode(path) == 0o600
    secret = pasetokit.SecretKey.from_pem(path.read_text())
    public = pasetokit.PublicKey.from_pem((tmp_path / "k.pem.pub").read_text())
    assert secret.public_key() == public
    assert f"key id (pid): {public.paserk_id}" in err
    # To stdout, the SPKI PEM goes to stderr under a label.
    code, out, err = cli("keygen", "public", "--format", "pem")
    assert out.startswith("-----BEGIN PRIVATE KEY-----\n")
    assert "public key:\n-----BEGIN PUBLIC KEY-----\n" in err


def test_keygen_refuses_to_overwrite(local_file: Path, cli: Cli) -> None:
    before = local_file.read_text()
    code, _, err = cli("keygen", "local", "--out", str(local_file))
    assert code == 1
    _one_error_line(err, "file_exists")
    assert local_file.read_text() == before


def test_keygen_public_refuses_when_pub_exists(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "k.pub").write_text("keep me")
    code, _, err = cli("keygen", "public", "--out", str(tmp_path / "k"))
    assert code == 1
    _one_error_line(err, "file_exists")
    assert not (tmp_path / "k").exists()  # nothing half-written
    assert (tmp_path / "k.pub").read_text() == "keep me"


def test_keygen_refuses_a_symlink(tmp_path: Path, cli: Cli) -> None:
    target = tmp_path / "elsewhere"
    (tmp_path / "k").symlink_to(target)
    code, _, err = cli("keygen", "local", "--out", str(tmp_path / "k"))
    assert code == 1
    _one_error_line(err, "file_exists")
    assert not target.exists()


def test_keygen_force_replaces_with_tight_mode(local_file: Path, cli: Cli) -> None:
    before = local_file.read_text()
    local_file.chmod(0o644)
    code, _, err = cli("keygen", "local", "--out", str(local_file), "--force")
    assert code == 0, err
    assert local_file.read_text() != before
    assert _mode(local_file) == 0o600
    assert [p.name for p in local_file.parent.iterdir()] == [local_file.name]  # no temp left


def test_keygen_into_missing_directory_is_one_line(tmp_path: Path, cli: Cli) -> None:
    code, _, err = cli("keygen", "local", "--out", str(tmp_path / "no" / "k"))
    assert code == 1
    _one_error_line(err, "io_error")


# --- encode / decode round trips ------------------------------------------------------------------


def test_round_trip_local(local_file: Path, cli: Cli) -> None:
    code, token, err = cli(
        "encode", "--key-file", str(local_file), "--claims", '{"sub":"alice","n":1}', "--kid"
    )
    assert code == 0, err
    token = token.strip()
    assert token.startswith("v4.local.")
    code, out, err = cli("decode", "--key-file", str(local_file), token)
    assert code == 0, err
    result = json.loads(out)
    key = pasetokit.LocalKey.from_paserk(local_file.read_text().strip())
    assert result["purpose"] == "local"
    assert result["claims"]["sub"] == "alice"
    assert result["claims"]["n"] == 1
    assert "exp" in result["claims"]  # default lifetime
    assert result["kid"] == key.paserk_id
    assert result["footer"] == {"kid": key.paserk_id}


def test_round_trip_public(public_files: tuple[Path, Path], cli: Cli) -> None:
    secret_path, public_path = public_files
    code, token, err = cli(
        "encode", "--key-file", str(secret_path), "--claims", '{"sub":"bob"}', "--footer", "hi"
    )
    assert code == 0, err
    assert token.startswith("v4.public.")
    # The public key verifies; so does the secret key (with its public half).
    for key_path in (public_path, secret_path):
        code, out, err = cli("decode", "--key-file", str(key_path), token.strip())
        assert code == 0, err
        result = json.loads(out)
        assert result == {
            "purpose": "public",
            "claims": result["claims"],
            "footer": "hi",
            "kid": None,
        }
        assert result["claims"]["sub"] == "bob"


def test_round_trip_pem_keys(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "k.pem"
    assert cli("keygen", "public", "--format", "pem", "--out", str(path))[0] == 0
    code, token, _ = cli("encode", "--key-file", str(path), "--kid")
    assert code == 0
    code, out, err = cli("decode", "--key-file", str(tmp_path / "k.pem.pub"), token.strip())
    assert code == 0, err
    assert json.loads(out)["kid"].startswith("k4.pid.")


def test_decode_with_several_keys_is_a_key_ring(
    local_file: Path, public_files: tuple[Path, Path], tmp_path: Path, cli: Cli
) -> None:
    secret_path, public_path = public_files
    other = tmp_path / "other.key"
    assert cli("keygen", "local", "--out", str(other))[0] == 0
    keys = ["--key-file", str(other), "--key-file", str(local_file), "--key-file", str(public_path)]
    for key_path in (local_file, secret_path):
        _, token, _ = cli("encode", "--key-file", str(key_path), "--kid")
        code, out, err = cli("decode", *keys, token.strip())
        assert code == 0, err
        assert json.loads(out)["kid"] in (
            pasetokit.LocalKey.from_paserk(local_file.read_text().strip()).paserk_id,
            pasetokit.PublicKey.from_paserk(public_path.read_text().strip()).paserk_id,
        )
    # A token whose kid is in no key of the ring fails closed.
    stranger = tmp_path / "stranger.key"
    assert cli("keygen", "local", "--out", str(stranger))[0] == 0
    _, token, _ = cli("encode", "--key-file", str(stranger), "--kid")
    code, _, err = cli("decode", *keys, token.strip())
    assert code == 1
    _one_error_line(err, "unknown_key")


def test_decode_with_a_few_keys_tries_each_on_a_kidless_token(
    local_file: Path, tmp_path: Path, cli: Cli
) -> None:
    others = [tmp_path / f"other{i}.key" for i in range(4)]
    for path in others:
        assert cli("keygen", "local", "--out", str(path))[0] == 0
    _, token, _ = cli("encode", "--key-file", str(local_file))  # no kid in the footer
    few = [arg for path in (*others[:3], local_file) for arg in ("--key-file", str(path))]
    code, out, err = cli("decode", *few, token.strip())
    assert code == 0, err
    assert json.loads(out)["kid"] is None
    # Five local keys is past the cap: a kid-less token is refused before any crypto.
    many = [*few, "--key-file", str(others[3])]
    code, out, err = cli("decode", *many, token.strip())
    assert (code, out) == (1, "")
    _one_error_line(err, "unknown_key")


def test_decode_tampered_token(public_files: tuple[Path, Path], local_file: Path, cli: Cli) -> None:
    for signing, verifying in ((public_files[0], public_files[1]), (local_file, local_file)):
        _, token, _ = cli("encode", "--key-file", str(signing))
        code, out, err = cli("decode", "--key-file", str(verifying), _tamper(token.strip()))
        assert code == 1
        assert out == ""
        _one_error_line(err, "invalid_token")


def test_decode_malformed_and_wrong_purpose(
    local_file: Path, public_files: tuple[Path, Path], cli: Cli
) -> None:
    code, _, err = cli("decode", "--key-file", str(local_file), "not-a-token")
    assert code == 1
    _one_error_line(err, "malformed_token")
    _, token, _ = cli("encode", "--key-file", str(public_files[0]))
    code, _, err = cli("decode", "--key-file", str(local_file), token.strip())
    assert code == 1
    _one_error_line(err, "wrong_purpose")


def test_decode_claim_options(local_file: Path, cli: Cli) -> None:
    claims = '{"sub":"alice","aud":"api","iss":"auth"}'
    _, token, _ = cli("encode", "--key-file", str(local_file), "--claims", claims)
    token = token.strip()
    key = ["--key-file", str(local_file)]
    ok = ["--audience", "api", "--issuer", "auth", "--subject", "alice"]
    assert cli("decode", *key, *ok, token)[0] == 0
    code, _, err = cli("decode", *key, "--audience", "web", token)
    assert code == 1
    _one_error_line(err, "invalid_claim")
    code, _, err = cli("decode", *key, "--leeway", "-1", token)
    assert code == 2


def test_decode_expired(local_file: Path, cli: Cli) -> None:
    claims = json.dumps({"exp": "2000-01-01T00:00:00Z"})
    _, token, _ = cli("encode", "--key-file", str(local_file), "--claims", claims)
    code, _, err = cli("decode", "--key-file", str(local_file), token.strip())
    assert code == 1
    _one_error_line(err, "token_expired")


def test_no_expiry(local_file: Path, cli: Cli) -> None:
    code, token, _ = cli("encode", "--key-file", str(local_file), "--no-expiry")
    assert code == 0
    token = token.strip()
    code, _, err = cli("decode", "--key-file", str(local_file), token)
    assert code == 1
    _one_error_line(err, "missing_claim")
    code, out, err = cli("decode", "--key-file", str(local_file), "--no-exp-required", token)
    assert code == 0, err
    assert "exp" not in json.loads(out)["claims"]


def test_expires_in(local_file: Path, cli: Cli) -> None:
    _, token, _ = cli("encode", "--key-file", str(local_file), "--expires-in", "60")
    _, out, _ = cli("decode", "--key-file", str(local_file), token.strip())
    assert "exp" in json.loads(out)["claims"]
    assert cli("encode", "--key-file", str(local_file), "--expires-in", "0")[0] == 2
    code, _, _ = cli("encode", "--key-file", str(local_file), "--expires-in", "9", "--no-expiry")
    assert code == 2


# --- key sources ----------------------------------------------------------------------------------


def test_key_from_env(monkeypatch: pytest.MonkeyPatch, cli: Cli) -> None:
    key = pasetokit.SecretKey.generate()
    monkeypatch.setenv("SIGNING_KEY", key.to_paserk() + "\n")
    monkeypatch.setenv("VERIFY_KEY", key.public_key().to_pem())
    code, token, err = cli("encode", "--key-env", "SIGNING_KEY", "--claims", '{"sub":"env"}')
    assert code == 0, err
    code, out, err = cli("decode", "--key-env", "VERIFY_KEY", token.strip())
    assert code == 0, err
    assert json.loads(out)["claims"]["sub"] == "env"
    monkeypatch.delenv("VERIFY_KEY")
    code, _, err = cli("decode", "--key-env", "VERIFY_KEY", token.strip())
    assert code == 1
    _one_error_line(err, "missing_key")


def test_key_from_stdin(cli: Cli) -> None:
    key = pasetokit.LocalKey.generate()
    code, token, err = cli("encode", "--key-stdin", stdin=key.to_paserk() + "\n")
    assert code == 0, err
    code, out, err = cli("decode", "--key-stdin", token.strip(), stdin=key.to_paserk())
    assert code == 0, err
    assert json.loads(out)["purpose"] == "local"


def test_token_from_stdin(local_file: Path, cli: Cli) -> None:
    _, token, _ = cli("encode", "--key-file", str(local_file))
    code, out, err = cli("decode", "--key-file", str(local_file), "-", stdin=token)
    assert code == 0, err
    assert json.loads(out)["purpose"] == "local"
    # Key and token cannot both come from stdin.
    code, _, err = cli("decode", "--key-stdin", "-", stdin=token)
    assert code == 2


def test_key_source_is_required(cli: Cli) -> None:
    assert cli("encode", "--claims", "{}")[0] == 2
    assert cli("decode", "v4.local.x")[0] == 2
    # encode takes exactly one key
    assert cli("encode", "--key-env", "A", "--key-stdin")[0] == 2


def test_encode_with_public_key_fails(public_files: tuple[Path, Path], cli: Cli) -> None:
    code, out, err = cli("encode", "--key-file", str(public_files[1]))
    assert code == 1
    assert out == ""
    _one_error_line(err, "invalid_key")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("secret", "invalid_paserk"),
        ("k4.lid.AAAA", "invalid_paserk"),
        ("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n", "invalid_key"),
        ("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "invalid_key"),
    ],
)
def test_bad_key_text_never_echoed(tmp_path: Path, cli: Cli, text: str, code: str) -> None:
    path = tmp_path / "bad.key"
    path.write_text(text)
    path.chmod(0o600)
    rc, _, err = cli("decode", "--key-file", str(path), "v4.local.x")
    assert rc == 1
    _one_error_line(err, code)
    assert "AAAA" not in err
    assert "secret\n" not in err


def test_missing_key_file_and_binary_key_file(tmp_path: Path, cli: Cli) -> None:
    code, _, err = cli("encode", "--key-file", str(tmp_path / "nope"))
    assert code == 1
    _one_error_line(err, "io_error")
    (tmp_path / "bin").write_bytes(b"\xff\xfe")
    code, _, err = cli("encode", "--key-file", str(tmp_path / "bin"))
    assert code == 1
    _one_error_line(err, "invalid_key")


def test_key_file_must_be_a_regular_file(tmp_path: Path, cli: Cli) -> None:
    """A directory or a device is refused from fstat, before any read. (A FIFO is tested in a
    subprocess with a timeout, in test_advisories, so that a regression cannot hang the suite.)"""
    for path, kind in ((tmp_path, "a directory"), (Path("/dev/null"), "a device")):
        code, _, err = cli("decode", "--key-file", str(path), "v4.local.x")
        assert code == 1
        _one_error_line(err, "invalid_key")
        assert f"is {kind}, not a regular file" in err


def test_key_file_size_cap(local_file: Path, tmp_path: Path, cli: Cli) -> None:
    big = tmp_path / "big.key"
    big.write_bytes(b"k4.local." + b"A" * MAX_KEY_FILE)
    big.chmod(0o600)
    code, _, err = cli("decode", "--key-file", str(big), "v4.local.x")
    assert code == 1
    _one_error_line(err, "invalid_key")
    assert "too large" in err
    # A key padded with whitespace up to the cap still loads: the cap is on bytes, inclusive.
    padded = tmp_path / "padded.key"
    text = local_file.read_text()
    padded.write_text(text + " " * (MAX_KEY_FILE - len(text)))
    padded.chmod(0o600)
    assert cli("encode", "--key-file", str(padded))[0] == 0


def test_key_file_through_a_symlink_is_read(local_file: Path, tmp_path: Path, cli: Cli) -> None:
    link = tmp_path / "link.key"
    link.symlink_to(local_file)
    assert cli("encode", "--key-file", str(link))[0] == 0


def test_loose_secret_key_file_warns(local_file: Path, cli: Cli) -> None:
    local_file.chmod(0o644)
    code, _, err = cli("encode", "--key-file", str(local_file))
    assert code == 0
    assert "warning:" in err
    assert "chmod 600" in err


# --- claims and footer input ----------------------------------------------------------------------


def test_claims_file_and_bad_json(local_file: Path, tmp_path: Path, cli: Cli) -> None:
    claims = tmp_path / "claims.json"
    claims.write_text('{"sub": "file"}')
    key = ["--key-file", str(local_file)]
    _, token, _ = cli("encode", *key, "--claims-file", str(claims))
    _, out, _ = cli("decode", *key, token.strip())
    assert json.loads(out)["claims"]["sub"] == "file"
    _, token, _ = cli("encode", *key, "--claims-file", "-", stdin='{"sub": "stdin"}')
    _, out, _ = cli("decode", *key, token.strip())
    assert json.loads(out)["claims"]["sub"] == "stdin"
    for bad in ("{", "[1]", '{"a":1,"a":2}', '{"x": NaN}'):
        code, out, err = cli("encode", *key, "--claims", bad)
        assert code == 1
        assert out == ""
        _one_error_line(err, "invalid_json")
    code, _, err = cli("encode", *key, "--claims", '{"exp": 5}')
    assert code == 1
    _one_error_line(err, "encode_error")


def test_footer_json_and_text(local_file: Path, cli: Cli) -> None:
    key = ["--key-file", str(local_file)]
    _, token, _ = cli("encode", *key, "--footer", '{"app":"x"}', "--kid")
    _, out, _ = cli("decode", *key, token.strip())
    footer = json.loads(out)["footer"]
    assert footer["app"] == "x"
    assert footer["kid"].startswith("k4.lid.")
    code, _, err = cli("encode", *key, "--footer", "plain", "--kid")
    assert code == 1
    _one_error_line(err, "encode_error")
    code, _, err = cli("encode", *key, "--footer", "{broken")
    assert code == 1
    _one_error_line(err, "invalid_json")


def test_binary_footer_is_base64url(local_file: Path, cli: Cli) -> None:
    key = pasetokit.LocalKey.from_paserk(local_file.read_text().strip())
    token = pasetokit.encode(key, {}, footer=b"\xff\x00")
    code, out, err = cli("decode", "--key-file", str(local_file), token)
    assert code == 0, err
    assert json.loads(out)["footer"] == "_wA"


# --- inspect --------------------------------------------------------------------------------------


def test_inspect_public_token(public_files: tuple[Path, Path], cli: Cli) -> None:
    _, token, _ = cli(
        "encode", "--key-file", str(public_files[0]), "--claims", '{"sub":"x"}', "--kid"
    )
    code, out, err = cli("inspect", token.strip())
    assert code == 0
    assert "warning: NOT verified" in err
    report = json.loads(out)
    public = pasetokit.PublicKey.from_paserk(public_files[1].read_text().strip())
    assert report["verified"] is False
    assert report["version"] == "v4"
    assert report["purpose"] == "public"
    assert report["kid"] == public.paserk_id
    assert report["unverified_claims"]["sub"] == "x"
    # Inspect does not verify: a tampered token is shown, still labelled unverified.
    code, out, _ = cli("inspect", _tamper(token.strip()))
    assert code == 0
    assert json.loads(out)["verified"] is False


def test_inspect_local_token_never_shows_payload(local_file: Path, cli: Cli) -> None:
    _, token, _ = cli("encode", "--key-file", str(local_file), "--kid", "--claims", '{"s":"zz"}')
    code, out, err = cli("inspect", "-", stdin=token)
    assert code == 0
    assert "NOT verified" in err
    report = json.loads(out)
    assert report["purpose"] == "local"
    assert report["kid"].startswith("k4.lid.")
    assert set(report) == {"verified", "version", "purpose", "footer", "kid"}


def test_inspect_malformed(cli: Cli) -> None:
    code, out, err = cli("inspect", "v3.local.abc")
    assert code == 1
    assert out == ""
    _one_error_line(err, "malformed_token")


# --- entry points ---------------------------------------------------------------------------------


def test_usage_errors_exit_2(cli: Cli) -> None:
    assert cli()[0] == 2
    assert cli("frobnicate")[0] == 2
    assert cli("keygen", "rsa")[0] == 2
    code, out, _ = cli("--help")
    assert code == 0
    assert "keygen" in out


def test_python_dash_m_help() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pasetokit", "--help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage: pasetokit ")
    for command in ("keygen", "encode", "decode", "inspect"):
        assert command in proc.stdout


def test_version_and_every_argument_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"pasetokit {pasetokit.__version__}\n"
    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    missing = [
        f"{name} {'/'.join(action.option_strings) or action.dest}"
        for name, sub in subparsers.choices.items()
        for action in sub._actions
        if not action.help
    ]
    assert missing == []
