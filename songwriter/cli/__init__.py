"""The `songwriter` command. Subcommands load lazily so `songwriter rhymes night` never imports torch.

Each concern owns one module of commands; this file only maps names to them.
"""

import importlib
import os
import sys

import click

from songwriter.errors import SongwriterError

# name -> "module:attribute". Keep this a plain table: adding a command is one line here.
COMMANDS = {
    "syllables": "songwriter.cli.prosody_cmds:syllables",
    "rhymes": "songwriter.cli.prosody_cmds:rhymes",
    "compare": "songwriter.cli.prosody_cmds:compare",
    "analyze": "songwriter.cli.prosody_cmds:analyze",
    "write": "songwriter.cli.write_cmds:write",
    "fix": "songwriter.cli.write_cmds:fix",
    "next": "songwriter.cli.write_cmds:next_cmd",
    "chords": "songwriter.cli.harmony_cmds:chords",
    "melody": "songwriter.cli.harmony_cmds:melody",
    "song": "songwriter.cli.song_group:song",
    "backup": "songwriter.cli.song_cmds:backup",
    "leadsheet": "songwriter.cli.export_cmds:leadsheet",
    "serve": "songwriter.cli.serve_cmds:serve",
}

SONG_COMMANDS = {
    **{name: f"songwriter.cli.song_cmds:{name}_cmd" for name in (
        "new", "list", "show", "add", "edit", "history", "diff", "restore", "search", "delete",
        "import")},
    "export": "songwriter.cli.export_cmds:song_export",
    "fit": "songwriter.cli.fit_cmds:fit",
    "draft": "songwriter.cli.draft_cmds:draft",
    "regenerate": "songwriter.cli.draft_cmds:regenerate",
    "transpose": "songwriter.cli.draft_cmds:transpose",
    "reform": "songwriter.cli.draft_cmds:reform",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported only when invoked or listed in --help."""

    def __init__(self, *args, lazy: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx, name):
        if name in self.commands:
            return self.commands[name]
        target = self.lazy.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            return None  # not built yet: behaves as an unknown command
        return getattr(module, attr, None)


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="songwriter")
def cli():
    """songwriter: rhymes, meter, lyrics that fit, chords, drafts and lead sheets — all local."""


def main(argv=None):
    """Console entry point: SongwriterError becomes a one-line message and exit code 1."""
    # Library loading bars (tqdm reads this when first imported) are noise in a songwriter's terminal.
    os.environ.setdefault("TQDM_DISABLE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        cli.main(args=argv, prog_name="songwriter", standalone_mode=False)
    except SongwriterError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(0)
