"""`songwriter song ...`: drafts, history, export and whole-song drafting, each in its own module."""

import click

from songwriter.cli import SONG_COMMANDS, LazyGroup


@click.group(cls=LazyGroup, lazy=SONG_COMMANDS)
def song():
    """Songs kept as drafts: create, show, edit, history, search, export, draft a whole song."""
