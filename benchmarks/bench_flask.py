"""Flask request throughput: an open route, a pasetokit-protected route, and a
Flask-JWT-Extended-protected route, in one app, in one run.

Usage: ``python benchmarks/bench_flask.py [--quick] [--check]``

Method
------
* One Flask app carries both extensions: ``PasetoManager`` (a ``TokenPolicy`` with a
  ``LocalKey``, v4.local access tokens, the default in-memory revocation store, so every request
  also gets its revocation check) and Flask-JWT-Extended's ``JWTManager`` (HS256, a 64-byte
  secret, headers only). Routes: ``/open`` (no auth), ``/pasetokit`` (``@paseto_required``),
  ``/fje`` (``@jwt_required()``); each returns the same small JSON body.
* A second app shows pasetokit with revocation checks switched off
  (``revocation_store=False``: stateless verification, the configuration closest to what
  Flask-JWT-Extended does by default), with its own open route.
* Requests go through Flask's test client (full WSGI request handling in-process: routing,
  request and app contexts, JSON response); each protected route cycles through a pool of
  distinct tokens (distinct ``sub``/``jti``), sent as ``Authorization: Bearer <token>``.
* Sanity first: every token of each pool is accepted, a missing and a tampered token are
  refused, and the protected routes answer exactly like each other.
* Timing: ``_timing.interleaved_ops_per_sec`` (calibrated batches, contenders interleaved with
  alternating order, best round). Auth overhead per request = 1/rate(protected) -
  1/rate(open of the same app), in microseconds.

Bar: pasetokit's overhead (default memory store) is no more than Flask-JWT-Extended's. Exit
status is 0 unless ``--check`` is given and the bar is missed.
"""

from __future__ import annotations

import argparse
import platform
import secrets
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from flask_jwt_extended import JWTManager, jwt_required
from flask_jwt_extended import create_access_token as fje_create_access_token

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import cycling, interleaved_ops_per_sec

try:
    from pasetokit import LocalKey, TokenPolicy
    from pasetokit_flask import PasetoManager, get_policy, paseto_required
except ImportError as exc:  # pragma: no cover - environment problem, not a benchmark result
    sys.exit(f"bench_flask: cannot import pasetokit ({exc}); run `pip install -e .` first")

POOL = 256
BODY = {"ok": True}


def build_app(policy: TokenPolicy, *, with_fje: bool) -> Flask:
    app = Flask(f"bench_flask_{'main' if with_fje else 'stateless'}")
    if with_fje:  # first: PasetoManager leaves the JWT_* keys of a live JWTManager alone
        app.config["JWT_SECRET_KEY"] = secrets.token_hex(32)
        app.config["JWT_TOKEN_LOCATION"] = ["headers"]
        JWTManager(app)
    PasetoManager(app, policy=policy)

    @app.get("/open")
    def open_route() -> dict[str, bool]:
        return BODY

    @app.get("/pasetokit")
    @paseto_required
    def pasetokit_route() -> dict[str, bool]:
        return BODY

    if with_fje:

        @app.get("/fje")
        @jwt_required()  # type: ignore[untyped-decorator]
        def fje_route() -> dict[str, bool]:
            return BODY

    return app


def headers_pool(tokens: list[str]) -> list[dict[str, str]]:
    return [{"Authorization": f"Bearer {token}"} for token in tokens]


def tamper(token: str) -> str:
    i = len(token) - 10
    return token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1 :]


def sanity(client: FlaskClient, path: str, pool: list[dict[str, str]]) -> None:
    for headers in pool:
        response = client.get(path, headers=headers)
        if response.status_code != 200 or response.get_json() != BODY:
            sys.exit(f"sanity: {path} refused a valid token ({response.status_code})")
    if client.get(path).status_code != 401:
        sys.exit(f"sanity: {path} accepted a request without a token")
    bad = {"Authorization": "Bearer " + tamper(pool[0]["Authorization"][7:])}
    if client.get(path, headers=bad).status_code not in (401, 422):
        sys.exit(f"sanity: {path} accepted a tampered token")


def request(client: FlaskClient, path: str) -> Callable[[dict[str, str]], object]:
    def call(headers: dict[str, str]) -> object:
        return client.get(path, headers=headers)

    return call


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--quick", action="store_true", help="3 short rounds instead of 7")
    ap.add_argument("--check", action="store_true", help="exit 1 when the bar is missed")
    args = ap.parse_args(argv)
    rounds, target_s = (3, 0.1) if args.quick else (7, 0.3)

    key = LocalKey.generate()
    main_app = build_app(TokenPolicy(local_key=key), with_fje=True)
    stateless_app = build_app(TokenPolicy(local_key=key, revocation_store=False), with_fje=False)
    client, stateless = main_app.test_client(), stateless_app.test_client()

    with main_app.app_context():
        policy = get_policy()
        paseto_pool = headers_pool([policy.create_access_token(f"user-{i}") for i in range(POOL)])
        fje_pool = headers_pool(
            [fje_create_access_token(identity=f"user-{i}") for i in range(POOL)]
        )
    sanity(client, "/pasetokit", paseto_pool)
    sanity(client, "/fje", fje_pool)
    sanity(stateless, "/pasetokit", paseto_pool)
    if client.get("/open").get_json() != BODY:
        sys.exit("sanity: /open")
    print("sanity: valid tokens accepted, missing and tampered tokens refused, same bodies")

    funcs: dict[str, Callable[[], object]] = {
        "open": lambda: client.get("/open"),
        "pasetokit": cycling(request(client, "/pasetokit"), paseto_pool),
        "flask-jwt-extended": cycling(request(client, "/fje"), fje_pool),
        "open (2nd app)": lambda: stateless.get("/open"),
        "pasetokit, no store": cycling(request(stateless, "/pasetokit"), paseto_pool),
    }
    print(
        f"python {platform.python_version()} | flask {version('flask')} | pasetokit "
        f"{version('pasetokit')} | flask-jwt-extended {version('flask-jwt-extended')} | "
        f"pyjwt {version('pyjwt')} | pool {POOL} tokens | {rounds} interleaved rounds "
        f"x ~{target_s:g}s per batch, best round | Flask test client, in-process\n"
    )
    rps = interleaved_ops_per_sec(funcs, rounds=rounds, target_s=target_s)

    def overhead_us(protected: str, open_route: str) -> float:
        return (1 / rps[protected] - 1 / rps[open_route]) * 1e6

    rows = [
        ("open", "open", None),
        ("flask-jwt-extended", "flask-jwt-extended", "open"),
        ("pasetokit", "pasetokit", "open"),
        ("open (2nd app)", "open (2nd app)", None),
        ("pasetokit, no store", "pasetokit, no store", "open (2nd app)"),
    ]
    header = f"{'route':<22}{'req/s':>10}{'us/req':>9}{'auth us/req':>13}"
    print(header + "\n" + "-" * len(header))
    for label, name, base in rows:
        extra = f"{overhead_us(name, base):>13.1f}" if base else f"{'-':>13}"
        print(f"{label:<22}{rps[name]:>10,.0f}{1e6 / rps[name]:>9.1f}{extra}")

    fje = overhead_us("flask-jwt-extended", "open")
    ours = overhead_us("pasetokit", "open")
    stateless_ours = overhead_us("pasetokit, no store", "open (2nd app)")
    ok = ours <= fje
    print(
        f"\nauth overhead: pasetokit {ours:.1f} us vs flask-jwt-extended {fje:.1f} us per "
        f"request = {ours / fje:.2f}x (bar <= 1.00x: {'PASS' if ok else 'FAIL'}); "
        f"without revocation checks {stateless_ours:.1f} us = {stateless_ours / fje:.2f}x"
    )
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
