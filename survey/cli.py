"""Command line: ``python -m survey ingest|rounds|export``.

Exit codes: 0 done; 1 the input file is invalid (nothing stored); 2 usage error or a
conflict with what is stored (for example a round that already exists).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from models.clustering import MaturityClusters
from models.scoring import score_round
from models.uncertainty import RankUncertainty
from survey.export import peers_export, scores_export, to_safe_csv
from survey.framework import FrameworkError, load_framework
from survey.reading import Problem, read_survey
from survey.store import RoundExistsError, SurveyStore

EXIT_OK, EXIT_INVALID, EXIT_CONFLICT = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m survey", description="Store and export digital-maturity survey rounds.")
    parser.add_argument("--database-url", help="SQLAlchemy URL of the store (default: $DATABASE_URL, else the embedded SQLite file)")
    commands = parser.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", help="validate a survey CSV and store it as a round")
    ingest.add_argument("file", type=Path)
    ingest.add_argument("--round", dest="round_label", help="round label (else the file's 'round' column)")
    ingest.add_argument("--json", action="store_true", help="print the outcome as JSON")

    commands.add_parser("rounds", help="list the stored rounds")

    export = commands.add_parser("export", help="write a table as CSV to stdout")
    export.add_argument("table", choices=["scores", "peers", "clusters"])
    export.add_argument("--round", dest="round_label", required=True)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        framework = load_framework()
    except FrameworkError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONFLICT
    store = SurveyStore(args.database_url)
    if args.command == "ingest":
        return _ingest(args, framework, store)
    if args.command == "rounds":
        return _rounds(store)
    return _export(args, framework, store)


def _ingest(args: argparse.Namespace, framework, store: SurveyStore) -> int:
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"error: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return EXIT_CONFLICT
    parsed = read_survey(data, framework, round_label=args.round_label)
    errors = list(parsed.errors)
    code, version = (EXIT_OK if parsed.ok else EXIT_INVALID), None
    if parsed.ok:
        try:
            version = store.save_round(parsed, framework_version=framework.version, source_name=args.file.name,
                                       source_bytes=data, uploader="command line").version
        except RoundExistsError as exc:
            errors.append(Problem(None, "round", parsed.round_label, str(exc), "round_exists"))
            code = EXIT_CONFLICT
    boroughs, respondents = int(parsed.responses["ons_code"].nunique()), len(parsed.responses)

    if args.json:
        outcome = {
            "ok": code == EXIT_OK, "round": parsed.round_label, "version": version,
            "boroughs": boroughs, "respondents": respondents,
            "errors": [p.as_dict() for p in errors], "warnings": [p.as_dict() for p in parsed.warnings],
        }
        print(json.dumps(outcome, indent=2))
    elif code == EXIT_OK:
        print(f"stored round {parsed.round_label} (version {version}): {boroughs} boroughs, "
              f"{respondents} respondents, {len(parsed.warnings)} warning(s)")
        for warning in parsed.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    else:
        print(f"{args.file}: not stored, {len(errors)} problem(s):", file=sys.stderr)
        for error in errors:
            print(f"  {error}", file=sys.stderr)
    return code


def _rounds(store: SurveyStore) -> int:
    table = store.rounds()
    if table.empty:
        print("no rounds stored")
        return EXIT_OK
    for row in table.itertuples(index=False):
        note = " (synthetic demo data)" if row.synthetic else ""
        print(f"{row.round}\tversion {row.version}\t{row.boroughs} boroughs\t{row.respondents} respondents\t"
              f"framework {row.framework_version}{note}")
    return EXIT_OK


def _export(args: argparse.Namespace, framework, store: SurveyStore) -> int:
    if args.round_label not in set(store.rounds()["round"]):
        print(f"error: no round '{args.round_label}' is stored (see: python -m survey rounds)", file=sys.stderr)
        return EXIT_CONFLICT
    answers = store.answers(args.round_label)
    scores = score_round(answers, framework)
    if args.table == "scores":
        table = scores_export(scores, RankUncertainty(framework).fit(answers).ranks_)
    else:
        clusters = MaturityClusters(framework).fit(scores[list(framework.dimension_ids)])
        table = clusters.summary() if args.table == "clusters" else peers_export(scores, framework, clusters)
    sys.stdout.write(to_safe_csv(table))
    return EXIT_OK
