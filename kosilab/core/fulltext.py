"""Full-text search over text columns of one table, on PostgreSQL and on SQLite (docs/knowledge.md).

A :class:`FullText` names a table and its search columns, each with the PostgreSQL text-search
configuration of its language (``("search_de", "german"), ("search_en", "english")``). It gives
what both databases need, so an app declares its search once:

- **PostgreSQL**: ``postgres_install()`` (called by a migration, a no-op elsewhere) adds per
  column a stored generated column ``<column>_vector`` (``to_tsvector('german', search_de)``,
  computed by the database on every insert and update, invisible to the model) with a GIN index
  named ``<name>_<column>``. The query is one ``tsquery`` per configuration: the words as
  ``plainto_tsquery`` (stemmed, stop words dropped), the last word as a prefix (``'word':*``); a
  row matches when one of its columns matches its configuration's query (a ``BitmapOr`` of the
  indexes). Ranked with ``ts_rank`` on the stored vectors. (Indexes on the expression
  ``to_tsvector(…)`` alone, the first design, let the planner choose a sequential scan that
  computed every row's vector, and ranking had to compute them for every match: 0.9 s for 2,000
  matching profiles, against milliseconds with stored vectors.)
- **SQLite**: an FTS5 table ``<table>_fts`` (tokenizer ``unicode61 remove_diacritics 2``: no
  stemming, "a" finds "ä") with the same columns and the row's id as its rowid, kept current by
  triggers on insert, update and delete of the table's rows (bulk writes and cascades included).
  ``install()`` (called by a migration, a no-op on other databases) creates it; a later
  migration that rebuilds the table on SQLite drops the triggers with the old table, so apps
  call ``ensure()`` after every ``migrate`` (``post_migrate``): it puts missing triggers back and
  refills the index. Every word is a quoted prefix term (no operators get through); ranked with
  FTS5's ``bm25``.

Both: the query is cut into words (letters and digits; quotes, operators and punctuation are
dropped), at most :data:`MAX_WORDS`; every word must match, in one of the columns. A query
without words matches everything (the caller shows the unfiltered list).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
)
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.backends.ddl_references import Statement
from django.db.models import Expression, Model, Q, QuerySet
from django.db.models.expressions import Combinable, RawSQL

M = TypeVar("M", bound=Model)

WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 8
MAX_WORD_LENGTH = 60
RANK = "search_rank"


def words(query: str) -> list[str]:
    """The words of a query: runs of letters and digits, at most ``MAX_WORDS``, each cut to ``MAX_WORD_LENGTH``."""
    return [word[:MAX_WORD_LENGTH] for word in WORD.findall(query or "")][:MAX_WORDS]


class SearchIndex(GinIndex):
    """A GIN index that exists on PostgreSQL only (other databases get an SQL comment instead), so
    that a model keeps one ``Meta.indexes`` and one migration for both databases. (Kept for the
    migrations that created and removed the first design's expression indexes.)"""

    def create_sql(
        self, model: type[Model], schema_editor: BaseDatabaseSchemaEditor, using: str = "", **kwargs: Any
    ) -> Statement:
        if schema_editor.connection.vendor != "postgresql":
            return Statement("-- %(name)s: a PostgreSQL index", name=self.name)
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def remove_sql(self, model: type[Model], schema_editor: BaseDatabaseSchemaEditor, **kwargs: Any) -> str:
        if schema_editor.connection.vendor != "postgresql":
            return f"-- {self.name}: a PostgreSQL index"
        return super().remove_sql(model, schema_editor, **kwargs)


def _quoted(name: str) -> str:
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise ValueError(f"Not a plain SQL name: {name!r}")
    return f'"{name}"'


@dataclass(frozen=True)
class FullText:
    """The full-text search of one table: its search columns with their PostgreSQL configurations."""

    table: str
    columns: tuple[tuple[str, str], ...]
    name: str  # short, for the names of the indexes (with a column at most 30 characters)
    pk: str = "id"

    # --- PostgreSQL -------------------------------------------------------------------------

    def vector_column(self, column: str) -> str:
        return f"{column}_vector"

    def stored_vector(self, column: str) -> RawSQL:
        """The stored ``tsvector`` of ``column`` (PostgreSQL), for a query on the table itself."""
        name = f"{_quoted(self.table)}.{_quoted(self.vector_column(column))}"
        return RawSQL(name, [], output_field=SearchVectorField())  # noqa: S611 (a checked name)

    def postgres_install(self, connection: BaseDatabaseWrapper) -> None:
        """Add the generated vector columns and their GIN indexes (PostgreSQL; nothing elsewhere)."""
        if connection.vendor != "postgresql":
            return
        table = _quoted(self.table)
        with connection.cursor() as cursor:
            for column, config in self.columns:
                if not re.fullmatch(r"[a-z_]+", config):
                    raise ValueError(f"Not a text-search configuration: {config!r}")
                vector = _quoted(self.vector_column(column))
                cursor.execute(
                    f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {vector} tsvector GENERATED ALWAYS AS "
                    f"(to_tsvector('{config}'::regconfig, COALESCE({_quoted(column)}, ''))) STORED"
                )
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {_quoted(f'{self.name}_{column}')} ON {table} "
                    f"USING gin ({vector}) WITH (fastupdate = off)"
                )

    def postgres_uninstall(self, connection: BaseDatabaseWrapper) -> None:
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for column, _config in self.columns:
                cursor.execute(f"DROP INDEX IF EXISTS {_quoted(f'{self.name}_{column}')}")
                cursor.execute(
                    f"ALTER TABLE {_quoted(self.table)} DROP COLUMN IF EXISTS {_quoted(self.vector_column(column))}"
                )

    def _pg_query(self, terms: list[str], config: str) -> Combinable:
        last = terms[-1]
        query: Combinable = SearchQuery(f"'{last}':*", config=config, search_type="raw")
        if len(terms) > 1:
            query = SearchQuery(" ".join(terms[:-1]), config=config, search_type="plain") & query
        return query

    # --- SQLite -----------------------------------------------------------------------------

    @property
    def fts_table(self) -> str:
        return f"{self.table}_fts"

    def _triggers(self) -> dict[str, str]:
        table, fts, pk = _quoted(self.table), _quoted(self.fts_table), _quoted(self.pk)
        names = ", ".join(_quoted(column) for column, _config in self.columns)
        new = ", ".join(f"new.{_quoted(column)}" for column, _config in self.columns)
        # Every name went through _quoted (a plain SQL name), no value is put into the SQL text.
        insert = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.{pk}, {new});"  # noqa: S608
        delete = f"DELETE FROM {fts} WHERE rowid = old.{pk};"  # noqa: S608
        return {
            f"{self.fts_table}_insert": f"AFTER INSERT ON {table} BEGIN {insert} END",
            f"{self.fts_table}_update": f"AFTER UPDATE OF {names} ON {table} BEGIN {delete} {insert} END",
            f"{self.fts_table}_delete": f"AFTER DELETE ON {table} BEGIN {delete} END",
        }

    def sqlite_create(self) -> list[str]:
        names = ", ".join(_quoted(column) for column, _config in self.columns)
        statements = [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {_quoted(self.fts_table)} USING fts5("
            f"{names}, tokenize = 'unicode61 remove_diacritics 2')"
        ]
        statements += [
            f"CREATE TRIGGER IF NOT EXISTS {_quoted(name)} {body}" for name, body in self._triggers().items()
        ]
        return statements

    def sqlite_rebuild(self) -> list[str]:
        names = ", ".join(_quoted(column) for column, _config in self.columns)
        fts = _quoted(self.fts_table)
        return [
            f"DELETE FROM {fts}",  # noqa: S608 (names from _quoted)
            f"INSERT INTO {fts}(rowid, {names}) SELECT {_quoted(self.pk)}, {names} FROM {_quoted(self.table)}",  # noqa: S608
        ]

    def sqlite_drop(self) -> list[str]:
        statements = [f"DROP TRIGGER IF EXISTS {_quoted(name)}" for name in self._triggers()]
        return [*statements, f"DROP TABLE IF EXISTS {_quoted(self.fts_table)}"]

    def install(self, connection: BaseDatabaseWrapper) -> None:
        """Create the FTS5 table and its triggers and fill it (SQLite; nothing elsewhere)."""
        if connection.vendor != "sqlite":
            return
        with connection.cursor() as cursor:
            for statement in [*self.sqlite_create(), *self.sqlite_rebuild()]:
                cursor.execute(statement)

    def uninstall(self, connection: BaseDatabaseWrapper) -> None:
        if connection.vendor != "sqlite":
            return
        with connection.cursor() as cursor:
            for statement in self.sqlite_drop():
                cursor.execute(statement)

    def ensure(self, connection: BaseDatabaseWrapper) -> bool:
        """Put back missing triggers and refill the index (SQLite, where the FTS5 table exists).

        SQLite rebuilds a table for most schema changes and drops its triggers with the old one;
        call this after every ``migrate``. Returns whether anything was repaired.
        """
        if connection.vendor != "sqlite":
            return False
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT type, name FROM sqlite_master WHERE (type = 'table' AND name IN (%s, %s)) "
                "OR (type = 'trigger' AND tbl_name = %s)",
                [self.table, self.fts_table, self.table],
            )
            present = {name for _type, name in cursor.fetchall()}
            if self.fts_table not in present or self.table not in present:
                return False  # not installed (yet), or already gone: the migrations decide
            if set(self._triggers()) <= present:
                return False
            for statement in [*self.sqlite_create(), *self.sqlite_rebuild()]:
                cursor.execute(statement)
        return True

    def _match(self, terms: list[str]) -> str:
        return " AND ".join(f'"{term}"*' for term in terms)

    # --- Both -------------------------------------------------------------------------------

    def condition(self, connection: BaseDatabaseWrapper, query: str) -> Q:
        """The rows that match ``query`` (every word, in one of the columns); ``Q()`` without words."""
        terms = words(query)
        if not terms:
            return Q()
        if connection.vendor == "postgresql":
            condition = Q()
            for column, config in self.columns:
                condition |= Q(SearchVectorExact(self.stored_vector(column), self._pg_query(terms, config)))
            return condition
        if connection.vendor == "sqlite":
            fts = _quoted(self.fts_table)
            # The words are a parameter; the name went through _quoted.
            match = RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [self._match(terms)])  # noqa: S608, S611
            return Q(pk__in=match)
        raise NotImplementedError(f"Full-text search is not available on {connection.vendor}.")

    def rank(
        self, connection: BaseDatabaseWrapper, query: str, columns: tuple[str, ...] | None = None
    ) -> Expression | None:
        """How well a row matches ``query`` on PostgreSQL (higher is better), for ``annotate``; None
        without words. (SQLite ranks in :meth:`search`, which joins the FTS5 table once.)

        ``columns`` ranks by these columns only (all if None): ``ts_rank`` reads every matching
        row's vector, so a table whose columns each hold every language ranks by one of them at
        half the cost (kosilab/search: 10,000 matches ranked in about 40 ms instead of 100 ms)."""
        terms = words(query)
        if not terms or connection.vendor != "postgresql":
            return None
        ranks = [
            SearchRank(self.stored_vector(column), self._pg_query(terms, config))
            for column, config in self.columns
            if columns is None or column in columns
        ]
        total: Any = ranks[0]
        for rank in ranks[1:]:
            total = total + rank
        return total  # type: ignore[no-any-return]

    def search(self, queryset: QuerySet[M], query: str, *, rank_columns: tuple[str, ...] | None = None) -> QuerySet[M]:
        """``queryset`` narrowed to the rows that match, each with its ``search_rank`` (higher is
        better, for ``order_by("-search_rank")``); unchanged without words. ``rank_columns``: see
        :meth:`rank` (PostgreSQL; SQLite's bm25 weighs every column in one pass)."""
        from django.db import connections

        connection = connections[queryset.db]
        terms = words(query)
        if not terms:
            return queryset
        if connection.vendor == "sqlite":
            # One join with the FTS5 table: MATCH finds the rows, bm25 (lower is better, so negated)
            # ranks them in the same pass. Names went through _quoted; the words are a parameter.
            fts, table = _quoted(self.fts_table), _quoted(self.table)
            joined: QuerySet[M] = queryset.extra(  # noqa: S610
                tables=[self.fts_table],
                where=[f"{fts}.rowid = {table}.{_quoted(self.pk)}", f"{fts} MATCH %s"],
                params=[self._match(terms)],
                select={RANK: f"-bm25({fts})"},
            )
            return joined
        rank = self.rank(connection, query, rank_columns)
        matching: QuerySet[M] = queryset.filter(self.condition(connection, query)).annotate(**{RANK: rank})
        return matching
