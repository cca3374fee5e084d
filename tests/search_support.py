"""Helpers for the search tests: a library of small lessons written on the fly."""

from __future__ import annotations

from pathlib import Path


def write_lesson(
    captions: Path,
    media: Path,
    slug: str,
    lines: list[str],
    *,
    title: str | None = None,
    chapters: list[tuple[int, str]] = (),
    glossary: str | None = None,
    topics: list[str] | None = None,
) -> None:
    """A lesson of one 2-second cue per line (the first at 0 s), with an (empty) video so
    that it is whole, and optional chapters ((start second, title)), glossary and topics."""
    cues = "".join(
        f"{_stamp(2 * i)} --> {_stamp(2 * i + 2)}\n{text}\n\n" for i, text in enumerate(lines)
    )
    (captions / f"{slug}.vtt").write_text(f"WEBVTT\n\n{cues}", encoding="utf-8")
    (media / f"{slug}.mp4").write_bytes(b"")
    meta = [f"title = {(title or slug.title())!r}"]
    if topics is not None:
        meta.append(f"topics = {topics!r}")
    (captions / f"{slug}.toml").write_text("\n".join(meta) + "\n", encoding="utf-8")
    if chapters:
        ends = [start for start, _ in chapters[1:]] + [2 * len(lines)]
        body = "".join(
            f"{_stamp(start)} --> {_stamp(end)}\n{name}\n\n"
            for (start, name), end in zip(chapters, ends, strict=True)
        )
        (captions / f"{slug}.chapters.vtt").write_text(f"WEBVTT\n\n{body}", encoding="utf-8")
    if glossary is not None:
        (captions / f"{slug}.glossary.toml").write_text(glossary, encoding="utf-8")


def _stamp(seconds: int) -> str:
    return f"00:{seconds // 60:02d}:{seconds % 60:02d}.000"
