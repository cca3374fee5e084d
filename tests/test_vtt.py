"""player/vtt.py: WebVTT bytes -> cues, as a browser's TextTrack exposes them."""

from __future__ import annotations

import pickle
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from player.model import Problem, Word
from player.vtt import MAX_WARNINGS, CaptionError, ParsedTrack, format_timestamp, parse_track


def parse(text: str, name: str = "lesson.vtt") -> ParsedTrack:
    return parse_track(textwrap.dedent(text).encode("utf-8"), name)


def only_cue(text: str):
    (cue,) = parse(text).cues
    return cue


def cue_with_payload(payload: str):
    return only_cue(f"WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n{payload}\n")


def only_cue_of(data: bytes):
    (cue,) = parse_track(data, "bytes.vtt").cues
    return cue


# -- times -----------------------------------------------------------------------------------


def test_cue_starting_at_half_a_second_is_exact_milliseconds():
    cue = only_cue("WEBVTT\n\n00:00:01.500 --> 00:00:02.250\nhalf\n")
    assert (cue.start_ms, cue.end_ms) == (1500, 2250)


def test_hours_of_any_width_are_exact():
    cue = only_cue("WEBVTT\n\n123:45:06.789 --> 1000:00:00.001\nlong\n")
    assert (cue.start_ms, cue.end_ms) == (445_506_789, 3_600_000_001)


def test_hours_can_be_left_out():
    cue = only_cue("WEBVTT\n\n01:02.003 --> 59:59.999\nshort\n")
    assert (cue.start_ms, cue.end_ms) == (62_003, 3_599_999)


def test_one_digit_hours_are_hours():
    # the spec reads a first field that is not exactly two digits as hours
    cue = only_cue("WEBVTT\n\n0:00:01.000 --> 1:00:00.000\nx\n")
    assert (cue.start_ms, cue.end_ms) == (1000, 3_600_000)


def test_cue_ending_before_it_starts_is_kept():
    # wpt timings-negative: browsers keep such a cue, with the times as written
    cue = only_cue("WEBVTT\n\n01:00:00.000 --> 00:59:59.999\ntext3\n")
    assert (cue.start_ms, cue.end_ms) == (3_600_000, 3_599_999)


@pytest.mark.parametrize(
    ("timings", "reason"),
    [
        ("00:0:01.000 --> 00:00:02.000", "malformed timestamp '00:0:01.000'"),
        ("00:00:00.0 --> 00:00:02.000", "malformed timestamp '00:00:00.0'"),
        ("00:00:00.0000 --> 00:00:02.000", "malformed timestamp '00:00:00.0000'"),
        ("00:00:60.000 --> 00:00:02.000", "malformed timestamp '00:00:60.000'"),
        ("00:60:00.000 --> 00:00:02.000", "malformed timestamp '00:60:00.000'"),
        ("0:00.000 --> 00:00:02.000", "malformed timestamp '0:00.000'"),
        ("00:00:00,000 --> 00:00:02,000", "malformed timestamp '00:00:00,000'"),
        ("00:00:00.000 --> 00:00:02.00", "malformed timestamp '00:00:02.00'"),
        ("00:00:00.000x --> 00:00:02.000", "expected '-->' after the start time, found 'x'"),
        ("00:00:00.000 -->", "missing timestamp after '-->'"),
        ("--> 00:00:02.000", "missing timestamp before '-->'"),
        ("\v00:00:00.000 --> 00:00:02.000", "malformed timestamp '\\x0b00:00:00.000'"),
    ],
)
def test_malformed_timings_drop_the_cue_with_a_warning(timings, reason):
    track = parse(f"WEBVTT\n\nid\n{timings}\ndropped\n\n00:00:03.000 --> 00:00:04.000\nkept\n")
    assert [cue.text for cue in track.cues] == ["kept"]
    assert track.warnings == (Problem("lesson.vtt", 4, f"cue dropped: {reason}"),)


def test_settings_after_the_end_time_do_not_change_the_cue():
    cue = only_cue("WEBVTT\n\n00:00:01.000 --> 00:00:02.000 align:start line:0\ntext\n")
    assert (cue.start_ms, cue.end_ms, cue.text) == (1000, 2000, "text")


def test_a_time_past_what_webvtt_py_reads_drops_the_cue_with_a_warning():
    track = parse("WEBVTT\n\n10000000000:00:00.000 --> 10000000000:00:01.000\nfar\n")
    assert track.cues == ()
    assert track.warnings == (
        Problem("lesson.vtt", 3, "cue dropped: a time past 9999999999:59:59.999"),
    )


# -- cue text --------------------------------------------------------------------------------


def test_raw_keeps_the_payload_and_text_drops_the_tags():
    cue = cue_with_payload("<c.loud>Hello</c> <i>big</i>\n<b>world</b>")
    assert cue.raw == "<c.loud>Hello</c> <i>big</i>\n<b>world</b>"
    assert cue.text == "Hello big\nworld"


def test_character_references_are_decoded_in_text():
    cue = cue_with_payload("&amp; &lt;b&gt; a&nbsp;b &lrm;&rlm; &#65;&#x42; &copy &notit;")
    assert cue.text == "& <b> a\u00a0b \u200e\u200f AB \u00a9 \u00acit;"
    assert cue.raw == "&amp; &lt;b&gt; a&nbsp;b &lrm;&rlm; &#65;&#x42; &copy &notit;"


@pytest.mark.parametrize(
    ("payload", "text"),
    [
        ("&", "&"),
        ("&&", "&&"),
        ("&1;", "&1;"),
        ("&;", "&;"),
        ("&unknown;", "&unknown;"),
        ("&#;", "&#;"),
        ("&#x;", "&#x;"),
        ("&#0;", "\ufffd"),
        ("&#xD800;", "\ufffd"),
        ("&#x110000;", "\ufffd"),
        ("&#99999999999999999999;", "\ufffd"),
        ("&#x80;", "\u20ac"),
        ("&#x81;", "\x81"),
    ],
)
def test_references_follow_the_html_rules(payload, text):
    assert cue_with_payload(payload).text == text


def test_voice_is_the_name_in_the_first_voice_span():
    cue = cue_with_payload("<v.loud Roger Bingham>We are in New York City</v> <v Neil>Yes")
    assert cue.voice == "Roger Bingham"
    assert cue.text == "We are in New York City Yes"


def test_voice_span_can_start_mid_line():
    # webvtt-py's Caption.voice only looks at the start of the first line
    cue = cue_with_payload("This is a <v foo>test subtitle</v>")
    assert cue.voice == "foo"


def test_voice_name_is_trimmed_collapsed_and_decoded():
    cue = cue_with_payload("<v   Tom &amp;\t Jerry >hi")
    assert cue.voice == "Tom & Jerry"


def test_cue_without_voice_span_has_no_voice():
    assert cue_with_payload("<b>just bold</b> <vv x>").voice is None


def test_timestamp_tags_make_words():
    cue = cue_with_payload("<v Bob>Never <00:00:01.500>drink <00:00:02.000><b>liquid</b> nitrogen.")
    assert cue.words == (
        Word(1000, "Never "),
        Word(1500, "drink "),
        Word(2000, "liquid nitrogen."),
    )


def test_words_join_to_the_text():
    cue = cue_with_payload("a &amp; <00:00:01.200>b<00:01.300> c\nd")
    assert "".join(word.text for word in cue.words) == cue.text == "a & b c\nd"


def test_words_skip_empty_spans():
    cue = cue_with_payload("<00:00:01.000><b>all at once</b><00:00:04.000>")
    assert cue.words == (Word(1000, "all at once"),)


def test_malformed_timestamp_tags_are_ignored():
    cue = cue_with_payload("a<00:00.5>b<00:00:01.500x>c<00:00:02.000>d")
    assert cue.words == (Word(1000, "abc"), Word(2000, "d"))


def test_cue_without_timestamp_tags_has_no_words():
    assert cue_with_payload("<i>plain</i> text").words == ()


def test_text_like_a_comment_inside_a_cue_is_text():
    cue = only_cue("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nNOTE text\nNOTE text2\n")
    assert cue.text == "NOTE text\nNOTE text2"


def test_a_line_with_an_arrow_ends_the_cue_text():
    track = parse(
        """\
        WEBVTT

        00:00:00.000 --> 00:00:01.000
        text1
        00:00:01.000 --> 00:00:02.000
        text2
        """
    )
    assert [(cue.text, cue.start_ms) for cue in track.cues] == [("text1", 0), ("text2", 1000)]


def test_cue_with_no_text_is_kept():
    track = parse("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n\n00:00:01.000 --> 00:00:02.000\nx\n")
    assert [cue.raw for cue in track.cues] == ["", "x"]


# -- ids, order, lines -----------------------------------------------------------------------


def test_cues_are_in_text_track_order_by_start_then_longest_first():
    track = parse(
        """\
        WEBVTT

        00:00:02.000 --> 00:00:03.000
        later

        00:00:01.000 --> 00:00:01.500
        short

        00:00:01.000 --> 00:00:04.000
        long

        00:00:01.000 --> 00:00:04.000
        long, written second
        """
    )
    assert [(cue.index, cue.text, cue.line) for cue in track.cues] == [
        (0, "long", 9),
        (1, "long, written second", 12),
        (2, "short", 6),
        (3, "later", 3),
    ]


def test_ids_are_kept_exactly_and_missing_ids_are_empty():
    track = parse(
        "WEBVTT\n\n leading space\n00:00.000 --> 00:01.000\na\n\n"
        "00:01.000 --> 00:02.000\nb\n\n-- >\n00:02.000 --> 00:03.000\nc\n"
    )
    assert [cue.id for cue in track.cues] == [" leading space", "", "-- >"]


def test_cues_carry_their_index_and_timing_line():
    track = parse(
        """\
        WEBVTT

        NOTE two lines
        of comment

        intro
        00:00:00.000 --> 00:00:01.000
        one

        00:00:01.000 --> 00:00:02.000
        two
        """
    )
    assert [(cue.index, cue.line) for cue in track.cues] == [(0, 7), (1, 10)]


def test_header_line_just_above_the_first_cue_becomes_its_id_as_in_chromium():
    # the spec gives "" here; Chromium keeps the line as the id (wpt header-space, header-tab)
    track = parse("WEBVTT\nKind: captions\n00:00:00.000 --> 00:00:01.000\ntext\n")
    assert [cue.id for cue in track.cues] == ["Kind: captions"]


def test_cue_right_after_a_style_line_has_no_id_as_in_chromium():
    # the spec gives "STYLE"; Chromium reads the line as the start of a style block
    track = parse("WEBVTT\n\nSTYLE\n00:00:00.000 --> 00:00:01.000\na\n")
    assert [cue.id for cue in track.cues] == [""]


def test_style_line_after_the_first_cue_is_an_id():
    track = parse(
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\na\n\nSTYLE\n00:00:01.000 --> 00:00:02.000\nb\n"
    )
    assert [cue.id for cue in track.cues] == ["", "STYLE"]


# -- blocks a browser skips ------------------------------------------------------------------


def test_note_style_and_region_blocks_are_skipped_silently():
    track = parse(
        """\
        WEBVTT

        STYLE
        ::cue { color: yellow }

        REGION
        id:left width:40%

        NOTE a comment
        that runs on

        00:00:00.000 --> 00:00:01.000
        text

        NOTE after the cue
        """
    )
    assert [cue.text for cue in track.cues] == ["text"]
    assert track.warnings == ()


def test_header_lines_are_skipped_silently():
    track = parse("WEBVTT - a title\nKind: captions\nLanguage: en\n\n00:00.000 --> 00:01.000\nx\n")
    assert [cue.text for cue in track.cues] == ["x"]
    assert track.warnings == ()


def test_text_without_timings_is_dropped_with_a_warning():
    track = parse(
        """\
        WEBVTT

        00:00:00.000 --> 00:00:01.000
        text

        more text after an empty line
        """
    )
    assert [cue.text for cue in track.cues] == ["text"]
    assert track.warnings == (
        Problem(
            "lesson.vtt",
            6,
            "text ignored: 'more text after an empty line' starts a block with no cue timings",
        ),
    )


def test_style_block_after_the_first_cue_is_dropped_with_a_warning():
    track = parse("WEBVTT\n\n00:00.000 --> 00:01.000\nx\n\nSTYLE\n::cue { color: red }\n")
    assert track.warnings == (
        Problem("lesson.vtt", 6, "STYLE block ignored: it must come before the first cue"),
    )


def test_warnings_stop_at_a_limit():
    data = b"WEBVTT\n\n" + b"00:00 --> 00:01.000\n\n" * (MAX_WARNINGS + 5)
    warnings = parse_track(data, "many.vtt").warnings
    assert len(warnings) == MAX_WARNINGS + 1
    assert warnings[-1] == Problem("many.vtt", None, "5 more warnings")


# -- the file: encoding, line endings, signature, size ---------------------------------------


def test_cr_crlf_and_lf_all_end_lines():
    data = b"WEBVTT\r\rcr\r00:00.000 --> 00:01.000\rtext0\r\n\r\ncrlf\r\n00:01.000 --> 00:02.000\n"
    data += b"text1\n\r00:02.000 --> 00:03.000\ntext2"
    track = parse_track(data, "endings.vtt")
    assert [(c.id, c.text, c.line) for c in track.cues] == [
        ("cr", "text0", 4),
        ("crlf", "text1", 8),
        ("", "text2", 11),
    ]


def test_nul_becomes_the_replacement_character():
    data = b"WEBVTT\n\n\x00 id\n00:00.000 --> 00:01.000\n\x00text\x002\n"
    cue = only_cue_of(data)
    assert (cue.id, cue.raw, cue.text) == ("\ufffd id", "\ufffdtext\ufffd2", "\ufffdtext\ufffd2")


def test_invalid_utf8_becomes_replacement_characters():
    cue = only_cue_of(b"WEBVTT\n\n00:00.000 --> 00:01.000\na\xffb\xe2\x82c\n")
    assert cue.raw == "a\ufffdb\ufffdc"


def test_one_byte_order_mark_is_skipped():
    cue = only_cue_of(b"\xef\xbb\xbfWEBVTT\n\n00:00.000 --> 00:01.000\nx\n")
    assert cue.text == "x"


def test_vertical_tab_and_form_feed_stay_in_the_text():
    cue = only_cue_of(b"WEBVTT\n\n00:00.000 --> 00:01.000\na\x0bb\x0cc\xe2\x80\xa8d\n")
    assert cue.raw == "a\x0bb\x0cc\u2028d"


@pytest.mark.parametrize(
    "data",
    [
        b"WEBVTT",
        b"WEBVTT\n",
        b"WEBVTT ",
        b"WEBVTT\t",
        b"WEBVTT - Lesson one\n",
        b"WEBVTT\tfile\r\n",
        b"WEBVTT 00:00:00.000 --> 00:00:01.000\ntext",
    ],
)
def test_valid_signatures_without_cues_give_no_cues(data):
    assert parse_track(data, "empty.vtt").cues == ()


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (b"WEBVTTfoo\n", "; it is 'WEBVTTfoo'"),
        (b"WEBVTT\x0c\n", "; it is 'WEBVTT\\x0c'"),
        (b"WEBVTT\xc2\xa0foo\n", "; it is 'WEBVTT\\xa0foo'"),
        (b"webvtt\n", "; it is 'webvtt'"),
        (b"WEBVT\n", "; it is 'WEBVT'"),
        (b"\xef\xbb\xbf\xef\xbb\xbfWEBVTT\n", "; it is '\\ufeffWEBVTT'"),
        (b"00:00.000 --> 00:01.000\ntext\n", "; it is '00:00.000 --> 00:01.000'"),
        (b"", "; the file is empty"),
    ],
)
def test_bad_signature_is_rejected_at_line_1(data, found):
    with pytest.raises(CaptionError) as caught:
        parse_track(data, "bad.vtt")
    error = caught.value
    assert (error.file, error.line) == ("bad.vtt", 1)
    assert error.reason == (
        "not a WebVTT file: the first line must be 'WEBVTT', alone or followed by a space or tab"
        + found
    )


def test_caption_error_reads_as_file_line_reason():
    error = CaptionError("a.vtt", 1, "not a WebVTT file")
    assert str(error) == "a.vtt:1: not a WebVTT file"
    assert error.problem == Problem("a.vtt", 1, "not a WebVTT file")
    assert str(pickle.loads(pickle.dumps(error))) == "a.vtt:1: not a WebVTT file"


def test_file_over_the_size_limit_is_rejected_before_reading():
    with pytest.raises(CaptionError) as caught:
        parse_track(b"WEBVTT\n" + b"x" * 100, "big.vtt", max_bytes=100)
    assert str(caught.value) == "big.vtt: file is 107 bytes; the limit is 100"
    assert caught.value.line is None


def test_file_at_the_size_limit_is_read():
    data = b"WEBVTT\n\n00:00.000 --> 00:01.000\nx\n"
    assert len(parse_track(data, "edge.vtt", max_bytes=len(data)).cues) == 1


# -- format_timestamp ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ms", "text"),
    [
        (0, "00:00:00.000"),
        (62_345, "00:01:02.345"),
        (1500, "00:00:01.500"),
        (360_000_000, "100:00:00.000"),
    ],
)
def test_format_timestamp(ms, text):
    assert format_timestamp(ms) == text


def test_format_timestamp_rejects_negative_times():
    with pytest.raises(ValueError):
        format_timestamp(-1)


@given(st.integers(min_value=0, max_value=10**13), st.integers(min_value=0, max_value=10**13))
def test_formatted_timestamps_read_back_exactly(start, end):
    data = f"WEBVTT\n\n{format_timestamp(start)} --> {format_timestamp(end)}\nx\n".encode()
    cue = only_cue_of(data)
    assert (cue.start_ms, cue.end_ms) == (start, end)


# -- any input -------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "WEBVTT", "\x00", " ", "\t", "\x0c", "\x0b", "-->", " --> ", "--", ">", "<", ".", ":",
        "00:00:01.500", "00:00.000", "0:00:00.000", "99999999999999:00:00.000", "5", "60",
        "NOTE", "STYLE", "REGION", "id", "<v Bob>", "<v", "</v>", "<b>", "<00:00:02.000>",
        "<1", "&amp;", "&", "&#x", "&#12345678901234567890;", "&notit", "\ufeff", "\u2028", "é",
    ]
)  # fmt: skip
_TIMINGS = st.builds(
    "{} --> {}{}".format,
    st.integers(0, 10**8).map(format_timestamp),
    st.integers(0, 10**8).map(format_timestamp),
    st.sampled_from(["", " align:start", "x", "\t-->"]),
)
_LINES = st.lists(st.one_of(_TIMINGS, st.just(""), st.lists(_PIECES, max_size=6).map("".join)))
_NEWLINES = st.sampled_from(["\n", "\r", "\r\n"])
_FILES = st.tuples(_LINES, _NEWLINES).map(lambda file: file[1].join(["WEBVTT", *file[0]]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=400),
        st.binary(max_size=400).map(lambda tail: b"WEBVTT\n" + tail),
        st.lists(_PIECES, max_size=60).map("".join),
        _FILES,
    )
)
def test_any_input_gives_cues_or_a_caption_error(source):
    data = source if isinstance(source, bytes) else source.encode("utf-8")
    try:
        track = parse_track(data, "fuzz.vtt")
    except CaptionError as error:
        assert error.file == "fuzz.vtt"
        return
    order = [(cue.start_ms, -cue.end_ms) for cue in track.cues]
    assert [cue.index for cue in track.cues] == list(range(len(track.cues)))
    assert order == sorted(order)
    assert len({cue.line for cue in track.cues}) == len(track.cues)
    for cue in track.cues:
        assert "-->" not in cue.raw and "\x00" not in cue.raw
        if cue.words:
            assert "".join(word.text for word in cue.words) == cue.text


def test_a_track_with_more_cues_than_the_limit_is_refused_before_parsing():
    data = b"WEBVTT\n\n" + b"00:00.000 --> 00:00.001\nx\n\n" * 11
    with pytest.raises(CaptionError) as caught:
        parse_track(data, "many.vtt", max_cues=10)
    assert str(caught.value) == "many.vtt: file has about 11 cues; the limit is 10 per track"
    assert len(parse_track(data, "many.vtt", max_cues=11).cues) == 11
