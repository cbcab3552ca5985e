"""Metode og kilder: the method in plain words with its figures taken from coverage/params.py and the
calibration, both ferry models for the longest trips, every source with its checksum, and what is unknown."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import vocabulary as vocab
from coverage import calibration, ferries, gaps, network, params, sourcing, validation
from dashboard import capacity as capacity_view
from dashboard import data
from loaders import registry

sel = st.session_state["selection"]
key = st.session_state["model_key"]
lang, t = sel.lang, vocab.t
model = data.get_model(key)
f = lambda v, d=1: vocab.fmt(v, lang, d)  # noqa: E731
pct = lambda v: vocab.fmt(v, lang, 1) + (" %" if vocab.is_norwegian(lang) else "%")  # noqa: E731 (errors are already in per cent)


# What the page says about SSB's travel times, each with its source (found 2026-12-05; quotes verbatim).
SSB_SOURCES = {
    "ssb_drive_url": ("https://www.ssb.no/helse/artikler-og-publikasjoner/stor-variasjon-i-kjoretiden-til-naermeste-fodested",
                      "2019", "For å kompensere for kostnaden av at ferger ikke går kontinuerlig, har fergene blitt "
                      "tilegnet en effektiv hastighet på 12.3 km/t i NVDB."),
    "ssb_url": ("https://www.ssb.no/ajax/ordforklaring?key=444629&sprak=no", "undated",
                "Beregningen av indeksen er basert på reisetid til arbeidsplasser og servicefunksjoner fra alle bebodde "
                "grunnkretser."),
    "kmd_url": ("https://www.regjeringen.no/no/dokumenter/regionale-utviklingstrekk-2021/id2847260/?ch=9", "2021",
                "Reisetiden er målt etter (bil)vei med kjøretid etter skiltet hastighet."),
}


@st.cache_data(show_spinner=False)
def _calibration(key: str) -> tuple[dict, pd.DataFrame, dict]:
    m = data.get_model(key)
    crossings = ferries.evaluate_crossings(m.params, m.net)
    return validation.report(m), crossings, ferries.crossing_summary(crossings)


@st.cache_data(show_spinner=False)
def _longest(key: str, weight: str) -> pd.DataFrame:
    return ferries.longest_trips(20, weight)


@st.cache_data(show_spinner=False)
def _sources(key: str) -> list[dict]:
    rows = []
    for name, src in registry.sources().items():
        path = registry.data_dir() / src["file"]
        state = "m_missing" if not path.is_file() else "m_ok" if registry.sha256(path) == src["sha256"] else "m_failed"
        rows.append({**src, "title_nn": vocab.source_title(name, src, "nn"), "state": state})
    return rows


rep, crossings, xs = _calibration(key)
p = params.Params()
st.title(t("page_method", lang))

st.header(t("m_travel_h", lang))
st.markdown(t("m_travel", lang, year=data.YEAR, factor=f(p.length_factor, 3), detour=f(p.access_detour),
              access=f(p.access_kmh, 0), urban=f(p.urban_min_per_km, 3), urban_people=f(params.URBAN_CELL_PEOPLE, 0)))
st.caption(t("m_speeds", lang))
st.dataframe(pd.DataFrame([{t(f"road_{cls}", lang): f(v) for cls, v in p.speeds}]), hide_index=True)
st.caption(t("m_region_speed", lang))
st.dataframe(pd.DataFrame([{t(f"region_{r}", lang): f(v, 3) for r, v in p.region_speed}]), hide_index=True)
net = model.net.summary()
st.caption(t("m_network", lang, nodes=f(net["nodes"], 0), edges=f(net["edges"], 0),
             crossings=f(net.get("crossings", net["ferry_edges"]), 0), components=net["components"]))

st.header(t("m_ferries_h", lang))
st.markdown(t("m_ferries", lang, long_km=f(p.ferry_long_km), rows=xs["rows"], crossings=xs["crossings"],
              median=pct(xs["median_abs_pct"]), flat_kmh=f(p.ferry_kmh), flat_median=pct(xs["flat_median_abs_pct"])))
st.header(t("m_ssb_h", lang))
st.markdown(t("m_ssb", lang, **{name: url for name, (url, _, _) in SSB_SOURCES.items()}))
st.caption(t("m_crossing_params", lang))
st.dataframe(pd.DataFrame([{t("m_kind", lang): t(f"m_{kind}", lang), t("m_wait", lang): f(p.crossing(kind)[0]),
                            t("m_dock", lang): f(p.crossing(kind)[1]), t("m_sail", lang): f(p.crossing(kind)[2])}
                           for kind in params.FERRY_KINDS]), hide_index=True)

quays = {r.crossing_id: f"{r.from_quay}–{r.to_quay}" for r in ferries.reference_crossings().itertuples()}


def _published(text: str) -> str:
    """'rost-bodo 180–240 min; …' with the crossings' quay names instead of their ids."""
    parts = [p.strip() for p in str(text or "").split(";") if p.strip()]
    return "; ".join(quays.get(p.split(" ")[0], p.split(" ")[0]) + " " + " ".join(p.split(" ")[1:]) for p in parts)


st.subheader(t("m_longest_h", lang))
st.caption(t("m_longest", lang, people=vocab.people(sel.weight, lang)))
longest = _longest(key, sel.weight)
st.dataframe(pd.DataFrame({
    t("kommune", lang): longest["kommunenavn"] + " (" + longest["kommunenummer"] + ")",
    t("m_with_crossings", lang): longest["median_min"].map(lambda v: vocab.fmt(v, lang, 0, "min")),
    t("m_with_flat", lang, flat_kmh=f(p.ferry_kmh)): longest["median_min_flat"].map(lambda v: vocab.fmt(v, lang, 0, "min")),
    # from the minutes as shown, so a reader who checks by hand gets the same per cent
    t("m_change", lang): (longest["median_min"].round() / longest["median_min_flat"].round() - 1).map(
        lambda v: vocab.pct(v, lang)),
    t("m_ferries_n", lang): longest["ferries"].map(lambda v: vocab.fmt(v, lang, 0)),
    t("nearest_centre", lang): longest["nearest_centre"],
    t("m_published", lang): longest["published_min"].map(_published),
}), hide_index=True, width="stretch")
urls = sorted({u for cell in longest["source_urls"] for u in str(cell).split() if u.startswith(("http://", "https://"))})
if urls:
    st.markdown(t("sources", lang) + ": " + " · ".join(f"[{i + 1}]({u})" for i, u in enumerate(urls)))

st.header(t("m_calibration_h", lang))
fig = rep["figures"]
oof, ev = rep["evals"]["current out-of-fold"], rep["evals"]["current in-sample"]
st.markdown(t("m_calibration", lang, routes=rep["routes"], timed=int(oof["minutes"].notna().sum()), folds=rep["folds"],
              median=pct(fig.loc["median |time error| %", "current out-of-fold"]),
              signed=pct(fig.loc["median signed time error %", "current out-of-fold"]),
              worst=pct(fig.loc["worst |time error| %", "current out-of-fold"]),
              band=pct(fig.loc["time-error band (P80 of |error|) %", "current out-of-fold"]),
              km_median=pct(fig.loc["median |km error| %", "current out-of-fold"]),
              previous=pct(fig.loc["median |time error| %", "previous out-of-fold"]),
              in_sample=pct(fig.loc["median |time error| %", "current in-sample"])))
st.caption(t("m_by_region", lang))
regions = validation.error_table(oof, "region")
st.dataframe(pd.DataFrame({
    t("m_region", lang): regions["region"].map(lambda r: t(f"region_{r}", lang)),
    t("m_routes_n", lang): regions["routes_time"],
    t("m_signed", lang): regions["median_signed_time_pct"].map(pct),
    t("m_abs", lang): regions["median_abs_time_pct"].map(pct),
    t("m_worst", lang): regions["worst_abs_time_pct"].map(pct),
}), hide_index=True)
st.dataframe(pd.DataFrame({
    t("m_route", lang): ev["from_town"] + " – " + ev["to_town"],
    t("m_published_min", lang): ev["minutes"].map(lambda v: vocab.fmt(v, lang, 0)),
    t("m_model_min", lang): ev["model_minutes"].map(lambda v: vocab.fmt(v, lang, 0)),
    t("m_oof_min", lang): oof["model_minutes"].map(lambda v: vocab.fmt(v, lang, 0)),
    t("m_time_error", lang): oof["time_error_pct"].map(lambda v: pct(v) if pd.notna(v) else "–"),
    t("m_published_km", lang): ev["km"].map(lambda v: vocab.fmt(v, lang, 0)),
    t("m_model_km", lang): ev["model_km"].map(lambda v: vocab.fmt(v, lang, 0)),
    t("m_km_error", lang): ev["km_error_pct"].map(lambda v: pct(v) if pd.notna(v) else "–"),
    t("m_ferries_n", lang): ev["ferries"].astype(int),
    t("m_source_date", lang): ev["source_date"].map(lambda v: vocab.date_text(v, lang)),
    t("source", lang): ev["source_url"].str.split().str[0],
}), hide_index=True, width="stretch", column_config={t("source", lang): st.column_config.LinkColumn()})
st.dataframe(pd.DataFrame({
    t("m_crossing", lang): crossings["from_quay"] + " – " + crossings["to_quay"],
    t("m_kind", lang): crossings["kind"].map(lambda k: t(f"m_{k}", lang)),
    t("m_length", lang): crossings["km"].map(lambda v: vocab.fmt(v, lang, 1)),
    t("m_published_min", lang): crossings["minutes"].map(lambda v: vocab.fmt(v, lang, 0)),
    t("m_model_min", lang): crossings["model_sail_min"].map(lambda v: vocab.fmt(v, lang, 0)),
    t("m_with_flat", lang, flat_kmh=f(p.ferry_kmh)): crossings["flat_min"].map(lambda v: vocab.fmt(v, lang, 0)),
    t("m_source_date", lang): crossings["source_date"].map(lambda v: vocab.date_text(v, lang)),
    t("source", lang): crossings["source_url"],
}), hide_index=True, width="stretch", column_config={t("source", lang): st.column_config.LinkColumn()})

left_out, tolerance = calibration.read(excluded=True), params.ROUTE_KM_TOLERANCE * 100
if len(left_out) + len(rep["other_route"]):
    st.markdown(t("m_left_out", lang, n=len(left_out) + len(rep["other_route"])) + "".join(
        "\n- " + t("m_left_out_row", lang, route=f"{r.from_town} – {r.to_town}", reason=r.excluded,
                   published=", ".join(vocab.fmt(v, lang, 0, unit) for v, unit in ((r.minutes, "min"), (r.km, "km"))
                                       if pd.notna(v))) + f" ([{t('source', lang)}]({r.source_url.split()[0]}))"
        for r in left_out.itertuples()) + "".join(
        "\n- " + t("m_left_out_row", lang, route=f"{r.from_town} – {r.to_town}", reason=t(
            "m_other_route", lang, model_km=vocab.fmt(r.model_km, lang, 0, "km"), tolerance=pct(tolerance)),
                   published=", ".join(vocab.fmt(v, lang, 0, unit) for v, unit in ((r.minutes, "min"), (r.km, "km"))
                                       if pd.notna(v))) + f" ([{t('source', lang)}]({r.source_url.split()[0]}))"
        for r in rep["other_route"].itertuples()))
st.markdown(t("m_unopened", lang) + "".join(
    "\n- " + t("m_unopened_row", lang, road=road["road"], links=road["links"], names=road["names"], opens=road["opens"])
    + "".join(f" ([{t('source', lang)}]({u}))" for u in road["source_urls"]) for road in network.unopened_roads()))

st.header(t("m_catchments_h", lang))
table = data.kommune_table(key, sel.weight, sel.threshold)
estimated = table[table["catchment_evidence"] == "estimated"]
cross = int(estimated.get("catchment_other_fylke", pd.Series(False, index=estimated.index)).fillna(False).sum())
st.markdown(t("m_catchments", lang, documented=int((table["catchment_evidence"] == "documented").sum()),
              estimated=len(estimated), cross=cross))
names = dict(zip(table["kommunenummer"], table["kommunenavn"], strict=True))
notices = model.catchments.attrs.get("notices", [])
estimated_now = set(estimated["kommunenummer"])  # a kommune also documented for an active centre keeps that one
closed = [k for k in (n.split(":")[0] for n in notices if "closed centre" in n) if k in estimated_now]
if closed:
    st.caption(t("m_closed", lang, n=len(closed), names=", ".join(names.get(k, k) for k in closed)))
centre_names = dict(zip(model.centres["id"], model.centres["name"], strict=True))
for n in notices:
    if ": kept " in n:
        knr, rest = n.split(": kept ", 1)
        cid, _, when = rest.split(",")[0].partition(" (")
        kept = f"{centre_names.get(cid, cid).split(' (')[0]}, {vocab.as_of_text(when.rstrip(')'), lang)}"
        st.caption(t("m_conflict", lang, name=names.get(knr, knr), kept=kept))

st.header(t("m_gaps_h", lang))
st.markdown(t("m_gaps", lang, t=sel.threshold))
st.dataframe(pd.DataFrame({t(f"grid_{g}", lang): [vocab.CLASS_LABELS[gaps.RULE[(g, travel)]][lang] for travel in gaps.TRAVEL]
                           for g in gaps.PLAN_GROUPS},
                           index=pd.Index([t(travel, lang, t=sel.threshold) for travel in gaps.TRAVEL],
                                          name=t("travel_axis", lang))))

st.subheader(t("m_band_h", lang))
st.markdown(t("m_band", lang, b=vocab.error_band(lang), b_plain=vocab.error_band(lang, plain=True), t=sel.threshold,
              n=int(table["close_to_threshold"].sum()), total=len(table)))

st.header(t("m_sources_h", lang))
title = (lambda s: s.get(f"title_{lang}", s["title"])) if vocab.is_norwegian(lang) else (lambda s: s["title"])
st.dataframe(pd.DataFrame([{t("m_source", lang): title(s), t("m_file", lang): s["file"], t("m_licence", lang): s["licence"],
                            "sha256": s["sha256"][:12] + "…", t("m_status", lang): t(s["state"], lang), "URL": s["url"]}
                           for s in _sources(key)]), hide_index=True, width="stretch",
             column_config={"URL": st.column_config.LinkColumn()})
st.markdown(f"{t('attribution', lang)}. {t('m_curated', lang)}")

# --- evidence coverage (coverage/sourcing.py; the same figure `python -m loaders check` prints) ---
st.header(t("coverage_title", lang))
cov = sourcing.evidence_coverage(table)
st.markdown(t("coverage_intro", lang, sourced=cov.sourced, total=cov.total, unknown=cov.unknown, asked=cov.asked))
st.dataframe(cov.by_age.set_axis([vocab.PLAN_LABELS[s][lang] for s in cov.by_age.index])
             .set_axis([t(f"coverage_age_{c}", lang) for c in sourcing.AGES] + [t("coverage_total", lang)], axis=1)
             .rename_axis(t("coverage_status", lang)), width="content")

st.header(t("m_unknown_h", lang))
counts = table["plan_status"].value_counts()
known = ", ".join(f"{vocab.PLAN_LABELS[s][lang].lower()} {int(counts.get(s, 0))}"
                  for s in ("adopted", "in_progress", "expired", "none"))
placeholder = model.centres[model.centres["location_evidence"] == "placeholder"]["name"].tolist()
st.markdown("\n".join(f"- {line}" for line in [
    t("m_unknown_plans", lang, n=int(counts.get("unknown", 0)), total=len(table)),
    t("m_plan_counts", lang, counts=known), t("nkvts", lang),
    t("m_estimated", lang, n=len(estimated), total=len(table)),
    t("m_placeholder", lang, names=", ".join(placeholder)), t("m_secret", lang)]))

capacity_view.method_section(table, lang)  # capacity against the Council of Europe norm (dashboard/capacity.py)
