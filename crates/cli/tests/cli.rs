//! Runs the built `tenure` binary: every subcommand on the sample portfolio (JSON file and CSV
//! directory, table and JSON output), `--all`, and the error cases (file, row and field named;
//! exit codes 1 for data errors, 2 for usage errors).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};
use std::process::Command;

const AS_OF: &str = "2026-11-30";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sample_json() -> String {
    root()
        .join("examples/data/sample_portfolio.json")
        .display()
        .to_string()
}

fn sample_csv() -> String {
    root()
        .join("examples/data/sample_portfolio")
        .display()
        .to_string()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn tenure(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_tenure"))
        .args(args)
        .output()
        .expect("the binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn ok(args: &[&str]) -> String {
    let run = tenure(args);
    assert_eq!(
        run.code, 0,
        "tenure {args:?} failed:\n{}\n{}",
        run.stderr, run.stdout
    );
    assert!(
        !run.stdout.trim().is_empty(),
        "tenure {args:?} printed nothing"
    );
    run.stdout
}

/// A scratch directory of this test process.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tenure-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Accounts of the sample with the records some commands need.
fn sample_ids() -> (String, String, String) {
    let text = std::fs::read_to_string(sample_json()).unwrap();
    let portfolio = tenure::Portfolio::from_json(&text).unwrap();
    let active = portfolio
        .accounts
        .iter()
        .find(|a| a.churn.is_none() && a.onboarding.is_none())
        .unwrap()
        .id
        .clone();
    let onboarding = portfolio
        .accounts
        .iter()
        .find(|a| a.onboarding.is_some())
        .unwrap()
        .id
        .clone();
    let churned = portfolio
        .accounts
        .iter()
        .find(|a| a.churn.is_some())
        .unwrap()
        .id
        .clone();
    (active, onboarding, churned)
}

#[test]
fn every_subcommand_on_json_and_csv_in_both_formats() {
    let (active, onboarding, churned) = sample_ids();
    let account_commands: [(&str, &str); 9] = [
        ("score", &active),
        ("onboarding-plan", &onboarding),
        ("qbr-prep", &active),
        ("churn-risk", &active),
        ("expansion-opportunities", &active),
        ("win-back-plan", &churned),
        ("renewal-prep", &active),
        ("success-plan", &active),
        ("save-play", &active),
    ];
    for portfolio in [sample_json(), sample_csv()] {
        for (command, id) in account_commands {
            for format in ["table", "json"] {
                let out = ok(&[
                    command,
                    id,
                    "--portfolio",
                    &portfolio,
                    "--as-of",
                    AS_OF,
                    "--format",
                    format,
                ]);
                if format == "json" {
                    let v: serde_json::Value = serde_json::from_str(&out)
                        .unwrap_or_else(|e| panic!("{command}: not JSON: {e}"));
                    assert!(v.is_object(), "{command}");
                } else if command != "success-plan" {
                    // (The success plan names the account by its display name.)
                    assert!(
                        out.contains(id),
                        "{command} table names the account:\n{out}"
                    );
                }
            }
        }
        for command in [
            vec!["review"],
            vec!["portfolio-review", "--top", "5"],
            vec!["cohort-analysis"],
            vec!["cohort-analysis", "--period", "quarter"],
            vec!["nrr-report"],
            vec!["nrr-report", "--from", "2026-01", "--through", "2026-10"],
        ] {
            for format in ["table", "json"] {
                let mut args = command.clone();
                args.extend([
                    "--portfolio",
                    &portfolio,
                    "--as-of",
                    AS_OF,
                    "--format",
                    format,
                ]);
                let out = ok(&args);
                if format == "json" {
                    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
                    assert!(v.is_object(), "{command:?}");
                }
            }
        }
        let out = ok(&["validate", "--portfolio", &portfolio]);
        assert!(out.contains("valid"), "{out}");
        assert!(out.contains("2500"), "{out}");
    }
}

#[test]
fn csv_and_json_portfolios_give_identical_answers() {
    for command in [
        vec!["review"],
        vec!["nrr-report"],
        vec!["cohort-analysis"],
        vec!["churn-risk", "acme-pharma"],
    ] {
        let run = |portfolio: &str| {
            let mut args = command.clone();
            args.extend([
                "--portfolio",
                portfolio,
                "--as-of",
                AS_OF,
                "--format",
                "json",
            ]);
            ok(&args)
        };
        assert_eq!(run(&sample_json()), run(&sample_csv()), "{command:?}");
    }
    let json = std::fs::read_to_string(sample_json()).unwrap();
    let from_json = tenure::Portfolio::from_json(&json).unwrap();
    let mut progress = tenure_cli::progress::Progress::hidden();
    let from_csv = tenure_cli::load_portfolio(Path::new(&sample_csv()), &mut progress).unwrap();
    assert!(
        from_json == from_csv.portfolio,
        "the CSV directory holds the same portfolio"
    );
}

#[test]
fn review_table_is_the_dashboard() {
    let out = ok(&["review", "--portfolio", &sample_json(), "--as-of", AS_OF]);
    for heading in [
        "Portfolio review — week 2026-W49",
        "Health distribution",
        "Retention",
        "Expansion",
        "Engagement",
        "Onboarding",
        "Renewals",
        "Next 30 days",
        "Monthly review",
        "#1 churn reason",
        "at-risk concentration",
    ] {
        assert!(out.contains(heading), "missing {heading:?}:\n{out}");
    }
    // Long tables are cut unless --full.
    assert!(out.contains("more (--full shows all)"));
    let full = ok(&[
        "review",
        "--portfolio",
        &sample_json(),
        "--as-of",
        AS_OF,
        "--full",
    ]);
    assert!(!full.contains("more (--full shows all)"));
    assert!(full.len() > out.len());
}

#[test]
fn all_runs_every_account() {
    let out = ok(&[
        "churn-risk",
        "--all",
        "--portfolio",
        &sample_json(),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 2500);
    assert!(list.iter().all(|x| x["level"].is_string()));

    // Accounts without the record a command needs are left out, with a note on stderr.
    let dir = scratch("all");
    std::fs::write(
        dir.join("accounts.csv"),
        "id,arr,customer_since\nacme,120000,2026-10-01\nglobex,30000,2024-01-01\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("onboarding.csv"),
        "account,start_date\nacme,2026-10-01\n",
    )
    .unwrap();
    let run = tenure(&[
        "onboarding-plan",
        "--all",
        "--portfolio",
        dir.to_str().unwrap(),
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("== acme"), "{}", run.stdout);
    assert!(!run.stdout.contains("== globex"));
    assert!(run.stderr.contains("1 of 2 accounts"), "{}", run.stderr);
}

#[test]
fn progress_goes_to_stderr_only() {
    let plain = tenure(&["review", "--portfolio", &sample_csv(), "--as-of", AS_OF]);
    let shown = tenure(&[
        "review",
        "--portfolio",
        &sample_csv(),
        "--as-of",
        AS_OF,
        "--progress",
    ]);
    assert_eq!(plain.code, 0);
    assert_eq!(plain.stdout, shown.stdout);
    assert!(
        plain.stderr.is_empty(),
        "no progress when not asked for: {}",
        plain.stderr
    );
    assert!(
        shown.stderr.contains("reading CSV portfolio"),
        "{}",
        shown.stderr
    );
}

#[test]
fn bad_csv_cell_names_file_row_and_field() {
    let dir = scratch("bad-cell");
    std::fs::write(
        dir.join("accounts.csv"),
        "id,name,arr,segment\nacme,Acme,120000,enterprise\nglobex,Globex,12x,smb\n",
    )
    .unwrap();
    let run = tenure(&[
        "review",
        "--portfolio",
        dir.to_str().unwrap(),
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: accounts.csv row 3, field arr: \"12x\" is not a decimal number"),
        "{}",
        run.stderr
    );

    // A byte-order mark (spreadsheet export) and spaces around cells are fine.
    std::fs::write(
        dir.join("accounts.csv"),
        "\u{feff}id, arr ,segment\nacme , 120000, Mid-Market\n",
    )
    .unwrap();
    let run = tenure(&[
        "validate",
        "--portfolio",
        dir.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("\"mid_market\": 1"), "{}", run.stdout);

    // A value the engine rejects is placed in its file too.
    std::fs::write(
        dir.join("accounts.csv"),
        "id,arr\nacme,120000\nglobex,30000\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("nps.csv"),
        "account,date,score\nacme,2026-10-01,9\nglobex,2026-10-02,11\n",
    )
    .unwrap();
    let run = tenure(&["validate", "--portfolio", dir.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("nps.csv row 3, field score"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("input.out_of_range"), "{}", run.stderr);

    // A row naming an account accounts.csv does not have.
    std::fs::write(
        dir.join("nps.csv"),
        "account,date,score\nacme,2026-10-01,9\ninitech,2026-10-02,7\n",
    )
    .unwrap();
    let run = tenure(&["validate", "--portfolio", dir.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("nps.csv row 3, field account: \"initech\" is not an account"),
        "{}",
        run.stderr
    );

    // A bad date and an unknown column.
    std::fs::write(
        dir.join("nps.csv"),
        "account,date,score\nacme,2026-13-01,9\n",
    )
    .unwrap();
    let run = tenure(&["validate", "--portfolio", dir.to_str().unwrap()]);
    assert!(
        run.stderr
            .contains("nps.csv row 2, field date: \"2026-13-01\" is not a date"),
        "{}",
        run.stderr
    );
    std::fs::write(dir.join("nps.csv"), "account,day,score\n").unwrap();
    let run = tenure(&["validate", "--portfolio", dir.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("nps.csv: unknown column \"day\""),
        "{}",
        run.stderr
    );
}

#[test]
fn json_validation_error_names_account_and_field() {
    let dir = scratch("bad-json");
    let file = dir.join("portfolio.json");
    std::fs::write(
        &file,
        r#"{"accounts": [{"id": "globex", "arr": 100},
            {"id": "acme", "arr": 5000, "nps": [{"date": "2026-10-01", "score": 11}]}]}"#,
    )
    .unwrap();
    let run = tenure(&["validate", "--portfolio", file.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("portfolio.json: accounts[1] (id \"acme\") field nps[0].score:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("(code input.out_of_range)"),
        "{}",
        run.stderr
    );

    std::fs::write(&file, r#"{"accounts": [{"id": "acme", "arr": "12x"}]}"#).unwrap();
    let run = tenure(&[
        "review",
        "--portfolio",
        file.to_str().unwrap(),
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("accounts[0] (id \"acme\") field arr"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("input.parse"), "{}", run.stderr);
}

#[test]
fn unknown_account_lists_close_ids() {
    let run = tenure(&[
        "score",
        "acme-pharm",
        "--portfolio",
        &sample_json(),
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("no account \"acme-pharm\""),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("did you mean"), "{}", run.stderr);
    assert!(run.stderr.contains("acme-pharma"), "{}", run.stderr);
}

#[test]
fn usage_errors_exit_2() {
    let run = tenure(&[
        "review",
        "--portfolio",
        &sample_json(),
        "--as-of",
        "2026-13-45",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is not a date"), "{}", run.stderr);
    let run = tenure(&["review", "--portfolio", &sample_json()]);
    assert_eq!(run.code, 2, "--as-of is required");
    let run = tenure(&["score", "--portfolio", &sample_json(), "--as-of", AS_OF]);
    assert_eq!(run.code, 2, "an account id or --all is required");
    let run = tenure(&["churn", "--portfolio", &sample_json(), "--as-of", AS_OF]);
    assert_eq!(run.code, 2);
    let run = tenure(&[
        "nrr-report",
        "--portfolio",
        &sample_json(),
        "--as-of",
        AS_OF,
        "--from",
        "2026-1",
    ]);
    assert_eq!(run.code, 2);
}

#[test]
fn missing_file_is_named() {
    let run = tenure(&[
        "review",
        "--portfolio",
        "no/such/portfolio.json",
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: no/such/portfolio.json: no such file or directory"),
        "{}",
        run.stderr
    );
    let dir = scratch("empty");
    let run = tenure(&[
        "review",
        "--portfolio",
        dir.to_str().unwrap(),
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("accounts.csv"), "{}", run.stderr);
}
