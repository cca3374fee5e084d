"""Media with HTTP byte ranges, caption files, and paths that must not leave their folder."""

import pytest


@pytest.fixture
def video_bytes(lesson_dirs):
    return (lesson_dirs[1] / "sample.mp4").read_bytes()


def test_whole_video_is_200_with_accept_ranges_etag_and_type(client, video_bytes):
    response = client.get("/media/sample.mp4")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "video/mp4"
    assert response.headers["Accept-Ranges"] == "bytes"
    assert response.headers["ETag"]
    assert response.headers["Last-Modified"]
    assert response.data == video_bytes


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [("bytes=0-99", 0, 99), ("bytes=100-", 100, None), ("bytes=-50", -50, None)],
)
def test_range_request_is_206_with_exactly_the_slice(client, video_bytes, header, first, last):
    response = client.get("/media/sample.mp4", headers={"Range": header})
    size = len(video_bytes)
    start = first if first >= 0 else size + first
    end = last if last is not None else size - 1
    assert response.status_code == 206
    assert response.headers["Content-Range"] == f"bytes {start}-{end}/{size}"
    assert response.data == video_bytes[start : end + 1]


def test_range_end_past_the_file_is_clamped(client, video_bytes):
    response = client.get("/media/sample.mp4", headers={"Range": "bytes=10-999999999"})
    assert response.status_code == 206
    assert response.data == video_bytes[10:]


def test_range_past_end_is_416_with_the_size(client, video_bytes):
    size = len(video_bytes)
    response = client.get("/media/sample.mp4", headers={"Range": f"bytes={size}-"})
    assert response.status_code == 416
    assert response.headers["Content-Range"] == f"bytes */{size}"


@pytest.mark.parametrize("header", ["bytes=abc", "pages=0-10", "bytes=5-2", "bytes="])
def test_malformed_range_is_ignored_and_the_whole_file_sent(client, video_bytes, header):
    response = client.get("/media/sample.mp4", headers={"Range": header})
    assert response.status_code in (200, 416)
    if response.status_code == 200:
        assert response.data == video_bytes


def test_if_range_with_a_stale_etag_sends_the_whole_file(client, video_bytes):
    response = client.get("/media/sample.mp4", headers={"Range": "bytes=0-9", "If-Range": '"old"'})
    assert response.status_code == 200
    assert response.data == video_bytes


def test_if_none_match_with_the_current_etag_is_304(client):
    etag = client.get("/media/sample.mp4").headers["ETag"]
    response = client.get("/media/sample.mp4", headers={"If-None-Match": etag})
    assert response.status_code == 304


def test_captions_are_served_as_text_vtt_utf8(client, lesson_dirs):
    response = client.get("/captions/sample.vtt")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/vtt; charset=utf-8"
    assert response.data == (lesson_dirs[0] / "sample.vtt").read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "/media/../captions/sample.vtt",
        "/media/..%2Fcaptions%2Fsample.vtt",
        "/media/%2e%2e%2fsample.vtt",
        "/media/..%5Csample.mp4",
        "/media/sample.mp4%00.vtt",
        "/media/.hidden.mp4",
        "/media/" + "a" * 5000 + ".mp4",
        "/media/s%C3%A4mple.mp4",
        "/media/sample.toml",
        "/captions/sample.toml",
        "/captions/../../etc/passwd",
        "/captions/%2Fetc%2Fpasswd.vtt",
        "/captions/sample.mp4",
    ],
)
def test_hostile_paths_never_reach_a_file_outside_its_folder(client, path):
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert b"root:" not in response.data


def test_a_symlink_out_of_the_media_folder_is_not_followed(client, lesson_dirs, tmp_path):
    secret = tmp_path / "secret.mp4"
    secret.write_bytes(b"secret")
    (lesson_dirs[1] / "link.mp4").symlink_to(secret)
    assert client.get("/media/link.mp4").status_code == 404
