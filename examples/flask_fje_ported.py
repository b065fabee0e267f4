"""Flask-JWT-Extended's basic example ported to pasetokit_flask.

Only the imports, the decorator names and the configuration differ from the original (kept as
``tests/flask/fje_basic_example.py``; ``tests/flask/test_flask_migration.py`` checks it):
``JWTManager`` -> ``PasetoManager``, ``@jwt_required`` -> ``@paseto_required``, and a PASERK key
instead of a shared secret string. ``create_access_token(identity=...)`` works as before, and
``get_subject`` is imported under Flask-JWT-Extended's name.

Run: ``PASETO_LOCAL_KEY=$(pasetokit keygen local) python examples/flask_fje_ported.py`` (without
the variable a development key is generated for the run).
"""

import os
from datetime import timedelta

from flask import Flask, jsonify, request
from flask.typing import ResponseReturnValue

from pasetokit import LocalKey
from pasetokit_flask import (
    PasetoManager,
    create_access_token,
    create_refresh_token,
    paseto_required,
)
from pasetokit_flask import get_subject as get_jwt_identity

app = Flask(__name__)

# Setup the pasetokit extension: a real key (`pasetokit keygen local`), never a password
app.config["PASETO_LOCAL_KEY"] = os.environ.get("PASETO_LOCAL_KEY") or (
    LocalKey.generate().to_paserk()
)
app.config["PASETO_ACCESS_TTL"] = timedelta(hours=1)
app.config["PASETO_REFRESH_TTL"] = timedelta(days=30)
jwt = PasetoManager(app)


# Create a route to authenticate your users and return tokens. The
# create_access_token() function is used to actually generate the token.
@app.route("/login", methods=["POST"])
def login() -> ResponseReturnValue:
    username = request.get_json().get("username", None)
    password = request.get_json().get("password", None)
    if username != "test" or password != "test":
        return jsonify({"msg": "Bad username or password"}), 401

    access_token = create_access_token(identity=username)
    refresh_token = create_refresh_token(identity=username)
    return jsonify(access_token=access_token, refresh_token=refresh_token)


# We are using the `refresh=True` option to only allow
# refresh tokens to access this route.
@app.route("/refresh", methods=["POST"])
@paseto_required(refresh=True)
def refresh() -> ResponseReturnValue:
    identity = get_jwt_identity()
    access_token = create_access_token(identity=identity)
    return jsonify(access_token=access_token)


# Protect a route, which will kick out requests
# without a valid token present.
@app.route("/protected", methods=["GET"])
@paseto_required()
def protected() -> ResponseReturnValue:
    # Access the identity of the current user
    current_user = get_jwt_identity()
    return jsonify(logged_in_as=current_user), 200


if __name__ == "__main__":
    app.run()
