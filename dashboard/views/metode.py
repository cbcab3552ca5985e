"""Metode og kilder: the method in plain words, every source with licence and hash status, evidence rules."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import vocabulary as vocab
from coverage import calibration, network
from dashboard import data
from loaders import registry

sel = st.session_state["selection"]
key = st.session_state["model_key"]
lang = sel.lang
model = data.get_model(key)


@st.cache_data(show_spinner=False)
def _sources(key: str) -> pd.DataFrame:
    rows = []
    for src in registry.sources().values():
        path = registry.data_dir() / src["file"]
        ok = path.is_file() and registry.sha256(path) == src["sha256"]
        rows.append({"source": src["title"], "file": src["file"], "licence": src["licence"],
                     "attribution": src["attribution"], "sha256": src["sha256"][:12] + "…",
                     "status": "ok" if ok else "FEIL / FAILED", "url": src["url"]})
    return pd.DataFrame(rows)


@st.cache_data(show_spinner=False)
def _calibration(key: str) -> tuple[pd.DataFrame, dict]:
    m = data.get_model(key)
    ev = calibration.evaluate(m.params, m.centres, m.net)
    return ev, calibration.summary(ev)


ev, cal = _calibration(key)
speeds = dict(network.Params().speeds)
f = lambda v, d=1: vocab.fmt(v, lang, d)  # noqa: E731
if lang == "nb":
    st.title("Metode og kilder")
    st.markdown(f"""
**Kjøretid** beregnes slik SSB gjør det, men på et 1 km rutenett: fra hver bebodde rute (SSB 2019, vektet til
kommunens folketall 1.1.{data.YEAR}) kjører vi langs Kartverkets N1000-vegnett (bilveger og bilferjer) til
krisesenterets tettsted. **Ferjer** teller med 12,3 km/t, som hos SSB, for å dekke ventetid. Hastighetene er
tilpasset {cal['routes_time']} offentlige kjøretider mellom byer: median feil **{f(cal['median_abs_time_pct'])} %**
for tid (verst {f(cal['worst_abs_time_pct'])} %) og **{f(cal['median_abs_km_pct'])} %** for avstand (verst
{f(cal['worst_abs_km_pct'])} %). Alle tall er **beregnet kjøretid**, ikke målt reise. Folk som bor på en øy
uten vei eller ferje til et senter regnes som *uten veiforbindelse*, ikke med en oppdiktet tid.

**Nærmeste senter** er det med kortest kjøretid (alle kan velge hvilket krisesenter de vil). **Eget senter**
er det kommunen hører til: *dokumentert* når en kilde nevner kommunen, ellers *anslått* som senteret med kortest
kjøretid i samme fylke. **Gap-klassene** krysser planstatus med median kjøretid mot terskelen du velger.
**Ukjent** planstatus vises som ukjent, aldri som «nei».
""")
else:
    st.title("Method and sources")
    st.markdown(f"""
**Drive times** follow Statistics Norway's method on a 1 km grid: from every populated cell (SSB 2019, weighted
to the kommune's population on 1 January {data.YEAR}) we drive along Kartverket's N1000 road network (car roads and
car ferries) to the crisis centre's town. **Ferries** count at 12.3 km/h, as SSB does, to cover waiting. Speeds
were fitted to {cal['routes_time']} public town-to-town drive times: median error **{f(cal['median_abs_time_pct'])}%**
for time (worst {f(cal['worst_abs_time_pct'])}%) and **{f(cal['median_abs_km_pct'])}%** for distance (worst
{f(cal['worst_abs_km_pct'])}%). Every figure is an **estimated drive time**, not a measured trip. People on an
island with no road or ferry to a centre are counted as *no road to any centre*, never given an invented time.

The **nearest centre** is the one with the shortest drive (anyone may choose any crisis centre). The **own
centre** is the one the kommune belongs to: *documented* where a source names the kommune, otherwise
*estimated* as the centre with the shortest drive within the same fylke. **Gap classes** cross plan status with
the median drive time against the threshold you choose. **Unknown** plan status is shown as unknown, never as "no".
""")

st.subheader("Modellparametre" if lang == "nb" else "Model parameters")
st.table(pd.DataFrame({"km/t" if lang == "nb" else "km/h": {k: f(v) for k, v in
                                                            {**speeds, "ferje / ferry": network.FERRY_KMH}.items()}}).T)
st.caption(("Veglengder × " if lang == "nb" else "Road lengths × ") + f(network.Params().length_factor, 3)
           + (" (N1000 er generalisert). Adkomst: luftlinje × 1,3 i 30 km/t." if lang == "nb"
              else " (N1000 is generalised). Access leg: straight line × 1.3 at 30 km/h."))

pieces = model.net.summary()
st.caption((f"Vegnettet: {pieces['nodes']} noder, {pieces['edges']} lenker (herav {pieces['ferry_edges']} ferjer), "
            f"{pieces['components']} sammenhengende deler; den største har {pieces['largest_component_nodes']} noder. "
            "Folk hvis nærmeste vegnode ligger på en del uten krisesenter, regnes som uten veiforbindelse.")
           if lang == "nb" else
           (f"Road network: {pieces['nodes']} nodes, {pieces['edges']} links ({pieces['ferry_edges']} ferries), "
            f"{pieces['components']} connected pieces; the largest has {pieces['largest_component_nodes']} nodes. "
            "People whose nearest road node lies on a piece with no crisis centre count as having no road to one."))

st.subheader("Kalibrering" if lang == "nb" else "Calibration")
st.dataframe(ev[["route_id", "minutes", "model_minutes", "km", "model_km", "ferries", "model_ferries",
                 "time_error_pct", "km_error_pct", "source_url"]].round(1), hide_index=True, width="stretch")

st.subheader("Kilder" if lang == "nb" else "Sources")
st.dataframe(_sources(key), hide_index=True, width="stretch")
st.markdown(f"Attribusjon / attribution: {vocab.t('attribution', lang)}. Kuraterte data: `geodata/` "
            "(krisesentre, opptaksområder, handlingsplaner — hver rad med kilde og dato).")

st.subheader("Hva vi ikke vet" if lang == "nb" else "What is unknown")
table = data.kommune_table(key, sel.weight, sel.threshold)
unknown = int((table["plan_status"] == "unknown").sum())
estimated = int((table["catchment_evidence"] == "estimated").sum())
placeholder = model.centres[model.centres["location_evidence"] == "placeholder"]["name"].tolist()
if lang == "nb":
    st.markdown(f"- Planstatus er **ukjent** for {unknown} av 357 kommuner.\n"
                f"- Tilhørighet til krisesenter er **anslått** for {estimated} av 357 kommuner.\n"
                f"- Tettstedet er en plassholder for: {', '.join(placeholder)}.\n"
                "- Krisesenterets adresse er hemmelig og finnes ikke her; punktene er tettstedets sentrum (2 desimaler).")
else:
    st.markdown(f"- Plan status is **unknown** for {unknown} of 357 kommuner.\n"
                f"- The crisis centre a kommune belongs to is **estimated** for {estimated} of 357.\n"
                f"- The town is a placeholder for: {', '.join(placeholder)}.\n"
                "- Crisis-centre addresses are secret and are not here; points are town centres (2 decimals).")
for notice in model.catchments.attrs.get("notices", []):
    st.caption(notice)
