"""What each column of the data files (CSV, XLSX, GeoJSON) means, in bokmål, nynorsk and English: the XLSX carries
it as a sheet, and a test holds that every exported column is described here. The fixed columns' nynorsk is in
vocabulary/nynorsk.py (COLUMNS); the patterns say theirs here."""

from __future__ import annotations

import re

from vocabulary.nynorsk import COLUMNS as _NYNORSK
from vocabulary.words import t

_FIXED = {
    "kommunenummer": ("Kommunenummer (2024-inndelingen), fire siffer som tekst", "Kommune number (2024 division), four digits as text"),
    "kommunenavn": ("Kommunens navn", "Name of the kommune"),
    "fylkesnummer": ("Fylkesnummer, to siffer", "Fylke (county) number, two digits"),
    "fylkesnavn": ("Fylkets navn", "Name of the fylke (county)"),
    "befolkning": ("Folketall 1.1. (SSB)", "Population on 1 January (SSB)"),
    "kvinner_18": ("Kvinner 18 år og eldre (SSB)", "Women aged 18 and over (SSB)"),
    "people": ("Befolkningen tallene er vektet med (se weight), hele personer", "Population the figures are weighted by (see weight), whole persons"),
    "weight": ("Vekt: all = alle innbyggere, women18 = kvinner 18+", "Weight: all = all residents, women18 = women 18+"),
    "unreachable": ("Personer uten vei eller bilferje til noe senter", "People with no road or car ferry to any centre"),
    "plan_status": ("Handlingsplan mot vold i nære relasjoner: adopted (vedtatt), in_progress (under arbeid), expired (utløpt), none (ingen), unknown (ukjent: ingen kilde funnet)",
                    "Action plan against domestic violence: adopted, in_progress, expired, none, unknown (no source found)"),
    "plan_title": ("Planens tittel", "Title of the plan"),
    "plan_period": ("Planperiode", "Plan period"),
    "plan_partners": ("Kommuner planen er felles med", "Kommuner sharing the plan"),
    "plan_adopted_date": ("Vedtaksdato", "Date adopted"),
    "plan_source_url": ("Kilde for planstatus", "Source of the plan status"),
    "plan_as_of": ("Kildens dato (ÅÅÅÅ, ÅÅÅÅ-MM, ÅÅÅÅ-MM-DD eller undated)", "Date of the source (YYYY, YYYY-MM, YYYY-MM-DD or undated)"),
    "plan_lead_url": (t("plan_lead", "nb"), t("plan_lead", "en")),
    "plan_joint_plan_id": ("Felles (interkommunal) plan kommunen er med i (kode); tom for kommunens egen plan",
                           "Joint (inter-municipal) plan the kommune belongs to (code); empty for the kommune's own plan"),
    "plan_joint_title": ("Tittelen på den felles planen", "Title of the joint plan"),
    "plan_joint_region": ("Regionen den felles planen gjelder", "Region the joint plan covers"),
    "plan_joint_published": ("Da den felles planen ble publisert (ÅÅÅÅ, ÅÅÅÅ-MM, ÅÅÅÅ-MM-DD eller undated)",
                             "When the joint plan was published (YYYY, YYYY-MM, YYYY-MM-DD or undated)"),
    "plan_adopted_basis": ("Hva «vedtatt» bygger på: decision (politisk vedtak), published_final (endelig plan publisert av "
                           "kommunen), joined (kilden sier kommunen vedtok eller sluttet seg til den felles planen)",
                           "What 'adopted' rests on: decision (a political decision), published_final (a final plan "
                           "published by the kommune), joined (the source says the kommune adopted or joined the joint plan)"),
    "plan_quote": ("Ordrett sitat (høyst 300 tegn) fra kilden for planstatus", "Verbatim quote (at most 300 characters) from the source of the plan status"),
    "plan_evidence": ("Hva planstatusen bygger på: documented (kilde funnet), register (godkjent innmelding) eller unknown",
                      "What the plan status rests on: documented (a source), register (an approved report) or unknown"),
    "plan_editor": ("Redaktøren som godkjente registeroppføringen", "Editor who approved the register entry"),
    "plan_approved_at": ("Tidspunkt for godkjenning i registeret", "When the register entry was approved"),
    "plan_case_reference": ("Kommunens saksnummer når kilden er et svarbrev (i stedet for en lenke)",
                            "The kommune's case reference when the source is a letter (instead of a link)"),
    "plan_asked_on": ("Dato kommunen fikk et innsynskrav om planen som ennå ikke er besvart (tom: ingen åpen forespørsel)",
                      "Date the kommune was sent a request for access about its plan, not yet answered (empty: none open)"),
    "plan_asked_workdays": ("Virkedager forespørselen har ventet på svar", "Working days the request has waited for an answer"),
    "plan_asked_overdue": ("Ikke besvart etter 10 virkedager", "Not answered after 10 working days"),
    "centre_id": ("Krisesenteret kommunen hører til (kode)", "Crisis centre the kommune belongs to (code)"),
    "centre_name": ("Krisesenteret kommunen hører til", "Crisis centre the kommune belongs to"),
    "centre_town": ("Senterets tettsted (ikke adresse)", "The centre's town (not its address)"),
    "centre_department": ("Avdelingen av eget senter som flest har nærmest", "Department of the own centre most people have nearest"),
    "catchment_evidence": ("documented (kilde) eller estimated (korteste kjøretid)", "documented (a source) or estimated (shortest drive time)"),
    "catchment_source_url": ("Kilde for hvilket senter kommunen hører til", "Source for the centre the kommune belongs to"),
    "catchment_as_of": ("Kildens dato", "Date of the source"),
    "catchment_tag": ("Hvordan kilden knytter kommunen til senteret (direct, host, merger, region-derived …), eller regelen for et anslag",
                      "How the source ties the kommune to the centre (direct, host, merger, region-derived …), or the rule of an estimate"),
    "catchment_note": ("Merknad: andre kilder, eller et nedlagt senter", "Note: other sources, or a closed centre"),
    "catchment_other_fylke": ("Senteret ligger i et annet fylke", "The centre is in another fylke"),
    "nearest_centre_id": ("Nærmeste senter for flest innbyggere (kode)", "Nearest centre for most residents (code)"),
    "nearest_centre_name": ("Nærmeste senter for flest innbyggere", "Nearest centre for most residents"),
    "nearest_differs": ("Nærmeste senter er et annet enn eget senter", "The nearest centre is not the kommune's own"),
    "median_km_straight": ("Median luftlinje til nærmeste senter, km", "Median straight-line distance to the nearest centre, km"),
    "road_straight_ratio": ("Median veilengde delt på median luftlinje", "Median road distance divided by median straight line"),
    "gap_class": ("Klassen på kartet (planstatus × reisevei): dekket, lang_reisevei, mangler_plan, dobbelt_gap, ukjent_naer, ukjent_langt",
                  "The map's class (plan status × travel): dekket, lang_reisevei, mangler_plan, dobbelt_gap, ukjent_naer, ukjent_langt"),
}
_BAND = ("medianen klassen på kartet bygger på (til nærmeste senter, om ikke annet er valgt)",
         "the median the map's class rests on (to the nearest centre unless chosen otherwise)")
_FIXED |= {
    "band_low_min": (f"Nedre ende av usikkerhetsbåndet rundt {_BAND[0]}: median × (1 − b), b = modellens relative feil i "
                     "kjøretid utenfor tilpasningen (TIME_ERROR_BAND), minutter",
                     f"Lower end of the error band around {_BAND[1]}: median × (1 − b), b = the model's relative "
                     "out-of-fold drive-time error (TIME_ERROR_BAND), minutes"),
    "band_high_min": (f"Øvre ende av usikkerhetsbåndet rundt {_BAND[0]}: median × (1 + b), minutter",
                      f"Upper end of the error band around {_BAND[1]}: median × (1 + b), minutes"),
    "close_to_threshold": ("Nær terskelen: kort/lang vei kan snu inne i båndet (nedre ende ≤ terskel < øvre ende); "
                           "aldri for kommuner uten veiforbindelse",
                           "Close to the threshold: near/far could flip inside the band (lower end ≤ threshold < upper "
                           "end); never for kommuner with no road"),
}
_BASIS = {"nearest": ("nærmeste senter", "the nearest centre"), "affiliated": ("eget senter", "the kommune's own centre")}
_BASIS_NN = {"nearest": "næraste senter", "affiliated": "eige senter"}
_PATTERNS = [  # (bokmål, English) by the column's name; nynorsk in _PATTERNS_NN, in the same order
    (r"(median|p90)_min_(nearest|affiliated)", lambda m: (
        f"{'Median' if m[1] == 'median' else '90-persentil (9 av 10 har kortere)'} beregnet kjøretid til {_BASIS[m[2]][0]}, minutter",
        f"{'Median' if m[1] == 'median' else '90th percentile (9 in 10 have less)'} estimated drive time to {_BASIS[m[2]][1]}, minutes")),
    (r"(median|p90)_km_(nearest|affiliated)", lambda m: (
        f"{'Median' if m[1] == 'median' else '90-persentil (9 av 10 har kortere)'} veilengde til {_BASIS[m[2]][0]}, km",
        f"{'Median' if m[1] == 'median' else '90th percentile (9 in 10 have less)'} road distance to {_BASIS[m[2]][1]}, km")),
    (r"share_over_(\d+)_(nearest|affiliated)", lambda m: (
        f"Andel (0–1) av dem med veiforbindelse som har over {m[1]} min til {_BASIS[m[2]][0]}",
        f"Share (0–1) of those with a road connection who are over {m[1]} min from {_BASIS[m[2]][1]}")),
    (r"people_over_(\d+)_(nearest|affiliated)", lambda m: (
        f"Personer over {m[1]} min fra {_BASIS[m[2]][0]}", f"People over {m[1]} min from {_BASIS[m[2]][1]}")),
    (r"(plan|catchment)_as_of_year", lambda m: ("Kildens år", "Year of the source")),
    (r"(plan|catchment)_as_of_undated", lambda m: ("Kilden er udatert", "The source is undated")),
    (r"plan_curated_(\w+)", lambda m: (f"Kildesjekket verdi før registeret: {m[1]}", f"Value in the project's sourced data, before the register: {m[1]}")),
    (r"plan_register_(\w+)", lambda m: (f"Godkjent registeroppføring: {m[1]}", f"Approved register entry: {m[1]}")),
]
_PATTERNS_NN = [
    lambda m: f"{'Median' if m[1] == 'median' else '90-persentil (9 av 10 har kortare)'} berekna køyretid til "
              f"{_BASIS_NN[m[2]]}, minutt",
    lambda m: f"{'Median' if m[1] == 'median' else '90-persentil (9 av 10 har kortare)'} veglengd til "
              f"{_BASIS_NN[m[2]]}, km",
    lambda m: f"Del (0–1) av dei med vegsamband som har over {m[1]} min til {_BASIS_NN[m[2]]}",
    lambda m: f"Personar over {m[1]} min frå {_BASIS_NN[m[2]]}",
    lambda m: "Året for kjelda",
    lambda m: "Kjelda er udatert",
    lambda m: f"Kjeldesjekka verdi før registeret: {m[1]}",
    lambda m: f"Godkjend registeroppføring: {m[1]}",
]


def describe(column: str) -> tuple[str, str, str] | None:
    """(bokmål, nynorsk, English) description of an exported column, or None if it has none."""
    if column in _FIXED:
        nb, en = _FIXED[column]
        return nb, _NYNORSK[column], en
    for (pattern, text), nynorsk in zip(_PATTERNS, _PATTERNS_NN, strict=True):
        m = re.fullmatch(pattern, column)
        if m:
            nb, en = text(m)
            return nb, nynorsk(m), en
    return None
