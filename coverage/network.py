"""Road graph from Kartverket N1000: car roads and car ferries, nodes where link ends meet.

Edge time = length × length factor / speed of the link's class; ferries run at an effective 12.3 km/h
(SSB's figure, covering waiting). Ferry ends that touch no road are joined to the nearest road node
within FERRY_JOIN_M by a connector driven at ACCESS_KMH.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from coverage.params import (  # noqa: F401  (re-exported: the model's parameters live in coverage/params.py)
    ACCESS_DETOUR,
    ACCESS_KMH,
    DEFAULT_LENGTH_FACTOR,
    DEFAULT_SPEEDS,
    FERRY_JOIN_M,
    FERRY_KMH,
    ROAD_CLASSES,
    Params,
)
from loaders import roads


@dataclass
class Network:
    """Undirected road graph: node coordinates (EPSG:25833), edges with minutes, km, ferry flag."""

    xy: np.ndarray
    edge_a: np.ndarray
    edge_b: np.ndarray
    minutes: np.ndarray
    km: np.ndarray
    ferry: np.ndarray
    edge_class: np.ndarray
    component: np.ndarray = field(init=False)
    graph: csr_matrix = field(init=False)

    def __post_init__(self) -> None:
        n = len(self.xy)
        # Parallel links between the same two nodes: keep the fastest (csr would sum duplicates).
        order = np.lexsort((self.minutes, np.minimum(self.edge_a, self.edge_b), np.maximum(self.edge_a, self.edge_b)))
        pair = np.stack([np.minimum(self.edge_a, self.edge_b), np.maximum(self.edge_a, self.edge_b)], axis=1)[order]
        first = np.ones(len(order), dtype=bool)
        first[1:] = (pair[1:] != pair[:-1]).any(axis=1)
        keep = order[first]
        keep = keep[self.edge_a[keep] != self.edge_b[keep]]
        for name in ("edge_a", "edge_b", "minutes", "km", "ferry", "edge_class"):
            setattr(self, name, getattr(self, name)[keep])
        rows = np.concatenate([self.edge_a, self.edge_b])
        cols = np.concatenate([self.edge_b, self.edge_a])
        self.graph = csr_matrix((np.concatenate([self.minutes, self.minutes]), (rows, cols)), shape=(n, n))
        _, self.component = connected_components(self.graph, directed=False)
        self._tree = cKDTree(self.xy)

    def nearest_node(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Index of the nearest node and the straight-line distance to it in metres."""
        dist, idx = self._tree.query(np.column_stack([x, y]))
        return idx, dist

    def edge_arrays(self) -> tuple[csr_matrix, csr_matrix]:
        """Sparse km and ferry matrices aligned with `graph`, for summing along predecessor trees."""
        n = len(self.xy)
        rows = np.concatenate([self.edge_a, self.edge_b])
        cols = np.concatenate([self.edge_b, self.edge_a])
        km = csr_matrix((np.concatenate([self.km, self.km]) + 1e-12, (rows, cols)), shape=(n, n))
        fe = csr_matrix((np.concatenate([self.ferry, self.ferry]).astype(float) + 1e-12, (rows, cols)), shape=(n, n))
        return km, fe

    def summary(self) -> dict:
        sizes = np.bincount(self.component)
        return {"nodes": len(self.xy), "edges": len(self.edge_a), "ferry_edges": int(self.ferry.sum()),
                "components": len(sizes), "largest_component_nodes": int(sizes.max()),
                "km": float(self.km.sum())}


def link_class(links: pd.DataFrame) -> np.ndarray:
    """Speed class of each link: motorveg/motortrafikkveg by motorvegtype, else the road category."""
    mv = links["motorvegtype"].to_numpy()
    cat = links["vegkategori"].replace("", "P").to_numpy()
    return np.where(mv == "motorveg", "motorveg", np.where(mv == "motortrafikkveg", "motortrafikkveg", cat))


def build(params: Params = Params(), links: pd.DataFrame | None = None) -> Network:
    """Graph from road links (default: N1000 car roads and car ferries)."""
    links = roads.links(params.include_passenger_ferries) if links is None else links
    geoms = links.geometry.values
    starts = shapely.get_coordinates(shapely.get_point(geoms, 0))
    ends = shapely.get_coordinates(shapely.get_point(geoms, -1))
    xy, inverse = np.unique(np.round(np.vstack([starts, ends])), axis=0, return_inverse=True)
    n = len(links)
    a, b = inverse[:n], inverse[n:]
    ferry = links["ferje"].to_numpy(dtype=bool)
    cls = np.where(ferry, "ferry", link_class(links))
    km = shapely.length(geoms) / 1000 * params.length_factor
    speed = np.array([params.ferry_kmh if c == "ferry" else params.speed(c) for c in cls])
    minutes = km / speed * 60

    # Join dangling ferry ends to the nearest road node (the data draws some quays a little off the road).
    road_nodes = np.unique(np.concatenate([a[~ferry], b[~ferry]]))
    ferry_ends = np.unique(np.concatenate([a[ferry], b[ferry]]))
    dangling = np.setdiff1d(ferry_ends, road_nodes)
    extra_a, extra_b, extra_km = [], [], []
    if len(dangling) and len(road_nodes):
        dist, idx = cKDTree(xy[road_nodes]).query(xy[dangling])
        ok = dist <= FERRY_JOIN_M
        extra_a, extra_b = dangling[ok], road_nodes[idx[ok]]
        extra_km = dist[ok] / 1000 * params.access_detour
    extra_km = np.asarray(extra_km, dtype=float)
    return Network(
        xy=xy,
        edge_a=np.concatenate([a, extra_a]).astype(np.int64),
        edge_b=np.concatenate([b, extra_b]).astype(np.int64),
        minutes=np.concatenate([minutes, extra_km / params.access_kmh * 60]),
        km=np.concatenate([km, extra_km]),
        ferry=np.concatenate([ferry, np.zeros(len(extra_km), dtype=bool)]),
        edge_class=np.concatenate([cls, np.full(len(extra_km), "connector")]),
    )
