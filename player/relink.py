"""Where each server URL lives in an exported site, and rewriting a page's root-absolute URLs
(`/static/...`) as URLs relative to the page, so the site works under any path prefix.

A page or JSON document is rewritten as a whole by one `Relinker`, which also remembers
every server path it saw: the export copies what the pages refer to. Only values that are
URLs by where they stand are rewritten (a URL attribute, a URL key of the app's JSON): a
publisher's words (a title, a cue, a glossary entry) stay as written even when they look
like a path of the site.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from jinja2.utils import htmlsafe_json_dumps

_LESSON_PAGE = re.compile(r"/lessons(?:/[a-z0-9]+(?:-[a-z0-9]+)*)?/?")
_LESSON_JSON = re.compile(r"/api/lessons/([a-z0-9]+(?:-[a-z0-9]+)*)")
# The app's own URLs. Any other root-absolute URL (a publisher's related link to "/about"
# on the clinic's host) points outside the export and is left as written.
_SITE_URL = re.compile(r"/(?:(?:static|media|captions|api)/|lessons(?:[/?#]|$)|(?:[?#]|$))")
# Attributes whose value is a URL (HTML's and SVG's), and <img srcset>'s list of them. No
# data-* attribute of the templates holds a URL; some hold a publisher's words (data-term).
URL_ATTRIBUTES = frozenset({"href", "src", "poster", "action", "formaction", "xlink:href"})
# Where the app's JSON holds a URL (player/serialize.py: lesson_summary, lesson_dict), as
# key paths from the document's top; "*" is any list item or any key. Every other string,
# a cue's text or a chapter's title above all, is the publisher's and never rewritten.
URL_POSITIONS = (
    ("url",),
    ("api",),
    ("poster",),
    ("related", "*", "url"),
    ("sources", "*", "url"),
    ("tracks", "*"),
    ("translations", "*", "captions"),
    ("lessons", "*", "url"),
    ("lessons", "*", "api"),
    ("lessons", "*", "poster"),
)


def site_path(path: str) -> str:
    """Where the server's URL `path` lives in the export: a folder (ending in "/", served
    by its index.html) for a page, a `.json` file for the API, else the same path."""
    if path == "/":
        return ""
    if path.rstrip("/") == "/api/lessons":
        return "api/lessons.json"
    if match := _LESSON_JSON.fullmatch(path):
        return f"api/lessons/{match[1]}.json"
    if _LESSON_PAGE.fullmatch(path):
        return path.strip("/") + "/"
    return path.lstrip("/")


def file_for(path: str) -> str:
    """The exported file that answers the server's URL `path`."""
    where = site_path(path)
    return where + "index.html" if where == "" or where.endswith("/") else where


def is_root_absolute(url: str) -> bool:
    # "//host/x" is protocol-relative and "/\host" is read as "//host" by browsers
    return url.startswith("/") and not url.startswith(("//", "/\\"))


def is_url_position(keys: tuple[str, ...]) -> bool:
    """Whether the JSON value reached by `keys` ("*" for a list item) is one of URL_POSITIONS."""
    return any(
        len(keys) == len(position)
        and all(p in ("*", k) for p, k in zip(position, keys, strict=True))
        for position in URL_POSITIONS
    )


class Relinker:
    """Rewrites the root-absolute URLs of one exported document (`document` is its path in
    the export, e.g. "lessons/sample/index.html"); `seen` collects the server paths."""

    def __init__(self, document: str) -> None:
        self.folder = posixpath.dirname(document) or "."
        self.seen: set[str] = set()

    def url(self, url: str) -> str:
        """`url` made relative to the document when it is one of the app's own URLs."""
        if not is_root_absolute(url) or not _SITE_URL.match(url):
            return url
        parts = urlsplit(url)
        self.seen.add(parts.path)
        target = site_path(parts.path)
        relative = posixpath.relpath(target or ".", self.folder)
        if target == "" or target.endswith("/"):
            relative = "./" if relative == "." else relative + "/"
        query = f"?{parts.query}" if parts.query else ""
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        return relative + query + fragment

    def srcset(self, value: str) -> str:
        candidates = [c.strip().split(None, 1) for c in value.split(",") if c.strip()]
        return ", ".join(" ".join([self.url(c[0]), *c[1:]]) for c in candidates)

    def json(self, data, keys: tuple[str, ...] = ()):
        """`data` with the URLs at URL_POSITIONS made relative; nothing else changes."""
        if isinstance(data, dict):
            return {key: self.json(value, (*keys, key)) for key, value in data.items()}
        if isinstance(data, list):
            return [self.json(value, (*keys, "*")) for value in data]
        if isinstance(data, str) and is_url_position(keys):
            return self.url(data)
        return data

    def html(self, text: str) -> str:
        """The page with the URLs in its tags' attributes and in its JSON data blocks
        (`<script type="application/json">`) made relative; nothing else changes."""
        edits = [(start, raw, self._tag(raw)) for start, raw in _start_tags(text)]
        edits += [(start, raw, self._data_block(raw)) for start, raw in _json_blocks(text)]
        out, done = [], 0
        for start, raw, new in sorted(edits, key=lambda edit: edit[0]):
            out += [text[done:start], new]
            done = start + len(raw)
        return "".join(out) + text[done:]

    def _tag(self, raw: str) -> str:
        def rewrite(match: re.Match) -> str:
            name, quoted = match["name"].lower(), match["value"]
            if quoted is None:
                return match[0]
            value = html.unescape(quoted.strip("\"'") if quoted[0] in "\"'" else quoted)
            if name == "srcset":
                new = self.srcset(value)
            elif name in URL_ATTRIBUTES:
                new = self.url(value)
            else:
                return match[0]
            if new == value:
                return match[0]
            return f'{match["space"]}{match["name"]}{match["equals"]}"{html.escape(new)}"'

        head = _TAG_NAME.match(raw)
        return head[0] + _each_attribute(raw, head.end(), rewrite)

    def _data_block(self, raw: str) -> str:
        body, closing = raw[: -len("</script>")], raw[-len("</script>") :]
        try:
            data = json.loads(body)
        except ValueError:
            return raw
        new = self.json(data)
        if new == data:
            return raw
        # The same escaping as Jinja's |tojson, so the block stays inert inside <script>.
        return str(htmlsafe_json_dumps(new, separators=(",", ":"))) + closing


_TAG_NAME = re.compile(r"<[^\s/>]+")
# One attribute of a start tag (HTML §13.2.5.32-38): its name, then maybe "=" and a value.
_ATTRIBUTE = re.compile(
    r"""(?P<space>[\s/]+)(?P<name>[^\s"'>/=]+)"""
    r"""(?:(?P<equals>\s*=\s*)(?P<value>"[^"]*"|'[^']*'|[^\s>]+))?"""
)


def _each_attribute(raw: str, position: int, rewrite) -> str:
    """The rest of the start tag `raw` from `position`, each attribute passed through
    `rewrite`. Read in order, so a value that looks like an attribute stays a value."""
    out = []
    while match := _ATTRIBUTE.match(raw, position):
        out.append(rewrite(match))
        position = match.end()
    return "".join(out) + raw[position:]


class _StartTagFinder(HTMLParser):
    """Finds each start tag in a page as a browser tokenizes it: never in text, comments
    or a script's body."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.tags: list[tuple[int, str]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs) -> None:
        line, column = self.getpos()
        self.tags.append((self.line_starts[line - 1] + column, self.get_starttag_text()))


def _start_tags(text: str) -> list[tuple[int, str]]:
    return _StartTagFinder(text).tags


# A JSON data block as Jinja's |tojson writes it: "<", ">" and "&" are escaped inside, so
# the first "</script>" closes it.
_JSON_BLOCK = re.compile(
    r"""<script\b[^>]*\btype=["']?application/(?:ld\+)?json["']?[^>]*>.*?</script>""",
    re.DOTALL | re.IGNORECASE,
)


def _json_blocks(text: str) -> list[tuple[int, str]]:
    blocks = []
    for match in _JSON_BLOCK.finditer(text):
        # its start tag is rewritten on its own; the block edit starts just after it
        start = match.start() + match[0].index(">") + 1
        blocks.append((start, match[0][start - match.start() :]))
    return blocks
