"""What a full and a quick run measure, and the one-paragraph intro of each section."""

from __future__ import annotations

from dataclasses import dataclass, field

ALL_RATES = (0.75, 1.0, 1.5, 2.0)


@dataclass(frozen=True)
class Plan:
    rates: dict[str, tuple[float, ...]]  # highlighter -> playback rates for the lag figure
    checks: tuple[str, ...]  # highlighters put through pause/seek/rate-change scenarios
    idle: tuple[str, ...]
    seek: tuple[str, ...]
    seek_clicks: int
    long_sizes: tuple[int, ...]
    cold_limit_s: float  # a cold parse still running after this is stopped
    page_limit_s: float  # a long page not usable after this is given up
    clients: tuple[int, ...] = (1, 10, 50)
    seconds_per_level: float = 3.0
    parse_sizes: tuple[int, ...] = (100_000, 149_000)  # cues of the files parse.py makes
    parse_runs: int = 3  # each parse figure is the median of this many fresh processes
    align_long: bool = True  # the aligner's speed on 60 minutes of speech too (about 2 min)
    search_lessons: int = 1000  # the generated library's lessons, 500 cues each
    notes: list[str] = field(default_factory=list)


FULL = Plan(
    rates={"ours": ALL_RATES, "timeupdate": ALL_RATES, "rAF only": (1.0, 2.0),
           "Hyperaudio Lite": ALL_RATES},
    checks=("ours", "timeupdate", "Hyperaudio Lite"),
    idle=("ours", "Hyperaudio Lite"),
    seek=("ours", "timeupdate", "Hyperaudio Lite"),
    seek_clicks=15,
    long_sizes=(1_000, 10_000, 100_000),
    cold_limit_s=30,
    page_limit_s=60,
)  # fmt: skip

QUICK = Plan(
    rates={"ours": (1.0, 2.0), "timeupdate": (1.0, 2.0), "Hyperaudio Lite": (1.0, 2.0)},
    checks=("ours",),
    idle=("ours",),
    seek=("ours", "timeupdate", "Hyperaudio Lite"),
    seek_clicks=8,
    long_sizes=(1_000, 10_000),
    cold_limit_s=30,
    page_limit_s=30,
    seconds_per_level=1.0,
    parse_sizes=(100_000,),
    parse_runs=1,
    align_long=False,
    search_lessons=100,
)

INTRO = {
    "lag": (
        "A generated lesson (a 0.5 s lead-in, 40 cues of 250 ms, a 0.5 s silence, 3 longer "
        "cues; a real 14 s H.264 clip, muted) played from 0 to the end at each rate. Lag = "
        "media time (`video.currentTime`, read in the MutationObserver callback) when the "
        "cue's line turned on minus the cue's start. *early* = lines lit before their start; "
        "*missed* = lines never lit. Baselines on the same lesson and server: `timeupdate` "
        "(what most transcript players do), a `requestAnimationFrame` check alone, and "
        "Hyperaudio Lite (npm). A *diagram* row (our spine callouts, `data-active`) "
        "appears only where it differs from the line's row."
    ),
    "checks": (
        "The same lesson with actions landing 100 ms into a 250 ms cue (from an in-page "
        "poll): 6 pauses of 300 ms at 2x; 3 forward seeks at 1.5x (one mid-cue, two to a "
        "line's exact start; cues jumped over are not expected); rate changes "
        "1x→2x→0.75x→1.5x→2x. *lag p95* excludes the cues a seek lands in."
    ),
    "seek": (
        "While playing at 1x, a click is dispatched on a line (Hyperaudio Lite: on the "
        "line's first word) every 400 ms, always at least 4 lines from the playhead. "
        "Times from the click event (captured on `window`, before the page's handler) to "
        "the next `seeked` event and to the clicked line turning on. Target: median "
        "<= 100 ms."
    ),
    "weight": (
        "First load of `/` (the built-in lesson) in a fresh browser context. Bytes as "
        "received; gzip = gzip -6 of the same bytes. Requests include media, tracks and "
        "icons. Playback is started at DOMContentLoaded. Baseline: Hyperaudio Lite on the "
        "same lesson (word timings from our API) with a 0.5 KB stylesheet. Target: JS + "
        "CSS <= 30 KB gzipped (issue 14; 25 KB before the control bar)."
    ),
    "long": (
        "Generated lessons of contiguous cues, eight words each; about half of them say "
        '"nerves", so the server infers a callout for them (as for a real spine lesson). '
        "A cold parse still running after the limit is stopped, and the page is then "
        "measured on a *-plain* lesson of the same size whose text names no region; a page "
        "not usable within its limit is given up (its long tasks so far are kept). "
        "Over 2,000 lines the page draws only the lines near the viewport (the 10k and "
        "100k rows). *usable*: navigation start until the last line, clicked, is lit: at "
        "DOMContentLoaded the transcript is scrolled to its end (as a drag of its scrollbar "
        "does) and its last line clicked once it is there. *Per cue change*: Chromium's "
        "script + style + layout time (CDP Performance metrics) while playing at 2x for "
        "6 s, divided by the lines lit. "
        "Long tasks > 50 ms: count and longest, while loading, playing (that 2x run) and "
        "scrolling (wheel through the transcript, then jump to its middle and end). JS heap "
        "after a forced GC. Targets: cached API <= 10 ms at 10k cues; 10k ready <= 1 s; "
        "100k usable with no long task over 200 ms."
    ),
    "throughput": (
        "Random 64 KiB `Range` requests on an 8 MiB file over keep-alive connections from "
        "one asyncio client that checks every byte; each level runs for the same time. "
        "The client shares the 2 cores with the server: a client CPU near 100% means the "
        "row is client-bound (a floor, not the server's limit)."
    ),
    "align": (
        "`bench/align.py`: the aligner (`player/align`, PocketSphinx 5 in two passes) on the "
        "built-in lesson as Festival spoke it (`tests/data/festival-lesson`: its word times "
        "came from the synthesizer), as written, with a sentence added that is not spoken and "
        "with a spoken one left out; and on 10 real-speech clips of Debian's "
        "`pocketsphinx-testdata` (each clip one cue; its onset found by energy, good to about "
        "50 ms). Speed and peak memory in a fresh process per length (the lesson repeated). "
        "aeneas, the comparison the issue names, does not install here (its setup needs numpy "
        "before it and espeak's C headers), so it has no row."
    ),
    "search": (
        "`bench/search.py`: a generated library of lessons of 500 cues each (words drawn by "
        "frequency), indexed into SQLite FTS5 (`player/search`) from cold (parsing included), "
        "then one lesson edited and re-indexed (5 times), then 300 queries of 1-3 words and "
        "phrases through Flask's test client, warm. The static export's search (Pagefind) is "
        "measured by `bench/export_search.py` (bench/README.md)."
    ),
    "parse": (
        "`bench/parse.py`: *100k* is lesson-like two-line cues with ids (10.8 MB), *149k* "
        "varied cues like a real-world file (9.6 MB). Chromium parses the same file as a "
        "`<track>` (src set to its `load` event, served by Playwright's router) in the same "
        "run. Each figure is the median of fresh processes. A lesson load is the library "
        "reading the lesson (every track parsed, regions, the Lesson), cold in a new process "
        "(the parse pool starting inside the measured time), then after the file is rewritten "
        "with every cue changed, then after one cue is edited; an API answer adds the JSON "
        "and its gzip."
    ),
}
