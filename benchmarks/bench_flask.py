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
* Timing: ``_rounds.run_rounds`` (calibrated batches, contenders in an order shuffled afresh
  every round), in CPU time of the process. Auth overhead per request = time(protected) -
  time(open of the same app) in the same round, in microseconds; ratios are taken round by
  round and reported as median [q1-q3].

Bar: pasetokit's overhead (default memory store) is no more than Flask-JWT-Extended's. Exit
status is 0 unless ``--check`` is given and the bar is missed.
"""

from __future__ import annotations

import argparse
import platform
import secrets
import sys
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from flask_jwt_extended import JWTManager, jwt_required
from flask_jwt_extended import create_access_token as fje_create_access_token

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _rounds import Contender, overhead_ratio, overhead_summary, run_rounds, summary

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
    ap.add_argument("--quick", action="store_true", help="3 short rounds instead of 9")
    ap.add_argument("--check", action="store_true", help="exit 1 when the bar is missed")
    args = ap.parse_args(argv)
    rounds, target_s = (3, 0.1) if args.quick else (9, 0.3)

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

    contenders = {
        "open": Contender(lambda _: client.get("/open"), [None]),
        "pasetokit": Contender(request(client, "/pasetokit"), paseto_pool),
        "flask-jwt-extended": Contender(request(client, "/fje"), fje_pool),
        "open (2nd app)": Contender(lambda _: stateless.get("/open"), [None]),
        "pasetokit, no store": Contender(request(stateless, "/pasetokit"), paseto_pool),
    }
    print(
        f"python {platform.python_version()} | flask {version('flask')} | pasetokit "
        f"{version('pasetokit')} | flask-jwt-extended {version('flask-jwt-extended')} | "
        f"pyjwt {version('pyjwt')} | pool {POOL} tokens | {rounds} shuffled rounds "
        f"x ~{target_s:g}s per batch, median [q1-q3] | Flask test client, in-process\n"
    )
    ns = run_rounds(contenders, rounds=rounds, batch_s=target_s, clock=time.process_time_ns)
    rows = [
        ("open", None),
        ("flask-jwt-extended", "open"),
        ("pasetokit", "open"),
        ("open (2nd app)", None),
        ("pasetokit, no store", "open (2nd app)"),
    ]
    header = f"{'route':<22}{'us/req':>20}{'auth us/req':>22}"
    print(header + "\n" + "-" * len(header))
    for name, base in rows:
        us = summary([v / 1000 for v in ns[name]]).fmt(1)
        extra = overhead_summary(ns[name], ns[base]).fmt(1) if base else "-"
        print(f"{name:<22}{us:>20}{extra:>22}")

    ours = overhead_ratio(ns["pasetokit"], ns["flask-jwt-extended"], ns["open"])
    # The stateless app has its own open route; its overhead is compared with FJE's round by
    # round as a plain ratio of the two differences.
    stateless_ours = summary(
        [
            (mine - mine_open) / (fje - fje_open)
            for mine, mine_open, fje, fje_open in zip(
                ns["pasetokit, no store"],
                ns["open (2nd app)"],
                ns["flask-jwt-extended"],
                ns["open"],
                strict=True,
            )
        ]
    )
    ok = ours.median <= 1.0
    print(
        f"\nauth overhead pasetokit / flask-jwt-extended = {ours.fmt()} "
        f"(bar: median <= 1.00: {'PASS' if ok else 'FAIL'}); "
        f"without revocation checks {stateless_ours.fmt()}"
    )
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
