"""Markdown for the results: one section per figure, each ours beside its baselines,
and a summary of the targets from issues 6 and 9."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .stats import median, ms, percentile, ratio, size


@dataclass
class Verdict:
    target: str
    figure: str
    met: bool | None  # None: not measured in this run


def table(headers: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _rate(r: float) -> str:
    return f"{r:g}x"


def lag_section(passes, cue_count: int) -> tuple[str, list[Verdict]]:
    rows = []
    for p in passes:
        rows.append(
            [
                p.highlighter,
                _rate(p.rate),
                ms(p.p(50)),
                ms(p.p(95)),
                ms(max(p.measured, default=math.nan)),
                p.early,
                f"{p.missed}/{cue_count}",
            ]
        )
        # The diagram row only where it differs: both usually change in the same task.
        if p.region_lags and p.region_lags != p.lags:
            measured = [v for v in p.region_lags.values() if v is not None]
            missed = sum(v is None for v in p.region_lags.values())
            rows.append(
                [
                    f"{p.highlighter}: diagram",
                    _rate(p.rate),
                    ms(percentile(measured, 50)),
                    ms(percentile(measured, 95)),
                    ms(max(measured, default=math.nan)),
                    sum(v < 0 for v in measured),
                    f"{missed}/{cue_count}",
                ]
            )
    text = table(["highlighter", "rate", "lag p50", "lag p95", "lag max", "early",
                  "missed"], rows)  # fmt: skip

    ours = {p.rate: p for p in passes if p.highlighter == "ours"}
    others = [p for p in passes if p.highlighter != "ours"]
    verdicts = []
    if 1.0 in ours:
        p95 = ours[1.0].p(95)
        verdicts.append(Verdict("lag p95 <= 20 ms at 1x (issue 6)", ms(p95), p95 <= 20))
        verdicts.append(Verdict("lag p95 <= 5 ms at 1x (issue 9)", ms(p95), p95 <= 5))
        worst = max(p.p(95) for p in ours.values())
        verdicts.append(Verdict("lag p95 at 0.75x/1.5x/2x no worse than 5 ms (issue 9)",
                                f"worst {ms(worst)}", worst <= 5))  # fmt: skip
        lines = [p for p in ours.values()]
        early = sum(p.early for p in lines)
        missed = sum(p.missed for p in lines if p.rate >= 1)
        verdicts.append(Verdict("a line is never highlighted early", f"{early} early", early == 0))
        verdicts.append(Verdict("no cue missed at 1x, 1.5x, 2x", f"{missed} missed", missed == 0))
        beaten = [
            f"{o.highlighter} {_rate(o.rate)}"
            for o in others
            if o.rate in ours and (o.p(95) < ours[o.rate].p(95) or o.missed < ours[o.rate].missed)
        ]
        verdicts.append(Verdict("ours the best row at every rate (p95 and missed)",
                                "beaten by " + ", ".join(beaten) if beaten else "best everywhere",
                                not beaten))  # fmt: skip
    return text, verdicts


def checks_section(outcomes, idle: dict) -> tuple[str, list[Verdict]]:
    rows = [
        [o.highlighter, o.scenario, f"{o.missed}/{o.expected}", o.early, ms(o.lag_p95),
         f"{o.exact_wrong}/{o.exact_total}" if o.exact_total else "–"]
        for o in outcomes
    ]  # fmt: skip
    text = table(["highlighter", "scenario", "missed", "early", "lag p95",
                  "exact-start seek lit the wrong line"], rows)  # fmt: skip
    idle_rows = [
        [
            name,
            len(counts["paused"]),
            len(counts["ended"]),
            _kinds(counts["paused"] + counts["ended"]),
        ]
        for name, counts in idle.items()
    ]
    text += "\n\nIdle is idle: timer and animation-frame callbacks the page ran in 2 s.\n\n"
    text += table(["highlighter", "paused mid-lesson", "after the end", "kinds"], idle_rows)
    ours = [o for o in outcomes if o.highlighter == "ours"]
    verdicts = []
    if ours:
        missed = sum(o.missed for o in ours)
        wrong = sum(o.exact_wrong for o in ours)
        verdicts.append(Verdict("nothing missed after pause/resume, seek, rate change",
                                f"{missed} missed", missed == 0))  # fmt: skip
        verdicts.append(Verdict("a seek to a line's exact start lights that line",
                                f"{wrong} wrong", wrong == 0))  # fmt: skip
    if "ours" in idle:
        n = len(idle["ours"]["paused"]) + len(idle["ours"]["ended"])
        verdicts.append(Verdict("no callbacks for 2 s while paused or ended", f"{n}", n == 0))
    return text, verdicts


def _kinds(calls: list[str]) -> str:
    counts = {k: calls.count(k) for k in sorted(set(calls))}
    return ", ".join(f"{k} {n}" for k, n in counts.items()) or "–"


def seek_section(results) -> tuple[str, list[Verdict]]:
    rows = [
        [r.highlighter, ms(median(r.to_seeked)), ms(percentile(r.to_seeked, 95)),
         ms(median(r.to_highlight)), ms(percentile(r.to_highlight, 95)),
         f"{r.failed}/{len(r.to_seeked) + r.failed}"]
        for r in results
    ]  # fmt: skip
    text = table(["highlighter", "click→seeked p50", "p95", "click→highlight p50", "p95",
                  "failed"], rows)  # fmt: skip
    ours = next((r for r in results if r.highlighter == "ours"), None)
    verdicts = []
    if ours:
        worst = max(median(ours.to_seeked), median(ours.to_highlight))
        verdicts.append(Verdict("seek median <= 100 ms", ms(worst), worst <= 100))
    return text, verdicts


def weight_section(weights, first_cue_s: float | None) -> tuple[str, list[Verdict]]:
    rows = []
    for w in weights:
        js_css = w.gzipped["JS"] + w.gzipped["CSS"]
        rows.append(
            [
                w.page,
                f"{size(w.raw['HTML'])} / {size(w.gzipped['HTML'])}",
                f"{size(w.raw['JS'])} / {size(w.gzipped['JS'])}",
                f"{size(w.raw['CSS'])} / {size(w.gzipped['CSS'])}",
                size(js_css),
                f"{w.requests} ({_kinds_dict(w.by_type)})",
                "yes" if w.compressed_by_server else "no",
                ms(w.playing_ms or math.nan, 0),
                ms(w.first_highlight_ms or math.nan, 0),
            ]
        )
    text = table(["page", "HTML raw / gzip", "JS raw / gzip", "CSS raw / gzip", "JS+CSS gzip",
                  "requests", "server compresses", "load→playing", "load→first highlight"],
                 rows)  # fmt: skip
    if first_cue_s is not None:
        text += (f"\n\nPlayback starts at DOMContentLoaded; the first cue starts at "
                 f"{first_cue_s:g} s of media, so the first highlight comes that much after "
                 "`playing` at best.")  # fmt: skip
    ours = next((w for w in weights if w.page == "ours"), None)
    verdicts = []
    if ours:
        total = ours.gzipped["JS"] + ours.gzipped["CSS"]
        verdicts.append(Verdict("JS + CSS <= 30 KB gzipped", size(total), total <= 30_000))
    return text, verdicts


def _kinds_dict(by_type: dict[str, int]) -> str:
    return ", ".join(f"{k} {n}" for k, n in sorted(by_type.items()))


def long_section(results, limit_s: float) -> tuple[str, list[Verdict]]:
    server_rows, page_rows = [], []
    for server, page in results:
        cold = ms(server.cold_ms, 0) if server.cold_ms is not None else f"> {limit_s:g} s (stopped)"
        server_rows.append(
            [
                server.lesson,
                f"{server.cues:,}",
                size(server.vtt_bytes),
                cold,
                ms(server.webvtt_py_ms, 0),
                ms(server.cached_ms),
                ms(server.vtt_file_ms),
                f"{size(server.api_bytes)} / {size(server.api_gzip_bytes)}"
                if server.api_bytes
                else "–",
                f"{ms(server.page_html_ms, 0)}, {size(server.page_html_bytes)}"
                if server.page_html_bytes
                else "–",
            ]
        )
        if page is not None:
            lt = page.longtasks
            page_rows.append(
                [
                    page.lesson,
                    ms(page.response_end_ms, 0),
                    ms(page.first_paint_ms, 0),
                    ms(page.dom_ready_ms, 0),
                    _usable(page),
                    f"{ms(page.per_change_ms)} ({page.changes})" if page.changes else "–",
                    *(_longtasks(lt.get(phase)) for phase in ("load", "playing", "scrolling")),
                    "–" if math.isnan(page.heap_mb) else f"{page.heap_mb:.1f} MB",
                    f"{page.nodes:,}" if page.nodes else "–",
                ]
            )
    text = "Server (each lesson on a fresh app process):\n\n" + table(
        ["lesson", "cues", ".vtt", "cold: first API request", "baseline: webvtt-py read",
         "cached API", "baseline: the .vtt file", "API size raw / gzip", "page HTML"],
        server_rows,
    )  # fmt: skip
    text += "\n\nPage (Chromium):\n\n" + table(
        ["lesson", "HTML received", "first paint", "DOMContentLoaded",
         "usable (last line clicked → lit)", "script+style+layout per cue change (changes)",
         "long tasks loading", "playing", "scrolling", "JS heap", "DOM nodes"],
        page_rows,
    )  # fmt: skip
    return text, _long_verdicts(results, limit_s)


def _usable(page) -> str:
    if page.gave_up_after_s:
        parsed = page.lines_parsed
        so_far = "" if parsed is None else f"; {parsed:,} lines parsed by then"
        return f"> {page.gave_up_after_s:g} s (given up{so_far})"
    return ms(page.usable_ms, 0)


def _longtasks(durations) -> str:
    if durations is None:
        return "–"
    over = [d for d in durations if d > 50]
    return f"{len(over)}, max {max(over):.0f} ms" if over else "0"


def _long_verdicts(results, limit_s: float) -> list[Verdict]:
    by_cues = {}
    for server, page in results:
        by_cues.setdefault(server.cues, []).append((server, page))
    verdicts = []
    if 10_000 in by_cues:
        server, page = by_cues[10_000][0]
        verdicts.append(Verdict("cached API <= 10 ms at 10k cues", ms(server.cached_ms),
                                server.cached_ms <= 10))  # fmt: skip
        page = next((p for _, p in by_cues[10_000] if p is not None), None)
        if page:
            verdicts.append(Verdict("10k cues ready <= 1 s", _usable(page),
                                    page.usable_ms <= 1000))  # fmt: skip
    if 100_000 in by_cues:
        server, _ = by_cues[100_000][0]
        page = next((p for _, p in by_cues[100_000] if p is not None), None)
        if server.cold_ms is None:
            verdicts.append(Verdict("100k cues load on the server", f"> {limit_s:g} s", False))
        if page:
            worst = max((d for ds in page.longtasks.values() if ds for d in ds), default=0)
            ok = worst <= 200 and not math.isnan(page.usable_ms)
            known = page.longtasks.get("load") is not None
            longest = f"longest task {worst:.0f} ms" if known else "long tasks unknown"
            figure = f"usable {_usable(page)}, {longest}"
            verdicts.append(Verdict("100k cues usable, no long task > 200 ms", figure, ok))
    else:
        verdicts.append(Verdict("100k cues usable, no long task > 200 ms", "not run (--quick)",
                                None))  # fmt: skip
    return verdicts


def throughput_section(levels) -> tuple[str, list[Verdict]]:
    nginx = {lv.clients: lv for lv in levels if lv.server == "nginx"}
    rows = []
    for lv in levels:
        base = nginx.get(lv.clients)
        rows.append(
            [
                lv.server,
                lv.clients,
                f"{lv.rps:,.0f}",
                f"{lv.mb_per_s:,.0f}",
                ms(median(lv.latencies_ms)),
                ms(percentile(lv.latencies_ms, 95)),
                f"{lv.bad}/{lv.requests}",
                f"{lv.client_cpu:.0%}",
                "–" if lv.server == "nginx" or base is None else f"{lv.rps / base.rps:.2f}",
            ]
        )
    text = table(["server", "clients", "requests/s", "MB/s", "latency p50", "p95",
                  "bad bytes", "client CPU", "req/s vs nginx"], rows)  # fmt: skip
    bad = sum(lv.bad for lv in levels)
    verdicts = [Verdict("every range answered with the right bytes", f"{bad} bad", bad == 0)]
    ours = [lv for lv in levels if lv.server == "lesson-player serve --production"]
    for lv in ours:
        if lv.clients == 50 and (base := nginx.get(50)):
            share = lv.rps / base.rps
            verdicts.append(Verdict("serve --production >= 0.5x nginx's req/s at 50 clients "
                                    "(issue 15)", f"{share:.2f}x", share >= 0.5))  # fmt: skip
    return text, verdicts


# Issue 15's targets for a lesson's load (seconds), by file: the same file cold in a new
# process and after every cue changed, and after a one-cue edit.
PARSE_TARGETS = {"100k": 1.5, "149k": 2.0}
_LOADS = ("ours, lesson load, cold (new process)", "ours, lesson load after every cue changed",
          "ours, lesson load after a one-cue edit")  # fmt: skip


def align_section(accuracy, speed) -> tuple[str, list[Verdict]]:
    """Issue 16's aligner: accuracy rows (bench/align.py accuracy_rows) and speed rows."""

    def ms_pair(pair) -> str:
        return "–" if pair[0] != pair[0] else f"{pair[0]:.0f} / {pair[1]:.0f} ms"  # NaN: none

    rows = [[name, ms_pair(r["cue"]), ms_pair(r["word"]), f"{r['late']:.0f} ms",
             f"{r['seconds']:.1f} s", r["note"]] for name, r in accuracy]  # fmt: skip
    text = table(["case", "cue start median / p95", "word start median / p95", "latest cue",
                  "time", "note"], rows)  # fmt: skip
    speed_table = table(
        ["audio", "words", "aligned in", "x real time", "peak RSS", "spread words"],
        [[f"{label} ({r['audio_s']:.0f} s)", r["words"], f"{r['seconds']:.1f} s",
          f"{r['audio_s'] / r['seconds']:.0f}x", f"{r['peak_rss_mb']:.0f} MB", r["spread"]]
         for label, r in speed],
    )  # fmt: skip
    verdicts = []
    for name, r in accuracy:
        if name.startswith("real speech"):
            met = r["cue"][1] <= 150 and r["late"] <= 300
            figure = f"{r['cue'][1]:.0f} ms, latest {r['late']:.0f} ms"
            verdicts.append(Verdict("aligner, real speech: cue start p95 <= 150 ms, none > "
                                    "300 ms late (issue 16)", figure, met))  # fmt: skip
        else:
            met = r["cue"][1] <= 15 and r["word"][1] <= 30
            verdicts.append(Verdict(f"aligner, {name}: cue p95 <= 15 ms, word p95 <= 30 ms "
                                    "(issue 16)", f"{r['cue'][1]:.0f} / {r['word'][1]:.0f} ms",
                                    met))  # fmt: skip
    for label, r in speed:
        if label == "10 min":
            verdicts.append(Verdict("aligner: 10 minutes of speech in <= 60 s (issue 16)",
                                    f"{r['seconds']:.0f} s", r["seconds"] <= 60))  # fmt: skip
    return text + "\n\n" + speed_table, verdicts


def search_section(rows: list[tuple]) -> tuple[str, list[Verdict]]:
    """Issue 18's library search (bench/search.py measure)."""
    text = table(["what", "measured", "target"], [[w, f, t or "–"] for w, f, t, _ in rows])
    verdicts = [Verdict(f"search at 1,000 lessons: {w} {t} (issue 18)", f, met)
                for w, f, t, met in rows if met is not None]  # fmt: skip
    return text, verdicts


def parse_section(rows: list[list]) -> tuple[str, list[Verdict]]:
    text = table(["file", "cues", "MB", "what", "seconds"], rows)
    verdicts = []
    for label, limit in PARSE_TARGETS.items():
        found = {row[3]: float(row[4]) for row in rows if row[0] == label and row[4] != "-"}
        chromium = found.get("Chromium <track> load")
        for what in _LOADS:
            if what in found:
                seconds = found[what]
                beside = f" (Chromium {chromium:.2f} s)" if chromium else ""
                verdicts.append(Verdict(f"{label}: {what[len('ours, '):]} <= {limit} s (issue 15)",
                                        f"{seconds:.2f} s{beside}", seconds <= limit))  # fmt: skip
    return text, verdicts


def summary(verdicts: list[Verdict]) -> str:
    mark = {True: "met", False: "**missed**", None: "not run"}
    return table(["target", "this run", ""], [[v.target, v.figure, mark[v.met]] for v in verdicts])


__all__ = ["Verdict", "ratio", "summary", "table"]
