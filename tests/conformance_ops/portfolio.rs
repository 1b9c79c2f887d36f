//! Portfolio operations: `validate_portfolio` reads and validates the case's portfolio,
//! `command` runs the case's `input` (a `CommandRequest`: `{"command", "account"?, "as_of",
//! "options"?}`) against it. A case's `portfolio` is the name of an entry of the file's
//! `portfolios`, or an inline portfolio.

use super::{err_json, read, to_value, Case};
use serde_json::{json, Value};
use tenure::{CommandRequest, Portfolio};

fn portfolio(case: &Case) -> Result<Portfolio, Value> {
    let value =
        match case.case.get("portfolio") {
            Some(Value::String(name)) => case.portfolios.get(name).cloned().ok_or_else(
                || json!({"error": {"code": "corpus.unknown_portfolio", "name": name}}),
            )?,
            Some(inline) => inline.clone(),
            None => return Err(json!({"error": {"code": "corpus.missing_portfolio"}})),
        };
    Portfolio::from_json(&value.to_string()).map_err(err_json)
}

pub fn validate_portfolio(case: &Case) -> Result<Value, Value> {
    let portfolio = portfolio(case)?;
    Ok(json!({"valid": true, "accounts": portfolio.accounts.len()}))
}

pub fn command(case: &Case) -> Result<Value, Value> {
    let portfolio = portfolio(case)?;
    let request: CommandRequest = read(&case.input)?;
    Ok(to_value(request.run(&portfolio).map_err(err_json)?))
}
