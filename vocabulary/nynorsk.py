"""Nynorsk (nn) for the phrases that were written in bokmål and English first: WORDS (vocabulary/words.py) by key,
the map's labels and legends (vocabulary/legend.py), the technical file's column notes (vocabulary/columns.py) and
the sources' titles on the method page. A phrase's nynorsk lives in one place only: here, or inline ("nn") in its
entry — tests/test_nynorsk.py holds that, and that every phrase has one.

Written as a nynorsk kommune would write it, not word for word from bokmål: ikkje, kva, kvar, kommunane,
innbyggjarar, berre, heime, frå, kjelde, køyretid (never «kjøretid»), reiseveg, vald i nære relasjonar, valdsutsette.
Names stay as their owners write them (Vold- og overgrepslinjen, Krisesenter Vest), and so do verbatim quotes.
This module imports nothing: vocabulary.words reads it."""

from __future__ import annotations

NYNORSK: dict[str, str | list[str]] = {
    # --- names, lines and banners shared by every surface
    "app_title": "Dekningskart",
    "tagline": "Kor langt er det til eit krisesenter, og har kommunen ein handlingsplan mot vald i nære relasjonar?",
    "helplines": "Treng du hjelp no? Vold- og overgrepslinjen 116 006 · Naudnummer politi 112",
    "source_line": "Kjelde: Kartverket, SSB, Bufdir, kommunane — berekna køyretid",
    "attribution": "Kartverket (CC BY 4.0), SSB, Bufdir, nettsidene til kommunane",
    "nkvts": "Berre 4 av 10 kommunar hadde ein handlingsplan mot vald i nære relasjonar (NKVTS rapport 3/2019, "
             "tal for 2018: 168 av 422 kommunar).",
    "made": "Laga {date}",
    "norway": "Noreg",
    "of": "av",
    "kommuner": "kommunar",
    "kommune": "Kommune",
    "fylke": "Fylke",
    "fylke_word": "fylke",
    "all_norway": "Heile landet",
    "unknown": "ukjend",
    "undated": "udatert",
    "as_of": "per",
    "source": "Kjelde",
    "sources": "Kjelder",
    "period": "Periode",
    "partners": "Saman med",
    "expired_period": "{word} (perioden enda {end})",
    "partners_more": "{names} og {n} til",
    "age_note": "kjelda er {years} år gammal",
    "minutes": "min",
    # --- population weights
    "weight": "Befolkning",
    "weight_all": "Alle innbyggjarar",
    "weight_women18": "Kvinner 18+",
    "people_all": "innbyggjarar",
    "people_women18": "kvinner 18+",
    "weight_text_all": "alle innbyggjarar",
    "weight_text_women18": "kvinner 18 år og eldre",
    # --- plan status
    "plan": "Handlingsplan mot vald i nære relasjonar",
    "plan_unknown_help": "«Ukjend» tyder at vi ikkje har funne ei kjelde, ikkje at kommunen manglar plan. Spør kommunen; "
                         "finst det ein plan, blir han lagd inn i Dekningskart med lenkje og dato.",
    "plan_lead": "Mogleg kjelde å sjekke (avgjer ikkje status)",
    "plan_group_current": "Gyldig plan",
    "plan_group_not_current": "Ikkje gyldig plan (dokumentert)",
    "plan_group_unknown": "Ukjend planstatus",
    "grid_current": "Gyldig plan",
    "grid_not_current": "Ikkje gyldig",
    "grid_unknown": "Ukjend",
    "grid_near": "Kort veg",
    "grid_far": "Lang veg",
    "grid_groups": "Ikkje gyldig = ei kjelde viser ingen plan, utgått plan eller plan under arbeid. Ukjend = inga kjelde "
                   "funnen.",
    "near": "Kort veg (median ≤ {t} min)",
    "far": "Lang veg (median over {t} min)",
    # --- sidebar and navigation
    "language": "Språk / language",
    "indicator": "Vis på kartet",
    "threshold": "Terskel for lang reiseveg (median minutt)",
    "page_map": "Kart",
    "page_kommune": "Kommune",
    "page_whatif": "Kva om",
    "page_method": "Metode og kjelder",
    "basemap": "Bakgrunnskart (hentar fliser frå OpenStreetMap)",
    "bad_param": "Ugyldig verdi i lenkja for «{name}»: {value}. Viser standardvalet i staden.",
    "unknown_page": "Sida «{value}» finst ikkje. Viser kartet i staden.",
    "data_missing": "Datafilene manglar, og dei kunne ikkje lastast ned. Set DEKNING_DATA_DIR til ei mappe med filene. "
                    "Detaljar: {detail}",
    "data_invalid": "Kjeldedataa til prosjektet har feil som må rettast før kartet kan visast:\n\n{detail}",
    "preparing": "Første besøk på denne serveren: reknar ut reisetider for heile landet – berre éin gong, vanlegvis 1–3 "
                 "minutt på ein liten server. Stega og sekunda står under.",
    "preparing_known": "Første besøk etter ei oppdatering: reknar ut reisetider for heile landet – berre éin gong. Førre "
                       "gong tok det {seconds} s på denne serveren.",
    "step_running": "{step} … {seconds} s",
    "step_running_known": "{step} … {seconds} s (førre gong {last} s)",
    "step_finished": "{step} – ferdig etter {seconds} s",
    "prepared": "Reisetidene er rekna ut.",
    "step_boundaries": "1/6 Les kommune- og fylkesgrenser (Kartverket)",
    "step_population": "2/6 Les folketal (SSB)",
    "step_grid": "3/6 Les befolkningsrutenettet (SSB, 1 km)",
    "step_roads": "4/6 Les vegnettet (Kartverket N1000)",
    "step_tables": "6/6 Lagar tabellar per kommune, fylke og land",
    "data_damaged": "Ei datafil er skadd, og kartet kan ikkje visast før fila er bytt ut. {detail}",
    "data_unreadable": "Ei datafil kunne ikkje lesast. {detail}",
    "cache_unwritable": "Serveren kan ikkje skrive til mellomlageret; resultata blir haldne i minnet (sida blir tregare "
                        "etter ein omstart).",
    "cache_not_a_directory": "Mellomlageret på serveren er ikkje ei mappe; resultata blir haldne i minnet.",
    "cache_full": "Disken for mellomlageret er full; resultata blir haldne i minnet.",
    # --- map page
    "kpi_beyond": "{people} over {t} min unna",
    "kpi_beyond_help": "Berekna køyretid langs veg, {people} 1.1.{year} (SSB). I tillegg {u} utan vegsamband til eit "
                       "senter.",
    "kpi_not_current": "Utan gyldig plan (dokumentert)",
    "kpi_not_current_help": "Kommunar der ei kjelde viser ingen plan, utgått plan eller plan under arbeid. {stale} av dei "
                            "byggjer på ei kjelde som er udatert eller eldre enn 3 år: dei kan ha fått ein ny plan sidan. "
                            "Kjelde og dato står i kommunekortet.",
    "kpi_stale": "{stale} med gammal/udatert kjelde",
    "kpi_unknown": "Ukjend planstatus",
    "kpi_unknown_help": "Inga kjelde funnen. Ukjend er ikkje det same som «ingen plan».",
    "kpi_double": "Dobbelt gap",
    "double_gap_help": "Kommunar der kjeldene viser at det ikkje finst gyldig plan (ingen, utgått eller under arbeid), og "
                       "med median over {t} min berekna køyretid. {stale} av dei byggjer på ei kjelde som er udatert "
                       "eller eldre enn 3 år. {unknown} kommunar med ukjend planstatus er ikkje med.",
    "kpi_median": "Median køyretid til næraste senter",
    "legend": "Teiknforklaring",
    "legend_counts": "Tala er kor mange kommunar som er i utvalet.",
    "centre_marker": "Krisesenter (tettstad, ikkje adresse)",
    "new_centre_marker": "Tenkt nytt senter",
    "map_label": "Kart over {area}: {indicator}. Bruk piltastane for å flytte kartet, + og − for å zoome. "
                 "Vel ein kommune i lista under kartet for å opne kommunekortet.",
    "plan_short": "Plan (dato for kjelda)",
    "centre_short": "Krisesenter (dokumentert eller anslått)",
    "median_short": "Median til næraste senter",
    "map_nothing": "Ingen kommune under siktet.",
    "map_failed": "Kartet kunne ikkje lastast",
    "map_wheel_hint": "Hald Ctrl (⌘ på Mac) nede for å zoome med musehjulet, eller bruk + og −",
    "map_touch_hint": "Bruk to fingrar for å flytte og zoome kartet",
    "map_reset": "Vis heile området att (Home-tasten)",
    "open_kommune": "Opne kommunekort",
    "table_title": "Alle tal i tabellform",
    "click_hint": "Klikk på ein kommune for å opne kommunekortet.",
    "table_filter": "Vis",
    "empty_none_far": "Ingen kommune i {area} har median over {t} min til næraste senter. Lengst er {name}, med {m}.",
    "empty_far_but": "Ingen kommune i {area} passar til dette utvalet. {far} kommunar har median over {t} min, men ingen "
                     "av dei har {wanted}: {have}.",
    "empty_see_far": "Vel «{far_filter}» for å sjå dei.",
    "empty_no_file": "Ingen rader å laste ned for dette utvalet.",
    "group_current": "gyldig plan",
    "group_not_current": "kjelde som viser at gyldig plan manglar",
    "group_unknown": "ukjend planstatus",
    "filter_all": "Alle kommunar",
    "filter_double_gap": "Dobbelt gap: ikkje gyldig plan (dokumentert) og median over {t} min",
    "filter_far_unknown": "Ukjend planstatus og median over {t} min",
    "filter_far": "Alle med median over {t} min",
    "table_source": "Planstatus: nettsidene til kommunane (dato i kommunekortet). Senter: dokumentert eller anslått. "
                    "Minutt: berekna køyretid, {people} 1.1.{year}. Sorter ved å klikke på ein kolonne.",
    "people_over_col": "{people} over {t} min (tal)",
    "files_caption": "Last ned dei {n} radene: tabellen slik han står under, eller alle kolonnane for vidare analyse.",
    "dl_table": "Tabellen ({fmt})",
    "dl_full": "Alle kolonnane ({fmt})",
    "dl_full_help": "Teknisk fil: alle tal med desimalar og kolonnenamn for program; arket «kolonner» i XLSX forklarer "
                    "kvar kolonne.",
    "kommunenummer": "Kommunenummer",
    "kommuner_sheet": "kommunar",
    "about_sheet": "om tabellen",
    "publishing_about": "Tabellen slik Dekningskart viser han: minutt og prosent i heile tal, {people} over {t} min i "
                        "heile personar per kommune (summen er talet over kartet), planstatus med datoen til kjelda, "
                        "sortert etter median køyretid, lengst først. Alle kolonnane med desimalar finst i den tekniske "
                        "fila.",
    "share_over_pct": "Del over {t} min (%)",
    "detour_pct": "Vegen er lengre enn luftlina (%)",
    "embed_title": "Bygg kartet inn i ein artikkel",
    "embed_advice": "Last ned det interaktive kartet (HTML), legg fila {file} på dykkar eigen server og lim inn koden "
                    "der kartet skal stå; byt ut adressa i src om fila ligg i ei anna mappe. Ramma blir like brei som "
                    "spalta, i formatet {w}×{h} (minst 420 px høg). Fila hentar ingenting frå andre, og koden sender "
                    "ingen referanse vidare.",
    "embed_show": "Vis koden",
    "embed_frame_title": "Interaktivt kart frå Dekningskart",
    "html_download": "Interaktivt kart (HTML)",
    "html_download_help": "Éi fil med kart, data og teiknforklaring, utan førespurnader til andre nettstader: klar til å "
                          "byggjast inn i ein artikkel.",
    "use_web": "nettartikkel",
    "use_social": "sosiale medium",
    "use_print": "utskrift",
    "use_slide": "lysbilete",
    # --- report card
    "choose_kommune": "Vel kommune",
    "population": "Innbyggjarar",
    "centre": "Krisesenteret kommunen høyrer til",
    "nearest_centre": "Næraste senter (alle kan velje fritt)",
    "estimated_rule": "Anslått: senteret med kortast køyretid (inga kjelde nemner kommunen).",
    "travel": "Reisetid (berekna køyretid)",
    "to_nearest": "Til næraste",
    "to_own": "Til eige senter",
    "travel_axis": "Reiseveg",
    "measure": "Mål",
    "median_min": "Median, minutt",
    "median_km": "Median, km",
    "straight_km": "Luftline til næraste senter, median",
    "unreachable": "Utan vegsamband til eit senter",
    "share_over": "Del over {t} min",
    "compare": "Samanlikna med fylket og landet",
    "travel_source": "Kjelde: berekna køyretid langs Kartverket N1000, SSB-befolkning 1.1.{year} på 1 km rutenett "
                     "({people}). Eit anslag, ikkje målt reise.",
    "gap_class_of": "Plan og reiseveg (grense {t} min)",
    # --- what if
    "whatif_intro": "Kva skjer med reisetida om eit senter opnar eller blir lagt ned? Alle som bur nærare det nye "
                    "senteret, får kortare veg; kommunar som høyrde til eit nedlagt senter, får det næraste senteret som "
                    "anslag.",
    "action": "Endring",
    "open": "Opne eit nytt senter",
    "close": "Legg ned eit senter",
    "or_click": "…eller klikk i kartet for å leggje senteret der (avrunda til tettstadnivå).",
    "which_centre": "Kva senter?",
    "choose_centre": "Vel eit senter",
    "whatif_choose": "Vel ein kommune eller klikk i kartet for å sjå kva eit nytt senter ville endre.",
    "whatif_choose_close": "Vel senteret som skal leggjast ned.",
    "before": "Før",
    "after": "Etter",
    "changed": "Kommunar som byter klasse på kartet",
    "none_changed": "Ingen kommunar byter klasse ved denne terskelen.",
    "moved": "Kommunar som byter klasse på kartet eller får medianen endra med minst {m} minutt",
    "none_moved": "Ingen kommunar byter klasse eller får medianen endra med {m} minutt eller meir.",
    "clicked_point": "Valt punkt",
    "reset": "Nullstill",
    "scenario_title": "Kva om: {what}",
    "whatif_gain": "{n} fleire {people} ({share} av alle {people} i {area}) ville fått under {t} min til næraste senter.",
    "whatif_loss": "{n} fleire {people} ({share} av alle {people} i {area}) ville fått over {t} min til næraste senter.",
    "whatif_same": "Ingen fleire eller færre {people} i {area} ville fått over {t} min til næraste senter.",
    "whatif_classes": "{k} av {of} kommunar byter klasse på kartet.",
    "whatif_classes_none": "Ingen kommune byter klasse på kartet.",
    "whatif_host": "{name} har alt krisesenter: {centres}. Eit senter til i same kommune flyttar nesten ingen nærare – "
                   "det handlar om kapasitet (rom og plassar), ikkje reiseveg.",
    "whatif_try": "Næraste kommunar utan eige senter: {names}.",
    "scenario_open_kommune": "nytt senter i {name}",
    "scenario_open_point": "nytt senter ved {point}",
    "scenario_close": "{name} blir lagt ned",
    # --- method page
    "m_travel_h": "Køyretid",
    "m_travel": "Frå kvar busett rute i SSBs 1 km-rutenett (2019, vekta til folketalet i kommunen 1.1.{year}; "
                "kvinner 18+ som alternativ vekt) køyrer vi langs Kartverkets N1000-vegnett (bilvegar og "
                "bilferjer) til tettstaden der krisesenteret ligg, den raskaste vegen. Veglengdene blir gonga med "
                "{factor} fordi N1000 er generalisert. Kvar vegklasse har sin fart, gonga med ein faktor for landsdelen "
                "vegen ligg i (tabellane under), og kvar km gjennom tettbygd strøk (ei 1 km-rute med minst {urban_people} "
                "innbyggjarar) kostar {urban} min ekstra. Frå ruta til næraste vegnode reknar vi luftline × {detour} i "
                "{access} km/t. Alle tal er **berekna køyretid**, ikkje målt reise. Folk som bur på ei øy utan veg "
                "eller bilferje til eit senter, blir rekna som *utan vegsamband*, aldri med ei oppdikta tid.",
    "road_motorveg": "Motorveg",
    "road_motortrafikkveg": "Motortrafikkveg",
    "road_E": "Europaveg (E)",
    "road_R": "Riksveg (R)",
    "road_F": "Fylkesveg (F)",
    "road_K": "Kommunal veg (K)",
    "road_P": "Privat veg (P)",
    "m_speeds": "Fart per vegklasse (km/t)",
    "m_region_speed": "Fartsfaktor per landsdel (etter fylket vegen ligg i)",
    "m_ferries_h": "Ferjer som overfartar",
    "m_ferries": "Ein overfart (éi ombordstiging, frå kai til kai) kostar venting + manøvrering + lengd ÷ fart. Overfartar "
                 "på minst {long_km} km (langs dei teikna ferjelenkene) er *lange* (kyst- og havruter), dei andre *korte* "
                 "(fjordferjer). Ventetida er halve avgangsintervallet på store fjordsamband og innsjekkingstida på lange "
                 "ruter; manøvrering, fart og grensa er tilpassa {rows} publiserte overfartstider for {crossings} "
                 "overfartar: median feil **{median}** (ein fast fart på {flat_kmh} km/t med ventetid, den tidlegare "
                 "ferjemodellen til prosjektet: {flat_median}). Den faste farten står ved sida av for dei 20 lengste "
                 "reisene, fordi han om lag doblar lange havoverfartar.",
    "m_crossing_params": "Parametrar per overfart",
    "m_kind": "Type",
    "m_short": "kort",
    "m_long": "lang",
    "m_wait": "Venting (min)",
    "m_dock": "Manøvrering (min)",
    "m_sail": "Fart (km/t)",
    "m_longest_h": "Dei 20 lengste reisene, med begge ferjemodellane",
    "m_longest": "Median minutt til næraste senter ({people}). «Overfartar» er dei publiserte overfartstidene som ligg på "
                 "den typiske reisa; kjeldene er lenka under.",
    "m_with_crossings": "Overfartsmodell",
    "m_with_flat": "Fast {flat_kmh} km/t",
    "m_change": "Endring",
    "m_published": "Publiserte overfartstider",
    "m_calibration_h": "Kalibrering",
    "m_calibration": "Farten per vegklasse, fartsfaktoren per landsdel, lengdfaktoren og minutta i tettbygd strøk er "
                     "tilpassa {routes} publiserte "
                     "køyretider og avstandar mellom byar ({timed} med tid). Feilen vi oppgir, er **utanfor utvalet**: "
                     "rutene blir delte i {folds} faste grupper, og kvar rute blir rekna ut med parametrar som berre er "
                     "tilpassa dei andre gruppene. Feil i tid: median **{median}**, median med forteikn {signed} "
                     "(negativ: modellen er raskare enn kjelda), verst {worst}; 80 % av rutene har feil under {band}. "
                     "Feil i avstand: median {km_median}. Til samanlikning: den førre tilpassinga (med dei rutene og "
                     "det vegnettet ho hadde) hadde median {previous} utanfor utvalet; tilpassa alle rutene (i utvalet) "
                     "er medianen {in_sample}.",
    "m_route": "Rute",
    "m_published_min": "Publisert (min)",
    "m_model_min": "Modell (min)",
    "m_time_error": "Feil, tid (utanfor utvalet)",
    "m_published_km": "Publisert (km)",
    "m_model_km": "Modell (km)",
    "m_km_error": "Feil, km",
    "m_ferries_n": "Ferjer",
    "m_crossing": "Overfart",
    "m_length": "Lengd (km)",
    "m_source_date": "Dato for kjelda",
    "m_by_region": "Feil utanfor utvalet per landsdel (etter fylket der ruta for det meste går)",
    "m_region": "Landsdel",
    "m_routes_n": "Ruter med tid",
    "m_signed": "Median med forteikn",
    "m_abs": "Median",
    "m_worst": "Verst",
    "m_oof_min": "Modell utanfor utvalet (min)",
    "region_ostlandet": "Austlandet",
    "region_sor_vest": "Sørlandet og Vestlandet",
    "region_more_trondelag": "Møre og Trøndelag",
    "region_nord": "Nord-Noreg",
    "region_all": "Alle",
    "m_ssb_h": "Samanlikna med reisetidene til SSB",
    "m_ssb": "SSB reknar ut køyretid til næraste fødestad og akuttmottak langs veg, ferjer medrekna, frå adressene "
             "der folk bur, på «vegnettverk og transportkostnad (tid og distanse) som oppgitt i nasjonal vegdatabank "
             "(NVDB)», og ferjene har fått «en effektiv hastighet på 12.3 km/t» fordi dei ikkje går heile tida "
             "([SSB 2019]({ssb_drive_url})). Sentralitetsindeksen til SSB byggjer òg på reisetid med bil frå der folk "
             "bur, frå grunnkrinsane ([SSB]({ssb_url})), «målt etter (bil)vei med kjøretid etter skiltet hastighet» "
             "([KMD 2021]({kmd_url})). Felles: køyretid langs veg frå der folk bur, vekta etter folketal, ferjer "
             "medrekna. Skilnader: vi startar i 1 km-ruter, ikkje i adresser; vi bruker det generaliserte "
             "N1000-vegnettet til Kartverket, ikkje NVDB; farten vår er tilpassa publiserte køyretider, ikkje "
             "tidskostnaden i NVDB; ei ferjeoverfart kostar venting, manøvrering og segling (sjå under), ikkje ein "
             "flat fart på 12,3 km/t — den flate farten blir vist til samanlikning for dei 20 lengste reisene.",
    "m_catchments_h": "Kva senter kommunen høyrer til",
    "m_catchments": "*Dokumentert* når ei kjelde nemner kommunen (den nyaste kjelda vinn), elles *anslått* som senteret med "
                    "kortast køyretid, også over fylkesgrensa. Eit senter med fleire avdelingar (Krisesenter Vest: "
                    "Haugesund og Stord) blir rekna med kortast veg til næraste avdeling. Dokumentert: {documented}, "
                    "anslått: {estimated} (av dei {cross} i eit anna fylke).",
    "m_closed": "{n} kommunar var dokumenterte for eit senter som er lagt ned ({names}); dei får eit anslått senter.",
    "m_conflict": "{name}: fleire kjelder nemner kommunen; brukt: {kept} (den nyaste faste ordninga; mellombelse ordningar "
                  "tel sist).",
    "m_gaps_h": "Klassane på kartet: plan og reiseveg",
    "m_gaps": "Planstatus blir kryssa med median køyretid mot terskelen du vel (no {t} min). Ukjend planstatus blir aldri "
              "rekna som «ingen plan».",
    "m_sources_h": "Kjelder",
    "m_source": "Kjelde",
    "m_file": "Fil",
    "m_licence": "Lisens",
    "m_status": "Kontrollsum",
    "m_ok": "stemmer",
    "m_failed": "STEMMER IKKJE",
    "m_missing": "manglar",
    "m_curated": "Kjeldedataa til prosjektet: `geodata/` (krisesenter, avdelingar, opptaksområde, handlingsplanar — kvar "
                 "rad med kjelde og dato).",
    "m_unknown_h": "Kva vi ikkje veit",
    "m_unknown_plans": "Planstatus er **ukjend** for {n} av {total} kommunar.",
    "m_plan_counts": "Kjend planstatus: {counts}.",
    "m_placeholder": "Tettstaden er ein plasshaldar for: {names}.",
    "m_secret": "Adressa til krisesenteret er hemmeleg og står ikkje her; punkta er sentrum i tettstaden (2 desimalar).",
    "m_network": "Vegnettet: {nodes} nodar, {edges} lenker, {crossings} ferjeoverfartar, {components} samanhengande delar.",
    # --- fact sheets
    "all_kommuner": "alle kommunar",
    "skip_to_content": "Hopp til hovudinnhaldet",
    "sheet": "Faktaark",
    "residents": "innbyggjarar 1.1.{year} (SSB)",
    "sheet_centre": "Krisesenter",
    "sheet_own": "Kommunen høyrer til",
    "sheet_nearest": "Næraste senter",
    "sheet_estimated": "anslått ut frå kortast køyretid",
    "sheet_travel": "Reisetid til krisesenter (berekna køyretid)",
    "sheet_to_nearest": "til næraste",
    "sheet_to_own": "til eige senter",
    "median": "Median",
    "straight": "Luftline til næraste (median)",
    "over": "Bur over {t} min unna",
    "compared": "Samanlikna",
    "demands": "Nasjonale krav",
    "demand_list": ["Ein handlingsplan mot vald i nære relasjonar i kvar kommune",
                    "Ein familievaldskoordinator i kvar kommune",
                    "Eit godt krisesentertilbod i heile landet"],
    "plans_in_fylke": "Handlingsplanar i fylket",
    "centres_in_fylke": "Krisesenter i fylket",
    "longest": "Lengst median køyretid til næraste senter",
    "highlight_note": "Tjukk svart kant: {name}",
    "inset_oslo": "Oslo og Akershus",
    "threshold_text": "Terskel for lang reiseveg: {t} min median",
    "population_text": "Befolkning: {people}",
    "method_short": "Berekna køyretid langs veg, 1 km rutenett",
    # --- the error band and "close to the threshold"
    "close_mark": "Nær terskelen",
    "close_col": "Nær terskelen ({t} min ± {b})",
    "close_yes": "ja",
    "close_no": "nei",
    "m_band_h": "Uvisse: nær terskelen",
    "m_band": "Den berekna køyretida til modellen bommar med om lag {b} (målt på publiserte køyretider som modellen ikkje "
              "vart tilpassa til: fire av fem køyreturar bommar med mindre enn dette). Medianen m i kvar kommune får "
              "difor bandet m × (1 − {b_plain}) til m × (1 + {b_plain}). Ein kommune er **nær terskelen** når kort/lang veg "
              "kan snu inne i bandet, det vil seie når m × (1 − {b_plain}) ≤ terskelen < m × (1 + {b_plain}): den nedre "
              "enden blir rekna med og den øvre ikkje, fordi ein median lik terskelen er kort veg. Kommunar utan vegsamband "
              "er aldri nær terskelen. Ved {t} min: {n} av {total} kommunar.",
    # --- exports
    "legend_counts_grid": "Tala er kor mange kommunar som er på kartet.",
    "key_figures": "Nøkkeltal",
    "kf_beyond": "{people} bur over {t} min frå næraste krisesenter (berekna køyretid)",
    "kf_unreachable": "{people} utan vegsamband til eit krisesenter",
    "kf_double": "kommunar med dobbelt gap: ikkje gyldig plan (dokumentert) og median over {t} min",
    "kf_unknown": "av {total} kommunar har ukjend planstatus (inga kjelde funnen)",
    "population_date": "Befolkning 1.1.{year} (SSB)",
    "plan_dates": "Planstatus: nettsidene til kommunane, dato for kjeldene {years}",
    "plan_dates_none": "Planstatus: nettsidene til kommunane",
    "plan_dates_undated": "{n} udatert",
    "title_weight": "{title} ({people})",
    "map_desc": "Kart over {place}: {indicator} ({people}). {entries}. {source}.",
    "entry_count": "{label}: {n} kommunar",
    "sheet_desc": "Faktaark for {name}: handlingsplan mot vald i nære relasjonar, krisesenter og berekna køyretid. "
                  "{source}.",
    "sheet_weight": "Reisetider vekta etter {people}",
    "plan_source": "Planstatus",
    "whatif_desc": "Før og etter: {title}. {source}.",
    "whatif_beyond": "{people} over {t} min frå næraste krisesenter",
    "whatif_double": "Kommunar med dobbelt gap",
    "whatif_far": "Kommunar med median over {t} min",
    "whatif_median": "Median køyretid, {people}",
    "whatif_more": "… og {n} til (sjå CSV-fila)",
    "whatif_centres": "Krisesenter: {before} før, {after} etter",
    "whatif_note": "Eit tenkt senter ligg i midtpunktet til kommunen, vekta etter folketal, eller i det valde punktet, "
                   "avrunda til tettstadnivå. Scenarioet endrar ikkje planstatus.",
    "whatif_outline": "Tjukk svart kant: kommunar som byter klasse på kartet",
    "whatif_centre_count": "Aktive krisesenter i området",
    "whatif_zoom": "Karta viser området rundt endringa; tala gjeld heile området",
    "whatif_change": "Endring",
    "whatif_area": "Område: {area}",
    "html_noscript": "Kartet treng JavaScript. Alle tala står i tabellen under.",
    "html_table": "Alle kommunane på kartet, som tabell",
    # --- joint plans and evidence coverage
    "joint_plan": "Felles plan: {title}, publisert {when}",
    "joint_plan_region": "Felles plan for {region}, publisert {when}",
    "coverage_title": "Kor mykje av planstatusen som byggjer på ei kjelde",
    "coverage_intro": "{sourced} av {total} kommunar har ein planstatus med kjelde; {unknown} er ukjende. {asked} har fått "
                      "innsynskrav og ventar på svar. Alderen til ei kjelde blir rekna frå slutten av perioden kjelda "
                      "gjeld for.",
    "coverage_status": "Status",
    "coverage_total": "I alt",
    "coverage_age_lt3": "under 3 år",
    "coverage_age_3to6": "3–6 år",
    "coverage_age_older": "over 6 år",
    "coverage_age_undated": "udatert",
}

# vocabulary/legend.py: indicator labels and map titles ({t} is the threshold), classes, plan status, evidence.
LEGEND: dict[str, dict[str, str]] = {
    "LABELS": {
        "gap_class": "Handlingsplan og reiseveg",
        "plan_status": "Handlingsplan",
        "median_min_nearest": "Median minutt til næraste senter",
        "median_min_affiliated": "Median minutt til eige senter",
        "share_over": "Del over {t} min til næraste senter",
    },
    "TITLES": {
        "gap_class": "Handlingsplan og reiseveg til krisesenter",
        "plan_status": "Handlingsplan mot vald i nære relasjonar",
        "median_min_nearest": "Median køyretid til næraste krisesenter",
        "p90_min_nearest": "Køyretid til næraste krisesenter for dei 10 % som bur lengst unna",
        "median_min_affiliated": "Median køyretid til krisesenteret kommunen høyrer til",
        "p90_min_affiliated": "Køyretid til eige krisesenter for dei 10 % som bur lengst unna",
        "share_over": "Delen som bur over {t} min frå næraste krisesenter",
        "road_straight_ratio": "Kor mykje lengre vegen er enn luftlina",
    },
    "CLASS_LABELS": {
        "dekket": "Gyldig plan, kort veg",
        "lang_reisevei": "Gyldig plan, lang veg",
        "mangler_plan": "Ikkje gyldig plan, kort veg",
        "dobbelt_gap": "Dobbelt gap: ikkje gyldig plan, lang veg",
        "ukjent_naer": "Ukjend plan, kort veg",
        "ukjent_langt": "Ukjend plan, lang veg",
    },
    "PLAN_LABELS": {"adopted": "Vedteken", "in_progress": "Under arbeid", "expired": "Utgått", "none": "Ingen plan",
                    "unknown": "Ukjend"},
    "EVIDENCE_LABELS": {"documented": "dokumentert", "estimated": "anslått", "unknown": "ukjend",
                        "register": "registeret"},
    "NO_DATA_LABEL": {"": "Ingen data / utan vegsamband"},
}

# vocabulary/columns.py: what each fixed column of the technical file means (patterns are worded there).
COLUMNS: dict[str, str] = {
    "kommunenummer": "Kommunenummer (2024-inndelinga), fire siffer som tekst",
    "kommunenavn": "Namnet på kommunen",
    "fylkesnummer": "Fylkesnummer, to siffer",
    "fylkesnavn": "Namnet på fylket",
    "befolkning": "Folketal 1.1. (SSB)",
    "kvinner_18": "Kvinner 18 år og eldre (SSB)",
    "people": "Befolkninga tala er vekta etter (sjå weight), heile personar",
    "weight": "Vekt: all = alle innbyggjarar, women18 = kvinner 18+",
    "unreachable": "Personar utan veg eller bilferje til noko senter",
    "plan_status": "Handlingsplan mot vald i nære relasjonar: adopted (vedteken), in_progress (under arbeid), expired "
                   "(utgått), none (ingen), unknown (ukjend: inga kjelde funnen)",
    "plan_title": "Tittelen på planen",
    "plan_period": "Planperiode",
    "plan_partners": "Kommunar planen er felles med",
    "plan_adopted_date": "Vedtaksdato",
    "plan_source_url": "Kjelde for planstatus",
    "plan_as_of": "Dato for kjelda (ÅÅÅÅ, ÅÅÅÅ-MM, ÅÅÅÅ-MM-DD eller undated)",
    "plan_lead_url": "Eit spor som ikkje avgjer statusen",
    "plan_joint_plan_id": "Felles (interkommunal) plan kommunen er med i (kode); tom for ein eigen plan i kommunen",
    "plan_joint_title": "Tittelen på den felles planen",
    "plan_joint_region": "Regionen den felles planen gjeld for",
    "plan_joint_published": "Då den felles planen vart publisert (ÅÅÅÅ, ÅÅÅÅ-MM, ÅÅÅÅ-MM-DD eller undated)",
    "plan_adopted_basis": "Kva «vedteken» byggjer på: decision (politisk vedtak), published_final (endeleg plan "
                          "publisert av kommunen), joined (kjelda seier at kommunen vedtok eller slutta seg til den "
                          "felles planen)",
    "plan_quote": "Ordrett sitat (høgst 300 teikn) frå kjelda for planstatus",
    "plan_evidence": "Kva planstatusen byggjer på: documented (kjelde funnen), register (godkjend innmelding) eller unknown",
    "plan_editor": "Redaktøren som godkjende registeroppføringa",
    "plan_approved_at": "Tidspunkt for godkjenning i registeret",
    "plan_case_reference": "Saksnummeret til kommunen når kjelda er eit svarbrev (i staden for ei lenkje)",
    "plan_asked_on": "Dato kommunen fekk eit innsynskrav om planen som enno ikkje er svara på (tom: ingen open "
                     "førespurnad)",
    "plan_asked_workdays": "Arbeidsdagar førespurnaden har venta på svar",
    "plan_asked_overdue": "Ikkje svara på etter 10 arbeidsdagar",
    "centre_id": "Krisesenteret kommunen høyrer til (kode)",
    "centre_name": "Krisesenteret kommunen høyrer til",
    "centre_town": "Tettstaden til senteret (ikkje adresse)",
    "centre_department": "Avdelinga av eige senter som flest har nærast",
    "catchment_evidence": "documented (kjelde) eller estimated (kortast køyretid)",
    "catchment_source_url": "Kjelde for kva senter kommunen høyrer til",
    "catchment_as_of": "Dato for kjelda",
    "catchment_tag": "Korleis kjelda knyter kommunen til senteret (direct, host, merger, region-derived …), eller regelen "
                     "for eit anslag",
    "catchment_note": "Merknad: andre kjelder, eller eit nedlagt senter",
    "catchment_other_fylke": "Senteret ligg i eit anna fylke",
    "nearest_centre_id": "Næraste senter for flest innbyggjarar (kode)",
    "nearest_centre_name": "Næraste senter for flest innbyggjarar",
    "nearest_differs": "Næraste senter er eit anna enn eige senter",
    "median_km_straight": "Median luftline til næraste senter, km",
    "road_straight_ratio": "Median veglengd delt på median luftline",
    "gap_class": "Klassen på kartet (planstatus × reiseveg): dekket, lang_reisevei, mangler_plan, dobbelt_gap, "
                 "ukjent_naer, ukjent_langt",
    "band_low_min": "Nedre ende av uvissebandet rundt medianen klassen på kartet byggjer på (til næraste senter om ikkje "
                    "anna er valt): median × (1 − b), b = den relative feilen i køyretid til modellen utanfor tilpassinga "
                    "(TIME_ERROR_BAND), minutt",
    "band_high_min": "Øvre ende av uvissebandet rundt medianen klassen på kartet byggjer på (til næraste senter om ikkje "
                     "anna er valt): median × (1 + b), minutt",
    "close_to_threshold": "Nær terskelen: kort/lang veg kan snu inne i bandet (nedre ende ≤ terskel < øvre ende); aldri for "
                          "kommunar utan vegsamband",
}

# The method page's list of sources (geodata/sources.json has title and title_nb): nynorsk by source id.
SOURCE_TITLES: dict[str, str] = {
    "kommuner": "Kartverket, administrative einingar 2024: kommunar (Geonorge), forenkla av robhop/fylker-og-kommuner",
    "kommuner_m": "Kartverket, administrative einingar 2024: kommunar, middels detalj (Geonorge), forenkla av "
                  "robhop/fylker-og-kommuner",
    "fylker": "Kartverket, administrative einingar 2024: fylke (Geonorge), forenkla av robhop/fylker-og-kommuner",
    "norge": "Kartverket, omrisset av Noreg 2024, forenkla av robhop/fylker-og-kommuner",
    "population": "SSB tabell 07459: folkemengd etter kommune, alder og kjønn, 1. januar 2005–2026 (2024-grenser), via "
                  "FHI csdata",
    "grid_1km": "SSB befolkning på rutenett 1 km, 1. januar 2019",
    "kommune_facts": "Kommunesenter og areal per kommune (aprestmo/norway-geodata)",
    "roads": "Kartverket N1000 vegnett (bilvegar og bilferjer), 1:1 000 000",
}


def fill(table: dict[str, dict[str, str]], nynorsk: dict[str, str], name: str) -> None:
    """Give every entry of a {key: {"nb", "en"}} table its nynorsk from `nynorsk`; an entry that already has one inline
    is an error (one home per phrase), and so is a nynorsk key the table does not have."""
    both = sorted(k for k in nynorsk if "nn" in table.get(k, {}))
    stray = sorted(k for k in nynorsk if k not in table)
    if both or stray:
        raise ValueError(f"{name}: nynorsk both inline and in vocabulary/nynorsk.py: {both or 'none'}; "
                         f"keys {name} does not have: {stray or 'none'}")
    for key, text in nynorsk.items():
        table[key]["nn"] = text
