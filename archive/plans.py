"""Which of a page's queries read a whole big table: the benchmark's plan check.

The issue asks for an index behind every filter and ordering a public page uses, and
nothing that scans all rows on a public request. At the large scale the benchmark
passes each page's queries (those of a warm request, page cache off) to PostgreSQL's
EXPLAIN and reports every sequential scan of a table holding more than
`BIG_TABLE_ROWS` rows. SQLite's plans cannot say whether a scan stops early at a
LIMIT, so the check runs on PostgreSQL only.
"""

from django.db import connection

BIG_TABLE_ROWS = 5_000


def big_tables():
    """{table: estimated rows} of the tables above BIG_TABLE_ROWS (planner statistics)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class "
            "WHERE relkind = 'r' AND reltuples > %s",
            [BIG_TABLE_ROWS],
        )
        rows = dict(cursor.fetchall())
    ours = set(connection.introspection.table_names())
    return {table: n for table, n in rows.items() if table in ours}


def _nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def full_scans(queries, tables):
    """[{"table", "rows", "query"}] for each sequential scan of a big table in `queries`
    (CaptureQueriesContext's list); [] when not on PostgreSQL."""
    if connection.vendor != "postgresql" or not tables:
        return []
    found = []
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0][0]["Plan"]
            for node in _nodes(plan):
                table = node.get("Relation Name")
                if node.get("Node Type") == "Seq Scan" and table in tables:
                    found.append({"table": table, "rows": tables[table], "query": sql[:300]})
    return found
