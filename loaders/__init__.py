"""Fetch, read and validate every public source Dekningskart uses; no Streamlit here."""

from loaders.problems import (
    DataDamagedError,
    DataError,
    DataMissingError,
    DataUnreadableError,
    ValidationError,
    ValidationErrors,
)

__all__ = ["DataDamagedError", "DataError", "DataMissingError", "DataUnreadableError", "ValidationError",
           "ValidationErrors"]
