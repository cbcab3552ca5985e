"""The join: one row per kommune (357) with geometry, fylke, population, plan evidence and catchment.

Catchment rule for kommuner without a documented row (stated in the README): the active centre in the
kommune's own fylke with the shortest road travel time when times are given (coverage/), else the
shortest straight line from the kommune's interior point to the centre's town. Always labelled `estimated`.
"""

from __future__ import annotations

import re

import geopandas as gpd
import numpy as np
import pandas as pd

from loaders import boundaries, curated, population
from loaders.problems import ValidationError, ValidationErrors, brief

ESTIMATE_RULE_ROAD = "shortest road time within the fylke"
ESTIMATE_RULE_LINE = "shortest straight line within the fylke"


def _year(text: str) -> int:
    m = re.search(r"(19|20)\d\d", text or "")
    return int(m.group(0)) if m else 0


def load_curated(kommuner: gpd.GeoDataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The four curated tables, validated against the 2024 division (notices in each df.attrs).

    Every file is checked before anything stops: one ValidationErrors lists each bad file's problems."""
    kommuner = boundaries.kommuner() if kommuner is None else kommuner
    valid = set(kommuner["kommunenummer"])
    cw = population.crosswalk_2023()
    errors: list[ValidationError] = []

    def checked(filename: str, read):
        try:
            return read()
        except ValidationError as exc:
            errors.append(exc)
        except (OSError, ValueError, KeyError) as exc:  # not a readable UTF-8 CSV with the expected columns
            errors.append(ValidationError(filename, [f"cannot be read as a UTF-8 CSV table ({brief(exc)})"]))
        return None

    centres = checked("crisis_centres.csv", lambda: curated.centres(valid, crosswalk=cw))
    tables = {
        "centres": centres,
        "catchments": checked("catchments.csv", lambda: curated.catchments(valid, _centre_ids(centres), crosswalk=cw)),
        "plans": checked("action_plans.csv", lambda: curated.action_plans(valid, crosswalk=cw)),
        "leads": checked("action_plan_leads.csv", lambda: curated.plan_leads(valid, crosswalk=cw)),
    }
    if errors:
        raise ValidationErrors(errors)
    centres["fylkesnummer"] = _centre_fylke(centres, kommuner)
    return tables


class _AnyId(set):
    """Stands in for the centre ids when crisis_centres.csv cannot be read: no catchment row is blamed for it."""

    def __contains__(self, item) -> bool:
        return True


def _centre_ids(centres: pd.DataFrame | None) -> set[str]:
    """The valid centres' ids; with crisis_centres.csv invalid, its raw id column (or any id, if unreadable)."""
    if centres is not None:
        return set(centres["id"])
    try:
        return set(pd.read_csv(curated.GEODATA / "crisis_centres.csv", dtype=str, keep_default_na=False)["id"])
    except (OSError, ValueError, KeyError):
        return _AnyId()


def _centre_fylke(centres: pd.DataFrame, kommuner: gpd.GeoDataFrame) -> pd.Series:
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(centres["lon"], centres["lat"]), crs=boundaries.WGS84)
    hit = gpd.sjoin_nearest(points.to_crs(boundaries.UTM33), kommuner.to_crs(boundaries.UTM33)[["fylkesnummer", "geometry"]])
    by_point = hit[~hit.index.duplicated()]["fylkesnummer"].reindex(points.index).to_numpy()
    host = centres["host_kommunenummer"].str[:2]
    return pd.Series(np.where(host != "", host, by_point), index=centres.index)


def resolve_catchments(documented: pd.DataFrame, centres: pd.DataFrame, kommuner: pd.DataFrame,
                       times: pd.DataFrame | None = None, distances: pd.DataFrame | None = None) -> pd.DataFrame:
    """One catchment per kommune: documented (newest non-temporary source to an active centre) or estimated.

    `times`/`distances`: long tables kommunenummer, centre_id, value (minutes or km) used for estimates.
    Returns kommunenummer, centre_id, catchment_evidence, catchment_source_url, catchment_as_of,
    catchment_tag, catchment_note; `df.attrs["notices"]` lists conflicts and closed-centre rows.
    """
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

    rest = kommuner.loc[~kommuner["kommunenummer"].isin(out["kommunenummer"]), ["kommunenummer", "fylkesnummer"]]
    cost, rule = (times, ESTIMATE_RULE_ROAD) if times is not None else (distances, ESTIMATE_RULE_LINE)
    if cost is None:
        cost, rule = straight_line_km(kommuner, centres[centres["status"] == "active"]), ESTIMATE_RULE_LINE
    cand = cost[cost["centre_id"].isin(active)].merge(rest, on="kommunenummer")
    cand = cand.merge(centres[["id", "fylkesnummer"]].rename(columns={"id": "centre_id", "fylkesnummer": "_cf"}),
                      on="centre_id")
    cand["_other_fylke"] = cand["_cf"] != cand["fylkesnummer"]
    best = cand.sort_values(["kommunenummer", "_other_fylke", "value"]).drop_duplicates("kommunenummer")
    estimated = pd.DataFrame({
        "kommunenummer": best["kommunenummer"], "centre_id": best["centre_id"],
        "catchment_evidence": "estimated", "catchment_source_url": "", "catchment_as_of": "",
        "catchment_tag": rule, "catchment_note": np.where(best["_other_fylke"], "no active centre in the fylke", ""),
    })
    for row in closed.itertuples():
        if row.kommunenummer in set(estimated["kommunenummer"]):
            estimated.loc[estimated["kommunenummer"] == row.kommunenummer, "catchment_note"] = (
                f"documented centre {row.centre_id} has closed; estimated instead")
    result = pd.concat([out, estimated], ignore_index=True).sort_values("kommunenummer").reset_index(drop=True)
    result.attrs["notices"] = notices
    return result


def straight_line_km(kommuner: gpd.GeoDataFrame, centres: pd.DataFrame) -> pd.DataFrame:
    """Long table kommunenummer, centre_id, value: km from the kommune's interior point to each centre town."""
    k = kommuner.to_crs(boundaries.UTM33)
    kp = k.geometry.representative_point()
    cp = gpd.GeoSeries(gpd.points_from_xy(centres["lon"], centres["lat"]), crs=boundaries.WGS84).to_crs(boundaries.UTM33)
    d = np.hypot(kp.x.to_numpy()[:, None] - cp.x.to_numpy()[None, :], kp.y.to_numpy()[:, None] - cp.y.to_numpy()[None, :])
    return pd.DataFrame({
        "kommunenummer": np.repeat(k["kommunenummer"].to_numpy(), len(cp)),
        "centre_id": np.tile(centres["id"].to_numpy(), len(kp)),
        "value": d.ravel() / 1000,
    })


def kommune_table(year: int = 2025, times: pd.DataFrame | None = None,
                  data: dict[str, pd.DataFrame] | None = None) -> gpd.GeoDataFrame:
    """357 rows: kommune, fylke, population, plan status + evidence + source, catchment centre + evidence.

    `data` is load_curated()'s result when the caller has it already."""
    kommuner = boundaries.kommuner()
    fylker = boundaries.fylker()[["fylkesnummer", "fylkesnavn"]]
    data = load_curated(kommuner) if data is None else data
    centres = data["centres"]
    plans = data["plans"].rename(columns={
        "status": "plan_status", "plan_title": "plan_title", "source_url": "plan_source_url", "as_of": "plan_as_of",
        "partners": "plan_partners", "adopted_date": "plan_adopted_date"})
    plans["plan_period"] = (plans["period_start"] + "–" + plans["period_end"]).str.strip("–")
    leads = data["leads"][["kommunenummer", "source_url"]].rename(columns={"source_url": "plan_lead_url"})
    catch = resolve_catchments(data["catchments"], centres, kommuner, times=times)
    names = centres[["id", "name", "town"]].rename(columns={"id": "centre_id", "name": "centre_name", "town": "centre_town"})

    table = (kommuner.merge(fylker, on="fylkesnummer", how="left")
             .merge(population.by_kommune(year), on="kommunenummer", how="left")
             .merge(plans[["kommunenummer", "plan_status", "plan_title", "plan_period", "plan_partners",
                           "plan_adopted_date", "plan_source_url", "plan_as_of"]], on="kommunenummer", how="left")
             .merge(leads, on="kommunenummer", how="left")
             .merge(catch, on="kommunenummer", how="left")
             .merge(names, on="centre_id", how="left"))
    table["plan_evidence"] = np.where(table["plan_status"].isna(), "unknown", "documented")
    table["plan_status"] = table["plan_status"].fillna("unknown")
    text = [c for c in table.columns if table[c].dtype == object or str(table[c].dtype).startswith("str")]
    table[text] = table[text].fillna("")
    table.attrs["notices"] = sum((d.attrs.get("notices", []) for d in data.values()), []) + catch.attrs["notices"]
    table.attrs["population_year"] = year
    return table
