"""Presentasjon: one kommune's slides full screen (map → the gap → travel → comparison → plan → what-if →
sources), from the same deck as the PPTX and PDF slides. ← →, Page Up/Page Down and Home/End step; the buttons do
the same for a mouse; "Lysbilde 2 av 6" is announced to screen readers. The slide lives in the URL (`slide=2`,
through the one Selection), so a link reopens the same slide."""

from __future__ import annotations

import html
from dataclasses import replace

import streamlit as st

import vocabulary as vocab
from dashboard import data, slideshow, state, widgets

sel = st.session_state["selection"]
key = st.session_state["model_key"]
lang = sel.lang
table = data.kommune_table(key, sel.weight, sel.threshold)
names = data.kommune_names(table)
st.html(slideshow.CSS)

if not sel.kommune or sel.kommune not in names:
    st.info(vocab.t("slide_choose", lang))
    st.selectbox(vocab.t("choose_kommune", lang), sorted(names, key=names.get), index=None, format_func=names.get,
                 key=f"presenter-kommune-{lang}", placeholder=vocab.t("choose_kommune", lang),
                 on_change=lambda: widgets.set_selection(kommune=st.session_state[f"presenter-kommune-{lang}"] or "",
                                                         slide=1))
    st.stop()

shown = slideshow.kommune_deck(key, sel.kommune, sel)
count = len(shown.slides)
current = min(sel.slide, count)
wanted = slideshow.keyboard(current, count)
if wanted is not None and wanted != current:
    current = wanted
if current != sel.slide:
    sel = widgets.set_selection(slide=current)


def _go(n: int) -> None:
    widgets.set_selection(slide=n)


slide = shown.slides[current - 1]
body = st.container()  # one element whatever the slide holds: the controls below keep their place between slides
if slide.key == "map":
    body.html(f'<section class="dk-slide"><h1>{html.escape(slide.title)}</h1>'
              f'<p class="dk-muted">{html.escape(slide.lines[0])}</p></section>')
    left, right = body.columns([3, 2])
    if slide.picture:
        left.image(slide.picture, alt=slide.alt, width="stretch")
    right.html(slideshow.legend_html(slide))
else:
    body.html(slideshow.slide_html(slide))

back, prev, where, nxt = st.columns([2, 1, 2, 1], vertical_alignment="center")
back.page_link(st.session_state["pages"]["kommune"], label=vocab.t("slide_back", lang),
               query_params=state.to_params(replace(sel, slide=1)))
prev.button(vocab.t("slide_prev", lang), key="slide-prev", on_click=_go, args=(current - 1,), disabled=current == 1,
            width="stretch")
where.html(f'<p class="dk-count" role="status" aria-live="polite" data-testid="dk-slide-count">'
           f'{html.escape(vocab.t("slide_of", lang, i=current, n=count))}</p>')
nxt.button(vocab.t("slide_next", lang), key="slide-next", on_click=_go, args=(current + 1,), disabled=current == count,
           width="stretch")
st.caption(vocab.t("slide_keys", lang))
