"""First draft of geodata/*.csv from the ../shared/research tables (python tools/curate_geodata.py --out DIR).

This tool wrote the first version of geodata/ on CURATED_ON. The files were then edited by hand against the
sources read at their URL (EDITED_ON): each centre's `as_of` is its source's date, Krisesenter Vest's departments
(centre_departments.csv), plan evidence of 2026-11 (plan_evidence_2026-11.csv), newer sources for Fredrikstad,
Romsdal and Mosseregionen. The research tables do not hold those facts, so this tool CANNOT regenerate geodata/
as curated now: it refuses to write into geodata/ and writes a draft only into an empty directory, to compare.
`as_of` is always the source's own date (YYYY, YYYY-MM, YYYY-MM-DD) or 'undated' — never the day of curation;
the research gives no date for the centres' sources, so the draft marks them 'undated'. Only facts with a
source travel; inferred lists in research notes are left out. Status 'adopted' with a period that ended before
the current year becomes 'expired' (the rule the loader also applies).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from datetime import date
from pathlib import Path

RESEARCH = Path(__file__).resolve().parents[2] / "shared" / "research"
GEODATA = Path(__file__).resolve().parents[1] / "geodata"
CURATED_ON = "2026-11-26"
EDITED_ON = ("2026-11-26",)
_DATE = re.compile(r"^(19|20)\d\d(-\d\d(-\d\d)?)?$")

IDS = {
    "Oslo Krisesenter": "oslo", "Krisesenteret i Asker": "asker-baerum-lier", "Krise- og incestsenteret i Follo": "follo",
    "Romerike": "romerike", "Krise- og incestsenteret i Fredrikstad": "fredrikstad", "Sarpsborg": "sarpsborg",
    "Krisesenteret i Moss": "moss", "Indre Østfold": "indre-ostfold", "Krisesenteret i Halden": "halden",
    "Drammen": "drammen", "Kongsberg": "kongsberg", "Hallingdal": "hallingdal", "Krisesenteret i Hønefoss": "honefoss",
    "Hamar": "hamar", "Gjøvik": "gjovik", "Glåmdal": "glamdal", "Gudbrandsdal": "gudbrandsdal",
    "Krisesenteret i Vestfold": "vestfold", "Krisesenteret i Telemark": "telemark", "Vest-Agder": "vest-agder",
    "Østre Agder": "ostre-agder", "Krisesenteret i Stavanger": "stavanger", "Krisesenter Vest": "krisesenter-vest",
    "Bergen": "bergen", "Sogn og Fjordane": "sogn-og-fjordane", "Sunnmøre": "sunnmore", "Molde": "molde",
    "Nordmøre": "nordmore", "Trondheim": "trondheim", "Orkdal": "orkdal", "Nord-Trøndelag": "nord-trondelag",
    "Sør-Helgeland": "sor-helgeland", "Helgeland krisesenter": "helgeland", "Krisesenteret Rana": "rana",
    "Salten": "salten", "Narvik": "narvik", "Vesterålen": "vesteralen", "Tromsø": "tromso", "Harstad": "harstad",
    "Midt-Troms": "midt-troms", "Alta": "alta", "Vest-Finnmark": "vest-finnmark", "Norasenteret": "norasenteret",
}
INFERRED_HOST = {"indre-ostfold", "glamdal", "ostre-agder", "orkdal", "sor-helgeland"}
PLACEHOLDER = {"romerike", "hallingdal"}
CLOSED = {"sor-helgeland": "2025"}


def centre_id(name: str) -> str:
    for needle, cid in IDS.items():
        if needle in name:
            return cid
    sys.exit(f"no id for centre {name!r}")


def _men(text: str) -> str:
    t = text.strip().lower()
    return "yes" if t.startswith("yes") else "partial" if t.startswith("partial") else "unknown"


def _as_of(text: str) -> str:
    """The source's date as given (YYYY, YYYY-MM, YYYY-MM-DD), else 'undated' (estimates like 'c.2015' are not dates)."""
    text = (text or "").strip()
    return text if _DATE.match(text) else "undated"


def _year(text: str) -> int | None:
    m = re.search(r"(19|20)\d\d", text or "")
    return int(m.group(0)) if m else None


def _rows(name: str) -> list[dict]:
    with open(RESEARCH / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _write(out: Path, name: str, rows: list[dict]) -> None:
    with open(out / name, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{name}: {len(rows)} rows")


def centres(out: Path) -> None:
    rows = []
    for r in _rows("crisis_centres.csv"):
        cid = centre_id(r["name"])
        urls = r["sources"].split()
        town = r["town"].split(" (")[0]
        rows.append({
            "id": cid, "name": r["name"], "host_kommunenummer": r["host_kommunenummer"], "town": town,
            "lat": f"{float(r['lat']):.2f}", "lon": f"{float(r['lon']):.2f}",
            "location_evidence": "placeholder" if cid in PLACEHOLDER else "inferred" if cid in INFERRED_HOST else "documented",
            "men_offer": _men(r["men_offer"]), "men_offer_note": r["men_offer"],
            "cost_per_inhabitant_nok": r["cost_per_inhabitant_nok"], "cost_year": r["cost_year"],
            "status": "closed" if cid in CLOSED else "active", "closed_by": CLOSED.get(cid, ""),
            "source_url": urls[0], "other_sources": " ".join(urls[1:]), "as_of": "undated", "notes": r["notes"],
        })
    _write(out, "crisis_centres.csv", rows)


def catchments(out: Path) -> None:
    rows = []
    for r in _rows("catchments.csv"):
        tag = re.findall(r"\[([^\]]+)\]", r["notes"])
        if not r["source_url"].startswith("http"):
            print(f"left out (no public URL): {r['kommune_name_2024']} -> {r['centre_name']}: {r['source_url'][:60]}")
            continue
        rows.append({
            "kommunenummer": r["kommunenummer_2024"], "kommunenavn": r["kommune_name_2024"],
            "centre_id": centre_id(r["centre_name"]), "source_url": r["source_url"], "as_of": _as_of(r["source_year"]),
            "evidence_tag": ";".join(tag) if tag else "direct", "quote": r["quote"], "notes": r["notes"],
        })
    _write(out, "catchments.csv", rows)


def action_plans(out: Path) -> None:
    plans, leads = [], []
    now = date.today().year
    for r in _rows("action_plans.csv"):
        knr = r["kommunenummer_2024_if_known"].strip()
        as_of = _as_of(r["source_date"])
        urls = [u.strip() for u in r["source_url"].split(" ; ")]
        if r["status"] == "unknown":
            leads.append({"kommunenummer": knr, "kommunenavn": r["kommune"], "source_url": urls[0],
                          "other_sources": " ".join(urls[1:]), "as_of": as_of, "notes": r["notes"]})
            continue
        status, notes = r["status"], r["notes"]
        end = _year(r["period_end"])
        if status == "adopted" and end is not None and end < now:
            status, notes = "expired", f"Period ended {end}. {notes}"
        adopted = re.search(r"[Vv]edtatt i (bystyret|kommunestyret) (\d{2}\.\d{2}\.\d{4})", r["notes"])
        plans.append({
            "kommunenummer": knr, "kommunenavn": r["kommune"], "status": status, "plan_title": r["plan_title"],
            "period_start": r["period_start"], "period_end": r["period_end"], "partners": r["intermunicipal_with"],
            "adopted_date": adopted.group(2) if adopted else "", "source_url": urls[0],
            "other_sources": " ".join(urls[1:]), "as_of": as_of,
            "notes": notes,
        })
    _write(out, "action_plans.csv", plans)
    _write(out, "action_plan_leads.csv", leads)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="an empty or new directory (never geodata/)")
    out = parser.parse_args(argv).out.resolve()
    if out == GEODATA.resolve() or (out.exists() and any(out.iterdir())):
        print(f"refusing to write into {out}: geodata/ is curated by hand beyond what the research tables hold "
              "(see this tool's docstring); give an empty directory to write a draft for comparison", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    centres(out)
    catchments(out)
    action_plans(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
