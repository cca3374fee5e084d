"""Where each file of one lesson is, and which are present: from the folders' listings
(player/folder.py), so knowing a lesson's files costs no listing of its own, and its
`signature` stats only those files.

    captions/<slug>.vtt                   the captions, which make the lesson exist
    captions/<slug>.srt                   or SRT captions, when there is no <slug>.vtt (served
                                          as WebVTT at <slug>.vtt's URL)
    captions/<slug>.chapters.vtt, .callouts.vtt, .descriptions.vtt, .toml, .<lang>.vtt
    media/<slug>.mp4, .webm               the video
    media/<slug>.jpg, .jpeg, .png, .webp  a poster
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .languages import is_language_tag

# The lesson's own files in the captions folder, after its slug (translations aside).
CAPTION_SUFFIXES = (
    ".vtt", ".srt", ".chapters.vtt", ".callouts.vtt", ".descriptions.vtt", ".toml",
    ".glossary.toml",
)  # fmt: skip
# In the order a browser should try them: the first it can play wins.
VIDEO_TYPES = (("mp4", "video/mp4"), ("webm", "video/webm"))
POSTER_SUFFIXES = ("jpg", "jpeg", "png", "webp")


@dataclass(frozen=True)
class LessonFiles:
    """Where each file of one lesson is, and which are present (from the folders' listings);
    `signature` stats only those, and changes when any of them does."""

    slug: str
    captions_dir: Path
    media_dir: Path
    caption_names: tuple[str, ...] = ()
    media_names: tuple[str, ...] = ()

    @property
    def captions(self) -> Path:
        """`<slug>.vtt`: the captions' name as browsers ask for them, whatever they are read
        from (`captions_source`)."""
        return self.captions_dir / f"{self.slug}.vtt"

    @property
    def srt_captions(self) -> Path:
        return self.captions_dir / f"{self.slug}.srt"

    @property
    def captions_source(self) -> Path:
        """The file the captions are read from: `<slug>.vtt`, or `<slug>.srt` when only it
        is present (a WebVTT file wins over an SRT one)."""
        if not self.present(self.captions) and self.present(self.srt_captions):
            return self.srt_captions
        return self.captions

    @property
    def chapters(self) -> Path:
        return self.captions_dir / f"{self.slug}.chapters.vtt"

    @property
    def callouts(self) -> Path:
        return self.captions_dir / f"{self.slug}.callouts.vtt"

    @property
    def descriptions(self) -> Path:
        return self.captions_dir / f"{self.slug}.descriptions.vtt"

    @property
    def metadata(self) -> Path:
        return self.captions_dir / f"{self.slug}.toml"

    @property
    def glossary(self) -> Path:
        return self.captions_dir / f"{self.slug}.glossary.toml"

    def present(self, path: Path) -> bool:
        names = self.media_names if path.parent == self.media_dir else self.caption_names
        return path.name in names

    def videos(self) -> list[tuple[Path, str]]:
        return [(self.media_dir / f"{self.slug}.{ext}", mime) for ext, mime in VIDEO_TYPES]

    def translations(self) -> dict[str, Path]:
        """Captions in other languages, `<slug>.<lang>.vtt`, by language tag."""
        found = {}
        for name in self.caption_names:
            if lang := self._translation_language(name):
                found[lang] = self.captions_dir / name
        return found

    def _translation_language(self, name: str) -> str | None:
        prefix = f"{self.slug}."
        lang = name[len(prefix) : -len(".vtt")]
        return lang if name == f"{prefix}{lang}.vtt" and _is_translation_tag(lang) else None

    def _present(self) -> list[tuple[str, str]]:
        """(folder, name) of each of the lesson's files that is present, as strings: a
        catalogue of 2,000 lessons checks ~6,000 files per request, and pathlib's objects
        cost more than the stats themselves."""
        slug = self.slug
        fixed = {slug + suffix for suffix in CAPTION_SUFFIXES}
        captions, media = str(self.captions_dir), str(self.media_dir)
        out = [
            (captions, name)
            for name in self.caption_names
            if name in fixed or self._translation_language(name)
        ]
        media_kinds = {f"{slug}.{ext}" for ext, _ in VIDEO_TYPES}
        media_kinds |= {f"{slug}.{ext}" for ext in POSTER_SUFFIXES}
        out += [(media, name) for name in self.media_names if name in media_kinds]
        return out

    def signature(self) -> tuple:
        stamps = []
        for folder, name in self._present():
            try:
                st = os.stat(os.path.join(folder, name))
                stamps.append((name, st.st_mtime_ns, st.st_size))
            except OSError:  # gone since the listing, a symlink loop: read, it will say
                stamps.append((name, None, None))
        return tuple(stamps)


def _is_translation_tag(lang: str) -> bool:
    # A BCP 47 tag written as tags conventionally are, its language in lowercase (`pt-BR`):
    # `sample.EN.vtt` beside `sample.en.vtt` would be the same language twice.
    return is_language_tag(lang) and lang.split("-", 1)[0].islower()
