"""Command line: ``python -m survey COMMAND``.

Exit codes: 0 done (or valid, on a dry run); 1 the input file is invalid (nothing stored);
2 a usage error or a conflict with what is stored (for example a round that already exists).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import sqlalchemy

from models.disclosure import PROVISIONAL_MARK
from reports.tables import gaps_export, peers_export, provisional_marked, readiness_export, scores_export, to_safe_csv
from survey.access import operating_system_user
from survey.area_sets import AreaSet, AreaSetError, active_area_set
from survey.assessment import Assessments
from survey.backup import BackupError, backup, restore
from survey.framework import Framework, FrameworkError, check_settings_against, load_framework
from survey.pilots import PilotFileError, PilotLibrary
from survey.privacy import PseudonymKeyError, original_expiry
from survey.publishing import coverage
from survey.reading import Problem, read_survey
from survey.retention import erase_respondent, purge, purge_date
from survey.settings import Settings, SettingsError, load_settings
from survey.schema import EMPTY, UNVERSIONED, upgrade_schema
from survey.store import StoreConflict, SurveyStore, store_engine
from survey.template import example_csv, template_csv

if TYPE_CHECKING:
    from models.results import RoundResults

EXIT_OK, EXIT_INVALID, EXIT_CONFLICT = 0, 1, 2
# What each `export TABLE` writes: its help, and the README's table of exports (scripts/readme_tables.py), written
# by ``exports`` in the area set's words ({one}: "borough", "council"; {flag}: the report's option, "--borough").
EXPORTS = {
    "scores": "every {one}'s dimension scores, overall index, level and rank with its likely range (CSV)",
    "peers": "every {one}'s cluster and its first five context and maturity neighbours (CSV)",
    "clusters": "each cluster's size, centroid, description, silhouette and stability (CSV)",
    "gaps": "every {one}'s gap to the target level on each dimension (CSV; --target LEVEL)",
    "readiness": "every {one}'s readiness for a pilot, most ready first (CSV; --pilot ID or --require)",
    "report": "one {one}'s PDF report ({flag} CODE --out FILE.pdf)",
    "pack": "the committee slide pack, PPTX, with speaker notes (--out FILE.pptx; --pilot ID, else the library's first)",
}


def exports(area_set: AreaSet | None) -> dict[str, str]:
    """What each ``export TABLE`` writes, in ``area_set``'s words (in general ones where no set could be read)."""
    one = area_set.noun if area_set else "area"
    return {name: what.format(one=one, flag=area_option(area_set)) for name, what in EXPORTS.items()}


def area_option(area_set: AreaSet | None) -> str:
    """The option naming the report's area, by the set's noun: "--borough", "--council" ("--area" where no set could
    be read). Under another set London's "--borough" is read too, unlisted."""
    noun = re.sub(r"[^a-z0-9]+", "-", area_set.noun.casefold()).strip("-") if area_set else ""
    return f"--{noun or 'area'}"


def readable_area_set() -> AreaSet | None:
    """The active area set, or None where it cannot be read (``main`` then says why, after parsing the arguments)."""
    try:
        return active_area_set()
    except (SettingsError, AreaSetError):
        return None


@dataclass(frozen=True)
class Context:
    """What every command works with: the checked settings, the framework and the store."""

    settings: Settings
    framework: Framework
    store: SurveyStore
    actor: str  # who the audit records: --as, else the operating-system user

    def results(self) -> RoundResults:
        """The stored rounds and all derived from them, as the dashboard works them out (``models.results``;
        imported here so that commands that derive nothing never load scikit-learn)."""
        from models.results import StoredResults

        return StoredResults(self.store, self.framework, self.settings).at()


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors exit 2, as documented
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_CONFLICT)


def build_parser(area_set: AreaSet | None = None) -> argparse.ArgumentParser:
    """The command line's parser, its help in ``area_set``'s words ("borough", "council"; default: the active set's)."""
    area_set = area_set or readable_area_set()
    one, many = (area_set.noun, area_set.plural) if area_set else ("area", "areas")
    parser = _Parser(prog="python -m survey", description="Store and export digital-maturity survey rounds.")
    parser.add_argument("--database-url", metavar="URL",
                        help="SQLAlchemy URL of the store (default: $DATABASE_URL, else the embedded SQLite file)")
    parser.add_argument("--as", dest="actor", metavar="EMAIL",
                        help="who is making the change, kept in the audit (default: your operating-system user)")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    ingest = commands.add_parser("ingest", help="validate a survey file (CSV, .xlsx or .ods) and store it as a round")
    ingest.add_argument("file", type=Path)
    ingest.add_argument("--round", dest="round_label", metavar="LABEL", help="round label (else the file's 'round' column)")
    ingest.add_argument("--sheet", metavar="NAME", help="workbook sheet to read (default: the sheet holding the responses)")
    ingest.add_argument("--mapping", default="auto", metavar="auto|NAME",
                        help="how to read the columns: 'auto' places them from their headers and contents (default); "
                             "NAME uses a mapping saved on the Upload page")
    ingest.add_argument("--save-mapping", metavar="NAME", help="after a valid read, keep the mapping used under NAME")
    ingest.add_argument("--expect-version", type=int, metavar="N",
                        help="with --replace: the version being replaced (default: the current version when the run "
                             "starts); if someone else saved in between, nothing is stored and the exit code is 2")
    ingest.add_argument("--replace", action="store_true",
                        help="store a new version of a round that exists (earlier versions are kept)")
    ingest.add_argument("--publish", action="store_true",
                        help="publish at once (audited); by default the round is provisional until 'publish'")
    ingest.add_argument("--dry-run", action="store_true", help="validate only; store nothing")
    ingest.add_argument("--json", action="store_true", help="print the outcome as JSON")

    commands.add_parser("demo", help="store the synthetic demo rounds in an empty store, published and marked synthetic "
                                     "(as the dashboard's first run does)")
    commands.add_parser("rounds", help="list the stored rounds")
    history = commands.add_parser("history", help="list every version of a round with its audit details")
    history.add_argument("round_label", metavar="ROUND")
    audit = commands.add_parser("audit", help="list every change (save, replace, rollback, publish, delete, open, close, "
                                              "cancel, erase, purge, restore) and who made it")
    audit.add_argument("round_label", metavar="ROUND", nargs="?", help="only this round's changes")
    rollback = commands.add_parser("rollback", help="make an earlier version of a round current again")
    rollback.add_argument("round_label", metavar="ROUND")
    rollback.add_argument("--to", dest="version", type=int, required=True, metavar="VERSION")
    delete = commands.add_parser("delete", help="hide a round from every view until it is purged (see 'purge')")
    delete.add_argument("round_label", metavar="ROUND")
    publish = commands.add_parser("publish", help="show a provisional round's coverage, then publish it")
    publish.add_argument("round_label", metavar="ROUND")
    publish.add_argument("--yes", action="store_true",
                         help="publish without asking, even when coverage fell (the coverage is printed all the same)")
    erase = commands.add_parser("erase", help="remove one person's answers from every version and kept file (on request)")
    erase.add_argument("--respondent", required=True, metavar="ID",
                       help="the email, name or code the person's answers were given under")
    erase.add_argument("--round", dest="round_label", metavar="ROUND", help="only this round (default: every round)")
    purge = commands.add_parser("purge", help="remove for good the rounds deleted more than the retention period ago, "
                                              "expired original files and closed collections' individual answers")
    purge.add_argument("--now", action="store_true", help="every deleted round at once, whenever it was deleted")
    purge.add_argument("--yes", action="store_true", help="with --now: confirm (it cannot be undone)")
    opening = commands.add_parser("open-round", help=f"open a round for {one} staff to answer in the dashboard")
    opening.add_argument("round_label", metavar="ROUND")
    opening.add_argument("--closes", type=_date, required=True, metavar="YYYY-MM-DD", help="the last day for answers")
    opening.add_argument("--opens", type=_date, metavar="YYYY-MM-DD", help="the first day for answers (default: today)")
    closing = commands.add_parser("close-round", help="stop answers and store the submitted ones as a provisional round")
    closing.add_argument("round_label", metavar="ROUND")
    closing.add_argument("--combine", action="store_true",
                         help="add the online answers to a version of the round already stored from a file")
    responses = commands.add_parser("responses", help=f"each {one}'s status and respondents in a round collected online (CSV)")
    responses.add_argument("round_label", metavar="ROUND")
    commands.add_parser("upgrade", help="bring a store made by an earlier version up to date (take a backup first)")
    backing_up = commands.add_parser("backup", help="write a consistent copy of the store (SQLite) to a new file, "
                                                    "while the dashboard runs")
    backing_up.add_argument("file", type=Path)
    restoring = commands.add_parser("restore", help="check a backup, then put it back as the store (SQLite)")
    restoring.add_argument("file", type=Path)
    template = commands.add_parser("template", help="print the blank upload template (CSV)")
    template.add_argument("--example", action="store_true", help="print a filled-in example instead")

    export = commands.add_parser("export", help="write a round as a CSV table on standard output, or as a document: "
                                                f"{'an' if one[:1] in 'aeiou' else 'a'} {one}'s PDF report or the committee "
                                                "slide pack")
    export.add_argument("table", choices=list(EXPORTS), metavar="TABLE",
                        help="; ".join(f"{name}: {what}" for name, what in exports(area_set).items()))
    export.add_argument("--round", dest="round_label", metavar="LABEL", required=True,
                        help="the round (a provisional one only with --include-provisional)")
    export.add_argument("--target", metavar="LEVEL", help="gaps: the target level (default: the gaps.target_level setting)")
    export.add_argument(area_option(area_set), dest="borough", metavar="CODE", help=f"report: the {one}'s ONS code or name")
    if area_option(area_set) != "--borough":
        export.add_argument("--borough", dest="borough", metavar="CODE", help=argparse.SUPPRESS)
    export.add_argument("--out", type=Path, metavar="FILE", help="report, pack: the file to write")
    export.add_argument("--include-provisional", action="store_true",
                        help="export a provisional round (office use): every row, page and slide is marked 'Provisional — "
                             "not for circulation'; without this a provisional round is refused. Trends in documents use "
                             "published rounds only, whatever is given")
    export.add_argument("--respondent-detail", action="store_true",
                        help=f"scores: keep the spread between respondents of {many} with few respondents (office use; "
                             "by default it is left blank there, as members see it)")
    pilot = export.add_mutually_exclusive_group()
    pilot.add_argument("--pilot", metavar="ID", help="readiness, pack: a pilot id from data/pilots.yaml")
    pilot.add_argument("--require", metavar="DIMENSION=SCORE,...",
                       help="readiness: custom requirements, e.g. data=3,technology=2.8")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        active_area_set()
        framework = load_framework(settings.path("framework.file"))
        check_settings_against(framework, settings)
    except (SettingsError, AreaSetError, FrameworkError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONFLICT
    if args.command == "template":
        sys.stdout.write(example_csv(framework) if args.example else template_csv(framework))
        return EXIT_OK
    try:
        url = args.database_url or settings.database_url
        actor = (args.actor or "").strip() or operating_system_user()
        if args.command in STORE_COMMANDS:  # the store as a whole, whichever version made it
            return STORE_COMMANDS[args.command](args, url, actor)
        return COMMANDS[args.command](args, Context(settings, framework, SurveyStore(url), actor))
    except BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except (StoreConflict, PilotFileError, PseudonymKeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONFLICT
    except sqlalchemy.exc.ArgumentError:  # not printed: a mistyped address may hold a password
        print("error: the database URL given is not a database address (sqlite:///FILE or "
              "postgresql+psycopg://USER@HOST/DATABASE)", file=sys.stderr)
        return EXIT_CONFLICT
    except sqlalchemy.exc.OperationalError as exc:
        shown = sqlalchemy.engine.make_url(url).render_as_string(hide_password=True)
        print(f"error: the store at {shown} cannot be used: {_driver_message(exc)}", file=sys.stderr)
        return EXIT_CONFLICT


def _driver_message(exc: sqlalchemy.exc.OperationalError) -> str:
    """The database driver's own message (what went wrong), without SQLAlchemy's statement and help link."""
    return str(exc.orig or exc).strip().splitlines()[0]


def _ingest(args: argparse.Namespace, ctx: Context) -> int:
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"error: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return EXIT_CONFLICT
    framework = ctx.framework
    stored = ctx.store.rounds().set_index("round")["version"].to_dict()  # read first: what a replace replaces
    saved = None if args.mapping == "auto" else ctx.store.mapping(args.mapping)
    parsed = read_survey(data, framework, round_label=args.round_label, sheet=args.sheet,
                         limits=ctx.settings.upload_limits, mapping=saved)
    errors = list(parsed.errors)
    code, version = (EXIT_OK if parsed.ok else EXIT_INVALID), None
    if parsed.ok and not args.dry_run:
        try:
            version = ctx.store.save_round(parsed, framework=framework, source_name=args.file.name,
                                       source_bytes=data, uploader=ctx.actor, publish=args.publish,
                                       keep_original_until=original_expiry(int(ctx.settings["privacy.keep_originals_days"])),
                                       replace=args.replace,
                                       expected_version=args.expect_version or stored.get(parsed.round_label)).version
        except StoreConflict as exc:
            errors.append(Problem(None, "round", parsed.round_label, str(exc), "round_exists"))
            code = EXIT_CONFLICT
    if args.save_mapping and code == EXIT_OK and parsed.mapping is not None:
        ctx.store.save_mapping(args.save_mapping, parsed.mapping.as_saved(), actor=ctx.actor)
    boroughs, respondents = int(parsed.responses["ons_code"].nunique()), len(parsed.responses)

    if args.json:
        outcome = {
            "ok": code == EXIT_OK, "round": parsed.round_label, "version": version, "dry_run": args.dry_run,
            "boroughs": boroughs, "respondents": respondents,
            "errors": [p.as_dict() for p in errors], "warnings": [p.as_dict() for p in parsed.warnings],
            "mapping": parsed.mapping.as_report() if parsed.mapping is not None else None,
        }
        print(json.dumps(outcome, indent=2))
    elif code == EXIT_OK:
        status = "published" if args.publish else "provisional: check its coverage and 'publish' it"
        done = "valid, not stored (dry run)" if args.dry_run else f"stored (version {version}, {status})"
        print(f"round {parsed.round_label} {done}: {boroughs} {ctx.store.area_set.plural}, {respondents} respondents, "
              f"{len(parsed.warnings)} warning(s)")
        for warning in parsed.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    else:
        print(f"{args.file}: not stored, {len(errors)} problem(s):", file=sys.stderr)
        for error in errors:
            print(f"  {error}", file=sys.stderr)
    return code


def _demo(args: argparse.Namespace, ctx: Context) -> int:
    """The demo rounds, marked synthetic so that every page and document made from them says so (an ingest of
    the demo files would store them as real answers)."""
    from survey.demo import load_demo_rounds

    stored = load_demo_rounds(ctx.store, ctx.framework)
    if not stored:
        raise StoreConflict("the store holds rounds already: the demo rounds go only into an empty store")
    print(f"stored the synthetic demo rounds {', '.join(stored)}, published and marked synthetic")
    return EXIT_OK


def _rounds(args: argparse.Namespace, ctx: Context) -> int:
    table = ctx.store.rounds()
    if table.empty:
        print("no rounds stored")
        return EXIT_OK
    for row in table.itertuples(index=False):
        notes = [row.status] + (["synthetic demo data"] if row.synthetic else [])
        print(f"{row.round}\tversion {row.version}\t{row.boroughs} {ctx.store.area_set.plural}\t{row.respondents} respondents\t"
              f"framework {row.framework_version}\t{', '.join(notes)}")
    return EXIT_OK


def _history(args: argparse.Namespace, ctx: Context) -> int:
    table = ctx.store.history(args.round_label)
    if table.empty:
        raise StoreConflict(f"No round '{args.round_label}' has ever been stored.")
    for row in table.itertuples(index=False):
        marker = "*" if row.current else " "
        print(f"{marker} version {row.version}\t{row.status}\t{row.saved_at:%Y-%m-%d %H:%M:%S}\t{printable(row.uploader)}\t"
              f"{printable(row.source_name)}\t{row.source_size} bytes\tsha256 {row.source_sha256[:12]}\t"
              f"kept as mapped: sha256 {row.kept_sha256[:12]}\t"
              f"{row.respondents} respondents")
    return EXIT_OK


def _audit(args: argparse.Namespace, ctx: Context) -> int:
    table = ctx.store.audit(args.round_label)
    if table.empty:
        print("no changes recorded" + (f" for round {printable(args.round_label)}" if args.round_label else ""))
        return EXIT_OK
    for row in table.itertuples(index=False):
        before = "-" if row.version_before is pd.NA else row.version_before
        after = "-" if row.version_after is pd.NA else row.version_after
        print(f"{row.at:%Y-%m-%d %H:%M:%S}\t{printable(row.actor)}\t{row.action}\t{printable(row.round)}\t"
              f"version {before} -> {after}\t{printable(row.detail)}")
    return EXIT_OK


def printable(text: object) -> str:
    """Text from files or users with control characters removed, so it cannot steer a terminal."""
    return "".join(c for c in str(text) if c.isprintable() or c == " ")


def _rollback(args: argparse.Namespace, ctx: Context) -> int:
    ctx.store.rollback(args.round_label, args.version, actor=ctx.actor)
    print(f"round {args.round_label}: version {args.version} is current")
    return EXIT_OK


def _delete(args: argparse.Namespace, ctx: Context) -> int:
    deleted_at = ctx.store.delete(args.round_label, actor=ctx.actor)
    due = purge_date(deleted_at, int(ctx.settings["privacy.retention_days"]))
    print(f"round {args.round_label} deleted: 'rollback' restores it until it is purged, from {due:%d %B %Y} "
          "('python -m survey purge' removes it then)")
    return EXIT_OK


def _publish(args: argparse.Namespace, ctx: Context) -> int:
    covered = coverage(ctx.store, args.round_label)
    print(covered.summary())
    if warning := covered.warning():
        print(f"warning: {warning}", file=sys.stderr)
    if not args.yes and not _confirmed(f"Publish round {args.round_label} to members and the public?"):
        print("not published: run again with --yes to publish", file=sys.stderr)
        return EXIT_CONFLICT
    version = ctx.store.publish(args.round_label, actor=ctx.actor)
    print(f"round {args.round_label}: version {version} published")
    return EXIT_OK


def _confirmed(question: str) -> bool:
    """A yes from a person at a terminal; never from a script (its stdin is not a terminal)."""
    if not sys.stdin.isatty():
        return False
    return input(f"{question} [y/N] ").strip().casefold() in ("y", "yes")


def _erase(args: argparse.Namespace, ctx: Context) -> int:
    erased = erase_respondent(ctx.store, args.respondent, actor=ctx.actor, round_label=args.round_label)
    _rescore(ctx, erased.rounds)
    online = f" and {erased.online_responses} online response(s)" if erased.online_responses else ""
    print(f"erased {erased.responses} response(s) from {erased.versions} version(s){online} of round(s) "
          f"{', '.join(erased.rounds)}; their scores are worked out again")
    return EXIT_OK


def _rescore(ctx: Context, labels: Sequence[str]) -> None:
    """Work out and keep the scores of each round's current version again (after an erasure)."""
    results = ctx.results()
    for label in set(labels) & set(results.rounds()["round"]):
        results.scores(label)


def _purge(args: argparse.Namespace, ctx: Context) -> int:
    if args.now and not args.yes:
        print("error: purge --now removes every deleted round for good: add --yes to confirm", file=sys.stderr)
        return EXIT_CONFLICT
    days = int(ctx.settings["privacy.retention_days"])
    done = purge(ctx.store, actor=ctx.actor, retention_days=days, everything=args.now)
    if not done.anything:
        print(f"nothing to purge (deleted rounds are kept {days} days)")
        return EXIT_OK
    for label in done.rounds:
        print(f"round {label}: removed for good")
    if done.original_files:
        print(f"{done.original_files} original file(s) removed at the end of their keeping period")
    for label in done.collections:
        print(f"round {label}: individual online answers and comments removed")
    return EXIT_OK


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


def _open_round(args: argparse.Namespace, ctx: Context) -> int:
    collection = Assessments(ctx.store).open_round(args.round_label, closes=args.closes, opens=args.opens,
                                                   framework=ctx.framework, actor=ctx.actor)
    print(f"round {collection.label}: open for answers from {collection.opens:%d %B %Y} to {collection.closes:%d %B %Y}")
    return EXIT_OK


def _close_round(args: argparse.Namespace, ctx: Context) -> int:
    saved = Assessments(ctx.store).close_round(args.round_label, actor=ctx.actor, combine=args.combine)
    print(f"round {saved.label}: closed; version {saved.version} stored ({saved.status}): "
          f"{saved.boroughs} {ctx.store.area_set.plural}, {saved.respondents} respondents")
    return EXIT_OK


def _responses(args: argparse.Namespace, ctx: Context) -> int:
    table = Assessments(ctx.store).completion(args.round_label)
    sys.stdout.write(to_safe_csv(table))
    return EXIT_OK


def _upgrade(args: argparse.Namespace, url: str, actor: str) -> int:
    engine = store_engine(url)
    try:
        done = upgrade_schema(engine)
    finally:
        engine.dispose()
    rounds = len(SurveyStore(url, upgrade=False).rounds())
    if done.before == EMPTY:
        print(f"made the store's tables in an empty database (schema {done.after})")
    elif done.changed:
        before = "a store made before migrations" if done.before == UNVERSIONED else f"schema {done.before}"
        print(f"upgraded {before} to schema {done.after}: {rounds} rounds kept")
    else:
        print(f"the store is up to date (schema {done.after}): {rounds} rounds")
    return EXIT_OK


def _backup(args: argparse.Namespace, url: str, actor: str) -> int:
    size = backup(url, args.file)
    print(f"wrote a backup of the store to {args.file} ({size:,} bytes)")
    return EXIT_OK


def _restore(args: argparse.Namespace, url: str, actor: str) -> int:
    restored = restore(args.file, url, actor=actor)
    print(f"restored the store from {args.file}: {restored.rounds} rounds. Restart the dashboard, which may still "
          "hold figures of the store it replaced.")
    return EXIT_OK


def _export(args: argparse.Namespace, ctx: Context) -> int:
    results, settings, label = ctx.results(), ctx.settings, args.round_label
    if label not in set(results.rounds()["round"]):
        raise StoreConflict(f"no round '{label}' is stored (see: python -m survey rounds)")
    provisional = results.is_provisional(label)
    if provisional and not args.include_provisional:
        raise StoreConflict(f"round {label} is provisional: publish it first, or add --include-provisional "
                            f"for office use (everything exported is then marked '{PROVISIONAL_MARK}')")
    if provisional:
        print(f"warning: round {label} is provisional: what is written is marked '{PROVISIONAL_MARK}'",
              file=sys.stderr)
    if args.table in ("report", "pack"):
        return _document(args, ctx, results)
    framework = results.framework(label)
    scores = results.shown_scores(label, respondent_detail=args.respondent_detail)
    if args.table == "scores":
        table = scores_export(scores, results.ranks(label))
    elif args.table == "gaps":
        target = args.target or str(settings["gaps.target_level"])
        if framework.level_value(target) is None:
            raise StoreConflict(f"unknown level '{target}'; choose one of {', '.join(framework.level_names)}")
        table = gaps_export(scores, framework, target)
    elif args.table == "readiness":
        library = results.results.pilots
        table = readiness_export(scores, framework, _requirements(args, framework, library), library.nearly_ready_band)
    else:
        problem = results.cluster_problem(label)
        if problem and args.table == "clusters":
            raise StoreConflict(problem)
        clusters = results.clusters(label)
        table = clusters.summary() if clusters is not None and args.table == "clusters" else peers_export(
            scores, framework, clusters)
    sys.stdout.write(to_safe_csv(provisional_marked(table) if provisional else table))
    return EXIT_OK


def _document(args: argparse.Namespace, ctx: Context, results: RoundResults) -> int:
    """Write an area's PDF report or the committee slide pack."""
    from reports.borough_report import borough_report_pdf
    from reports.committee_pack import committee_pack_pptx
    from survey.areas import BoroughMatcher

    if args.out is None:
        raise StoreConflict(f"export {args.table} needs --out FILE")
    if not args.out.parent.is_dir():  # before the seconds the document takes
        raise StoreConflict(f"there is no folder {args.out.parent} to write {args.out.name} into")
    label, with_provisional = args.round_label, args.include_provisional
    framework, library = results.framework(label), results.results.pilots
    if args.table == "report":
        match = BoroughMatcher().match(args.borough or "")
        if match.error or match.ons_code is None:
            raise StoreConflict(f"{area_option(ctx.store.area_set)}: {match.error}")
        if match.ons_code not in results.scores(label).index:
            raise StoreConflict(f"{match.ons_code} has no response in round {label}")
        document = borough_report_pdf(results.benchmark(label, match.ons_code, with_provisional=with_provisional),
                                      framework)
    else:
        try:  # the pack always features a pilot: the one asked for, else the library's first
            pilot = library.get(args.pilot) if args.pilot else library.pilots[0]
        except KeyError:
            raise StoreConflict(f"unknown pilot '{args.pilot}'; the library has: "
                                f"{', '.join(p.id for p in library.pilots)}") from None
        document = committee_pack_pptx(results.briefing(label, pilot.id, with_provisional=with_provisional), framework)
    try:
        args.out.write_bytes(document)
    except OSError as exc:
        raise StoreConflict(f"cannot write {args.out}: {exc.strerror}") from None
    print(f"wrote {args.out} ({len(document):,} bytes)")
    return EXIT_OK


def _requirements(args: argparse.Namespace, framework: Framework, library: PilotLibrary) -> dict[str, float]:
    """The pilot's requirements from --pilot or --require (a usage error if neither or malformed)."""
    if args.pilot:
        try:
            return library.get(args.pilot).requirements
        except KeyError:
            ids = ", ".join(p.id for p in library.pilots)
            raise StoreConflict(f"unknown pilot '{args.pilot}'; the library has: {ids}") from None
    if not args.require:
        raise StoreConflict("export readiness needs --pilot ID or --require dim=score[,dim=score...]")
    requirements = {}
    for part in args.require.split(","):
        dimension, _, value = part.partition("=")
        try:
            score = float(value)
        except ValueError:
            score = float("nan")
        if dimension.strip() not in framework.dimension_ids or not 1 <= score <= 5:
            raise StoreConflict(f"--require: '{part}' must be dimension=score with a dimension from "
                                f"{', '.join(framework.dimension_ids)} and a score from 1 to 5")
        requirements[dimension.strip()] = score
    return requirements


COMMANDS = {
    "ingest": _ingest, "demo": _demo, "rounds": _rounds, "history": _history, "audit": _audit, "rollback": _rollback,
    "delete": _delete, "publish": _publish, "erase": _erase, "purge": _purge, "export": _export,
    "open-round": _open_round, "close-round": _close_round, "responses": _responses,
}
STORE_COMMANDS = {"upgrade": _upgrade, "backup": _backup, "restore": _restore}
