"""resources-db: create, fill and query the resource database from the command line.

Every command works on the same database `make run` uses (var/resources.db) unless
RESOURCES_DB_URL or --db says otherwise. Exit codes: 0 success, 1 bad data or query,
2 usage error, 3 database unreachable.
"""

from __future__ import annotations

import argparse
import sys
from typing import List, Optional

from resources_db.bundled import SAMPLE_DIRECTORY, load_directory_file
from resources_db.engine import create_schema, make_engine, session_factory
from resources_db.errors import DatabaseUnavailable, ResourceDbError
from resources_db.models import CATEGORIES
from resources_db.records import Point
from resources_db.repository import ServiceRepository
from resources_db.settings import DbSettings

EXIT_BAD_INPUT = 1
EXIT_UNAVAILABLE = 3


def cmd_init(args: argparse.Namespace, settings: DbSettings) -> int:
    """Create the tables and load the bundled data.

    Example: resources-db init            (tables + fictional sample directory)
             resources-db init --no-sample  (tables only, for production)
    """
    engine = make_engine(settings)
    create_schema(engine)
    if args.sample:
        summary = load_directory_file(session_factory(engine), SAMPLE_DIRECTORY)
        print(
            f"Loaded the fictional sample directory: {summary.organizations} organizations, "
            f"{summary.services} services, {summary.locations} locations."
        )
    print(f"Database ready: {engine.url.render_as_string(hide_password=True)}")
    return 0


def cmd_search(args: argparse.Namespace, settings: DbSettings) -> int:
    """Search as the assistant does.

    Example: resources-db search --category shelter --lat 51.5 --lon -0.12 --limit 3
    """
    repository = ServiceRepository(session_factory(make_engine(settings)))
    near = Point(args.lat, args.lon) if args.lat is not None and args.lon is not None else None
    if (args.lat is None) != (args.lon is None):
        print("error: give both --lat and --lon, or neither", file=sys.stderr)
        return EXIT_BAD_INPUT
    records = repository.search(category=args.category, near=near, country_code=args.country, limit=args.limit)
    for record in records:
        distance = "area-wide" if record.distance_km is None else f"{record.distance_km} km"
        phones = ", ".join(p.number for p in record.phones)
        print(f"{record.name} | {record.organization} | {phones} | {record.hours or '-'} | {distance}")
    print(f"{len(records)} result(s)")
    return 0


def cmd_stats(args: argparse.Namespace, settings: DbSettings) -> int:
    """Count what the database holds.

    Example: resources-db stats
    """
    repository = ServiceRepository(session_factory(make_engine(settings)))
    print(f"services: {repository.count_services()}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="resources-db", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="database URL (default: RESOURCES_DB_URL or var/resources.db)")
    commands = parser.add_subparsers(dest="command", required=True)

    init = commands.add_parser("init", help="create tables and load bundled data", description=cmd_init.__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    init.add_argument("--sample", dest="sample", action="store_true", default=True, help="load the fictional sample directory (default)")
    init.add_argument("--no-sample", dest="sample", action="store_false", help="do not load the sample directory")
    init.set_defaults(handler=cmd_init)

    search = commands.add_parser("search", help="find services", description=cmd_search.__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    search.add_argument("--category", choices=CATEGORIES, help="kind of help (default: any)")
    search.add_argument("--lat", type=float, help="latitude of the search centre")
    search.add_argument("--lon", type=float, help="longitude of the search centre")
    search.add_argument("--country", help="two-letter country code for area-wide services")
    search.add_argument("--limit", type=int, default=3, help="how many results (default 3)")
    search.set_defaults(handler=cmd_search)

    stats = commands.add_parser("stats", help="count listings", description=cmd_stats.__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    stats.set_defaults(handler=cmd_stats)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    settings = DbSettings.from_env()
    if args.db:
        settings = DbSettings(url=args.db, pool_size=settings.pool_size, max_overflow=settings.max_overflow)
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
