"""Backups that restore: the database and the uploaded media in one dated archive.

`create()` writes `backup-<UTC date and time>.tar.gz` holding the database (see
`databases`), every file under MEDIA_ROOT, and `manifest.json`: versions, the rows of
every table, the migrations applied, and the size and SHA-256 of every file. No
address, user name or password of the database goes into it. `restore()` checks every
checksum before touching anything, refuses a database that holds content (unless
forced), loads the database, checks its row counts against the manifest, then writes
the media files and checks them again.
"""

import hashlib
import io
import json
import os
import platform
import shutil
import tarfile
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import django
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import CommandError
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from ..cache import content_changed
from ..cache_backend import ChangeNotAnnounced
from . import databases

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
CHUNK = 1024 * 1024


class _Hashing:
    """A file read through while its SHA-256 is computed (tarfile reads it once)."""

    def __init__(self, file):
        self.file, self.digest = file, hashlib.sha256()

    def read(self, size=-1):
        data = self.file.read(size)
        self.digest.update(data)
        return data


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _project_version():
    try:
        return version("commentary-archive")
    except PackageNotFoundError:
        return "unknown"


def _migrations(connection):
    applied = MigrationLoader(connection, ignore_no_migrations=True).applied_migrations
    return sorted(f"{app}.{name}" for app, name in applied)


def _archive_path(output_dir, now):
    stem = f"backup-{now:%Y-%m-%dT%H%M}Z"
    path, n = output_dir / f"{stem}.tar.gz", 2
    while path.exists():
        path, n = output_dir / f"{stem}-{n}.tar.gz", n + 1
    return path


def media_files(root):
    """Every regular file under `root`, as (path, name in the archive), in a stable order."""
    root = Path(root)
    if not root.is_dir():
        return []
    files = []
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                files.append((path, f"{MEDIA}/{path.relative_to(root).as_posix()}"))
    return files


def create(connection, output_dir, media_root=None):
    """Write the archive into `output_dir`; returns (its path, the manifest)."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    engine = databases.for_connection(connection)
    now = timezone.now()
    path = _archive_path(output_dir, now)
    partial = path.with_name(path.name + ".partial")
    files = {}
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / engine.dump_name
        counts, versions = engine.dump(dump)
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(dump, engine.dump_name)
            files[engine.dump_name] = {"sha256": sha256_of(dump), "bytes": dump.stat().st_size}
            for file_path, name in media_files(media_root):
                info = archive.gettarinfo(file_path, name)
                with open(file_path, "rb") as file:
                    reader = _Hashing(file)
                    archive.addfile(info, reader)
                files[name] = {"sha256": reader.digest.hexdigest(), "bytes": info.size}
            manifest = {
                "format": FORMAT,
                "created": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "versions": {
                    "site": _project_version(),
                    "python": platform.python_version(),
                    "django": django.get_version(),
                    **versions,
                },
                "database": {
                    "vendor": engine.vendor,
                    "file": engine.dump_name,
                    "tables": counts,
                    "migrations": _migrations(connection),
                },
                "media": {
                    "files": len(files) - 1,
                    "bytes": sum(f["bytes"] for n, f in files.items() if n != engine.dump_name),
                },
                "files": files,
            }
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(now.timestamp())
            archive.addfile(info, io.BytesIO(data))
    os.replace(partial, path)
    return path, manifest


def read(path, scratch):
    """Unpack the archive at `path` into `scratch` and check it: the manifest, with every
    file present and matching its checksum. Nothing is written anywhere else."""
    path = Path(path)
    if not path.is_file():
        raise CommandError(f"There is no backup at {path}.")
    try:
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(scratch, filter="data")  # no absolute paths, links or ..
    except (tarfile.TarError, OSError, EOFError) as error:
        raise CommandError(f"{path.name} is not a readable backup archive: {error}") from None
    scratch = Path(scratch)
    try:
        manifest = json.loads((scratch / MANIFEST).read_text())
    except (OSError, ValueError):
        raise CommandError(
            f"{path.name} has no readable {MANIFEST}: not one of our backups."
        ) from None
    if manifest.get("format") != FORMAT:
        raise CommandError(
            f"{path.name} is in backup format {manifest.get('format')}, not {FORMAT}."
        )
    bad = [
        name
        for name, expected in manifest["files"].items()
        if not (scratch / name).is_file() or sha256_of(scratch / name) != expected["sha256"]
    ]
    if bad:
        raise CommandError(
            f"{path.name} is damaged: {len(bad)} file(s) missing or not matching their "
            f"checksum ({', '.join(bad[:5])}). Nothing was restored."
        )
    return manifest


def restore(connection, path, media_root=None, force=False):
    """Restore the archive at `path` into `connection`'s database and `media_root`."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    engine = databases.for_connection(connection)
    with tempfile.TemporaryDirectory() as scratch:
        manifest = read(path, scratch)
        scratch = Path(scratch)
        database = manifest["database"]
        if database["vendor"] != engine.vendor:
            raise CommandError(
                f"This backup holds a {database['vendor']} database; the target is "
                f"{engine.vendor}. Restore it into a {database['vendor']} database."
            )
        if not force:
            _refuse_content(connection, media_root, manifest, scratch)
            _refuse_newer_schema(connection, database["migrations"])
        engine.load(scratch / database["file"])
        restored = databases.table_counts(connection, sorted(database["tables"]))
        wrong = {
            t: (n, restored.get(t)) for t, n in database["tables"].items() if restored.get(t) != n
        }
        if wrong:
            raise CommandError(f"The restored database does not match the backup: {wrong}.")
        written = _write_media(scratch, manifest, media_root)
    ContentType.objects.clear_cache()
    try:
        content_changed()  # cached pages were built from the database replaced
    except ChangeNotAnnounced as error:
        raise CommandError(
            "The archive is restored, but the cache could not be reached to retire the pages "
            f"built from the database it replaced ({error}). Empty the cache (FLUSHDB on the "
            "Redis database of REDIS_URL) before the site serves again."
        ) from error
    return manifest, written


def _refuse_content(connection, media_root, manifest, scratch):
    holding = databases.tables_with_content(connection)
    if holding:
        raise CommandError(
            "The database already holds content (in "
            f"{', '.join(holding[:6])}{'…' if len(holding) > 6 else ''}). Restore into an "
            "empty database (created, or just migrated), or pass --force to replace it."
        )
    clashes = [
        name
        for name in manifest["files"]
        if name.startswith(f"{MEDIA}/")
        and (media_root / name.removeprefix(f"{MEDIA}/")).exists()
        and sha256_of(media_root / name.removeprefix(f"{MEDIA}/"))
        != manifest["files"][name]["sha256"]
    ]
    if clashes:
        raise CommandError(
            f"{len(clashes)} media file(s) exist with other content ({', '.join(clashes[:3])}); "
            "pass --force to overwrite them."
        )


def _refuse_newer_schema(connection, migrations):
    known = MigrationLoader(connection, ignore_no_migrations=True).disk_migrations
    unknown = [m for m in migrations if tuple(m.split(".", 1)) not in known]
    if unknown:
        raise CommandError(
            "This backup was made by a newer version of the site (migrations "
            f"{', '.join(unknown[:4])} are unknown here): update the code first."
        )


def _write_media(scratch, manifest, media_root):
    written = 0
    for name, expected in manifest["files"].items():
        if not name.startswith(f"{MEDIA}/"):
            continue
        target = media_root / name.removeprefix(f"{MEDIA}/")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.restoring")
        shutil.copyfile(scratch / name, partial)
        os.replace(partial, target)
        if sha256_of(target) != expected["sha256"]:
            raise CommandError(f"{target} did not match its checksum once written.")
        written += 1
    return written
