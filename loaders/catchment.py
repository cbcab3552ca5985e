"""The catchment rule, in one place: which crisis centre each kommune belongs to.

Documented: a source in geodata/catchments.csv names the kommune as served by an active centre; where several
do, the newest non-temporary source wins and the others are reported. Estimated: every other kommune gets the
active centre with the shortest road travel time (population-weighted median minutes over the kommune's people,
each to the nearest department of the centre), across fylke borders where that is nearer. The road times come
from coverage/ (loaders never compute them): `resolve` is the only function that decides a kommune's centre,
and the model, the joined table, the app and the exports all call it.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from loaders.curated import source_date

ESTIMATE_RULE = "shortest road time to the nearest department, any fylke"
COLUMNS = ["kommunenummer", "centre_id", "catchment_evidence", "catchment_source_url", "catchment_as_of",
           "catchment_as_of_year", "catchment_as_of_undated", "catchment_tag", "catchment_note",
           "catchment_other_fylke"]


@lru_cache(maxsize=4096)
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
        hosted: dict[str, set[str]] = {}
        for cid, host in zip(centre_sites["centre_id"].tolist(), centre_sites["host_kommunenummer"].tolist(), strict=True):
            if host != "":
                hosted.setdefault(cid, set()).add(str(host)[:2])
        out.update(hosted)
    return out


def resolve(documented: pd.DataFrame, centres: pd.DataFrame, kommuner: pd.DataFrame, times: pd.DataFrame,
            centre_sites: pd.DataFrame | None = None) -> pd.DataFrame:
    """One catchment per kommune (357): documented where a source names it, else estimated by road time.

    `times`: long table kommunenummer, centre_id, value — population-weighted median minutes from the kommune to
    each active centre's nearest department (from coverage.model). Returns COLUMNS; `catchment_other_fylke` is
    True where no department of the centre lies in the kommune's fylke. `df.attrs["notices"]` lists conflicts and
    rows for closed centres. Plain lists and arrays, not frame operations: a what-if runs this once
    (coverage/whatif.py), and a few hundred rows cost less in Python than pandas' fixed cost per step."""
    if times is None:
        raise ValueError("estimated catchments need road times (kommunenummer, centre_id, value in minutes): "
                         "use coverage.model.kommune_times() or pass the model's times")
    notices: list[str] = []
    active = set(centres.loc[centres["status"] == "active", "id"].tolist())
    rows = list(zip(*(documented[c].tolist() for c in ("kommunenummer", "centre_id", "source_url", "as_of",
                                                          "evidence_tag")), strict=True))
    gone: dict[str, str] = {}
    for knr, cid, _, as_of, _ in rows:
        if cid not in active:
            notices.append(f"{knr}: documented for closed centre {cid} ({as_of}); not used")
            gone.setdefault(knr, cid)
    # The newest non-temporary source first (a stable sort: equal sources keep their order in the file).
    live = sorted((r for r in rows if r[1] in active), key=lambda r: (r[0], "temporary" in r[4], -_year(r[3])))
    chosen: dict[str, tuple] = {}
    others: dict[str, list[tuple]] = {}
    for r in live:
        if r[0] in chosen:
            others[r[0]].append(r)
        else:
            chosen[r[0]], others[r[0]] = r, []
    out = {}
    for knr, (_, cid, url, as_of, tag) in chosen.items():
        note = ""
        if others[knr]:
            also = "; ".join(f"{o[1]} ({o[3]})" for o in others[knr])
            note = f"also documented: {also}"
            notices.append(f"{knr}: kept {cid} ({as_of}), also documented {also}")
        out[knr] = (cid, "documented", url, as_of, tag, note)
    for knr, cid in _estimated(kommuner, times, active, set(chosen)).items():
        note = f"documented centre {gone[knr]} has closed; estimated instead" if knr in gone else ""
        out[knr] = (cid, "estimated", "", "", ESTIMATE_RULE, note)
    return _catchment_frame(out, kommuner, centres, centre_sites, notices)


def _estimated(kommuner: pd.DataFrame, times: pd.DataFrame, active: set[str], documented: set[str]) -> dict[str, str]:
    """kommunenummer → the active centre with the smallest time (ties: the first centre id), for every kommune not
    documented; names the kommuner with no road time to any active centre."""
    rest = [k for k in kommuner["kommunenummer"].tolist() if k not in documented]
    value = times["value"].to_numpy(dtype=float)
    centre_ids = sorted(active)
    k, c = (_positions(times[col], among) for col, among in (("kommunenummer", rest), ("centre_id", centre_ids)))
    ok = (k >= 0) & (c >= 0) & np.isfinite(value)
    k, c, value = k[ok], c[ok], value[ok]
    order = np.lexsort((c, value, k))
    first = order[np.r_[True, k[order][1:] != k[order][:-1]]] if len(order) else order
    best = {rest[i]: centre_ids[j] for i, j in zip(k[first].tolist(), c[first].tolist(), strict=True)}
    lost = sorted(set(rest) - set(best))
    if lost:
        raise ValueError(f"no road time to any active centre for kommune(r) {', '.join(lost)}; "
                         "document their centre in geodata/catchments.csv")
    return best


def _positions(column: pd.Series, among: list[str]) -> np.ndarray:
    """Each value's position in `among` (-1 when absent), looking up each distinct value once."""
    codes, distinct = pd.factorize(column)
    found = pd.Index(among).get_indexer(np.asarray(distinct, dtype=object))
    return np.where(codes >= 0, found[np.maximum(codes, 0)], -1) if len(found) else np.full(len(codes), -1)


def _catchment_frame(out: dict[str, tuple], kommuner: pd.DataFrame, centres: pd.DataFrame,
                     centre_sites: pd.DataFrame | None, notices: list[str]) -> pd.DataFrame:
    """COLUMNS from kommunenummer → (centre, evidence, url, as_of, tag, note), sorted by kommunenummer."""
    knr = sorted(out)
    cols = list(zip(*(out[k] for k in knr), strict=True)) if knr else [()] * 6
    fylke_of = dict(zip(kommuner["kommunenummer"].tolist(), kommuner["fylkesnummer"].tolist(), strict=True))
    where = _fylker_of_centres(centres, centre_sites)
    result = pd.DataFrame({
        "kommunenummer": knr, "centre_id": list(cols[0]), "catchment_evidence": list(cols[1]),
        "catchment_source_url": list(cols[2]), "catchment_as_of": list(cols[3]),
        "catchment_as_of_year": pd.array([_year(a) or None for a in cols[3]], dtype="Int64"),
        "catchment_as_of_undated": [a == "undated" for a in cols[3]], "catchment_tag": list(cols[4]),
        "catchment_note": list(cols[5]),
        "catchment_other_fylke": [fylke_of[k] not in where.get(c, set()) for k, c in zip(knr, cols[0], strict=True)],
    })
    result = result[COLUMNS]
    result.attrs["notices"] = notices
    return result
