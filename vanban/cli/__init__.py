"""Command line: ``vanban COMMAND ...``, a thin layer over the public API.

Each command lives in its own module of this package and exposes ``register(subparsers)``;
``COMMANDS`` lists them with their help lines, and only the module of the command run is imported.
Errors of the library's own type print one line and exit with 2.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from vanban import patterns
from vanban.errors import VanbanError

COMMANDS: dict[str, str] = {
    "parse": "parse documents and print them as JSON",
    "schema": "write the JSON Schemas of the output objects",
    "export": "write documents as edXML packages (QCVN 102:2016)",
    "register": "incoming and outgoing books, stamps and response tracking",
    "check": "validate documents against NĐ 30/2020, the Party guides or VBQPPL rules",
    "rules": "list the validation rules (docs/rules.md is `--format markdown`)",
    "render": "write a document as DOCX in the official layout",
    "format": "re-typeset a document in the official layout and list what changed",
    "link": "index documents and query their citation graph",
    "annotate": "write a document as HTML with its citations linked",
    "serve": "serve the HTTP API (OpenAPI at /docs) and the checking page at /",
    "batch": "parse, check and cross-link files on a Dask cluster into Parquet tables",
}
"""Each command and its help line; a command's module is imported only when it runs (or ``build_parser()``)."""

QUICK_EXIT = frozenset({"check", "export", "parse", "rules"})
"""Commands whose process holds nothing to close at its end (no store, server, cluster or temporary files): once
their output is flushed, :func:`run` ends the process at once instead of tearing down every object the imports
made (the collector's full passes over them, then freeing them one by one): 45-55 ms of CPU, a fifth of a check
of one small file, and serial after the last result of a ``--jobs`` run."""


class _Commands:
    """The sub-parsers of ``vanban``: each command's parser gets its help line from :data:`COMMANDS`."""

    def __init__(self, sub: Any) -> None:
        self._sub = sub

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        """A parser for command ``name`` (the keyword arguments of ``argparse``'s ``add_parser``)."""
        parser: argparse.ArgumentParser = self._sub.add_parser(name, help=COMMANDS[name], **kwargs)
        return parser


def _command_of(argv: Sequence[str]) -> str:
    """The command named in ``argv`` (its first word that is not an option), or ``""`` when none is."""
    word = next((a for a in argv if not a.startswith("-")), "")
    return word if word in COMMANDS else ""


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every command's options, or only ``only``'s (the others by name; ``""``: none).

    A command's module imports what the command needs: registering one command alone keeps
    ``vanban check ...`` from importing the renderers, the linker or the server, and ``vanban
    --help`` from importing any of them.
    """
    parser = argparse.ArgumentParser(prog="vanban", description="Vietnamese official documents (văn bản).")
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    sub = _Commands(parser.add_subparsers(dest="command", required=True, metavar="COMMAND"))
    for name in COMMANDS:
        if only is None or name == only:
            importlib.import_module(f"{__name__}.{name}").register(sub)
        else:
            sub.add_parser(name, add_help=False)
    return parser


class _Version(argparse.Action):
    """``--version``: the installed version, read from the package metadata only when asked for."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        from vanban import __version__

        print(f"vanban {__version__}")
        parser.exit()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_command_of(argv))
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except VanbanError as e:
        print(f"vanban: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader went away (`| head`): not an error of ours, nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second complaint at exit
        return 0
    except OSError as e:
        print(f"vanban: {e.filename or ''}: {e.strerror or e}".replace(": : ", ": "), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("vanban: interrupted", file=sys.stderr)
        return 130
    return code


def run() -> NoReturn:
    """``vanban`` and ``python -m vanban``: :func:`main`, then the end of the process (at once for :data:`QUICK_EXIT`)."""
    argv = sys.argv[1:]
    code = main(argv)
    if _command_of(argv) not in QUICK_EXIT:
        sys.exit(code)
    patterns.save()  # (what exit would do: the ending below runs no exit handlers)
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away after the last write: as in main, nothing more to say
        code = 0
    except OSError as e:  # (a full disk): as main reports it
        print(f"vanban: {e.strerror or e}", file=sys.stderr)
        code = 2
    try:
        sys.stderr.flush()
    finally:
        os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
