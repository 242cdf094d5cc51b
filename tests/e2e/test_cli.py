"""The command line as a user types it: data on stdout, messages on stderr, one clear
line and exit code 1 for a RecoupeError."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from recoupe.render.json_export import validate_export

REPO = Path(__file__).resolve().parents[2]
RECOUPE = [sys.executable, "-m", "recoupe.cli"]


def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*RECOUPE, *args], input=stdin, capture_output=True, cwd=REPO, timeout=600, check=False
    )


def test_stories_dossier_and_exports(demo_db: Path, tmp_path: Path) -> None:
    listing = cli("stories", "--db", str(demo_db), "--json")
    assert listing.returncode == 0, listing.stderr.decode()
    stories = json.loads(listing.stdout)
    assert stories and all(s["id"].startswith("st-") for s in stories)

    top = stories[0]
    dossier = cli("dossier", top["id"], "--db", str(demo_db))
    assert dossier.returncode == 0
    text = dossier.stdout.decode()
    assert top["title"] in text
    event_id = top["events"][0]["id"]
    assert cli("dossier", event_id, "--db", str(demo_db)).returncode == 0

    exported = cli("export", "--db", str(demo_db), "--format", "json")
    validate_export(json.loads(exported.stdout))

    md = cli("export", "--db", str(demo_db), "--format", "md")
    assert md.returncode == 0 and md.stdout.decode().count("\n") > 20

    site = tmp_path / "site"
    html = cli("export", "--db", str(demo_db), "--format", "html", "-o", str(site))
    assert html.returncode == 0, html.stderr.decode()
    assert (site / "index.html").is_file()
    assert "static site written" in html.stderr.decode()


def test_errors_are_one_clear_line(tmp_path: Path) -> None:
    missing = cli("stories", "--db", str(tmp_path / "nope.db"))
    assert missing.returncode == 1
    err = missing.stderr.decode().strip().splitlines()
    assert len(err) == 1 and "nope.db" in err[0] and "Traceback" not in err[0]
    bad_set = cli("run", str(tmp_path), "--db", str(tmp_path / "x.db"), "--set", "dedup.nope=1")
    assert bad_set.returncode == 1 and "dedup.nope" in bad_set.stderr.decode()


def test_run_reads_stdin_and_info_lists_models(tmp_path: Path) -> None:
    text = (
        "Le ministère de la Santé a confirmé jeudi 14 cas de grippe aviaire dans la région. "
        "« La situation est sous contrôle », a déclaré la ministre Claire Audin, selon qui "
        "plus de 2 000 volailles ont été abattues par précaution."
    ).encode()
    db = tmp_path / "stdin.db"
    done = cli("run", "-", "--db", str(db), stdin=text)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().strip() == str(db)
    data = json.loads(cli("export", "--db", str(db)).stdout)
    assert [d["source"] for d in data["documents"]] == ["<stdin>"]
    info = json.loads(cli("info").stdout)
    assert info["models"]["fr_core_news_md"]["installed"] is True


def test_eval_help_names_every_suite() -> None:
    from recoupe.evaluate import SUITES

    result = cli("eval", "--help")
    assert result.returncode == 0, result.stderr
    shown = " ".join(result.stdout.decode().split())  # the help is wrapped to the terminal
    assert [s for s in SUITES if s not in shown] == []
