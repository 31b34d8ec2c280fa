"""The package version, in a module of its own so that `okg --help` imports nothing else to show it."""

__version__ = "0.1.0"
