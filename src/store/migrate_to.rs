//! O3: the way up from SQLite: copies every table of a SQLite deployment (events,
//! registrations with their history, proposals, programme releases, board, mail queue,
//! accounts, sessions, audit log, the site's link key) into an empty PostgreSQL database at
//! the same schema version, in one transaction, then checks each table's row count and a
//! checksum of its rows on both sides. The SQLite file is opened read-only.

use super::{Backend, DatabaseUrl, Db, ops};
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Connection as _, Row as _};
use std::collections::{BTreeMap, BTreeSet};

/// One table as copied and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCopy {
    pub name: String,
    pub rows: i64,
    /// SHA-256 of the table's rows in key order, the same on both sides.
    pub checksum: String,
}

/// Why the copy did not happen (or did not check out); English, for the command line.
#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    #[error("the source must be a SQLite database (database_url is {0})")]
    SourceNotSqlite(String),
    #[error("the target must be a PostgreSQL URL (postgres://…), not {0}")]
    TargetNotPostgres(String),
    #[error("the SQLite database {0} does not exist")]
    Missing(String),
    #[error(
        "the SQLite database is at migration {source_version:?} but this build expects {expected}: start this \
         version of rencontres on it once (it applies the migrations), then migrate"
    )]
    SourceOutdated { source_version: Option<i64>, expected: i64 },
    #[error("the target database is not empty: table {table} has {rows} rows. Give an empty database")]
    TargetNotEmpty { table: String, rows: i64 },
    #[error("the schemas differ: {0}")]
    Schema(String),
    #[error("table {table}: column {column} has type {kind}, which the copy does not know")]
    UnknownType { table: String, column: String, kind: String },
    #[error("table {table} differs after the copy: {detail}; the target was left as copied, the source untouched")]
    Mismatch { table: String, detail: String },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Tables that hold the user's data: any row there makes a target "not empty". The other
/// tables (the site state, the link key) are written by the migrations and the first start,
/// and are replaced by the source's.
const DATA_TABLES: [&str; 5] = ["events", "users", "registrations", "messages", "audit_log"];

/// How a column's values are read and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Bool,
    Text,
    Bytes,
    Float,
}

impl Kind {
    fn of_postgres(data_type: &str) -> Option<Kind> {
        Some(match data_type {
            "bigint" | "integer" | "smallint" => Kind::Int,
            "boolean" => Kind::Bool,
            "text" | "character varying" | "character" => Kind::Text,
            "bytea" => Kind::Bytes,
            "double precision" | "real" => Kind::Float,
            _ => return None,
        })
    }
}

/// One value, typed even when NULL (a NULL must be bound with its column's type).
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Int(Option<i64>),
    Text(Option<String>),
    Bytes(Option<Vec<u8>>),
    Float(Option<f64>),
}

impl Value {
    /// The value as the checksum reads it: the same text on both sides (booleans are 0/1,
    /// as SQLite stores them).
    fn canonical(&self, out: &mut Vec<u8>) {
        match self {
            Value::Int(Some(v)) => out.extend_from_slice(format!("i{v}").as_bytes()),
            Value::Text(Some(v)) => {
                out.extend_from_slice(format!("t{}:", v.len()).as_bytes());
                out.extend_from_slice(v.as_bytes());
            }
            Value::Bytes(Some(v)) => {
                out.extend_from_slice(format!("b{}:", v.len()).as_bytes());
                out.extend_from_slice(v);
            }
            Value::Float(Some(v)) => out.extend_from_slice(format!("f{:x}", v.to_bits()).as_bytes()),
            _ => out.push(b'N'),
        }
        out.push(0x1f);
    }
}

struct Table {
    name: String,
    columns: Vec<(String, Kind)>,
    /// `ORDER BY` of a stable reading: the primary key, else every column.
    order: String,
    /// Identity columns whose sequence must continue after the copied ids.
    identities: Vec<String>,
}

/// Copies the SQLite database at `source` into the empty PostgreSQL database at `target`,
/// then checks both sides. Returns each table with its rows and checksum.
pub async fn sqlite_to_postgres(source: &DatabaseUrl, target: &DatabaseUrl) -> Result<Vec<TableCopy>, MigrateError> {
    if source.backend() != Backend::Sqlite {
        return Err(MigrateError::SourceNotSqlite(source.to_string()));
    }
    if target.backend() != Backend::Postgres {
        return Err(MigrateError::TargetNotPostgres(target.to_string()));
    }
    let path = source.sqlite_path().expect("a SQLite URL names a file");
    if !path.is_file() {
        return Err(MigrateError::Missing(path.display().to_string()));
    }
    sqlx::any::install_default_drivers();
    let mut from = AnyConnection::connect(&format!("sqlite://{}?mode=ro", path.display())).await?;
    let migrations = ops::read_migrations(&mut from, Backend::Sqlite).await?;
    if !migrations.complete() || migrations.newer() {
        return Err(MigrateError::SourceOutdated {
            source_version: migrations.latest_applied,
            expected: migrations.latest_expected,
        });
    }
    // Opening the target applies the migrations: both sides now have this build's schema.
    let db = Db::connect(target).await?;
    let result = copy_and_check(&mut from, &db).await;
    db.close().await;
    from.close().await?;
    result
}

async fn copy_and_check(from: &mut AnyConnection, db: &Db) -> Result<Vec<TableCopy>, MigrateError> {
    let mut to = db.pool().acquire().await?;
    for table in DATA_TABLES {
        let rows: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(&mut *to)
            .await?;
        if rows > 0 {
            return Err(MigrateError::TargetNotEmpty { table: table.into(), rows });
        }
    }
    let tables = read_schema(from, &mut to).await?;
    let mut tx = to.begin().await?;
    for table in tables.iter().rev() {
        sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {}", table.name))).execute(&mut *tx).await?;
    }
    for table in &tables {
        let rows = read_rows(from, table).await?;
        insert_rows(&mut tx, table, &rows).await?;
        for column in &table.identities {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{t}', '{column}'), MAX({column})) FROM {t} HAVING MAX({column}) IS NOT NULL",
                t = table.name
            );
            sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_optional(&mut *tx).await?;
        }
    }
    tx.commit().await?;
    let mut copied = Vec::with_capacity(tables.len());
    for table in &tables {
        let source = summary(&read_rows(from, table).await?);
        let target = summary(&read_rows(&mut to, table).await?);
        if source != target {
            return Err(MigrateError::Mismatch {
                table: table.name.clone(),
                detail: format!(
                    "{} rows (checksum {}) in SQLite, {} rows (checksum {}) in PostgreSQL",
                    source.0, source.1, target.0, target.1
                ),
            });
        }
        copied.push(TableCopy { name: table.name.clone(), rows: source.0, checksum: source.1 });
    }
    Ok(copied)
}

/// The tables of the source, parents before children, with the target's column types.
async fn read_schema(from: &mut AnyConnection, to: &mut AnyConnection) -> Result<Vec<Table>, MigrateError> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
         AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(&mut *from)
    .await?;
    let target_names: BTreeSet<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() \
         AND table_type = 'BASE TABLE' AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(&mut *to)
    .await?
    .into_iter()
    .collect();
    let source_names: BTreeSet<String> = names.iter().cloned().collect();
    if source_names != target_names {
        let only_source: Vec<_> = source_names.difference(&target_names).collect();
        let only_target: Vec<_> = target_names.difference(&source_names).collect();
        return Err(MigrateError::Schema(format!(
            "tables only in SQLite: {only_source:?}; only in PostgreSQL: {only_target:?}"
        )));
    }
    let mut parents: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut tables = BTreeMap::new();
    for name in &names {
        let quoted = name.replace('"', "\"\"");
        let keys: Vec<(String,)> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT \"table\" FROM pragma_foreign_key_list('{quoted}')")))
                .fetch_all(&mut *from)
                .await?;
        parents.insert(name.clone(), keys.into_iter().map(|(t,)| t).filter(|t| t != name).collect());
        let info: Vec<(String, i64)> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT name, pk FROM pragma_table_info('{quoted}')")))
                .fetch_all(&mut *from)
                .await?;
        let target_columns: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT column_name::text, data_type::text, is_identity::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
        )
        .bind(name)
        .fetch_all(&mut *to)
        .await?;
        let source_columns: BTreeSet<&str> = info.iter().map(|(c, _)| c.as_str()).collect();
        let wanted: BTreeSet<&str> = target_columns.iter().map(|(c, _, _)| c.as_str()).collect();
        if source_columns != wanted {
            return Err(MigrateError::Schema(format!(
                "table {name} has columns {source_columns:?} in SQLite and {wanted:?} in PostgreSQL"
            )));
        }
        let mut columns = Vec::new();
        for (column, data_type, _) in &target_columns {
            let kind = Kind::of_postgres(data_type).ok_or_else(|| MigrateError::UnknownType {
                table: name.clone(),
                column: column.clone(),
                kind: data_type.clone(),
            })?;
            columns.push((column.clone(), kind));
        }
        let mut key: Vec<(i64, &str)> =
            info.iter().filter(|(_, pk)| *pk > 0).map(|(c, pk)| (*pk, c.as_str())).collect();
        key.sort();
        let order = if key.is_empty() {
            columns.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>().join(", ")
        } else {
            key.iter().map(|(_, c)| *c).collect::<Vec<_>>().join(", ")
        };
        let identities = target_columns.iter().filter(|(_, _, id)| id == "YES").map(|(c, _, _)| c.clone()).collect();
        tables.insert(name.clone(), Table { name: name.clone(), columns, order, identities });
    }
    let mut ordered = Vec::with_capacity(tables.len());
    let mut placed: BTreeSet<String> = BTreeSet::new();
    while placed.len() < names.len() {
        let ready: Vec<String> = names
            .iter()
            .filter(|n| {
                !placed.contains(*n) && parents[*n].iter().all(|p| placed.contains(p) || !tables.contains_key(p))
            })
            .cloned()
            .collect();
        if ready.is_empty() {
            return Err(MigrateError::Schema("the foreign keys between tables form a cycle".into()));
        }
        for name in ready {
            placed.insert(name.clone());
            ordered.push(tables.remove(&name).expect("each table once"));
        }
    }
    Ok(ordered)
}

/// Every row of `table`, in key order, with values typed by the target's columns.
async fn read_rows(conn: &mut AnyConnection, table: &Table) -> Result<Vec<Vec<Value>>, sqlx::Error> {
    let columns = table.columns.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>().join(", ");
    let sql = format!("SELECT {columns} FROM {} ORDER BY {}", table.name, table.order);
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|row| {
            table
                .columns
                .iter()
                .enumerate()
                .map(|(i, (_, kind))| {
                    Ok(match kind {
                        Kind::Int => Value::Int(row.try_get(i)?),
                        // SQLite keeps booleans as 0/1: read them as integers on both sides.
                        Kind::Bool => Value::Int(match row.try_get::<Option<bool>, _>(i) {
                            Ok(b) => b.map(i64::from),
                            Err(_) => row.try_get(i)?,
                        }),
                        Kind::Text => Value::Text(row.try_get(i)?),
                        Kind::Bytes => Value::Bytes(row.try_get(i)?),
                        Kind::Float => Value::Float(row.try_get(i)?),
                    })
                })
                .collect()
        })
        .collect()
}

/// PostgreSQL takes at most 65,535 parameters a statement.
const MAX_PARAMETERS: usize = 30_000;

async fn insert_rows(conn: &mut AnyConnection, table: &Table, rows: &[Vec<Value>]) -> Result<(), sqlx::Error> {
    let width = table.columns.len().max(1);
    let per_statement = (MAX_PARAMETERS / width).max(1);
    let columns = table.columns.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>().join(", ");
    for chunk in rows.chunks(per_statement) {
        let mut sql = format!("INSERT INTO {} ({columns}) VALUES ", table.name);
        let mut n = 0;
        for (r, _) in chunk.iter().enumerate() {
            sql.push_str(if r == 0 { "(" } else { ", (" });
            for (c, (_, kind)) in table.columns.iter().enumerate() {
                n += 1;
                if c > 0 {
                    sql.push_str(", ");
                }
                // Booleans travel as integers; PostgreSQL casts them back.
                if *kind == Kind::Bool {
                    sql.push_str(&format!("(${n})::int::boolean"));
                } else {
                    sql.push_str(&format!("${n}"));
                }
            }
            sql.push(')');
        }
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for row in chunk {
            for value in row {
                query = match value {
                    Value::Int(v) => query.bind(*v),
                    Value::Text(v) => query.bind(v.clone()),
                    Value::Bytes(v) => query.bind(v.clone()),
                    Value::Float(v) => query.bind(*v),
                };
            }
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// The row count and the SHA-256 of the rows in order.
fn summary(rows: &[Vec<Value>]) -> (i64, String) {
    let mut hash = Sha256::new();
    let mut buf = Vec::new();
    for row in rows {
        buf.clear();
        for value in row {
            value.canonical(&mut buf);
        }
        buf.push(b'\n');
        hash.update(&buf);
    }
    let digest = hash.finalize();
    (rows.len() as i64, digest.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_tells_null_from_empty_and_reordered_rows() {
        let a = vec![vec![Value::Int(Some(1)), Value::Text(Some(String::new()))]];
        let b = vec![vec![Value::Int(Some(1)), Value::Text(None)]];
        let two = vec![
            vec![Value::Int(Some(1)), Value::Text(Some("x".into()))],
            vec![Value::Int(Some(2)), Value::Text(Some("y".into()))],
        ];
        let swapped = vec![two[1].clone(), two[0].clone()];
        assert_ne!(summary(&a), summary(&b));
        assert_ne!(summary(&two), summary(&swapped));
        assert_eq!(summary(&two).0, 2);
        // A text that looks like a separator cannot make two rows equal.
        let joined = vec![vec![Value::Text(Some("a\u{1f}b".into()))]];
        let split = vec![vec![Value::Text(Some("a".into())), Value::Text(Some("b".into()))]];
        assert_ne!(summary(&joined), summary(&split));
    }

    #[test]
    fn postgres_types_map_to_kinds() {
        assert_eq!(Kind::of_postgres("bigint"), Some(Kind::Int));
        assert_eq!(Kind::of_postgres("text"), Some(Kind::Text));
        assert_eq!(Kind::of_postgres("jsonb"), None);
    }
}
