"""The KPI report as plain Danish text (`kpi_report --format text`)."""

REGION_NAMES = {
    "hovedstaden": "Region Hovedstaden",
    "sjaelland": "Region Sjælland",
    "syddanmark": "Region Syddanmark",
    "midtjylland": "Region Midtjylland",
    "nordjylland": "Region Nordjylland",
}
GENDER_NAMES = {"female": "kvinder", "male": "mænd", "other": "andet", "unknown": "ukendt"}


def _pct(value) -> str:
    return "–" if value is None else f"{value} %"


def kpi_text(report: dict) -> str:
    period, matches, success = report["period"], report["matches"], report["success"]
    people = report["participants"]
    lines = [
        f"Periode {period['from']} – {period['to']}, opgjort pr. {period['as_of']}"
        + (f", {REGION_NAMES.get(period['region'], period['region'])}" if period["region"] else ""),
        "",
        f"Match etableret i perioden: {matches['established']}",
    ]
    lines += [f"  {REGION_NAMES.get(slug, slug)}: {n}" for slug, n in matches["by_region"].items()]
    lines.append(f"Match på vej: {matches['on_the_way']}")
    lines += [f"  {REGION_NAMES.get(slug, slug)}: {n}" for slug, n in matches["on_the_way_by_region"].items()]
    lines.append("Velfungerende efter seks måneder (velfungerende / evaluerbare af etablerede):")
    for year, row in success["by_cohort_year"].items():
        lines.append(
            f"  {year}: {row['well_functioning']} / {row['evaluable']} af {row['established']} = {_pct(row['pct'])}"
        )
    row = success["period"]
    lines.append(
        f"  Perioden: {row['well_functioning']} / {row['evaluable']} af {row['established']} = {_pct(row['pct'])}"
    )
    lines += [
        f"Frivillige rekrutteret: {report['volunteers']['recruited']}",
        f"Henvisninger modtaget: {report['referrals']['received']}, accepteret: {report['referrals']['accepted']}",
        "",
        f"Matchede deltagere: {people['n']}",
        "  Køn: " + ", ".join(f"{GENDER_NAMES[k]} {v['n']} ({_pct(v['pct'])})" for k, v in people["gender"].items()),
        "  Alder: " + ", ".join(f"{k} {v['n']} ({_pct(v['pct'])})" for k, v in people["age_groups"].items()),
        f"  Fødelande: {people['birth_countries']['distinct']}; hyppigst: "
        + ", ".join(f"{c['name']} {c['n']} ({_pct(c['pct'])})" for c in people["birth_countries"]["top5"]),
        f"  Født i Danmark: {people['birth_countries']['born_in_denmark']['n']} "
        f"({_pct(people['birth_countries']['born_in_denmark']['pct'])})",
        f"  Ankommet i {people['arrival']['cutoff_year']} eller før: {people['arrival']['at_or_before_cutoff']} "
        f"af {people['arrival']['known']} med kendt ankomstår ({_pct(people['arrival']['pct'])}); "
        f"ukendt: {people['arrival']['unknown']}",
    ]
    lines += _star_lines(report["star"])
    return "\n".join(lines)


REASON_NAMES = {"declined": "ville ikke", "not_relevant": "ikke relevant", "could_not_meet": "kunne ikke mødes"}


def _star_lines(star: dict) -> list[str]:
    reasons = ", ".join(f"{REASON_NAMES[k]} {n}" for k, n in star["not_this_time"].items())
    lines = [
        "",
        f"Forandringsstjernen: {star['with_recent_reading']} af {star['active_matches']} aktive match "
        f"har en måling fra de seneste fire måneder ({_pct(star['coverage_pct'])})",
        f"  Ikke denne gang: {reasons}",
    ]
    lines += [
        f"  {area}: n = {row['n']}, median ændring {_decimal(row['median_change'])}, "
        f"forbedret {_pct(row['improved_pct'])}"
        for area, row in star["distance"].items()
    ]
    return lines


def _decimal(value: float) -> str:
    return f"{value:+.1f}".replace(".", ",")
