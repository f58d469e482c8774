"""Our own small open taxonomy (categories, eligibility tags, extension fields) as HSDS terms.

The 211/AIRS taxonomy is proprietary, so we publish ours. `ensure_taxonomy` writes the terms
(idempotent) before anything links to them; exports list them so other systems can read ours.
"""

from __future__ import annotations

from typing import Dict, List, Tuple

from sqlalchemy.orm import Session

from resources_db.models import (
    CATEGORIES,
    CATEGORY_TERM_PREFIX,
    ELIGIBILITY_TAGS,
    ELIGIBILITY_TERM_PREFIX,
    TAXONOMY_ID,
    Taxonomy,
    TaxonomyTerm,
)

TAXONOMY_NAME = "Survivor resource finder"
TAXONOMY_URI = "https://github.com/survivor-resource-finder/taxonomy"
_LABELS: Dict[str, str] = {
    "shelter": "A safe place to stay",
    "legal_aid": "Legal help",
    "hotline": "Someone to talk to (helplines)",
    "medical": "Medical care",
    "counselling": "Counselling and emotional support",
    "food_clothes": "Food and clothes",
    "children": "Help for children",
    "documents": "Getting identity documents back",
    "other": "Other help",
    "no_id_needed": "No identity document needed",
    "no_police_contact": "Will not contact police or immigration",
    "women_only": "Women only",
    "serves_men": "Serves men and boys",
    "lgbtq_friendly": "LGBTQ+ welcoming",
    "serves_children": "Serves children",
}


# Our fields that HSDS has no column for travel as attributes with these terms (value = field).
EXTENSION_TERMS: Dict[str, str] = {
    "is_sample": "srf-ext-sample",
    "source": "srf-ext-source",
    "verification_status": "srf-ext-verification-status",
    "city": "srf-ext-city",
    "country_code": "srf-ext-country",
    "timezone": "srf-ext-timezone",
    "is_confidential": "srf-ext-confidential",
    "capacity_available": "srf-ext-capacity-available",
    "capacity_maximum": "srf-ext-capacity-maximum",
}


def category_term(category: str) -> str:
    return CATEGORY_TERM_PREFIX + category


def eligibility_term(tag: str) -> str:
    return ELIGIBILITY_TERM_PREFIX + tag


def our_terms() -> List[Tuple[str, str, str]]:
    """(term id, code, name) of every term we define."""
    terms = [(category_term(c), c, _LABELS[c]) for c in CATEGORIES]
    terms += [(term, field, f"Survivor resource finder field: {field}") for field, term in EXTENSION_TERMS.items()]
    return terms + [(eligibility_term(t), t, _LABELS[t]) for t in ELIGIBILITY_TAGS]


def ensure_taxonomy(session: Session) -> None:
    session.merge(Taxonomy(id=TAXONOMY_ID, name=TAXONOMY_NAME, description="Open categories and eligibility tags for anti-trafficking services", uri=TAXONOMY_URI, version="1"))
    for term_id, code, name in our_terms():
        session.merge(
            TaxonomyTerm(id=term_id, code=code, name=name, description=name, taxonomy=TAXONOMY_NAME, taxonomy_id=TAXONOMY_ID, language="en")
        )
    session.flush()
