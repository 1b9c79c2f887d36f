//! The `tenure` command-line program: reads a portfolio (a JSON file or a directory of CSV
//! files), runs the seed's commands on it and prints them as readable tables or JSON.
//!
//! Only this crate reads files; the engine (`tenure`) has no I/O.
#![forbid(unsafe_code)]

pub mod csv_dir;
pub mod node;
pub mod progress;
pub mod render;
pub mod review;
pub mod sample;

use csv_dir::Origins;
use progress::Progress;
use std::path::Path;
use tenure::Portfolio;

/// Exit code of a data error (unreadable or invalid input, unknown account).
pub const EXIT_DATA: u8 = 1;
/// Exit code of a usage error (bad flags or arguments).
pub const EXIT_USAGE: u8 = 2;

/// A failure with its message (without the `error: ` prefix) and exit code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// What went wrong, naming the file, row and field where there is one.
    pub message: String,
    /// Process exit code.
    pub exit: u8,
}

impl Failure {
    /// A data error (exit code 1).
    pub fn data(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            exit: EXIT_DATA,
        }
    }

    /// A usage error (exit code 2).
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            exit: EXIT_USAGE,
        }
    }
}

/// Where a portfolio was read from, to place the engine's errors in the file.
#[derive(Clone, Debug)]
pub enum Source {
    /// A JSON file.
    Json {
        /// File name as given.
        file: String,
    },
    /// A CSV directory.
    Csv {
        /// Directory as given.
        dir: String,
        /// File and row of each record.
        origins: Origins,
    },
}

/// A portfolio with where it came from.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The portfolio (validated).
    pub portfolio: Portfolio,
    /// Its source.
    pub source: Source,
}

impl Loaded {
    /// The message of an engine error, placed in the source: `portfolio.json: accounts[3]
    /// (id "acme") field nps[0].score: ... (code input.out_of_range)` or `nps.csv row 12, field
    /// score: ...`.
    pub fn describe(&self, error: &tenure::Error) -> String {
        describe_error(error, &self.source, Some(&self.portfolio))
    }
}

fn value_text(error: &tenure::Error) -> String {
    match error.value() {
        Some(serde_json::Value::String(s)) => format!(" (value {s:?})"),
        Some(v) => format!(" (value {v})"),
        None => String::new(),
    }
}

/// `accounts[3].nps[0].score` -> (3, "nps[0].score").
fn split_account_path(path: &str) -> Option<(usize, &str)> {
    let rest = path.strip_prefix("accounts[")?;
    let close = rest.find(']')?;
    let index = rest.get(..close)?.parse().ok()?;
    let field = rest.get(close + 1..)?.trim_start_matches('.');
    Some((index, field))
}

/// The message of an engine error met reading or running on a portfolio.
pub fn describe_error(
    error: &tenure::Error,
    source: &Source,
    portfolio: Option<&Portfolio>,
) -> String {
    let code = error.code().as_str();
    let message = error.message();
    let value = value_text(error);
    match source {
        Source::Csv { dir, origins } => match origins.locate(error.path()) {
            Some((file, row, field)) if !field.is_empty() => {
                format!("{dir}/{file} row {row}, field {field}: {message}{value} (code {code})")
            }
            Some((file, row, _)) => {
                format!("{dir}/{file} row {row}: {message}{value} (code {code})")
            }
            None => located(dir, error.path(), message, &value, code, portfolio),
        },
        Source::Json { file } => located(file, error.path(), message, &value, code, portfolio),
    }
}

fn located(
    file: &str,
    path: &str,
    message: &str,
    value: &str,
    code: &str,
    portfolio: Option<&Portfolio>,
) -> String {
    if let Some((index, field)) = split_account_path(path) {
        let id = portfolio
            .and_then(|p| p.accounts.get(index))
            .map(|a| format!(" (id {:?})", a.id))
            .unwrap_or_default();
        let field = if field.is_empty() {
            String::new()
        } else {
            format!(" field {field}")
        };
        format!("{file}: accounts[{index}]{id}{field}: {message}{value} (code {code})")
    } else if path.is_empty() {
        format!("{file}: {message}{value} (code {code})")
    } else {
        format!("{file}: {path}: {message}{value} (code {code})")
    }
}

/// Reads a portfolio: a `.json` file, or a directory of CSV files; validates it.
pub fn load_portfolio(path: &Path, progress: &mut Progress) -> Result<Loaded, Failure> {
    let shown = path.display().to_string();
    if path.is_dir() {
        let (portfolio, origins) = csv_dir::read_dir(path, progress)?;
        let source = Source::Csv {
            dir: shown.trim_end_matches('/').to_string(),
            origins,
        };
        portfolio
            .validate()
            .map_err(|e| Failure::data(describe_error(&e, &source, Some(&portfolio))))?;
        return Ok(Loaded { portfolio, source });
    }
    let text = std::fs::read_to_string(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Failure::data(format!("{shown}: no such file or directory"))
        } else {
            Failure::data(format!("{shown}: {e}"))
        }
    })?;
    let source = Source::Json { file: shown };
    match Portfolio::from_json(&text) {
        Ok(portfolio) => Ok(Loaded { portfolio, source }),
        Err(e) => {
            // For the account's id in the message, read the text leniently.
            let lenient: Option<Portfolio> = account_ids(&text).map(|ids| Portfolio {
                accounts: ids
                    .into_iter()
                    .map(|id| tenure::PortfolioAccount::new(id, rust_decimal::Decimal::ZERO))
                    .collect(),
                ..Portfolio::default()
            });
            Err(Failure::data(describe_error(&e, &source, lenient.as_ref())))
        }
    }
}

fn account_ids(text: &str) -> Option<Vec<String>> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let accounts = value.get("accounts")?.as_array()?;
    Some(
        accounts
            .iter()
            .map(|a| {
                a.get("id")
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string()
            })
            .collect(),
    )
}

/// Edit distance of two short texts.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let delete = previous.get(j + 1).copied().unwrap_or(0) + 1;
            let insert = current.get(j).copied().unwrap_or(0) + 1;
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

/// Up to five account ids close to `wanted` (by edit distance, or containing it).
pub fn close_ids(portfolio: &Portfolio, wanted: &str) -> Vec<String> {
    let wanted_lower = wanted.to_ascii_lowercase();
    let mut scored: Vec<(usize, &str)> = portfolio
        .accounts
        .iter()
        .map(|a| {
            let id = a.id.as_str();
            let lower = id.to_ascii_lowercase();
            let name = a.name.as_deref().unwrap_or("").to_ascii_lowercase();
            let d = if lower.contains(&wanted_lower) || name.contains(&wanted_lower) {
                0
            } else {
                distance(&wanted_lower, &lower)
            };
            (d, id)
        })
        .collect();
    scored.sort();
    let limit = (wanted.chars().count() / 2).max(3);
    scored
        .into_iter()
        .filter(|(d, _)| *d <= limit)
        .take(5)
        .map(|(_, id)| id.to_string())
        .collect()
}

/// What `tenure validate` prints: how many accounts and records a portfolio holds.
pub fn summary(portfolio: &Portfolio) -> serde_json::Value {
    let a = &portfolio.accounts;
    let count = |f: &dyn Fn(&tenure::PortfolioAccount) -> usize| -> usize { a.iter().map(f).sum() };
    let mut segments = std::collections::BTreeMap::<String, usize>::new();
    let mut csms = std::collections::BTreeSet::<&str>::new();
    for account in a {
        let key = serde_json::to_value(account.segment_or_tier())
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        *segments.entry(key).or_insert(0) += 1;
        if let Some(c) = &account.csm {
            csms.insert(c);
        }
    }
    let total_arr: rust_decimal::Decimal = a.iter().map(|x| x.arr).sum();
    serde_json::json!({
        "accounts": a.len(),
        "total_arr": total_arr.to_string(),
        "csms": csms.len(),
        "by_segment": segments,
        "records": {
            "signals": count(&|x| x.signals.len()),
            "facts": count(&|x| x.facts.len()),
            "score_history": count(&|x| x.score_history.len()),
            "subscriptions": count(&|x| x.subscriptions.len()),
            "churns": count(&|x| usize::from(x.churn.is_some())),
            "nps": count(&|x| x.nps.len()),
            "csat": count(&|x| x.csat.len()),
            "onboardings": count(&|x| usize::from(x.onboarding.is_some())),
            "qbrs": count(&|x| x.qbrs.len()),
            "contacts": count(&|x| x.contacts.len()),
            "opportunities": count(&|x| x.opportunities.len()),
            "activity": count(&|x| usize::from(x.activity.is_some())),
            "goals": count(&|x| x.goals.len()),
            "use_cases": count(&|x| x.use_cases.len()),
        },
        "first_accounts": a.iter().take(5).map(|x| x.id.clone()).collect::<Vec<_>>(),
        "model": if portfolio.model.is_some() { "portfolio's own" } else { "built-in" },
        "rules": if portfolio.rules.is_some() { "portfolio's own" } else { "built-in pack" },
    })
}
