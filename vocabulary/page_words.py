# ruff: noqa: E501  (a table of UI strings reads better one string per line)
"""Words of the page around the content (issue 19, items 9 and 10), in bokmål, nynorsk and English: Streamlit's and
Leaflet's own English control labels as a reader of a Norwegian page should hear them, and what a download says
while its file is being made. Merged into the one table of phrases (vocabulary.WORDS) like the register's words.

CONTROLS maps each English label the frontend writes (an aria-label, a title or a placeholder) to its phrase key;
PREFIXES does the same for labels that go on with the control's own name ("Help for Innbyggere over 90 min unna").
dashboard/static/pagewords.js swaps them on the page (and back, for English)."""

from __future__ import annotations

WORDS = {
    # Streamlit's and Leaflet's own controls (aria-label, title or placeholder; English in the frontend)
    "ui_collapse_sidebar": {"nb": "Skjul sidepanelet", "nn": "Gøym sidepanelet", "en": "Collapse sidebar"},
    "ui_expand_sidebar": {"nb": "Vis sidepanelet", "nn": "Vis sidepanelet", "en": "Expand sidebar"},
    "ui_sidebar": {"nb": "Sidepanel", "nn": "Sidepanel", "en": "Sidebar"},
    "ui_open": {"nb": "Åpne listen", "nn": "Opne lista", "en": "Open"},
    "ui_close": {"nb": "Lukk", "nn": "Lukk", "en": "Close"},
    "ui_clear": {"nb": "Tøm valget", "nn": "Tøm valet", "en": "Clear value"},
    "ui_choose_date": {"nb": "Velg dato", "nn": "Vel dato", "en": "Choose date"},
    "ui_heading_link": {"nb": "Lenke til overskriften", "nn": "Lenkje til overskrifta", "en": "Link to heading"},
    "ui_copy": {"nb": "Kopier teksten", "nn": "Kopier teksten", "en": "Copy to clipboard"},
    "ui_columns": {"nb": "Vis eller skjul kolonner", "nn": "Vis eller gøym kolonnar", "en": "Show/hide columns"},
    "ui_download_csv": {"nb": "Last ned tabellen som CSV", "nn": "Last ned tabellen som CSV", "en": "Download as CSV"},
    "ui_search": {"nb": "Søk", "nn": "Søk", "en": "Search"},
    "ui_fullscreen": {"nb": "Fullskjerm", "nn": "Fullskjerm", "en": "Fullscreen"},
    "ui_fullscreen_close": {"nb": "Lukk fullskjerm", "nn": "Lukk fullskjerm", "en": "Close fullscreen"},
    "ui_running": {"nb": "Arbeider …", "nn": "Arbeider …", "en": "Running..."},
    "ui_zoom_in": {"nb": "Zoom inn", "nn": "Zoom inn", "en": "Zoom in"},
    "ui_zoom_out": {"nb": "Zoom ut", "nn": "Zoom ut", "en": "Zoom out"},
    "ui_choose": {"nb": "Velg", "nn": "Vel", "en": "Choose an option"},
    "ui_help_for": {"nb": "Forklaring: ", "nn": "Forklaring: ", "en": "Help for "},
    "ui_day": {"nb": "dag, ", "nn": "dag, ", "en": "day, "},
    "ui_month": {"nb": "måned, ", "nn": "månad, ", "en": "month, "},
    "ui_year": {"nb": "år, ", "nn": "år, ", "en": "year, "},
    # a download while its file is made (the button shows a small wheel; this line names the file and counts)
    "dl_making": {"nb": "Lager {what} … {s} s", "nn": "Lagar {what} … {s} s", "en": "Making {what} … {s} s"},
    "dl_made": {"nb": "{what} er klar etter {s} s: se i mappen for nedlastinger.",
                "nn": "{what} er klar etter {s} s: sjå i mappa for nedlastingar.",
                "en": "{what} is ready after {s} s: look in your downloads folder."},
    "dl_made_now": {"nb": "{what} er klar: se i mappen for nedlastinger.", "nn": "{what} er klar: sjå i mappa for nedlastingar.",
                    "en": "{what} is ready: look in your downloads folder."},
    "dl_failed": {"nb": "{what} kunne ikke lages. Prøv igjen om litt.", "nn": "{what} kunne ikkje lagast. Prøv igjen om litt.",
                  "en": "{what} could not be made. Try again in a moment."},
    "dl_geojson": {"nb": "Kartdata (GeoJSON)", "nn": "Kartdata (GeoJSON)", "en": "Map data (GeoJSON)"},
    "dl_sheet": {"nb": "Faktaark {name} ({what}, PDF A4)", "nn": "Faktaark {name} ({what}, PDF A4)",
                 "en": "Fact sheet {name} ({what}, PDF A4)"},
    "dl_whatif_csv": {"nb": "Før og etter, per kommune (CSV)", "nn": "Før og etter, per kommune (CSV)",
                      "en": "Before and after, per kommune (CSV)"},
    "dl_whatif_pdf": {"nb": "Før og etter, kart og tall (PDF A4)", "nn": "Før og etter, kart og tal (PDF A4)",
                      "en": "Before and after, maps and figures (PDF A4)"},
}

CONTROLS = {WORDS[k]["en"]: k for k in (
    "ui_collapse_sidebar", "ui_expand_sidebar", "ui_sidebar", "ui_open", "ui_close", "ui_clear", "ui_choose_date",
    "ui_heading_link", "ui_copy", "ui_columns", "ui_download_csv", "ui_search", "ui_fullscreen", "ui_fullscreen_close",
    "ui_running", "ui_zoom_in", "ui_zoom_out", "ui_choose")}
PREFIXES = {WORDS[k]["en"]: k for k in ("ui_help_for", "ui_day", "ui_month", "ui_year")}
