"""The review's web application (Starlette, served by uvicorn on loopback): one page and a small JSON API.

Every API request carries the session's token in the `X-OKG-Token` header, and the page itself is only served with
the token in its address, so another page open in the same browser can neither post decisions nor read the draft
(it cannot read the token: no CORS headers are sent). Only the Host names of the loopback address are answered,
which keeps DNS-rebinding pages out. Article text and labels reach the page as JSON and are shown with textContent.
"""

from __future__ import annotations

import html
import secrets
from collections.abc import Awaitable, Callable
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..errors import KGError
from .session import Conflict, ReviewSession, vocabulary

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

__all__ = ["TOKEN_HEADER", "create_app", "new_token"]

TOKEN_HEADER = "X-OKG-Token"
_STATIC = {"review.js": "text/javascript", "review.css": "text/css"}


def new_token() -> str:
    """A per-session secret (URL-safe, 256 bits)."""
    return secrets.token_urlsafe(32)


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("static", name).read_text(encoding="utf-8")


def create_app(session: ReviewSession, token: str, *, hosts: list[str] | None = None) -> Starlette:
    """The application for one review session. `hosts`: the Host names answered (default: loopback names)."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse
    from starlette.routing import Route

    words = vocabulary(session.project)
    headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
    page_headers = {
        **headers,
        "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    }

    def refused(status: int, message: str) -> JSONResponse:
        return JSONResponse({"error": message}, status_code=status, headers=headers)

    def guarded(handler: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
        async def wrapper(request: Request) -> Response:
            if not secrets.compare_digest(request.headers.get(TOKEN_HEADER, ""), token):
                return refused(403, f"missing or wrong {TOKEN_HEADER} header: open the address `okg review` printed")
            try:
                return await handler(request)
            except Conflict as exc:
                return refused(409, exc.message)
            except KGError as exc:
                return refused(422, exc.message)

        return wrapper

    async def index(request: Request) -> Response:
        if not secrets.compare_digest(request.query_params.get("token", ""), token):
            return PlainTextResponse("open the address `okg review` printed (it carries the session's token)", 403, headers=headers)
        page = _asset("index.html").replace("{{token}}", html.escape(token)).replace("{{file}}", html.escape(session.path.name))
        return HTMLResponse(page, headers=page_headers)

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in _STATIC:
            return PlainTextResponse("not found", 404, headers=headers)
        return PlainTextResponse(_asset(name), media_type=_STATIC[name], headers=headers)

    def state() -> JSONResponse:
        return JSONResponse(session.state(), headers=headers)

    async def get_state(request: Request) -> Response:
        return state()

    async def get_vocabulary(request: Request) -> Response:
        return JSONResponse(words, headers=headers)

    async def get_entities(request: Request) -> Response:
        return JSONResponse(session.suggest_entities(request.query_params.get("q", "")[:200]), headers=headers)

    async def post(request: Request) -> Response:
        try:
            body: Any = await request.json()
        except ValueError:
            return refused(400, "the request body is not JSON")
        if not isinstance(body, dict):
            return refused(400, "the request body is a JSON object")
        action = body.get("action")
        base = body.get("base")
        base = base if isinstance(base, int) else None
        # Handlers are coroutines on one event loop: decisions are applied one at a time, in arrival order.
        extra: dict[str, Any] = {}
        if action in ("accepted", "rejected"):
            session.decide(str(body.get("key")), action, base=base)
        elif action == "edit":
            session.edit(str(body.get("key")), _fields(body), base=base)
        elif action == "link":
            session.link(str(body.get("key")), str(body.get("id", "")), base=base)
        elif action == "add":
            extra["key"] = session.add(str(body.get("kind")), _fields(body), base=base)
        elif action == "save":
            session.save(base=base, force=body.get("force") is True)
        elif action == "quote":
            start, end = body.get("start"), body.get("end")
            if not isinstance(start, int) or not isinstance(end, int):
                return refused(400, "a selection has integer `start` and `end`")
            return JSONResponse(session.quote_for(start, end), headers=headers)
        else:
            return refused(400, f"unknown action {str(action)[:40]!r}")
        out = session.state()
        out.update(extra)
        return JSONResponse(out, headers=headers)

    routes = [
        Route("/", index),
        Route("/static/{name}", static),
        Route("/api/state", guarded(get_state)),
        Route("/api/vocabulary", guarded(get_vocabulary)),
        Route("/api/entities", guarded(get_entities)),
        Route("/api/action", guarded(post), methods=["POST"]),
    ]
    allowed = hosts or ["127.0.0.1", "localhost", "[::1]"]
    return Starlette(routes=routes, middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=allowed)])


def _fields(body: dict[str, Any]) -> dict[str, Any]:
    fields = body.get("fields")
    if not isinstance(fields, dict):
        raise KGError("an edit sends the item's `fields` as a JSON object")
    return fields
