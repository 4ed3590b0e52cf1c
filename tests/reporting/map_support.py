"""A small boundary map for tests: a few rectangles standing in for provinces, each
with its GB/T 2260 code in the `adcode` property in the forms a ministry's file may
use (a 6-digit number or string, or the 2-digit prefix), and one feature without a
code (as a boundary line or an inset frame would be). The real map in
../shared/data is for development only and is never committed."""

from __future__ import annotations

import json
from pathlib import Path

APPROVAL = "GS(2024)0650号"

# code -> (the code as the file writes it, west, south, east, north) in degrees.
RECTANGLES: dict[str, tuple[object, float, float, float, float]] = {
    "11": (110000, 115.0, 38.0, 119.0, 42.0),
    "31": ("310000", 119.0, 29.0, 123.0, 33.0),
    "44": ("44", 111.0, 21.0, 116.0, 25.0),
    "65": (650000, 78.0, 38.0, 90.0, 46.0),
    "71": (710000, 120.5, 22.0, 122.0, 25.0),
}


def centre(code: str) -> tuple[float, float]:
    _raw, west, south, east, north = RECTANGLES[code]
    return (west + east) / 2, (south + north) / 2


def _rectangle(west, south, east, north) -> dict:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def boundary_geojson(code_property: str = "adcode") -> dict:
    features = [
        {
            "type": "Feature",
            "properties": {code_property: raw, "name": f"region {code}"},
            "geometry": _rectangle(west, south, east, north),
        }
        for code, (raw, west, south, east, north) in RECTANGLES.items()
    ]
    features.append(
        {
            "type": "Feature",
            "properties": {code_property: "100000_JD", "name": ""},
            "geometry": _rectangle(110.0, 15.0, 112.0, 17.0),
        }
    )
    return {"type": "FeatureCollection", "features": features}


def write_boundary_map(directory: Path, code_property: str = "adcode") -> Path:
    path = directory / "boundary-map.json"
    path.write_text(
        json.dumps(boundary_geojson(code_property), ensure_ascii=False), "utf-8"
    )
    return path


def configure_boundary_map(settings, directory: Path) -> Path:
    """Point the settings at a fresh synthetic map with its approval number."""
    path = write_boundary_map(directory)
    settings.CHINA_MAP_FILE = str(path)
    settings.CHINA_MAP_APPROVAL = APPROVAL
    settings.CHINA_MAP_CODE_PROPERTY = "adcode"
    return path
