"""The studio's web server: what it refuses (no token, another host or
origin, bad bodies, paths it does not serve), that errors are one-line JSON,
and a real `fabula studio` process killed with SIGKILL in the middle of a
session leaves a valid corrections file with every acknowledged edit."""

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading

import pytest

from conftest import EXAMPLE
from fabula.corrections import load_corrections
from fabula.studio.server import MAX_BODY, StudioServer
from fabula.studio.session import Session
from test_cli import assert_one_line_error, run


@pytest.fixture
def server(tmp_path):
    work = tmp_path / "chapter.txt"
    shutil.copy(EXAMPLE, work)
    studio = StudioServer(Session(work, output=tmp_path / "out"))
    thread = threading.Thread(target=studio.serve_forever, daemon=True)
    thread.start()
    yield studio
    studio.shutdown()
    studio.server_close()


def request(server, method, path, body=None, token=True, headers=None, port=None):
    connection = http.client.HTTPConnection("127.0.0.1", port or server.port, timeout=30)
    sent = {"Host": f"127.0.0.1:{port or server.port}"}
    if token:
        sent["X-Fabula-Token"] = server.token if token is True else token
    if body is not None:
        sent["Content-Type"] = "application/json"
        body = body if isinstance(body, bytes) else json.dumps(body).encode()
    sent.update(headers or {})
    connection.request(method, path, body=body, headers=sent)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response, data


def error_of(response, data, status):
    assert response.status == status, (response.status, data)
    assert response.getheader("Content-Type").startswith("application/json")
    message = json.loads(data)["error"]
    assert "\n" not in message and "Traceback" not in message and message
    return message


def a_speaker_edit(server, n=0):
    doc = server.session.document
    return {"op": "speaker", "quote": doc.quotes[n].id, "character": doc.characters[-1].id}


def test_the_page_and_its_assets(server):
    response, data = request(server, "GET", "/", token=False)
    assert response.status == 200 and b'<script type="module" src="/static/studio.js"' in data
    policy = response.getheader("Content-Security-Policy")
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    for asset, kind in (("studio.js", "text/javascript"), ("common.js", "text/javascript"),
                        ("text.js", "text/javascript"), ("panels.js", "text/javascript"),
                        ("studio.css", "text/css"), ("report.css", "text/css")):
        response, data = request(server, "GET", f"/static/{asset}", token=False)
        assert response.status == 200 and response.getheader("Content-Type").startswith(kind) and data
    assert server.token.encode() not in request(server, "GET", "/", token=False)[1]


def test_a_request_without_the_token_is_refused(server):
    for method, path, body in (("GET", "/api/state", None), ("GET", "/api/page/0", None),
                               ("POST", "/api/edit", a_speaker_edit(server)), ("POST", "/api/undo", {}),
                               ("POST", "/api/export", {"what": "json"})):
        for token in (False, "x" * 43, server.token[:-1]):
            assert "token" in error_of(*request(server, method, path, body, token=token), 403)
    assert not server.session.corrections_path.exists() and not (server.session.output).exists()
    response, data = request(server, "POST", "/api/edit", a_speaker_edit(server))
    assert response.status == 200 and json.loads(data)["revision"] == 1
    assert server.session.corrections_path.exists()


def test_other_hosts_and_origins_are_refused(server):
    # DNS rebinding: the browser sends the attacker's host name.
    assert "Host" in error_of(*request(server, "GET", "/", headers={"Host": f"evil.example:{server.port}"}), 403)
    assert "Host" in error_of(*request(server, "GET", "/api/state", headers={"Host": "127.0.0.1:1"}), 403)
    message = error_of(*request(server, "POST", "/api/edit", a_speaker_edit(server),
                                headers={"Origin": "http://evil.example"}), 403)
    assert "other sites" in message
    response, _ = request(server, "GET", "/", headers={"Host": f"localhost:{server.port}"})
    assert response.status == 200
    response, _ = request(server, "POST", "/api/edit", a_speaker_edit(server),
                          headers={"Origin": f"http://localhost:{server.port}"})
    assert response.status == 200


def test_bad_requests_get_a_clear_4xx(server):
    cases = [
        (b"{not json", {}, 400, "not valid JSON"),
        (b"[1, 2]", {}, 400, "must be a JSON object"),
        (b"\xff\xfe", {}, 400, "not UTF-8"),
        (json.dumps({"op": "fly"}).encode(), {}, 400, "op must be one of"),
        (json.dumps({"op": "speaker", "quote": "q1"}).encode(), {}, 400, "field 'character' is missing"),
        (json.dumps({"op": "speaker", "quote": 1, "character": None}).encode(), {}, 400, "field 'quote' must be"),
        (json.dumps({"op": "rename", "character": "c1", "name": "x", "age": 3}).encode(), {}, 400,
         "unknown field 'age'"),
        (json.dumps({"op": "speaker", "quote": "q999", "character": None}).encode(), {}, 404, "no quotation 'q999'"),
        (json.dumps({"op": "merge", "character": "c1", "into": "c404"}).encode(), {}, 404, "no character 'c404'"),
        (json.dumps({"op": "gender", "character": "c1", "gender": "boy"}).encode(), {}, 400, "gender must be"),
        (json.dumps({"op": "voice", "character": "c1", "voice": "en-us+f3", "pitch": 500, "rate": 100}).encode(),
         {}, 400, "pitch must be a whole number from -50 to 100"),
        (json.dumps({"op": "speaker", "quote": "q1", "character": None}).encode(),
         {"Content-Type": "text/plain"}, 415, "send JSON"),
        (b"{}" + b" " * MAX_BODY, {}, 413, "at most"),
    ]
    for body, headers, status, needle in cases:
        assert needle in error_of(*request(server, "POST", "/api/edit", body, headers=headers), status)
    assert "nothing to undo" in error_of(*request(server, "POST", "/api/undo", {}), 400)
    assert "unknown export" in error_of(*request(server, "POST", "/api/export", {"what": "pdf"}), 400)
    assert "PUT is not allowed" in error_of(*request(server, "PUT", "/api/edit", {}), 405)
    assert not server.session.corrections_path.exists()


def test_only_its_own_assets_are_served(server):
    for path in ("/static/../session.py", "/static/%2e%2e/server.py", "/../../../../etc/passwd", "/etc/passwd",
                 "/static/", "/static/studio.js/", "/fabula/studio/server.py", "/api/page/-1", "/api/page/1x",
                 "/api/page/99", "/api/../static/studio.js", "//etc/passwd", "/static/studio.js%00.css"):
        response, data = request(server, "GET", path)
        error_of(response, data, 404)
        assert b"import" not in data and b"root:" not in data


def test_an_edit_answers_with_what_changed(server):
    response, data = request(server, "POST", "/api/edit", a_speaker_edit(server, 2))
    reply = json.loads(data)
    assert reply["revision"] == 1 and reply["edited"] == [server.session.document.quotes[2].id]
    assert reply["corrections"] == str(server.session.corrections_path) and reply["can_undo"]
    assert reply["quotes"][reply["edited"][0]]["held"]
    state = json.loads(request(server, "GET", "/api/state")[1])
    assert state["revision"] == 1 and len(state["quotes"]) == len(server.session.document.quotes)
    page = json.loads(request(server, "GET", "/api/page/0")[1])
    assert page["page"] == 0 and page["blocks"]


def test_sigkill_mid_session_loses_no_acknowledged_edit(tmp_path):
    work = tmp_path / "chapter.txt"
    shutil.copy(EXAMPLE, work)
    fix = tmp_path / "fix.yaml"
    env = {k: v for k, v in os.environ.items() if k != "FABULA_DEBUG"}
    process = subprocess.Popen([sys.executable, "-m", "fabula", "studio", str(work), "--corrections", str(fix),
                                "--no-browser", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=env, text=True)
    try:
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/#token=([\w-]+)", line)
        assert match, line + process.stderr.read()
        port, token = int(match.group(1)), match.group(2)
        remote = type("Remote", (), {"port": port, "token": token})
        state = json.loads(request(remote, "GET", "/api/state")[1])
        quotes, cast = [q["id"] for q in state["quotes"]], [c for c in state["cast"]]
        acknowledged = {}
        stop = threading.Event()

        def edit(n):
            who = cast[n % len(cast)]
            response, _ = request(remote, "POST", "/api/edit",
                                  {"op": "speaker", "quote": quotes[n], "character": who["id"]})
            if response.status == 200:
                acknowledged[quotes[n]] = who["name"]

        def keep_editing():
            n = 0
            while not stop.is_set() and n < len(quotes):
                try:
                    edit(n)
                except (ConnectionError, http.client.HTTPException, OSError):
                    return  # killed while this one was in flight
                n += 1

        worker = threading.Thread(target=keep_editing)
        worker.start()
        while len(acknowledged) < 6:
            assert worker.is_alive() and process.poll() is None
            worker.join(0.01)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        stop.set()
        worker.join(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        process.stdout.close()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    saved = {f.id: f.speaker for f in load_corrections(fix).speakers}
    assert len(acknowledged) >= 6
    for quote, name in acknowledged.items():
        assert saved.get(quote) == name
    assert len(saved) <= len(acknowledged) + 1  # at most the edit in flight besides


def test_the_command_refuses_what_it_cannot_open(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("merge: [[a, b]\n")
    assert_one_line_error(run("studio", tmp_path / "missing.txt", "--no-browser"), "missing.txt: no such file")
    assert_one_line_error(run("studio", EXAMPLE, "--no-browser", "--corrections", bad),
                          f"{bad}: line 2: not valid YAML")
    assert_one_line_error(run("studio", EXAMPLE, "--no-browser", "--corrections", tmp_path / "no" / "fix.yaml"),
                          "does not exist")
    result = run("studio", "-", "--no-browser", stdin=b"text")
    assert result.returncode == 2 and b"needs a file" in result.stderr
