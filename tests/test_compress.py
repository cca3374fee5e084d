"""Gzip for pages, the JSON API and static/ scripts, styles and SVG when the browser accepts
it; media, tracks and any answer to a Range request never are."""

import gzip
import os
import shutil

import pytest

import player.api
import player.compress

GZIP = {"Accept-Encoding": "gzip, deflate, br"}
# No comment and no indentation: served exactly as written (player/lean_code.py)
SCRIPT = ("export function tick(now) {\nreturn now * 2;\n}\n" * 60).encode()


def gzip_etag(plain_etag: str) -> str:
    return plain_etag[:-1] + '-gz"'


def count_compressions(monkeypatch, module) -> list:
    """Every body `module` gzips from now on, in order."""
    made = []
    compress = player.compress.gzip_bytes

    def counting(body):
        made.append(body)
        return compress(body)

    monkeypatch.setattr(module, "gzip_bytes", counting)
    return made


# --- pages ---------------------------------------------------------------------------


def test_a_lesson_page_is_gzipped_when_the_browser_accepts_it(client):
    plain = client.get("/lessons/sample").data
    response = client.get("/lessons/sample", headers=GZIP)
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert gzip.decompress(response.data) == plain
    assert int(response.headers["Content-Length"]) == len(response.data) < len(plain)


def test_without_accept_encoding_the_page_is_plain_and_says_it_varies(client):
    response = client.get("/lessons/sample")
    assert "Content-Encoding" not in response.headers
    assert response.data.startswith(b"<!doctype html>")
    # A shared cache must not hand this plain copy to a browser that asked for gzip.
    assert "Accept-Encoding" in response.headers["Vary"]


def test_a_browser_refusing_gzip_gets_it_plain(client):
    response = client.get("/lessons/sample", headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in response.headers


def test_gzip_output_has_no_timestamp_so_the_same_page_gives_the_same_bytes(client):
    first = client.get("/lessons/sample", headers=GZIP).data
    assert first[4:8] == b"\0\0\0\0"  # MTIME, RFC 1952 section 2.3
    assert client.get("/lessons/sample", headers=GZIP).data == first


# --- the JSON API --------------------------------------------------------------------


def test_a_large_page_is_gzipped_once_while_it_stays_the_same(client, lesson_dirs, monkeypatch):
    # A long transcript makes the page large; the page is made and gzipped once per version.
    made = count_compressions(monkeypatch, player.compress)
    pages = {client.get("/lessons/sample", headers=GZIP).data for _ in range(3)}
    assert len(made) == 1 and len(pages) == 1
    (lesson_dirs[0] / "sample.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nNew text\n")
    changed = client.get("/lessons/sample", headers=GZIP).data
    assert len(made) == 2
    assert b"New text" in gzip.decompress(changed)


def test_lesson_json_is_gzipped_with_its_own_strong_etag(client):
    plain = client.get("/api/lessons/sample")
    zipped = client.get("/api/lessons/sample", headers=GZIP)
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    assert int(zipped.headers["Content-Length"]) == len(zipped.data) < len(plain.data)
    assert zipped.headers["ETag"] == gzip_etag(plain.headers["ETag"])
    assert not zipped.headers["ETag"].startswith("W/")
    assert "Content-Encoding" not in plain.headers
    assert "Accept-Encoding" in plain.headers["Vary"]
    assert "Accept-Encoding" in zipped.headers["Vary"]


@pytest.mark.parametrize("accept", [GZIP, {}], ids=["asking-gzip", "asking-plain"])
@pytest.mark.parametrize("held", ["plain", "gzipped"])
def test_lesson_json_is_304_for_either_etag_naming_the_copy_held(client, accept, held):
    plain_etag = client.get("/api/lessons/sample").headers["ETag"]
    etag = plain_etag if held == "plain" else gzip_etag(plain_etag)
    response = client.get("/api/lessons/sample", headers={**accept, "If-None-Match": etag})
    assert response.status_code == 304
    assert response.headers["ETag"] == etag
    assert response.headers["Vary"] == "Accept-Encoding"
    assert response.data == b""


def test_lesson_json_is_gzipped_once_per_version_of_the_lesson(client, lesson_dirs, monkeypatch):
    made = count_compressions(monkeypatch, player.api)
    bodies = {client.get("/api/lessons/sample", headers=GZIP).data for _ in range(3)}
    assert len(made) == 1 and len(bodies) == 1
    (lesson_dirs[0] / "sample.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nNew\n" * 40)
    response = client.get("/api/lessons/sample", headers=GZIP)
    assert len(made) == 2
    assert b'"text":"New"' in gzip.decompress(response.data)


def test_a_client_without_gzip_never_costs_a_compression(client, monkeypatch):
    made = count_compressions(monkeypatch, player.api)
    assert client.get("/api/lessons/sample").status_code == 200
    assert made == []


def test_the_lesson_list_is_gzipped(client, lesson_dirs):
    captions = lesson_dirs[0]
    for n in range(6):  # enough lessons for a list worth compressing
        shutil.copy(captions / "sample.vtt", captions / f"copy-{n}.vtt")
    plain = client.get("/api/lessons")
    zipped = client.get("/api/lessons", headers=GZIP)
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    assert "Accept-Encoding" in plain.headers["Vary"]


# --- static files --------------------------------------------------------------------


@pytest.fixture
def static(app, tmp_path):
    """The app's /static served from a folder of the test's own."""
    folder = tmp_path / "static"
    (folder / "js").mkdir(parents=True)
    (folder / "js" / "tick.js").write_bytes(SCRIPT)
    (folder / "js" / "tiny.js").write_bytes(b"export const x = 1;\n")
    (folder / "style.css").write_bytes(b"body { margin: 0 }\n" * 100)
    (folder / "icon.svg").write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>' * 30)
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 4000)
    app.static_folder = str(folder)
    return folder


@pytest.mark.parametrize("path", ["js/tick.js", "style.css", "icon.svg"])
def test_scripts_styles_and_svg_are_gzipped_like_the_file_they_are(client, static, path):
    plain = client.get(f"/static/{path}")
    zipped = client.get(f"/static/{path}", headers=GZIP)
    assert zipped.status_code == 200
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == (static / path).read_bytes() == plain.data
    assert int(zipped.headers["Content-Length"]) == len(zipped.data) < len(plain.data)
    for same in ("Content-Type", "Cache-Control", "Last-Modified"):
        assert zipped.headers[same] == plain.headers[same]
    assert zipped.headers["ETag"].endswith('-gz"') and not zipped.headers["ETag"].startswith("W/")
    assert zipped.headers["ETag"] != plain.headers["ETag"]
    assert "Accept-Ranges" not in zipped.headers  # ranges are of the plain file only
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert "Accept-Encoding" in plain.headers["Vary"]
    assert "Content-Encoding" not in plain.headers


def test_a_gzipped_static_file_is_304_for_its_etag_or_its_date(client, static):
    zipped = client.get("/static/js/tick.js", headers=GZIP)
    for condition in (
        {"If-None-Match": zipped.headers["ETag"]},
        {"If-Modified-Since": zipped.headers["Last-Modified"]},
    ):
        response = client.get("/static/js/tick.js", headers={**GZIP, **condition})
        assert response.status_code == 304, condition
        assert response.data == b""
        assert response.headers["ETag"] == zipped.headers["ETag"]
        assert "Accept-Encoding" in response.headers["Vary"]


def test_the_plain_etag_does_not_validate_the_gzipped_file(client, static):
    plain_etag = client.get("/static/js/tick.js").headers["ETag"]
    response = client.get("/static/js/tick.js", headers={**GZIP, "If-None-Match": plain_etag})
    assert response.status_code == 200
    assert gzip.decompress(response.data) == SCRIPT


def test_a_static_file_is_gzipped_once_per_version(client, static, monkeypatch):
    made = count_compressions(monkeypatch, player.compress)
    first = client.get("/static/js/tick.js", headers=GZIP)
    for _ in range(3):
        assert client.get("/static/js/tick.js", headers=GZIP).data == first.data
    assert made == [SCRIPT]
    edited = SCRIPT + b"export const edited = true;\n"
    (static / "js" / "tick.js").write_bytes(edited)
    later = os.stat(static / "js" / "tick.js").st_mtime + 5
    os.utime(static / "js" / "tick.js", (later, later))
    response = client.get(
        "/static/js/tick.js", headers={**GZIP, "If-None-Match": first.headers["ETag"]}
    )
    assert response.status_code == 200
    assert gzip.decompress(response.data) == edited
    assert response.headers["ETag"] != first.headers["ETag"]
    assert made == [SCRIPT, edited]


def test_scripts_and_styles_are_sent_without_their_comments_on_the_same_lines(client, static):
    (static / "js" / "noted.js").write_text(
        "// Why this is so.\nexport const a = 1; // one\n/* b */ export const b = 2;\n"
    )
    (static / "noted.css").write_text("/* The look. */\nbody { margin: 0 } /* none */\n")
    for zipped in (False, True):
        response = client.get("/static/js/noted.js", headers=GZIP if zipped else {})
        assert response.data == b"\nexport const a = 1;\n export const b = 2;\n"
        assert client.get("/static/noted.css").data == b"\nbody { margin: 0 }\n"


def test_a_range_request_for_a_script_gets_the_plain_bytes(client, static):
    response = client.get("/static/js/tick.js", headers={**GZIP, "Range": "bytes=0-5"})
    assert response.status_code == 206
    assert response.data == SCRIPT[:6]
    assert "Content-Encoding" not in response.headers


def test_a_tiny_script_is_not_worth_gzipping(client, static):
    response = client.get("/static/js/tiny.js", headers=GZIP)
    assert response.data == b"export const x = 1;\n"
    assert "Content-Encoding" not in response.headers


def test_images_under_static_are_never_compressed(client, static):
    response = client.get("/static/photo.jpg", headers=GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert "Vary" not in response.headers


def test_a_missing_static_file_is_still_404(client, static):
    assert client.get("/static/js/nope.js", headers=GZIP).status_code == 404
    assert client.get("/static/js", headers=GZIP).status_code == 404


# --- never compressed ----------------------------------------------------------------


@pytest.mark.parametrize("path", ["/media/sample.mp4", "/captions/sample.vtt"])
def test_media_and_tracks_are_never_compressed(client, path):
    whole = client.get(path, headers=GZIP)
    assert whole.status_code == 200
    assert "Content-Encoding" not in whole.headers
    assert "Vary" not in whole.headers
    part = client.get(path, headers={**GZIP, "Range": "bytes=0-9"})
    assert part.status_code == 206
    assert "Content-Encoding" not in part.headers
    assert part.data == whole.data[:10]
