"""Baseline of the migration test: Flask-JWT-Extended's basic example (access + refresh tokens,
a protected route), as its documentation shows it, with return annotations added so that
``mypy --strict`` checks it like the rest of the tree.

``examples/flask_fje_ported.py`` is this file with only the imports, the decorator names and the
configuration changed; ``test_flask_migration.py`` checks both that and the round trip.
"""

from datetime import timedelta

from flask import Flask, jsonify, request
from flask.typing import ResponseReturnValue
from flask_jwt_extended import (
    JWTManager,
    create_access_token,
    create_refresh_token,
    get_jwt_identity,
    jwt_required,
)

app = Flask(__name__)

# Setup the Flask-JWT-Extended extension
app.config["JWT_SECRET_KEY"] = "super-secret-but-long-enough-for-hs256!"  # Change this!
app.config["JWT_ACCESS_TOKEN_EXPIRES"] = timedelta(hours=1)
app.config["JWT_REFRESH_TOKEN_EXPIRES"] = timedelta(days=30)
jwt = JWTManager(app)


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
@jwt_required(refresh=True)  # type: ignore[untyped-decorator]
def refresh() -> ResponseReturnValue:
    identity = get_jwt_identity()
    access_token = create_access_token(identity=identity)
    return jsonify(access_token=access_token)


# Protect a route, which will kick out requests
# without a valid token present.
@app.route("/protected", methods=["GET"])
@jwt_required()  # type: ignore[untyped-decorator]
def protected() -> ResponseReturnValue:
    # Access the identity of the current user
    current_user = get_jwt_identity()
    return jsonify(logged_in_as=current_user), 200


if __name__ == "__main__":
    app.run()
