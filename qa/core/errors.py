"""Named errors. Every message says what to do next, in one line."""


class QAError(Exception):
    """Base class: anything the user can fix. The CLI and the app print its message."""


class ConfigError(QAError):
    """A setting has the wrong type or name."""


class SeedsError(QAError):
    """The seeds folder is missing or nothing in it could be indexed."""


class ModelError(QAError):
    """The embedding model cannot be found or is not the expected one."""


class IndexError_(QAError):
    """Base for problems with the persisted index (named to avoid shadowing IndexError)."""


class IndexMissingError(IndexError_):
    """No index has been built in the folder."""


class IndexCorruptError(IndexError_):
    """An index file is missing, truncated or unreadable."""


class IndexStaleError(IndexError_):
    """The index no longer matches the seeds folder, the model or the chunking settings."""


class BuildError(QAError):
    """A build could not be written (disk full, read-only folder, ...)."""


class BuildBusyError(BuildError):
    """Another build of the same index folder is running."""


class ClusterError(BuildError):
    """A build on a Ray cluster could not start or finish (distributed.py); the store is
    as it was."""


class QuestionError(QAError):
    """The question is empty or unusable."""
