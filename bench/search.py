"""Benchmark: filtered nearest-10 search over generated listings, on SQLite and PostgreSQL.

Prints numbers; it is not a test. For each engine it generates N synthetic listings (default
1,000,000: dense clusters around 50 cities, a sparse sprinkle over the continents, nothing in
the Southern Ocean), then times ServiceRepository.search(category="shelter", languages=["uk"],
eligibility=["no_id_needed"], limit=10) and the category alone, from dense, sparse and empty
areas (p50/p95), and the filtered query as a full scan (no bounding box, distances for every
match in Python). The search table (service_search) is filled from the generated rows the way
migration 0003 fills it for an existing database, and that is timed on its own. The machine's
load average is printed with each engine's numbers: other work on the same cores shows up in
p95, and a run on a busy machine says so.
Finally it times gazetteer lookups per second.

    .venv/bin/python -m bench.search                       # 1,000,000 listings, both engines
    .venv/bin/python -m bench.search --listings 20000 --engines sqlite

SQLite goes to var/bench/search.db; PostgreSQL to a schema `bench_search` in
BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/test), dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from pathlib import Path
from typing import Callable, Dict, List

from sqlalchemy import and_, create_engine, exists, func, insert, or_, select, text

from resources_db.engine import create_schema, make_engine, session_factory, unit_of_work
from resources_db.geo import haversine_km
from resources_db.models import (
    CATEGORIES,
    Attribute,
    Language,
    Location,
    Organization,
    Phone,
    Service,
    ServiceAtLocation,
)
from resources_db.records import Point
from resources_db.repository import ServiceRepository
from resources_db.search_index import rebuild
from resources_db.settings import PROJECT_ROOT, DbSettings
from resources_db.taxonomy import ensure_taxonomy, eligibility_term

POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
SCHEMA = "bench_search"
BATCH = 20_000
# Two filters: one category (a fifth of all listings), and that category plus a language and
# an eligibility tag (about 3% of listings: ten results need about 400 candidates).
PROFILES = {
    "shelter": dict(category="shelter", limit=10),
    "shelter+uk+no_id": dict(category="shelter", languages=["uk"], eligibility=["no_id_needed"], limit=10),
}


def _cities(rng: random.Random) -> List[Point]:
    return [Point(rng.uniform(-35, 60), rng.uniform(-120, 140)) for _ in range(50)]


def _position(rng: random.Random, cities: List[Point], dense_share: float = 0.6) -> Point:
    if rng.random() < dense_share:
        city = rng.choice(cities)
        return Point(
            max(-89.9, min(89.9, rng.gauss(city.latitude, 0.3))), max(-179.9, min(179.9, rng.gauss(city.longitude, 0.3)))
        )
    return Point(rng.uniform(-45, 65), rng.uniform(-125, 150))


def generate(engine, listings: int, seed: int = 7) -> float:
    """Bulk-insert `listings` services, each at its own location; returns seconds taken
    (the search table is filled afterwards by index_listings, timed on its own)."""
    rng = random.Random(seed)
    cities = _cities(rng)
    started = time.perf_counter()
    factory = session_factory(engine)
    with unit_of_work(factory) as session:
        ensure_taxonomy(session)
    organizations = max(1, listings // 1000)
    with engine.begin() as connection:
        connection.execute(
            insert(Organization.__table__),
            [{"id": f"o{n}", "name": f"Organization {n}", "is_sample": False} for n in range(organizations)],
        )
    for start in range(0, listings, BATCH):
        rows: Dict[str, list] = {name: [] for name in ("service", "location", "sal", "phone", "language", "attribute")}
        for n in range(start, min(listings, start + BATCH)):
            point = _position(rng, cities)
            rows["location"].append({"id": f"l{n}", "organization_id": f"o{n % organizations}", "location_type": "physical", "latitude": point.latitude, "longitude": point.longitude, "is_confidential": False, "country_code": "ZZ", "timezone": "UTC"})
            rows["service"].append({"id": f"s{n}", "organization_id": f"o{n % organizations}", "name": f"Service {n}", "category": CATEGORIES[n % len(CATEGORIES)], "status": "active"})
            rows["sal"].append({"id": f"s{n}@l{n}", "service_id": f"s{n}", "location_id": f"l{n}"})
            rows["phone"].append({"id": f"p{n}", "service_id": f"s{n}", "number": "+44 20 7946 0000", "type": "voice", "position": 1})
            if rng.random() < 0.1:
                rows["language"].append({"id": f"h{n}", "service_id": None, "phone_id": f"p{n}", "code": rng.choice(("uk", "ro", "vi"))})
            if rng.random() < 0.3:
                rows["language"].append({"id": f"g{n}", "service_id": f"s{n}", "phone_id": None, "code": "uk"})
            if rng.random() < 0.4:
                rows["attribute"].append({"id": f"a{n}", "link_id": f"s{n}", "link_entity": "service", "taxonomy_term_id": eligibility_term("no_id_needed")})
        with engine.begin() as connection:
            for table, key in ((Location, "location"), (Service, "service"), (ServiceAtLocation, "sal"), (Phone, "phone"), (Language, "language"), (Attribute, "attribute")):
                if rows[key]:
                    connection.execute(insert(table.__table__), rows[key])
        print(f"  generated {min(listings, start + BATCH):>9,} listings", end="\r", flush=True)
    print()
    return time.perf_counter() - started


def index_listings(engine) -> float:
    """Fill the search table from the generated rows (Core inserts bypass the ORM events that
    keep it in step), as migration 0003 does for an existing database; returns seconds."""
    started = time.perf_counter()
    with engine.begin() as connection:
        rebuild(connection)
    if engine.dialect.name == "postgresql":
        # autovacuum would do this within minutes; SQLite deployments never run ANALYZE.
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    return time.perf_counter() - started


def _timed(call: Callable[[], object], runs: int) -> List[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _p(times: List[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def full_scan(factory, near: Point) -> list:
    """The same filtered search without the index: one query over every shelter with the
    filters, distances for every match in Python."""
    spoken = or_(
        exists().where(and_(Language.service_id == Service.id, func.lower(Language.code).in_(["uk", "ukr"]))),
        exists().where(and_(Language.phone_id == Phone.id, Phone.service_id == Service.id, func.lower(Language.code).in_(["uk", "ukr"]))),
    )
    no_id = exists().where(and_(Attribute.link_id == Service.id, Attribute.taxonomy_term_id == eligibility_term("no_id_needed")))
    query = (
        select(Service.id, Location.latitude, Location.longitude)
        .join(ServiceAtLocation, ServiceAtLocation.service_id == Service.id)
        .join(Location, ServiceAtLocation.location_id == Location.id)
        .where(Service.category == "shelter", Service.status == "active", spoken, no_id)
    )
    with unit_of_work(factory) as session:
        rows = session.execute(query).all()
    return sorted(rows, key=lambda r: haversine_km(near, Point(r.latitude, r.longitude)))[:10]


def measure(engine, queries: int, scans: int, seed: int = 11) -> Dict[str, List[float]]:
    rng = random.Random(seed)
    cities = _cities(random.Random(7))
    repository = ServiceRepository(session_factory(engine))
    areas = {
        "dense": [Point(rng.gauss(c.latitude, 0.1), rng.gauss(c.longitude, 0.1)) for c in (rng.choice(cities) for _ in range(queries))],
        "sparse": [Point(rng.uniform(-40, 60), rng.uniform(-120, 145)) for _ in range(queries)],
        "empty": [Point(rng.uniform(-62, -56), rng.uniform(-170, 170)) for _ in range(queries)],
    }
    for point in areas["dense"][:5]:
        repository.search(near=point, **PROFILES["shelter"])  # warm the cache
    results = {}
    for profile, filters in PROFILES.items():
        for area, points in areas.items():
            found = []
            times = []
            for point in points:
                started = time.perf_counter()
                found.append(len(repository.search(near=point, **filters)))
                times.append((time.perf_counter() - started) * 1000)
            results[f"{profile} {area}"] = times
            results[f"{profile} {area} results"] = [float(statistics.mean(found))]
    factory = session_factory(engine)
    results["full scan"] = [t for point in areas["dense"][:scans] for t in _timed(lambda: full_scan(factory, point), 1)]
    return results


def gazetteer_rate() -> Dict[str, float]:
    from resources_db.gazetteer import get_gazetteer

    started = time.perf_counter()
    gazetteer = get_gazetteer()
    built = time.perf_counter() - started
    known = ["London", "i'm in new york now", "Київ", "Kiev", "Lyon", "near Leeds", "Sao Paulo", "Ukraine"]
    mixed = known + ["w Krakowie", "в Киеве", "у Львові", "qwxzzy", "yes", "Manchestr"]
    rates = {"build seconds": built}
    for name, texts in (("known names", known), ("mixed", mixed)):
        runs = 20_000
        started = time.perf_counter()
        for n in range(runs):
            gazetteer.resolve(texts[n % len(texts)])
        rates[name] = runs / (time.perf_counter() - started)
    return rates


def run_engine(name: str, listings: int, queries: int, scans: int, keep: bool = False) -> None:
    if name == "sqlite":
        path = PROJECT_ROOT / "var" / "bench" / "search.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        settings = DbSettings(url=f"sqlite:///{path}")
        admin = None
    else:
        admin = create_engine(POSTGRES_URL, future=True)
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
        settings = DbSettings(url=f"{POSTGRES_URL}?options=-csearch_path%3D{SCHEMA}")
    engine = make_engine(settings)
    try:
        create_schema(engine)
        print(f"{name}: generating {listings:,} listings")
        seconds = generate(engine, listings)
        print(f"{name}: generation took {seconds:.0f} s")
        print(f"{name}: filling the search table took {index_listings(engine):.0f} s")
        results = measure(engine, queries, scans)
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"{name}: load average while measuring (1, 5, 15 min): {load} on {os.cpu_count()} cores")
        labels = [f"{profile} {area}" for profile in PROFILES for area in ("dense", "sparse", "empty")] + ["full scan"]
        for label in labels:
            times = results[label]
            found = results.get(f"{label} results", [0.0])[0]
            extra = f", {found:.1f} results on average" if label != "full scan" else " of shelter+uk+no_id"
            print(f"{name}: {label:<24} p50 {_p(times, 0.5):8.2f} ms  p95 {_p(times, 0.95):8.2f} ms  ({len(times)} queries{extra})")
    finally:
        engine.dispose()
        if admin is not None and not keep:
            with admin.begin() as connection:
                connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
            admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listings", type=int, default=1_000_000)
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--queries", type=int, default=200, help="timed searches per filter and area type")
    parser.add_argument("--scans", type=int, default=5, help="timed full scans")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL schema for inspection")
    args = parser.parse_args()
    for name in args.engines.split(","):
        run_engine(name.strip(), args.listings, args.queries, args.scans, args.keep)
    rate = gazetteer_rate()
    print(
        f"gazetteer: built in {rate['build seconds']:.1f} s; {rate['known names']:,.0f} lookups/s of known names, "
        f"{rate['mixed']:,.0f} lookups/s mixed with inflections, typos and misses"
    )


if __name__ == "__main__":
    main()
