"""A lesson's metadata, `captions/<slug>.toml`: title, summary, language, poster, related links,
topics.

Whatever the file holds, reading it gives a dict of checked values and records what is wrong
as problems (the lesson cannot be shown as the publisher meant) or warnings (a value was left
out and a default used); it never raises.
"""

from __future__ import annotations

import re
from pathlib import Path

from .languages import is_language_tag
from .model import Problem, Related
from .publisher_files import UnreadableFile, parse_toml

META_STRINGS = ("title", "summary", "language", "poster")
METADATA_MAX_BYTES = 1_000_000
DEFAULT_LANGUAGE = "en"
# Topics are shown as links in the catalogue and name a filter in its URL (?topic=spine):
# a few short labels, not a second summary.
MAX_TOPICS = 12
MAX_TOPIC_CHARS = 40


def read_metadata(path: Path, problems: list[Problem], warnings: list[Problem]) -> dict:
    try:
        raw = parse_toml(path, METADATA_MAX_BYTES)
    except UnreadableFile as error:
        problems.append(error.problem)
        return {}
    meta: dict = {}
    for key in META_STRINGS:
        if key in raw:
            if isinstance(raw[key], str):
                meta[key] = raw[key].strip()
            else:
                problems.append(Problem(path.name, None, f"'{key}' must be a string"))
    if "language" in meta and not is_language_tag(meta["language"]):
        # It becomes the page's lang, the track's srclang and a selector in the page's
        # script: only a well-formed tag may, and the lesson still plays without it.
        shown = meta.pop("language")[:40]
        warnings.append(
            Problem(
                path.name,
                None,
                f"language {shown!r} is not a BCP 47 tag such as 'en' or 'pt-BR'; "
                f"'{DEFAULT_LANGUAGE}' is used",
            )
        )
    meta["related"] = _related(raw.get("related", []), path.name, problems)
    meta["topics"] = _topics(raw.get("topics", []), path.name, warnings)
    return meta


def _topics(topics, name: str, warnings: list[Problem]) -> tuple[str, ...]:
    """The lesson's topics, each a short label, without repeats (any case). A bad one is
    left out with a warning: topics only sort the catalogue, the lesson plays without them."""
    if not isinstance(topics, list):
        warnings.append(Problem(name, None, "'topics' must be a list of short strings"))
        return ()
    found: dict[str, str] = {}
    for number, topic in enumerate(topics, start=1):
        label = " ".join(topic.split()) if isinstance(topic, str) else ""
        if not label or len(label) > MAX_TOPIC_CHARS:
            warnings.append(
                Problem(
                    name,
                    None,
                    f"topic #{number} must be a string of 1 to "
                    f"{MAX_TOPIC_CHARS} characters; it is left out",
                )
            )
            continue
        found.setdefault(label.casefold(), label)
    if len(found) > MAX_TOPICS:
        warnings.append(
            Problem(name, None, f"{len(found)} topics; the first {MAX_TOPICS} are kept")
        )
    return tuple(found.values())[:MAX_TOPICS]


def _related(related, name: str, problems: list[Problem]) -> tuple[Related, ...]:
    if not isinstance(related, list):
        problems.append(Problem(name, None, "'related' must be a list of [[related]] tables"))
        return ()
    items = []
    for number, item in enumerate(related, start=1):
        title = item.get("title") if isinstance(item, dict) else None
        url = item.get("url") if isinstance(item, dict) else None
        if not (isinstance(title, str) and isinstance(url, str) and _is_web_url(url)):
            problems.append(
                Problem(name, None, f"related #{number} needs a title and an http(s) url")
            )
            continue
        items.append(Related(title.strip(), url.strip()))
    return tuple(items)


def _is_web_url(url: str) -> bool:
    # Only http(s) links reach the page: a `javascript:` URL in metadata stays inert.
    return bool(re.match(r"^https?://[^\s]+$", url.strip(), re.IGNORECASE))
