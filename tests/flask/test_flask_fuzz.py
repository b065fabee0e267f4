"""Property: whatever arrives in headers, cookies, query string or body, the answer is 200, 401
or 403 with the adapter's error shape; never 422, never 500."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flask_support import make_app, make_policy

POLICY = make_policy()
APP = make_app(
    POLICY,
    {"PASETO_TOKEN_LOCATION": ["headers", "cookies", "query_string", "json"]},
)
APP.config["TESTING"] = False  # exceptions become 500s here, which the property then catches
with APP.app_context():
    GOOD = POLICY.create_access_token("alice", csrf=True)
    GOOD_REFRESH = POLICY.create_refresh_token("alice", csrf=True)

# Header values the HTTP layer can carry: Latin-1 without control characters.
header_text = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"),
    max_size=300,
)
prefixes = st.sampled_from(["", "Bearer ", "bearer ", "Bearer  ", "v4.local.", "v4.public."])


@st.composite
def token_like(draw: st.DrawFn) -> str:
    """Garbage, prefixed garbage, or a real token with one edit."""
    choice = draw(st.integers(0, 2))
    if choice == 0:
        return draw(header_text)
    if choice == 1:
        return draw(prefixes) + draw(header_text)
    base = draw(st.sampled_from([GOOD, GOOD_REFRESH]))
    i = draw(st.integers(0, len(base) - 1))
    replacement = draw(st.text(alphabet="ABCabc-_=.+/ \u00e9", max_size=3))
    return base[:i] + replacement + base[i + 1 :]


OK = {200, 401, 403}
ROUTES = [
    ("GET", "/protected"),
    ("GET", "/optional"),
    ("GET", "/items"),
    ("POST", "/items"),
    ("POST", "/fresh"),
    ("POST", "/refresh"),
    *((method, "/called") for method in ("GET", "POST", "PUT", "DELETE")),
]


def check(response_status: int, data: bytes) -> None:
    assert response_status in OK, (response_status, data[:300])
    if response_status != 200:
        payload = json.loads(data)
        assert set(payload) >= {"detail", "code"}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    route=st.sampled_from(ROUTES),
    auth=st.one_of(st.none(), token_like().map(lambda t: "Bearer " + t), token_like()),
    cookie=st.one_of(st.none(), token_like()),
    csrf=st.one_of(st.none(), header_text),
    query=st.one_of(st.none(), token_like()),
)
def test_garbage_in_headers_cookies_query(
    route: tuple[str, str],
    auth: str | None,
    cookie: str | None,
    csrf: str | None,
    query: str | None,
) -> None:
    headers: dict[str, str] = {}
    if auth is not None:
        headers["Authorization"] = auth
    if cookie is not None:
        headers["Cookie"] = f"access_token_cookie={cookie}; refresh_token_cookie={cookie}"
    if csrf is not None:
        headers["X-CSRF-Token"] = csrf
    client = APP.test_client()
    query_string = {"token": query} if query is not None else None
    method, path = route
    response = client.open(path, method=method, headers=headers, query_string=query_string)
    check(response.status_code, response.data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=10,
)


@settings(max_examples=200, deadline=None)
@given(
    body=st.one_of(
        st.binary(max_size=300),
        json_values.map(lambda v: json.dumps(v).encode()),
        st.builds(
            lambda token, extra: json.dumps({"access_token": token, "x": extra}).encode(),
            st.one_of(token_like(), json_values),
            json_values,
        ),
    ),
    content_type=st.sampled_from(
        ["application/json", "text/plain", "application/x-www-form-urlencoded"]
    ),
    path=st.sampled_from(["/called", "/refresh"]),
)
def test_garbage_bodies(body: bytes, content_type: str, path: str) -> None:
    response = APP.test_client().post(path, data=body, content_type=content_type)
    check(response.status_code, response.data)
