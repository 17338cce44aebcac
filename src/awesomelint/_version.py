"""The version, in one place: the package, the CLI's ``--version``, reports and the build read it here."""

__version__ = "0.1.0"
