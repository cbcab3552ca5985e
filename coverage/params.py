"""The model's parameters and the key of every cached result — light to import (no scipy, no geopandas),
so the app can find its caches before it loads any heavy library."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from loaders import fingerprint, registry

FERRY_KMH = 12.3
FERRY_JOIN_M = 3000.0
ACCESS_KMH = 30.0
ACCESS_DETOUR = 1.3
ROAD_CLASSES = ("motorveg", "motortrafikkveg", "E", "R", "F", "K", "P")
# Calibrated against coverage/reference_drive_times.csv (see benchmarks/travel.py and the README).
# Fitted on 2026-11-26 by coverage.calibration.fit() (see benchmarks/travel.py for the error it leaves).
DEFAULT_SPEEDS = {"motorveg": 93.7, "motortrafikkveg": 74.5, "E": 69.8, "R": 61.7, "F": 53.1, "K": 50.0, "P": 40.0}
DEFAULT_LENGTH_FACTOR = 1.019


@dataclass(frozen=True)
class Params:
    """Model parameters; their repr is part of every cache key."""

    speeds: tuple[tuple[str, float], ...] = tuple(DEFAULT_SPEEDS.items())
    length_factor: float = DEFAULT_LENGTH_FACTOR
    ferry_kmh: float = FERRY_KMH
    access_kmh: float = ACCESS_KMH
    access_detour: float = ACCESS_DETOUR
    include_passenger_ferries: bool = False

    def speed(self, cls: str) -> float:
        return dict(self.speeds)[cls]

    def key(self) -> str:
        return repr(self).replace(" ", "")


def model_key(params: Params, year: int) -> str:
    """Hash of the sources' sha256, the parameters, the year and the code: coverage/, loaders/ and the curated
    geodata/ files byte for byte (loaders.fingerprint), so any edit there yields a new key."""
    names = ("kommuner", "fylker", "population", "grid_1km", "roads")
    raw = registry.key(*names) + params.key() + str(year) + fingerprint.code_hash("coverage")
    return hashlib.sha256(raw.encode()).hexdigest()[:16]
