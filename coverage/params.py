"""The model's parameters and the key of every cached result — light to import (no scipy, no geopandas),
so the app can find its caches before it loads any heavy library."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from loaders import fingerprint, registry

FERRY_KMH = 12.3  # SSB's flat ferry speed, waiting included: kept as the named alternative Params(ferry_model="ssb_flat")
FERRY_JOIN_M = 3000.0  # a ferry dead end this close to a road is a quay drawn off the road: joined by a connector
THROUGH_JOIN_M = 1000.0  # a ferry node links pass through is joined only this close (farther out: a junction at sea)
ACCESS_KMH = 30.0
ACCESS_DETOUR = 1.3
ROAD_CLASSES = ("motorveg", "motortrafikkveg", "E", "R", "F", "K", "P")
# Calibrated against coverage/reference_drive_times.csv (see benchmarks/travel.py and the README).
# Fitted on 2026-11-26 by coverage.calibration.fit() (see benchmarks/travel.py for the error it leaves). A refit
# with ferries as crossings (2026-11-27) gives motorveg 89.5, motortrafikkveg 91.8, E 65.4, R 63.7 (F, K, P: too
# few route km to fit): it trades E against motortrafikkveg on 11 timed routes, ranks motortrafikkveg above
# motorveg and leaves a larger error (median 6.2 %, worst 12.0 % against 6.1 % and 10.2 %): not adopted.
DEFAULT_SPEEDS = {"motorveg": 93.7, "motortrafikkveg": 74.5, "E": 69.8, "R": 61.7, "F": 53.1, "K": 50.0, "P": 40.0}
DEFAULT_LENGTH_FACTOR = 1.019
# Relative out-of-fold drive-time error of the model (k-fold cross-validation on the reference drives): every
# kommune's median m gets the band [m·(1−b), m·(1+b)] (coverage.gaps.band). Placeholder 0.10: set by h-model.
TIME_ERROR_BAND = 0.10

# Ferries as crossings: a crossing (one boarding, quay to quay on one ferry line, however many N1000 links or
# intermediate quays it passes) costs wait + manoeuvring + length / sailing speed of its kind; a crossing is
# "long" when it is at least FERRY_LONG_KM long (along the drawn links), else "short".
FERRY_MODELS = ("crossing", "ssb_flat")
FERRY_KINDS = ("short", "long")
# Waiting/boarding per boarding, from coverage/reference_ferry_waits.csv (coverage.ferries.waits_from_sources()):
# short = half the median headway of trunk fjord routes (random arrival), long = the operator's check-in time.
FERRY_WAIT_MIN = {"short": 10.0, "long": 45.0}
# Manoeuvring minutes per crossing, sailing km/h and the threshold: fitted on coverage/reference_ferry_crossings.csv
# (21 crossings, 33 published durations) by coverage.ferries.fit_crossings() on 2026-11-27: the split with the
# smallest mean absolute error (12.2 %) lies between 22.7 and 28.9 km; FERRY_LONG_KM is its midpoint.
FERRY_DOCK_MIN = {"short": 7.9, "long": 54.2}
FERRY_SAIL_KMH = {"short": 28.0, "long": 34.5}
FERRY_LONG_KM = 25.8


@dataclass(frozen=True)
class Params:
    """Model parameters; their repr is part of every cache key."""

    speeds: tuple[tuple[str, float], ...] = tuple(DEFAULT_SPEEDS.items())
    length_factor: float = DEFAULT_LENGTH_FACTOR
    ferry_model: str = "crossing"
    ferry_kmh: float = FERRY_KMH
    ferry_long_km: float = FERRY_LONG_KM
    ferry_wait: tuple[tuple[str, float], ...] = tuple(FERRY_WAIT_MIN.items())
    ferry_dock: tuple[tuple[str, float], ...] = tuple(FERRY_DOCK_MIN.items())
    ferry_sail_kmh: tuple[tuple[str, float], ...] = tuple(FERRY_SAIL_KMH.items())
    access_kmh: float = ACCESS_KMH
    access_detour: float = ACCESS_DETOUR
    include_passenger_ferries: bool = False

    def __post_init__(self) -> None:
        if self.ferry_model not in FERRY_MODELS:
            raise ValueError(f"ferry_model {self.ferry_model!r} is not one of {', '.join(FERRY_MODELS)}")

    def speed(self, cls: str) -> float:
        return dict(self.speeds)[cls]

    def ferry_kind(self, km: float) -> str:
        """Kind of a crossing from its length in km along the drawn ferry links."""
        return "long" if km >= self.ferry_long_km else "short"

    def crossing(self, kind: str) -> tuple[float, float, float]:
        """(wait minutes, manoeuvring minutes, sailing km/h) of one crossing of the given kind."""
        return dict(self.ferry_wait)[kind], dict(self.ferry_dock)[kind], dict(self.ferry_sail_kmh)[kind]

    def key(self) -> str:
        return repr(self).replace(" ", "")


def model_key(params: Params, year: int) -> str:
    """Hash of the sources' sha256, the parameters, the year and the code: coverage/, loaders/ and the curated
    geodata/ files byte for byte (loaders.fingerprint), so any edit there yields a new key."""
    names = ("kommuner", "fylker", "population", "grid_1km", "roads")
    raw = registry.key(*names) + params.key() + str(year) + fingerprint.code_hash("coverage")
    return hashlib.sha256(raw.encode()).hexdigest()[:16]
