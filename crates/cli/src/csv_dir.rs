//! A portfolio as a directory of CSV files (see the crate's README for the layout): reading it
//! into a [`tenure::Portfolio`], and writing one out.
//!
//! Row numbers in messages are line numbers of the file (the header is row 1).

use crate::progress::Progress;
use crate::Failure;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::str::FromStr;
use tenure::portfolio::{
    AccountChurn, AccountSubscription, ActivityRecord, Contact, ExpansionOpportunity, Goal,
    OnboardingRecord, RenewalRecord, SurveyResponse, UseCase,
};
use tenure::{
    BillingInterval, CompletedMilestone, FactValue, InputValue, Portfolio, PortfolioAccount,
    ScorePoint, SeriesPoint,
};

/// The account columns of `accounts.csv` (before the `signal.*` and `fact.*` columns).
pub const ACCOUNT_COLUMNS: [&str; 9] = [
    "id",
    "name",
    "arr",
    "segment",
    "csm",
    "customer_since",
    "renewal_date",
    "renewal_signed",
    "open_tickets",
];

/// Where each part of a portfolio read from CSV came from: the file and row of
/// `accounts[i]` and of `accounts[i].nps[j]`, `accounts[i].churn`, ...
#[derive(Clone, Debug, Default)]
pub struct Origins {
    /// Engine path prefix -> (file, row).
    pub rows: BTreeMap<String, (String, u64)>,
}

impl Origins {
    /// The file, row and CSV field of an engine error path (`accounts[3].nps[0].score` ->
    /// `nps.csv`, its row, `score`).
    pub fn locate(&self, path: &str) -> Option<(String, u64, String)> {
        let mut best: Option<(&String, &(String, u64))> = None;
        for (prefix, origin) in &self.rows {
            let matches = path == prefix
                || path.starts_with(&format!("{prefix}."))
                || path.starts_with(&format!("{prefix}["));
            if matches && best.is_none_or(|(b, _)| prefix.len() > b.len()) {
                best = Some((prefix, origin));
            }
        }
        let (prefix, (file, row)) = best?;
        let rest = path
            .get(prefix.len()..)
            .unwrap_or("")
            .trim_start_matches('.');
        let field = if file == "accounts.csv" {
            account_column_of(rest)
        } else {
            rest.to_string()
        };
        Some((file.clone(), *row, field))
    }
}

/// The `accounts.csv` column of a path inside an account.
fn account_column_of(rest: &str) -> String {
    if let Some(k) = rest.strip_prefix("signals.") {
        return format!("signal.{k}");
    }
    if let Some(k) = rest.strip_prefix("facts.") {
        return format!("fact.{k}");
    }
    match rest {
        "renewal.date" | "renewal" => "renewal_date".into(),
        "renewal.signed" => "renewal_signed".into(),
        other => other.to_string(),
    }
}

struct Table {
    file: String,
    headers: Vec<String>,
    rows: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    fn read(dir: &Path, file: &str, required: bool) -> Result<Option<Table>, Failure> {
        let path = dir.join(file);
        if !path.exists() {
            if required {
                return Err(Failure::data(format!(
                    "{}: no such file (a CSV portfolio needs accounts.csv)",
                    path.display()
                )));
            }
            return Ok(None);
        }
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_path(&path)
            .map_err(|e| Failure::data(format!("{}: {}", path.display(), e)))?;
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| Failure::data(format!("{file}: {e}")))?
            .iter()
            // A spreadsheet's UTF-8 byte-order mark is not part of the first column's name.
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
            .collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| match e.position() {
                Some(p) => Failure::data(format!("{file} row {}: {}", p.line(), csv_kind(&e))),
                None => Failure::data(format!("{file}: {e}")),
            })?;
            let line = record.position().map_or(0, csv::Position::line);
            rows.push((line, record));
        }
        Ok(Some(Table {
            file: file.to_string(),
            headers,
            rows,
        }))
    }

    fn check_columns(&self, allowed: &[&str], required: &[&str]) -> Result<(), Failure> {
        for h in &self.headers {
            let known = allowed.contains(&h.as_str())
                || (self.file == "accounts.csv"
                    && (h.starts_with("signal.") || h.starts_with("fact.")));
            if !known {
                return Err(Failure::data(format!(
                    "{}: unknown column {h:?} (columns: {})",
                    self.file,
                    allowed.join(", ")
                )));
            }
        }
        for r in required {
            if !self.headers.iter().any(|h| h == r) {
                return Err(Failure::data(format!(
                    "{}: missing column {r:?}",
                    self.file
                )));
            }
        }
        Ok(())
    }
}

fn csv_kind(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} fields, the header has {expected_len}"),
        _ => e.to_string(),
    }
}

/// One row with its file and line, for typed reads with precise messages.
struct Row<'a> {
    table: &'a Table,
    line: u64,
    record: &'a csv::StringRecord,
}

impl Row<'_> {
    fn raw(&self, column: &str) -> Option<&str> {
        let i = self.table.headers.iter().position(|h| h == column)?;
        self.record.get(i).filter(|s| !s.is_empty())
    }

    fn fail(&self, column: &str, text: &str, what: &str) -> Failure {
        Failure::data(format!(
            "{} row {}, field {column}: {text:?} is not {what}",
            self.table.file, self.line
        ))
    }

    fn required(&self, column: &str) -> Result<&str, Failure> {
        self.raw(column).ok_or_else(|| {
            Failure::data(format!(
                "{} row {}, field {column}: empty (a value is required)",
                self.table.file, self.line
            ))
        })
    }

    fn text(&self, column: &str) -> Option<String> {
        self.raw(column).map(str::to_string)
    }

    fn decimal(&self, column: &str) -> Result<Option<Decimal>, Failure> {
        self.raw(column)
            .map(|s| {
                Decimal::from_str(s)
                    .or_else(|_| Decimal::from_scientific(s))
                    .map_err(|_| self.fail(column, s, "a decimal number"))
            })
            .transpose()
    }

    fn date(&self, column: &str) -> Result<Option<NaiveDate>, Failure> {
        self.raw(column)
            .map(|s| {
                NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .map_err(|_| self.fail(column, s, "a date (YYYY-MM-DD)"))
            })
            .transpose()
    }

    fn number(&self, column: &str) -> Result<Option<f64>, Failure> {
        self.raw(column)
            .map(|s| {
                s.parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| self.fail(column, s, "a number"))
            })
            .transpose()
    }

    fn count(&self, column: &str) -> Result<Option<u32>, Failure> {
        self.raw(column)
            .map(|s| {
                s.parse::<u32>()
                    .map_err(|_| self.fail(column, s, "a whole number (0 or more)"))
            })
            .transpose()
    }

    fn boolean(&self, column: &str) -> Result<Option<bool>, Failure> {
        self.raw(column)
            .map(|s| parse_bool(s).ok_or_else(|| self.fail(column, s, "true or false")))
            .transpose()
    }

    /// An enum of the engine read from its snake_case name (`mid-market` reads as `mid_market`).
    fn key<T: serde::de::DeserializeOwned>(
        &self,
        column: &str,
        what: &str,
    ) -> Result<Option<T>, Failure> {
        self.raw(column)
            .map(|s| {
                let key = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
                serde_json::from_value(serde_json::Value::String(key))
                    .map_err(|_| self.fail(column, s, what))
            })
            .transpose()
    }

    fn required_date(&self, column: &str) -> Result<NaiveDate, Failure> {
        self.required(column)?;
        self.date(column)?
            .ok_or_else(|| self.fail(column, "", "a date (YYYY-MM-DD)"))
    }

    fn required_number(&self, column: &str) -> Result<f64, Failure> {
        self.required(column)?;
        self.number(column)?
            .ok_or_else(|| self.fail(column, "", "a number"))
    }

    fn required_decimal(&self, column: &str) -> Result<Decimal, Failure> {
        self.required(column)?;
        self.decimal(column)?
            .ok_or_else(|| self.fail(column, "", "a decimal number"))
    }
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Some(true),
        "false" | "no" | "0" => Some(false),
        _ => None,
    }
}

/// A `signal.*` cell: `true`/`false`, a number, or text.
fn signal_value(s: &str) -> InputValue {
    match s {
        "true" => InputValue::Bool(true),
        "false" => InputValue::Bool(false),
        _ => match s.parse::<f64>() {
            Ok(x) if x.is_finite() => InputValue::Number(x),
            _ => InputValue::Text(s.to_string()),
        },
    }
}

/// A `fact.*` cell: `true`/`false`, a number, a date, a series `date=value;date=value`, or text.
fn fact_value(s: &str) -> FactValue {
    match s {
        "true" => return FactValue::Bool(true),
        "false" => return FactValue::Bool(false),
        _ => {}
    }
    if let Ok(x) = s.parse::<f64>() {
        if x.is_finite() {
            return FactValue::Number(x);
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return FactValue::Date(d);
    }
    if s.contains('=') {
        let points: Option<Vec<SeriesPoint>> = s
            .split(';')
            .map(|part| {
                let (d, v) = part.split_once('=')?;
                Some(SeriesPoint {
                    date: NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok()?,
                    value: v.trim().parse::<f64>().ok().filter(|x| x.is_finite())?,
                })
            })
            .collect();
        if let Some(points) = points {
            return FactValue::Series(points);
        }
    }
    FactValue::Text(s.to_string())
}

/// The item files: name, columns, required columns.
const ITEM_FILES: [(&str, &[&str], &[&str]); 14] = [
    (
        "score_history.csv",
        &["account", "date", "score"],
        &["account", "date", "score"],
    ),
    (
        "subscriptions.csv",
        &["account", "start", "end", "amount", "interval"],
        &["account", "start", "amount"],
    ),
    (
        "churn.csv",
        &[
            "account",
            "date",
            "category",
            "sub_reason",
            "arr",
            "win_back_sent",
        ],
        &["account", "date"],
    ),
    (
        "nps.csv",
        &["account", "date", "score"],
        &["account", "date", "score"],
    ),
    (
        "csat.csv",
        &["account", "date", "score"],
        &["account", "date", "score"],
    ),
    (
        "onboarding.csv",
        &["account", "start_date", "first_value_on"],
        &["account", "start_date"],
    ),
    (
        "milestones.csv",
        &["account", "milestone", "on"],
        &["account", "milestone"],
    ),
    (
        "touches.csv",
        &["account", "sync", "async", "qbr", "executive"],
        &["account"],
    ),
    ("qbrs.csv", &["account", "date"], &["account", "date"]),
    (
        "contacts.csv",
        &[
            "account",
            "name",
            "role",
            "title",
            "email",
            "last_engaged_on",
        ],
        &["account", "name"],
    ),
    (
        "opportunities.csv",
        &["account", "name", "arr", "stage", "expected_close"],
        &["account", "name", "arr"],
    ),
    (
        "activity.csv",
        &[
            "account",
            "active_days_per_week",
            "last_active_on",
            "features_used",
            "creates_content",
        ],
        &["account", "active_days_per_week"],
    ),
    (
        "goals.csv",
        &[
            "account",
            "objective",
            "metric",
            "baseline",
            "target",
            "due",
            "status",
        ],
        &["account", "objective"],
    ),
    (
        "use_cases.csv",
        &["account", "name", "status", "go_live_date"],
        &["account", "name"],
    ),
];

/// Reads a CSV portfolio directory (the portfolio is validated by the caller).
pub fn read_dir(dir: &Path, progress: &mut Progress) -> Result<(Portfolio, Origins), Failure> {
    if !dir.is_dir() {
        return Err(Failure::data(format!(
            "{}: not a directory of CSV files",
            dir.display()
        )));
    }
    let mut origins = Origins::default();
    let accounts_table = Table::read(dir, "accounts.csv", true)?
        .ok_or_else(|| Failure::data("accounts.csv: missing"))?;
    accounts_table.check_columns(&ACCOUNT_COLUMNS, &["id", "arr"])?;
    let mut item_tables = Vec::new();
    for (file, columns, required) in ITEM_FILES {
        if let Some(t) = Table::read(dir, file, false)? {
            t.check_columns(columns, required)?;
            item_tables.push(t);
        }
    }
    let total: usize =
        accounts_table.rows.len() + item_tables.iter().map(|t| t.rows.len()).sum::<usize>();
    progress.start("reading CSV portfolio", total);

    let mut accounts: Vec<PortfolioAccount> = Vec::with_capacity(accounts_table.rows.len());
    let mut index: HashMap<String, usize> = HashMap::new();
    for (line, record) in &accounts_table.rows {
        let row = Row {
            table: &accounts_table,
            line: *line,
            record,
        };
        let id = row.required("id")?.to_string();
        if index.contains_key(&id) {
            return Err(Failure::data(format!(
                "accounts.csv row {line}, field id: account {id:?} is given twice"
            )));
        }
        let mut account = PortfolioAccount::new(id.clone(), row.required_decimal("arr")?);
        account.name = row.text("name");
        account.segment = row.key(
            "segment",
            "a segment (enterprise, mid_market, smb, self_serve)",
        )?;
        account.csm = row.text("csm");
        account.customer_since = row.date("customer_since")?;
        account.open_tickets = row.count("open_tickets")?;
        if let Some(date) = row.date("renewal_date")? {
            account.renewal = Some(RenewalRecord {
                date,
                signed: row.boolean("renewal_signed")?.unwrap_or(false),
                completed: Vec::new(),
            });
        } else if row.raw("renewal_signed").is_some() {
            row.boolean("renewal_signed")?;
        }
        for (h, cell) in accounts_table.headers.iter().zip(record.iter()) {
            if cell.is_empty() {
                continue;
            }
            if let Some(key) = h.strip_prefix("signal.") {
                account
                    .signals
                    .insert(key.to_string(), Some(signal_value(cell)));
            } else if let Some(key) = h.strip_prefix("fact.") {
                account.facts.insert(key.to_string(), fact_value(cell));
            }
        }
        let i = accounts.len();
        origins
            .rows
            .insert(format!("accounts[{i}]"), ("accounts.csv".into(), *line));
        index.insert(id, i);
        accounts.push(account);
        progress.tick();
    }

    for table in &item_tables {
        for (line, record) in &table.rows {
            let row = Row {
                table,
                line: *line,
                record,
            };
            let id = row.required("account")?;
            let Some(&i) = index.get(id) else {
                return Err(Failure::data(format!(
                    "{} row {line}, field account: {id:?} is not an account of accounts.csv",
                    table.file
                )));
            };
            let Some(account) = accounts.get_mut(i) else {
                continue;
            };
            let base = format!("accounts[{i}]");
            let origin = (table.file.clone(), *line);
            let mut at = |path: String| {
                origins.rows.insert(path, origin.clone());
            };
            match table.file.as_str() {
                "score_history.csv" => {
                    at(format!(
                        "{base}.score_history[{}]",
                        account.score_history.len()
                    ));
                    account.score_history.push(ScorePoint {
                        date: row.required_date("date")?,
                        score: row.required_number("score")?,
                    });
                }
                "subscriptions.csv" => {
                    at(format!(
                        "{base}.subscriptions[{}]",
                        account.subscriptions.len()
                    ));
                    account.subscriptions.push(AccountSubscription {
                        start: row.required_date("start")?,
                        end: row.date("end")?,
                        amount: row.required_decimal("amount")?,
                        interval: row
                            .key::<BillingInterval>(
                                "interval",
                                "a billing interval (weekly, monthly, quarterly, semi_annual, annual)",
                            )?
                            .unwrap_or_default(),
                    });
                }
                "churn.csv" => {
                    if account.churn.is_some() {
                        return Err(Failure::data(format!(
                            "churn.csv row {line}, field account: account {id:?} has a churn already"
                        )));
                    }
                    at(format!("{base}.churn"));
                    let win_back_sent = match row.raw("win_back_sent") {
                        None => Vec::new(),
                        Some(s) => s
                            .split(';')
                            .map(|d| d.trim().parse::<u32>())
                            .collect::<Result<Vec<_>, _>>()
                            .map_err(|_| {
                                row.fail("win_back_sent", s, "days separated by ';' (7;30)")
                            })?,
                    };
                    account.churn = Some(AccountChurn {
                        date: row.required_date("date")?,
                        category: row.text("category"),
                        sub_reason: row.text("sub_reason"),
                        arr: row.decimal("arr")?,
                        win_back_sent,
                    });
                }
                "nps.csv" | "csat.csv" => {
                    let response = SurveyResponse {
                        date: row.required_date("date")?,
                        score: row.required_number("score")?,
                    };
                    if table.file == "nps.csv" {
                        at(format!("{base}.nps[{}]", account.nps.len()));
                        account.nps.push(response);
                    } else {
                        at(format!("{base}.csat[{}]", account.csat.len()));
                        account.csat.push(response);
                    }
                }
                "onboarding.csv" => {
                    let start_date = row.required_date("start_date")?;
                    let first_value_on = row.date("first_value_on")?;
                    at(format!("{base}.onboarding"));
                    let record = account
                        .onboarding
                        .get_or_insert_with(OnboardingRecord::default);
                    record.start_date = start_date;
                    record.first_value_on = first_value_on;
                }
                "milestones.csv" => {
                    let Some(record) = account.onboarding.as_mut() else {
                        return Err(Failure::data(format!(
                            "milestones.csv row {line}, field account: account {id:?} has no row in onboarding.csv"
                        )));
                    };
                    at(format!(
                        "{base}.onboarding.completed[{}]",
                        record.completed.len()
                    ));
                    record.completed.push(CompletedMilestone {
                        milestone: row.required("milestone")?.to_string(),
                        on: row.date("on")?,
                    });
                }
                "touches.csv" => {
                    at(format!("{base}.last_touches"));
                    account.last_touches.sync = row.date("sync")?;
                    account.last_touches.async_check_in = row.date("async")?;
                    account.last_touches.qbr = row.date("qbr")?;
                    account.last_touches.executive = row.date("executive")?;
                }
                "qbrs.csv" => {
                    at(format!("{base}.qbrs[{}]", account.qbrs.len()));
                    account.qbrs.push(row.required_date("date")?);
                }
                "contacts.csv" => {
                    at(format!("{base}.contacts[{}]", account.contacts.len()));
                    account.contacts.push(Contact {
                        name: row.required("name")?.to_string(),
                        role: row
                            .key(
                                "role",
                                "a role (champion, exec_sponsor, technical_lead, decision_maker, user)",
                            )?
                            .unwrap_or_default(),
                        title: row.text("title"),
                        email: row.text("email"),
                        last_engaged_on: row.date("last_engaged_on")?,
                    });
                }
                "opportunities.csv" => {
                    at(format!(
                        "{base}.opportunities[{}]",
                        account.opportunities.len()
                    ));
                    account.opportunities.push(ExpansionOpportunity {
                        name: row.required("name")?.to_string(),
                        arr: row.required_decimal("arr")?,
                        stage: row
                            .key(
                                "stage",
                                "a stage (identified, conversation, proposal, won, lost)",
                            )?
                            .unwrap_or_default(),
                        expected_close: row.date("expected_close")?,
                    });
                }
                "activity.csv" => {
                    at(format!("{base}.activity"));
                    account.activity = Some(ActivityRecord {
                        active_days_per_week: row.required_number("active_days_per_week")?,
                        last_active_on: row.date("last_active_on")?,
                        features_used: row.count("features_used")?,
                        creates_content: row.boolean("creates_content")?,
                    });
                }
                "goals.csv" => {
                    at(format!("{base}.goals[{}]", account.goals.len()));
                    account.goals.push(Goal {
                        objective: row.required("objective")?.to_string(),
                        metric: row.text("metric"),
                        baseline: row.text("baseline"),
                        target: row.text("target"),
                        due: row.date("due")?,
                        status: row
                            .key(
                                "status",
                                "a goal status (not_started, in_progress, achieved, missed)",
                            )?
                            .unwrap_or_default(),
                    });
                }
                "use_cases.csv" => {
                    at(format!("{base}.use_cases[{}]", account.use_cases.len()));
                    account.use_cases.push(UseCase {
                        name: row.required("name")?.to_string(),
                        status: row
                            .key(
                                "status",
                                "a use-case status (not_started, in_progress, live, optimizing)",
                            )?
                            .unwrap_or_default(),
                        go_live_date: row.date("go_live_date")?,
                    });
                }
                _ => {}
            }
            progress.tick();
        }
    }
    progress.finish();
    Ok((
        Portfolio {
            accounts,
            ..Portfolio::default()
        },
        origins,
    ))
}

fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn key_text<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn signal_text(value: &InputValue) -> String {
    match value {
        InputValue::Bool(b) => b.to_string(),
        InputValue::Number(x) => x.to_string(),
        InputValue::Text(s) => s.clone(),
    }
}

fn fact_text(value: &FactValue) -> String {
    match value {
        FactValue::Null => String::new(),
        FactValue::Number(x) => x.to_string(),
        FactValue::Text(s) => s.clone(),
        FactValue::Bool(b) => b.to_string(),
        FactValue::Date(d) => d.to_string(),
        FactValue::Series(points) => points
            .iter()
            .map(|p| format!("{}={}", p.date, p.value))
            .collect::<Vec<_>>()
            .join(";"),
    }
}

/// Writes a portfolio as a CSV directory (item files only when some account has such items).
/// Models, rules, currency, `attributes` and `last_fired` have no CSV form and are not written.
pub fn write_dir(portfolio: &Portfolio, dir: &Path) -> Result<(), Failure> {
    std::fs::create_dir_all(dir).map_err(|e| Failure::data(format!("{}: {e}", dir.display())))?;
    let signals: BTreeSet<&str> = portfolio
        .accounts
        .iter()
        .flat_map(|a| a.signals.keys().map(String::as_str))
        .collect();
    let facts: BTreeSet<&str> = portfolio
        .accounts
        .iter()
        .flat_map(|a| a.facts.keys().map(String::as_str))
        .collect();
    let mut header: Vec<String> = ACCOUNT_COLUMNS.iter().map(|s| s.to_string()).collect();
    header.extend(signals.iter().map(|k| format!("signal.{k}")));
    header.extend(facts.iter().map(|k| format!("fact.{k}")));
    let mut rows = Vec::new();
    for a in &portfolio.accounts {
        let mut row = vec![
            a.id.clone(),
            a.name.clone().unwrap_or_default(),
            a.arr.to_string(),
            a.segment.map(|s| key_text(&s)).unwrap_or_default(),
            a.csm.clone().unwrap_or_default(),
            date_text(a.customer_since),
            date_text(a.renewal.as_ref().map(|r| r.date)),
            a.renewal
                .as_ref()
                .map(|r| r.signed.to_string())
                .unwrap_or_default(),
            a.open_tickets.map(|n| n.to_string()).unwrap_or_default(),
        ];
        for k in &signals {
            row.push(
                a.signals
                    .get(*k)
                    .and_then(Option::as_ref)
                    .map(signal_text)
                    .unwrap_or_default(),
            );
        }
        for k in &facts {
            row.push(a.facts.get(*k).map(fact_text).unwrap_or_default());
        }
        rows.push(row);
    }
    write_file(dir, "accounts.csv", &header, &rows)?;

    let mut files: BTreeMap<&str, (Vec<&str>, Vec<Vec<String>>)> = BTreeMap::new();
    for (file, columns, _) in ITEM_FILES {
        files.insert(file, (columns.to_vec(), Vec::new()));
    }
    let mut push = |file: &str, row: Vec<String>| {
        if let Some((_, rows)) = files.get_mut(file) {
            rows.push(row);
        }
    };
    for a in &portfolio.accounts {
        let id = || a.id.clone();
        for p in &a.score_history {
            push(
                "score_history.csv",
                vec![id(), p.date.to_string(), p.score.to_string()],
            );
        }
        for s in &a.subscriptions {
            push(
                "subscriptions.csv",
                vec![
                    id(),
                    s.start.to_string(),
                    date_text(s.end),
                    s.amount.to_string(),
                    key_text(&s.interval),
                ],
            );
        }
        if let Some(c) = &a.churn {
            push(
                "churn.csv",
                vec![
                    id(),
                    c.date.to_string(),
                    c.category.clone().unwrap_or_default(),
                    c.sub_reason.clone().unwrap_or_default(),
                    c.arr.map(|x| x.to_string()).unwrap_or_default(),
                    c.win_back_sent
                        .iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join(";"),
                ],
            );
        }
        for r in &a.nps {
            push(
                "nps.csv",
                vec![id(), r.date.to_string(), r.score.to_string()],
            );
        }
        for r in &a.csat {
            push(
                "csat.csv",
                vec![id(), r.date.to_string(), r.score.to_string()],
            );
        }
        if let Some(o) = &a.onboarding {
            push(
                "onboarding.csv",
                vec![id(), o.start_date.to_string(), date_text(o.first_value_on)],
            );
            for m in &o.completed {
                push(
                    "milestones.csv",
                    vec![id(), m.milestone.clone(), date_text(m.on)],
                );
            }
        }
        let t = &a.last_touches;
        if t.sync.is_some()
            || t.async_check_in.is_some()
            || t.qbr.is_some()
            || t.executive.is_some()
        {
            push(
                "touches.csv",
                vec![
                    id(),
                    date_text(t.sync),
                    date_text(t.async_check_in),
                    date_text(t.qbr),
                    date_text(t.executive),
                ],
            );
        }
        for d in &a.qbrs {
            push("qbrs.csv", vec![id(), d.to_string()]);
        }
        for c in &a.contacts {
            push(
                "contacts.csv",
                vec![
                    id(),
                    c.name.clone(),
                    key_text(&c.role),
                    c.title.clone().unwrap_or_default(),
                    c.email.clone().unwrap_or_default(),
                    date_text(c.last_engaged_on),
                ],
            );
        }
        for o in &a.opportunities {
            push(
                "opportunities.csv",
                vec![
                    id(),
                    o.name.clone(),
                    o.arr.to_string(),
                    key_text(&o.stage),
                    date_text(o.expected_close),
                ],
            );
        }
        if let Some(x) = &a.activity {
            push(
                "activity.csv",
                vec![
                    id(),
                    x.active_days_per_week.to_string(),
                    date_text(x.last_active_on),
                    x.features_used.map(|n| n.to_string()).unwrap_or_default(),
                    x.creates_content.map(|b| b.to_string()).unwrap_or_default(),
                ],
            );
        }
        for g in &a.goals {
            push(
                "goals.csv",
                vec![
                    id(),
                    g.objective.clone(),
                    g.metric.clone().unwrap_or_default(),
                    g.baseline.clone().unwrap_or_default(),
                    g.target.clone().unwrap_or_default(),
                    date_text(g.due),
                    key_text(&g.status),
                ],
            );
        }
        for u in &a.use_cases {
            push(
                "use_cases.csv",
                vec![
                    id(),
                    u.name.clone(),
                    key_text(&u.status),
                    date_text(u.go_live_date),
                ],
            );
        }
    }
    for (file, (columns, rows)) in &files {
        if !rows.is_empty() {
            let header: Vec<String> = columns.iter().map(|s| s.to_string()).collect();
            write_file(dir, file, &header, rows)?;
        }
    }
    Ok(())
}

fn write_file(
    dir: &Path,
    file: &str,
    header: &[String],
    rows: &[Vec<String>],
) -> Result<(), Failure> {
    let path = dir.join(file);
    let fail = |e: &dyn std::fmt::Display| Failure::data(format!("{}: {e}", path.display()));
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_path(&path)
        .map_err(|e| fail(&e))?;
    writer.write_record(header).map_err(|e| fail(&e))?;
    for row in rows {
        writer.write_record(row).map_err(|e| fail(&e))?;
    }
    writer.flush().map_err(|e| fail(&e))?;
    Ok(())
}
