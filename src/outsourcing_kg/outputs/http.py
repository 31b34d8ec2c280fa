"""HTTP to SPARQL stores: URLs, credentials from the environment, one-line errors, retries of idempotent requests."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from ..errors import StoreError

if TYPE_CHECKING:
    import httpx


USER_ENV = "OKG_STORE_USER"
PASSWORD_ENV = "OKG_STORE_PASSWORD"


def check_url(url: str, what: str = "endpoint") -> str:
    """An http(s) URL with a host and no credentials in it (those come from OKG_STORE_USER / OKG_STORE_PASSWORD)."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        example = "http://127.0.0.1:7878/store" if what == "graph store" else "http://127.0.0.1:7878/query"
        raise StoreError(f"{what} URL {redact(url)!r} is not an http(s) URL; give one such as {example}")
    if parts.username is not None or parts.password is not None:
        raise StoreError(
            f"{what} URL {redact(url)!r} holds a user name or password; remove it and set {USER_ENV} and {PASSWORD_ENV} instead"
        )
    return url.strip()


def redact(url: str) -> str:
    """The URL without any user:password@ part, for messages."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparseable URL>"
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit((parts.scheme, f"***@{host}", parts.path, parts.query, parts.fragment))


def credentials(env: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    env = os.environ if env is None else env
    user, password = env.get(USER_ENV), env.get(PASSWORD_ENV)
    if not user and not password:
        return None
    if not user or password is None:
        missing = USER_ENV if not user else PASSWORD_ENV
        raise StoreError(f"{missing} is not set; set both {USER_ENV} and {PASSWORD_ENV}, or neither")
    return user, password


def _auth_class() -> type:
    import base64

    import httpx

    class ChallengeAuth(httpx.Auth):
        """Answer the store's challenge with Digest or Basic, whichever it asks for; later requests reuse the choice."""

        def __init__(self, user: str, password: str) -> None:
            self.user = user
            self._basic = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
            self._digest = httpx.DigestAuth(user, password)  # keeps the last challenge, so one 401 per session
            self._scheme = "digest"

        def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
            if self._scheme == "basic":
                request.headers["Authorization"] = self._basic
                yield request
                return
            flow = self._digest.auth_flow(request)
            sent = next(flow)
            while True:
                response = yield sent
                try:
                    sent = flow.send(response)
                except StopIteration:
                    break
            challenges = [h.lower() for h in response.headers.get_list("www-authenticate")]
            if response.status_code == 401 and any(h.startswith("basic") for h in challenges):
                self._scheme = "basic"
                request.headers["Authorization"] = self._basic
                yield request

    return ChallengeAuth


def _client(timeout: float, env: Mapping[str, str] | None = None) -> httpx.Client:
    import httpx

    creds = credentials(env)
    auth = _auth_class()(*creds) if creds else None
    return httpx.Client(
        auth=auth,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        follow_redirects=False,
        headers={"User-Agent": "outsourcing-kg (okg)"},
    )


def _detail(response: httpx.Response) -> str:
    """The first useful words of an error body, HTML tags removed, on one line."""
    try:
        text = response.text
    except Exception:
        return ""
    text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    return text[:200] + ("..." if len(text) > 200 else "")


class _Failure(StoreError):
    """A request that failed: the HTTP status if the store answered, and whether it may have acted unseen."""

    def __init__(self, message: str, *, status: int | None = None, maybe_applied: bool = False) -> None:
        self.status = status
        self.maybe_applied = maybe_applied
        super().__init__(message)


@dataclass(frozen=True)
class _Target:
    """What a request talks to, for messages: the service, the option that names its URL, the action it needs."""

    service: str
    option: str
    action: str


_QUERY = _Target("SPARQL endpoint", "the endpoint URL", "query")
_UPDATE = _Target("SPARQL Update endpoint", "the endpoint URL", "update graphs")
_GRAPH_STORE = _Target("Graph Store Protocol service", "the graph store URL", "write graphs")


def _status_message(response: httpx.Response, target: _Target, user: str | None) -> str:
    url = redact(str(response.request.url.copy_with(query=None)))
    code = response.status_code
    head = f"{code} {response.reason_phrase} from {url}"
    if code == 401:
        if user:
            return f"{head}: the store refused the user name and password in {USER_ENV} / {PASSWORD_ENV}; check them"
        return f"{head}: the store wants a user name and password; set {USER_ENV} and {PASSWORD_ENV}"
    if code == 403:
        who = f"user {user!r}" if user else "an anonymous user"
        detail = _detail(response)
        return f"{head}: {who} may not {target.action} there ({detail or 'on Virtuoso: GRANT SPARQL_UPDATE TO the user'})"
    if code == 404:
        return f"{head}: no {target.service} at this URL; check {target.option}"
    if code == 413:
        return f"{head}: the request is larger than the store accepts; raise the store's request size limit"
    detail = _detail(response)
    return f"{head}: {detail}" if detail else head


def _transport_message(exc: Exception, url: str, timeout: float) -> str:
    import httpx

    url = redact(url)
    text = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return f"no answer from {url} within {timeout:g} s (timeout)"
    if isinstance(exc, httpx.ConnectError):
        if "refused" in text.lower():
            return f"cannot connect to {url}: connection refused (is the store running?)"
        return f"cannot connect to {url}: {text}"
    return f"the connection to {url} broke: {text}"


_TRANSIENT_STATUS = frozenset({429, 502, 503, 504})


def _request(
    client: httpx.Client,
    method: str,
    url: str,
    target: _Target,
    *,
    idempotent: bool,
    retries: int,
    backoff: float,
    timeout: float,
    accept: frozenset[int] = frozenset(),
    on_retry: Callable[[str, float], None] | None = None,
    **kwargs: Any,
) -> httpx.Response:
    """Send with retries and exponential backoff on transient failures only; anything else raises _Failure at once.

    A request that is not idempotent (MOVE) is retried only when it certainly did not act: the connection could not
    be opened, or the store answered 503/429 ("try later"). Statuses in `accept` are returned like successes.
    """
    import httpx

    user = getattr(client.auth, "user", None)
    attempt = 0
    while True:
        try:
            response = client.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            unsent = isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout))
            transient = unsent or (idempotent and isinstance(exc, (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)))
            failure = _Failure(_transport_message(exc, url, timeout), maybe_applied=not unsent)
            if not transient or attempt >= retries:
                raise failure from None
        else:
            if response.status_code < 400 or response.status_code in accept:
                return response
            retry_status = _TRANSIENT_STATUS if idempotent else frozenset({429, 503})
            failure = _Failure(_status_message(response, target, user), status=response.status_code)
            if response.status_code not in retry_status or attempt >= retries:
                raise failure
        delay = backoff * (2**attempt)
        attempt += 1
        if on_retry is not None:
            on_retry(failure.message, delay)
        time.sleep(delay)
