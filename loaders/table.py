"""The join: one row per kommune (357) with geometry, fylke, population, plan evidence and catchment.

Catchments follow the one rule in loaders/catchment.py (documented, else the shortest road time to any active
centre's nearest department, across fylke borders). Road times come from coverage/, so the full table takes
them as an argument: `coverage.model.kommune_table()` builds it from the prepared model.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from loaders import boundaries, capacity, catchment, curated, evidence, malform, population, review
from loaders.problems import ValidationError, ValidationErrors, brief

PLAN_EVIDENCE = ["plan_joint_plan_id", "plan_joint_title", "plan_joint_region", "plan_joint_published", "plan_adopted_basis",
                 "plan_quote"]


def load_curated(kommuner: gpd.GeoDataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The curated tables (centres, departments, catchments, plans, leads, joint plans, the plan search log,
    capacity against the norm and its search log — loaders/capacity.py, the målform of every kommune and fylke
    with its search log — loaders/malform.py),
    validated against the 2024 division (notices in each df.attrs); 'review' is the log of old catchments re-read
    against newer sources (loaders/review.py), checked once the catchments are valid.

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
        "departments": checked("centre_departments.csv", lambda: curated.departments(valid, centres, crosswalk=cw))
        if centres is not None else None,
        "catchments": checked("catchments.csv", lambda: curated.catchments(valid, _centre_ids(centres), crosswalk=cw)),
        "plans": checked("action_plans.csv", lambda: curated.action_plans(valid, crosswalk=cw)),
        "leads": checked("action_plan_leads.csv", lambda: curated.plan_leads(valid, crosswalk=cw)),
        "joint_plans": checked("joint_plans.csv", evidence.joint_plans),
        "search_log": checked("plan_search_log.csv", lambda: evidence.search_log(valid, crosswalk=cw)),
        "malform": checked(malform.FILE, lambda: malform.kommuner(valid)),
        "malform_fylker": checked(malform.FYLKE_FILE, lambda: malform.fylker(set(kommuner["fylkesnummer"]))),
        "malform_log": checked(malform.LOG_FILE, malform.search_log),
    }
    fylker = set(kommuner["fylkesnummer"]) if "fylkesnummer" in kommuner else None
    tables["capacity"] = checked(capacity.FILE, lambda: capacity.capacity(centre_ids=_centre_ids(centres), fylker=fylker))
    tables["capacity_search_log"] = checked(capacity.LOG, capacity.search_log)
    if tables["catchments"] is not None:  # the re-read log is checked against the catchments it explains
        tables["review"] = checked(review.FILE, lambda: review.review(valid, tables["catchments"]))
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


def centre_sites(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Town points of the active centres: documented departments, else the centre's own point."""
    return catchment.sites(data["centres"], data.get("departments"))


def kommune_base(year: int = 2025, data: dict[str, pd.DataFrame] | None = None,
                 kommuner: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """357 rows: kommune, fylke, population, plan status + evidence + source and its date — no catchment yet.

    `data` is load_curated()'s result when the caller has it already."""
    kommuner = boundaries.kommuner() if kommuner is None else kommuner
    fylker = boundaries.fylker()[["fylkesnummer", "fylkesnavn"]]
    data = load_curated(kommuner) if data is None else data
    plans = data["plans"].rename(columns={
        "status": "plan_status", "source_url": "plan_source_url", "as_of": "plan_as_of", "as_of_year": "plan_as_of_year",
        "as_of_undated": "plan_as_of_undated", "partners": "plan_partners", "adopted_date": "plan_adopted_date",
        "joint_plan_id": "plan_joint_plan_id", "adopted_basis": "plan_adopted_basis", "quote": "plan_quote"})
    plans["plan_period"] = (plans["period_start"] + "–" + plans["period_end"]).str.strip("–")
    plans = plans.merge(evidence.joint_columns(data["plans"], data["joint_plans"]), on="kommunenummer", how="left")
    leads = data["leads"][["kommunenummer", "source_url"]].rename(columns={"source_url": "plan_lead_url"})
    table = (kommuner.merge(fylker, on="fylkesnummer", how="left")
             .merge(population.by_kommune(year), on="kommunenummer", how="left")
             .merge(plans[["kommunenummer", "plan_status", "plan_title", "plan_period", "plan_partners",
                           "plan_adopted_date", "plan_source_url", "plan_as_of", "plan_as_of_year",
                           "plan_as_of_undated", *PLAN_EVIDENCE]], on="kommunenummer", how="left")
             .merge(leads, on="kommunenummer", how="left"))
    table["plan_evidence"] = np.where(table["plan_status"].isna(), "unknown", "documented")
    table["plan_status"] = table["plan_status"].fillna("unknown")
    table["plan_as_of_undated"] = table["plan_as_of_undated"].astype("boolean").fillna(False).astype(bool)
    text = [c for c in table.columns if table[c].dtype == object or str(table[c].dtype).startswith("str")]
    table[text] = table[text].fillna("")
    table.attrs["notices"] = sum((d.attrs.get("notices", []) for d in data.values()), [])
    table.attrs["population_year"] = year
    return table


def with_catchments(base: pd.DataFrame, catchments: pd.DataFrame, centres: pd.DataFrame) -> pd.DataFrame:
    """The base table joined with resolved catchments and the centre's name and town."""
    names = centres[["id", "name", "town"]].rename(columns={"id": "centre_id", "name": "centre_name", "town": "centre_town"})
    table = base.merge(catchments, on="kommunenummer", how="left").merge(names, on="centre_id", how="left")
    table.attrs = {**base.attrs, "notices": base.attrs.get("notices", []) + catchments.attrs.get("notices", [])}
    return table


def kommune_table(year: int = 2025, *, times: pd.DataFrame, data: dict[str, pd.DataFrame] | None = None) -> gpd.GeoDataFrame:
    """357 rows: the base table plus each kommune's catchment by the one rule (loaders/catchment.py).

    `times`: the model's median road minutes per kommune and centre (coverage.model.kommune_times)."""
    kommuner = boundaries.kommuner()
    data = load_curated(kommuner) if data is None else data
    base = kommune_base(year, data, kommuner)
    catch = catchment.resolve(data["catchments"], data["centres"], base, times, centre_sites(data))
    return with_catchments(base, catch, data["centres"])
