"""Command line: ``vanban COMMAND ...``, a thin layer over the public API.

Each command lives in its own module of this package and exposes ``register(subparsers)``;
``COMMANDS`` lists them. Errors of the library's own type print one line and exit with 2.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from vanban.errors import VanbanError

COMMANDS: tuple[str, ...] = (
    "parse", "schema", "export", "register", "check", "rules", "render", "format", "link", "annotate", "serve",
    "batch",
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command registered."""
    from vanban import __version__

    parser = argparse.ArgumentParser(prog="vanban", description="Vietnamese official documents (văn bản).")
    parser.add_argument("--version", action="version", version=f"vanban {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"{__name__}.{name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    parser = build_parser()
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
