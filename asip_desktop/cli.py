"""The front door: ``asip-desktop`` opens the window; sub-commands script it.

Sub-commands live in ``asip_desktop.commands``; each module there has a
``register(subparsers)`` that adds its parser and sets ``func``. Nothing here
imports Qt unless the window is asked for.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from asip_desktop import __version__, config
from asip_desktop.commands import COMMAND_MODULES
from asip_desktop.errors import UserError


def build_parser(with_commands: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="asip-desktop",
        description=(
            "ASIP Desktop : qualification et orientation des demandes selon la convention "
            "CARSAT Bretagne / Département d'Ille-et-Vilaine. Sans sous-commande, ouvre la fenêtre."
        ),
    )
    parser.add_argument("--version", action="version", version=f"asip-desktop {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DOSSIER",
        help="dossier des données (sinon ASIP_DESKTOP_DATA_DIR, sinon le dossier de l'utilisateur)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="vérifier l'installation (chiffrement, coffre à secrets, dossiers, polices, "
        "règles, annuaires, Qt) et afficher une ligne par point",
    )
    parser.add_argument("--qt-probe", action="store_true", help=argparse.SUPPRESS)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMANDE")
    if with_commands:
        for name in COMMAND_MODULES:
            importlib.import_module(f"asip_desktop.commands.{name}").register(subparsers)
    return parser


def _wants_command(args: list[str]) -> bool:
    """A sub-command or help is asked for: only then import the command modules
    (the window must not wait for them)."""
    return any(a in COMMAND_MODULES or a in ("-h", "--help") for a in args)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list:
        parser = build_parser(with_commands=_wants_command(args_list))
        args, qt_args = parser.parse_known_args(args_list)
        if args.command is not None and qt_args:
            parser.error(f"arguments non reconnus : {' '.join(qt_args)}")
    else:  # the desk's shortcut: the window, and nothing to parse (building the parser
        # imports shutil, bz2 and lzma for its help: ~15 ms before the first paint)
        args = argparse.Namespace(data_dir=None, self_test=False, qt_probe=False, command=None)
        qt_args = []
    config.set_data_dir_override(args.data_dir)
    try:
        if args.self_test:
            from asip_desktop.selftest import run_self_test

            return run_self_test()
        if args.qt_probe:
            from asip_desktop.selftest import run_qt_probe

            return run_qt_probe()
        if args.command is None:
            from asip_desktop.gui.shell.app import run

            return run(qt_args)
        return int(args.func(args))
    except UserError as err:
        print(f"asip-desktop : {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        return 130

    except BrokenPipeError:
        # the output was piped into a command that stopped reading (e.g. | head)
        sys.stdout = None  # type: ignore[assignment]
        return 0
    except OSError as exc:  # the data folder cannot be made or written (path, rights, disk)
        from asip_desktop.files import os_error_text

        where = exc.filename or "?"
        print(
            f"asip-desktop : dossier ou fichier inutilisable : {where} ({os_error_text(exc)}). "
            "Vérifiez le chemin (--data-dir, ASIP_DESKTOP_DATA_DIR), les droits et "
            "l'espace disque.",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
