"""Paths to the real HSDS files in ../shared/fixtures/hsds (never copied into this repository),
and checks against the official HSDS 3.0 JSON Schemas there."""

import json
import shutil
from pathlib import Path

import jsonschema

ROOT = Path(__file__).resolve().parents[2]
HSDS = ROOT.parent / "shared" / "fixtures" / "hsds"
EXAMPLES = HSDS / "hsds3_spec_examples"
SCHEMAS = HSDS / "hsds3_spec_schema"
HSDS_1_1 = HSDS / "hsds1_1_sample_datapackage"

# The 1.1 sample's numbers have no country code and nothing in it says the country (the only
# address belongs to a location without a position), and several are too long for any country.
# Fictional US numbers (555-01xx) in their place, keeping the sample's area codes.
VALID_1_1_PHONES = {
    "(0123) 4567 8900": "+1 212 555 0100",
    "(223) 346 12361": "+1 223 555 0161",
    "(223) 4567 12534": "+1 223 555 0134",
    "(773) 2351 2461": "+1 773 555 0161",
}


def with_valid_coordinates(tmp_path: Path, name: str) -> Path:
    """A temporary copy of an official example with its impossible latitude 100 / longitude 101
    replaced by a real place, so the rest of the example can be imported and compared."""
    source = EXAMPLES / name
    target = tmp_path / name
    if source.is_dir():
        shutil.copytree(source, target)
        locations = target / "locations.csv"
        locations.write_text(locations.read_text(encoding="utf-8").replace(",100,101,", ",51.5,-0.1,"), encoding="utf-8")
    else:
        text = source.read_text(encoding="utf-8")
        text = text.replace('"latitude": 100', '"latitude": 51.5').replace('"longitude": 101', '"longitude": -0.1')
        target.write_text(text, encoding="utf-8")
    return target


def hsds_1_1_with_valid_phones(tmp_path: Path) -> Path:
    """A temporary copy of the HSDS 1.1 sample with VALID_1_1_PHONES in place of its numbers."""
    target = tmp_path / HSDS_1_1.name
    shutil.copytree(HSDS_1_1, target)
    phones = target / "phones.csv"
    text = phones.read_text(encoding="utf-8")
    for old, new in VALID_1_1_PHONES.items():
        text = text.replace(old, new)
    phones.write_text(text, encoding="utf-8")
    return target


def validator(schema_path: Path) -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    resolver = jsonschema.RefResolver(base_uri=f"{SCHEMAS.as_uri()}/", referrer=schema)
    return jsonschema.Draft202012Validator(schema, resolver=resolver)


def schema_errors(tables) -> list:
    """Every row of an export (Rows.tables) checked against its table's official schema."""
    errors = []
    for table, rows in tables.items():
        check = validator(SCHEMAS / f"{table}.json")
        for row in rows:
            clean = {k: v for k, v in row.items() if v is not None and k != "where"}
            errors += [f"{table} {row['id']}: {e.message}" for e in check.iter_errors(clean)]
    return errors
