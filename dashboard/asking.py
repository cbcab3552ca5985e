"""The report card's "Spør kommunen" section: the innsynskrav in Bokmål or Nynorsk (the kommune's målform by default,
loaders.malform; copy or download), a form that records that it was sent, and — once a request has waited ten working
days — the reminder. The letter's words are in vocabulary/letters.py; what the register stores is register/campaign.py."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard import admission, data
from loaders import malform
from register import campaign
from register.database import RegisterUnavailable
from register.workflow import Refused
from vocabulary import letters
from vocabulary import register_words as words


def _slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name.replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("Æ", "Ae"))
    return re.sub(r"[^a-z0-9]+", "-", plain.encode("ascii", "ignore").decode().lower()).strip("-")


def asked_line(row, lang: str) -> str:
    """'Spurt 2.5.2025, venter på svar (12 virkedager)', or '' when no request is open."""
    asked_on = row.get("plan_asked_on", "")
    if not asked_on:
        return ""
    when = date.fromisoformat(asked_on)
    return words.t("asked_awaiting", lang, date=f"{when.day}.{when.month}.{when.year}", days=row["plan_asked_workdays"])


def section(row, knr: str, valid: set[str], lang: str) -> None:
    """Draw the section for a kommune whose plan status is unknown or stale (the caller decides)."""
    w = lambda key, **kw: words.t(key, lang, **kw)  # noqa: E731
    name = row["kommunenavn"]
    st.header(w("ask_title"))
    st.write(w("ask_intro" if row["plan_status"] == "unknown" else "ask_intro_stale", name=name))
    if st.session_state.get("ask-flash"):
        st.success(st.session_state.pop("ask-flash"))
    line = asked_line(row, lang)
    if line:
        st.info(line)
        if row.get("plan_asked_overdue", False):
            _reminder(row, knr, name, lang)
    choice = _letter_lang(knr, w)
    text = letters.letter(name, choice)
    st.caption(w("ask_letter") + (" " + w("ask_letter_note") if lang == "en" else "") + " " + w("ask_no_address"))
    st.code(text, language=None, wrap_lines=True)
    st.download_button(w("ask_download"), text.encode("utf-8"), file_name=f"innsynskrav-{_slug(name)}-{knr}-{choice}.txt",
                       mime="text/plain; charset=utf-8", key=f"ask-download-{knr}-{choice}")
    _record_form(knr, name, choice, valid, lang)


def _letter_lang(knr: str, w) -> str:
    """Bokmål or Nynorsk for the letter: the kommune's målform by default (loaders.malform: Nynorsk to a Nynorsk
    kommune, the one rule), said under the choice."""
    forms = ("nb", "nn")
    default = malform.document_lang(knr)
    choice = st.radio(w("ask_letter_lang"), forms, index=forms.index(default), format_func=lambda v: w(f"ask_lang_{v}"),
                      horizontal=True, key=f"ask-lang-{knr}")
    if default == "nn":
        st.caption(w("letter_malform"))
    return choice


def _reminder(row, knr: str, name: str, lang: str) -> None:
    w = lambda key, **kw: words.t(key, lang, **kw)  # noqa: E731
    st.warning(w("asked_overdue", days=row["plan_asked_workdays"]))
    try:
        open_request = campaign.awaiting(campaign.listing()).set_index("kommunenummer").loc[knr]
    except (RegisterUnavailable, KeyError):
        return
    st.caption(w("reminder_title"))
    st.code(letters.reminder(name, open_request["asked_on"], int(open_request["working_days"]), open_request["lang"]),
            language=None, wrap_lines=True)


def _record_form(knr: str, name: str, choice: str, valid: set[str], lang: str) -> None:
    w = lambda key, **kw: words.t(key, lang, **kw)  # noqa: E731
    with st.form(f"ask-record-{knr}", clear_on_submit=False):
        st.subheader(w("ask_record_title"))
        by = st.text_input(w("ask_by"), max_chars=200)
        asked_on = st.date_input(w("ask_on"), value=date.today(), max_value=date.today(), format="DD.MM.YYYY")
        sent = st.form_submit_button(w("ask_record"))
    if not sent:
        return
    ctx = get_script_run_ctx()
    who = by.strip() or (f"app session {ctx.session_id[:8]}" if ctx else "")
    try:
        made = campaign.ask(knr, by=who, lang=choice, valid=valid, asked_on=asked_on)
    except Refused as exc:
        st.error(words.t("problems", lang))
        for problem in exc.problems:
            st.text("• " + words.problem(problem, lang))
    except RegisterUnavailable:
        st.error(w("unavailable_write"))
    else:
        when = f"{asked_on.day}.{asked_on.month}.{asked_on.year}"
        if not made.new:
            st.info(w("ask_already", id=made.id))
            return
        st.session_state["ask-flash"] = w("ask_recorded", name=name, date=when, id=made.id)
        data.register_changed()
        st.rerun()


def answer_form(knr: str, valid: set[str], lang: str) -> None:
    """The propose page's form for the kommune's answer by letter: its case reference and date instead of a URL,
    linked to the open request for the kommune (if any). It becomes a proposal an editor reviews."""
    from register import workflow
    from register.schema import STATUSES

    w = lambda key, **kw: words.t(key, lang, **kw)  # noqa: E731
    st.header(w("answer_title"))
    st.write(w("answer_intro"))
    try:
        open_requests = campaign.awaiting(campaign.listing())
    except RegisterUnavailable:
        open_requests = _empty()
    mine = open_requests[open_requests["kommunenummer"] == knr]
    request = mine.iloc[-1] if not mine.empty else None
    if request is None:
        st.caption(w("answer_no_request"))
    else:
        asked = request["asked_on"]
        st.caption(w("answer_request", id=int(request["id"]), date=f"{asked.day}.{asked.month}.{asked.year}"))
    with st.form(f"answer-{knr}", clear_on_submit=False):
        status = st.selectbox(w("answer_status"), STATUSES, format_func=lambda s: words.status(s, lang))
        reference = st.text_input(w("field_case_reference"), max_chars=60)
        answered_on = st.text_input(w("field_answer_date"), max_chars=10)
        title = st.text_input(w("answer_plan_title"), max_chars=200)
        period = st.text_input(w("answer_period"), max_chars=12)
        note = st.text_area(w("answer_note"), max_chars=1000)
        sent = st.form_submit_button(w("answer_submit"))
    slot = admission.admit(knr, lang) if sent else None  # the same limits as the propose page
    if not slot:
        return
    ctx = get_script_run_ctx()
    who = (st.user.get("email") if st.user.get("is_logged_in") else "") or f"app session {ctx.session_id[:8]}"
    raw = {"kommunenummer": knr, "status": status, "plan_title": title, "period": period, "source_url": "",
           "case_reference": reference, "as_of": answered_on, "note": note}
    try:
        made = workflow.propose(raw, by=str(who), valid=valid, origin="app",
                                answers=None if request is None else int(request["id"]))
    except Refused as exc:
        slot.done(False)
        st.error(w("problems"))
        for problem in exc.problems:
            st.text("• " + words.problem(problem, lang, labels=True))
    except RegisterUnavailable:
        slot.done(False)
        st.error(w("unavailable_write"))
    else:
        slot.done(made.new)
        data.register_changed()
        st.success(w("thanks", id=made.id) if made.new else w("duplicate", id=made.id, state=words.state(made.state, lang)))


def _empty():
    import pandas as pd

    return pd.DataFrame(columns=campaign.COLUMNS).astype({"asked_on": object})


def overdue_list(names: dict[str, str], lang: str) -> None:
    """Kommuner asked and not answered after REMIND_AFTER working days, each with its reminder text."""
    import pandas as pd

    w = lambda key, **kw: words.t(key, lang, **kw)  # noqa: E731
    st.header(w("campaign_title", n=campaign.REMIND_AFTER))
    try:
        waiting = campaign.awaiting(campaign.listing())
    except RegisterUnavailable:
        st.error(w("unavailable"))
        return
    overdue = waiting[waiting["overdue"].astype(bool)]
    if overdue.empty:
        st.caption(w("campaign_none", n=campaign.REMIND_AFTER))
        return
    shown = pd.DataFrame({w("campaign_col_kommune"): overdue["kommunenummer"].map(names),
                          w("campaign_col_asked"): overdue["asked_on"].map(lambda d: f"{d.day}.{d.month}.{d.year}"),
                          w("campaign_col_days"): overdue["working_days"]})
    st.dataframe(shown, hide_index=True)
    for r in overdue.itertuples(index=False):
        name = names.get(r.kommunenummer, r.kommunenummer)
        with st.expander(f"{w('reminder_title')}: {name}"):
            st.code(letters.reminder(name.rsplit(" (", 1)[0], r.asked_on, int(r.working_days), r.lang),
                    language=None, wrap_lines=True)
