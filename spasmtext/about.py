"""Package metadata."""

__title__ = "spasmtext"
__version__ = "0.4.45"
