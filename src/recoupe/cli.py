"""The command line: parse -> api call -> print. Data on stdout; logs and progress on
stderr (progress bars only on a terminal). A RecoupeError becomes one line and exit 1."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from recoupe import __version__
from recoupe.errors import RecoupeError

app = typer.Typer(
    name="recoupe",
    help="Cross-check the news: dossiers of events, facts, quotes and framing, with citations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DbOption = Annotated[Path, typer.Option("--db", help="The SQLite store.", envvar="RECOUPE_DB")]


def _setup_logging(verbose: int) -> None:
    from rich.console import Console
    from rich.logging import RichHandler

    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(
        level=level,
        format="%(message)s",
        handlers=[RichHandler(console=Console(stderr=True), show_path=False, show_time=False)],
    )


def _echo_err(message: str) -> None:
    typer.echo(message, err=True)


@app.callback()
def _main(
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="More logs.")] = 0,
) -> None:
    _setup_logging(verbose)


@app.command()
def run(
    paths: Annotated[list[str], typer.Argument(help="Files or directories; '-' reads stdin.")],
    db: DbOption = Path("recoupe.db"),
    config: Annotated[
        Path | None, typer.Option("--config", help="A recoupe.toml (default ./recoupe.toml).")
    ] = None,
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="Override a setting: section.key=value.")
    ] = None,
) -> None:
    """Ingest and analyse articles (idempotent: re-running changes nothing)."""
    from recoupe import api

    stdin = sys.stdin.buffer.read() if "-" in paths else None
    files = [p for p in paths if p != "-"]
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        with Progress(
            TextColumn("[bold]recoupe[/]"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            console=Console(stderr=True),
            transient=True,
        ) as bar:
            task = bar.add_task("", total=None)

            def progress(done: int, total: int, current: str) -> None:
                bar.update(task, completed=done, total=total, description=Path(current).name)

            summary = api.run(
                files, db, config_path=config, overrides=set_ or [], stdin=stdin, progress=progress
            )
    else:
        summary = api.run(files, db, config_path=config, overrides=set_ or [], stdin=stdin)
    for line in summary.lines():
        _echo_err(line)
    typer.echo(str(summary.db))


@app.command()
def stories(
    db: DbOption = Path("recoupe.db"),
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
) -> None:
    """List the stories with their events and counts."""
    from recoupe import api

    items = api.stories(db)
    if as_json:
        typer.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    for s in items:
        typer.echo(
            f"{s['id']}  {s['title']}  [{s['first'] or '?'} .. {s['last'] or '?'}] "
            f"{s['documents']} docs, {s['outlets']} outlets, {s['facts']} facts, "
            f"{s['contradicted']} contradicted"
        )
        for e in s["events"]:
            typer.echo(
                f"    {e['id']}  {e['date'] or '?':10}  {e['title']}  ({e['documents']} docs)"
            )


@app.command()
def dossier(
    item_id: Annotated[str, typer.Argument(help="A story id (st-…) or an event id (ev-…).")],
    db: DbOption = Path("recoupe.db"),
) -> None:
    """Print the Markdown dossier of a story or an event."""
    from recoupe import api

    typer.echo(api.dossier(db, item_id))


@app.command()
def export(
    db: DbOption = Path("recoupe.db"),
    format: Annotated[str, typer.Option("--format", "-f", help="json, md or html.")] = "json",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output directory (required for html).")
    ] = None,
    validate: Annotated[
        bool, typer.Option("--validate", help="Check the JSON against the shipped schema.")
    ] = False,
) -> None:
    """Export the store: JSON (the documented contract), Markdown, or a static HTML site."""
    from recoupe import api

    result = api.export(db, format=format, out=out, validate=validate)
    if format == "html":
        _echo_err(f"static site written: {result} (open it in a browser, works offline)")
        typer.echo(result)
    elif out is not None:
        name = "recoupe.json" if format == "json" else "recoupe.md"
        _echo_err(f"written: {out / name}")
    else:
        typer.echo(result)


@app.command()
def serve(
    db: DbOption = Path("recoupe.db"),
    host: Annotated[
        str, typer.Option("--host", help="Address to bind; the default answers this machine only.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", help="TCP port.")] = 8000,
) -> None:
    """Serve the dossier in a browser: pages, search, JSON API (read-only)."""
    from recoupe import api

    api.serve(db, host=host, port=port, announce=_echo_err)


@app.command()
def info() -> None:
    """Versions, models and optional extras available."""
    from recoupe import api

    typer.echo(json.dumps(api.info(), indent=2))


@app.command(name="eval")
def eval_(
    suite: Annotated[
        str,
        typer.Argument(
            help="extraction, dates, metadata, segmentation, translation, dedup, clustering, "
            "quotes, entities, facts, demo, or all."
        ),
    ],
    data: Annotated[
        Path | None, typer.Option("--data", help="The shared data folder (default ../shared/data).")
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", help="Evaluate on the first N items.")
    ] = None,
) -> None:
    """Score a stage on gold data with the metric others publish; prints JSON."""
    from recoupe.evaluate import run_suite

    results: dict[str, Any] = run_suite(suite, data_dir=data, limit=limit)
    typer.echo(json.dumps(results, ensure_ascii=False, indent=2))


@app.command()
def version() -> None:
    """Print recoupe's version."""
    typer.echo(__version__)


def main() -> None:
    try:
        app()
    except RecoupeError as exc:
        _echo_err(f"recoupe: error: {exc}")
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
