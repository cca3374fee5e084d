"""The importer's one kind of failure: bad input, said in one line, with nothing written."""

from __future__ import annotations


class ImportRefused(Exception):
    """The input cannot make a lesson; the message says why in one line (exit status 2)."""
