"""resources-db: create, fill, export and query the resource database from the command line.

Every command works on the same database `make run` uses (var/resources.db) unless
RESOURCES_DB_URL or --db says otherwise; a running assistant sees changes at once (it opens a
new session for every search). Run `resources-db COMMAND --help` for each command's manual.

Exit codes: 0 success, 1 bad data or bad query (the message says where), 2 usage error,
3 database unreachable.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import List, Optional

from resources_db.bundled import HOTLINES, SAMPLE_DIRECTORY, load_directory_file
from resources_db.emergency import load_emergency_numbers
from resources_db.engine import create_schema, make_engine, session_factory
from resources_db.errors import DatabaseUnavailable, InvalidQuery, ResourceDbError
from resources_db.hsds_version import VERSIONS
from resources_db.models import CATEGORIES, ELIGIBILITY_TAGS
from resources_db.records import Point, ServiceRecord
from resources_db.repository import ServiceRepository
from resources_db.settings import DbSettings

EXIT_BAD_INPUT = 1
EXIT_UNAVAILABLE = 3


def _repository(settings: DbSettings) -> ServiceRepository:
    factory = session_factory(make_engine(settings))
    return ServiceRepository(factory, stale_after_days=settings.stale_after_days)


def cmd_init(args: argparse.Namespace, settings: DbSettings) -> int:
    """Create or upgrade the tables (alembic upgrade head) and load the bundled data:
    emergency numbers per country, the real national helplines (with their sources) and,
    unless --no-sample, the clearly marked fictional sample directory. Safe to run again.

    Example: resources-db init
             resources-db init --no-sample      (production: no fictional listings)
             resources-db --db postgresql://postgres@127.0.0.1:5432/test init
    """
    engine = make_engine(settings)
    create_schema(engine)
    factory = session_factory(engine)
    print(f"Emergency numbers: {load_emergency_numbers(factory)} in total.")
    hotlines = load_directory_file(factory, HOTLINES)
    print(f"Real national helplines: {hotlines.services} (each with its source; not re-verified in this build).")
    if args.sample:
        summary = load_directory_file(factory, SAMPLE_DIRECTORY)
        print(
            f"Loaded the fictional sample directory: {summary.organizations} organizations, "
            f"{summary.services} services, {summary.locations} locations."
        )
    print(f"Database ready: {engine.url.render_as_string(hide_password=True)}")
    return 0


def cmd_import(args: argparse.Namespace, settings: DbSettings) -> int:
    """Import an HSDS directory: a tabular data package (a folder with datapackage.json and CSV
    files) in HSDS 3.0, 2.0 or 1.1, or HSDS 3.0 nested JSON (service objects, a list of them, or
    an API page). Everything is checked first; any problem is printed as
    `file:line: field: problem` and nothing is written. Rows are upserted by id, so importing
    the same file again changes nothing.

    The HSDS version of a package is told by its tables and columns (regular_schedules.csv is
    1.1, service_attributes.csv 2.0, addresses.csv 3.0...), then by datapackage.json's
    `version`; the summary says which it found and why, and --hsds-version overrides it.
    1.1 and 2.0 are read as 3.0 where the mapping is clear; the summary lists every table and
    column that is not mapped and every row left out (a location without latitude/longitude,
    with what depended on it). HSDS 1.1 does not say which day a numbered `weekday` 1 is:
    those hours are mapped only with --weekday-one.

    Example: resources-db import ./our-directory/ --dry-run
             resources-db import ./our-directory/datapackage.json
             resources-db import services.json --default-category legal_aid
             resources-db import ./hsds-1.1-export/ --weekday-one monday
             resources-db import ./old-package/ --hsds-version 2.0 --dry-run
    """
    from resources_db.hsds_io import import_path

    factory = session_factory(make_engine(settings))
    summary = import_path(
        factory,
        Path(args.path),
        dry_run=args.dry_run,
        progress=sys.stderr.isatty(),
        default_category=args.default_category,
        hsds_version=args.hsds_version,
        weekday_one=args.weekday_one,
    )
    for line in summary.lines():
        print(line)
    print("Dry run: nothing was written." if args.dry_run else "Import complete.")
    return 0


def cmd_export(args: argparse.Namespace, settings: DbSettings) -> int:
    """Export everything as HSDS 3.0: nested JSON when PATH ends in .json, otherwise a tabular
    data package written into the folder PATH. Confidential addresses and positions are never
    exported (confidential locations appear at their city-level point).

    Example: resources-db export ./export/           (CSV files + datapackage.json)
             resources-db export directory.json      (nested service objects)
    """
    from resources_db.hsds_io import export_path

    rows = export_path(session_factory(make_engine(settings)), Path(args.path))
    print(f"Exported {len(rows.tables['service'])} services ({rows.count()} rows) to {args.path}")
    return 0


def cmd_search(args: argparse.Namespace, settings: DbSettings) -> int:
    """Search as the assistant does: nearest first, then services that cover the whole country.
    Give a position with --lat/--lon, or a place name with --place (resolved offline).

    Example: resources-db search --category shelter --lat 51.5 --lon -0.12 --limit 3
             resources-db search --place "Kraków" --language uk --eligibility no_id_needed
             resources-db search --category hotline --country GB
    """
    if (args.lat is None) != (args.lon is None):
        print("error: give both --lat and --lon, or neither", file=sys.stderr)
        return EXIT_BAD_INPUT
    near = Point(args.lat, args.lon) if args.lat is not None else None
    country = args.country
    if args.place:
        from resources_db.gazetteer import get_gazetteer

        place = get_gazetteer().resolve(args.place, preferred_country=country)
        if place is None:
            raise InvalidQuery(f"no place called {args.place!r} is known")
        print(f"Place: {place.name} ({place.country_code}) at {place.point.latitude:.4f}, {place.point.longitude:.4f}")
        near, country = place.point, country or place.country_code
    records = _repository(settings).search(
        category=args.category,
        near=near,
        country_code=country,
        limit=args.limit,
        radius_km=args.radius,
        languages=args.language or (),
        eligibility=args.eligibility or (),
        open_now=args.open_now,
    )
    for record in records:
        print(_describe(record))
    print(f"{len(records)} result(s)")
    return 0


def _describe(record: ServiceRecord) -> str:
    distance = "area-wide" if record.distance_km is None else f"{record.distance_km} km"
    phones = ", ".join(p.number if p.type == "voice" else f"{p.number} ({p.type})" for p in record.phones)
    marks = [m for m, on in (("sample", record.is_sample), ("not recently verified", record.is_stale), ("confidential address", record.is_confidential)) if on]
    suffix = f" [{'; '.join(marks)}]" if marks else ""
    return f"{record.name} | {record.organization} | {phones} | {record.hours or '-'} | {distance}{suffix}"


def cmd_stale_report(args: argparse.Namespace, settings: DbSettings) -> int:
    """List active services not verified (assured_date) within --days (default: the
    RESOURCES_DB_STALE_AFTER_DAYS setting, 365), oldest first, so an NGO can re-check them.
    Exits with 0 even when some are stale: this is a report, not a check.

    Example: resources-db stale-report --days 180
    """
    if args.days is not None:
        settings = replace(settings, stale_after_days=args.days)
    records = _repository(settings).stale_services()
    for record in records:
        print(f"{record.id} | {record.name} | {record.organization} | last verified: {record.assured_date or 'never'}")
    print(f"{len(records)} stale service(s) (not verified within {settings.stale_after_days} days)")
    return 0


def cmd_stats(args: argparse.Namespace, settings: DbSettings) -> int:
    """Count what the database holds.

    Example: resources-db stats
    """
    for name, value in _repository(settings).counts().items():
        print(f"{name}: {value}")
    return 0


def _command(commands, name: str, handler, help_text: str) -> argparse.ArgumentParser:
    parser = commands.add_parser(name, help=help_text, description=handler.__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(handler=handler)
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="resources-db", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="database URL (default: RESOURCES_DB_URL or var/resources.db)")
    commands = parser.add_subparsers(dest="command", required=True)

    init = _command(commands, "init", cmd_init, "create/upgrade tables and load bundled data")
    init.add_argument("--sample", dest="sample", action="store_true", default=True, help="load the fictional sample directory (default)")
    init.add_argument("--no-sample", dest="sample", action="store_false", help="do not load the sample directory")

    imports = _command(commands, "import", cmd_import, "import an HSDS 3.0, 2.0 or 1.1 package, or 3.0 JSON")
    imports.add_argument("path", help="folder with datapackage.json, the datapackage.json itself, or a .json file")
    imports.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    imports.add_argument("--default-category", choices=CATEGORIES, default="other", help="category for services without one of ours (default: other)")
    imports.add_argument("--hsds-version", choices=VERSIONS, help="read the package as this HSDS version (default: tell from its tables)")
    imports.add_argument(
        "--weekday-one", choices=("monday", "sunday"), help="HSDS 1.1: the day a numbered weekday 1 is (monday: ISO 8601); without it those hours are not mapped"
    )

    export = _command(commands, "export", cmd_export, "export everything as HSDS 3.0")
    export.add_argument("path", help="a folder for CSV + datapackage.json, or a file ending in .json")

    search = _command(commands, "search", cmd_search, "find services")
    search.add_argument("--category", choices=CATEGORIES, help="kind of help (default: any)")
    search.add_argument("--lat", type=float, help="latitude of the search centre")
    search.add_argument("--lon", type=float, help="longitude of the search centre")
    search.add_argument("--place", help="a place name instead of --lat/--lon (resolved offline)")
    search.add_argument("--country", help="two-letter country code for area-wide services")
    search.add_argument("--radius", type=float, help="search no further than this many km (default 250)")
    search.add_argument("--language", action="append", help="ISO 639 code the service speaks (repeatable: any of them)")
    search.add_argument("--eligibility", action="append", choices=ELIGIBILITY_TAGS, help="required eligibility (repeatable: all of them)")
    search.add_argument("--open-now", action="store_true", help="leave out services whose hours say they are closed now")
    search.add_argument("--limit", type=int, default=3, help="how many results (default 3)")

    stale = _command(commands, "stale-report", cmd_stale_report, "list listings that need re-verifying")
    stale.add_argument("--days", type=int, help="stale after this many days (default: RESOURCES_DB_STALE_AFTER_DAYS or 365)")

    _command(commands, "stats", cmd_stats, "count listings")
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    settings = DbSettings.from_env()
    if args.db:
        settings = replace(settings, url=args.db)
    try:
        return args.handler(args, settings)
    except DatabaseUnavailable as error:
        print(f"error: database unavailable: {error}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    except ResourceDbError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
