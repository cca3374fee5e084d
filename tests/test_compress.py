"""Pages are gzipped for browsers that accept it; files with byte ranges never are."""

import gzip


def test_a_lesson_page_is_gzipped_when_the_browser_accepts_it(client):
    plain = client.get("/lessons/sample").data
    response = client.get("/lessons/sample", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert gzip.decompress(response.data) == plain
    assert int(response.headers["Content-Length"]) == len(response.data) < len(plain)


def test_without_accept_encoding_the_page_is_plain(client):
    response = client.get("/lessons/sample")
    assert "Content-Encoding" not in response.headers
    assert response.data.startswith(b"<!doctype html>")


def test_a_browser_refusing_gzip_gets_it_plain(client):
    response = client.get("/lessons/sample", headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in response.headers


def test_media_and_tracks_are_never_compressed(client):
    for path in ["/media/sample.mp4", "/captions/sample.vtt"]:
        response = client.get(path, headers={"Accept-Encoding": "gzip", "Range": "bytes=0-9"})
        assert response.status_code == 206
        assert "Content-Encoding" not in response.headers
        assert len(response.data) == 10
