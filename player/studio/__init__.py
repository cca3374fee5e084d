"""The studio: generates a built-in lesson (narration, tracks, video) from a lesson script.

Run it as `python -m player.studio lessons/NAME.toml`; see `player.studio.cli`.
"""
