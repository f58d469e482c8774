"""Tables of the resource database, named after Open Referral HSDS 3.0, plus our extensions.

HSDS tables: organization, service, location, service_at_location, address, phone (with type
and its own languages), schedule, language, service_area, taxonomy, taxonomy_term, attribute.
Our extensions, where HSDS has nothing: the service category from our own small open taxonomy
(CATEGORIES), per-location confidentiality (a confidential location's true position and
addresses never leave the database; it is shown at `public_latitude/longitude`, a city-level
point, with the phones linked to the location as its "front door" intake contact), an IANA
timezone per location, capacity, and source / verification metadata. Eligibility tags are HSDS
attributes that point at our taxonomy terms (ELIGIBILITY_TAGS). The schema itself is created
by the Alembic migrations in resources_db/migrations; this module holds definitions only:
no queries, no I/O.
"""

from __future__ import annotations

import math

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    event,
)
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()

# Our own open taxonomy of the kinds of help the assistant can look for.
CATEGORIES = (
    "shelter", "legal_aid", "hotline", "medical", "counselling", "food_clothes", "children", "documents", "other",
)
STATUSES = ("active", "inactive", "defunct", "temporarily closed")
PHONE_TYPES = ("voice", "text", "fax", "cell", "video", "pager", "textphone")
# Trafficking-relevant eligibility: what a frightened person needs to know before calling.
ELIGIBILITY_TAGS = ("no_id_needed", "no_police_contact", "women_only", "serves_men", "lgbtq_friendly", "serves_children")
# Our taxonomy in HSDS terms; the first migration creates its terms.
TAXONOMY_ID = "srf"
CATEGORY_TERM_PREFIX = "srf-category-"
ELIGIBILITY_TERM_PREFIX = "srf-eligibility-"

ID = String(128)


class Organization(Base):
    __tablename__ = "organization"

    id = Column(ID, primary_key=True)
    name = Column(Text, nullable=False)
    alternate_name = Column(Text)
    description = Column(Text)
    email = Column(Text)
    website = Column(Text)
    # Fictional demo data is flagged so that production deployments can leave it out.
    is_sample = Column(Boolean, nullable=False, default=False)
    # Where the listing came from (URL or file) and how far it was checked.
    source = Column(Text)
    verification_status = Column(Text)

    services = relationship("Service", back_populates="organization", cascade="all, delete-orphan")
    locations = relationship("Location", back_populates="organization", cascade="all, delete-orphan")


class Service(Base):
    __tablename__ = "service"

    id = Column(ID, primary_key=True)
    organization_id = Column(ID, ForeignKey("organization.id"), nullable=False, index=True)
    name = Column(Text, nullable=False)
    alternate_name = Column(Text)
    description = Column(Text)
    url = Column(Text)
    email = Column(Text)
    # Deliberately not indexed: SQLite would then plan searches from "every shelter on Earth"
    # instead of from the locations in the box (migration 0002).
    category = Column(String(32), nullable=False)
    status = Column(String(32), nullable=False, default="active")
    # Opening hours as published (HSDS schedule.description), shown as recorded.
    hours_description = Column(Text)
    eligibility_description = Column(Text)
    # HSDS assured_date: when the listing was last verified. NULL counts as stale.
    assured_date = Column(Date)
    assurer_email = Column(Text)
    # HSDS 3.1 draft service_capacity, reduced to what a caller needs.
    capacity_available = Column(Integer)
    capacity_maximum = Column(Integer)
    source = Column(Text)
    verification_status = Column(Text)

    organization = relationship("Organization", back_populates="services")
    phones = relationship("Phone", back_populates="service", cascade="all, delete-orphan", order_by="Phone.position")
    service_areas = relationship("ServiceArea", back_populates="service", cascade="all, delete-orphan")
    service_at_locations = relationship("ServiceAtLocation", back_populates="service", cascade="all, delete-orphan")
    schedules = relationship("Schedule", back_populates="service", cascade="all, delete-orphan")
    languages = relationship("Language", back_populates="service", cascade="all, delete-orphan")


LAT_CELLS_PER_DEGREE = 10


def lat_cell(latitude: float) -> int:
    """The 0.1-degree band of latitude (about 11 km) a position is in."""
    return math.floor(latitude * LAT_CELLS_PER_DEGREE)


def _lat_cell_default(context) -> int:  # type: ignore[no-untyped-def]
    return lat_cell(context.get_current_parameters()["latitude"])


class Location(Base):
    __tablename__ = "location"
    # Bounding-box search reads one narrow longitude range per latitude band, instead of every
    # longitude on Earth within the latitude range (what a (latitude, longitude) index gives).
    __table_args__ = (Index("ix_location_cell_lon", "lat_cell", "longitude"),)

    id = Column(ID, primary_key=True)
    organization_id = Column(ID, ForeignKey("organization.id"), index=True)
    location_type = Column(String(16), nullable=False, default="physical")
    name = Column(Text)
    description = Column(Text)
    # The true position: searched on, never shown when the location is confidential.
    latitude = Column(Float, nullable=False)
    longitude = Column(Float, nullable=False)
    lat_cell = Column(Integer, nullable=False, default=_lat_cell_default)
    city = Column(Text)
    country_code = Column(String(2))
    # IANA name (Europe/London): HSDS's numeric offset breaks across daylight saving.
    timezone = Column(String(64))
    is_confidential = Column(Boolean, nullable=False, default=False)
    # What a confidential location is shown as: a city-level point.
    public_latitude = Column(Float)
    public_longitude = Column(Float)

    organization = relationship("Organization", back_populates="locations")
    service_at_locations = relationship("ServiceAtLocation", back_populates="location", cascade="all, delete-orphan")
    addresses = relationship("Address", back_populates="location", cascade="all, delete-orphan")
    # For a confidential location these are its "front door": the only way in that is shown.
    phones = relationship("Phone", back_populates="location", cascade="all, delete-orphan", order_by="Phone.position")


@event.listens_for(Location, "before_update")
def _keep_lat_cell(_mapper, _connection, location: Location) -> None:  # type: ignore[no-untyped-def]
    location.lat_cell = lat_cell(location.latitude)


class Address(Base):
    __tablename__ = "address"

    id = Column(ID, primary_key=True)
    location_id = Column(ID, ForeignKey("location.id"), nullable=False, index=True)
    attention = Column(Text)
    address_1 = Column(Text, nullable=False)
    address_2 = Column(Text)
    city = Column(Text, nullable=False)
    region = Column(Text)
    state_province = Column(Text)
    postal_code = Column(Text)
    country = Column(String(2), nullable=False)
    address_type = Column(String(16), nullable=False, default="physical")

    location = relationship("Location", back_populates="addresses")


class ServiceAtLocation(Base):
    __tablename__ = "service_at_location"

    id = Column(ID, primary_key=True)
    service_id = Column(ID, ForeignKey("service.id"), nullable=False, index=True)
    location_id = Column(ID, ForeignKey("location.id"), nullable=False, index=True)
    description = Column(Text)

    service = relationship("Service", back_populates="service_at_locations")
    location = relationship("Location", back_populates="service_at_locations")


class Phone(Base):
    __tablename__ = "phone"

    id = Column(ID, primary_key=True)
    service_id = Column(ID, ForeignKey("service.id"), index=True)
    location_id = Column(ID, ForeignKey("location.id"), index=True)
    organization_id = Column(ID, ForeignKey("organization.id"), index=True)
    # Exactly as recorded by the NGO: never reformatted (safety invariant 7).
    number = Column(Text, nullable=False)
    extension = Column(Text)
    type = Column(String(16), nullable=False, default="voice")
    description = Column(Text)
    # Order in which the NGO listed its numbers (HSDS has none; ids are not ordered).
    position = Column(Integer, nullable=False, default=0)

    service = relationship("Service", back_populates="phones")
    location = relationship("Location", back_populates="phones")
    languages = relationship("Language", back_populates="phone", cascade="all, delete-orphan")


class Schedule(Base):
    """A weekly opening window (HSDS schedule, the RFC 5545 subset directories use).

    Evaluated in the timezone of the location it belongs to.
    """

    __tablename__ = "schedule"

    id = Column(ID, primary_key=True)
    service_id = Column(ID, ForeignKey("service.id"), index=True)
    location_id = Column(ID, ForeignKey("location.id"), index=True)
    service_at_location_id = Column(ID, ForeignKey("service_at_location.id"), index=True)
    freq = Column(String(16))
    byday = Column(Text)
    opens_at = Column(String(8))
    closes_at = Column(String(8))
    valid_from = Column(Date)
    valid_to = Column(Date)
    description = Column(Text)

    service = relationship("Service", back_populates="schedules")


class Language(Base):
    __tablename__ = "language"
    __table_args__ = (Index("ix_language_service_code", "service_id", "code"),)

    id = Column(ID, primary_key=True)
    service_id = Column(ID, ForeignKey("service.id"))
    location_id = Column(ID, ForeignKey("location.id"), index=True)
    phone_id = Column(ID, ForeignKey("phone.id"), index=True)
    name = Column(Text)
    # ISO 639 code as published (en, uk, ukr...); searches compare case-insensitively.
    code = Column(String(16))
    note = Column(Text)

    service = relationship("Service", back_populates="languages")
    phone = relationship("Phone", back_populates="languages")


class ServiceArea(Base):
    """A service that covers a whole country (national hotlines, online legal aid).

    `country_code` NULL means the service is available everywhere (online, international).
    """

    __tablename__ = "service_area"

    id = Column(ID, primary_key=True)
    service_id = Column(ID, ForeignKey("service.id"), nullable=False, index=True)
    country_code = Column(String(2), index=True)
    name = Column(Text)
    description = Column(Text)

    service = relationship("Service", back_populates="service_areas")


class Taxonomy(Base):
    __tablename__ = "taxonomy"

    id = Column(ID, primary_key=True)
    name = Column(Text, nullable=False)
    description = Column(Text)
    uri = Column(Text)
    version = Column(Text)


class TaxonomyTerm(Base):
    __tablename__ = "taxonomy_term"

    id = Column(ID, primary_key=True)
    code = Column(Text)
    name = Column(Text, nullable=False)
    description = Column(Text)
    parent_id = Column(ID)
    taxonomy = Column(Text)
    taxonomy_id = Column(ID)
    language = Column(String(16))
    term_uri = Column(Text)


class Attribute(Base):
    """HSDS attribute: tags any row (link_id) with a taxonomy term. Eligibility lives here."""

    __tablename__ = "attribute"
    __table_args__ = (Index("ix_attribute_link_term", "link_id", "taxonomy_term_id"),)

    id = Column(ID, primary_key=True)
    link_id = Column(ID, nullable=False)
    taxonomy_term_id = Column(ID, ForeignKey("taxonomy_term.id"), nullable=False)
    link_type = Column(Text)
    link_entity = Column(String(32), nullable=False)
    value = Column(Text)


class SearchEntry(Base):
    """One row per service at a location, with everything nearby search filters and ranks on.

    Derived data, never edited by hand: resources_db.search_index rebuilds a service's rows
    whenever a session that touched it commits (and migration 0003 filled it for existing data).
    One indexed bounding-box query on (category, lat_cell, longitude) filters category, status,
    languages and eligibility at once, so a search needs no lookups by id; the row holds all a
    result shows (organization, hours, the phones to show, schedules for "open now"). Holds the true
    position of confidential locations (searched on, never shown) next to their public point.
    There are no foreign keys: rows of a deleted service go at the same commit, not before.
    """

    __tablename__ = "service_search"
    __table_args__ = (Index("ix_service_search_box", "category", "lat_cell", "longitude"),)

    service_id = Column(ID, primary_key=True)
    location_id = Column(ID, primary_key=True)
    category = Column(String(32), nullable=False)
    status = Column(String(32), nullable=False)
    lat_cell = Column(Integer, nullable=False)
    latitude = Column(Float, nullable=False)
    longitude = Column(Float, nullable=False)
    # The true position as a point on the unit sphere: the straight-line distance between two
    # such points orders places exactly as the great-circle distance does, with arithmetic
    # any SQL engine has, so a search can ask for the nearest rows of a box first.
    unit_x = Column(Float, nullable=False)
    unit_y = Column(Float, nullable=False)
    unit_z = Column(Float, nullable=False)
    is_confidential = Column(Boolean, nullable=False)
    public_latitude = Column(Float)
    public_longitude = Column(Float)
    # The service's name and last verification: what results are ranked on after distance.
    name = Column(Text, nullable=False)
    assured_date = Column(Date)
    # What a result shows of its service and organization, so a page needs no other query.
    organization = Column(Text, nullable=False)
    is_sample = Column(Boolean, nullable=False)
    hours = Column(Text)
    capacity_available = Column(Integer)
    source = Column(Text)
    verification_status = Column(Text)
    city = Column(Text)
    country_code = Column(String(2))
    timezone = Column(String(64))
    # Packed between commas so that one LIKE tests one value: ",ro,ukr," (codes as recorded,
    # from the service and its phones; compared lower-cased) and ",no_id_needed,serves_men,".
    languages = Column(Text, nullable=False)
    eligibility = Column(Text, nullable=False)
    # The service's weekly schedule windows as JSON ("" for none): "open now" without a query.
    schedules = Column(Text, nullable=False)
    # The phones to show, as JSON [[number, type], ...] in the order listed: the service's, or
    # for a confidential location the location's own (its front door).
    phones = Column(Text, nullable=False)


class EmergencyNumber(Base):
    """A country's public emergency number, from phonenumbers' short-number metadata."""

    __tablename__ = "emergency_number"

    id = Column(Integer, primary_key=True, autoincrement=True)
    country_code = Column(String(2), nullable=False, index=True)
    number = Column(String(16), nullable=False)
    source = Column(Text, nullable=False)
