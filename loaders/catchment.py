"""The catchment rule, in one place: which crisis centre each kommune belongs to.

Documented: a source in geodata/catchments.csv names the kommune as served by an active centre; where several
do, the newest non-temporary source wins and the others are reported. Estimated: every other kommune gets the
active centre with the shortest road travel time (population-weighted median minutes over the kommune's people,
each to the nearest department of the centre), across fylke borders where that is nearer. The road times come
from coverage/ (loaders never compute them): `resolve` is the only function that decides a kommune's centre,
and the model, the joined table, the app and the exports all call it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from loaders.curated import source_date

ESTIMATE_RULE = "shortest road time to the nearest department, any fylke"
COLUMNS = ["kommunenummer", "centre_id", "catchment_evidence", "catchment_source_url", "catchment_as_of",
           "catchment_as_of_year", "catchment_as_of_undated", "catchment_tag", "catchment_note",
           "catchment_other_fylke"]


def _year(text: str) -> int:
    """The year of a source date (loaders.curated.source_date); 0 when undated or empty, so it sorts oldest."""
    return source_date(text).year or 0 if (text or "").strip() else 0


def sites(centres: pd.DataFrame, departments: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per town point of every active centre: its documented departments, or else the centre itself.

    Columns: centre_id, department, town, host_kommunenummer, lat, lon (2 decimals, town level)."""
    active = centres[centres["status"] == "active"]
    own = pd.DataFrame({"centre_id": active["id"], "department": active["town"], "town": active["town"],
                        "host_kommunenummer": active["host_kommunenummer"], "lat": active["lat"], "lon": active["lon"]})
    if departments is None or departments.empty:
        return own.reset_index(drop=True)
    deps = departments[departments["centre_id"].isin(active["id"])]
    keep = own[~own["centre_id"].isin(deps["centre_id"])]
    out = pd.concat([keep, deps[own.columns]], ignore_index=True)
    order = {cid: i for i, cid in enumerate(active["id"])}
    return out.sort_values("centre_id", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)


def _fylker_of_centres(centres: pd.DataFrame, centre_sites: pd.DataFrame | None) -> dict[str, set[str]]:
    """Fylker where each centre has a department (its host fylke when it has no documented departments)."""
    out = {cid: {f} for cid, f in zip(centres["id"], centres["fylkesnummer"], strict=True)}
    if centre_sites is not None:
        hosted = centre_sites[centre_sites["host_kommunenummer"] != ""]
        for cid, group in hosted.groupby("centre_id"):
            out[cid] = set(group["host_kommunenummer"].str[:2])
    return out


def resolve(documented: pd.DataFrame, centres: pd.DataFrame, kommuner: pd.DataFrame, times: pd.DataFrame,
            centre_sites: pd.DataFrame | None = None) -> pd.DataFrame:
    """One catchment per kommune (357): documented where a source names it, else estimated by road time.

    `times`: long table kommunenummer, centre_id, value — population-weighted median minutes from the kommune to
    each active centre's nearest department (from coverage.model). Returns COLUMNS; `catchment_other_fylke` is
    True where no department of the centre lies in the kommune's fylke. `df.attrs["notices"]` lists conflicts and
    rows for closed centres."""
    if times is None:
        raise ValueError("estimated catchments need road times (kommunenummer, centre_id, value in minutes): "
                         "use coverage.model.kommune_table() or pass the model's times")
    notices: list[str] = []
    active = set(centres.loc[centres["status"] == "active", "id"])
    doc = documented.assign(_year=documented["as_of"].map(_year),
                            _temporary=documented["evidence_tag"].str.contains("temporary"))
    closed = doc[~doc["centre_id"].isin(active)]
    for row in closed.itertuples():
        notices.append(f"{row.kommunenummer}: documented for closed centre {row.centre_id} ({row.as_of}); not used")
    doc = doc[doc["centre_id"].isin(active)].sort_values(["kommunenummer", "_temporary", "_year"],
                                                         ascending=[True, True, False])
    chosen = doc.drop_duplicates("kommunenummer")
    notes = {}
    for knr, group in doc.groupby("kommunenummer"):
        if len(group) > 1:
            others = "; ".join(f"{r.centre_id} ({r.as_of})" for r in group.iloc[1:].itertuples())
            notes[knr] = f"also documented: {others}"
            notices.append(f"{knr}: kept {group.iloc[0]['centre_id']} ({group.iloc[0]['as_of']}), also documented {others}")
    out = pd.DataFrame({
        "kommunenummer": chosen["kommunenummer"], "centre_id": chosen["centre_id"],
        "catchment_evidence": "documented", "catchment_source_url": chosen["source_url"],
        "catchment_as_of": chosen["as_of"], "catchment_tag": chosen["evidence_tag"],
    })
    out["catchment_note"] = out["kommunenummer"].map(notes).fillna("")

    rest = kommuner.loc[~kommuner["kommunenummer"].isin(out["kommunenummer"]), ["kommunenummer"]]
    cand = times[times["centre_id"].isin(active) & np.isfinite(times["value"].astype(float))]
    cand = cand.merge(rest, on="kommunenummer").sort_values(["kommunenummer", "value", "centre_id"])
    best = cand.drop_duplicates("kommunenummer")
    lost = sorted(set(rest["kommunenummer"]) - set(best["kommunenummer"]))
    if lost:
        raise ValueError(f"no road time to any active centre for kommune(r) {', '.join(lost)}; "
                         "document their centre in geodata/catchments.csv")
    estimated = pd.DataFrame({
        "kommunenummer": best["kommunenummer"], "centre_id": best["centre_id"],
        "catchment_evidence": "estimated", "catchment_source_url": "", "catchment_as_of": "",
        "catchment_tag": ESTIMATE_RULE, "catchment_note": "",
    })
    gone = closed.drop_duplicates("kommunenummer").set_index("kommunenummer")["centre_id"]
    hit = estimated["kommunenummer"].isin(gone.index)
    estimated.loc[hit, "catchment_note"] = [f"documented centre {gone[k]} has closed; estimated instead"
                                            for k in estimated.loc[hit, "kommunenummer"]]
    result = pd.concat([out, estimated], ignore_index=True).sort_values("kommunenummer").reset_index(drop=True)
    years = [_year(a) or None for a in result["catchment_as_of"]]
    result["catchment_as_of_year"] = pd.array(years, dtype="Int64")
    result["catchment_as_of_undated"] = result["catchment_as_of"].eq("undated")
    fylke_of = kommuner.set_index("kommunenummer")["fylkesnummer"]
    where = _fylker_of_centres(centres, centre_sites)
    result["catchment_other_fylke"] = [fylke_of[k] not in where.get(c, set())
                                       for k, c in zip(result["kommunenummer"], result["centre_id"], strict=True)]
    result = result[COLUMNS]
    result.attrs["notices"] = notices
    return result
