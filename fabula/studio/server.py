"""The studio's local web server: one page, its assets and a few JSON calls
over a `Session`.

The standard library's `ThreadingHTTPServer` is enough for that, so the
studio adds no dependency: a framework would bring routing and JSON helpers
(a few dozen lines here) along with another package to keep up to date and
its own defaults to check.

Security, as for any local server that writes files:

- it binds 127.0.0.1 only, and answers only requests whose Host is
  127.0.0.1 or localhost at its port (a page using DNS rebinding has
  another host name);
- every /api/ request carries the session's random token in the
  `X-Fabula-Token` header, compared with `hmac.compare_digest`. The page
  learns it from the address fabula prints (`#token=…`, a fragment that is
  never sent to a server), not from this server, so another page in the
  browser, or another user of the machine, cannot read it;
- a POST also needs `Content-Type: application/json` (which no cross-site
  form can send) and, when the browser sends one, its own Origin; bodies are
  at most 64 KB and every field is checked;
- it serves a fixed set of assets by name: no part of a request path ever
  reaches the file system;
- every error is JSON `{"error": "one line"}` with a 4xx status, or 500
  "internal error" (the traceback only on the terminal, with FABULA_DEBUG);
- every response forbids framing and sniffing, and the page's policy allows
  scripts, styles and requests only from this server.
"""

from __future__ import annotations

import hmac
import json
import os
import re
import secrets
import sys
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from urllib.parse import urlsplit

from ..errors import FabulaError
from ..writers.casting import parse_voice
from ..writers.report import style_sheet
from .exports import EXPORTS
from .session import EditError, NotFound, Session

MAX_BODY = 64 * 1024
MAX_FIELD = 400
TOKEN_HEADER = "X-Fabula-Token"
POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
          "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
SCRIPTS = ("studio.js", "common.js", "text.js", "panels.js")  # studio.js imports the others
_PAGE = re.compile(r"/api/page/([0-9]{1,6})")
# Each edit: its fields and their types ("name?" is optional; "str|null" may be null).
EDITS = {
    "speaker": {"quote": "str", "character": "str|null"},
    "new_character": {"name": "str", "quote?": "str"},
    "rename": {"character": "str", "name": "str"},
    "merge": {"character": "str", "into": "str"},
    "split": {"character": "str", "name": "str"},
    "not_character": {"character": "str"},
    "gender": {"character": "str", "gender": "str"},
    "voice": {"character": "str", "voice": "str", "pitch": "int", "rate": "int"},
}


class HttpError(Exception):
    def __init__(self, status: HTTPStatus, message: str):
        super().__init__(message)
        self.status = status


def _assets() -> dict[str, tuple[bytes, str]]:
    static = resources.files("fabula.studio").joinpath("static")
    script, style = "text/javascript; charset=utf-8", "text/css; charset=utf-8"
    return {
        "/": (static.joinpath("index.html").read_bytes(), "text/html; charset=utf-8"),
        **{f"/static/{name}": (static.joinpath(name).read_bytes(), script) for name in SCRIPTS},
        "/static/studio.css": (static.joinpath("studio.css").read_bytes(), style),
        "/static/report.css": (style_sheet().encode("utf-8"), style),
    }


class StudioServer(ThreadingHTTPServer):
    """The studio on 127.0.0.1:`port` (0: any free port)."""

    # Closing waits for requests in flight, so Ctrl-C never cuts an edit short.
    daemon_threads = False

    def __init__(self, session: Session, port: int = 0):
        self.session = session
        self.token = secrets.token_urlsafe(32)
        self.assets = _assets()
        try:
            super().__init__(("127.0.0.1", port), _Handler)
        except OSError as exc:
            raise FabulaError(f"cannot listen on 127.0.0.1:{port} ({exc.strerror or exc})") from None
        self.port = self.server_address[1]
        self.hosts = {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    @property
    def url(self) -> str:
        """The address to open: the page with the token in its fragment."""
        return f"http://127.0.0.1:{self.port}/#token={self.token}"


class _Handler(BaseHTTPRequestHandler):
    server: StudioServer
    server_version = "fabula-studio"
    sys_version = ""

    def do_GET(self) -> None:
        self._handle(self._get)

    def do_POST(self) -> None:
        self._handle(self._post)

    def _refuse_method(self) -> None:
        self._handle(self._method_not_allowed)

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = _refuse_method

    def _method_not_allowed(self, path: str) -> None:
        raise HttpError(HTTPStatus.METHOD_NOT_ALLOWED, f"{self.command} is not allowed here")

    def _handle(self, route) -> None:
        try:
            if self.headers.get("Host", "") not in self.server.hosts:
                raise HttpError(HTTPStatus.FORBIDDEN, "unknown Host: open the address fabula studio printed")
            route(urlsplit(self.path).path)
        except HttpError as exc:
            self._json({"error": str(exc)}, exc.status)
        except NotFound as exc:
            self._json({"error": str(exc)}, HTTPStatus.NOT_FOUND)
        except EditError as exc:
            self._json({"error": str(exc)}, HTTPStatus.BAD_REQUEST)
        except FabulaError as exc:  # the file could not be saved, espeak-ng is missing, …
            self._json({"error": str(exc)}, HTTPStatus.INTERNAL_SERVER_ERROR)
        except Exception as exc:  # noqa: BLE001 - the promise is a one-line error, never a traceback
            print(f"fabula studio: internal error on {self.command} {self.path}: {type(exc).__name__}: {exc}",
                  file=sys.stderr)
            if os.environ.get("FABULA_DEBUG"):
                traceback.print_exc()
            self._json({"error": "internal error (see the terminal fabula studio runs in)"},
                       HTTPStatus.INTERNAL_SERVER_ERROR)

    def _get(self, path: str) -> None:
        if path in self.server.assets:
            body, kind = self.server.assets[path]
            return self._send(body, kind, HTTPStatus.OK)
        if not path.startswith("/api/"):
            raise HttpError(HTTPStatus.NOT_FOUND, "no such page")
        self._check_token()
        session = self.server.session
        if path == "/api/state":
            return self._json(session.state())
        if match := _PAGE.fullmatch(path):
            return self._json({"page": int(match.group(1)), "blocks": session.page(int(match.group(1)))})
        raise HttpError(HTTPStatus.NOT_FOUND, "no such call")

    def _post(self, path: str) -> None:
        if path not in ("/api/edit", "/api/undo", "/api/export"):
            raise HttpError(HTTPStatus.NOT_FOUND, "no such call")
        self._check_token()
        origin = self.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc not in self.server.hosts:
            raise HttpError(HTTPStatus.FORBIDDEN, "requests from other sites are refused")
        body = self._body()
        session = self.server.session
        if path == "/api/export":
            what = _fields(body, {"what": "str"})["what"]
            if what not in EXPORTS:
                raise HttpError(HTTPStatus.BAD_REQUEST, f"unknown export {what!r} (expected {', '.join(EXPORTS)})")
            return self._json({"written": [str(p) for p in session.export(what)]})
        with session.lock:
            update = session.undo() if path == "/api/undo" else _edit(session, body)
            shared = session.shared()
        self._json({"revision": update.revision, "edited": list(update.edited), "changed": list(update.changed),
                    "quotes": update.quotes, **shared})

    def _check_token(self) -> None:
        given = self.headers.get(TOKEN_HEADER, "")
        if not hmac.compare_digest(given.encode("utf-8", "replace"), self.server.token.encode()):
            raise HttpError(HTTPStatus.FORBIDDEN, "missing or wrong session token: open the address fabula "
                                                  "studio printed")

    def _body(self) -> dict:
        if self.headers.get_content_type() != "application/json":
            raise HttpError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send JSON (Content-Type: application/json)")
        length = self.headers.get("Content-Length", "")
        if not length.isdigit():
            raise HttpError(HTTPStatus.LENGTH_REQUIRED, "Content-Length is required")
        if int(length) > MAX_BODY:
            raise HttpError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"a request body is at most {MAX_BODY} bytes")
        raw = self.rfile.read(int(length))
        try:
            body = json.loads(raw.decode("utf-8")) if raw else {}
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            problem = exc.msg if isinstance(exc, json.JSONDecodeError) else "not UTF-8"
            raise HttpError(HTTPStatus.BAD_REQUEST, f"the body is not valid JSON ({problem})") from None
        if not isinstance(body, dict):
            raise HttpError(HTTPStatus.BAD_REQUEST, "the body must be a JSON object")
        return body

    def _json(self, data, status: HTTPStatus = HTTPStatus.OK) -> None:
        self._send(json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8", status)

    def _send(self, body: bytes, kind: str, status: HTTPStatus) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", POLICY)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def send_error(self, code, message=None, explain=None) -> None:
        """Errors the request parser finds (a malformed request line) as JSON too."""
        self.close_connection = True
        self._json({"error": message or HTTPStatus(code).phrase}, HTTPStatus(code))

    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        """Quiet: the terminal shows the address and errors, not every request."""


def _edit(session: Session, body: dict):
    op = body.get("op")
    if op not in EDITS:
        raise HttpError(HTTPStatus.BAD_REQUEST, f"op must be one of {', '.join(EDITS)}")
    f = _fields({k: v for k, v in body.items() if k != "op"}, EDITS[op])
    if op == "speaker":
        return session.set_speaker(f["quote"], f["character"])
    if op == "new_character":
        return session.new_character(f["name"], f.get("quote"))
    if op == "rename":
        return session.rename(f["character"], f["name"])
    if op == "merge":
        return session.merge(f["character"], f["into"])
    if op == "split":
        return session.split(f["character"], f["name"])
    if op == "not_character":
        return session.not_character(f["character"])
    if op == "gender":
        return session.set_gender(f["character"], f["gender"])
    try:
        voice = parse_voice({k: f[k] for k in ("voice", "pitch", "rate")})
    except ValueError as exc:
        raise HttpError(HTTPStatus.BAD_REQUEST, f"voice: {exc}") from None
    return session.set_voice(f["character"], voice)


def _fields(body: dict, spec: dict[str, str]) -> dict:
    """The body's fields checked against `spec` (name -> type; a name ending
    in ? is optional): no field missing, none unknown, each of its type."""
    names = {k.rstrip("?"): (k.endswith("?"), t) for k, t in spec.items()}
    unknown = sorted(set(body) - set(names))
    if unknown:
        raise HttpError(HTTPStatus.BAD_REQUEST, f"unknown field {unknown[0]!r} (expected {', '.join(names)})")
    out = {}
    for name, (optional, kind) in names.items():
        if name not in body:
            if optional:
                continue
            raise HttpError(HTTPStatus.BAD_REQUEST, f"field {name!r} is missing")
        value = body[name]
        if value is None and kind == "str|null":
            out[name] = None
        elif kind.startswith("str") and isinstance(value, str) and 0 < len(value) <= MAX_FIELD:
            out[name] = value
        elif kind == "int" and isinstance(value, int) and not isinstance(value, bool):
            out[name] = value
        else:
            what = "a whole number" if kind == "int" else f"a string of 1 to {MAX_FIELD} characters"
            raise HttpError(HTTPStatus.BAD_REQUEST, f"field {name!r} must be {what}"
                                                    + (" or null" if kind == "str|null" else ""))
    return out
