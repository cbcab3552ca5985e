"""Drive times from every populated cell to every crisis centre along the road network.

One Dijkstra run per centre town point — a centre with documented departments has one per department, and a
trip to that centre goes to its nearest department (scipy.sparse.csgraph) gives minutes to every node; km and ferry count along
the fastest path are summed over the predecessor tree by pointer jumping (vectorised). A cell's time to a
centre = its access leg + the node time + the centre's access leg. Cells on a piece of network with no
centre are unreachable (inf), never given a made-up time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pyproj import Transformer
from scipy.sparse.csgraph import dijkstra

from coverage.network import Network

_TO_UTM = Transformer.from_crs("EPSG:4326", "EPSG:25833", always_xy=True)


def to_utm(lat: np.ndarray | float, lon: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    x, y = _TO_UTM.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.asarray(x), np.asarray(y)


@dataclass
class Access:
    """Where points join the network: node index, access minutes and km (detour factor applied)."""

    node: np.ndarray
    minutes: np.ndarray
    km: np.ndarray


def access(net: Network, x: np.ndarray, y: np.ndarray, kmh: float, detour: float) -> Access:
    node, dist = net.nearest_node(np.asarray(x), np.asarray(y))
    km = dist / 1000 * detour
    return Access(node=node, minutes=km / kmh * 60, km=km)


def _sum_along_tree(pred: np.ndarray, edge_value: np.ndarray) -> np.ndarray:
    """Per row: sum of edge_value[v] (the edge pred[v]→v) from each node up to its root, by pointer jumping."""
    rows, n = pred.shape
    r = np.arange(rows)[:, None]
    anc = np.where(pred >= 0, pred, np.arange(n)[None, :])
    acc = np.where(pred >= 0, edge_value, 0.0)
    while True:  # acc[v] = sum from v up to anc[v]; roots have acc 0, so jumping past them adds nothing
        nxt = anc[r, anc]
        acc = acc + acc[r, anc]
        if np.array_equal(nxt, anc):
            return acc
        anc = nxt


def _edge_values(net: Network, pred: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    km_m, fe_m = net.edge_arrays()
    rows, n = pred.shape
    has = pred >= 0
    src = pred[has]
    dst = np.broadcast_to(np.arange(n), pred.shape)[has]
    km = np.zeros(pred.shape)
    fe = np.zeros(pred.shape)
    km[has] = np.asarray(km_m[src, dst]).ravel()
    fe[has] = np.round(np.asarray(fe_m[src, dst]).ravel())
    return km, fe


@dataclass
class CentreRuns:
    """Per centre (rows) and node (columns): minutes, km and ferries along the fastest path."""

    centre_ids: np.ndarray
    minutes: np.ndarray
    km: np.ndarray
    ferries: np.ndarray
    access: Access

    def subset(self, keep: np.ndarray) -> CentreRuns:
        return CentreRuns(self.centre_ids[keep], self.minutes[keep], self.km[keep], self.ferries[keep],
                          Access(self.access.node[keep], self.access.minutes[keep], self.access.km[keep]))

    def concat(self, other: CentreRuns) -> CentreRuns:
        return CentreRuns(
            np.concatenate([self.centre_ids, other.centre_ids]), np.vstack([self.minutes, other.minutes]),
            np.vstack([self.km, other.km]), np.vstack([self.ferries, other.ferries]),
            Access(np.concatenate([self.access.node, other.access.node]),
                   np.concatenate([self.access.minutes, other.access.minutes]),
                   np.concatenate([self.access.km, other.access.km])))


def run_centres(net: Network, centre_ids, x, y, kmh: float, detour: float) -> CentreRuns:
    """Dijkstra from each centre's nearest node; km and ferries summed along each shortest-path tree."""
    acc = access(net, x, y, kmh, detour)
    minutes, pred = dijkstra(net.graph, directed=False, indices=acc.node, return_predecessors=True)
    minutes = np.atleast_2d(minutes)
    pred = np.atleast_2d(pred)
    km_edge, fe_edge = _edge_values(net, pred)
    return CentreRuns(np.asarray(centre_ids), minutes, _sum_along_tree(pred, km_edge),
                      np.round(_sum_along_tree(pred, fe_edge)).astype(int), acc)


@dataclass
class CellTimes:
    """Per cell: nearest centre (index into runs), minutes, km, ferries; inf where unreachable."""

    nearest: np.ndarray
    minutes: np.ndarray
    km: np.ndarray
    ferries: np.ndarray


def to_centre(runs: CentreRuns, cells: Access, centre_index: np.ndarray) -> CellTimes:
    """Each cell's trip to a given centre (one centre index per cell)."""
    node = cells.node
    minutes = runs.minutes[centre_index, node] + cells.minutes + runs.access.minutes[centre_index]
    km = runs.km[centre_index, node] + cells.km + runs.access.km[centre_index]
    ferries = runs.ferries[centre_index, node]
    bad = ~np.isfinite(minutes)
    km = np.where(bad, np.inf, km)
    return CellTimes(centre_index, minutes, km, ferries)


def to_nearest_department(runs: CentreRuns, cells: Access, centre_of_cell: np.ndarray) -> CellTimes:
    """Each cell's trip to the nearest department (run row) of a given centre id (one id per cell)."""
    centre_of_cell = np.asarray(centre_of_cell)
    rows = np.full(len(centre_of_cell), -1)
    best = np.full(len(centre_of_cell), np.inf)
    for r, cid in enumerate(runs.centre_ids):
        sel = np.flatnonzero(centre_of_cell == cid)
        mins = runs.minutes[r, cells.node[sel]] + runs.access.minutes[r]
        better = (mins < best[sel]) | (rows[sel] < 0)
        rows[sel[better]] = r
        best[sel[better]] = mins[better]
    missing = sorted(set(centre_of_cell[rows < 0]))
    if missing:
        active = ", ".join(dict.fromkeys(runs.centre_ids))
        raise KeyError(f"centre(s) {', '.join(map(str, missing))} not active; active: {active}")
    return to_centre(runs, cells, rows)


def nearest(runs: CentreRuns, cells: Access) -> CellTimes:
    """Each cell's nearest centre by drive time (the multi-source answer, from the per-centre runs)."""
    total = runs.minutes[:, cells.node] + runs.access.minutes[:, None]
    idx = np.argmin(total, axis=0)
    return to_centre(runs, cells, idx)


def route(net: Network, a_xy: tuple[float, float], b_xy: tuple[float, float], kmh: float, detour: float) -> dict:
    """Minutes, km and ferry count between two points (access legs included)."""
    runs = run_centres(net, np.array(["a"]), np.array([a_xy[0]]), np.array([a_xy[1]]), kmh, detour)
    end = access(net, np.array([b_xy[0]]), np.array([b_xy[1]]), kmh, detour)
    trip = to_centre(runs, end, np.array([0]))
    reachable = bool(np.isfinite(trip.minutes[0]))
    return {"minutes": float(trip.minutes[0]) if reachable else None,
            "km": float(trip.km[0]) if reachable else None,
            "ferries": int(trip.ferries[0]) if reachable else None,
            "reachable": reachable}

