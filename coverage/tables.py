"""The indicator tables every view shows — per kommune, per fylke and for Norway, for each population weight and
threshold — computed once per model from every cell's trips and kept on disk (loaders.diskcache: keyed by the
model's key and coverage/'s code), so a page, an export or another process reads a small checksummed file instead of
loading the road model. `python -m coverage prepare` computes every table the app's sidebar offers ahead of time.

Plan status here is the curated one and no register code runs here: the register's approved entries change
while the app runs, so every reader of these tables merges them on top, after the cache, through the one published
step (register.publish.published_table). The cache key therefore covers loaders/, coverage/ and geodata/ only
(loaders.fingerprint). No Streamlit.
"""

from __future__ import annotations

import threading

import pandas as pd

from coverage.params import Params, model_key
from loaders.diskcache import cached, stored

YEAR = 2025
LEVELS = ("norge", "fylke")


class Tables:
    """The tables of one model (parameters, population year). The model and every cell's trips are loaded at most
    once per instance, and only when a table has to be computed."""

    def __init__(self, params: Params = Params(), year: int = YEAR) -> None:
        self.params, self.year = params, year
        self.key = model_key(params, year)
        self._model = None
        self._trips: dict | None = None
        self._whatifs = None
        self._base: dict[str, pd.DataFrame] = {}  # the baseline tables what-ifs start from, kept in memory
        self._known: dict[tuple[str, str], dict] = {}  # medians and P90s per (level, weight): no threshold moves them
        self._lock = threading.RLock()  # readers asking at once wait for one load instead of loading twice

    def model(self):
        """The prepared model (coverage.model.prepare: from its disk cache when inputs are unchanged)."""
        with self._lock:
            if self._model is None:
                from coverage import model

                self._model = model.prepare(self.params, self.year)
            return self._model

    def trips(self) -> dict:
        """Every cell's trip to its nearest and its own centre, shared by all tables of the model."""
        with self._lock:
            if self._trips is None:
                self._trips = cached("trips", self.key, self._cell_trips)
            return self._trips

    def _cell_trips(self) -> dict:
        from coverage import indicators

        return indicators.cell_trips(self.model())

    def whatifs(self):
        """The baseline's what-if engine (coverage.whatif.Baseline), built once from the model and its trips."""
        with self._lock:
            if self._whatifs is None:
                from coverage import whatif

                self._whatifs = whatif.Baseline(self.model(), self.trips())
            return self._whatifs

    def scenario(self, action: str, target: str, weight: str = "all", threshold: int = 90,
                 basis: str = "nearest") -> tuple[pd.DataFrame, pd.DataFrame]:
        """The kommune table and the active centres after opening a centre ('add' KNR, 'at' 'LAT,LON') or closing
        one ('close' ID): only what the change touches is computed again (coverage.whatif); safe from any thread."""
        engine = self.whatifs()
        change = engine.change(action, target)
        name = self._name(weight, threshold, basis)
        with self._lock:
            base = self._base.get(name)
        if base is None:
            base = self.kommuner(weight, threshold, basis)
            with self._lock:
                base = self._base.setdefault(name, base)
        return engine.kommuner(change, base, weight, threshold, basis), active_centres(change.view)

    def kommuner(self, weight: str = "all", threshold: int = 90, basis: str = "nearest") -> pd.DataFrame:
        """One row per kommune (coverage.indicators.per_kommune) with the curated plan status."""
        def compute() -> pd.DataFrame:
            from coverage import indicators

            return indicators.per_kommune(self.model(), weight, threshold, basis, trips=self.trips(),
                                          known=self._quantiles("kommune", weight))

        return cached("kommuner", self._name(weight, threshold, basis), compute)

    def areas(self, level: str, weight: str = "all", threshold: int = 90) -> pd.DataFrame:
        """The same travel indicators per fylke ('fylke') or for the whole country ('norge')."""
        if level not in LEVELS:
            raise ValueError(f"level {level!r} not allowed; allowed: {', '.join(LEVELS)}")

        def compute() -> pd.DataFrame:
            from coverage import indicators

            return indicators.per_area(self.model(), level, weight, self.trips(), threshold=threshold,
                                       known=self._quantiles(level, weight))

        return cached("areas", f"{self.key}-{level}-{weight}-{threshold}", compute)

    def _quantiles(self, level: str, weight: str) -> dict:
        """indicators.quantiles per kommune ('kommune') or area level, for one weight, computed once."""
        from coverage import indicators
        from coverage.population import WEIGHTS

        with self._lock:
            if (level, weight) not in self._known:
                m, trips = self.model(), self.trips()
                w = m.cells[WEIGHTS[weight]].to_numpy()
                if level == "kommune":
                    groups, n = m.kommune_index, len(m.kommuner)
                else:
                    keys, groups = indicators.area_groups(m, level)
                    n = len(keys)
                self._known[(level, weight)] = indicators.quantiles(groups, n, trips, w)
            return self._known[(level, weight)]

    def centres(self) -> pd.DataFrame:
        """Active crisis centres, one row per town point (see `active_centres`)."""
        return cached("centres", self.key, lambda: active_centres(self.model()))

    def stored(self, weight: str = "all", threshold: int = 90, basis: str = "nearest") -> bool:
        """Whether this kommune table is on disk already (then showing it needs no model at all)."""
        return stored("kommuner", self._name(weight, threshold, basis), __name__)

    def _name(self, weight: str, threshold: float, basis: str) -> str:
        """A whole-minute threshold keeps its old name (90, not 90.0); any other is named in full (95.5)."""
        shown = int(threshold) if float(threshold).is_integer() else f"{float(threshold):g}"
        return f"{self.key}-{weight}-{shown}-{basis}"

    def every(self, weights, thresholds, basis: str = "nearest") -> int:
        """Every kommune table and both area tables for each weight × threshold; returns how many were computed."""
        computed = 0
        for weight in weights:
            for threshold in thresholds:
                computed += not self.stored(weight, threshold, basis)
                self.kommuner(weight, threshold, basis)
                for level in LEVELS:
                    self.areas(level, weight, threshold)
        return computed


def active_centres(m) -> pd.DataFrame:
    """One row per town point of an active centre (a centre with departments has several): id, name, town,
    lat/lon (2 decimals), fylkesnummer of the point, location evidence."""
    active = m.centres[m.centres["status"] == "active"][["id", "name", "location_evidence"]]
    sites = m.sites.merge(active, left_on="centre_id", right_on="id")
    host = sites["host_kommunenummer"].fillna("").astype(str)
    fylke = m.centres.set_index("id")["fylkesnummer"]
    sites["fylkesnummer"] = host.str[:2].where(host.str.len() == 4, sites["id"].map(fylke))
    return sites[["id", "name", "town", "lat", "lon", "fylkesnummer", "location_evidence"]].reset_index(drop=True)
