"""The studio's failures: each one names what went wrong precisely enough to fix it.

The CLI turns any `StudioError` into a one-line message and exit status 2, never a traceback.
"""

from __future__ import annotations


class StudioError(Exception):
    """A failure the person running the studio can fix; its message says how."""


class LessonScriptError(StudioError):
    """The lesson script is malformed: the message names the file, the place (and its line,
    when known) and the reason."""

    def __init__(self, file: str, where: str, reason: str, line: int | None = None) -> None:
        self.file, self.where, self.reason, self.line = file, where, reason, line
        place = f"{file}:{line}" if line else file
        place = f"{place}: {where}" if where else place
        super().__init__(f"{place}: {reason}")


class ToolMissing(StudioError):
    """A program or voice the studio runs is not installed; the message names the package."""

    def __init__(self, what: str, package: str) -> None:
        self.what, self.package = what, package
        super().__init__(f"{what} is not installed: apt-get install {package}")


class ToolFailed(StudioError):
    """An external program exited with an error; the message carries the end of its stderr."""

    def __init__(self, command: str, stderr: str) -> None:
        tail = "\n".join(stderr.strip().splitlines()[-8:])
        super().__init__(f"{command} failed:\n{tail}")
