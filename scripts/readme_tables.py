"""Write the README's tables that restate the code, so they cannot drift from it: the commands
(cli/main.py's parser), the exports (cli.main.exports) and the settings (survey/settings.py REGISTRY).

Each table sits between marker comments (``<!-- settings:start -->`` … ``<!-- settings:end -->``);
the text around them is written by hand. Run from the repository root after changing a command,
an export or a setting::

    .venv/bin/python scripts/readme_tables.py

tests/test_docs.py fails, naming this command, while the README differs from what it writes.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cli.main import build_parser, exports, readable_area_set  # noqa: E402
from survey.settings import REGISTRY  # noqa: E402

README = ROOT / "README.md"
COMMAND = "python scripts/readme_tables.py"


def _cell(text: str) -> str:
    """Text for a Markdown table cell: a pipe would end the cell, even inside `code`."""
    return text.replace("|", "\\|")


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _argument(action: argparse.Action) -> str:
    """One argument as a synopsis writes it: ``FILE``, ``--round LABEL``, ``--dry-run``."""
    if not action.option_strings:
        return action.metavar or action.dest.upper()
    flag = action.option_strings[-1]
    return flag if action.nargs == 0 else f"{flag} {action.metavar or action.dest.upper()}"


def synopsis(parser: argparse.ArgumentParser) -> str:
    """The parser's arguments in the order declared, positional first; optional ones in brackets,
    and the choices of a mutually exclusive group joined by ``|``."""
    grouped = {id(action): group for group in parser._mutually_exclusive_groups for action in group._group_actions}
    parts: list[str] = []
    written: set[int] = set()
    actions = [a for a in parser._actions if not isinstance(a, argparse._HelpAction)]
    for action in sorted(actions, key=lambda a: bool(a.option_strings)):
        group = grouped.get(id(action))
        if group is not None:
            if id(group) not in written:
                written.add(id(group))
                choices = " | ".join(_argument(a) for a in group._group_actions)
                parts.append(f"({choices})" if group.required else f"[{choices}]")
        elif (action.option_strings and not action.required) or action.nargs == "?":
            parts.append(f"[{_argument(action)}]")
        else:
            parts.append(_argument(action))
    return " ".join(parts)


def _subcommands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def commands_table() -> str:
    """One row per option given before the command, then one per command: how it is written and what
    it does (its line in ``python -m survey --help``)."""
    parser = build_parser()
    commands = _subcommands(parser)
    helps = {choice.dest: choice.help for choice in commands._choices_actions}
    rows = [(f"`{parser.prog} {_argument(option)} COMMAND …`", f"before any command: {option.help}")
            for option in parser._actions if option.option_strings and not isinstance(option, argparse._HelpAction)]
    rows += [(f"`{' '.join(filter(None, (parser.prog, name, synopsis(command))))}`", helps[name])
             for name, command in commands.choices.items()]
    return _table(("command", "what it does"), rows)


def exports_table() -> str:
    """One row per table or document ``export`` writes."""
    return _table(("export", "what it writes"), [(f"`python -m survey export {name} --round LABEL`", what)
                                                  for name, what in exports(readable_area_set()).items()])


def settings_table() -> str:
    """One row per setting: its name in the settings file, its environment variable, default and help."""
    def default(value: object) -> str:
        return str(value).lower() if isinstance(value, bool) else str(value)

    return _table(("setting", "environment variable", "default", "what it sets"),
                  [(f"`{s.name}`", f"`{s.env}`", f"`{default(s.default)}`", s.help) for s in REGISTRY])


TABLES: dict[str, Callable[[], str]] = {"commands": commands_table, "exports": exports_table, "settings": settings_table}


def rendered(text: str) -> str:
    """``text`` with each marked table written again from the code; a missing marker is an error."""
    for name, table in TABLES.items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.DOTALL)
        if not pattern.search(text):
            raise ValueError(f"README.md has no <!-- {name}:start --> … <!-- {name}:end --> markers")
        written = table()
        text = pattern.sub(lambda match, written=written: f"{match.group(1)}{written}\n{match.group(2)}", text)
    return text


def main() -> int:
    text = README.read_text(encoding="utf-8")
    new = rendered(text)
    if new != text:
        README.write_text(new, encoding="utf-8")
        print(f"rewrote the tables {', '.join(TABLES)} in {README.name}")
    else:
        print(f"{README.name}: the tables {', '.join(TABLES)} are as the code says")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
