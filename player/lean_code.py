"""Scripts and stylesheets as a browser is sent them: with their comments and indentation
taken out.

The sources in static/ explain themselves at length; a patient's phone has no use for that,
and comments are about a quarter of the page's gzipped JavaScript and CSS (the indentation
another 3 %: 0.8 KB of the built-in lesson's 30 KB budget). Only comments and the blanks
that start a line go: every line stays where it was (a comment's own line is left empty),
so a line number in the browser's console or a stack trace still points at the source line
(its column moves left by the indentation), and nothing is renamed or reordered (this is no
minifier: the code that runs is the code in the repository). Blanks inside a string or a
template literal are kept.

A small scanner finds comments the way the language does: not inside strings, template
literals (with their `${...}` expressions) or regular-expression literals. If a file ends
inside one of those (a scanner that lost its way), it is sent exactly as it is.
"""

from __future__ import annotations

import re

# After these characters (or at the start), a "/" in JavaScript starts a regular expression,
# not a division.
_REGEX_MAY_FOLLOW = set("(,=:[!&|?{};+-*%<>~^")
_REGEX_KEYWORDS = re.compile(
    r"(?:^|[^\w$])(?:return|typeof|instanceof|in|of|new|delete|void|throw|case|do|else|yield|await)$"
)


class _Lost(Exception):
    """The text ended inside a string, a literal or a comment."""


def without_comments(text: str, suffix: str) -> str:
    """`text` of a file ending in `suffix` (".js", ".mjs", ".css") with its comments out."""
    try:
        if suffix in (".js", ".mjs"):
            return _strip_js(text)
        if suffix == ".css":
            return _strip_css(text)
    except _Lost:
        pass
    return text


def _comment(text: str, start: int, end: int, out: list[str]) -> None:
    """Replace text[start:end], a comment, by its newlines (a space if it has none, so the
    tokens either side stay apart); blanks before it on its line go too."""
    newlines = text.count("\n", start, end)
    while out and out[-1] in (" ", "\t"):
        out.pop()
    at_line_start = not out or out[-1].endswith("\n")
    out.append("\n" * newlines if newlines else "" if at_line_start else " ")


def _strip_css(text: str) -> str:
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "\"'":
            j = _string_end(text, i)
            out.append(text[i:j])
            i = j
        elif text.startswith("/*", i):
            i = _block_comment(text, i, out)
        elif c in " \t" and _at_line_start(out):
            i += 1  # indentation
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _at_line_start(out: list[str]) -> bool:
    return not out or out[-1].endswith("\n")


def _strip_js(text: str) -> str:
    out: list[str] = []
    # What the scanner is inside: "code" (with the depth of braces opened in it, for a
    # template's ${...}) or "template".
    stack: list[list] = [["code", 0]]
    i, n = 0, len(text)
    last = ""  # the last character of code that is not a blank, for the regex rule
    while i < n:
        c = text[i]
        mode = stack[-1]
        if mode[0] == "template":
            if c == "\\":
                out.append(text[i : i + 2])
                i += 2
            elif c == "`":
                out.append(c)
                stack.pop()
                i += 1
                last = "`"
            elif text.startswith("${", i):
                out.append("${")
                stack.append(["code", 0])
                i += 2
                last = "{"
            else:
                out.append(c)
                i += 1
            continue
        if c in "\"'":
            j = _string_end(text, i)
            out.append(text[i:j])
            i, last = j, c
        elif c == "`":
            out.append(c)
            stack.append(["template", 0])
            i += 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            _comment(text, i, j, out)
            if out and out[-1] == " ":
                out.pop()
            i = j
        elif text.startswith("/*", i):
            i = _block_comment(text, i, out)
        elif c == "/" and _regex_may_start(last, out):
            j = _regex_end(text, i)
            out.append(text[i:j])
            i, last = j, "/"
        else:
            if c == "{":
                mode[1] += 1
            elif c == "}":
                if mode[1] == 0 and len(stack) > 1:
                    stack.pop()  # the end of a template's ${...}
                    out.append(c)
                    i += 1
                    continue
                mode[1] -= 1
            if c in " \t" and _at_line_start(out):
                i += 1  # indentation
                continue
            out.append(c)
            if not c.isspace():
                last = c
            i += 1
    if len(stack) != 1:
        raise _Lost
    return "".join(out)


def _block_comment(text: str, i: int, out: list[str]) -> int:
    """Take out the /* ... */ comment starting at text[i]; the index just past it."""
    j = text.find("*/", i + 2)
    if j < 0:
        raise _Lost
    _comment(text, i, j + 2, out)
    _drop_blank_line_end(text, j + 2, out)
    return j + 2


def _drop_blank_line_end(text: str, i: int, out: list[str]) -> None:
    """After a comment that ended its line, the space put in its place is not needed."""
    if out and out[-1] == " " and (i >= len(text) or text[i] == "\n"):
        out.pop()


def _string_end(text: str, i: int) -> int:
    """Index just past the quoted string starting at text[i]."""
    quote, j, n = text[i], i + 1, len(text)
    while j < n:
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c == quote:
            return j + 1
        if c == "\n":
            raise _Lost  # a string does not span lines
        j += 1
    raise _Lost


def _regex_may_start(last: str, out: list[str]) -> bool:
    if last == "" or last in _REGEX_MAY_FOLLOW:
        return True
    tail = "".join(out[-12:]).rstrip()
    return bool(_REGEX_KEYWORDS.search(tail))


def _regex_end(text: str, i: int) -> int:
    """Index just past the regular-expression literal (and its flags) starting at text[i]."""
    j, n, in_class = i + 1, len(text), False
    while j < n:
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c == "\n":
            raise _Lost
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "/":
            j += 1
            while j < n and (text[j].isalnum() or text[j] in "$_"):
                j += 1
            return j
        j += 1
    raise _Lost
