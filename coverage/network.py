"""Road graph from Kartverket N1000: car roads and car ferries, nodes where link ends meet.

Road edge time = length × length factor / speed of the link's class. Ferries are crossings: the ferry links
of one road number joined at their ends form a line (Bodø–Værøy–Røst–Moskenes is nine links through sea
junctions), and every pair of quays on a line gets one crossing edge whose length is the distance along the
line's links. A crossing so pays its wait and manoeuvring once, however many links or intermediate quays it
passes (plus `Params.ferry_extra_min`, the fitted minutes a boarding costs beyond the crossing), and its kind
(short or long, `Params.ferry_kind`) follows its own length. Quays joined by ferry links
through sea junctions only are one crossing too, whatever the road numbers (N1000 often draws a ferry's last
stretch on another number's link). Under the flat model (`Params(ferry_model="ssb_flat")`) a crossing is
its length at 12.3 km/h, waiting included. A ferry dead end that touches no road is joined to the nearest road
node within FERRY_JOIN_M by a connector; a ferry node that links pass through only within THROUGH_JOIN_M (farther
out it is a junction at sea, e.g. off Øksfjord, and must not become a quay).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.spatial import cKDTree

from coverage import surroundings
from coverage.params import (  # noqa: F401  (re-exported: the model's parameters live in coverage/params.py)
    ACCESS_DETOUR,
    ACCESS_KMH,
    BEND_UNIT,
    DEFAULT_LENGTH_FACTOR,
    DEFAULT_SPEEDS,
    FERRY_JOIN_M,
    FERRY_KMH,
    ROAD_CLASSES,
    THROUGH_JOIN_M,
    Params,
)
from loaders import registry, roads

EDGE_FIELDS = ("edge_a", "edge_b", "minutes", "km", "ferry", "edge_class", "edge_line", "edge_link", "edge_region",
               "edge_urban", "edge_bends")


@dataclass
class Network:
    """Undirected graph, nodes in EPSG:25833: edges with minutes, km, a crossing flag, a class ('ferry' for a
    crossing, 'connector' or a road class), the ferry line (-1 off the ferries) and the N1000 link a road edge
    comes from (`edge_link`, its row in the links table; -1 for crossings and connectors) with its region
    (`edge_region`), built-up share (`edge_urban`) and bends in °/km (`edge_bends`), see coverage/surroundings.py
    ('' and 0 off the roads).

    `land` marks nodes people can start from (roads and quays; not sea junctions of the drawn ferry links).
    `line_road` names each ferry line's road number; `ferry_links` counts the N1000 ferry links.
    """

    xy: np.ndarray
    edge_a: np.ndarray
    edge_b: np.ndarray
    minutes: np.ndarray
    km: np.ndarray
    ferry: np.ndarray
    edge_class: np.ndarray
    edge_line: np.ndarray | None = None
    edge_link: np.ndarray | None = None
    edge_region: np.ndarray | None = None
    edge_urban: np.ndarray | None = None
    edge_bends: np.ndarray | None = None
    land: np.ndarray | None = None
    line_road: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))
    ferry_links: int = 0
    component: np.ndarray = field(init=False)
    graph: csr_matrix = field(init=False)

    def __post_init__(self) -> None:
        n = len(self.xy)
        self.edge_line = np.full(len(self.edge_a), -1) if self.edge_line is None else self.edge_line
        self.edge_link = np.full(len(self.edge_a), -1) if self.edge_link is None else self.edge_link
        self.edge_region = np.full(len(self.edge_a), "") if self.edge_region is None else self.edge_region
        self.edge_urban = np.zeros(len(self.edge_a)) if self.edge_urban is None else self.edge_urban
        self.edge_bends = np.zeros(len(self.edge_a)) if self.edge_bends is None else self.edge_bends
        self.land = np.ones(n, dtype=bool) if self.land is None else self.land
        # Parallel links between the same two nodes: keep the fastest (csr would sum duplicates).
        lo, hi = np.minimum(self.edge_a, self.edge_b), np.maximum(self.edge_a, self.edge_b)
        order = np.lexsort((self.minutes, lo, hi))
        pair = np.stack([lo, hi], axis=1)[order]
        first = np.ones(len(order), dtype=bool)
        first[1:] = (pair[1:] != pair[:-1]).any(axis=1)
        keep = order[first]
        keep = keep[self.edge_a[keep] != self.edge_b[keep]]
        for name in EDGE_FIELDS:
            setattr(self, name, getattr(self, name)[keep])
        rows = np.concatenate([self.edge_a, self.edge_b])
        cols = np.concatenate([self.edge_b, self.edge_a])
        self.graph = csr_matrix((np.concatenate([self.minutes, self.minutes]), (rows, cols)), shape=(n, n))
        _, self.component = connected_components(self.graph, directed=False)
        self._land_index = np.flatnonzero(self.land)
        self._tree = cKDTree(self.xy[self._land_index])

    def nearest_node(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Index of the nearest land node (never a sea junction) and the straight-line distance in metres."""
        dist, idx = self._tree.query(np.column_stack([x, y]))
        return self._land_index[idx], dist

    def edge_arrays(self) -> tuple[csr_matrix, csr_matrix]:
        """Sparse km and crossing matrices aligned with `graph`, for summing along predecessor trees."""
        n = len(self.xy)
        rows = np.concatenate([self.edge_a, self.edge_b])
        cols = np.concatenate([self.edge_b, self.edge_a])
        km = csr_matrix((np.concatenate([self.km, self.km]) + 1e-12, (rows, cols)), shape=(n, n))
        fe = csr_matrix((np.concatenate([self.ferry, self.ferry]).astype(float) + 1e-12, (rows, cols)), shape=(n, n))
        return km, fe

    def summary(self) -> dict:
        sizes = np.bincount(self.component[self.land])
        return {"nodes": int(self.land.sum()), "edges": int((~self.ferry).sum()) + self.ferry_links,
                "ferry_edges": self.ferry_links, "crossings": int(self.ferry.sum()), "ferry_lines": len(self.line_road),
                "components": int((sizes > 0).sum()), "largest_component_nodes": int(sizes.max()),
                "km": float(self.km[~self.ferry].sum())}


def link_class(links: pd.DataFrame) -> np.ndarray:
    """Speed class of each link: motorveg/motortrafikkveg by motorvegtype, else the road category."""
    mv = links["motorvegtype"].to_numpy()
    cat = links["vegkategori"].replace("", "P").to_numpy()
    return np.where(mv == "motorveg", "motorveg", np.where(mv == "motortrafikkveg", "motortrafikkveg", cat))


def ferry_lines(road: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Line index of each ferry link: links with the same road number (`road`) joined at a shared end."""
    keys, key_of = np.unique(road.astype(str), return_inverse=True)
    n = int(max(a.max(), b.max())) + 1 if len(a) else 0
    # Nodes of the graph below are (road number, node) pairs, so two lines meeting at a quay stay apart.
    ka, kb = key_of * n + a, key_of * n + b
    ids, inv = np.unique(np.concatenate([ka, kb]), return_inverse=True)
    m = len(a)
    g = csr_matrix((np.ones(m), (inv[:m], inv[m:])), shape=(len(ids), len(ids)))
    _, comp = connected_components(g, directed=False)
    _, line = np.unique(comp[inv[:m]], return_inverse=True)
    return line


def _road_number(links: pd.DataFrame) -> np.ndarray:
    number = pd.to_numeric(links["vegnummer"], errors="coerce") if "vegnummer" in links else pd.Series(np.nan, links.index)
    return np.where(number.notna(), number.fillna(0).astype(int).astype(str), "unnumbered")


_DEFAULT_LINKS: dict = {}
UNOPENED = Path(__file__).resolve().parent / "unopened_roads.csv"
_UNOPENED_COLUMNS = ["link_name", "vegkategori", "vegnummer", "from_lat", "from_lon", "to_lat", "to_lon", "opens",
                     "source_url", "source_date", "quote", "note"]
END_DEG = 0.005  # a listed end (2 decimals) matches a link end within half its last digit


def unopened_roads() -> list[dict]:
    """coverage/unopened_roads.csv by road, for the method page: the road (category and number), how many of its
    stretches the file lists (each matches one or more N1000 links), their names, the year the road opens (the latest
    listed) and the sources' addresses, in the file's order."""
    table = pd.read_csv(UNOPENED, dtype={"vegkategori": str})
    table["road"] = table["vegkategori"] + table["vegnummer"].map("{:g}".format)
    return [{"road": road, "links": len(g), "names": ", ".join(g["link_name"]), "opens": int(g["opens"].max()),
             "source_urls": list(dict.fromkeys(g["source_url"]))} for road, g in table.groupby("road", sort=False)]


def unopened(links: pd.DataFrame, table: pd.DataFrame | None = None) -> np.ndarray:
    """Links N1000 draws that are not open to traffic (coverage/unopened_roads.csv: a road under construction, e.g.
    Rogfast, drawn as if open): a road link of the row's category and number whose two ends lie at the row's two
    points (either way round, each within END_DEG). Every row must match a link; the rows that match none are named
    in one error."""
    table = pd.read_csv(UNOPENED, dtype={"vegkategori": str}) if table is None else table
    if list(table.columns) != _UNOPENED_COLUMNS:
        raise ValueError(f"{UNOPENED.name}: columns {list(table.columns)}; expected {_UNOPENED_COLUMNS}")
    ends = [gpd.GeoSeries(shapely.get_point(links.geometry.values, i), crs=links.crs).to_crs(4326) for i in (0, -1)]
    (x0, y0), (x1, y1) = [(e.x.to_numpy(), e.y.to_numpy()) for e in ends]
    road = ~links["ferje"].to_numpy(dtype=bool)
    out, problems = np.zeros(len(links), dtype=bool), []
    for r in table.itertuples():
        def near(lon, lat, plon, plat):
            return (np.abs(lon - plon) <= END_DEG + 1e-9) & (np.abs(lat - plat) <= END_DEG + 1e-9)
        same = road & (links["vegkategori"].to_numpy() == r.vegkategori) & (links["vegnummer"].to_numpy() == r.vegnummer)
        hit = same & ((near(x0, y0, r.from_lon, r.from_lat) & near(x1, y1, r.to_lon, r.to_lat))
                      | (near(x0, y0, r.to_lon, r.to_lat) & near(x1, y1, r.from_lon, r.from_lat)))
        if not hit.any():
            problems.append(f"{r.link_name}: no {r.vegkategori}{r.vegnummer:g} road link from ({r.from_lat}, "
                            f"{r.from_lon}) to ({r.to_lat}, {r.to_lon})")
        out |= hit
    if problems:
        raise ValueError(f"{UNOPENED.name}: " + "; ".join(problems))
    return out


def _default_links(include_passenger_ferries: bool) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    """The N1000 links open to traffic (`unopened` left out) with their regions, built-up shares and bends, kept in
    memory for the process (a calibration builds the network dozens of times) under the data folder and the
    sources' pinned hashes."""
    memo = (str(registry.data_dir()), registry.key("roads", "fylker", "grid_1km"), include_passenger_ferries)
    if memo not in _DEFAULT_LINKS:
        _DEFAULT_LINKS.clear()
        links = roads.links(include_passenger_ferries)
        keep = ~unopened(links)
        _DEFAULT_LINKS[memo] = (links[keep].reset_index(drop=True),
                                *(a[keep] for a in surroundings.of_links(None, include_passenger_ferries)))
    return _DEFAULT_LINKS[memo]


@dataclass(frozen=True)
class _Topology:
    """What the graph takes from the links alone, whatever the parameters: nodes, link ends, classes, regions,
    built-up shares, bends, the ferry joins (their straight metres) and the crossings (quay pairs, km along the line)."""

    xy: np.ndarray
    a: np.ndarray
    b: np.ndarray
    road: np.ndarray
    length_km: np.ndarray
    cls: np.ndarray
    cls_names: np.ndarray
    cls_index: np.ndarray
    region: np.ndarray
    region_names: np.ndarray
    region_index: np.ndarray
    urban: np.ndarray
    bends: np.ndarray
    extra_a: np.ndarray
    extra_b: np.ndarray
    extra_m: np.ndarray
    land: np.ndarray
    crossings: tuple
    line_road: np.ndarray
    ferry_links: int


_TOPOLOGY: dict = {}


def _topology(links: pd.DataFrame, region: np.ndarray, urban: np.ndarray, bends: np.ndarray) -> _Topology:
    geoms = links.geometry.values
    starts = shapely.get_coordinates(shapely.get_point(geoms, 0))
    ends = shapely.get_coordinates(shapely.get_point(geoms, -1))
    xy, inverse = np.unique(np.round(np.vstack([starts, ends])), axis=0, return_inverse=True)
    inverse = inverse.ravel()
    n_links, n = len(links), len(xy)
    a, b = inverse[:n_links], inverse[n_links:]
    ferry = links["ferje"].to_numpy(dtype=bool)
    road = ~ferry
    cls = link_class(links)[road]
    cls_names, cls_index = np.unique(cls, return_inverse=True)
    # Join ferry nodes off the road to the nearest road node (the data draws some quays a little off the road).
    fa, fb = a[ferry], b[ferry]
    deg = np.bincount(np.concatenate([fa, fb]), minlength=n)
    road_nodes = np.unique(np.concatenate([a[road], b[road]]))
    dangling = np.setdiff1d(np.flatnonzero(deg), road_nodes)
    extra_a, extra_b, extra_m = np.zeros(0, int), np.zeros(0, int), np.zeros(0)
    if len(dangling) and len(road_nodes):
        dist, idx = cKDTree(xy[road_nodes]).query(xy[dangling])
        ok = dist <= np.where(deg[dangling] == 1, FERRY_JOIN_M, THROUGH_JOIN_M)
        extra_a, extra_b, extra_m = dangling[ok], road_nodes[idx[ok]], dist[ok]
    length_km = shapely.length(geoms) / 1000
    road_names = _road_number(links)[ferry]
    line = ferry_lines(road_names, fa, fb) if ferry.any() else np.zeros(0, int)
    # Quays: ferry nodes on a road, joined by a connector, or dead ends (an island quay with no road drawn).
    land = np.zeros(n, dtype=bool)
    land[road_nodes] = True
    land[extra_a] = True
    land[deg == 1] = True
    crossings = _crossings(fa, fb, length_km[ferry], line, land)
    region_names, region_index = np.unique(region[road], return_inverse=True)
    line_road = np.array([road_names[np.flatnonzero(line == k)[0]] for k in range(len(np.unique(line)))], dtype=object)
    return _Topology(xy=xy, a=a, b=b, road=road, length_km=length_km, cls=cls, cls_names=cls_names,
                     cls_index=cls_index, region=region[road], region_names=region_names,
                     region_index=region_index.ravel(), urban=urban[road], bends=bends[road], extra_a=extra_a, extra_b=extra_b,
                     extra_m=extra_m, land=land, crossings=crossings, line_road=line_road, ferry_links=int(ferry.sum()))


def _default_topology(include_passenger_ferries: bool) -> _Topology:
    """The default links' topology, kept in memory for the process beside the links themselves (same key)."""
    memo = (str(registry.data_dir()), registry.key("roads", "fylker", "grid_1km"), include_passenger_ferries)
    if memo not in _TOPOLOGY:
        links, region, urban, bends = _default_links(include_passenger_ferries)
        _TOPOLOGY.clear()
        _TOPOLOGY[memo] = _topology(links, region, urban, bends)
    return _TOPOLOGY[memo]


def build(params: Params = Params(), links: pd.DataFrame | None = None) -> Network:
    """Graph from road links (default: N1000 car roads and car ferries), ferries modelled per `params.ferry_model`.
    A road link's time is its length × the length factor ÷ (its class's speed × its region's speed factor), plus
    `params.urban_min_per_km` for each of its built-up km and `params.bend_min_per_km` per km for each 100°/km of
    its bends (coverage/surroundings.py). What the links alone decide
    (`_Topology`) is worked out once per process for the default links: a calibration builds the graph dozens of
    times with other speeds only."""
    t = _default_topology(params.include_passenger_ferries) if links is None else _topology(
        links, *surroundings.of_links(links))
    road = t.road
    speed = np.array([params.speed(c) for c in t.cls_names], dtype=float)[t.cls_index] if len(t.cls) else np.zeros(0)
    factor = params.region_factors(t.region_names)[t.region_index] if len(t.cls) else np.zeros(0)
    road_km, road_min = _road_times(params, speed * factor, t.length_km[road], t.urban, t.bends)
    extra_km = t.extra_m / 1000 * params.access_detour
    ca, cb, ckm, cline = t.crossings
    if params.ferry_model == "ssb_flat":
        cmin = ckm / params.ferry_kmh * 60
    else:
        parts = np.array([params.crossing(params.ferry_kind(k)) for k in ckm]).reshape(-1, 3)
        cmin = parts[:, 0] + parts[:, 1] + ckm / parts[:, 2] * 60 + params.ferry_extra_min

    def cat(*parts):
        return np.concatenate([np.asarray(p) for p in parts])

    n_road, n_cross, n_extra = int(road.sum()), len(ckm), len(extra_km)
    return Network(
        xy=t.xy,
        edge_a=cat(t.a[road], ca, t.extra_a).astype(np.int64),
        edge_b=cat(t.b[road], cb, t.extra_b).astype(np.int64),
        minutes=cat(road_min, cmin, extra_km / params.access_kmh * 60),
        km=cat(road_km, ckm, extra_km),
        ferry=cat(np.zeros(n_road, bool), np.ones(n_cross, bool), np.zeros(n_extra, bool)),
        edge_class=cat(t.cls, np.full(n_cross, "ferry"), np.full(n_extra, "connector")).astype(str),
        edge_line=cat(np.full(n_road, -1), cline, np.full(n_extra, -1)).astype(np.int64),
        edge_link=cat(np.flatnonzero(road), np.full(n_cross + n_extra, -1)).astype(np.int64),
        edge_region=cat(t.region, np.full(n_cross + n_extra, "")).astype(str),
        edge_urban=cat(t.urban, np.zeros(n_cross + n_extra)),
        edge_bends=cat(t.bends, np.zeros(n_cross + n_extra)),
        land=t.land.copy(), line_road=t.line_road, ferry_links=t.ferry_links,
    )


def _road_times(params: Params, speed: np.ndarray, length_km: np.ndarray, urban: np.ndarray,
                bends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(km, minutes) of road links: length × length factor, at `speed` (class speed × region factor), plus the
    built-up minutes and the bend minutes (`bends` in °/km, charged per 100°/km)."""
    km = length_km * params.length_factor
    return km, km * (60 / speed + params.urban_min_per_km * urban + params.bend_min_per_km * bends / BEND_UNIT)


def _crossings(fa: np.ndarray, fb: np.ndarray, km: np.ndarray, line: np.ndarray,
               quay: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Crossing edges (quay a, quay b, km along the ferry links, line): every pair of quays of one line (staying
    on board past its intermediate quays), and every pair joined through sea junctions only, whatever the line."""
    if not len(fa):
        return np.zeros(0, int), np.zeros(0, int), np.zeros(0), np.zeros(0, int)
    qa, qb, d, ln = (np.concatenate(x) for x in zip(_on_one_line(fa, fb, km, line, quay),
                                                     _through_sea(fa, fb, km, line, quay), strict=True))
    return qa, qb, np.round(d, 6), ln  # drop the 1e-9 km per link that keeps csgraph from losing zero lengths


def _on_one_line(fa, fb, km, line, quay):
    """Quay pairs of each line along its own links (each line sails its own copy of the nodes)."""
    nodes, inv = np.unique(np.concatenate([np.stack([fa, line], 1), np.stack([fb, line], 1)]), axis=0,
                           return_inverse=True)
    inv = inv.ravel()
    m = len(fa)
    g = csr_matrix((km + 1e-9, (inv[:m], inv[m:])), shape=(len(nodes), len(nodes)))
    q = np.flatnonzero(quay[nodes[:, 0]])
    dist = np.atleast_2d(dijkstra(g, directed=False, indices=q))[:, q]
    i, j = np.nonzero(np.isfinite(dist) & (nodes[q, 0][:, None] < nodes[q, 0][None, :]))
    return nodes[q[i], 0], nodes[q[j], 0], dist[i, j], nodes[q[i], 1]


def _through_sea(fa, fb, km, line, quay):
    """Quay pairs joined by ferry links whose inner nodes are all at sea: links leave a quay only from its source
    copy, so a path stops at the first quay it reaches. The line is that of the link into the far quay."""
    n = len(quay)
    qs = np.flatnonzero(quay & (np.bincount(np.concatenate([fa, fb]), minlength=n) > 0))
    copy = np.full(n, -1)
    copy[qs] = n + np.arange(len(qs))
    tail = np.concatenate([np.where(quay[fa], copy[fa], fa), np.where(quay[fb], copy[fb], fb)])
    head = np.concatenate([fb, fa])
    g = csr_matrix((np.concatenate([km, km]) + 1e-9, (tail, head)), shape=(n + len(qs), n + len(qs)))
    dist, pred = dijkstra(g, directed=True, indices=copy[qs], return_predecessors=True)
    dist, pred = np.atleast_2d(dist)[:, qs], np.atleast_2d(pred)[:, qs]
    i, j = np.nonzero(np.isfinite(dist) & (qs[:, None] < qs[None, :]))
    line_of = dict(zip(zip(tail.tolist(), head.tolist(), strict=True), np.concatenate([line, line]).tolist(), strict=True))
    ln = np.array([line_of[(int(pred[a, b]), int(qs[b]))] for a, b in zip(i, j, strict=True)], dtype=int)
    return qs[i], qs[j], dist[i, j], ln
