"""Backups that restore: the drill (back up, wipe, restore, compare every table's rows and every
media file: no difference), and the refusals that keep a restore from losing anything.

Runs on the database the suite runs on: SQLite restores into the wiped test database
itself; PostgreSQL into a scratch database created and dropped here.
"""

import hashlib
import io
import json
import os
import shutil
import stat
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from PIL import Image

from appearances.models import Role
from archive.backup.databases import connect
from archive.models import Article, ArticleImage
from tests.appearances.factories import AppearanceFactory
from tests.citations.factories import FootnoteFactory, SourceFactory
from tests.factories import ArticleFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)
POSTGRES = connection.vendor == "postgresql"


def png(path, colour):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 30), colour).save(path)


@pytest.fixture
def content(settings):
    """Articles with notes citing sources, appearances with people, images in media."""
    person = PersonFactory(name="Ada Analyst")
    sources = SourceFactory.create_batch(3)
    for n in range(3):
        article = ArticleFactory(authors=[person], countries=["kz"], body="Text.[^1][^2]")
        FootnoteFactory(article=article, order=1, sources=sources[:2])
        FootnoteFactory(article=article, order=2, sources=sources[2:])
        png(Path(settings.MEDIA_ROOT) / f"articles/2021/photo-{n}.png", (40 * n, 90, 160))
        ArticleImage.objects.create(
            article=article, image=f"articles/2021/photo-{n}.png", alt_text="A view."
        )
    AppearanceFactory(people=[(person, Role.SPEAKER)], countries=["kz"])
    ArticleFactory(draft=True).move_to_trash()
    png(Path(settings.MEDIA_ROOT) / "uploads/2021/03/inline.png", (200, 10, 10))
    return settings.MEDIA_ROOT


def every_row(conn):
    """{table: sorted rows} for every table of the database behind `conn`."""
    with conn.cursor() as cursor:
        tables = sorted(conn.introspection.table_names(cursor))
        rows = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {conn.ops.quote_name(table)}")  # noqa: S608
            rows[table] = sorted(map(repr, cursor.fetchall()))
    return rows


def every_file(root):
    root = Path(root)
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def backup(tmp_path):
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "backups"), stdout=out)
    [archive] = (tmp_path / "backups").glob("backup-*.tar.gz")
    return archive


@pytest.fixture
def scratch_database():
    """On PostgreSQL, an empty database to restore into, dropped afterwards."""
    if not POSTGRES:
        yield None
        return
    name = f"{connection.settings_dict['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    target = connect({**connection.settings_dict, "NAME": name})
    yield name, target
    target.close()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def restore(archive, scratch, *extra):
    args = ["restore", str(archive), *extra]
    if scratch:
        s = connection.settings_dict
        host = s.get("HOST") or "127.0.0.1"
        args += [
            "--database-url",
            f"postgres://{s['USER']}@{host}:{s.get('PORT') or 5432}/{scratch[0]}",
        ]
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_drill_back_up_wipe_restore_and_nothing_differs(content, tmp_path, scratch_database):
    rows_before, files_before = every_row(connection), every_file(content)
    assert files_before and rows_before["citations_footnote"]
    archive = backup(tmp_path)
    assert archive.name.startswith("backup-20") and archive.name.endswith("Z.tar.gz")

    # Wipe: the media folder, and the database (PostgreSQL: a new, empty one).
    shutil.rmtree(content)
    if scratch_database is None:
        call_command("flush", "--no-input")
        assert not Article.objects.exists()
    report = restore(archive, scratch_database)
    assert "verified" in report

    target = scratch_database[1] if scratch_database else connection
    rows_after = every_row(target)
    assert set(rows_after) == set(rows_before)
    differences = [t for t in rows_before if rows_before[t] != rows_after[t]]
    assert differences == []
    assert every_file(content) == files_before


def test_the_manifest_describes_the_backup(content, tmp_path):
    archive = backup(tmp_path)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["tables"]["archive_article"] == 4
    assert manifest["media"]["files"] == 4
    assert set(manifest["files"]) | {"manifest.json"} == names
    assert manifest["versions"]["django"] and manifest["versions"]["database"]
    if POSTGRES:
        assert int(manifest["versions"]["pg_dump"].split(".")[0]) >= 15


def test_restore_refuses_a_database_holding_content_and_changes_nothing(content, tmp_path):
    archive = backup(tmp_path)
    ArticleFactory(title="Written after the backup")
    with pytest.raises(CommandError, match="already holds content"):
        call_command("restore", str(archive))
    assert Article.objects.filter(title="Written after the backup").exists()


def test_restore_refuses_a_damaged_archive_before_touching_anything(content, tmp_path):
    archive = backup(tmp_path)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.endswith("inline.png"):
                data = data[:-1] + b"\x00"
            target.addfile(member, io.BytesIO(data))
    shutil.rmtree(content)
    call_command("flush", "--no-input") if not POSTGRES else None
    with pytest.raises(CommandError, match="damaged.*checksum"):
        call_command("restore", str(damaged), "--force")
    assert not Path(content).exists()


@pytest.mark.skipif(not POSTGRES, reason="SQLite has no password")
def test_the_database_password_is_never_on_a_command_line_nor_in_the_archive(
    content, tmp_path, monkeypatch
):
    """pg_dump is run through a stand-in on PATH that records its command line."""
    password = "never-on-a-command-line-4711"
    monkeypatch.setitem(connection.settings_dict, "PASSWORD", password)
    log = tmp_path / "argv.log"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    real = shutil.which("pg_dump")
    wrapper = bin_dir / "pg_dump"
    wrapper.write_text(f'#!/bin/sh\necho "$0 $*" >> "{log}"\nexec "{real}" "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    archive = backup(tmp_path)
    assert "--snapshot" in log.read_text()
    assert password not in log.read_text()
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            assert password.encode() not in tar.extractfile(member).read(), member.name


def test_a_restore_the_cache_did_not_hear_of_says_to_empty_it(content, tmp_path, redis):
    archive = backup(tmp_path)
    ArticleFactory(title="Written after the backup")
    redis.stop()
    with pytest.raises(CommandError, match="restored, but the cache could not be reached"):
        call_command("restore", str(archive), "--force")
    assert not Article.objects.filter(title="Written after the backup").exists()
