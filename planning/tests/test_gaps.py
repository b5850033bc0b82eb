"""The gap table against a hand-built set (no database) and the map's SVG."""

from xml.etree import ElementTree

from lib import geo
from matching import engine
from planning import svg
from planning.gaps import Need, region_gaps

CONFIG = engine.Config(current_year=2025, max_distance_km=25.0, threshold=40.0)


def at(postcode):
    place = geo.lookup(postcode)
    return {"lat": place.lat, "lon": place.lon} if place else {}


def person(pid, postcode, **facts):
    return engine.ParticipantFacts(id=pid, gender="female", birth_year=1980, **at(postcode), **facts)


def volunteer(vid, postcode, **facts):
    defaults = {"gender": "female", "birth_year": 1975, "approved": True, "capacity": 1}
    return engine.VolunteerFacts(id=vid, **at(postcode), **(defaults | facts))


PARTICIPANTS = [
    (person(1, "2200", wished_volunteer_gender="female", languages=("ar",), needs_language="ar"), "København"),
    (person(2, "2200", languages=("ar",), needs_language="ar", interpreter_arranged=True), "København"),
    (person(3, "2200", heavy_case=True), "København"),
    (person(4, "8000"), "Aarhus"),
    (person(5, "2200", wished_age_min=20, wished_age_max=30), "København"),
    (person(6, ""), ""),  # no postcode: counted in the region only
]
VOLUNTEERS = [
    volunteer(11, "2100", languages=("da", "ar")),
    volunteer(12, "2100", gender="male", birth_year=1990, capacity=2, open_matches=1, professional_background=True),
    volunteer(13, "5000"),  # Odense: out of everyone's reach
    volunteer(14, "2100", paused=True),  # not available
]


def test_gap_table_against_a_hand_built_set():
    region, *municipalities = region_gaps("hovedstaden", PARTICIPANTS, VOLUNTEERS, CONFIG)
    # Reach: 1 → {11}; 2 → {11, 12} (interpreter: no language need); 3 → {12} (heavy);
    # 4 → {} (Aarhus); 5 → {11, 12}; 6 → {11, 12, 13} (an unknown place never excludes, as in
    # the engine). Free places: 11 → 1, 12 → 2 − 1 open = 1, 13 → 1; 14 is paused.
    assert (region.municipality, region.waiting, region.places, region.gap, region.without) == ("", 6, 3, 3, 1)
    assert [m.municipality for m in municipalities] == ["København", "Aarhus"]  # largest gap first
    kbh, aarhus = municipalities
    assert (kbh.waiting, kbh.places, kbh.gap, kbh.without) == (4, 2, 2, 0)
    assert (aarhus.waiting, aarhus.places, aarhus.gap, aarhus.without) == (1, 0, 1, 1)
    # The age wish (20-30) is met by nobody within reach (ages 50 and 35): the largest gap of the needs.
    assert kbh.needs == (
        Need("age", 1, 0),
        Need("wishes:female", 1, 1),
        Need("language:ar", 1, 1),
        Need("heavy", 1, 1),
    )
    assert kbh.needs[0].gap == 1


def test_no_waiting_no_rows():
    assert region_gaps("hovedstaden", [], VOLUNTEERS, CONFIG) == []


def test_nobody_to_match_with():
    [region, kbh] = region_gaps("hovedstaden", PARTICIPANTS[:1], [], CONFIG)
    assert (kbh.waiting, kbh.places, kbh.gap, kbh.without) == (1, 0, 1, 1)


def test_map_is_readable_without_colour():
    points = [
        svg.Point("København", 55.68, 12.57, gap=3, rank=1, title="København: mangler 3"),
        svg.Point("Aarhus", 56.16, 10.2, gap=0, rank=2, title="Aarhus: mangler 0"),
    ]
    drawn = svg.map_svg(points, label="Kort")
    root = ElementTree.fromstring(drawn)
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert root.get("role") == "img" and root.get("aria-label") == "Kort"
    circles = root.findall(".//s:circle", ns)
    # A gap is told by a hatch pattern and a rank label, not by colour; no gap: an open circle.
    fills = sorted(c.get("fill") for c in circles)
    assert fills == ["none", "url(#hatch)"]
    assert [t.text for t in root.findall(".//s:text", ns)] == ["1"]
    assert {t.text for t in root.findall(".//s:title", ns)} == {"København: mangler 3", "Aarhus: mangler 0"}
    assert 'fill="red"' not in drawn and "#" not in drawn.replace("url(#hatch)", "")


def test_map_escapes_names():
    drawn = svg.map_svg([svg.Point("<b>", 55.0, 10.0, 1, 1, "<script>")], label="a&b")
    assert "<script>" not in drawn and "&lt;script&gt;" in drawn
    ElementTree.fromstring(drawn)
