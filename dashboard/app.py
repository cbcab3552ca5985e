"""Dekningskart: the joined kommune table (first version; the map views come with the dashboard issue)."""

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loaders import DataMissingError, ValidationError  # noqa: E402
from loaders.table import kommune_table  # noqa: E402

st.set_page_config(page_title="Dekningskart", layout="wide")
st.title("Dekningskart")
try:
    table = kommune_table()
except (DataMissingError, ValidationError) as exc:
    st.error(str(exc))
    st.stop()
st.dataframe(table.drop(columns="geometry"), hide_index=True)
