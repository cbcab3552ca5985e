"""Download buttons: maps (PNG/SVG/PDF), data files (CSV/XLSX/GeoJSON), fact sheets and editable briefs (DOCX),
built on click from the same export/ functions as the command line, for exactly the view on screen."""

from __future__ import annotations

import io
import re
import unicodedata

import pandas as pd
import streamlit as st

import vocabulary as vocab
from dashboard import data
from dashboard.state import Selection


def slug(text: str) -> str:
    """A file-name part from a name: lower case ASCII, words joined by '-' (Troms → troms, Sør-Fron → sor-fron)."""
    text = text.lower().translate(str.maketrans({"æ": "ae", "ø": "o", "å": "a"}))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def area_slug(key: str, sel: Selection) -> str:
    """The area shown, by name, for file names: the fylke's name, or norge/norway."""
    return slug(data.fylke_names(key).get(sel.fylke, vocab.t("norway", sel.lang)))


def _bytes(write) -> bytes:
    buffer = io.BytesIO()
    write(buffer)
    return buffer.getvalue()


def map_buttons(key: str, table: pd.DataFrame, sel: Selection) -> None:
    """PNG (web, social), PDF (A4 print) and SVG of the map as shown: area, indicator, threshold, weight, language."""
    from export import maps as export_maps

    centres = data.centres(key)
    area = sel.fylke or "norge"
    stem = f"dekningskart-{area_slug(key, sel)}-{sel.indicator}-{sel.lang}"

    def render(size: str, fmt: str):
        def make() -> bytes:
            kommuner, fylker = data.export_geometry()
            return _bytes(lambda out: export_maps.render(table, kommuner, fylker, centres, sel.indicator, sel.threshold,
                                                         sel.lang, area, size, fmt, out, sel.weight))
        return make

    def html_page() -> bytes:
        from export import html as export_html

        kommuner_geo, fylker_geo = data.web_geo(key)
        return export_html.render(table, centres, indicator=sel.indicator, threshold=sel.threshold, lang=sel.lang,
                                  area=sel.fylke or "norge", weight=sel.weight, kommuner_geo=kommuner_geo,
                                  fylker_geo=fylker_geo, facts=None).encode("utf-8")

    def label(fmt: str, size: str) -> str:  # format, pixels and use, from the preset itself
        return export_maps.size_label(fmt, size, sel.lang)

    row = st.container(horizontal=True)  # one row that wraps: each label is read whole, never cut with '…'
    row.download_button(label("PNG", "web"), render("web", "png"), f"{stem}.png", "image/png", key="dl-map-png")
    row.download_button(label("PNG", "social"), render("social", "png"), f"{stem}-social.png", "image/png",
                        key="dl-map-social")
    row.download_button(label("PDF", "print"), render("print", "pdf"), f"{stem}-a4.pdf", "application/pdf",
                        key="dl-map-pdf")
    row.download_button(label("SVG", "slide"), render("slide", "svg"), f"{stem}.svg", "image/svg+xml",
                        key="dl-map-svg")
    row.download_button(vocab.t("html_download", sel.lang), html_page, f"{stem}.html", "text/html", key="dl-map-html",
                        help=vocab.t("html_download_help", sel.lang))
    with st.expander(vocab.t("embed_title", sel.lang)):
        from export import html as export_html

        st.caption(vocab.t("embed_advice", sel.lang, file=f"{stem}.html", w=export_html.EMBED_RATIO[0] * 100,
                           h=export_html.EMBED_RATIO[1] * 100))
        # Shown on request: the code block's highlighter would add ~0.4 MB to every reader's first load.
        if st.toggle(vocab.t("embed_show", sel.lang), key="embed-show"):
            st.code(export_html.embed_snippet(f"{stem}.html", vocab.t("embed_frame_title", sel.lang)), language="html")


def table_buttons(key: str, table: pd.DataFrame, sel: Selection, where: str) -> None:
    """CSV (Excel-ready, kommunenummer as text), XLSX with a sources sheet, GeoJSON — for the rows shown."""
    from export import tables

    rows = slug(vocab.t("all_kommuner", sel.lang)) if sel.filter == "all" else sel.filter.replace("_", "-")
    stem = f"dekningskart-{area_slug(key, sel)}-{rows}-{sel.weight}-{sel.threshold}min-{sel.lang}"
    from export import publishing

    lang, n = sel.lang, len(table)
    whole = not sel.fylke
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    st.caption(vocab.t("files_caption", lang, n=n))
    cols = st.columns(5)
    # The file for people first: the table below, in the reader's language, as on screen (export.publishing).
    cols[0].download_button(vocab.t("dl_table", lang, fmt="CSV"), lambda: publishing.to_csv(
        table, lang, sel.threshold, sel.weight, whole), f"{stem}-tabell.csv", "text/csv", key=f"dl-{where}-pub-csv")
    cols[1].download_button(vocab.t("dl_table", lang, fmt="XLSX"), lambda: publishing.to_xlsx(
        table, lang, sel.threshold, sel.weight, whole), f"{stem}-tabell.xlsx", xlsx, key=f"dl-{where}-pub-xlsx")
    # The technical file, made on the click like the others (bytes handed over would be fetched on every render).
    cols[2].download_button(vocab.t("dl_full", lang, fmt="CSV"), lambda: data.table_csv(table), f"{stem}.csv", "text/csv",
                            key=f"dl-{where}-csv", help=vocab.t("dl_full_help", lang))
    cols[3].download_button(vocab.t("dl_full", lang, fmt="XLSX"), lambda: tables.to_xlsx(table), f"{stem}.xlsx", xlsx,
                            key=f"dl-{where}-xlsx", help=vocab.t("dl_full_help", lang))
    cols[4].download_button(vocab.t("dl_geojson", lang), lambda: tables.to_geojson(table, data.web_kommuner()), f"{stem}.geojson",
                            "application/geo+json", key=f"dl-{where}-geojson", help=vocab.t("dl_full_help", lang))


def sheet_lang(knr: str, lang: str) -> str:
    """The documents' language (fact sheets and briefs): the page's in English; in Norwegian the kommune's målform by
    default (Nynorsk for a Nynorsk kommune: loaders.malform, the one rule), said beside the buttons, with a choice of
    the other form. Asked once per report card; the buttons take its answer."""
    from loaders import malform
    from vocabulary import register_words

    if lang == "en" or "nn" not in vocab.LANGS:  # English, or no Nynorsk in the vocabulary yet
        return lang
    w = lambda key: register_words.t(key, lang)  # noqa: E731  (these phrases carry their Nynorsk inline)
    default = malform.document_lang(knr)
    forms = ("nn", "nb")
    chosen = st.radio(w("sheet_lang"), forms, index=forms.index(default), horizontal=True,
                      format_func=lambda v: w(f"ask_lang_{v}"), key=f"sheet-lang-{knr}")
    if default == "nn":
        st.caption(w("sheet_malform" if chosen == "nn" else "sheet_malform_nb"))
    return chosen


def _documents(key: str, table: pd.DataFrame, knr: str, sel: Selection, lang: str, kommune_doc, fylke_doc):
    """(row, kommune maker, fylke maker): the kommune's and its fylke's document (fact sheet or brief) in `lang`,
    each built on click from the same inputs as the command line's."""
    centres = data.centres(key)
    row = table.set_index("kommunenummer", drop=False).loc[knr]
    areas = data.area_table(key, "fylke", sel.weight, sel.threshold).set_index("area")
    norge = data.area_table(key, "norge", sel.weight, sel.threshold).iloc[0]
    fnr = row["fylkesnummer"]

    def kommune() -> bytes:
        kommuner, fylker = data.export_geometry()
        return _bytes(lambda out: kommune_doc(row, areas.loc[fnr], norge, table, kommuner, fylker, centres, out,
                                              lang, sel.threshold, data.YEAR))

    def fylke() -> bytes:
        kommuner, fylker = data.export_geometry()
        return _bytes(lambda out: fylke_doc(fnr, areas.loc[fnr], norge, table, kommuner, fylker, centres, out,
                                            lang, sel.threshold, data.YEAR))

    return row, kommune, fylke


def factsheet_buttons(key: str, table: pd.DataFrame, knr: str, sel: Selection, lang: str | None = None) -> None:
    """One-page PDF for the kommune and for its fylke, in `lang` (sheet_lang's answer; asked here when not given)."""
    from export import factsheet

    lang = lang or sheet_lang(knr, sel.lang)
    row, kommune_pdf, fylke_pdf = _documents(key, table, knr, sel, lang, factsheet.kommune_sheet, factsheet.fylke_sheet)
    fnr = row["fylkesnummer"]
    c1, c2 = st.columns(2)
    names = {code: f"{slug(vocab.t('sheet', lang))}-{code}-{slug(name)}-{lang}.pdf"
             for code, name in ((knr, row["kommunenavn"]), (fnr, row["fylkesnavn"]))}
    c1.download_button(vocab.t("dl_sheet", sel.lang, name=row["kommunenavn"], what=vocab.t("kommune", sel.lang).lower()),
                       kommune_pdf, names[knr], "application/pdf", key="dl-factsheet-kommune")
    c2.download_button(vocab.t("dl_sheet", sel.lang, name=row["fylkesnavn"], what=vocab.t("fylke_word", sel.lang)),
                       fylke_pdf, names[fnr], "application/pdf", key="dl-factsheet-fylke")


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def brief_buttons(key: str, table: pd.DataFrame, knr: str, sel: Selection, lang: str | None = None) -> None:
    """The editable brief (Word) for the kommune and for its fylke, beside the fact sheets, in `lang` (as the sheets)."""
    from export import brief

    lang = lang or sheet_lang(knr, sel.lang)
    row, kommune_docx, fylke_docx = _documents(key, table, knr, sel, lang, brief.kommune_brief, brief.fylke_brief)
    fnr = row["fylkesnummer"]
    stem = slug(vocab.t("brief", lang))
    c1, c2 = st.columns(2)
    c1.download_button(vocab.t("brief_button", sel.lang, name=row["kommunenavn"]), kommune_docx,
                       f"{stem}-{knr}-{slug(row['kommunenavn'])}-{lang}.docx", DOCX, key="dl-brief-kommune")
    c2.download_button(vocab.t("brief_button", sel.lang, name=row["fylkesnavn"]), fylke_docx,
                       f"{stem}-{fnr}-{slug(row['fylkesnavn'])}-{lang}.docx", DOCX, key="dl-brief-fylke")


PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def slides_buttons(key: str, knr: str, sel: Selection, lang: str) -> None:
    """The kommune's slides (the presenter view's deck, with the chosen what-if) as PowerPoint and as PDF, in `lang`
    (the documents' language, as the fact sheets and briefs), each built on the click."""
    from dataclasses import replace

    from dashboard import slideshow
    from export import slidepages, slides

    chosen = replace(sel, lang=lang)
    made = lambda write: lambda: _bytes(lambda out: write(slideshow.kommune_deck(key, knr, chosen), out))  # noqa: E731
    name = data.kommune_table(key, sel.weight, sel.threshold).set_index("kommunenummer").loc[knr, "kommunenavn"]
    stem = f"{slug(vocab.t('slide_deck', lang))}-{knr}-{slug(name)}-{lang}"
    c1, c2 = st.columns(2)
    c1.download_button(vocab.t("slide_button", sel.lang, name=name, fmt="PowerPoint"), made(slides.to_pptx),
                       f"{stem}.pptx", PPTX, key="dl-slides-pptx")
    c2.download_button(vocab.t("slide_button", sel.lang, name=name, fmt="PDF"), made(slidepages.to_pdf),
                       f"{stem}.pdf", "application/pdf", key="dl-slides-pdf")
