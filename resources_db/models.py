"""Tables of the resource database, named after Open Referral HSDS 3.0.

Only what the assistant needs today is modelled: organization, service, location,
service_at_location, phone and service_area (by country). Categories come from our own small
open taxonomy (see CATEGORIES). This module holds table definitions only: no queries, no I/O.
"""

from __future__ import annotations

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
)
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()

# Our own open taxonomy of the kinds of help the assistant can look for.
CATEGORIES = (
    "shelter", "legal_aid", "hotline", "medical", "counselling", "food_clothes", "children", "documents", "other",
)
STATUSES = ("active", "inactive", "defunct", "temporarily closed")


class Organization(Base):
    __tablename__ = "organization"

    id = Column(String(64), primary_key=True)
    name = Column(Text, nullable=False)
    description = Column(Text)
    website = Column(Text)
    # Fictional demo data is flagged so that production deployments can leave it out.
    is_sample = Column(Boolean, nullable=False, default=False)

    services = relationship("Service", back_populates="organization", cascade="all, delete-orphan")
    locations = relationship("Location", back_populates="organization", cascade="all, delete-orphan")


class Service(Base):
    __tablename__ = "service"

    id = Column(String(64), primary_key=True)
    organization_id = Column(String(64), ForeignKey("organization.id"), nullable=False, index=True)
    name = Column(Text, nullable=False)
    description = Column(Text)
    category = Column(String(32), nullable=False, index=True)
    status = Column(String(32), nullable=False, default="active")
    # HSDS schedule.description: opening hours as published, shown as recorded.
    hours_description = Column(Text)
    # HSDS assured_date: when the listing was last verified.
    assured_date = Column(Date)

    organization = relationship("Organization", back_populates="services")
    phones = relationship("Phone", back_populates="service", cascade="all, delete-orphan")
    service_areas = relationship("ServiceArea", back_populates="service", cascade="all, delete-orphan")
    service_at_locations = relationship(
        "ServiceAtLocation", back_populates="service", cascade="all, delete-orphan"
    )


class Location(Base):
    __tablename__ = "location"
    __table_args__ = (Index("ix_location_lat_lon", "latitude", "longitude"),)

    id = Column(String(64), primary_key=True)
    organization_id = Column(String(64), ForeignKey("organization.id"), nullable=False, index=True)
    name = Column(Text)
    latitude = Column(Float, nullable=False)
    longitude = Column(Float, nullable=False)
    city = Column(Text)
    country_code = Column(String(2))

    organization = relationship("Organization", back_populates="locations")
    service_at_locations = relationship(
        "ServiceAtLocation", back_populates="location", cascade="all, delete-orphan"
    )


class ServiceAtLocation(Base):
    __tablename__ = "service_at_location"

    id = Column(String(64), primary_key=True)
    service_id = Column(String(64), ForeignKey("service.id"), nullable=False, index=True)
    location_id = Column(String(64), ForeignKey("location.id"), nullable=False, index=True)

    service = relationship("Service", back_populates="service_at_locations")
    location = relationship("Location", back_populates="service_at_locations")


class Phone(Base):
    __tablename__ = "phone"

    id = Column(Integer, primary_key=True, autoincrement=True)
    service_id = Column(String(64), ForeignKey("service.id"), nullable=False, index=True)
    # Exactly as recorded by the NGO: never reformatted (safety invariant 7).
    number = Column(Text, nullable=False)
    # HSDS phone.type: voice, text, fax, cell, video, pager, textphone.
    type = Column(String(16), nullable=False, default="voice")
    description = Column(Text)

    service = relationship("Service", back_populates="phones")


class ServiceArea(Base):
    """A service that covers a whole country (national hotlines, online legal aid).

    `country_code` NULL means the service is available everywhere (online, international).
    """

    __tablename__ = "service_area"

    id = Column(Integer, primary_key=True, autoincrement=True)
    service_id = Column(String(64), ForeignKey("service.id"), nullable=False, index=True)
    country_code = Column(String(2), index=True)
    description = Column(Text)

    service = relationship("Service", back_populates="service_areas")
