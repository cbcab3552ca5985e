"""python -m register — the plan-status register from the command line (database from DEKNING_DB_URL).

  import FILE [--by NAME]                     good lines become proposals; exit 1 if any line was rejected
  export --out FILE [--status STATE]          proposals as CSV (pending|approved|rejected|all)
  approve ID --by EMAIL                       an editor approves (publishes) a proposal; EMAIL must be in
                                              [register] editors of the server's secrets (STREAMLIT_SECRETS_FILES,
                                              else ~/.streamlit/ and the project's .streamlit/secrets.toml); the
                                              audit row records the operating-system user beside it
  reject ID --by EMAIL --reason TEXT          an editor rejects a proposal, with a reason
  retract ID --by EMAIL --reason TEXT         an editor withdraws a published entry
  log [--limit N]                             the audit log
  upgrade                                     migrate the database to the newest schema
  verify                                      check the audit log's hash chain; exit 1 naming the first broken row
  ask --kommune KNR [--lang nb|nn] [--record --by NAME [--on DATE]]
                                              print the innsynskrav to the kommune; --record: record it as sent
  asked [--reminders]                         the campaign: kommune, asked, by, working days, answered?
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import date

import pandas as pd

from register import access, bulk, campaign, database, workflow
from vocabulary import letters
from vocabulary import register_words as words


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m register", description="The plan-status register.")
    sub = p.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="import proposals from a CSV file")
    imp.add_argument("file")
    imp.add_argument("--by", default="", help="who imports (default: the login name)")
    exp = sub.add_parser("export", help="write proposals as CSV")
    exp.add_argument("--out", required=True)
    exp.add_argument("--status", default="all", choices=workflow.STATES)
    for name in ("approve", "reject", "retract"):
        d = sub.add_parser(name, help=f"{name} (editors only)")
        d.add_argument("id", type=int)
        d.add_argument("--by", required=True, help="the editor's e-mail address (listed in [register] editors)")
        if name != "approve":
            d.add_argument("--reason", required=True)
    lg = sub.add_parser("log", help="print the audit log")
    lg.add_argument("--limit", type=int, default=None)
    sub.add_parser("upgrade", help="migrate the database to the newest schema")
    sub.add_parser("verify", help="check the audit log's hash chain (exit 1 on a break)")
    ask = sub.add_parser("ask", help="print the innsynskrav to a kommune (and record it as sent)")
    ask.add_argument("--kommune", required=True, help="kommunenummer (2024 division)")
    ask.add_argument("--lang", default="nb", choices=("nb", "nn"))
    ask.add_argument("--record", action="store_true", help="record that the request was sent")
    ask.add_argument("--by", default="", help="who sent it (with --record; signs the letter)")
    ask.add_argument("--on", type=date.fromisoformat, default=None, help="date sent, YYYY-MM-DD (default today)")
    asked = sub.add_parser("asked", help="list the campaign's requests")
    asked.add_argument("--reminders", action="store_true", help="print a reminder for each overdue request")
    return p


def _names() -> dict[str, str]:
    from loaders import boundaries

    return dict(boundaries.kommuner()[["kommunenummer", "kommunenavn"]].itertuples(index=False))


def _ask(args) -> int:
    names = _names()
    if args.kommune not in names:
        print(f"error: kommunenummer {args.kommune} is not in the 2024 division (357 kommuner)", file=sys.stderr)
        return 2
    if args.record and not args.by:
        print("error: --record needs --by (who sent the request)", file=sys.stderr)
        return 2
    print(letters.letter(names[args.kommune], args.lang, args.by))
    if args.record:
        made = campaign.ask(args.kommune, by=args.by, lang=args.lang, valid=set(names), asked_on=args.on)
        state = "recorded as" if made.new else "already recorded as"
        print(f"{state} request #{made.id}", file=sys.stderr)
    return 0


def _asked(args) -> int:
    frame = campaign.listing()
    names = _names() if not frame.empty else {}
    print("request\tkommune\tasked\tby\tworking days\tanswered")
    for r in frame.itertuples(index=False):
        answer = f"yes (#{r.answer_id}, {r.answer_state})" if r.answered else ("no — REMINDER DUE" if r.overdue else "no")
        print(f"#{r.id}\t{r.kommunenummer} {names.get(r.kommunenummer, '')}\t{r.asked_on}\t{r.asked_by}\t"
              f"{r.working_days}\t{answer}")
    overdue = frame[frame["overdue"]] if not frame.empty else frame
    print(f"{len(frame)} request(s), {int(frame['answered'].sum()) if len(frame) else 0} answered, {len(overdue)} "
          f"not answered after {campaign.REMIND_AFTER} working days")
    if args.reminders:
        for r in overdue.itertuples(index=False):
            print(f"\n--- reminder for request #{r.id} ---")
            print(letters.reminder(names[r.kommunenummer], r.asked_on, r.working_days, r.lang, r.asked_by))
    return 0


def _problems(problems) -> str:
    return " ".join(words.problem(p, "en") for p in problems)


def _import(args) -> int:
    report = bulk.import_file(args.file, by=args.by or getpass.getuser())
    for problem in report.file_problems:
        print(f"error: {args.file}: {words.problem(problem, 'en')} Nothing was imported.", file=sys.stderr)
    if report.file_problems:
        return 2
    for notice in report.notices:
        print(f"notice: {notice}")
    for line, problems in report.rejected.items():
        print(f"line {line}: {_problems(problems)}", file=sys.stderr)
    print(f"{args.file}: {len(report.added)} new proposal(s), {len(report.present)} already present, "
          f"{len(report.rejected)} line(s) rejected")
    return 0 if not report.rejected else 1


def _operator() -> str:
    """Who runs this command on this machine, from the process's own user id (not $USER, which the caller sets)."""
    uid = os.geteuid()
    try:
        import pwd

        name = pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        name = getpass.getuser()
    return f"cli os_user={name} uid={uid}"


def _decide(args) -> int:
    """--by must be an editor in the server's own secrets files (access.secrets_files), never in a list the caller
    brings; the audit row keeps --by as the actor and the operating-system user in its detail."""
    editors = access.editors()
    if args.by.strip().lower() not in editors:
        files = ", ".join(str(f) for f in access.secrets_files()) or "no secrets file found"
        print(f"error: {args.by} is not an editor in the server's configuration ([register] editors in: {files})",
              file=sys.stderr)
        return 1
    if args.command == "retract":
        new = workflow.retract(args.id, editor=args.by, editors=editors, reason=args.reason, via=_operator())
        print(f"entry #{args.id} withdrawn by retraction #{new}")
        return 0
    decision = "approved" if args.command == "approve" else "rejected"
    done = workflow.decide(args.id, decision, editor=args.by, editors=editors, reason=getattr(args, "reason", ""),
                           via=_operator())
    when = workflow.stamp(done["decided_at"])
    print(f"proposal #{done['id']} ({done['kommunenummer']}) {decision} by {done['editor']} at {when}")
    return 0


def _log(args) -> int:
    frame = workflow.log(limit=args.limit)
    for row in frame.itertuples(index=False):
        entry = "-" if pd.isna(row.proposal_id) else f"#{row.proposal_id}"
        knr = "-" if pd.isna(row.kommunenummer) else row.kommunenummer
        print(f"{row.id}\t{row.at}\t{row.actor}\t{row.action}\t{entry}\t{knr}\t"
              f"{row.before} -> {row.after}\t{row.detail}")
    return 0


def _verify() -> int:
    from register import audit

    with database.reading() as conn:
        if conn is None:
            print(f"error: no register at {database.shown(database.url())}: nothing to verify", file=sys.stderr)
            return 2
        chain = audit.verify(conn)
    if chain.broken_id is not None:
        print(f"error: audit chain broken after {chain.rows} intact row(s): {chain.problem}", file=sys.stderr)
        return 1
    print(f"audit chain intact: {chain.rows} rows, last hash {chain.last_hash}")
    return 0


def _run(args) -> int:
    if args.command == "import":
        return _import(args)
    if args.command == "export":
        n = bulk.export(args.out, args.status)
        print(f"{n} proposal(s) written to {args.out}")
        return 0
    if args.command == "log":
        return _log(args)
    if args.command == "ask":
        return _ask(args)
    if args.command == "asked":
        return _asked(args)
    if args.command == "verify":
        return _verify()
    if args.command == "upgrade":
        database.upgrade()
        print(f"{database.shown(database.url())}: schema up to date")
        return 0
    return _decide(args)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except workflow.Refused as exc:
        print(f"error: {_problems(exc.problems)}", file=sys.stderr)
        return 2
    except (workflow.AlreadyDecided, workflow.NotFound, workflow.NotAnEditor) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except database.RegisterUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        database.dispose()


if __name__ == "__main__":
    sys.exit(main())
