"""Import HSDS 1.1, 2.0 and 3.0 directories and export 3.0: check everything first, then
write all or nothing.

`import_path` reads a tabular data package (a folder with datapackage.json, or the
datapackage.json itself) of any of those versions (hsds_version tells which; older ones are
read by hsds_legacy) or a 3.0 nested JSON file, checks every row, and upserts by id in one
transaction: a re-run changes nothing, `dry_run` rolls back after counting what would change.
`export_path` writes a tabular package (a folder) or nested JSON (a .json file). Confidential
addresses and positions never leave the database (hsds_mapping.from_database).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from resources_db.engine import unit_of_work
from resources_db.errors import DatabaseUnavailable, DataFileError
from resources_db.hsds_format import Rows, read_nested, read_tabular, write_nested, write_tabular
from resources_db.hsds_legacy import read_legacy
from resources_db.hsds_mapping import MODELS, from_database, to_models
from resources_db.hsds_version import Detected, detect_version
from resources_db.taxonomy import ensure_taxonomy


@dataclass
class Package:
    """What a file holds, as HSDS 3.0 rows, and what reading it had to say."""

    rows: Rows
    version: str = "3.0"
    reason: str = ""
    not_mapped: List[str] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)
    problems: List[str] = field(default_factory=list)


@dataclass
class ImportSummary:
    new: Dict[str, int] = field(default_factory=dict)
    updated: Dict[str, int] = field(default_factory=dict)
    warnings: List[str] = field(default_factory=list)
    dry_run: bool = False
    version: str = "3.0"
    reason: str = ""
    not_mapped: List[str] = field(default_factory=list)

    def lines(self) -> List[str]:
        verb = "would be" if self.dry_run else "were"
        lines = [f"HSDS {self.version}" + (f" ({self.reason})" if self.reason else "")]
        lines += [
            f"{table}: {self.new.get(table, 0)} new, {self.updated.get(table, 0)} already there ({verb} written)"
            for table in MODELS
            if self.new.get(table) or self.updated.get(table)
        ]
        lines += [f"not mapped: {note}" for note in self.not_mapped]
        return lines + [f"warning: {warning}" for warning in self.warnings]


def read_path(path: Path) -> Rows:
    """Rows from a tabular package (folder or its datapackage.json) or a nested JSON file."""
    if path.is_dir():
        return read_tabular(path)
    if path.name == "datapackage.json":
        return read_tabular(path.parent)
    if path.suffix.lower() == ".json":
        return read_nested(path)
    raise DataFileError(f"{path.name}: expected a folder with datapackage.json, or a .json file")


def read_package(path: Path, version: Optional[str] = None, weekday_one: Optional[str] = None) -> Package:
    """Rows from `path` in the HSDS `version` given, or the one its tables show (tabular only)."""
    folder = path if path.is_dir() else path.parent if path.name == "datapackage.json" else None
    if folder is None:
        if version not in (None, "3.0"):
            raise DataFileError(f"{path.name}: HSDS {version} is read from a tabular package (a folder with datapackage.json)")
        return Package(read_path(path), "3.0", "nested JSON")
    detected = Detected(version, "as asked with --hsds-version") if version else detect_version(folder)
    if detected.version == "3.0":
        return Package(read_tabular(folder), "3.0", f"tabular package: {detected.reason}")
    legacy = read_legacy(folder, detected.version, weekday_one)
    reason = f"tabular package: {detected.reason}; read as HSDS 3.0 where the mapping is clear"
    return Package(legacy.rows, detected.version, reason, legacy.not_mapped, legacy.warnings, legacy.problems)


def import_path(
    factory: sessionmaker,
    path: Path,
    dry_run: bool = False,
    progress: bool = False,
    default_category: str = "other",
    hsds_version: Optional[str] = None,
    weekday_one: Optional[str] = None,
) -> ImportSummary:
    """Check `path` in full, then upsert it atomically. Raises DataFileError listing every problem."""
    package = read_package(path, hsds_version, weekday_one)
    rows = package.rows
    summary = ImportSummary(dry_run=dry_run, version=package.version, reason=package.reason, not_mapped=package.not_mapped)
    try:
        with unit_of_work(factory, commit=not dry_run) as session:
            existing = _existing_ids(session, rows)
            mapped = to_models(rows, lambda table, row_id: row_id in existing[table], default_category)
            problems = package.problems + mapped.problems
            if problems:
                raise DataFileError("\n".join(problems))
            summary.warnings = package.warnings + mapped.warnings
            ensure_taxonomy(session)
            _write(session, mapped.objects, existing, summary, progress)
    except IntegrityError as error:
        raise DataFileError(f"{path.name}: the database refused the data ({type(error.orig).__name__}); nothing was written") from error
    except SQLAlchemyError as error:
        raise DatabaseUnavailable(f"import failed: {type(error).__name__}") from error
    return summary


def _existing_ids(session, rows: Rows) -> Dict[str, set]:
    existing: Dict[str, set] = {}
    for table, model in MODELS.items():
        wanted = [row["id"] for row in rows.tables[table] if row.get("id")]
        found: set = set()
        for start in range(0, len(wanted), 500):
            found |= set(session.scalars(select(model.id).where(model.id.in_(wanted[start : start + 500]))))
        existing[table] = found
    return existing


def _write(session, objects, existing, summary: ImportSummary, progress: bool) -> None:
    """New rows are added and inserted in batches; rows already there are loaded in chunks
    first, so that merging them needs no query of its own (one query and one flush a row made
    a large import take minutes)."""
    from tqdm import tqdm

    total = sum(len(items) for items in objects.values())
    with tqdm(total=total, disable=not progress, unit="row", desc="importing") as bar, session.no_autoflush:
        for table, model in MODELS.items():
            items = objects.get(table, ())
            there = [obj.id for obj in items if obj.id in existing[table]]
            loaded = []  # held: the session only keeps weak references
            for start in range(0, len(there), 500):
                loaded += session.scalars(select(model).where(model.id.in_(there[start : start + 500]))).all()
            for obj in items:
                if obj.id in existing[table]:
                    summary.updated[table] = summary.updated.get(table, 0) + 1
                    session.merge(obj)
                else:
                    summary.new[table] = summary.new.get(table, 0) + 1
                    session.add(obj)
                bar.update(1)
            session.flush()


def export_rows(factory: sessionmaker) -> Rows:
    try:
        with unit_of_work(factory) as session:
            return from_database(session)
    except SQLAlchemyError as error:
        raise DatabaseUnavailable(f"export failed: {type(error).__name__}") from error


def export_path(factory: sessionmaker, path: Path) -> Rows:
    """Nested JSON when `path` ends in .json, otherwise a tabular package in folder `path`."""
    rows = export_rows(factory)
    if path.suffix.lower() == ".json":
        write_nested(rows, path)
    else:
        write_tabular(rows, path)
    return rows
