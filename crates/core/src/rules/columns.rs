//! Fact columns: the facts of many accounts given one column per fact key (the columnar batch
//! path of [`super::RuleEngine::summarize_columns`]).

use super::binding::FactRef;
use super::compiled::FactKind;
use super::facts::{fact_value, optional_day, FactValue, SeriesPoint};
use crate::error::{join_path, Error, ErrorCode, Result};
use chrono::NaiveDate;
use serde::Deserializer;
use serde_json::Value;
use std::collections::BTreeMap;

/// The values of one fact for every account of a batch (row `i` is account `i`).
///
/// Typed columns are read without conversion: a `Texts` column holds texts (a
/// `"YYYY-MM-DD"` text stays a text; give dates as `Dates`). `Values` holds values of any
/// kind, each read as [`super::AccountFacts`] reads a fact.
#[derive(Clone, Debug, PartialEq)]
pub enum FactColumn {
    /// Numbers; NaN is missing.
    Numbers(Vec<f64>),
    /// Texts; `None` is missing.
    Texts(Vec<Option<String>>),
    /// Booleans; `None` is missing.
    Bools(Vec<Option<bool>>),
    /// Calendar days; `None` is missing.
    Dates(Vec<Option<NaiveDate>>),
    /// Series (dates strictly increasing); `None` is missing.
    Series(Vec<Option<Vec<SeriesPoint>>>),
    /// Values of any kind (a fact whose kind varies by account, or a column of nulls).
    Values(Vec<FactValue>),
}

impl FactColumn {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            FactColumn::Numbers(v) => v.len(),
            FactColumn::Texts(v) => v.len(),
            FactColumn::Bools(v) => v.len(),
            FactColumn::Dates(v) => v.len(),
            FactColumn::Series(v) => v.len(),
            FactColumn::Values(v) => v.len(),
        }
    }

    /// Whether the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The kind of the column's values, as named in errors.
    pub fn kind_name(&self) -> &'static str {
        match self {
            FactColumn::Numbers(_) => "numbers",
            FactColumn::Texts(_) => "texts",
            FactColumn::Bools(_) => "booleans",
            FactColumn::Dates(_) => "dates",
            FactColumn::Series(_) => "series",
            FactColumn::Values(_) => "values of any kind",
        }
    }

    /// Whether the rules can read the column as `kind`.
    fn reads_as(&self, kind: FactKind) -> bool {
        matches!(
            (kind, self),
            (FactKind::Any, _)
                | (_, FactColumn::Values(_))
                | (FactKind::Number, FactColumn::Numbers(_))
                | (FactKind::Text, FactColumn::Texts(_))
                | (FactKind::Bool, FactColumn::Bools(_))
                | (FactKind::Date, FactColumn::Dates(_))
                | (FactKind::Series, FactColumn::Series(_))
        )
    }

    /// The value of row `row` (`None`: missing or past the end).
    #[inline]
    pub(crate) fn get(&self, row: usize) -> Option<FactRef<'_>> {
        match self {
            FactColumn::Numbers(v) => v.get(row).map(|&n| FactRef::Number(n)),
            FactColumn::Texts(v) => v.get(row)?.as_deref().map(FactRef::Text),
            FactColumn::Bools(v) => v.get(row).copied().flatten().map(FactRef::Bool),
            FactColumn::Dates(v) => v.get(row).copied().flatten().map(FactRef::Date),
            FactColumn::Series(v) => v.get(row)?.as_deref().map(FactRef::Series),
            FactColumn::Values(v) => v.get(row).map(FactRef::of),
        }
    }

    /// Reads a column from JSON values (one per account), each as a fact value of
    /// [`super::AccountFacts::from_value`]; the column takes the kind its non-null values share
    /// (`Values` if they differ or are all null). `path` prefixes error paths.
    pub fn from_values(values: &[Value], path: &str) -> Result<FactColumn> {
        let facts = values
            .iter()
            .enumerate()
            .map(|(i, v)| fact_value(v, &format!("{path}[{i}]")))
            .collect::<Result<Vec<_>>>()?;
        let mut kind: Option<&'static str> = None;
        let mut mixed = false;
        for f in &facts {
            if matches!(f, FactValue::Null) {
                continue;
            }
            match kind {
                None => kind = Some(f.kind_name()),
                Some(k) if k != f.kind_name() => mixed = true,
                Some(_) => {}
            }
        }
        if mixed {
            return Ok(FactColumn::Values(facts));
        }
        let column = match kind {
            Some("number") => FactColumn::Numbers(
                facts
                    .iter()
                    .map(|f| match f {
                        FactValue::Number(n) => *n,
                        _ => f64::NAN,
                    })
                    .collect(),
            ),
            Some("text") => FactColumn::Texts(
                facts
                    .into_iter()
                    .map(|f| match f {
                        FactValue::Text(t) => Some(t),
                        _ => None,
                    })
                    .collect(),
            ),
            Some("boolean") => FactColumn::Bools(
                facts
                    .iter()
                    .map(|f| match f {
                        FactValue::Bool(b) => Some(*b),
                        _ => None,
                    })
                    .collect(),
            ),
            Some("date") => FactColumn::Dates(
                facts
                    .iter()
                    .map(|f| match f {
                        FactValue::Date(d) => Some(*d),
                        _ => None,
                    })
                    .collect(),
            ),
            Some("series") => FactColumn::Series(
                facts
                    .into_iter()
                    .map(|f| match f {
                        FactValue::Series(p) => Some(p),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => FactColumn::Values(facts),
        };
        Ok(column)
    }
}

/// The facts of a batch of accounts, one [`FactColumn`] per fact key, all of the same length.
///
/// ```
/// use tenure::{FactColumn, FactColumns, NaiveDate, RuleEngine};
/// let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d);
/// let columns = FactColumns::new([
///     ("health_score".to_string(), FactColumn::Numbers(vec![35.0, 90.0])),
///     ("last_login_at".to_string(), FactColumn::Dates(vec![day(1, 20), day(2, 27)])),
/// ])?;
/// let engine = RuleEngine::builtin();
/// let batch = engine.summarize_columns(&columns, NaiveDate::from_ymd_opt(2026, 3, 1))?;
/// assert_eq!(batch.plays_of(0).collect::<Vec<_>>(), ["critical_save_call", "reengage_inactive"]);
/// assert_eq!(batch.plays_of(1).collect::<Vec<_>>(), ["advocacy_ask"]);
/// # Ok::<(), tenure::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FactColumns {
    rows: usize,
    columns: BTreeMap<String, FactColumn>,
    last_fired: BTreeMap<String, Vec<Option<NaiveDate>>>,
}

impl FactColumns {
    /// Columns by fact key; every column must have the same length (`input.column_length`
    /// otherwise, at `columns.<fact>`). A key given twice keeps the last column.
    pub fn new(columns: impl IntoIterator<Item = (String, FactColumn)>) -> Result<FactColumns> {
        let columns: BTreeMap<String, FactColumn> = columns.into_iter().collect();
        let mut rows = None;
        for (key, column) in &columns {
            match rows {
                None => rows = Some(column.len()),
                Some(n) if n != column.len() => {
                    return Err(Error::new(
                        ErrorCode::InputColumnLength,
                        join_path("columns", key),
                        format!(
                            "column has {} values, the others have {n} (one value per account)",
                            column.len()
                        ),
                    )
                    .with_value(column.len()))
                }
                Some(_) => {}
            }
        }
        Ok(FactColumns {
            rows: rows.unwrap_or(0),
            columns,
            last_fired: BTreeMap::new(),
        })
    }

    /// Adds, for cooldowns, the day each play last fired for each account (`None`: never), one
    /// column per play key, as long as the fact columns (`input.column_length` otherwise, at
    /// `last_fired.<play>`). With no fact columns, the first sets the number of accounts.
    pub fn with_last_fired(
        mut self,
        last_fired: impl IntoIterator<Item = (String, Vec<Option<NaiveDate>>)>,
    ) -> Result<FactColumns> {
        for (play, days) in last_fired {
            if self.columns.is_empty() && self.last_fired.is_empty() {
                self.rows = days.len();
            }
            if days.len() != self.rows {
                return Err(Error::new(
                    ErrorCode::InputColumnLength,
                    join_path("last_fired", &play),
                    format!(
                        "column has {} days, the fact columns have {} (one per account)",
                        days.len(),
                        self.rows
                    ),
                )
                .with_value(days.len()));
            }
            self.last_fired.insert(play, days);
        }
        Ok(self)
    }

    /// The `last_fired` column of each play (by index), for the engine.
    pub(crate) fn bind_last_fired<'a>(
        &'a self,
        plays: &[String],
    ) -> Vec<Option<&'a [Option<NaiveDate>]>> {
        plays
            .iter()
            .map(|p| self.last_fired.get(p).map(Vec::as_slice))
            .collect()
    }

    /// Reads columns from JSON: `{fact: [value, ...]}` (values as in
    /// [`FactColumn::from_values`]); errors have paths `columns.<fact>[i]`.
    pub fn from_value(value: &Value) -> Result<FactColumns> {
        let map = value.as_object().ok_or_else(|| {
            Error::new(
                ErrorCode::InputParse,
                "columns",
                format!(
                    "expected an object of fact columns, found {}",
                    super::parse::type_name(value)
                ),
            )
        })?;
        let mut columns = Vec::with_capacity(map.len());
        for (key, v) in map {
            let at = join_path("columns", key);
            let items = v.as_array().ok_or_else(|| {
                Error::new(
                    ErrorCode::InputParse,
                    at.as_str(),
                    format!(
                        "expected an array of values (one per account), found {}",
                        super::parse::type_name(v)
                    ),
                )
            })?;
            columns.push((key.clone(), FactColumn::from_values(items, &at)?));
        }
        FactColumns::new(columns)
    }

    /// Reads columns from the JSON parts of a batch: `columns` (`{fact: [value, ...]}`) and, if
    /// given, `last_fired` (`{play: ["YYYY-MM-DD" or null, ...]}`).
    pub fn from_parts(columns: &Value, last_fired: Option<&Value>) -> Result<FactColumns> {
        let out = FactColumns::from_value(columns)?;
        let Some(last_fired) = last_fired.filter(|v| !v.is_null()) else {
            return Ok(out);
        };
        let map = last_fired.as_object().ok_or_else(|| {
            Error::new(
                ErrorCode::InputParse,
                "last_fired",
                format!(
                    "expected an object of day columns, found {}",
                    super::parse::type_name(last_fired)
                ),
            )
        })?;
        let mut days = Vec::with_capacity(map.len());
        for (play, v) in map {
            let at = join_path("last_fired", play);
            let items = v.as_array().ok_or_else(|| {
                Error::new(
                    ErrorCode::InputParse,
                    at.as_str(),
                    format!(
                        "expected an array of days (one per account), found {}",
                        super::parse::type_name(v)
                    ),
                )
            })?;
            let column = items
                .iter()
                .enumerate()
                .map(|(i, d)| optional_day(d, &format!("{at}[{i}]")))
                .collect::<Result<Vec<_>>>()?;
            days.push((play.clone(), column));
        }
        out.with_last_fired(days)
    }

    /// Adds columns (replacing those of the same key), checking lengths as
    /// [`FactColumns::new`] does (the bindings add the columns they read without conversion).
    pub fn with_columns(
        self,
        more: impl IntoIterator<Item = (String, FactColumn)>,
    ) -> Result<FactColumns> {
        let last_fired = self.last_fired;
        let mut columns = self.columns;
        columns.extend(more);
        FactColumns::new(columns)?.with_last_fired(last_fired)
    }

    /// Number of accounts (rows).
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether there are no accounts.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The column of a fact.
    pub fn column(&self, key: &str) -> Option<&FactColumn> {
        self.columns.get(key)
    }

    /// Binds the columns to fact slots: the column of each slot (`None` if absent), checking
    /// that the rules can read it as the slot's kind (`input.column_kind`).
    pub(crate) fn bind<'a>(
        &'a self,
        keys: &[String],
        kinds: &[FactKind],
    ) -> Result<Vec<Option<&'a FactColumn>>> {
        keys.iter()
            .zip(kinds)
            .map(|(key, &kind)| match self.columns.get(key) {
                Some(column) if !column.reads_as(kind) => Err(Error::new(
                    ErrorCode::InputColumnKind,
                    join_path("columns", key),
                    format!(
                        "the rules read `{key}` as {}, the column holds {}",
                        kind_article(kind),
                        column.kind_name()
                    ),
                )
                .with_value(column.kind_name())),
                other => Ok(other),
            })
            .collect()
    }
}

fn kind_article(kind: FactKind) -> &'static str {
    match kind {
        FactKind::Number => "a number",
        FactKind::Text => "a text",
        FactKind::Bool => "a boolean",
        FactKind::Date => "a date",
        FactKind::Series => "a series",
        FactKind::Any => "any value",
    }
}

/// Reads a batch of fact columns from any serde deserializer (a Python dict or a JavaScript
/// object in the bindings): `{"columns": {fact: [value, ...]}, "last_fired": {play: [day or
/// null, ...]}}` (`last_fired` optional), as [`FactColumns::from_parts`] reads them; any other
/// field is an `input.parse` error.
pub fn deserialize_fact_columns<'de, D>(deserializer: D) -> Result<FactColumns>
where
    D: Deserializer<'de>,
    D::Error: std::fmt::Display,
{
    let value = super::parse::bounded_value(deserializer, ErrorCode::InputParse)?;
    let map = value.as_object().ok_or_else(|| {
        Error::new(
            ErrorCode::InputParse,
            "",
            format!(
                "expected {{\"columns\", \"last_fired\"}}, found {}",
                super::parse::type_name(&value)
            ),
        )
    })?;
    if let Some(k) = map
        .keys()
        .find(|k| !matches!(k.as_str(), "columns" | "last_fired"))
    {
        return Err(Error::new(
            ErrorCode::InputParse,
            k.as_str(),
            format!("unknown field `{k}`, expected columns or last_fired"),
        )
        .with_value(k.as_str()));
    }
    FactColumns::from_parts(
        map.get("columns")
            .unwrap_or(&Value::Object(serde_json::Map::new())),
        map.get("last_fired"),
    )
}
