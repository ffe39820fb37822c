"""The oversight app's own records: the learning themes taxonomy and the themes applied to
cases, reviews and recommendations (oversight.themes)."""

from .themes.models import LearningTheme, ThemeTag

__all__ = ["LearningTheme", "ThemeTag"]
