"""Data files held against the oracle, every kommune and every figure: `python -m coverage kommuner --out`, and
`python -m export table` as CSV, XLSX and GeoJSON (numbers rounded to 4 decimals there; people beyond each
threshold as whole people, counting only those who can reach a centre)."""

import io
import json

import numpy as np
import pandas as pd
import pytest

FIGURES = [f"{q}_{u}_{b}" for q in ("median", "p90") for u in ("min", "km") for b in ("nearest", "affiliated")] + \
          [f"share_over_{t}_{b}" for t in (60, 90, 120) for b in ("nearest", "affiliated")]
STRAIGHT = ["median_km_straight", "road_straight_ratio"]  # geodesic in the oracle, planar UTM 33 in the model
WHOLE = ["people", "unreachable"]
NAMES = ["centre_id", "nearest_centre_id", "nearest_centre_name", "centre_name", "gap_class"]


def _compare(shown: pd.DataFrame, want: pd.DataFrame, atol: float, rel_straight: float = 0.006) -> list[str]:
    """Every mismatch as 'knr column: shown vs oracle'."""
    shown = shown.set_index(shown["kommunenummer"].astype(str).str.zfill(4))
    assert sorted(shown.index) == sorted(want.index), "the file must hold all 357 kommuner"
    bad = []
    for col in FIGURES + STRAIGHT + WHOLE:
        a, b = shown[col].astype(float), want.loc[shown.index, col].astype(float)
        tol = atol + (rel_straight * b.abs() if col in STRAIGHT else 0) + (0.5 if col in WHOLE else 0)
        wrong = ~((a - b).abs() <= tol) & ~(a.isna() & b.isna())
        bad += [f"{k} {col}: {a[k]} vs {b[k]}" for k in a.index[wrong]]
    for col in NAMES:
        a, b = shown[col].fillna("").astype(str), want.loc[shown.index, col].fillna("").astype(str)
        bad += [f"{k} {col}: {a[k]} vs {b[k]}" for k in a.index[a != b]]
    return bad


def _people_over(shown: pd.DataFrame, want: pd.DataFrame, thresholds) -> list[str]:
    shown = shown.set_index(shown["kommunenummer"].astype(str).str.zfill(4))
    bad = []
    for t in thresholds:
        a, b = shown[f"people_over_{t}_nearest"].astype(float), want.loc[shown.index, f"people_over_{t}_nearest"]
        bad += [f"{k} people_over_{t}: {a[k]} vs {b[k]}" for k in a.index[(a - b).abs() > 1]]
    return bad


@pytest.mark.parametrize(("weight", "threshold"), [("all", 90), ("women18", 60)])
def test_coverage_kommuner_csv_matches_the_oracle(cli, oracle_for, weight, threshold):
    path = cli("coverage", "kommuner", "--weight", weight, "--threshold", str(threshold), suffix="csv")
    shown = pd.read_csv(path, dtype={"kommunenummer": str})
    want, _ = oracle_for(weight, threshold)
    assert _compare(shown, want, atol=1e-6) == []


def test_export_csv_matches_the_oracle(cli, oracle_for):
    raw = cli("export", "table", "--format", "csv", suffix="csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    shown = pd.read_csv(io.BytesIO(raw), dtype={"kommunenummer": str}, encoding="utf-8-sig")
    want, _ = oracle_for("all", 90)
    assert _compare(shown, want, atol=5e-5) == []
    assert _people_over(shown, want, (60, 90, 120)) == []
    # the national headline adds up from the file
    assert abs(shown["people_over_90_nearest"].sum() - want["people_over_90_nearest"].sum()) <= len(want)


def test_export_xlsx_matches_the_oracle(cli, oracle_for):
    path = cli("export", "table", "--format", "xlsx", "--weight", "women18", "--threshold", "120", suffix="xlsx")
    shown = pd.read_excel(path, sheet_name="kommuner", dtype={"kommunenummer": str})
    want, _ = oracle_for("women18", 120)
    assert _compare(shown, want, atol=5e-5) == []
    assert _people_over(shown, want, (60, 90, 120)) == []


def test_export_geojson_matches_the_oracle(cli, oracle_for):
    data = json.loads(cli("export", "table", "--format", "geojson", "--threshold", "60", suffix="geojson").read_text())
    shown = pd.DataFrame([f["properties"] for f in data["features"]]).replace({None: np.nan})
    want, _ = oracle_for("all", 60)
    assert _compare(shown, want, atol=5e-5) == []
    assert _people_over(shown, want, (60, 90, 120)) == []
