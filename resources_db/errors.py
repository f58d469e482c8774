"""Exceptions raised by the resource database; every edge translates them.

ResourceDbError            base class; catch this at an edge (action, CLI, admin API)
├── InvalidQuery           a caller asked for something impossible (bad coordinates, radius, category)
├── DataFileError          a bundled or imported data file is malformed; message says where
└── DatabaseUnavailable    the database could not be reached or queried
"""


class ResourceDbError(Exception):
    """Base class of every error this package raises on purpose."""


class InvalidQuery(ResourceDbError, ValueError):
    """The query cannot be answered as asked (out-of-range coordinates, unknown category...)."""


class DataFileError(ResourceDbError):
    """A data file is malformed. The message names the file, the entry and the field."""


class DatabaseUnavailable(ResourceDbError):
    """The database could not be reached or failed while answering."""
