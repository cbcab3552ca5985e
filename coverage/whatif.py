"""What-ifs in milliseconds: a centre opened or closed, answered from the baseline's own work.

The plain way (coverage.scenario.add_centre / close_centre, then coverage.indicators.per_kommune) redoes every
cell's trips and every kommune's figures. `Baseline` redoes only what can change:
- opening: one shortest-path run from the new town point; a cell's nearest centre becomes the new one where it is
  strictly nearer (what the plain argmin decides, the new run being the last row); its straight-line km is the
  smaller of the two;
- closing: only cells whose nearest town point (by road, or in a straight line) belonged to the closed centre are
  decided again among the remaining ones;
- the catchment rule (loaders.catchment.resolve, through coverage.model.resolve) runs again on the baseline's
  kommune→centre medians with the new centre's column added or the closed centre's dropped;
- every kommune with a changed cell or catchment gets its row from coverage.indicators.per_kommune over its own
  cells only (a kommune's figures depend on its own cells alone); every other row is the baseline table's.
The result equals the plain way's to the last bit (tests/test_whatif.py). A `Baseline` never writes to what it
holds after it is built (its arrays are read-only), so any number of threads may ask it at once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from coverage import indicators, scenario, travel
from coverage.model import Model, resolve
from coverage.stats import weighted_quantiles

ACTIONS = ("add", "at", "close")


@dataclass(frozen=True)
class Change:
    """A scenario's after-state. `view` is the baseline model with the centres, sites, catchments and scenario name
    after the change; it carries no runs, network or medians (they would be the baseline's): views and tables only.
    `kommuner` marks the rows (baseline order) that differ from the baseline; `cells` are their cells (ascending)
    and `trips` those cells' trips in the after-state's run rows (the keys coverage.indicators.per_kommune reads)."""

    view: Model
    kommuner: np.ndarray
    cells: np.ndarray
    trips: dict


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a)
    a.setflags(write=False)
    return a


class Baseline:
    """The baseline model's cell trips and what a what-if needs beside them, computed once."""

    def __init__(self, model: Model, trips: dict | None = None) -> None:
        trips = indicators.cell_trips(model) if trips is None else trips
        self.model = model
        self.trips = {k: _frozen(v) for k, v in trips.items()}
        runs, node = model.runs, model.access.node
        row = np.maximum(trips["near_row"], 0)
        # What the plain argmin (coverage.travel.nearest) compared for each cell's winner: node minutes + site access.
        self._near_total = _frozen(np.where(trips["near_row"] >= 0, runs.minutes[row, node] + runs.access.minutes[row],
                                            np.inf))
        self._straight_row = self.trips["straight_row"] if "straight_row" in trips else _frozen(
            indicators._straight_km(model)[1])
        # Per kommune, the smallest median minutes to any active centre: a new centre can only take over (or tie)
        # an estimated catchment where some of the kommune's people live no farther from it than that.
        with np.errstate(all="ignore"):
            best = np.nanmin(model.median_minutes.to_numpy(dtype=float), axis=1, initial=np.inf)
        self._best_median = _frozen(best)
        self._kommuner = model.kommuner.drop(columns=[c for c in ("geometry", *indicators.CATCHMENT_COLUMNS)
                                                      if c in model.kommuner])  # a what-if's view needs no shapes
        self._kommuner = pd.DataFrame(self._kommuner)

    def change(self, action: str, target: str) -> Change:
        """'add' a centre in kommune `target`, add one 'at' 'LAT,LON', or 'close' centre `target`."""
        if action == "close":
            return self.close(target)
        if action == "at":
            try:
                lat, lon = (float(v) for v in target.split(","))
            except ValueError:
                raise ValueError(f"{target!r} is not LAT,LON (e.g. 65.84,13.19)") from None
            return self.add(lat=lat, lon=lon)
        if action == "add":
            return self.add(kommunenummer=target)
        raise ValueError(f"action {action!r} not allowed; allowed: {', '.join(ACTIONS)}")

    def add(self, kommunenummer: str | None = None, lat: float | None = None, lon: float | None = None) -> Change:
        """A new centre (coverage.scenario.new_site): one run from its town point, the rest from the baseline."""
        m = self.model
        cid, x, y, centre, site = scenario.new_site(m, kommunenummer, lat, lon)
        p, node = m.params, m.access.node
        extra = travel.run_centres(m.net, np.array([cid]), np.array([x]), np.array([y]), p.access_kmh, p.access_detour)
        mins = (extra.minutes[:, node] + m.access.minutes[None, :] + extra.access.minutes[:, None])[0]
        column = self._median_column(mins, cid)
        view = self._view(m, centres=pd.concat([m.centres, centre], ignore_index=True),
                          sites=pd.concat([m.sites, site], ignore_index=True),
                          median_minutes=pd.concat([m.median_minutes, column], axis=1), scenario=f"{m.scenario}+{cid}")
        wins = extra.minutes[0, node] + extra.access.minutes[0] < self._near_total
        sx, sy = travel.to_utm(site["lat"].to_numpy(), site["lon"].to_numpy())
        straight = np.hypot(m.cells["x"].to_numpy() - sx[0], m.cells["y"].to_numpy() - sy[0]) / 1000
        nearer = straight < self.trips["straight_km"]
        after_row = np.arange(len(m.runs.centre_ids))  # baseline run rows keep their place; the new one is last
        return self._change(view, wins | nearer, after_row, extra, wins, np.minimum(straight, self.trips["straight_km"]))

    def _median_column(self, minutes: np.ndarray, cid: str) -> pd.DataFrame:
        """The new centre's median minutes (coverage.model's weights and rule) for the kommuner where it could
        take over a catchment; NaN (no time: never chosen) elsewhere, where all people live farther from it."""
        m, kindex = self.model, self.model.kommune_index
        w = m.cells["w_all"].to_numpy()
        near = np.flatnonzero((minutes <= self._best_median[kindex]) & (w > 0))
        sel = np.flatnonzero(np.isin(kindex, np.unique(kindex[near])))
        median = weighted_quantiles(kindex[sel], minutes[sel], w[sel], (0.5,), len(m.kommuner))[0]
        return pd.DataFrame({cid: median}, index=m.median_minutes.index)

    def close(self, centre_id: str) -> Change:
        """Without `centre_id`: only the cells it was nearest to are decided again."""
        m = self.model
        keep, centres, sites = scenario.closing(m, centre_id)
        view = self._view(m, centres=centres, sites=sites, median_minutes=m.median_minutes.drop(columns=[centre_id]),
                          scenario=f"{m.scenario}-{centre_id}")
        lost = ~keep[np.maximum(self.trips["near_row"], 0)] & (self.trips["near_row"] >= 0)
        lost_straight = ~keep[self._straight_row]
        straight = self.trips["straight_km"].copy()
        if lost_straight.any():
            cx, cy = travel.to_utm(sites["lat"].to_numpy(), sites["lon"].to_numpy())
            x, y = m.cells["x"].to_numpy()[lost_straight], m.cells["y"].to_numpy()[lost_straight]
            straight[lost_straight] = (np.hypot(x[None, :] - cx[:, None], y[None, :] - cy[:, None]) / 1000).min(axis=0)
        after_row = np.cumsum(keep) - 1  # baseline run row → its row after the closing (kept rows only)
        return self._change(view, lost | lost_straight, after_row, None, lost, straight, keep)

    def _view(self, m: Model, **after) -> Model:
        view = resolve(replace(m, kommuner=self._kommuner, runs=None, net=None, **after))
        return replace(view, median_minutes=None)

    def _change(self, view: Model, moved: np.ndarray, after_row: np.ndarray, extra: travel.CentreRuns | None,
                renear: np.ndarray, straight: np.ndarray, keep: np.ndarray | None = None) -> Change:
        """The kommuner whose cells `moved` or whose catchment changed, and their cells' trips after the change:
        `renear` marks cells whose nearest centre is decided again (by the new run, or among the `keep` rows)."""
        m, kindex = self.model, self.model.kommune_index
        kommuner = np.zeros(len(m.kommuner), dtype=bool)
        kommuner[kindex[moved]] = True
        kommuner |= _catchment_changed(m.catchments, view.catchments)
        cells = np.flatnonzero(kommuner[kindex])
        acc = travel.Access(m.access.node[cells], m.access.minutes[cells], m.access.km[cells])
        base = {k: v[cells] for k, v in self.trips.items()}
        near = self._near(acc, renear[cells], base, after_row, extra, keep)
        own = _catchment_of_cells(view, kindex[cells])
        aff = self._own(acc, own, after_row, extra)
        trips = {**near, **aff, "straight_km": straight[cells]}  # per_kommune needs no straight_row
        return Change(view=view, kommuner=kommuner, cells=cells, trips=trips)

    def _near(self, acc: travel.Access, renear: np.ndarray, base: dict, after_row: np.ndarray,
              extra: travel.CentreRuns | None, keep: np.ndarray | None) -> dict:
        """Nearest run row (after-state numbering), minutes and km of the given cells."""
        row = np.where(base["near_row"] >= 0, after_row[np.maximum(base["near_row"], 0)], -1)
        near_min, near_km = base["near_min"].copy(), base["near_km"].copy()
        sel = np.flatnonzero(renear)
        if len(sel):
            sub = travel.Access(acc.node[sel], acc.minutes[sel], acc.km[sel])
            if extra is not None:  # the new run is strictly nearer for these cells
                trip, new_row = travel.to_centre(extra, sub, np.zeros(len(sel), dtype=int)), len(after_row)
                row[sel] = new_row
            else:  # the plain argmin over the remaining rows: closed rows can never be the first minimum
                runs = self.model.runs
                total = runs.minutes[:, sub.node] + runs.access.minutes[:, None]
                total[~keep] = np.inf
                best = np.argmin(total, axis=0)
                trip = travel.to_centre(runs, sub, best)
                row[sel] = np.where(np.isfinite(trip.minutes), after_row[best], -1)
            near_min[sel], near_km[sel] = trip.minutes, trip.km
        return {"near_row": row, "near_min": near_min, "near_km": near_km, "unreachable": ~np.isfinite(near_min)}

    def _own(self, acc: travel.Access, own: np.ndarray, after_row: np.ndarray,
             extra: travel.CentreRuns | None) -> dict:
        """Each cell's trip to the nearest department of its kommune's centre after the change (`own`: centre ids)."""
        row, minutes, km = np.zeros(len(own), dtype=int), np.zeros(len(own)), np.zeros(len(own))
        new = np.zeros(len(own), dtype=bool) if extra is None else own == extra.centre_ids[0]
        for part, is_new in ((np.flatnonzero(~new), False), (np.flatnonzero(new), True)):
            if not len(part):
                continue
            sub = travel.Access(acc.node[part], acc.minutes[part], acc.km[part])
            if is_new:
                trip = travel.to_centre(extra, sub, np.zeros(len(part), dtype=int))
                row[part] = len(after_row)
            else:
                trip = travel.to_nearest_department(self.model.runs, sub, own[part])
                row[part] = after_row[trip.nearest]
            minutes[part], km[part] = trip.minutes, trip.km
        return {"aff_row": row, "aff_min": minutes, "aff_km": km}

    def kommuner(self, change: Change, table: pd.DataFrame, weight: str = "all", threshold: float = 90,
                 basis: str = "nearest") -> pd.DataFrame:
        """The analysis table after the change: the baseline `table` (coverage.indicators.per_kommune for the same
        weight, threshold and basis) with the changed kommuner's rows computed again."""
        rows = np.flatnonzero(change.kommuner)
        fresh = indicators.per_kommune(change.view, weight, threshold, basis, trips=change.trips, cells=change.cells,
                                       rows=rows)
        n = len(table)
        take = np.arange(n)
        take[rows] = n + np.arange(len(rows))
        out = pd.concat([table, fresh], ignore_index=True).take(take).reset_index(drop=True)
        out.attrs = dict(fresh.attrs)
        return out


def _catchment_of_cells(view: Model, kindex: np.ndarray) -> np.ndarray:
    own = view.catchments.set_index("kommunenummer")["centre_id"]
    return own.reindex(view.kommuner["kommunenummer"].to_numpy()).to_numpy()[kindex]


def _catchment_changed(before: pd.DataFrame, after: pd.DataFrame) -> np.ndarray:
    """Per kommune (both tables: one row each, the same order): whether any catchment field differs."""
    if not before["kommunenummer"].equals(after["kommunenummer"]):
        raise ValueError("catchment tables must list the same kommuner in the same order")
    changed = np.zeros(len(before), dtype=bool)
    for col in before.columns:  # a missing value (NaN, <NA>) equals a missing value
        a, b = (t[col].to_numpy(dtype=object, na_value=None) for t in (before, after))
        changed |= a != b
    return changed
