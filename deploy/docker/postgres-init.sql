-- One event store database per zone control plane.
CREATE DATABASE meridian_zone_1;
CREATE DATABASE meridian_zone_2;
