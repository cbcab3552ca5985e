"""Fetch, read and validate every public source Dekningskart uses; no Streamlit here."""

from loaders.problems import DataMissingError, ValidationError

__all__ = ["DataMissingError", "ValidationError"]
