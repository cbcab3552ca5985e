# ruff: noqa: E501  (a table of UI strings reads better one string per line)
"""The plan-status register's words, in bokmål, nynorsk (inline, "nn") and English — part of the shared vocabulary:
plan statuses and source dates come from the same place as everywhere else. `t(key, lang, **values)` picks one;
`problem(p, lang)` words a validation problem. Also the words that say a document is in the kommune's målform
(loaders.malform): the report card's fact sheets and the innsynskrav."""

from __future__ import annotations

from vocabulary.legend import PLAN_LABELS
from vocabulary.numbers import as_of_text

WORDS = {
    # pages
    "page_propose": {"nb": "Meld inn planstatus", "nn": "Meld inn planstatus", "en": "Report plan status"},
    "page_review": {"nb": "Vurder forslag", "nn": "Vurder forslag", "en": "Review proposals"},
    "propose_intro": {"nb": "Vet du om kommunen har en handlingsplan mot vold i nære relasjoner? Meld det inn med en lenke til "
                            "kilden. Forslaget vises ikke som fakta før en redaktør har sjekket kilden og godkjent det.",
                      "nn": "Veit du om kommunen har ein handlingsplan mot vald i nære relasjonar? Meld det inn med ei lenkje til kjelda. Forslaget blir ikkje vist som fakta før ein redaktør har sjekka kjelda og godkjent det.",
                      "en": "Do you know whether the kommune has an action plan against domestic violence? Report it with a link "
                            "to the source. The proposal is not shown as fact until an editor has checked the source and "
                            "approved it."},
    "no_addresses": {"nb": "Skriv aldri adressen til et krisesenter, en gateadresse eller koordinater: det blir avvist.",
                     "nn": "Skriv aldri adressa til eit krisesenter, ei gateadresse eller koordinatar: det blir avvist.",
                     "en": "Never write a crisis centre's address, a street address or coordinates: they are refused."},
    "now_shown": {"nb": "Vises nå", "nn": "Blir vist no", "en": "Shown now"},
    "pending_count": {"nb": "{n} forslag for denne kommunen venter på vurdering.",
                      "nn": "{n} forslag for denne kommunen ventar på vurdering.",
                      "en": "{n} proposal(s) for this kommune await review."},
    "field_status": {"nb": "Status", "nn": "Status", "en": "Status"},
    "field_plan_title": {"nb": "Planens tittel", "nn": "Tittelen på planen", "en": "Plan title"},
    "field_period": {"nb": "Periode (f.eks. 2024–2027)", "nn": "Periode (t.d. 2024–2027)", "en": "Period (e.g. 2024–2027)"},
    "field_source_url": {"nb": "Lenke til kilden (http/https)", "nn": "Lenkje til kjelda (http/https)", "en": "Link to the source (http/https)"},
    "field_as_of": {"nb": "Kildens dato (ÅÅÅÅ, ÅÅÅÅ-MM, ÅÅÅÅ-MM-DD, DD.MM.ÅÅÅÅ eller «udatert»)",
                    "nn": "Datoen til kjelda (ÅÅÅÅ, ÅÅÅÅ-MM, ÅÅÅÅ-MM-DD, DD.MM.ÅÅÅÅ eller «udatert»)",
                    "en": "Date of the source (YYYY, YYYY-MM, YYYY-MM-DD, DD.MM.YYYY or 'undated')"},
    "field_note": {"nb": "Merknad (valgfri, vises bare for redaktører)", "nn": "Merknad (valfri, blir berre vist for redaktørar)", "en": "Note (optional, shown to editors only)"},
    "field_kommunenummer": {"nb": "Kommunenummer", "nn": "Kommunenummer", "en": "Kommune number"},
    "field_reason": {"nb": "Begrunnelse", "nn": "Grunngiving", "en": "Reason"},
    "field_supersedes": {"nb": "Erstatter", "nn": "Erstattar", "en": "Supersedes"},
    "submit": {"nb": "Send forslag", "nn": "Send forslag", "en": "Send proposal"},
    "thanks": {"nb": "Takk! Forslag #{id} er registrert. Det vises ikke på kartet før en redaktør har godkjent det.",
               "nn": "Takk! Forslag #{id} er registrert. Det blir ikkje vist på kartet før ein redaktør har godkjent det.",
               "en": "Thank you! Proposal #{id} is registered. It is not shown on the map until an editor has approved it."},
    "duplicate": {"nb": "Det samme forslaget finnes allerede (#{id}, {state}). Ingenting nytt ble lagret.",
                  "nn": "Det same forslaget finst allereie (#{id}, {state}). Ingenting nytt vart lagra.",
                  "en": "The same proposal already exists (#{id}, {state}). Nothing new was stored."},
    "problems": {"nb": "Forslaget ble ikke lagret. Rett dette:", "nn": "Forslaget vart ikkje lagra. Rett dette:", "en": "The proposal was not stored. Please fix:"},
    "rate_limited": {"nb": "Du har sendt {n} forslag de siste {minutes} minuttene. Vent litt før du sender flere.",
                     "nn": "Du har sendt {n} forslag dei siste {minutes} minutta. Vent litt før du sender fleire.",
                     "en": "You have sent {n} proposals in the last {minutes} minutes. Please wait before sending more."},
    "queue_full_kommune": {"nb": "Det venter allerede {n} forslag for denne kommunen. Nye forslag tas imot når en redaktør har "
                                 "vurdert dem; prøv igjen senere. Ingenting ble lagret.",
                           "nn": "Det ventar allereie {n} forslag for denne kommunen. Nye forslag blir tekne imot når ein redaktør har vurdert dei; prøv igjen seinare. Ingenting vart lagra.",
                           "en": "{n} proposals for this kommune already await review. New ones are taken once an editor has "
                                 "reviewed them; please try again later. Nothing was stored."},
    "queue_full_total": {"nb": "Det venter allerede {n} forslag til vurdering i alt. Nye forslag tas imot når redaktørene har "
                               "vurdert dem; prøv igjen senere. Ingenting ble lagret.",
                         "nn": "Det ventar allereie {n} forslag på vurdering i alt. Nye forslag blir tekne imot når redaktørane har vurdert dei; prøv igjen seinare. Ingenting vart lagra.",
                         "en": "{n} proposals already await review in all. New ones are taken once the editors have reviewed "
                               "them; please try again later. Nothing was stored."},
    "unavailable": {"nb": "Planstatusregisteret kan ikke nås akkurat nå. Kartet viser prosjektets kildedata; innmeldte og "
                          "godkjente endringer vises når registeret er tilbake.",
                    "nn": "Planstatusregisteret kan ikkje nåast akkurat no. Kartet viser kjeldedata frå prosjektet; innmelde og godkjende endringar blir viste når registeret er tilbake.",
                    "en": "The plan-status register cannot be reached right now. The map shows the project's sourced data; reported "
                          "and approved changes appear when the register is back."},
    "unavailable_write": {"nb": "Planstatusregisteret kan ikke nås akkurat nå, så ingenting ble lagret. Teksten din står fortsatt i skjemaet; prøv igjen senere.",
                          "nn": "Planstatusregisteret kan ikkje nåast akkurat no, så ingenting vart lagra. Teksten din står framleis i skjemaet; prøv igjen seinare.",
                          "en": "The plan-status register cannot be reached right now, so nothing was stored. Your text is still in the form; try again later."},
    "not_stored_file": {"nb": "Forslaget ble ikke lagret: {why} Teksten din står fortsatt i skjemaet – ta vare på den og send den igjen senere, og si gjerne fra til dem som driver nettstedet.",
                        "nn": "Forslaget vart ikkje lagra: {why} Teksten din står framleis i skjemaet – ta vare på han og send han igjen seinare, og sei gjerne frå til dei som driv nettstaden.",
                        "en": "The proposal was not stored: {why} Your text is still in the form – keep it and send it again later, and please tell the people who run the site."},
    "file_gone": {"nb": "registerets databasefil er borte (slettet eller flyttet mens appen kjørte).",
                  "nn": "databasefila til registeret er borte (sletta eller flytta medan appen køyrde).",
                  "en": "the register's database file is gone (deleted or moved while the app was running)."},
    "file_replaced": {"nb": "registerets databasefil ble byttet ut mens appen kjørte.",
                      "nn": "databasefila til registeret vart bytt ut medan appen køyrde.",
                      "en": "the register's database file was replaced while the app was running."},
    "file_read_only": {"nb": "registerets databasefil er skrivebeskyttet.", "nn": "databasefila til registeret er skriveverna.", "en": "the register's database file is read-only."},
    # review
    "review_public": {"nb": "Her godkjenner eller avviser redaktører forslag til planstatus. Innlogging for redaktører er "
                             "ikke satt opp på denne serveren, så ingenting kan godkjennes her ennå. Vil du melde inn en "
                             "plan, bruk «Meld inn planstatus».",
                      "nn": "Her godkjenner eller avviser redaktørar forslag til planstatus. Innlogging for redaktørar er ikkje sett opp på denne serveren, så ingenting kan godkjennast her enno. Vil du melde inn ein plan, bruk «Meld inn planstatus».",
                      "en": "Editors approve or reject proposed plan statuses here. Sign-in for editors is not set up on "
                            "this server, so nothing can be approved here yet. To report a plan, use 'Report plan status'."},
    "auth_admin": {"nb": "For den som drifter tjenesten: slik settes innloggingen opp", "nn": "For den som driftar tenesta: slik set du opp innlogginga", "en": "For whoever runs the service: how to set up sign-in"},
    "auth_missing": {"nb": "Innlogging for redaktører er ikke satt opp, så ingenting kan godkjennes her. Legg inn en "
                           "OpenID Connect-leverandør og redaktørenes e-postadresser i `.streamlit/secrets.toml`:",
                     "nn": "Innlogging for redaktørar er ikkje sett opp, så ingenting kan godkjennast her. Legg inn ein OpenID Connect-leverandør og e-postadressene til redaktørane i `.streamlit/secrets.toml`:",
                     "en": "Sign-in for editors is not configured, so nothing can be approved here. Add an OpenID Connect "
                           "provider and the editors' e-mail addresses to `.streamlit/secrets.toml`:"},
    "auth_missing_keys": {"nb": "Mangler: {keys}.", "nn": "Manglar: {keys}.", "en": "Missing: {keys}."},
    "editors_missing": {"nb": "Ingen redaktører er oppført ([register] editors i secrets.toml).",
                        "nn": "Ingen redaktørar er førte opp ([register] editors i secrets.toml).",
                        "en": "No editors are listed ([register] editors in secrets.toml)."},
    "login": {"nb": "Logg inn som redaktør", "nn": "Logg inn som redaktør", "en": "Sign in as an editor"},
    "logout": {"nb": "Logg ut", "nn": "Logg ut", "en": "Sign out"},
    "signed_in_as": {"nb": "Logget inn som {email}.", "nn": "Logga inn som {email}.", "en": "Signed in as {email}."},
    "not_editor": {"nb": "Denne e-postadressen står ikke på listen over redaktører, så du kan ikke godkjenne eller avvise forslag.",
                   "nn": "Denne e-postadressa står ikkje på lista over redaktørar, så du kan ikkje godkjenne eller avvise forslag.",
                   "en": "This e-mail address is not on the list of editors, so you cannot approve or reject proposals."},
    "unverified": {"nb": "Innloggingen oppgir at e-postadressen ikke er bekreftet; den godtas ikke for redaktører.",
                   "nn": "Innlogginga seier at e-postadressa ikkje er stadfesta; ho blir ikkje godteken for redaktørar.",
                   "en": "The sign-in says the e-mail address is not verified; it is not accepted for editors."},
    "unverified_missing": {"nb": "Innloggingen oppgir ikke at e-postadressen er bekreftet (email_verified), så den godtas ikke "
                                 "for redaktører. Den som drifter tjenesten må bruke en leverandør som bekrefter adressen.",
                           "nn": "Innlogginga seier ikkje at e-postadressa er stadfesta (email_verified), så ho blir ikkje godteken for redaktørar. Den som driftar tenesta, må bruke ein leverandør som stadfestar adressa.",
                           "en": "The sign-in does not say that the e-mail address is verified (email_verified), so it is not "
                                 "accepted for editors. Whoever runs the service must use a provider that verifies addresses."},
    "pending_none": {"nb": "Ingen forslag venter på vurdering.", "nn": "Ingen forslag ventar på vurdering.", "en": "No proposals await review."},
    "review_search": {"nb": "Søk: kommune, kommunenummer, #forslag eller tekst", "nn": "Søk: kommune, kommunenummer, #forslag eller tekst", "en": "Search: kommune, number, #proposal or text"},
    "review_page": {"nb": "Side", "nn": "Side", "en": "Page"},
    "review_showing": {"nb": "Viser {first}–{last} av {total} ventende forslag (side {page} av {pages}).",
                       "nn": "Viser {first}–{last} av {total} ventande forslag (side {page} av {pages}).",
                       "en": "Showing {first}–{last} of {total} pending proposals (page {page} of {pages})."},
    "review_no_match": {"nb": "Ingen ventende forslag passer til søket.", "nn": "Ingen ventande forslag passar til søket.", "en": "No pending proposal matches the search."},
    "pending_title": {"nb": "Forslag som venter", "nn": "Forslag som ventar", "en": "Proposals awaiting review"},
    "choose_proposal": {"nb": "Velg forslag", "nn": "Vel forslag", "en": "Choose a proposal"},
    "approve": {"nb": "Godkjenn og publiser", "nn": "Godkjenn og publiser", "en": "Approve and publish"},
    "reject": {"nb": "Avvis", "nn": "Avvis", "en": "Reject"},
    "approved": {"nb": "Forslag #{id} er godkjent og publisert.", "nn": "Forslag #{id} er godkjent og publisert.", "en": "Proposal #{id} is approved and published."},
    "rejected": {"nb": "Forslag #{id} er avvist.", "nn": "Forslag #{id} er avvist.", "en": "Proposal #{id} is rejected."},
    "already": {"nb": "Forslag #{id} er allerede {decision} av {editor} ({at}). Ingenting ble endret.",
                "nn": "Forslag #{id} er allereie {decision} av {editor} ({at}). Ingenting vart endra.",
                "en": "Proposal #{id} was already {decision} by {editor} ({at}). Nothing was changed."},
    "will_not_show": {"nb": "Merk: prosjektets egen kilde for denne kommunen er like ny eller nyere ({as_of}). Godkjent vil "
                            "forslaget vises ved siden av, men kartet beholder statusen fra prosjektets egen kilde.",
                      "nn": "Merk: kjelda prosjektet sjølv har for denne kommunen, er like ny eller nyare ({as_of}). Når forslaget er godkjent, blir det vist ved sida av, men kartet held fast på statusen frå kjelda til prosjektet.",
                      "en": "Note: the project's own source for this kommune is as new or newer ({as_of}). Once approved the "
                            "proposal is shown alongside, but the map keeps the status from the project's own source."},
    "log_title": {"nb": "Revisjonslogg (nyeste først)", "nn": "Revisjonslogg (nyaste først)", "en": "Audit log (newest first)"},
    "import_title": {"nb": "Masseimport (CSV)", "nn": "Masseimport (CSV)", "en": "Bulk import (CSV)"},
    "import_help": {"nb": "Kolonner: kommunenummer,status,plan_title,period,source_url,as_of,note. Gode linjer blir forslag; "
                          "dårlige linjer listes med årsak.",
                    "nn": "Kolonnar: kommunenummer,status,plan_title,period,source_url,as_of,note. Gode linjer blir forslag; dårlege linjer blir lista opp med årsak.",
                    "en": "Columns: kommunenummer,status,plan_title,period,source_url,as_of,note. Good lines become proposals; "
                          "bad lines are listed with their reason."},
    "import_done": {"nb": "{added} nye forslag, {present} fantes fra før, {rejected} linjer avvist.",
                    "nn": "{added} nye forslag, {present} fanst frå før, {rejected} linjer avviste.",
                    "en": "{added} new proposals, {present} already present, {rejected} lines rejected."},
    "current": {"nb": "Nå publisert for kommunen", "nn": "Publisert no for kommunen", "en": "Published now for the kommune"},
    "label_kommunenummer": {"nb": "Kommune", "nn": "Kommune", "en": "Kommune"},
    "label_status": {"nb": "Status", "nn": "Status", "en": "Status"},
    "label_plan_title": {"nb": "Tittel", "nn": "Tittel", "en": "Title"},
    "label_period": {"nb": "Periode", "nn": "Periode", "en": "Period"},
    "label_source_url": {"nb": "Kilde", "nn": "Kjelde", "en": "Source"},
    "label_as_of": {"nb": "Kildens dato", "nn": "Datoen til kjelda", "en": "Source date"},
    "label_note": {"nb": "Merknad", "nn": "Merknad", "en": "Note"},
    "label_proposed_by": {"nb": "Meldt inn av", "nn": "Meldt inn av", "en": "Proposed by"},
    "label_proposed_at": {"nb": "Meldt inn", "nn": "Meldt inn", "en": "Proposed at"},
    "label_supersedes": {"nb": "Erstatter", "nn": "Erstattar", "en": "Supersedes"},
    "label_case_reference": {"nb": "Kommunens saksnummer (svarbrev)", "nn": "Saksnummeret til kommunen (svarbrev)", "en": "The kommune's case reference (letter)"},
    "label_answers": {"nb": "Svar på forespørsel #", "nn": "Svar på førespurnad #", "en": "Answer to request #"},
    "level_documented": {"nb": "prosjektets kildedata", "nn": "kjeldedata frå prosjektet", "en": "the project's sourced data"},
    "level_register": {"nb": "register", "nn": "register", "en": "register"},
    # states and evidence
    "state_pending": {"nb": "venter", "nn": "ventar", "en": "pending"},
    "state_approved": {"nb": "godkjent", "nn": "godkjent", "en": "approved"},
    "state_rejected": {"nb": "avvist", "nn": "avvist", "en": "rejected"},
    "evidence_level": {"nb": "register", "nn": "register", "en": "register"},
    "evidence_uses_register": {"nb": "Grunnlag: register (godkjent innmelding med nyere kilde enn prosjektets kildedata)",
                               "nn": "Grunnlag: register (godkjend innmelding med nyare kjelde enn kjeldedata frå prosjektet)",
                               "en": "Basis: register (an approved report with a newer source than the project's sourced data)"},
    "evidence_uses_curated": {"nb": "Grunnlag: prosjektets kildedata (registerets kilde er ikke nyere)",
                              "nn": "Grunnlag: kjeldedata frå prosjektet (kjelda i registeret er ikkje nyare)",
                              "en": "Basis: the project's sourced data (the register's source is not newer)"},
    "evidence_register": {"nb": "Register: {status} — godkjent av {editor} {date}. Kilde: {url} ({as_of})",
                          "nn": "Register: {status} — godkjent av {editor} {date}. Kjelde: {url} ({as_of})",
                          "en": "Register: {status} — approved by {editor} on {date}. Source: {url} ({as_of})"},
    "evidence_curated": {"nb": "Prosjektets kildedata: {status}. Kilde: {url} ({as_of})",
                         "nn": "Kjeldedata frå prosjektet: {status}. Kjelde: {url} ({as_of})",
                         "en": "The project's sourced data: {status}. Source: {url} ({as_of})"},
    "evidence_curated_none": {"nb": "Prosjektets kildedata: ukjent (ingen kilde funnet)", "nn": "Kjeldedata frå prosjektet: ukjend (inga kjelde funnen)", "en": "The project's sourced data: unknown (no source found)"},
    # --- the campaign: ask the kommune (register/campaign.py) ---
    "ask_title": {"nb": "Spør kommunen", "nn": "Spør kommunen", "en": "Ask the kommune"},
    "ask_intro": {"nb": "Ingen har funnet en kilde som viser om {name} har en gjeldende handlingsplan. Send et innsynskrav: "
                        "kommunen må svare, og svaret blir en kilde. Brevet under kan sendes som det er, til kommunens postmottak.",
                  "nn": "Ingen har funne ei kjelde som viser om {name} har ein gjeldande handlingsplan. Send eit innsynskrav: kommunen må svare, og svaret blir ei kjelde. Brevet under kan sendast som det er, til postmottaket i kommunen.",
                  "en": "Nobody has found a source showing whether {name} has a current action plan. Send a request for access "
                        "(innsynskrav): the kommune must answer, and the answer becomes a source. The letter below can be sent "
                        "as it is, to the kommune's post room."},
    "ask_intro_stale": {"nb": "Kilden for {name} er udatert eller eldre enn tre år. Et innsynskrav gir et svar som gjelder i dag.",
                        "nn": "Kjelda for {name} er udatert eller eldre enn tre år. Eit innsynskrav gir eit svar som gjeld i dag.",
                        "en": "The source for {name} is undated or more than three years old. A request for access gets an "
                              "answer that holds today."},
    "ask_letter_lang": {"nb": "Brevets målform", "nn": "Målforma i brevet", "en": "Language of the letter"},
    "ask_letter_note": {"nb": "Brevet er på norsk: kommunen svarer på bokmål eller nynorsk.",
                        "nn": "Brevet er på norsk: kommunane svarar på bokmål eller nynorsk.",
                        "en": "The letter is in Norwegian: kommuner answer in Bokmål or Nynorsk."},
    "ask_lang_nb": {"nb": "bokmål", "nn": "bokmål", "en": "Bokmål"},
    "ask_lang_nn": {"nb": "nynorsk", "nn": "nynorsk", "en": "Nynorsk"},
    "ask_letter": {"nb": "Innsynskrav (kopier teksten, eller last den ned)", "nn": "Innsynskrav (kopier teksten, eller last han ned)", "en": "The request (copy the text, or download it)"},
    "ask_download": {"nb": "Last ned brevet (.txt)", "nn": "Last ned brevet (.txt)", "en": "Download the letter (.txt)"},
    "ask_no_address": {"nb": "Dekningskart har ingen e-postadresse for kommunen: finn postmottakets adresse på kommunens nettside.",
                       "nn": "Dekningskart har inga e-postadresse til kommunen: finn adressa til postmottaket på nettsida til kommunen.",
                       "en": "Dekningskart holds no e-mail address for the kommune: find the post room's address on the kommune's website."},
    "ask_record_title": {"nb": "Har du sendt det? Registrer det", "nn": "Har du sendt det? Registrer det", "en": "Have you sent it? Record it"},
    "ask_by": {"nb": "Ditt navn eller din organisasjon (vises i kampanjelisten)", "nn": "Namnet ditt eller organisasjonen din (blir vist i kampanjelista)", "en": "Your name or organisation (shown in the campaign list)"},
    "ask_on": {"nb": "Sendt dato", "nn": "Dato sendt", "en": "Date sent"},
    "ask_record": {"nb": "Registrer at kommunen er spurt", "nn": "Registrer at kommunen er spurt", "en": "Record that the kommune was asked"},
    "ask_recorded": {"nb": "Registrert: {name} ble spurt {date} (forespørsel #{id}). Kartet viser nå «spurt, venter på svar».",
                     "nn": "Registrert: {name} vart spurt {date} (førespurnad #{id}). Kartet viser no «spurt, ventar på svar».",
                     "en": "Recorded: {name} was asked on {date} (request #{id}). The map now shows 'asked, awaiting answer'."},
    "ask_already": {"nb": "Denne forespørselen var allerede registrert (#{id}). Ingenting nytt ble lagret.",
                    "nn": "Denne førespurnaden var allereie registrert (#{id}). Ingenting nytt vart lagra.",
                    "en": "This request was recorded already (#{id}). Nothing new was stored."},
    "asked_awaiting": {"nb": "Spurt {date}, venter på svar ({days} virkedager)", "nn": "Spurt {date}, ventar på svar ({days} arbeidsdagar)", "en": "Asked on {date}, awaiting answer ({days} working days)"},
    "asked_short": {"nb": "spurt {date}, venter på svar", "nn": "spurt {date}, ventar på svar", "en": "asked {date}, awaiting answer"},
    "asked_overdue": {"nb": "Ikke besvart etter {days} virkedager: send en påminnelse.",
                      "nn": "Ikkje svara etter {days} arbeidsdagar: send ei påminning.",
                      "en": "Not answered after {days} working days: send a reminder."},
    "reminder_title": {"nb": "Påminnelse (kopier teksten)", "nn": "Påminning (kopier teksten)", "en": "Reminder (copy the text)"},
    "kpi_asked": {"nb": "Spurt, venter på svar", "nn": "Spurt, ventar på svar", "en": "Asked, awaiting answer"},
    "kpi_asked_help": {"nb": "Kommuner som har fått et innsynskrav om planen og ennå ikke har svart. Planstatusen er fortsatt ukjent. "
                             "{overdue} har ventet {n} virkedager eller mer.",
                       "nn": "Kommunar som har fått eit innsynskrav om planen og ikkje har svara enno. Planstatusen er framleis ukjend. {overdue} har venta {n} arbeidsdagar eller meir.",
                       "en": "Kommuner sent a request for access about their plan that have not answered yet. The plan status is "
                             "still unknown. {overdue} have waited {n} working days or more."},
    "legend_asked": {"nb": "{n} av kommunene er spurt og venter på svar (vises i verktøytipset; fargen er fortsatt «ukjent»).",
                     "nn": "{n} av kommunane er spurde og ventar på svar (blir vist i verktøytipset; fargen er framleis «ukjend»).",
                     "en": "{n} of the kommuner have been asked and await an answer (shown in the tooltip; the colour stays 'unknown')."},
    "campaign_title": {"nb": "Spurt, ikke besvart etter {n} virkedager", "nn": "Spurt, ikkje svara etter {n} arbeidsdagar", "en": "Asked, not answered after {n} working days"},
    "campaign_none": {"nb": "Ingen kommuner har ventet {n} virkedager på svar.", "nn": "Ingen kommunar har venta {n} arbeidsdagar på svar.", "en": "No kommune has kept anyone waiting {n} working days."},
    "campaign_col_kommune": {"nb": "Kommune", "nn": "Kommune", "en": "Kommune"},
    "campaign_col_asked": {"nb": "Spurt", "nn": "Spurt", "en": "Asked"},
    "campaign_col_days": {"nb": "Virkedager", "nn": "Arbeidsdagar", "en": "Working days"},
    # recording the answer (register_propose.py)
    "answer_title": {"nb": "Kommunen har svart", "nn": "Kommunen har svara", "en": "The kommune has answered"},
    "answer_intro": {"nb": "Svarte kommunen med et brev? Oppgi kommunens saksnummer eller journalpostnummer og datoen på brevet i "
                           "stedet for en lenke. En redaktør sjekker svaret før det vises.",
                     "nn": "Svara kommunen med eit brev? Oppgi saksnummeret eller journalpostnummeret til kommunen og datoen på brevet i staden for ei lenkje. Ein redaktør sjekkar svaret før det blir vist.",
                     "en": "Did the kommune answer by letter? Give the kommune's case or journal reference and the letter's date "
                           "instead of a link. An editor checks the answer before it is shown."},
    "answer_request": {"nb": "Svar på forespørsel #{id}, sendt {date}", "nn": "Svar på førespurnad #{id}, sendt {date}", "en": "Answer to request #{id}, sent on {date}"},
    "answer_no_request": {"nb": "Ingen åpen forespørsel til denne kommunen er registrert; svaret lagres som et vanlig forslag.",
                          "nn": "Ingen open førespurnad til denne kommunen er registrert; svaret blir lagra som eit vanleg forslag.",
                          "en": "No open request to this kommune is recorded; the answer is stored as an ordinary proposal."},
    "field_case_reference": {"nb": "Kommunens saksnummer/journalpostnummer (f.eks. 24/01234-5)",
                             "nn": "Saksnummeret/journalpostnummeret til kommunen (t.d. 24/01234-5)",
                             "en": "The kommune's case/journal reference (e.g. 24/01234-5)"},
    "field_answer_date": {"nb": "Svarbrevets dato (ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)", "nn": "Datoen på svarbrevet (ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)", "en": "Date of the letter (YYYY-MM-DD or DD.MM.YYYY)"},
    "answer_status": {"nb": "Hva svaret viser", "nn": "Kva svaret viser", "en": "What the answer shows"},
    "answer_plan_title": {"nb": "Tittel på planen i svaret (om det finnes en plan)", "nn": "Tittelen på planen i svaret (om det finst ein plan)", "en": "The plan's title in the answer (if there is one)"},
    "answer_period": {"nb": "Planperiode i svaret (f.eks. 2024–2027)", "nn": "Planperiode i svaret (t.d. 2024–2027)", "en": "Plan period in the answer (e.g. 2024–2027)"},
    "answer_note": {"nb": "Merknad om svaret (valgfri, vises bare for redaktører)", "nn": "Merknad om svaret (valfri, blir berre vist for redaktørar)", "en": "Note on the answer (optional, shown to editors only)"},
    "answer_submit": {"nb": "Send svaret til vurdering", "nn": "Send svaret til vurdering", "en": "Send the answer for review"},
    # the document language by målform (dashboard/downloads.py, dashboard/asking.py; the rule is loaders.malform)
    "sheet_lang": {"nb": "Målform i dokumentene (faktaark, notat, lysbilder)",
                   "nn": "Målforma i dokumenta (faktaark, notat, lysbilete)",
                   "en": "Language of the documents (fact sheet, brief, slides)"},
    "sheet_malform": {"nb": "Dokumentene er på nynorsk, kommunens målform.",
                      "nn": "Dokumenta er på nynorsk, som er målforma til kommunen.",
                      "en": "The documents are in Nynorsk, the kommune's official language form."},
    "sheet_malform_nb": {"nb": "Kommunens målform er nynorsk; dokumentene er nå på bokmål.",
                         "nn": "Målforma til kommunen er nynorsk; dokumenta er no på bokmål.",
                         "en": "The kommune's official language form is Nynorsk; the documents are now in Bokmål."},
    "letter_malform": {"nb": "Brevet er på nynorsk, kommunens målform.", "nn": "Brevet er på nynorsk, som er målforma til kommunen.",
                       "en": "The letter is in Nynorsk, the kommune's official language form."},
    "source_letter": {"nb": "brev fra kommunen, saksnr. {ref}", "nn": "brev frå kommunen, saksnr. {ref}", "en": "letter from the kommune, ref. {ref}"},
}

PROBLEMS = {
    "required": {"nb": "{field} mangler.", "nn": "{field} manglar.", "en": "{field} is missing."},
    "knr_format": {"nb": "{field} «{value}» er ikke fire sifre.", "nn": "{field} «{value}» er ikkje fire siffer.", "en": "{field} '{value}' is not four digits."},
    "knr_unknown": {"nb": "{field} {value} finnes ikke i kommuneinndelingen for 2024 (357 kommuner).",
                    "nn": "{field} {value} finst ikkje i kommuneinndelinga for 2024 (357 kommunar).",
                    "en": "{field} {value} is not in the 2024 division (357 kommuner)."},
    "status_unknown": {"nb": "{field} «{value}» er ikke tillatt; tillatt: {allowed}.",
                       "nn": "{field} «{value}» er ikkje tillate; tillate: {allowed}.",
                       "en": "{field} '{value}' is not allowed; allowed: {allowed}."},
    "too_long": {"nb": "{field} har {n} tegn; høyst {max} er tillatt.", "nn": "{field} har {n} teikn; høgst {max} er tillate.", "en": "{field} has {n} characters; at most {max} allowed."},
    "control": {"nb": "{field} inneholder kontrolltegn.", "nn": "{field} inneheld kontrollteikn.", "en": "{field} contains control characters."},
    "formula": {"nb": "{field} begynner med «{char}», som regneark leser som en formel; fjern tegnet.",
                "nn": "{field} byrjar med «{char}», som rekneark les som ein formel; fjern teiknet.",
                "en": "{field} starts with '{char}', which spreadsheets run as a formula; remove it."},
    "markup": {"nb": "{field} inneholder {chars}; slike tegn er ikke tillatt (de kan bli til formatering eller lenker).",
               "nn": "{field} inneheld {chars}; slike teikn er ikkje tillatne (dei kan bli til formatering eller lenkjer).",
               "en": "{field} contains {chars}; such characters are not allowed (they could turn into formatting or links)."},
    "address": {"nb": "{field} ser ut som en gateadresse; adresser til krisesentre er hemmelige og ikke tillatt.",
                "nn": "{field} ser ut som ei gateadresse; adresser til krisesenter er hemmelege og ikkje tillatne.",
                "en": "{field} looks like a street address; crisis-centre addresses are secret and not allowed."},
    "coordinate": {"nb": "{field} ser ut som en koordinat; finere enn tettstedsnivå er ikke tillatt.",
                   "nn": "{field} ser ut som ein koordinat; finare enn tettstadnivå er ikkje tillate.",
                   "en": "{field} looks like a coordinate; anything finer than town level is not allowed."},
    "property_number": {"nb": "{field} ser ut som et gårds- og bruksnummer; det viser til en bygning og er ikke tillatt.",
                        "nn": "{field} ser ut som eit gards- og bruksnummer; det viser til ein bygning og er ikkje tillate.",
                        "en": "{field} looks like a property number (gnr/bnr); it points to a building and is not allowed."},
    "map_link": {"nb": "{field} lenker til et kart; et kart kan vise hvor et krisesenter ligger og er ikke tillatt.",
                 "nn": "{field} lenkjer til eit kart; eit kart kan vise kvar eit krisesenter ligg, og er ikkje tillate.",
                 "en": "{field} links to a map; a map can show where a crisis centre is and is not allowed."},
    "short_link": {"nb": "{field} er en kortlenke som skjuler hvor den fører; gi hele lenken.",
                   "nn": "{field} er ei kortlenkje som skjuler kvar ho fører; gi heile lenkja.",
                   "en": "{field} is a short link that hides where it leads; give the full link."},
    "url_in_text": {"nb": "{field} inneholder en lenke; lenken hører hjemme i {url_field}.",
                    "nn": "{field} inneheld ei lenkje; lenkja høyrer heime i {url_field}.",
                    "en": "{field} contains a link; the link belongs in {url_field}."},
    "url_scheme": {"nb": "{field} «{value}» er ikke en http(s)-lenke.", "nn": "{field} «{value}» er ikkje ei http(s)-lenkje.", "en": "{field} '{value}' is not an http(s) URL."},
    "url_chars": {"nb": "{field} inneholder {chars}; prosentkod slike tegn (f.eks. %28 %29).",
                  "nn": "{field} inneheld {chars}; prosentkod slike teikn (t.d. %28 %29).",
                  "en": "{field} contains {chars}; percent-encode such characters (e.g. %28 %29)."},
    "url_userinfo": {"nb": "{field} har «{value}@» foran verten: lenken fører til {host}. Fjern alt fram til @.",
                     "nn": "{field} har «{value}@» framfor verten: lenkja fører til {host}. Fjern alt fram til @.",
                     "en": "{field} has '{value}@' before the host: the link leads to {host}. Remove everything up to @."},
    "url_ip": {"nb": "{field} peker til en IP-adresse ({host}); gi nettstedets navn.",
               "nn": "{field} peikar til ei IP-adresse ({host}); gi namnet på nettstaden.",
               "en": "{field} points to an IP address ({host}); give the site's name."},
    "url_host_script": {"nb": "{field}: verten {host} har bokstaver fra et annet alfabet: {chars}; slike lenker kan "
                                "etterligne en ekte adresse og er ikke tillatt.",
                        "nn": "{field}: verten {host} har bokstavar frå eit anna alfabet: {chars}; slike lenkjer kan etterlikne ei ekte adresse og er ikkje tillatne.",
                        "en": "{field}: the host {host} has letters from another alphabet: {chars}; such links can "
                              "imitate a real address and are not allowed."},
    "url_host_chars": {"nb": "{field}: verten {host} har tegn som ikke hører hjemme i et domenenavn: {chars}; tillatt er "
                               "a–z, 0–9, bindestrek og de norske og samiske bokstavene (æ, ø, å …).",
                       "nn": "{field}: verten {host} har teikn som ikkje høyrer heime i eit domenenamn: {chars}; tillate er a–z, 0–9, bindestrek og dei norske og samiske bokstavane (æ, ø, å …).",
                       "en": "{field}: the host {host} has characters that do not belong in a domain name: {chars}; "
                             "allowed are a–z, 0–9, hyphen and the Norwegian and Sámi letters (æ, ø, å …)."},
    "url_lookalike": {"nb": "{field}: verten {host} ligner på {known}, men er en annen adresse; bruk den ekte lenken.",
                      "nn": "{field}: verten {host} liknar på {known}, men er ei anna adresse; bruk den ekte lenkja.",
                      "en": "{field}: the host {host} looks like {known} but is a different address; use the real link."},
    "date_format": {"nb": "{field} «{value}» må være ÅÅÅÅ, ÅÅÅÅ-MM, ÅÅÅÅ-MM-DD, DD.MM.ÅÅÅÅ eller «udatert».",
                    "nn": "{field} «{value}» må vere ÅÅÅÅ, ÅÅÅÅ-MM, ÅÅÅÅ-MM-DD, DD.MM.ÅÅÅÅ eller «udatert».",
                    "en": "{field} '{value}' must be YYYY, YYYY-MM, YYYY-MM-DD, DD.MM.YYYY or 'undated'."},
    "date_future": {"nb": "{field} {value} ligger fram i tid (i dag er {today}).", "nn": "{field} {value} ligg fram i tid (i dag er {today}).", "en": "{field} {value} is in the future (today is {today})."},
    "period_format": {"nb": "{field} «{value}» må være ÅÅÅÅ eller ÅÅÅÅ–ÅÅÅÅ.", "nn": "{field} «{value}» må vere ÅÅÅÅ eller ÅÅÅÅ–ÅÅÅÅ.", "en": "{field} '{value}' must be YYYY or YYYY–YYYY."},
    "period_order": {"nb": "{field} {value} slutter før den begynner.", "nn": "{field} {value} sluttar før han byrjar.", "en": "{field} {value} ends before it starts."},
    "period_future": {"nb": "{field} {value} begynner mer enn ett år fram i tid.", "nn": "{field} {value} byrjar meir enn eitt år fram i tid.", "en": "{field} {value} starts more than a year from now."},
    "not_published": {"nb": "oppføring #{id} er ikke den som publiseres for kommunen nå.",
                      "nn": "oppføring #{id} er ikkje den som blir publisert for kommunen no.",
                      "en": "entry #{id} is not what the register publishes for its kommune now."},
    "duplicate_in_file": {"nb": "{field} {value} står også på linje {lines}; én linje per kommune per fil.",
                          "nn": "{field} {value} står også på linje {lines}; éi linje per kommune per fil.",
                          "en": "{field} {value} also appears on line(s) {lines}; one line per kommune per file."},
    "cells": {"nb": "linjen har {n} felt, overskriften {expected}.", "nn": "linja har {n} felt, overskrifta {expected}.", "en": "the line has {n} fields, the header {expected}."},
    "text": {"nb": "{text}", "nn": "{text}", "en": "{text}"},
    "source_required": {"nb": "{field} mangler: oppgi en lenke, eller kommunens saksnummer når kilden er et brev.",
                        "nn": "{field} manglar: oppgi ei lenkje, eller saksnummeret til kommunen når kjelda er eit brev.",
                        "en": "{field} is missing: give a link, or the kommune's case reference when the source is a letter."},
    "case_reference_format": {"nb": "{field} «{value}» ser ikke ut som et saksnummer (f.eks. 24/01234-5 eller 2024/1234).",
                              "nn": "{field} «{value}» ser ikkje ut som eit saksnummer (t.d. 24/01234-5 eller 2024/1234).",
                              "en": "{field} '{value}' does not look like a case reference (e.g. 24/01234-5 or 2024/1234)."},
    "lang_unknown": {"nb": "{field} «{value}» er ikke tillatt; tillatt: {allowed}.", "nn": "{field} «{value}» er ikkje tillate; tillate: {allowed}.", "en": "{field} '{value}' is not allowed; allowed: {allowed}."},
    "request_other_kommune": {"nb": "forespørsel #{id} gjelder kommune {value}, ikke denne.",
                              "nn": "førespurnad #{id} gjeld kommune {value}, ikkje denne.",
                              "en": "request #{id} is about kommune {value}, not this one."},
}

FILE_PROBLEMS = {
    "file_too_big": {"nb": "Filen er {size}; grensen er {max}. Del den opp.", "nn": "Fila er {size}; grensa er {max}. Del henne opp.", "en": "The file is {size}; the limit is {max}. Split it."},
    "too_many_rows": {"nb": "Filen har {n} linjer med data; grensen er {max}. Del den opp.",
                      "nn": "Fila har {n} linjer med data; grensa er {max}. Del henne opp.",
                      "en": "The file has {n} data lines; the limit is {max}. Split it."},
    "encoding": {"nb": "Filen er ikke UTF-8 (linje {line}, byte {at}). Lagre den som «CSV UTF-8».",
                 "nn": "Fila er ikkje UTF-8 (linje {line}, byte {at}). Lagre henne som «CSV UTF-8».",
                 "en": "The file is not UTF-8 (line {line}, byte {at}). Save it as 'CSV UTF-8'."},
    "empty": {"nb": "Filen har ingen linjer med data.", "nn": "Fila har ingen linjer med data.", "en": "The file has no data lines."},
    "missing_columns": {"nb": "Kolonne(r) mangler: {missing}; påkrevd: {required}.",
                        "nn": "Kolonne(r) manglar: {missing}; påkravd: {required}.",
                        "en": "Missing column(s): {missing}; required: {required}."},
}

FIELD_NAMES = {"kommunenummer": "kommunenummer", "status": "status", "plan_title": "plan_title", "period": "period",
               "source_url": "source_url", "as_of": "as_of", "note": "note", "reason": "reason", "supersedes": "supersedes",
               "file": "file", "line": "line", "case_reference": "case_reference", "asked_by": "by", "asked_on": "date",
               "lang": "lang", "answers": "answers"}


def t(key: str, lang: str = "nb", **values) -> str:
    text = WORDS[key][lang]
    return text.format(**values) if values else text


def status(value: str, lang: str = "nb") -> str:
    """The plan status word in `lang` (Bokmål where the shared labels have no Nynorsk yet), else the value itself."""
    labels = PLAN_LABELS.get(value, {})
    return labels.get(lang) or labels.get("nb", value)


def state(value: str, lang: str = "nb") -> str:
    return WORDS.get(f"state_{value}", {}).get(lang, value)


def as_of(value: str, lang: str = "nb") -> str:
    return as_of_text(value, lang)


def _name(column: str, lang: str, labels: bool) -> str:
    """A field as the form labels it (for the page), else by its CSV column (for files and the CLI)."""
    if labels and f"field_{column}" in WORDS:
        label = WORDS[f"field_{column}"][lang].split(" (")[0]
        return f"'{label}'" if lang == "en" else f"«{label}»"
    return FIELD_NAMES.get(column, column)


def problem(p, lang: str = "en", labels: bool = False) -> str:
    """One validation problem (rules.Problem) as a sentence naming the field and what is allowed; with labels=True
    the field is named as the form labels it (for the page), else by its CSV column (for files and the CLI)."""
    if p.code in FILE_PROBLEMS:
        return FILE_PROBLEMS[p.code][lang].format(**p.values)
    text = PROBLEMS[p.code][lang].format(field=_name(p.field, lang, labels), url_field=_name("source_url", lang, labels),
                                         **p.values)
    return text if text.endswith(".") else text + "."


def source(url: str, case_reference: str = "", lang: str = "nb") -> str:
    """A register entry's source as text: its URL, else the kommune's letter by its case reference."""
    if url:
        return str(url)
    return t("source_letter", lang, ref=case_reference) if case_reference else ""
