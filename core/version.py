"""The one version source of motcua: pyproject.toml, `motcua --version`, backups and the bundle read it."""

__version__ = "0.1.0"
