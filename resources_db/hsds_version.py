"""Which HSDS version a tabular data package is written in: 1.1, 2.0 or 3.0.

The package's tables and columns decide, because datapackage.json's `version` is the version
of the data by the Frictionless rules (the HSDS 1.1 template says "1.0"), and its `profile` is
the same in 2.0 and 3.0. `version` only settles what the tables leave open. Every answer comes
with its reason, which the import summary prints.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional

from resources_db.errors import DataFileError
from resources_db.hsds_format import read_json

VERSIONS = ("1.1", "2.0", "3.0")

# (resource name, default file, column or None for "the table is there"). A mark without a
# resource name is found by its file only: 1.1's "taxonomy" is another table than 3.0's.
_NEWER = (  # only in 3.0
    ("address", "addresses.csv", None),
    ("attribute", "attributes.csv", None),
    (None, "taxonomies.csv", None),
    ("organization", "organizations.csv", "website"),
    ("language", "languages.csv", "code"),
    ("service_area", "service_areas.csv", "name"),
)
_OLDER = (  # in 1.1 and 2.0, gone in 3.0
    ("physical_address", "physical_addresses.csv", None),
    ("postal_address", "postal_addresses.csv", None),
    ("organization", "organizations.csv", "url"),
    ("language", "languages.csv", "language"),
    ("service_area", "service_areas.csv", "service_area"),
    ("phone", "phones.csv", "language"),
)
_ONLY_1_1 = (
    ("regular_schedule", "regular_schedules.csv", None),
    ("holiday_schedule", "holiday_schedules.csv", None),
    ("service_taxonomy", "services_taxonomy.csv", None),
    (None, "taxonomy.csv", None),
)
_ONLY_2_0 = (  # among the older ones (3.0 has schedules.csv too)
    ("schedule", "schedules.csv", None),
    ("service_attribute", "service_attributes.csv", None),
    ("other_attribute", "other_attributes.csv", None),
    ("taxonomy_term", "taxonomy_terms.csv", "term"),
)


@dataclass(frozen=True)
class Detected:
    version: str
    reason: str


def detect_version(folder: Path) -> Detected:
    """The HSDS version of the tabular package in `folder` (which holds datapackage.json)."""
    package = read_json(folder / "datapackage.json")
    paths = resource_paths(package)
    declared = _declared(package)
    said = f"datapackage.json says version {package.get('version')}" if declared else ""

    def found(marks) -> List[str]:
        return [_mark(file, column) for name, file, column in marks if _has(folder / paths.get(name, file), column)]

    newer = found(_NEWER)
    older = found(_OLDER) + found(_ONLY_1_1) + found(_ONLY_2_0[1:])  # 3.0 has schedules.csv too
    if newer and older:
        if declared:
            return Detected(declared, f"it mixes 3.0 ({newer[0]}) and older ({older[0]}) tables; {said}")
        raise DataFileError(
            f"{folder.name}: mixes HSDS 3.0 ({', '.join(newer)}) and older ({', '.join(older)}) tables; "
            "say which it is with --hsds-version"
        )
    if not older:
        if newer:
            return Detected("3.0", f"it has {', '.join(newer[:2])}")
        return Detected(declared or "3.0", said or "no table or column of HSDS 1.1 or 2.0 in it")
    only_1_1, only_2_0 = found(_ONLY_1_1), found(_ONLY_2_0)
    if only_1_1 and not only_2_0:
        return Detected("1.1", f"it has {', '.join(only_1_1[:2])}")
    if only_2_0 and not only_1_1:
        return Detected("2.0", f"it has {', '.join(only_2_0[:2])}")
    if declared in ("1.1", "2.0"):
        return Detected(declared, f"it has {older[0]}; {said}")
    if only_1_1:
        raise DataFileError(
            f"{folder.name}: has HSDS 1.1 ({', '.join(only_1_1)}) and 2.0 ({', '.join(only_2_0)}) tables; "
            "say which it is with --hsds-version"
        )
    # Only tables that 1.1 and 2.0 share, which both read the same way.
    return Detected("1.1", f"it has {older[0]} and no table that differs between 1.1 and 2.0")


def resource_paths(package: Any) -> Dict[str, str]:
    """Resource name -> its file, as datapackage.json gives them."""
    resources = package.get("resources", []) if isinstance(package, dict) else []
    return {r["name"]: r["path"] for r in resources if isinstance(r, dict) and isinstance(r.get("name"), str) and isinstance(r.get("path"), str)}


def _declared(package: Any) -> Optional[str]:
    """datapackage.json's `version` as an HSDS version, if it looks like one."""
    version = str(package.get("version") or "") if isinstance(package, dict) else ""
    return {"1": "1.1", "2": "2.0", "3": "3.0"}.get(version.split(".")[0])


def _mark(file: str, column: Optional[str]) -> str:
    return file if column is None else f"{file} column {column}"


def _has(path: Path, column: Optional[str]) -> bool:
    if not path.is_file():
        return False
    if column is None:
        return True
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        header = next(csv.reader(handle), [])
    return column in (name.strip() for name in header)
