"""What is wrong with a publisher's file, said precisely enough to fix: the one type every
reader of publisher files reports with (model, glossary, publisher_files...), kept apart so
that those readers and the lesson's model need not import each other."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """Something wrong with one file of a lesson, precise enough to fix."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"
