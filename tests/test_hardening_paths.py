"""Hostile paths never reach a file outside its folder: the answer is 404 or 400, never a
500 and never the file. Each folder has a secret beside it (and links to it inside it) to
show that nothing outside was read.

Werkzeug answers a doubled slash (`/static//etc/passwd`) with a 308 to the path with one
slash, which is then a 404; the tests follow such redirects and judge the final answer.
"""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SECRET = b"SECRET-CANARY-7f3a"
SECRET_VTT = b"WEBVTT\n\n00:00.000 --> 00:01.000\n" + SECRET + b"\n"
NEVER_SEEN = [SECRET, b"[build-system]", b"root:x:0:0", b"import flask", b"from flask"]
PREFIXES = ["/media/", "/captions/", "/static/", "/lessons/", "/api/lessons/"]
HOSTILE_NAMES = [
    "..",
    "../",
    "../secret.mp4",
    "../../secret.vtt",
    "../../pyproject.toml",
    "..%2fsecret.mp4",
    "..%2F..%2Fpyproject.toml",
    "%2e%2e/%2e%2e/pyproject.toml",
    "%2e%2e%2fsecret.vtt",
    "%252e%252e%252fsecret.vtt",  # double-encoded
    "%c0%ae%c0%ae/secret.vtt",  # overlong UTF-8 dots
    "..\\secret.mp4",
    "..%5csecret.mp4",
    "..%5c..%5cpyproject.toml",
    "....//....//pyproject.toml",
    "/etc/passwd",
    "%2fetc%2fpasswd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "C:\\Windows\\win.ini",
    "sample.mp4%00",
    "sample.mp4%00.vtt",
    "sample%00.vtt",
    "%00",
    "a" * 255 + ".mp4",
    "a" * 5000 + ".vtt",
    "a" * 70000,
    "s%C3%A4mple.mp4",
    "sämple.vtt",
    "%E2%80%AEpm.elpmas",  # right-to-left override
    "%ff%fe.mp4",
    "%",
    "%zz",
    ".hidden.mp4",
    ".hidden.vtt",
    ".git/config",
    ".env",
    "link.mp4",
    "link.vtt",
    "dirlink/secret.mp4",
    "sample.toml",
    "sample.mp4/",
    "sample.mp4/.",
    "sample.mp4::$DATA",
    "CON",
    "aux.vtt",
    "sample.mp4%0d%0aSet-Cookie:%20a=b",
    "~root",
]


@pytest.fixture
def secrets_around(lesson_dirs):
    """A secret file beside each folder, a link to it inside each, and dotfiles inside."""
    captions, media = lesson_dirs
    outside = captions.parent
    (outside / "secret.mp4").write_bytes(SECRET)
    (outside / "secret.vtt").write_bytes(SECRET_VTT)
    (media / "link.mp4").symlink_to(outside / "secret.mp4")
    (captions / "link.vtt").symlink_to(outside / "secret.vtt")
    (media / "dirlink").symlink_to(outside, target_is_directory=True)
    (media / ".hidden.mp4").write_bytes(SECRET)
    (captions / ".hidden.vtt").write_bytes(SECRET_VTT)
    return lesson_dirs


def assert_refused(response):
    assert response.status_code in (400, 404), response.status_code
    for text in NEVER_SEEN:
        assert text not in response.data


@pytest.mark.parametrize("name", HOSTILE_NAMES)
@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_hostile_path_is_404_or_400(client, secrets_around, prefix, name):
    assert_refused(client.get(prefix + name, follow_redirects=True))


@pytest.mark.parametrize(
    "path", ["/media/link.mp4", "/captions/link.vtt", "/media/dirlink/secret.mp4"]
)
def test_a_link_out_of_its_folder_is_not_followed(client, secrets_around, path):
    assert_refused(client.get(path))


@pytest.mark.parametrize("path", ["/media/.hidden.mp4", "/captions/.hidden.vtt"])
def test_a_dotfile_inside_the_folder_is_not_served(client, secrets_around, path):
    assert_refused(client.get(path))


@pytest.mark.parametrize(
    "linked", ["leak.vtt", "leak.chapters.vtt", "leak.callouts.vtt", "leak.toml"]
)
def test_a_lesson_file_linking_out_of_its_folder_is_a_problem_not_content(
    client, secrets_around, linked
):
    captions, media = secrets_around
    outside = captions.parent / "outside.txt"
    outside.write_bytes(SECRET_VTT if linked.endswith(".vtt") else b'title = "SECRET-CANARY-7f3a"')
    if linked != "leak.vtt":
        (captions / "leak.vtt").write_bytes(b"WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n")
    (captions / linked).symlink_to(outside)
    page = client.get("/lessons/leak")
    api = client.get("/api/lessons/leak")
    assert SECRET not in page.data and SECRET not in api.data
    problems = {(p["file"], p["message"]) for p in api.get_json()["problems"]}
    assert (linked, "it links to a file outside its folder; copy the file in") in problems


@pytest.fixture
def static_dir(app, tmp_path):
    """The app's /static served from a folder of our own, with a dotfile and links out."""
    static = tmp_path / "static"
    (static / "js").mkdir(parents=True)
    (static / "js" / "ok.js").write_text("export const ok = 1;\n")
    (static / ".env").write_bytes(SECRET)
    (tmp_path / "secret.js").write_bytes(SECRET)
    (static / "js" / "link.js").symlink_to(tmp_path / "secret.js")
    (static / "up").symlink_to(tmp_path, target_is_directory=True)
    app.static_folder = str(static)
    return static


@pytest.mark.parametrize("path", ["/static/.env", "/static/js/link.js", "/static/up/secret.js"])
def test_static_serves_no_dotfile_and_follows_no_link_out(client, static_dir, path):
    assert_refused(client.get(path))


def test_static_still_serves_its_own_files(client, static_dir):
    response = client.get("/static/js/ok.js")
    assert response.status_code == 200
    assert response.data == b"export const ok = 1;\n"


SERVED = {"/media/": {"sample.mp4"}, "/captions/": {"sample.vtt"}, "/lessons/": {"sample"}}
SERVED["/api/lessons/"] = SERVED["/lessons/"]


@settings(
    max_examples=200, deadline=None, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)  # fmt: skip
@given(prefix=st.sampled_from(sorted(SERVED)), name=st.text(min_size=1, max_size=60))
def test_any_name_is_either_the_file_of_that_name_or_404_or_400(
    client, secrets_around, prefix, name
):
    response = client.get(prefix + quote(name, safe=""), follow_redirects=True)
    if name in SERVED[prefix]:
        assert response.status_code == 200
    else:
        assert_refused(response)
