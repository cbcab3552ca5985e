"""One-off curation: turn ../shared/research tables into geodata/*.csv (re-run after research changes).

Only facts with a source travel; inferred lists in research notes are left out. Status 'adopted' with a
period that ended before CURATED_ON's year becomes 'expired' (the rule the loader also applies).
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

RESEARCH = Path(__file__).resolve().parents[2] / "shared" / "research"
OUT = Path(__file__).resolve().parents[1] / "geodata"
CURATED_ON = "2026-11-26"

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


def _year(text: str) -> int | None:
    m = re.search(r"(19|20)\d\d", text or "")
    return int(m.group(0)) if m else None


def _rows(name: str) -> list[dict]:
    with open(RESEARCH / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _write(name: str, rows: list[dict]) -> None:
    with open(OUT / name, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{name}: {len(rows)} rows")


def centres() -> None:
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
            "source_url": urls[0], "other_sources": " ".join(urls[1:]), "as_of": "2024", "notes": r["notes"],
        })
    _write("crisis_centres.csv", rows)


def catchments() -> None:
    rows = []
    for r in _rows("catchments.csv"):
        tag = re.findall(r"\[([^\]]+)\]", r["notes"])
        if not r["source_url"].startswith("http"):
            print(f"left out (no public URL): {r['kommune_name_2024']} -> {r['centre_name']}: {r['source_url'][:60]}")
            continue
        rows.append({
            "kommunenummer": r["kommunenummer_2024"], "kommunenavn": r["kommune_name_2024"],
            "centre_id": centre_id(r["centre_name"]), "source_url": r["source_url"], "as_of": r["source_year"],
            "evidence_tag": ";".join(tag) if tag else "direct", "quote": r["quote"], "notes": r["notes"],
        })
    _write("catchments.csv", rows)


def action_plans() -> None:
    plans, leads = [], []
    now = int(CURATED_ON[:4])
    for r in _rows("action_plans.csv"):
        knr = r["kommunenummer_2024_if_known"].strip()
        as_of = r["source_date"].strip() or "undated"
        urls = [u.strip() for u in r["source_url"].split(" ; ")]
        if r["status"] == "unknown":
            leads.append({"kommunenummer": knr, "kommunenavn": r["kommune"], "source_url": urls[0],
                          "other_sources": " ".join(urls[1:]), "as_of": as_of, "notes": r["notes"]})
            continue
        status, notes = r["status"], r["notes"]
        end = _year(r["period_end"])
        if status == "adopted" and end is not None and end < now:
            status, notes = "expired", f"Period ended {end} (status set to expired on {CURATED_ON}). {notes}"
        adopted = re.search(r"[Vv]edtatt i (bystyret|kommunestyret) (\d{2}\.\d{2}\.\d{4})", r["notes"])
        plans.append({
            "kommunenummer": knr, "kommunenavn": r["kommune"], "status": status, "plan_title": r["plan_title"],
            "period_start": r["period_start"], "period_end": r["period_end"], "partners": r["intermunicipal_with"],
            "adopted_date": adopted.group(2) if adopted else "", "source_url": urls[0],
            "other_sources": " ".join(urls[1:]), "as_of": as_of,
            "notes": notes,
        })
    _write("action_plans.csv", plans)
    _write("action_plan_leads.csv", leads)


if __name__ == "__main__":
    centres()
    catchments()
    action_plans()
