"""motcua: the `motcua` command."""

from core.version import __version__

__all__ = ["__version__"]
