"""The package's version, in a module of its own so that any layer can read it without importing the package.

This line is the version's one source: the build (hatchling, ``[tool.hatch.version]`` in
``pyproject.toml``) reads it for the wheel's metadata, and the package reads it at run
time without asking the installed metadata.
"""

__version__ = "0.1.0"
