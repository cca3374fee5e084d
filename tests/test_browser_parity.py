"""parse_track gives the cues Chromium's TextTrack gives, file by file.

Each file is served and loaded by a `<track>` in one page session; the cues' id, times, text
(`VTTCue.text` is the raw payload), plain text (`getCueAsHTML().textContent`), voice (the first
voice span's title) and words (the text between timestamp nodes) are compared with ours.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_wpt_conformance import CORPUS, unescape

from player.model import Word
from player.vtt import CaptionError, parse_track

pytestmark = pytest.mark.browser

READ_TRACKS = """async (urls) => {
  const seen = {};
  for (const [name, url] of Object.entries(urls)) {
    const video = document.createElement('video');
    const element = document.createElement('track');
    element.kind = 'metadata';
    element.default = true;
    element.src = url;
    video.append(element);
    document.body.append(video);
    element.track.mode = 'hidden';
    const event = await Promise.race([
      new Promise((done) => { element.onload = () => done('load'); }),
      new Promise((done) => { element.onerror = () => done('error'); }),
      new Promise((done) => setTimeout(() => done('timeout'), 5000)),
    ]);
    const cues = Array.from(element.track.cues || [], (cue) => {
      const html = cue.getCueAsHTML();
      const voices = Array.from(html.querySelectorAll('span[title]'), (span) =>
        span.title.replace(/[ \\t\\n\\f\\r]+/g, ' ').trim()).filter(Boolean);
      const spans = [[null, '']];
      const walk = (node) => {
        for (const child of node.childNodes) {
          if (child.nodeType === Node.TEXT_NODE) spans[spans.length - 1][1] += child.data;
          else if (child.nodeType === Node.PROCESSING_INSTRUCTION_NODE) {
            spans.push([child.data, '']);
          }
          else walk(child);
        }
      };
      walk(html);
      return {id: cue.id, start: cue.startTime, end: cue.endTime, text: cue.text,
              plain: html.textContent, voice: voices[0] || null, spans};
    });
    seen[name] = {event, cues};
    video.remove();
  }
  return seen;
}"""

# Cases beyond the corpus, each a rule where webvtt-py, the spec or a naive reader could differ.
CUE = b"\n00:00.000 --> 00:01.000\n"
TEXT = b"WEBVTT\n" + CUE
EDGE_CASES = {
    "header line above the first cue is its id": b"WEBVTT\nKind: captions" + CUE + b"x",
    "two header lines above the first cue": b"WEBVTT\nKind: captions\nLanguage: en" + CUE + b"x",
    "cue right after STYLE has no id": b"WEBVTT\n\nSTYLE" + CUE + b"x",
    "REGION is an id": b"WEBVTT\n\nREGION" + CUE + b"x",
    "third line of a comment is an id": b"WEBVTT\n\nNOTE a\nb\nc" + CUE + b"x",
    "line before a STYLE block is an id": b"WEBVTT\n\nfoo\nSTYLE\n::cue{}\n" + CUE + b"x",
    "STYLE after the first cue is an id": TEXT + b"a\n\nSTYLE" + CUE + b"b",
    "two id lines": TEXT + b"a\n\nid1\nid2" + CUE + b"b",
    "cues in text track order": (
        b"WEBVTT\n\n00:02.000 --> 00:03.000\nc\n\n00:01.000 --> 00:01.500\nb\n\n"
        b"00:01.000 --> 00:04.000\na"
    ),
    "empty payload": TEXT + CUE + b"x",
    "settings glued to the end time": b"WEBVTT\n\n00:00.000 --> 00:01.000x\ny",
    "CR line endings": b"WEBVTT\rfoo\r\r00:00.000 --> 00:01.000\rx\r\n\n\r"
    + b"00:01.000 --> 00:02.000\n\ry",
    "invalid UTF-8": TEXT + b"\xc0\xaf \xed\xa0\x80 \xf0\x9f\x98 \xe2\x82 \xff a\xf4\x90\x80\x80b",
    "VT FF and U+2028 in text": TEXT + b"a\x0bb\x0cc\xe2\x80\xa8d\xc2\x85e",
    "references": TEXT
    + b"&#1;&#x81;&#x80;&#0;&#xD800;&#x110000;&#99999999999;&#65&amp&ampx&notin&notin;&#x;&#;"
    + b"&CounterClockwiseContourIntegral;&Aacute&Aacutex&#x1F600;&#128512&lt&gt;&quot&apos;"
    + b"&nbsp&frac12;&frac12x&unknown;&1;&;",
    "voices": TEXT + b"<v>a<v  A&amp;B   C >hi <v Other>there",
    "tags": TEXT
    + b"<c.a.b>x</c><i>y</i><ruby>r<rt>t</rt></ruby><lang en>z</lang>&lt;i&gt;<b.x y>w</b>"
    + b"< v>q<v\tTab Name>u<unknown>k</unknown>a<",
    "timestamp tags": b"WEBVTT\n\n00:01.000 --> 00:05.000\n"
    + b"a<0:00:01.000>c<00:00:00.5>d<00:00:02.600>e<00:03.700>",
}


def read_in_chromium(page, serve_directory, folder: Path, tracks: dict[str, bytes]) -> dict:
    """Load every track in one page; what Chromium's TextTrack holds for each."""
    folder.mkdir()
    (folder / "index.html").write_text("<!doctype html><title>tracks</title>", encoding="utf-8")
    urls = {}
    for number, (name, data) in enumerate(tracks.items()):
        (folder / f"{number}.vtt").write_bytes(data)
        urls[name] = f"{number}.vtt"
    page.goto(serve_directory(folder) + "/index.html")
    return page.evaluate(READ_TRACKS, urls)


def disagreement(name: str, data: bytes, seen: dict) -> str | None:
    """How parse_track differs from what Chromium's TextTrack holds, if it does."""
    if seen["event"] == "timeout":
        return "Chromium fired neither load nor error"
    try:
        cues = parse_track(data, name).cues
    except CaptionError as error:
        if seen["event"] == "error" or not seen["cues"]:
            return None
        return f"we reject it ({error}) but Chromium keeps {len(seen['cues'])} cues"
    if seen["event"] == "error" and cues:
        return f"Chromium rejects it but we keep {len(cues)} cues"
    ours = [(c.id, c.start_ms, c.end_ms, c.raw, c.text, c.voice, c.words) for c in cues]
    theirs = [as_cue(cue) for cue in seen["cues"]]
    if ours == theirs:
        return None
    differences = [
        f"\n    ours:     {a}\n    Chromium: {b}"
        for a, b in zip(ours, theirs, strict=False)
        if a != b
    ]
    return f"{len(ours)} cues, Chromium {len(theirs)}" + "".join(differences[:3])


def as_cue(seen: dict) -> tuple:
    start_ms = round(seen["start"] * 1000)
    spans = [
        (start_ms if time is None else milliseconds(time), text) for time, text in seen["spans"]
    ]
    words = tuple(Word(s, t) for s, t in spans if t) if len(spans) > 1 else ()
    end_ms = round(seen["end"] * 1000)
    return (seen["id"], start_ms, end_ms, seen["text"], seen["plain"], seen["voice"], words)


def milliseconds(timestamp: str) -> int:
    hours, minutes, seconds = timestamp.split(":")
    return round((int(hours) * 3600 + int(minutes) * 60 + float(seconds)) * 1000)


def corpus_tracks() -> dict[str, bytes]:
    if not CORPUS.is_dir():
        pytest.fail(f"the WPT WebVTT corpus is missing: expected it at {CORPUS}")
    tracks = {p.relative_to(CORPUS).as_posix(): p.read_bytes() for p in CORPUS.rglob("*.vtt")}
    for test in CORPUS.glob("test/*.test"):
        payload = test.read_text(encoding="utf-8").partition("\n===\n")[2]
        tracks[f"test/{test.name}"] = unescape(payload).encode("utf-8")
    return dict(sorted(tracks.items()))


def test_every_corpus_file_gives_the_cues_chromium_gives(page, serve_directory, tmp_path):
    tracks = corpus_tracks()
    seen = read_in_chromium(page, serve_directory, tmp_path / "corpus", tracks)
    assert seen.keys() == tracks.keys()
    problems = [(name, disagreement(name, data, seen[name])) for name, data in tracks.items()]
    problems = [f"{name}: {problem}" for name, problem in problems if problem]
    assert not problems, f"{len(problems)} of {len(tracks)} files differ:\n" + "\n".join(problems)


def test_edge_cases_give_the_cues_chromium_gives(page, serve_directory, tmp_path):
    seen = read_in_chromium(page, serve_directory, tmp_path / "edge", EDGE_CASES)
    problems = [(name, disagreement(name, data, seen[name])) for name, data in EDGE_CASES.items()]
    problems = [f"{name}: {problem}" for name, problem in problems if problem]
    assert not problems, "\n".join(problems)
