//! `tenure`: the seed's customer-success commands over a portfolio.
#![forbid(unsafe_code)]

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use tenure::{Command, CommandOptions, ErrorCode, Portfolio};
use tenure_cli::node::Node;
use tenure_cli::progress::Progress;
use tenure_cli::render::{render, RenderOptions};
use tenure_cli::{close_ids, load_portfolio, Failure, Loaded, EXIT_USAGE};

/// Customer-success commands over a portfolio of accounts: health scores, churn risk,
/// renewal prep, the weekly portfolio review, cohorts and NRR.
#[derive(Parser, Debug)]
#[command(name = "tenure", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Health score of an account, with its explanation and trend.
    Score(AccountArgs),
    /// 90-day onboarding plan of an account and its onboarding risks.
    OnboardingPlan(AccountArgs),
    /// QBR agenda, data summary, checklist and recommendations.
    QbrPrep(AccountArgs),
    /// Leading indicators and a risk assessment.
    ChurnRisk(AccountArgs),
    /// Expansion plays, scored, and the open pipeline.
    ExpansionOpportunities(AccountArgs),
    /// Win-back sequence of a churned account, by churn reason.
    WinBackPlan(AccountArgs),
    /// Renewal timeline, risk assessment and talk track.
    RenewalPrep(AccountArgs),
    /// Weekly CS dashboard and the monthly review answers over all accounts.
    #[command(alias = "portfolio-review")]
    Review(ReviewArgs),
    /// Retention cohort table of the subscriptions.
    CohortAnalysis(CohortArgs),
    /// Success plan of an account: goals, stakeholders, milestones, risks.
    SuccessPlan(AccountArgs),
    /// Intervention plan for an at-risk account.
    SavePlay(AccountArgs),
    /// Net revenue retention with the expansion and contraction breakdown.
    NrrReport(NrrArgs),
    /// Reads and validates a portfolio; prints what it holds.
    Validate(ValidateArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Readable tables.
    Table,
    /// JSON (the engine's output, pretty-printed).
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Period {
    /// Calendar months.
    Month,
    /// Calendar quarters.
    Quarter,
}

#[derive(Args, Debug)]
struct Common {
    /// Portfolio: a .json file, or a directory of CSV files (accounts.csv, ...).
    #[arg(long, value_name = "PATH")]
    portfolio: PathBuf,
    /// The day of the answer (YYYY-MM-DD); the clock is never read.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    as_of: NaiveDate,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Show every row and every character (no "... N more").
    #[arg(long)]
    full: bool,
    /// Show progress on stderr even when it is not a terminal.
    #[arg(long)]
    progress: bool,
}

#[derive(Args, Debug)]
struct AccountArgs {
    /// Account id.
    #[arg(value_name = "ACCOUNT", required_unless_present = "all")]
    account: Option<String>,
    /// Run over every account (JSON output: an array).
    #[arg(long, conflicts_with = "account")]
    all: bool,
    #[command(flatten)]
    common: Common,
}

#[derive(Args, Debug)]
struct ReviewArgs {
    /// Number of at-risk accounts listed (default 10).
    #[arg(long, value_name = "N")]
    top: Option<usize>,
    #[command(flatten)]
    common: Common,
}

#[derive(Args, Debug)]
struct CohortArgs {
    /// Cohorts by month (default) or quarter.
    #[arg(long, value_enum)]
    period: Option<Period>,
    #[command(flatten)]
    common: Common,
}

#[derive(Args, Debug)]
struct NrrArgs {
    /// First month (YYYY-MM; default 12 months before --as-of).
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    from: Option<tenure::Month>,
    /// Last month (YYYY-MM; default the month before --as-of).
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    through: Option<tenure::Month>,
    #[command(flatten)]
    common: Common,
}

#[derive(Args, Debug)]
struct ValidateArgs {
    /// Portfolio: a .json file, or a directory of CSV files.
    #[arg(long, value_name = "PATH")]
    portfolio: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Show progress on stderr even when it is not a terminal.
    #[arg(long)]
    progress: bool,
}

fn parse_day(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("{text:?} is not a date (YYYY-MM-DD, e.g. 2026-11-30)"))
}

fn parse_month(text: &str) -> Result<tenure::Month, String> {
    text.parse::<tenure::Month>()
        .map_err(|_| format!("{text:?} is not a month (YYYY-MM, e.g. 2026-01)"))
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { 0 });
        }
    };
    match run(cli) {
        Ok(text) => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error.
            let _ = out.write_all(text.as_bytes());
            let _ = out.flush();
            ExitCode::SUCCESS
        }
        Err(failure) => {
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err, "error: {}", failure.message);
            ExitCode::from(failure.exit)
        }
    }
}

fn run(cli: Cli) -> Result<String, Failure> {
    match cli.command {
        Cmd::Score(a) => account_command(Command::Score, a),
        Cmd::OnboardingPlan(a) => account_command(Command::OnboardingPlan, a),
        Cmd::QbrPrep(a) => account_command(Command::QbrPrep, a),
        Cmd::ChurnRisk(a) => account_command(Command::ChurnRisk, a),
        Cmd::ExpansionOpportunities(a) => account_command(Command::ExpansionOpportunities, a),
        Cmd::WinBackPlan(a) => account_command(Command::WinBackPlan, a),
        Cmd::RenewalPrep(a) => account_command(Command::RenewalPrep, a),
        Cmd::SuccessPlan(a) => account_command(Command::SuccessPlan, a),
        Cmd::SavePlay(a) => account_command(Command::SavePlay, a),
        Cmd::Review(r) => {
            let options = CommandOptions {
                top: r.top,
                ..CommandOptions::default()
            };
            portfolio_command(Command::PortfolioReview, &r.common, &options)
        }
        Cmd::CohortAnalysis(c) => {
            let period = c.period.map(|p| match p {
                Period::Month => "month",
                Period::Quarter => "quarter",
            });
            let options: CommandOptions =
                serde_json::from_value(serde_json::json!({ "period": period }))
                    .map_err(|e| Failure::usage(format!("--period: {e}")))?;
            portfolio_command(Command::CohortAnalysis, &c.common, &options)
        }
        Cmd::NrrReport(n) => {
            if let (Some(from), Some(through)) = (n.from, n.through) {
                if from > through {
                    return Err(Failure::usage(format!(
                        "--from {from} is after --through {through}"
                    )));
                }
            }
            let options = CommandOptions {
                from: n.from,
                through: n.through,
                ..CommandOptions::default()
            };
            portfolio_command(Command::NrrReport, &n.common, &options)
        }
        Cmd::Validate(v) => validate(&v),
    }
}

fn load(path: &std::path::Path, forced_progress: bool) -> Result<Loaded, Failure> {
    let mut progress = Progress::new(forced_progress);
    load_portfolio(path, &mut progress)
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, Failure> {
    serde_json::to_string_pretty(value)
        .map(|mut s| {
            s.push('\n');
            s
        })
        .map_err(|e| Failure::data(format!("cannot write the answer as JSON: {e}")))
}

fn to_node<T: serde::Serialize>(value: &T) -> Result<Node, Failure> {
    Node::of(value).map_err(|e| Failure::data(format!("cannot render the answer: {e}")))
}

fn render_options(common: &Common) -> RenderOptions {
    RenderOptions { full: common.full }
}

fn unknown_account(portfolio: &Portfolio, id: &str) -> Failure {
    let close = close_ids(portfolio, id);
    let hint = if close.is_empty() {
        format!(
            " ({} accounts; `tenure validate` lists a few)",
            portfolio.accounts.len()
        )
    } else {
        format!("; did you mean: {}?", close.join(", "))
    };
    Failure::data(format!("no account {id:?} in the portfolio{hint}"))
}

fn account_command(command: Command, args: AccountArgs) -> Result<String, Failure> {
    let loaded = load(&args.common.portfolio, args.common.progress)?;
    let portfolio = &loaded.portfolio;
    let as_of = args.common.as_of;
    let options = CommandOptions::default();
    if !args.all {
        let id = args
            .account
            .as_deref()
            .ok_or_else(|| Failure::usage("give an account id, or --all"))?;
        if portfolio.account(id).is_err() {
            return Err(unknown_account(portfolio, id));
        }
        let output = tenure::run_command(portfolio, command, Some(id), as_of, &options)
            .map_err(|e| Failure::data(loaded.describe(&e)))?;
        return match args.common.format {
            Format::Json => to_json(&output),
            Format::Table => Ok(render(&to_node(&output)?, render_options(&args.common))),
        };
    }
    let mut progress = Progress::new(args.common.progress);
    progress.start(command.name(), portfolio.accounts.len());
    let mut outputs = Vec::new();
    let mut skipped: Vec<&str> = Vec::new();
    for account in &portfolio.accounts {
        match tenure::run_command(portfolio, command, Some(&account.id), as_of, &options) {
            Ok(output) => outputs.push((account.id.as_str(), output)),
            // An account without the record the command needs (no onboarding, no churn).
            Err(e) if e.code() == ErrorCode::InputMissingRecord => skipped.push(&account.id),
            Err(e) => {
                progress.finish();
                return Err(Failure::data(loaded.describe(&e)));
            }
        }
        progress.tick();
    }
    progress.finish();
    if !skipped.is_empty() {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(
            err,
            "note: {} of {} accounts have no record for {} and were left out",
            skipped.len(),
            portfolio.accounts.len(),
            command.name().replace('_', "-")
        );
    }
    match args.common.format {
        Format::Json => {
            let list: Vec<&tenure::CommandOutput> = outputs.iter().map(|(_, o)| o).collect();
            to_json(&list)
        }
        Format::Table => {
            let mut text = String::new();
            for (id, output) in &outputs {
                let rule = "=".repeat(60usize.saturating_sub(id.chars().count() + 4));
                text.push_str(&format!("== {id} {rule}\n"));
                text.push_str(&render(&to_node(output)?, render_options(&args.common)));
                text.push('\n');
            }
            Ok(text)
        }
    }
}

fn portfolio_command(
    command: Command,
    common: &Common,
    options: &CommandOptions,
) -> Result<String, Failure> {
    let loaded = load(&common.portfolio, common.progress)?;
    let output = tenure::run_command(&loaded.portfolio, command, None, common.as_of, options)
        .map_err(|e| Failure::data(loaded.describe(&e)))?;
    match common.format {
        Format::Json => to_json(&output),
        Format::Table => {
            let node = to_node(&output)?;
            if command == Command::PortfolioReview {
                if let Some(text) = tenure_cli::review::render_review(&node, render_options(common))
                {
                    return Ok(text);
                }
            }
            Ok(render(&node, render_options(common)))
        }
    }
}

fn validate(args: &ValidateArgs) -> Result<String, Failure> {
    let loaded = load(&args.portfolio, args.progress)?;
    let summary = tenure_cli::summary(&loaded.portfolio);
    match args.format {
        Format::Json => to_json(&summary),
        Format::Table => {
            let mut text = format!("{}: valid\n\n", args.portfolio.display());
            text.push_str(&render(&to_node(&summary)?, RenderOptions { full: false }));
            Ok(text)
        }
    }
}
