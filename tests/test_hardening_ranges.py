"""Byte ranges and conditional GETs of a video, held to RFC 9110 for any header values.

The server's rules, which `expected_answer` below restates from the RFC:
- Preconditions first (§13.2.2): an If-None-Match naming the current ETag, or `*`, is a 304.
- If-Range (§13.1.5) keeps the Range only for exactly the ETag (strong comparison: never a
  `W/` tag, never `*`) or exactly the Last-Modified date; otherwise the whole file, 200.
- Range (§14.1.2, §14.2): `bytes=first-[last]` or `bytes=-suffix`, one range; `last` past
  the end is clamped, a suffix longer than the file is the whole file (206). A first byte at
  or past the end, or a zero suffix, is 416 with `Content-Range: bytes */size`.
- A Range header that is not one well-formed byte range is ignored: 200 and the whole file.
  That covers other units (which a server MUST ignore), invalid syntax, and several ranges
  (a server MAY ignore Range; this one never sends multipart/byteranges).
"""

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

HEADER_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=40)


@pytest.fixture
def video(client, lesson_dirs):
    """The sample video's bytes and the validators the server gives it."""
    data = (lesson_dirs[1] / "sample.mp4").read_bytes()
    headers = client.get("/media/sample.mp4").headers
    return {"data": data, "etag": headers["ETag"], "last_modified": headers["Last-Modified"]}


# --- the oracle: what RFC 9110 (and the choices above) ask for --------------------------

SPEC = re.compile(r"(?:(?P<first>\d+)-(?P<last>\d*)|-(?P<suffix>\d+))")


def number(digits: str) -> float:
    """A position's value; past int()'s 4300-digit limit, more than any file has."""
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) < 4000 else float("inf")


def byte_ranges(header: str) -> list[tuple[str | None, ...]] | None:
    """The range-specs of a `bytes` ranges-specifier, or None if it is not one."""
    unit, equals, range_set = header.partition("=")
    if not equals or unit.lower() != "bytes" or not re.fullmatch(r"[!#$%&'*+.^_`|~\w-]+", unit):
        return None
    items = [item.strip(" \t") for item in range_set.split(",")]
    specs = [SPEC.fullmatch(item) for item in items if item]
    if not specs or not all(specs):
        return None
    ranges = [(m["first"], m["last"] or None, m["suffix"]) for m in specs]
    if any(
        f is not None and last is not None and number(last) < number(f) for f, last, _ in ranges
    ):
        return None
    return ranges


def none_match(header: str | None, etag: str) -> bool:
    if header is None:
        return False
    tags = [tag.strip() for tag in header.split(",")]
    return "*" in tags or etag in tags or f"W/{etag}" in tags


def expected_answer(size, etag, last_modified, *, range_, if_range, if_none_match):
    """(status, (first, last) or None) as RFC 9110 asks."""
    if none_match(if_none_match, etag):
        return 304, None
    if range_ is None:
        return 200, None
    if if_range is not None and if_range.strip() not in (etag, last_modified):
        return 200, None
    ranges = byte_ranges(range_)
    if ranges is None or len(ranges) != 1:
        return 200, None
    first, last, suffix = ranges[0]
    if suffix is not None:
        if number(suffix) == 0:
            return 416, None
        return 206, (max(0, size - number(suffix)), size - 1)
    if number(first) >= size:
        return 416, None
    return 206, (number(first), size - 1 if last is None else min(number(last), size - 1))


# --- header generators --------------------------------------------------------------------


@st.composite
def positions(draw, size):
    """Byte positions as a client might write them: near the edges, with leading zeros,
    or far too long for any file (over Python's 4300-digit int() limit too)."""
    kind = draw(st.sampled_from(["edge", "any", "zeros", "huge", "enormous"]))
    if kind == "edge":
        return str(draw(st.sampled_from([0, 1, size - 2, size - 1, size, size + 1])))
    if kind == "any":
        return str(draw(st.integers(0, 2 * size)))
    if kind == "zeros":
        return "0" * draw(st.integers(1, 25)) + str(draw(st.integers(0, size)))
    if kind == "huge":
        return str(draw(st.integers(2**63 - 2, 2**80)))
    return "9" * 5000


@st.composite
def range_headers(draw, size):
    def spec():
        return st.one_of(
            st.tuples(positions(size), st.just("-"), positions(size) | st.just("")).map("".join),
            positions(size).map(lambda n: "-" + n),
            HEADER_TEXT.filter(lambda s: "," not in s),
        )

    unit = draw(st.sampled_from(["bytes", "bytes", "bytes", "Bytes", "BYTES", "pages", "", "b"]))
    specs = draw(st.lists(spec(), min_size=1, max_size=3))
    separators = draw(st.lists(st.sampled_from([",", ", ", " ,", ",,", ",\t"]), min_size=2))
    joined = specs[0] + "".join(s + sep for s, sep in zip(specs[1:], separators, strict=False))
    trailing = draw(st.sampled_from(["", "", ",", " "]))
    return draw(st.sampled_from(["=", "=", " = "])).join([unit, joined + trailing])


def validator_headers(video, *, for_if_range: bool):
    etag = video["etag"]
    listed = [etag, f"W/{etag}", '"other"', 'W/"other"']
    plain = [etag, f"W/{etag}", '"other"', "*", video["last_modified"]]
    plain.append("Thu, 01 Jan 1970 00:00:00 GMT")
    if for_if_range:
        return st.none() | st.sampled_from(plain) | HEADER_TEXT
    lists = st.lists(st.sampled_from(listed), min_size=1, max_size=3).map(", ".join)
    garbage = HEADER_TEXT.filter(lambda s: not set(s) & set('*"'))
    return st.none() | st.sampled_from(plain) | lists | garbage


@st.composite
def requests(draw, video):
    size = len(video["data"])
    return {
        "range_": draw(st.none() | range_headers(size) | HEADER_TEXT),
        "if_range": draw(validator_headers(video, for_if_range=True)),
        "if_none_match": draw(validator_headers(video, for_if_range=False)),
    }


# --- the properties -----------------------------------------------------------------------


def fetch(client, range_=None, if_range=None, if_none_match=None):
    sent = {"Range": range_, "If-Range": if_range, "If-None-Match": if_none_match}
    return client.get("/media/sample.mp4", headers={k: v for k, v in sent.items() if v})


def assert_answer(response, video, expected):
    data, size = video["data"], len(video["data"])
    status, span = expected
    assert response.status_code == status
    if status == 200:
        assert response.data == data
    elif status == 206:
        first, last = span
        assert response.headers["Content-Range"] == f"bytes {first}-{last}/{size}"
        assert response.headers["Content-Length"] == str(last - first + 1)
        assert response.data == data[first : last + 1]
    elif status == 416:
        assert response.headers["Content-Range"] == f"bytes */{size}"
    else:
        assert response.data == b""
        assert response.headers["ETag"] == video["etag"]


# derandomize: the same 300 cases every run. Random runs failed about one in ten with
# Hypothesis's FlakyStrategyDefinition (its replay of a case drew differently), not with a
# wrong answer from the server.
@settings(
    max_examples=300, deadline=None, database=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
@given(data=st.data())
def test_any_range_and_validators_get_200_206_304_or_416_with_exactly_the_rfc_bytes(
    client, video, data
):
    request = {name: value or None for name, value in data.draw(requests(video)).items()}
    size = len(video["data"])
    expected = expected_answer(size, video["etag"], video["last_modified"], **request)
    response = fetch(client, **request)
    assert response.status_code in (200, 206, 304, 416)
    assert_answer(response, video, expected)


# --- the same rules, one case each --------------------------------------------------------


@pytest.mark.parametrize(
    ("range_", "first", "last"),
    [
        ("bytes=0-0", 0, 0),
        ("bytes=10-19", 10, 19),
        ("bytes=10-", 10, None),
        ("bytes=-1", -1, None),
        ("bytes=-100000000", 0, None),  # a suffix longer than the file is all of it
        ("bytes=0-99999999999999999999999", 0, None),  # last past the end is clamped
        ("BYTES=007-0009", 7, 9),  # the unit is case-insensitive; leading zeros are digits
        ("bytes=3-4,", 3, 4),  # an empty list element is ignored (§5.6.1.2)
    ],
)
def test_one_satisfiable_byte_range_is_206_with_the_slice(client, video, range_, first, last):
    size = len(video["data"])
    first = first if first >= 0 else size + first
    last = size - 1 if last is None else last
    assert_answer(fetch(client, range_), video, (206, (first, last)))


@pytest.mark.parametrize(
    "range_", ["bytes=-0", "bytes={size}-", "bytes={size}-{size}", "bytes={huge}-"]
)
def test_an_unsatisfiable_byte_range_is_416_with_the_size(client, video, range_):
    range_ = range_.format(size=len(video["data"]), huge="9" * 5000)
    assert_answer(fetch(client, range_), video, (416, None))


@pytest.mark.parametrize(
    "range_",
    [
        "bytes=0-1,5-9",  # several ranges: no multipart/byteranges here
        "bytes=0-0,-1",
        "bytes=0-1,0-1",
        "pages=0-10",  # another unit MUST be ignored
        "bytes=5-2",  # last before first is invalid
        "bytes=abc",
        "bytes=",
        "bytes=1-2-3",
        "bytes=--5",
        "bytes = 0-5",  # no whitespace around "=" in the grammar
        "bytes=+5-9",
        "bytes=٣-٤",  # Arabic-Indic digits are not DIGITs
        "=0-5",
    ],
)
def test_a_range_that_is_not_one_byte_range_is_ignored(client, video, range_):
    assert_answer(fetch(client, range_), video, (200, None))


@pytest.mark.parametrize(
    ("if_range", "status"),
    [
        ("{etag}", 206),
        ("{last_modified}", 206),
        ("W/{etag}", 200),  # If-Range compares strongly: a weak tag never matches
        ('"other"', 200),
        ("*", 200),
        ("Thu, 01 Jan 2099 00:00:00 GMT", 200),  # a later date is not the date
        ("not a validator", 200),
    ],
)
def test_if_range_keeps_the_range_only_for_the_exact_validator(client, video, if_range, status):
    if_range = if_range.format(**video)
    expected = (206, (0, 9)) if status == 206 else (200, None)
    assert_answer(fetch(client, "bytes=0-9", if_range=if_range), video, expected)


@pytest.mark.parametrize("if_none_match", ["{etag}", "W/{etag}", "*", '"a", {etag}'])
def test_if_none_match_with_the_current_etag_is_304_even_for_a_range(client, video, if_none_match):
    if_none_match = if_none_match.format(**video)
    response = fetch(client, "bytes=0-9", if_none_match=if_none_match)
    assert_answer(response, video, (304, None))


def test_if_none_match_with_another_etag_still_gets_the_range(client, video):
    response = fetch(client, "bytes=0-9", if_none_match='"other"')
    assert_answer(response, video, (206, (0, 9)))


def test_head_of_a_range_has_the_headers_and_no_body(client, video):
    response = client.head("/media/sample.mp4", headers={"Range": "bytes=5-14"})
    assert response.status_code == 206
    assert response.headers["Content-Range"] == f"bytes 5-14/{len(video['data'])}"
    assert response.headers["Content-Length"] == "10"
    assert response.data == b""


def test_captions_follow_the_same_range_rules(client, lesson_dirs):
    text = (lesson_dirs[0] / "sample.vtt").read_bytes()
    response = client.get("/captions/sample.vtt", headers={"Range": "bytes=-3"})
    assert response.status_code == 206
    assert response.headers["Content-Type"] == "text/vtt; charset=utf-8"
    assert response.data == text[-3:]


@example(range_="bytes=-0")
@settings(max_examples=50, deadline=None, database=None)
@given(range_=HEADER_TEXT)
def test_the_range_parser_never_raises(range_):
    from player.files import UNSATISFIABLE, requested_span

    span = requested_span(range_, 1000)
    assert span is None or span == UNSATISFIABLE or 0 <= span[0] <= span[1] < 1000


def test_a_range_answer_dropped_without_close_still_closes_its_file(app, lesson_dirs):
    """Werkzeug's development server can skip close() when a browser resets the connection."""
    import gc

    from player.files import send_ranged

    with app.test_request_context(headers={"Range": "bytes=0-9"}):
        response = send_ranged(lesson_dirs[1] / "sample.mp4", "video/mp4", max_age=0)
    file = response.response.file
    iter(response.response).__next__()
    del response
    gc.collect()
    assert file.closed
