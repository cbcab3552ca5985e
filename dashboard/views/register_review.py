"""Vurder forslag: editors sign in (st.login, OpenID Connect) and approve or reject proposals; bulk import and
the audit log. Without sign-in configured it says how to configure it and approves nothing. User text is
shown with st.text or in tables, never as Markdown/HTML."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data
from register import access, backlog, bulk, links, publish, workflow
from register.database import RegisterUnavailable
from vocabulary import fmt
from vocabulary import register_words as words

sel = st.session_state["selection"]
lang = sel.lang
w = lambda key, **kw: words.t(key, lang, **kw)  # noqa: E731
st.title(w("page_review"))


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except Exception:  # noqa: BLE001  (no secrets file at all: sign-in is not configured)
        return {}


secrets = _secrets()
missing = access.auth_missing(secrets)
listed = access.editors(secrets)
if missing or not listed:
    st.info(w("review_public"))
    with st.expander(w("auth_admin")):  # the set-up is for operators, not for the readers who land here
        st.warning(w("auth_missing"))
        st.code(access.SECRETS_EXAMPLE, language=None, wrap_lines=True)  # plain: highlighting colours fail contrast
        st.caption(w("auth_missing_keys", keys=", ".join(missing + ([] if listed else ["register.editors"]))))
    st.stop()
if not st.user.get("is_logged_in"):
    st.button(w("login"), type="primary", on_click=st.login, args=(access.provider(secrets),))
    st.stop()

email, why = access.editor_email(st.user.to_dict(), listed)
st.text(w("signed_in_as", email=st.user.get("email") or "?"))
st.button(w("logout"), on_click=st.logout)
if why:
    st.error(w(why))
    st.stop()

for kind, message in st.session_state.pop("register_flash", []):
    {"ok": st.success, "error": st.error, "text": st.text}[kind](message)

table = data.kommune_table(st.session_state["model_key"], sel.weight, sel.threshold)
names = data.kommune_names(table)
st.subheader(w("pending_title"))
left, right = st.columns([3, 1])
search = left.text_input(w("review_search"), key="review_search", max_chars=100,
                         on_change=lambda: st.session_state.update(review_page=1))
try:  # one page of the queue and a count, never the whole queue (register/backlog.py)
    pending, total = backlog.page(search, names, int(st.session_state.get("review_page", 1)))
    log = workflow.log(limit=200).iloc[::-1]
except RegisterUnavailable:
    st.error(w("unavailable"))
    st.stop()
pages = backlog.pages(total)
if st.session_state.get("review_page", 1) > pages:
    st.session_state["review_page"] = pages
number = right.number_input(w("review_page"), min_value=1, max_value=pages, step=1, key="review_page")


def _decide(pid: int, decision: str, reason: str = "") -> None:
    try:
        workflow.decide(pid, decision, editor=email, editors=listed, reason=reason)
        flash = [("ok", w(decision, id=pid))]
    except workflow.AlreadyDecided as exc:
        flash = [("error", w("already", id=pid, decision=words.state(exc.decision, lang), editor=exc.editor,
                             at=workflow.stamp(exc.decided_at)))]
    except workflow.Refused as exc:
        flash = [("text", "• " + words.problem(p, lang)) for p in exc.problems]
    except RegisterUnavailable:
        flash = [("error", w("unavailable_write"))]
    st.session_state["register_flash"] = flash


if pending.empty:
    st.info(w("review_no_match") if search.strip() else w("pending_none"))
else:
    first = (number - 1) * backlog.PAGE + 1
    st.caption(w("review_showing", first=fmt(first, lang), last=fmt(first + len(pending) - 1, lang), total=fmt(total, lang),
                 page=fmt(number, lang), pages=fmt(pages, lang)))
    shown = pending[["id", "kommunenummer", "status", "plan_title", "period", "source_url", "case_reference", "as_of",
                     "origin", "proposed_at"]]
    st.dataframe(shown, hide_index=True, width="stretch")
    pid = st.selectbox(w("choose_proposal"), list(pending["id"]),
                       format_func=lambda i: f"#{i} · {names.get(pending.set_index('id').at[i, 'kommunenummer'], '')}")
    p = pending.set_index("id").loc[pid].copy()
    p["kommunenummer"] = names.get(p["kommunenummer"], p["kommunenummer"])
    p["status"] = words.status(p["status"], lang)
    p["source_url"] = links.for_editors(p["source_url"])  # a host with Norwegian letters also as punycode (xn--…)
    fields = ["kommunenummer", "status", "plan_title", "period", "source_url", "as_of", "note", "proposed_by", "proposed_at"]
    extra = [f for f, shown_if in (("supersedes", pd.notna(p["supersedes"])), ("case_reference", bool(p["case_reference"])),
                                   ("answers", pd.notna(p["answers"]))) if shown_if]  # a letter: its reference
    st.text("\n".join(f"{w('label_' + f)}: {p[f]}" for f in fields + extra))
    row = table.set_index("kommunenummer").loc[pending.set_index("id").at[pid, "kommunenummer"]]
    st.caption(w("current"))
    now = words.status(row["plan_status"], lang)
    if row["plan_status"] != "unknown":
        now += (f" · {w('level_' + row['plan_evidence'])} · "
                f"{words.source(row['plan_source_url'], row.get('plan_case_reference', ''), lang)} "
                f"({words.as_of(row['plan_as_of'], lang)})")
    st.text(now)
    if not publish.register_wins(p["as_of"], row["plan_curated_status"], row["plan_curated_as_of"]):
        st.warning(w("will_not_show", as_of=words.as_of(row["plan_curated_as_of"], lang)))
    left, right = st.columns(2)
    left.button(w("approve"), key=f"approve-{pid}", type="primary", on_click=_decide, args=(int(pid), "approved"))
    reason = right.text_input(w("field_reason"), key=f"reason-{pid}", max_chars=1000)
    right.button(w("reject"), key=f"reject-{pid}", on_click=_decide, args=(int(pid), "rejected", reason))

with st.expander(w("import_title")):
    st.caption(w("import_help"))
    upload = st.file_uploader("CSV", type=["csv"], key="register_upload", max_upload_size=1)
    if upload is not None and st.button(w("import_title"), key="register_import"):
        from loaders import population

        try:
            report = bulk.import_file(upload.getvalue(), by=email, name=upload.name, valid=set(names),
                                      crosswalk=population.crosswalk_2023())
        except RegisterUnavailable:
            st.error(w("unavailable_write"))
            st.stop()
        for problem in report.file_problems:
            st.error(words.problem(problem, lang))
        if not report.file_problems:
            st.success(w("import_done", added=len(report.added), present=len(report.present), rejected=len(report.rejected)))
        for line, problems in report.rejected.items():
            st.text(f"{words.FIELD_NAMES['line']} {line}: " + " ".join(words.problem(p, lang) for p in problems))

st.subheader(w("log_title"))
st.dataframe(log, hide_index=True, width="stretch")
