"""Coordinates: Dutch RD New (EPSG:28992) to WGS84, without a GIS library.

The published approximation polynomial (Schreutelaar, as given by Kadaster/NSGI in "Benaderings-
formules voor de transformatie tussen RD- en WGS84-kaartcoördinaten") includes the datum shift and
is accurate to about a metre inside the Netherlands, which is all a dossier map needs.
"""

# (p, q, coefficient): a term coefficient * dX**p * dY**q, in arc seconds.
_LATITUDE_TERMS = (
    (0, 1, 3235.65389), (2, 0, -32.58297), (0, 2, -0.24750), (2, 1, -0.84978),
    (0, 3, -0.06550), (2, 2, -0.01709), (1, 0, -0.00738), (4, 0, 0.00530),
    (2, 3, -0.00039), (4, 1, 0.00033), (1, 1, -0.00012),
)
_LONGITUDE_TERMS = (
    (1, 0, 5260.52916), (1, 1, 105.94684), (1, 2, 2.45656), (3, 0, -0.81885),
    (1, 3, 0.05594), (3, 1, -0.05607), (0, 1, 0.01199), (3, 2, -0.00256),
    (1, 4, 0.00128), (0, 2, 0.00022), (2, 0, -0.00022), (5, 0, 0.00026),
)
# The Amersfoort reference point, in RD metres and in WGS84 degrees.
_X0, _Y0 = 155000.0, 463000.0
_LAT0, _LON0 = 52.15517440, 5.38720621


def rd_to_wgs84(x: float, y: float) -> tuple[float, float]:
    """RD New metres (x, y) -> WGS84 degrees (latitude, longitude)."""
    dx = (x - _X0) * 1e-5
    dy = (y - _Y0) * 1e-5
    lat = _LAT0 + sum(c * dx**p * dy**q for p, q, c in _LATITUDE_TERMS) / 3600
    lon = _LON0 + sum(c * dx**p * dy**q for p, q, c in _LONGITUDE_TERMS) / 3600
    return lat, lon
