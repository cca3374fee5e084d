"""Requests that try to lock viewers out or to make the server say what it should not
(issue 13): clients holding connections without asking for anything, many requests for
the biggest page at once, a hostile Host header, and answers missing their headers.

The production server runs here in this process on a free port (`waitress_serving`), so a
test can shorten its limits; how long a normal request waits under 1,100 such
connections, and the server's memory, are measured by bench/lockout.py, not here.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import socket
import threading
import time

import pytest
from conftest import serving
from waitress import wasyncore

from player import create_app
from player.production import make_server
from player.security import HEADERS

# --- a production server in this process ---------------------------------------------


@contextlib.contextmanager
def waitress_serving(app, **overrides):
    """`player.production.make_server(app, **overrides)` on a free loopback port, its event
    loop in a thread; yields the base URL. The loop turns every 50 ms (the server's own
    turns once a second when nothing happens), so deadlines are kept closely."""
    server = make_server(app, "127.0.0.1", 0, **overrides)
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            wasyncore.loop(timeout=0.05, map=server._map, use_poll=True, count=1)
        server.task_dispatcher.shutdown()
        for channel in list(server.active_channels.values()):
            channel.handle_close()  # closes the files it was sending, too
        wasyncore.close_all(server._map)

    thread = threading.Thread(target=loop)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        stop.set()
        thread.join(10)


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def connect(url: str, source: str = "127.0.0.1") -> socket.socket:
    """A connection from `source` (any 127.x.y.z: Linux routes all of 127/8 to loopback,
    so each is a client address of its own)."""
    return socket.create_connection(("127.0.0.1", port_of(url)), 5, source_address=(source, 0))


def answer_to(sock: socket.socket, request: bytes) -> bytes:
    """Everything the server sends back to `request` until it closes the connection."""
    sock.sendall(request)
    received = b""
    with contextlib.suppress(ConnectionResetError):
        while chunk := sock.recv(65536):
            received += chunk
    return received


def get(url: str, path: str, source: str = "127.0.0.1", host: str = "localhost") -> bytes:
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}", "Connection: close"]
    with connect(url, source) as sock:
        return answer_to(sock, ("\r\n".join(lines) + "\r\n\r\n").encode())


def closed_by_server(sock: socket.socket, within: float = 5) -> bool:
    """Whether the server closes `sock` within `within` seconds (whatever it said first)."""
    sock.settimeout(within)
    try:
        while sock.recv(65536):
            pass
    except TimeoutError:
        return False
    except ConnectionResetError:
        pass
    return True


def head_fields(answer: bytes) -> dict[str, str]:
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")[1:]
    return {name.lower(): value for name, _, value in (line.partition(": ") for line in head)}


# --- slow clients ----------------------------------------------------------------------


def test_a_request_head_dribbled_past_the_deadline_is_answered_408_and_closed(app):
    request = b"GET /api/lessons HTTP/1.1\r\nHost: localhost\r\n" + b"X-Slow: x\r\n" * 100
    with waitress_serving(app, request_seconds=0.5) as url, connect(url) as sock:
        sock.settimeout(0.1)
        sent = 0
        while sent < len(request):  # a byte every 0.1 s: never idle, never done
            sock.sendall(request[sent : sent + 1])
            sent += 1
            with contextlib.suppress(TimeoutError):
                answer = sock.recv(65536)
                break
        assert sent < len(request)
        assert answer.startswith(b"HTTP/1.1 408 Request Timeout\r\n")
        assert closed_by_server(sock)
    for name, value in HEADERS.items():
        assert head_fields(answer)[name.lower()] == value


def test_a_request_head_that_arrives_in_time_is_answered(app):
    request = b"GET /api/lessons HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    with waitress_serving(app, request_seconds=5) as url, connect(url) as sock:
        for byte in request:
            sock.sendall(bytes([byte]))
            time.sleep(0.01)
        assert answer_to(sock, b"").startswith(b"HTTP/1.1 200 OK\r\n")


def test_an_address_holding_its_cap_of_connections_locks_out_no_other_address(app):
    with waitress_serving(app, connections_per_address=3) as url:
        held = [connect(url, "127.0.0.2") for _ in range(3)]
        try:
            for sock in held:
                sock.sendall(b"G")  # each mid-way through a request head
            with connect(url, "127.0.0.2") as one_too_many:
                assert closed_by_server(one_too_many)
            assert get(url, "/api/lessons", "127.0.0.1").startswith(b"HTTP/1.1 200 OK\r\n")
            assert not any(closed_by_server(sock, within=0.2) for sock in held)
        finally:
            for sock in held:
                sock.close()


def test_with_a_proxy_in_front_there_is_no_cap_per_address(lesson_dirs):
    app = create_app(*lesson_dirs, {"TESTING": True, "PROXIES": 1})
    with waitress_serving(app, connections_per_address=3) as url:
        held = [connect(url) for _ in range(5)]
        try:
            assert get(url, "/api/lessons").startswith(b"HTTP/1.1 200 OK\r\n")
            assert not any(closed_by_server(sock, within=0.2) for sock in held)
        finally:
            for sock in held:
                sock.close()


# The limit counts the server's listening socket and its wake-up pipe besides connections.
LIMIT = 6
ROOM = LIMIT - 2


def test_a_full_server_closes_the_longest_waiting_connection_to_answer_a_new_one(app):
    with waitress_serving(app, connection_limit=LIMIT) as url:
        waiting = []
        for n in range(ROOM):  # from several addresses, each sending part of a head
            waiting.append(connect(url, f"127.0.0.{2 + n}"))
            waiting[-1].sendall(b"GET /api/lessons HTTP/1.1\r\n")
            time.sleep(0.1)  # so they are told apart by age
        try:
            assert get(url, "/api/lessons", "127.0.0.1").startswith(b"HTTP/1.1 200 OK\r\n")
            assert closed_by_server(waiting[0])
            assert not any(closed_by_server(sock, within=0.2) for sock in waiting[1:])
        finally:
            for sock in waiting:
                sock.close()


@pytest.fixture
def big_video(lesson_dirs):
    """A video (sparse, so instant to make) bigger than any socket's buffers."""
    with open(lesson_dirs[1] / "big.mp4", "wb") as video:
        video.truncate(64 * 2**20)
    return "/media/big.mp4"


# A range is answered by the event loop itself (player/media_ranges.py), the whole file by
# the app in a worker thread: neither connection may be shed while it is being answered.
@pytest.mark.parametrize("range_", ["Range: bytes=0-\r\n", ""], ids=["range", "whole"])
def test_a_full_server_never_closes_a_connection_that_is_being_answered(app, big_video, range_):
    with waitress_serving(app, connection_limit=LIMIT) as url:
        viewers = []
        for n in range(ROOM):  # viewers whose browsers stopped reading the video
            viewers.append(connect(url, f"127.0.0.{2 + n}"))
            viewers[-1].setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            request = f"GET {big_video} HTTP/1.1\r\nHost: localhost\r\n{range_}\r\n"
            viewers[-1].sendall(request.encode())
        try:
            time.sleep(0.3)
            with connect(url) as late:
                late.sendall(b"GET /api/lessons HTTP/1.1\r\nHost: localhost\r\n\r\n")
                late.settimeout(0.5)
                with pytest.raises(TimeoutError):
                    late.recv(1)  # waits for a place, as before: no viewer is cut off
            for viewer in viewers:
                viewer.settimeout(5)
                assert viewer.recv(4096)
        finally:
            for viewer in viewers:
                viewer.close()


# --- the biggest page, many times at once ---------------------------------------------


def count_renders(monkeypatch) -> list[str]:
    import player.pages

    rendered = []
    render = player.pages.render_template

    def counting(name, **context):
        rendered.append(name)
        return render(name, **context)

    monkeypatch.setattr(player.pages, "render_template", counting)
    return rendered


def cached_page(app, slug: str) -> bytes:
    library = app.extensions["lessons"]
    return library.views(library.get(slug)).kept("page").data


def test_requests_for_a_page_share_one_rendering_and_one_bytes_object(app, client, monkeypatch):
    rendered = count_renders(monkeypatch)
    first = client.get("/lessons/sample").data
    held = cached_page(app, "sample")
    assert client.get("/lessons/sample").data == first
    assert cached_page(app, "sample") is held
    assert rendered == ["lesson.html"]


def test_a_page_is_made_again_once_its_lesson_file_changes(app, client, lesson_dirs):
    client.get("/lessons/sample")
    held = cached_page(app, "sample")
    (lesson_dirs[0] / "sample.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nChanged\n")
    assert b"Changed" in client.get("/lessons/sample").data
    assert cached_page(app, "sample") is not held


def test_requests_arriving_together_for_a_page_wait_for_one_rendering(app, monkeypatch):
    rendered = count_renders(monkeypatch)
    start = threading.Barrier(8)
    statuses = []

    def view():
        start.wait()
        statuses.append(app.test_client().get("/lessons/sample").status_code)

    threads = [threading.Thread(target=view) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 8
    assert rendered == ["lesson.html"]


class RecordingFileWrapper:
    """A WSGI server's file_wrapper that keeps the file it was handed."""

    handed: list = []

    def __init__(self, file, block_size=8192):
        self.handed.append(file)
        self.file = file

    def __iter__(self):
        while block := self.file.read(8192):
            yield block


def test_a_big_page_goes_to_the_server_as_a_file_over_the_cached_bytes_not_a_copy(app, client):
    import player.bodies

    RecordingFileWrapper.handed = []
    small = player.bodies.WRAPPED_BYTES
    player.bodies.WRAPPED_BYTES = 1024  # the sample's page (tens of KB) counts as big
    try:
        response = client.get(
            "/lessons/sample", environ_base={"wsgi.file_wrapper": RecordingFileWrapper}
        )
    finally:
        player.bodies.WRAPPED_BYTES = small
    [file] = RecordingFileWrapper.handed
    assert isinstance(file, io.BytesIO)
    # A BytesIO made from bytes shares them until written to: the very object cached.
    assert file.getvalue() is cached_page(app, "sample")
    assert response.data == cached_page(app, "sample")
    assert int(response.headers["Content-Length"]) == len(response.data)


def test_the_pages_kept_stay_within_the_views_byte_budget(app, client, lesson_dirs):
    captions = lesson_dirs[0]
    for n in range(5):  # pages of the same size as the sample's
        for path in list(captions.glob("sample.*")):
            shutil.copy(path, captions / path.name.replace("sample", f"copy-{n}"))
    budget = app.extensions["lessons"].views_budget
    assert client.get("/lessons/copy-0").status_code == 200
    lesson_bytes = budget.size()  # its page, and the transcripts it is made from
    budget.max_bytes = 2 * lesson_bytes + lesson_bytes // 2
    for slug in ["sample", *(f"copy-{n}" for n in range(5))]:
        assert client.get(f"/lessons/{slug}").status_code == 200
    library = app.extensions["lessons"]
    kept = [slug for slug in library.slugs() if library.views(library.get(slug)).kept("page")]
    assert kept == ["copy-3", "copy-4"]
    assert budget.size() <= budget.max_bytes


# --- a hostile Host header --------------------------------------------------------------


SERVERS = {"development": serving, "production": waitress_serving}


@pytest.mark.parametrize("server", SERVERS)
def test_a_doubled_slash_redirects_to_a_path_never_to_the_requests_host(app, server):
    with SERVERS[server](app) as url:
        answer = get(url, "/lessons//sample?t=3", host="evil.example")
    assert answer.startswith(b"HTTP/1.1 308")
    assert head_fields(answer)["location"] == "/lessons/sample?t=3"


# --- answers keep their headers -----------------------------------------------------------


@pytest.mark.parametrize("path", ["/lessons/sample", "/api/lessons/sample", "/"])
def test_a_method_not_allowed_says_which_are(client, path):
    response = client.post(path)
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert response.headers["Content-Security-Policy"] == HEADERS["Content-Security-Policy"]


TOO_BIG_BODY = "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2000000\r\n\r\n"
WAITRESS_OWN_ANSWERS = {
    "400-malformed": ("GET / HTTP/1.1\r\nHost: localhost\r\nno colon here\r\n\r\n", 400),
    "413-body-too-big": (TOO_BIG_BODY, 413),
    # Just over the 64 KiB allowed: the server reads it all before it answers and closes.
    "431-head-too-big": ("GET / HTTP/1.1\r\nHost: localhost\r\n" + "X: y\r\n" * 11_000, 431),
}


@pytest.mark.parametrize("case", WAITRESS_OWN_ANSWERS)
def test_the_production_servers_own_error_answers_carry_the_security_headers(app, case):
    request, status = WAITRESS_OWN_ANSWERS[case]
    with waitress_serving(app) as url, connect(url) as sock:
        answer = answer_to(sock, request.encode())
    assert re.match(rb"HTTP/1\.[01] %d " % status, answer)  # 1.0 when the head was unread
    fields = head_fields(answer)
    for name, value in HEADERS.items():
        assert fields[name.lower()] == value, name
