"""The one great-circle distance: numbers and arrays, postcodes."""

import numpy as np
import pytest

from lib import geo

NØRREBRO = (55.6934, 12.5490)
VALBY = (55.6616, 12.5160)  # about 4 km from Nørrebro


def test_haversine_on_numbers_and_arrays_agree():
    km = geo.haversine_km(*NØRREBRO, *VALBY)
    assert 3.5 < km < 4.5
    many = geo.haversine_km(np.array([NØRREBRO[0], VALBY[0]]), NØRREBRO[1], VALBY[0], VALBY[1])
    assert many[0] == km and many[1] < km
    assert geo.haversine_km(*NØRREBRO, *NØRREBRO) == 0


def test_haversine_uses_the_mean_earth_radius():
    quarter = geo.haversine_km(0.0, 0.0, 0.0, 90.0)
    assert quarter == pytest.approx(geo.EARTH_RADIUS_KM * np.pi / 2)


def test_distance_between_postcodes():
    assert 3 < geo.distance_km("2200", "2500") < 6  # København N – Valby
    assert isinstance(geo.distance_km("2200", "2500"), float)
    assert geo.distance_km("2200", "0000") is None and geo.distance_km(None, "2200") is None
