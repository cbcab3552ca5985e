"""Meld inn planstatus: anyone proposes a kommune's plan status with its source. A proposal is never shown as
fact; editors review it (register_review.py). User text is shown with st.text only, never as Markdown/HTML."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

import vocabulary as vocab
from dashboard import admission, asking, data
from register import backlog, publish, workflow
from register.database import RegisterFileChanged, RegisterUnavailable
from register.schema import STATUSES
from vocabulary import register_words as words

sel = st.session_state["selection"]
lang = sel.lang
w = lambda key, **kw: words.t(key, lang, **kw)  # noqa: E731
table = data.kommune_table(st.session_state["model_key"], sel.weight, sel.threshold)
names = data.kommune_names(table)
options = sorted(names, key=lambda k: names[k])

st.title(w("page_propose"))
st.write(w("propose_intro"))
st.warning(w("no_addresses"))
if table.attrs.get("register_notice"):
    st.error(w("unavailable"))

current = sel.kommune if sel.kommune in names else options[0]
knr = st.selectbox(vocab.t("choose_kommune", lang), options, index=options.index(current), format_func=names.get,
                   key="register_kommune")
row = table.set_index("kommunenummer").loc[knr]

st.header(w("now_shown"))
shown = f"{words.status(row['plan_status'], lang)}"
if row["plan_status"] != "unknown":
    source = words.source(row["plan_source_url"], row.get("plan_case_reference", ""), lang)
    shown += f" — {source} ({words.as_of(row['plan_as_of'], lang)})"
st.text(shown)
for line in publish.evidence_lines(row, lang):
    st.text(line)
try:
    waiting = backlog.count(knr)
except RegisterUnavailable:
    waiting = 0
if waiting:
    st.caption(w("pending_count", n=waiting))

with st.form("register_propose", clear_on_submit=False):
    status = st.selectbox(w("field_status"), STATUSES, format_func=lambda s: words.status(s, lang))
    title = st.text_input(w("field_plan_title"), max_chars=200)
    period = st.text_input(w("field_period"), max_chars=12)
    url = st.text_input(w("field_source_url"), max_chars=500)
    as_of = st.text_input(w("field_as_of"), max_chars=10)
    note = st.text_area(w("field_note"), max_chars=1000)
    sent = st.form_submit_button(w("submit"), type="primary")

if sent:
    slot = admission.admit(knr, lang)  # per reader (not per tab) and on the queue; it says why when not
    if slot:
        ctx = get_script_run_ctx()
        who = (st.user.get("email") if st.user.get("is_logged_in") else "") or f"app session {ctx.session_id[:8]}"
        raw = {"kommunenummer": knr, "status": status, "plan_title": title, "period": period, "source_url": url,
               "as_of": as_of, "note": note}
        try:
            made = workflow.propose(raw, by=str(who), valid=set(names), origin="app")
        except workflow.Refused as exc:
            slot.done(False)
            st.error(w("problems"))
            for problem in exc.problems:
                st.text("• " + words.problem(problem, lang, labels=True))
        except RegisterFileChanged as exc:      # nothing stored; the form keeps the text (clear_on_submit=False)
            slot.done(False)
            st.error(w("not_stored_file", why=w(f"file_{exc.fault}")))
        except RegisterUnavailable:
            slot.done(False)
            st.error(w("unavailable_write"))
        else:
            slot.done(made.new)
            if made.new:
                st.success(w("thanks", id=made.id))
            else:
                st.info(w("duplicate", id=made.id, state=words.state(made.state, lang)))

asking.answer_form(knr, set(names), lang)
asking.overdue_list(names, lang)
