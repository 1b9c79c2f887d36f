//! The portfolio operations of the conformance corpus (`tests/conformance/portfolio/`), run
//! through the Rust core: `validate_portfolio` reads and validates the case's portfolio,
//! `command` runs the case's `input` (a `CommandRequest`: `{"command", "account"?, "as_of",
//! "options"?}`) against it.

use serde_json::{json, Value};
use tenure::{CommandRequest, Portfolio};

/// The ops this module runs.
pub const OPS: [&str; 2] = ["validate_portfolio", "command"];

/// The case's portfolio: the name of an entry of the file's `portfolios`, or an inline object.
pub fn portfolio_value(case: &Value, portfolios: &Value) -> Result<Value, Value> {
    match case.get("portfolio") {
        Some(Value::String(name)) => portfolios
            .get(name)
            .cloned()
            .ok_or_else(|| json!({"error": {"code": "corpus.unknown_portfolio", "name": name}})),
        Some(inline) => Ok(inline.clone()),
        None => Err(json!({"error": {"code": "corpus.missing_portfolio"}})),
    }
}

/// Runs one portfolio case; its output or `{"error": ...}`.
pub fn run(op: &str, case: &Value, portfolios: &Value) -> Value {
    let result = (|| -> Result<Value, Value> {
        let text = portfolio_value(case, portfolios)?.to_string();
        let portfolio = Portfolio::from_json(&text).map_err(super::err_json)?;
        match op {
            "validate_portfolio" => {
                Ok(json!({"valid": true, "accounts": portfolio.accounts.len()}))
            }
            "command" => {
                let input = case.get("input").cloned().unwrap_or(Value::Null);
                let request: CommandRequest =
                    tenure::deserialize_input(input).map_err(super::err_json)?;
                Ok(super::to_value(
                    request.run(&portfolio).map_err(super::err_json)?,
                ))
            }
            other => Err(json!({"error": {"code": "corpus.unknown_op", "op": other}})),
        }
    })();
    result.unwrap_or_else(|e| e)
}
