"""The database triggers that keep `AreaProgress` (per match and area: the first and the latest
reading that scores the area) in step with the readings and scores tables.

The same statements serve SQLite and PostgreSQL: SQLite runs them in each trigger's body with the
row's OLD/NEW values, PostgreSQL in plpgsql functions that take the match and the area as
arguments. Writing a score adds it to its pair's row (an upsert that keeps the earlier first and
the later latest: inserts are the bulk path of imports); every other change (a score edited or
deleted, a reading's date, match or "not this time" changed, a reading deleted) recomputes the
rows of the match, or of the one pair, from the readings.

Most schema changes on SQLite rebuild the table (copy, drop the old, rename the new into place):
that drops the table's own triggers silently, and the rename fails while the other table's
triggers name it. A migration that rebuilds `outcomes_reading` or `outcomes_score` must `drop`
before and `install` after (the comment in migration 0004 shows how).
`outcomes/tests/test_progress.py` fails when the triggers are missing after all migrations.
"""

PROGRESS = "outcomes_areaprogress"
READING = "outcomes_reading"
SCORE = "outcomes_score"
NAMES = (
    "outcomes_progress_score_insert",
    "outcomes_progress_score_update",
    "outcomes_progress_score_delete",
    "outcomes_progress_reading_insert",
    "outcomes_progress_reading_update",
    "outcomes_progress_reading_delete",
)

# The rows of AreaProgress computed from the readings, for the readings that `where` selects
# (r: the reading, s: the score): the first and the latest by date of each (match, area).
_ROWS = f"""
INSERT INTO {PROGRESS} (match_id, area, first_on, first_value, latest_on, latest_value)
SELECT match_id, area, MIN("on"), MAX(CASE WHEN first_rank = 1 THEN value END),
       MAX("on"), MAX(CASE WHEN latest_rank = 1 THEN value END)
FROM (
    SELECT r.match_id, s.area, r."on", s.value,
           ROW_NUMBER() OVER (PARTITION BY r.match_id, s.area ORDER BY r."on") AS first_rank,
           ROW_NUMBER() OVER (PARTITION BY r.match_id, s.area ORDER BY r."on" DESC) AS latest_rank
    FROM {READING} r JOIN {SCORE} s ON s.reading_id = r.id
    WHERE r.not_this_time = '' AND {{where}}
) scored
GROUP BY match_id, area"""

BACKFILL = (f"DELETE FROM {PROGRESS}", _ROWS.format(where="1 = 1"))


def _refresh_pair(match: str, area: str) -> str:
    """One pair's row again, from two index seeks (readings by (match, date), scores by (reading,
    area)): the first and the latest reading that scores the area."""

    def seek(direction: str) -> str:
        return (
            f'SELECT r.match_id, s.area, r."on", s.value FROM {READING} r JOIN {SCORE} s ON s.reading_id = r.id '
            f"WHERE r.match_id = {match} AND s.area = {area} AND r.not_this_time = '' "
            f'ORDER BY r."on" {direction} LIMIT 1'
        )

    return (
        f"DELETE FROM {PROGRESS} WHERE match_id = {match} AND area = {area}; "
        f"INSERT INTO {PROGRESS} (match_id, area, first_on, first_value, latest_on, latest_value) "
        f'SELECT f.match_id, f.area, f."on", f.value, l."on", l.value '
        f"FROM ({seek('ASC')}) f CROSS JOIN ({seek('DESC')}) l;"
    )


def _refresh_match(match: str) -> str:
    return f"DELETE FROM {PROGRESS} WHERE match_id = {match}; " + _ROWS.format(where=f"r.match_id = {match}") + ";"


def _add_score(reading_id: str, area: str, value: str) -> str:
    """A new score: its reading's date becomes the pair's first or latest if earlier or later.
    (Two scores of one pair never share a date: one reading per match and day, one score per
    reading and area.) The WHERE is also what SQLite needs to parse an upsert after a SELECT."""
    keep_first = f"excluded.first_on < {PROGRESS}.first_on"
    keep_latest = f"excluded.latest_on > {PROGRESS}.latest_on"
    return f"""
INSERT INTO {PROGRESS} (match_id, area, first_on, first_value, latest_on, latest_value)
SELECT r.match_id, {area}, r."on", {value}, r."on", {value}
FROM {READING} r WHERE r.id = {reading_id} AND r.not_this_time = ''
ON CONFLICT (match_id, area) DO UPDATE SET
    first_on = CASE WHEN {keep_first} THEN excluded.first_on ELSE {PROGRESS}.first_on END,
    first_value = CASE WHEN {keep_first} THEN excluded.first_value ELSE {PROGRESS}.first_value END,
    latest_on = CASE WHEN {keep_latest} THEN excluded.latest_on ELSE {PROGRESS}.latest_on END,
    latest_value = CASE WHEN {keep_latest} THEN excluded.latest_value ELSE {PROGRESS}.latest_value END;"""


def _match_of(reading_id: str) -> str:
    return f"(SELECT match_id FROM {READING} WHERE id = {reading_id})"


# -- SQLite: the statements in each trigger's body ----------------------------------------------------

_SCORE_CHANGED = "OLD.value IS NOT NEW.value OR OLD.area IS NOT NEW.area OR OLD.reading_id IS NOT NEW.reading_id"
_READING_CHANGED = (
    'OLD.match_id IS NOT NEW.match_id OR OLD."on" IS NOT NEW."on" OR OLD.not_this_time IS NOT NEW.not_this_time'
)

SQLITE = (
    f"""CREATE TRIGGER outcomes_progress_score_insert AFTER INSERT ON {SCORE}
BEGIN {_add_score("NEW.reading_id", "NEW.area", "NEW.value")} END""",
    f"""CREATE TRIGGER outcomes_progress_score_update AFTER UPDATE ON {SCORE} WHEN {_SCORE_CHANGED}
BEGIN {_refresh_pair(_match_of("OLD.reading_id"), "OLD.area")}
{_refresh_pair(_match_of("NEW.reading_id"), "NEW.area")} END""",
    f"""CREATE TRIGGER outcomes_progress_score_delete AFTER DELETE ON {SCORE}
BEGIN {_refresh_pair(_match_of("OLD.reading_id"), "OLD.area")} END""",
    # A reading is written before its scores; this one counts only when scores came first (a
    # deferred foreign key).
    f"""CREATE TRIGGER outcomes_progress_reading_insert AFTER INSERT ON {READING}
WHEN EXISTS (SELECT 1 FROM {SCORE} WHERE reading_id = NEW.id)
BEGIN {_refresh_match("NEW.match_id")} END""",
    f"""CREATE TRIGGER outcomes_progress_reading_update AFTER UPDATE ON {READING} WHEN {_READING_CHANGED}
BEGIN {_refresh_match("OLD.match_id")}
{_refresh_match("NEW.match_id")} END""",
    f"""CREATE TRIGGER outcomes_progress_reading_delete AFTER DELETE ON {READING}
BEGIN {_refresh_match("OLD.match_id")} END""",
)

# -- PostgreSQL: plpgsql functions with the same statements -----------------------------------------

POSTGRESQL = (
    f"""CREATE OR REPLACE FUNCTION outcomes_progress_refresh_pair(p_match bigint, p_area varchar)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN {_refresh_pair("p_match", "p_area")} END $$""",
    f"""CREATE OR REPLACE FUNCTION outcomes_progress_refresh_match(p_match bigint)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN {_refresh_match("p_match")} END $$""",
    f"""CREATE OR REPLACE FUNCTION outcomes_progress_score() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_add_score("NEW.reading_id", "NEW.area", "NEW.value")}
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM outcomes_progress_refresh_pair({_match_of("OLD.reading_id")}, OLD.area);
    ELSIF {_SCORE_CHANGED.replace("IS NOT", "IS DISTINCT FROM")} THEN
        PERFORM outcomes_progress_refresh_pair({_match_of("OLD.reading_id")}, OLD.area);
        PERFORM outcomes_progress_refresh_pair({_match_of("NEW.reading_id")}, NEW.area);
    END IF;
    RETURN NULL;
END $$""",
    f"""CREATE OR REPLACE FUNCTION outcomes_progress_reading() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF EXISTS (SELECT 1 FROM {SCORE} WHERE reading_id = NEW.id) THEN
            PERFORM outcomes_progress_refresh_match(NEW.match_id);
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM outcomes_progress_refresh_match(OLD.match_id);
    ELSIF {_READING_CHANGED.replace("IS NOT", "IS DISTINCT FROM")} THEN
        PERFORM outcomes_progress_refresh_match(OLD.match_id);
        PERFORM outcomes_progress_refresh_match(NEW.match_id);
    END IF;
    RETURN NULL;
END $$""",
    *(
        f"CREATE TRIGGER outcomes_progress_{table}_{event.lower()} AFTER {event} ON outcomes_{table} "
        f"FOR EACH ROW EXECUTE FUNCTION outcomes_progress_{table}()"
        for table in ("score", "reading")
        for event in ("INSERT", "UPDATE", "DELETE")
    ),
)

_PG_FUNCTIONS = (
    "outcomes_progress_refresh_pair(bigint, varchar)",
    "outcomes_progress_refresh_match(bigint)",
    "outcomes_progress_score()",
    "outcomes_progress_reading()",
)


def _execute(connection, statements) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def drop(connection) -> None:
    if connection.vendor == "postgresql":
        statements = [f"DROP TRIGGER IF EXISTS {name} ON outcomes_{name.split('_')[2]}" for name in NAMES] + [
            f"DROP FUNCTION IF EXISTS {function}" for function in _PG_FUNCTIONS
        ]
    else:
        statements = [f"DROP TRIGGER IF EXISTS {name}" for name in NAMES]
    _execute(connection, statements)


def install(connection) -> None:
    """(Re)create the triggers and recompute every row from the readings."""
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise NotImplementedError(f"outcomes.AreaProgress has triggers for SQLite and PostgreSQL, not {vendor}")
    drop(connection)
    _execute(connection, SQLITE if vendor == "sqlite" else POSTGRESQL)
    _execute(connection, BACKFILL)
    # Fresh statistics for the planner. (VACUUM cannot run inside the migration's transaction on
    # PostgreSQL; autovacuum or an operator's `VACUUM ANALYZE outcomes_areaprogress` does it.)
    _execute(connection, [f"ANALYZE {PROGRESS}"])


PATTERN = "outcomes_progress_%"


def installed(connection) -> set[str]:
    """The names of the triggers present in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s", [PATTERN])
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [PATTERN])
        return {name for (name,) in cursor.fetchall()}
