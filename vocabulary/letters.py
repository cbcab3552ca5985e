# ruff: noqa: E501  (letters read better one sentence per line)
"""The campaign's letters: an innsynskrav to a kommune about its plan against domestic violence, and the reminder,
in Bokmål ('nb') and Nynorsk ('nn'). The app's other words are in register_words.py (nb, nn and en).

What the letters quote, word for word, and where the stored copies are:
- offentleglova § 3, second sentence: lovkommentar.no/offentleglova-3/ (law text from lovdata.no/NL/lov/2006-05-19-16/§3);
- offentleglova § 29 first paragraph, second sentence, "utan ugrunna opphald": quoted in presse.no's forum
  (presse.no/forumer/sporsmal/enkle-metoder-etter-arkivlovens-§-2-6/). § 28 is the article on the request itself
  (it must concern a particular case); § 29 is how the body handles it. § 28 is described, not quoted;
- SSB's guidance to KOSTRA form 7B (ssb.no/innrapportering/kostra-innrapportering/veiledninger-bokmal/skjema-7B),
  part 2 question 1: the definition of a politically adopted plan is quoted; its definition of a current plan is
  described in the letter's own words, without quotation marks. No Nynorsk version of that guidance was found in the
  stored pages (searched 2026-12-05), so the Nynorsk letter quotes SSB's Bokmål words as they stand.
No address is invented: the letter is addressed to the kommune's post room by name only.
"""

from __future__ import annotations

from datetime import date

OFFENTLEGLOVA_URL = "https://lovdata.no/lov/2006-05-19-16"
KOSTRA_7B_URL = "https://www.ssb.no/innrapportering/kostra-innrapportering/veiledninger-bokmal/skjema-7B"
LAW_3 = "Alle kan krevje innsyn i saksdokument, journalar og liknande register til organet hos vedkommande organ."
LAW_29 = "utan ugrunna opphald"
KOSTRA_ADOPTED = ("Med politisk vedtatt plan menes en plan som beskriver aktiviteter eller tiltak som skal gjennomføres "
                  "med det formål å oppnå endring eller forbedring.")
KOSTRA_BY_WHOM = "Planen skal være vedtatt av den politiske ledelsen på kommunalt nivå."

LETTER = {
    "nb": """Til: Postmottak, {name} kommune
Emne: Innsynskrav – gjeldende handlingsplan mot vold i nære relasjoner, {name} kommune

Innsynskrav etter offentleglova

Jeg ber om innsyn i {name} kommunes gjeldende handlingsplan mot vold i nære relasjoner, og i saksdokumentene til vedtaket der planen ble politisk vedtatt (saksframlegg og møteprotokoll). Har kommunen ingen slik plan, ber jeg om et svar som sier det, og om innsyn i saksdokumenter om et eventuelt planarbeid som pågår.

Kravet bygger på offentleglova § 3: «{law_3}» Kravet gjelder én bestemt sak, kommunens plan mot vold i nære relasjoner (jf. § 28 andre ledd), og etter § 29 første ledd skal et innsynskrav avgjøres «{law_29}».

Med «gjeldende» og «politisk vedtatt» mener jeg det samme som SSB i veiledningen til KOSTRA-skjema 7B (del 2, spørsmål 1), som kommunen svarer på hvert år: «{kostra_adopted}» «{kostra_by_whom}» En plan regnes der som gjeldende så lenge planperioden den beskriver, ikke er utløpt i KOSTRA-året; har planen ingen sluttdato, gjelder tidspunktet den oppgir for evaluering eller rullering.

Svaret blir brukt i Dekningskart, en åpen oversikt over kommunenes planer mot vold i nære relasjoner og reisetiden til krisesenter. Oppgi gjerne sakens saksnummer eller journalpostnummer i svaret.

Med vennlig hilsen
{signature}

Kilder: offentleglova (LOV-2006-05-19-16) §§ 3, 28 og 29, {law_url}; SSB, veiledning til KOSTRA-skjema 7B, {kostra_url}
""",
    "nn": """Til: Postmottak, {name} kommune
Emne: Innsynskrav – gjeldande handlingsplan mot vald i nære relasjonar, {name} kommune

Innsynskrav etter offentleglova

Eg ber om innsyn i den gjeldande handlingsplanen til {name} kommune mot vald i nære relasjonar, og i saksdokumenta til vedtaket der planen vart politisk vedteken (saksframlegg og møteprotokoll). Har kommunen ingen slik plan, ber eg om eit svar som seier det, og om innsyn i saksdokument om eventuelt planarbeid som er i gang.

Kravet byggjer på offentleglova § 3: «{law_3}» Kravet gjeld éi bestemt sak, planen kommunen har mot vald i nære relasjonar (jf. § 28 andre ledd), og etter § 29 første ledd skal eit innsynskrav avgjerast «{law_29}».

Med «gjeldande» og «politisk vedteken» meiner eg det same som SSB i rettleiinga til KOSTRA-skjema 7B (del 2, spørsmål 1), som kommunen svarar på kvart år: «{kostra_adopted}» «{kostra_by_whom}» Der blir ein plan rekna som gjeldande så lenge planperioden han skildrar, ikkje er ute i KOSTRA-året; har planen ingen sluttdato, gjeld tidspunktet han oppgir for evaluering eller rullering.

Svaret blir brukt i Dekningskart, ei open oversikt over planane kommunane har mot vald i nære relasjonar, og reisetida til krisesenter. Oppgi gjerne saksnummeret eller journalpostnummeret til saka i svaret.

Med venleg helsing
{signature}

Kjelder: offentleglova (LOV-2006-05-19-16) §§ 3, 28 og 29, {law_url}; SSB, rettleiing til KOSTRA-skjema 7B, {kostra_url}
""",
}

REMINDER = {
    "nb": """Til: Postmottak, {name} kommune
Emne: Påminnelse – innsynskrav av {asked} om handlingsplan mot vold i nære relasjoner

Jeg viser til innsynskravet mitt av {asked} om {name} kommunes gjeldende handlingsplan mot vold i nære relasjoner og vedtaket om den. Jeg har ikke fått svar etter {days} virkedager. Etter offentleglova § 29 første ledd skal et innsynskrav avgjøres «{law_29}». Jeg ber om svar snarest, eller om å få vite når kravet blir avgjort.

Med vennlig hilsen
{signature}
""",
    "nn": """Til: Postmottak, {name} kommune
Emne: Påminning – innsynskrav av {asked} om handlingsplan mot vald i nære relasjonar

Eg viser til innsynskravet mitt av {asked} om den gjeldande handlingsplanen til {name} kommune mot vald i nære relasjonar og vedtaket om han. Eg har ikkje fått svar etter {days} arbeidsdagar. Etter offentleglova § 29 første ledd skal eit innsynskrav avgjerast «{law_29}». Eg ber om svar snarast, eller om å få vite når kravet blir avgjort.

Med venleg helsing
{signature}
""",
}
SIGNATURE = {"nb": "[navn]", "nn": "[namn]"}


def letter(name: str, lang: str, signature: str = "") -> str:
    """The innsynskrav to '<name> kommune' (lang 'nb' or 'nn'), signed `signature` or left for a name."""
    return LETTER[lang].format(name=name, law_3=LAW_3, law_29=LAW_29, kostra_adopted=KOSTRA_ADOPTED,
                               kostra_by_whom=KOSTRA_BY_WHOM, law_url=OFFENTLEGLOVA_URL, kostra_url=KOSTRA_7B_URL,
                               signature=signature or SIGNATURE[lang])


def reminder(name: str, asked_on: date, days: int, lang: str, signature: str = "") -> str:
    """The reminder for a request sent on `asked_on` and unanswered after `days` working days."""
    asked = f"{asked_on.day}.{asked_on.month}.{asked_on.year}"
    return REMINDER[lang].format(name=name, asked=asked, days=days, law_29=LAW_29,
                                 signature=signature or SIGNATURE[lang])
