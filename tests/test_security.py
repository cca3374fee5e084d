"""Security headers on every response."""

import pytest


@pytest.mark.parametrize(
    "path",
    ["/", "/lessons/sample", "/api/lessons", "/media/sample.mp4", "/nope", "/static/js/main.js"],
)
def test_every_response_has_a_strict_csp_and_nosniff(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "object-src 'none'" in csp
    assert "base-uri 'none'" in csp
    assert "frame-ancestors" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"]


@pytest.mark.parametrize("path", ["/lessons/sample", "/api/lessons/sample", "/static/js/main.js"])
def test_gzipped_answers_and_their_304s_keep_the_headers(client, path):
    gzip = {"Accept-Encoding": "gzip"}
    zipped = client.get(path, headers=gzip)
    assert zipped.headers["Content-Encoding"] == "gzip"
    answers = [zipped]
    if "ETag" in zipped.headers:
        answers.append(client.get(path, headers={**gzip, "If-None-Match": zipped.headers["ETag"]}))
        assert answers[-1].status_code == 304
    for answer in answers:
        assert "default-src 'self'" in answer.headers["Content-Security-Policy"]
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
