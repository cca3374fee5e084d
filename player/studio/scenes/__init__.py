"""The scene kinds a lesson script can name, each drawn by one function of a `Moment`."""

from player.studio.scenes import opening, spine, symptoms  # noqa: F401  (they register)
from player.studio.scenes.base import SCENES, Moment, scene

__all__ = ["SCENES", "Moment", "scene"]
