"""What a repaint resends. Streamlit sends a message the browser already holds as its hash only when the message
is at least `global.minCachedMessageSize` bytes, and keeps it for `global.maxCachedMessageAge` script runs unused.
Held on the project's .streamlit/config.toml and the map page's own elements: the kommune search box (357 options)
and the table are above the size, so neither travels again on a repaint, and the age outlasts a visit to every other
page and back. The bytes themselves are measured in Chromium by benchmarks/repaint.py."""

from __future__ import annotations

import tomllib
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
PAGES = ("kart", "kommune", "hva_om", "metode", "register_propose", "register_review")


def _cache_settings() -> dict:
    with open(ROOT / ".streamlit" / "config.toml", "rb") as fh:
        return tomllib.load(fh)["global"]


def test_the_search_box_and_the_table_travel_once():
    limit = _cache_settings()["minCachedMessageSize"]
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert not at.exception, at.exception
    boxes = [box for box in at.selectbox if len(box.options) >= 300]
    assert boxes, "the map page has a kommune search box"
    sizes = [box.proto.ByteSize() for box in boxes] + [frame.proto.ByteSize() for frame in at.dataframe]
    assert len(sizes) > len(boxes), "the map page has its table"
    assert min(sizes) >= limit, (sizes, limit)


def test_a_message_outlives_a_visit_to_every_other_page():
    assert _cache_settings()["maxCachedMessageAge"] >= 2 * len(PAGES)
