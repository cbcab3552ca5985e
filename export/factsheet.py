"""One-page fact sheets (PDF, real selectable text) per kommune and per fylke, for advocates at a hearing:
plan status with source and date (or 'ukjent' and how to help), centres with evidence, drive times,
comparison with fylke and country, the national demands, helplines."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

import vocabulary as vocab  # noqa: E402
from export.maps import centres_xy, draw  # noqa: E402

matplotlib.rcParams.update({"pdf.fonttype": 42, "font.family": "DejaVu Sans"})
A4 = (8.27, 11.69)
INK, MUTED, ACCENT = "#1a1a1a", "#555555", "#5b2a86"
MAP_BOTTOM = 4.55  # inches from the top: the map and its legend sit right of the first text column
FULL_WIDTH_FROM = MAP_BOTTOM + 1.25



_RENAMED = {"centre": "sheet_centre", "own": "sheet_own", "nearest": "sheet_nearest", "estimated": "sheet_estimated",
            "travel": "sheet_travel", "to_nearest": "sheet_to_nearest", "to_own": "sheet_to_own", "compare": "compared",
            "gap": "gap_class_of", "evidence": "sheet_evidence"}


def _t(key: str, lang: str, **fmt) -> str:
    return vocab.t(_RENAMED.get(key, key), lang, **fmt)


class _Page:
    """Writes lines of text down the page, in inches from the top, with wrapping."""

    def __init__(self, fig, x: float, y: float, width: float):
        self.fig, self.x, self.y, self.width = fig, x, y, width

    def text(self, s: str, size: float = 9.5, bold: bool = False, color: str = INK, gap: float = 0.04,
             indent: float = 0.0, width: float | None = None) -> None:
        chars = max(20, int((width or self.width - indent) * 72 / (size * 0.55)))
        lines = textwrap.wrap(s, chars, break_long_words=True, break_on_hyphens=False) or [""]
        for line in lines:
            self.fig.text((self.x + indent) / A4[0], 1 - self.y / A4[1], line, fontsize=size, va="top",
                          fontweight="bold" if bold else "normal", color=color)
            self.y += size * 1.3 / 72
        self.y += gap

    def row(self, cells: list[str], widths: list[float], size: float = 9.0, bold: bool = False) -> None:
        x = self.x
        for cell, w in zip(cells, widths, strict=True):
            self.fig.text(x / A4[0], 1 - self.y / A4[1], cell, fontsize=size, va="top",
                          fontweight="bold" if bold else "normal", color=INK)
            x += w
        self.y += size * 1.35 / 72

    def rule(self) -> None:
        self.fig.add_artist(plt.Line2D([self.x / A4[0], (self.x + self.width) / A4[0]],
                                       [1 - self.y / A4[1]] * 2, color="#cccccc", linewidth=0.6))
        self.y += 0.08


def _header(fig, title: str, subtitle: str, lang: str) -> _Page:
    fig.add_artist(plt.Rectangle((0, 1 - 1.05 / A4[1]), 1, 1.05 / A4[1], color=ACCENT, transform=fig.transFigure))
    fig.text(0.5 / A4[0], 1 - 0.3 / A4[1], f"Dekningskart · {_t('sheet', lang)}", color="white", fontsize=9, va="top")
    fig.text(0.5 / A4[0], 1 - 0.5 / A4[1], title, color="white", fontsize=20, fontweight="bold", va="top")
    fig.text(0.5 / A4[0], 1 - 1.3 / A4[1], subtitle, color=MUTED, fontsize=9.5, va="top")
    return _Page(fig, 0.5, 1.65, 4.3)


def _footer(fig, lang: str, today: dt.date) -> None:
    box = _Page(fig, 0.5, A4[1] - 1.55, 7.27)
    box.rule()
    box.text(_t("demands", lang), size=10, bold=True, color=ACCENT, gap=0.02)
    for item in _t("demand_list", lang):
        box.text(f"• {item}", size=9, gap=0.0)
    box.y += 0.06
    box.text(f"{vocab.t('source_line', lang)} · {vocab.t('made', lang, date=vocab.date_text(today.isoformat(), lang))} · "
             f"{vocab.t('attribution', lang)}", size=7.5, color=MUTED, gap=0.0)
    box.text(vocab.t('helplines', lang), size=8, bold=True, color=ACCENT, gap=0.0)


def _map(fig, kommuner: gpd.GeoDataFrame, fylker: gpd.GeoDataFrame, table: pd.DataFrame, centres: pd.DataFrame,
         fylke: str, highlight: str | None, threshold: int, lang: str) -> None:
    ax = fig.add_axes((5.0 / A4[0], 1 - MAP_BOTTOM / A4[1], 2.9 / A4[0], (MAP_BOTTOM - 1.6) / A4[1]))
    rows = table[table["fylkesnummer"] == fylke]
    geo = kommuner.set_index("kommunenummer").loc[rows["kommunenummer"]]
    colours = vocab.colours(rows, "gap_class", threshold).set_axis(rows["kommunenummer"])
    xy = centres_xy(centres)
    minx, miny, maxx, maxy = geo.total_bounds
    inside = xy[xy["x"].between(minx, maxx) & xy["y"].between(miny, maxy)]
    draw(ax, geo, colours, fylker[fylker["fylkesnummer"] == fylke], inside, 14, 0.8)
    if highlight:
        geo.loc[[highlight]].boundary.plot(ax=ax, color=INK, linewidth=1.6)
    ax.set_aspect("equal", adjustable="box")
    ax.set_anchor("N")
    y = MAP_BOTTOM + 0.1
    for _, label, colour, _n in vocab.legend("gap_class", lang, threshold):
        fig.add_artist(plt.Rectangle((5.0 / A4[0], 1 - (y + 0.11) / A4[1]), 0.14 / A4[0], 0.1 / A4[1],
                                     color=colour, transform=fig.transFigure))
        fig.text(5.2 / A4[0], 1 - y / A4[1], label, fontsize=7.5, va="top", color=INK)
        y += 0.17
    fig.text(5.0 / A4[0], 1 - (y + 0.02) / A4[1], _t("gap", lang, t=threshold), fontsize=7, va="top", color=MUTED)


def kommune_sheet(row: pd.Series, fylke_area: pd.Series, norge: pd.Series, table: pd.DataFrame,
                  kommuner: gpd.GeoDataFrame, fylker: gpd.GeoDataFrame, centres: pd.DataFrame, out: str | Path,
                  lang: str = "nb", threshold: int = 90, year: int = 2025, today: dt.date | None = None):
    """Write the one-page PDF for one kommune (row of coverage.indicators.per_kommune)."""
    today = today or dt.date.today()
    f = lambda v, d=0, u="": vocab.fmt(v, lang, d, u)  # noqa: E731
    fig = plt.figure(figsize=A4)
    page = _header(fig, f"{row['kommunenavn']} ({row['kommunenummer']})",
                   f"{row['fylkesnavn']} · {f(row['befolkning'])} {_t('residents', lang, year=year)}", lang)
    page.text(_t("plan", lang), size=11, bold=True, color=ACCENT)
    status = row["plan_status"]
    page.text(vocab.PLAN_LABELS[status][lang], size=15, bold=True,
              color=vocab.PLAN_COLOURS[status] if status != "unknown" else MUTED)
    if status == "unknown":
        page.text(_t("plan_unknown_help", lang), size=8.5)
        if row.get("plan_lead_url"):
            page.text(f"{_t('plan_lead', lang)}: {row['plan_lead_url']}", size=7.5, color=MUTED)
    else:
        for i, line in enumerate(vocab.plan_details(row, lang)):
            page.text(line, size=9 if i == 0 else 8.5, gap=0.04 if i == 0 else 0.0)
        page.text(f"{_t('source', lang)} ({_t('as_of', lang)} {row['plan_as_of']}): {row['plan_source_url']}",
                  size=7.5, color=MUTED)
    page.rule()
    page.text(_t("centre", lang), size=11, bold=True, color=ACCENT)
    evidence = vocab.EVIDENCE_LABELS[row["catchment_evidence"]][lang]
    page.text(f"{_t('own', lang)}: {row['centre_name']} ({row['centre_town']}) — {evidence}", size=9, gap=0.0)
    if row["catchment_evidence"] == "documented":
        page.text(f"{_t('source', lang)} ({_t('as_of', lang)} {row['catchment_as_of']}): {row['catchment_source_url']}",
                  size=7.5, color=MUTED, gap=0.0)
    else:
        page.text(_t("estimated", lang), size=7.5, color=MUTED, gap=0.0)
    page.text(f"{_t('nearest', lang)}: {row['nearest_centre_name'] or f(None)}", size=9)
    page.rule()

    page.y = max(page.y, FULL_WIDTH_FROM)
    page.text(_t("travel", lang), size=11, bold=True, color=ACCENT)
    page.width = 7.27
    widths = [2.6, 1.6, 1.6]
    page.row(["", _t("to_nearest", lang), _t("to_own", lang)], widths, bold=True)
    page.row([_t("median", lang), f(row["median_min_nearest"], 0, "min") + " · " + f(row["median_km_nearest"], 0, "km"),
              f(row["median_min_affiliated"], 0, "min") + " · " + f(row["median_km_affiliated"], 0, "km")], widths)
    page.row([_t("p90", lang), f(row["p90_min_nearest"], 0, "min") + " · " + f(row["p90_km_nearest"], 0, "km"),
              f(row["p90_min_affiliated"], 0, "min") + " · " + f(row["p90_km_affiliated"], 0, "km")], widths)
    page.row([_t("straight", lang), f(row["median_km_straight"], 0, "km"),
              f"{'vei/luftlinje' if lang == 'nb' else 'road/straight'} {f(row['road_straight_ratio'], 2)}"], widths)
    page.row([_t("unreachable", lang), f(row["unreachable"]), ""], widths)
    page.y += 0.1
    widths = [2.6, 1.6, 1.6, 1.4]
    short = lambda name: name.split(" - ")[0][:24]  # noqa: E731  (Sámi/Kven parallel names make long headers)
    page.row([_t("compare", lang), short(row["kommunenavn"]), short(row["fylkesnavn"]), _t("norway", lang)], widths,
             bold=True)
    page.row([f"{_t('median', lang)} min", f(row["median_min_nearest"]), f(fylke_area["median_min_nearest"]),
              f(norge["median_min_nearest"])], widths)
    page.row(["P90 min", f(row["p90_min_nearest"]), f(fylke_area["p90_min_nearest"]), f(norge["p90_min_nearest"])],
             widths)
    for t in (60, 90, 120):
        col = f"share_over_{t}_nearest"
        page.row([_t("over", lang, t=t), vocab.pct(row[col], lang), vocab.pct(fylke_area[col], lang),
                  vocab.pct(norge[col], lang)], widths)
    page.y += 0.08
    page.text(f"{_t('gap', lang, t=threshold)}: {vocab.CLASS_LABELS[row['gap_class']][lang]}", size=9, bold=True)
    plan_ev = "ukjent" if status == "unknown" and lang == "nb" else "unknown" if status == "unknown" else (
        "dokumentert" if lang == "nb" else "documented")
    page.text(_t("evidence", lang, plan=plan_ev, catch=evidence), size=7.5, color=MUTED)
    _map(fig, kommuner, fylker, table, centres, row["fylkesnummer"], row["kommunenummer"], threshold, lang)
    _footer(fig, lang, today)
    fig.savefig(out, format="pdf")
    plt.close(fig)
    return out


def fylke_sheet(fylke: str, fylke_area: pd.Series, norge: pd.Series, table: pd.DataFrame,
                kommuner: gpd.GeoDataFrame, fylker: gpd.GeoDataFrame, centres: pd.DataFrame, out: str | Path,
                lang: str = "nb", threshold: int = 90, year: int = 2025, today: dt.date | None = None):
    """Write the one-page PDF for one fylke."""
    today = today or dt.date.today()
    f = lambda v, d=0, u="": vocab.fmt(v, lang, d, u)  # noqa: E731
    rows = table[table["fylkesnummer"] == fylke]
    if rows.empty:
        raise ValueError(f"fylke {fylke!r} not found; allowed: {', '.join(sorted(table['fylkesnummer'].unique()))}")
    name = rows["fylkesnavn"].iloc[0]
    fig = plt.figure(figsize=A4)
    page = _header(fig, name, f"{len(rows)} {_t('kommuner', lang)} · {f(rows['befolkning'].sum())} "
                              f"{_t('residents', lang, year=year)}", lang)
    page.text(_t("plans_in_fylke", lang), size=11, bold=True, color=ACCENT)
    counts = rows["plan_status"].value_counts()
    for status in ("adopted", "in_progress", "expired", "none", "unknown"):
        page.text(f"{vocab.PLAN_LABELS[status][lang]}: {int(counts.get(status, 0))}", size=9.5, gap=0.0)
    page.y += 0.06
    page.rule()
    page.text(_t("centres_in_fylke", lang), size=11, bold=True, color=ACCENT)
    local = centres[centres["fylkesnummer"] == fylke]
    for c in local.itertuples():
        page.text(f"• {c.name} ({c.town})", size=8.5, gap=0.0)
    page.y += 0.06
    page.rule()
    page.y = max(page.y, FULL_WIDTH_FROM)
    page.text(_t("travel", lang), size=11, bold=True, color=ACCENT)
    page.width = 7.27
    widths = [2.6, 1.6, 1.6]
    page.row([_t("compare", lang), name, _t("norway", lang)], widths, bold=True)
    page.row([f"{_t('median', lang)} min", f(fylke_area["median_min_nearest"]), f(norge["median_min_nearest"])], widths)
    page.row(["P90 min", f(fylke_area["p90_min_nearest"]), f(norge["p90_min_nearest"])], widths)
    for t in (60, 90, 120):
        col = f"share_over_{t}_nearest"
        page.row([_t("over", lang, t=t), vocab.pct(fylke_area[col], lang), vocab.pct(norge[col], lang)], widths)
    page.row([_t("unreachable", lang), f(fylke_area["unreachable"]), f(norge["unreachable"])], widths)
    page.y += 0.12
    page.text(_t("longest", lang), size=9.5, bold=True, gap=0.02)
    for r in rows.sort_values("median_min_nearest", ascending=False).head(5).itertuples():
        page.text(f"{r.kommunenavn}: {f(r.median_min_nearest, 0, 'min')} · "
                  f"{vocab.PLAN_LABELS[r.plan_status][lang]}", size=8.5, gap=0.0)
    _map(fig, kommuner, fylker, table, centres, fylke, None, threshold, lang)
    _footer(fig, lang, today)
    fig.savefig(out, format="pdf")
    plt.close(fig)
    return out
