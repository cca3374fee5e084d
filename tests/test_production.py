"""`lesson-player serve --production`: waitress serving the player, set up for video."""

import gzip
import http.client
import os
import signal
import socket
import time
import urllib.request

import pytest
from serverproc import REPO, production_server

from player.compress import shipped_bytes
from player.production import SETTINGS

BIG_BYTES = 64 * 2**20  # more than waitress buffers for a connection before it waits


@pytest.fixture
def big_lesson(tmp_path):
    """A lesson whose video (sparse, so instant to make) is bigger than any send buffer."""
    captions, media = tmp_path / "captions", tmp_path / "media"
    captions.mkdir()
    media.mkdir()
    (captions / "big.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nBig\n")
    with open(media / "big.mp4", "wb") as video:
        video.write(b"START")
        video.truncate(BIG_BYTES)
    return captions, media


def get(url: str, headers=None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


def test_production_server_serves_pages_api_and_ranges(big_lesson):
    with production_server(*big_lesson) as server:
        assert get(server.url + "/lessons/big")[0] == 200
        assert get(server.url + "/api/lessons/big")[0] == 200
        status, headers, body = get(server.url + "/media/big.mp4", {"Range": "bytes=1-3"})
    assert (status, headers["Content-Range"], body) == (206, f"bytes 1-3/{BIG_BYTES}", b"TAR")


def test_production_server_sends_gzipped_json_and_scripts_whole(big_lesson):
    gzip_ok = {"Accept-Encoding": "gzip"}
    cues = "".join(
        f"\n00:{n:02d}.000 --> 00:{n:02d}.500\nLine {n} of the lesson.\n" for n in range(60)
    )
    (big_lesson[0] / "big.vtt").write_text("WEBVTT\n" + cues)  # a body worth compressing
    with production_server(*big_lesson) as server:
        plain_json = get(server.url + "/api/lessons/big")[2]
        _, json_headers, json_body = get(server.url + "/api/lessons/big", gzip_ok)
        _, script_headers, script_body = get(server.url + "/static/js/main.js", gzip_ok)
    assert json_headers["Content-Encoding"] == script_headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(json_body) == plain_json
    script = (REPO / "static" / "js" / "main.js").read_bytes()
    assert gzip.decompress(script_body) == shipped_bytes(script, ".js")
    assert int(script_headers["Content-Length"]) == len(script_body)


def test_production_server_sends_security_headers_and_its_own_name(big_lesson):
    with production_server(*big_lesson) as server:
        _, headers, _ = get(server.url + "/")
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Server"] == "lesson-player"


@pytest.mark.parametrize("range_", ["bytes={i}-", None])
def test_viewers_who_stop_reading_hold_no_worker_thread(big_lesson, range_):
    """A browser stops reading a video once its buffer is full. Twice as many such
    viewers as there are threads, and the server still answers at once."""
    with production_server(*big_lesson) as server:
        address = ("127.0.0.1", int(server.url.rsplit(":", 1)[1]))
        stalled = []
        for i in range(2 * SETTINGS["threads"]):
            sock = socket.create_connection(address)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            lines = ["GET /media/big.mp4 HTTP/1.1", "Host: localhost"]
            lines += [f"Range: {range_.format(i=i)}"] if range_ else []
            sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
            stalled.append(sock)
        try:
            assert get(server.url + "/api/lessons")[0] == 200
        finally:
            for sock in stalled:
                sock.close()


def test_ctrl_c_stops_the_production_server_cleanly(big_lesson):
    with production_server(*big_lesson) as server:
        connection = http.client.HTTPConnection("127.0.0.1", int(server.url.rsplit(":", 1)[1]))
        connection.request("GET", "/")
        assert connection.getresponse().status == 200
        connection.close()
        os.kill(server.process.pid, signal.SIGINT)
        assert server.process.wait(10) == 0


def test_the_server_loads_every_lesson_as_it_starts(big_lesson):
    captions, media = big_lesson
    (captions / "second.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nSecond\n")
    with production_server(captions, media) as server:
        assert get(server.url + "/lessons/big")[0] == 200  # answering from the start
        deadline = time.monotonic() + 20
        while not any("Warmed up: 2 lesson(s)" in line for line in server.output):
            assert time.monotonic() < deadline, "".join(server.output)
            time.sleep(0.05)


def test_after_the_warm_up_a_request_loads_nothing(app, client, lesson_dirs, monkeypatch):
    from player import lessons
    from player.warmup import warm_up

    # Files older than the file system's clock tick (a lesson written a moment ago is
    # loaded again rather than trusted: LessonLibrary._unchanged).
    hour_ago = time.time() - 3600
    for folder in lesson_dirs:
        for path in folder.iterdir():
            os.utime(path, (hour_ago, hour_ago))
    warm_up(app).join(10)

    def no_more_loading(*args, **kwargs):
        raise AssertionError("a lesson was loaded again")

    monkeypatch.setattr(lessons, "load_lesson", no_more_loading)
    monkeypatch.setattr("player.transcript.build", no_more_loading)
    assert client.get("/lessons/sample").status_code == 200
