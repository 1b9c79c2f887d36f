//! The portfolio and the seed's commands in the browser: the `Portfolio` class, with the API of
//! the Node.js binding (without the `...Async` method). A portfolio is read once from a plain
//! object (camelCase or snake_case keys, `Date`s or ISO days, amounts as numbers or decimal
//! strings) or JSON text; each command answers with a plain object with camelCase keys.
//!
//! Keys: the one rule of both JavaScript bindings, as a portfolio has it
//! ([`tenure_interop::KeyRule::portfolio`]): the keys of an account's `signals` (health-model
//! input keys, chosen by the user like those of an account's `inputs`) are kept as given, in
//! and out.

use crate::thrown::throw;
use crate::value::{read, result_to_js, to_js};
use serde_json::Value;
use tenure::{Command, CommandOptions, CommandRequest, NaiveDate};
use tenure_interop::KeyRule;
use wasm_bindgen::prelude::*;

/// Reads a value (a day, options, a request) by the core's rule; parse errors at `path`.
fn input<T: serde::de::DeserializeOwned>(value: &JsValue, path: &str) -> Result<T, JsValue> {
    crate::input::input(value, path)
}

fn options(value: Option<JsValue>) -> Result<CommandOptions, JsValue> {
    match value {
        None => Ok(CommandOptions::default()),
        Some(v) if v.is_undefined() || v.is_null() => Ok(CommandOptions::default()),
        Some(v) => input(&v, "options"),
    }
}

/// A portfolio of accounts, validated, ready for the seed's commands.
#[wasm_bindgen]
pub struct Portfolio {
    portfolio: tenure::PreparedPortfolio,
}

impl Portfolio {
    /// Reads and validates a portfolio from JSON data (snake_case keys).
    fn read(value: Value) -> Result<Portfolio, JsValue> {
        let portfolio: tenure::Portfolio = tenure::deserialize_input(value).map_err(throw)?;
        Ok(Portfolio {
            portfolio: tenure::PreparedPortfolio::new(portfolio).map_err(throw)?,
        })
    }

    fn answer(
        &self,
        command: Command,
        account: Option<&JsValue>,
        as_of: &JsValue,
        options: &CommandOptions,
    ) -> Result<JsValue, JsValue> {
        let account: Option<String> = match account {
            Some(a) => Some(input(a, "account")?),
            None => None,
        };
        let as_of: NaiveDate = input(as_of, "as_of")?;
        let output = self
            .portfolio
            .run(command, account.as_deref(), as_of, options)
            .map_err(throw)?;
        Ok(result_to_js(&output))
    }

    fn account_command(
        &self,
        command: Command,
        account: &JsValue,
        as_of: &JsValue,
    ) -> Result<JsValue, JsValue> {
        self.answer(command, Some(account), as_of, &CommandOptions::default())
    }
}

#[wasm_bindgen]
impl Portfolio {
    /// Reads and validates a portfolio from a plain object (camelCase or snake_case keys,
    /// `Date`s or ISO days, amounts as numbers or decimal strings).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "PortfolioData")] data: JsValue,
    ) -> Result<Portfolio, JsValue> {
        // Read as JSON data first, then as a portfolio from that data, as `fromJson` reads it:
        // one reader of the portfolio types in the package instead of two.
        let value: Value =
            tenure_interop::read::input(read(&data, KeyRule::portfolio()), "").map_err(throw)?;
        Portfolio::read(value)
    }

    /// Parses and validates a portfolio from its JSON form (snake_case keys).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string")] json: JsValue,
    ) -> Result<Portfolio, JsValue> {
        let json = crate::input::json_text(&json, tenure::ErrorCode::InputParse)?;
        // Read as JSON data first, then as a portfolio from that data, as `new Portfolio` reads
        // it: one reader of the portfolio types in the package instead of two.
        let value: Value = serde_json::from_str(&json).map_err(|e| {
            throw(tenure::Error::new(
                tenure::ErrorCode::InputParse,
                "",
                e.to_string(),
            ))
        })?;
        Portfolio::read(value)
    }

    /// The names of the commands, in the seed's order (`"score"` ... `"nrr_report"`).
    #[wasm_bindgen(unchecked_return_type = "CommandName[]")]
    pub fn commands() -> JsValue {
        let names: Vec<&str> = Command::ALL.iter().map(|c| c.name()).collect();
        to_js(&names, KeyRule::as_given())
    }

    /// The number of accounts.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> u32 {
        u32::try_from(self.portfolio.portfolio().accounts.len()).unwrap_or(u32::MAX)
    }

    /// The ids of the accounts, in portfolio order.
    #[wasm_bindgen(getter, js_name = accountIds)]
    pub fn account_ids(&self) -> Vec<String> {
        self.portfolio.account_ids().map(str::to_string).collect()
    }

    /// The portfolio as a plain object (camelCase keys; amounts as decimal strings).
    #[wasm_bindgen(js_name = toObject, unchecked_return_type = "PortfolioData")]
    pub fn to_object(&self) -> JsValue {
        // Through the JSON data `toJson` builds too: one writer of the portfolio types.
        let value = serde_json::to_value(self.portfolio.portfolio()).unwrap_or(Value::Null);
        to_js(&value, KeyRule::portfolio())
    }

    /// The portfolio as JSON text (snake_case keys; reads back with `fromJson`).
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        // Through the JSON data `toObject` builds too: one writer of the portfolio types.
        serde_json::to_value(self.portfolio.portfolio())
            .map(|v| v.to_string())
            .unwrap_or_default()
    }

    /// "Score [account]": the health score of the account's signals with its explanation and
    /// its trend over the score history.
    #[wasm_bindgen(unchecked_return_type = "CommandResult")]
    pub fn score(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] account: JsValue,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateInput")] as_of: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.account_command(Command::Score, &account, &as_of)
    }

    /// "Onboarding plan for [account]" (`input.missing_record` without an onboarding).
    #[wasm_bindgen(js_name = onboardingPlan, unchecked_return_type = "CommandResult")]
    pub fn onboarding_plan(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] account: JsValue,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateInput")] as_of: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.account_command(Command::OnboardingPlan, &account, &as_of)
    }

    /// "QBR prep for [account]": agenda, data summary, checklist and recommendations.
    #[wasm_bindgen(js_name = qbrPrep, unchecked_return_type = "CommandResult")]
    pub fn qbr_prep(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] account: JsValue,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateInput")] as_of: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.account_command(Command::QbrPrep, &account, &as_of)
    }

    /// "Churn risk for [account]": leading indicators and a risk assessment.
    #[wasm_bindgen(js_name = churnRisk, unchecked_return_type = "CommandResult")]
    pub fn churn_risk(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] account: JsValue,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateInput")] as_of: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.account_command(Command::ChurnRisk, &account, &as_of)
    }

    /// "Expansion opportunities for [account]": expansion plays, scored.
    #[wasm_bindgen(js_name = expansionOpportunities, unchecked_return_type = "CommandResult")]
    pub fn expansion_opportunities(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] account: JsValue,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateInput")] as_of: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.account_command(Command::ExpansionOpportunities, &account, &as_of)
    }

    /// "Win-back plan for [account]" (`input.missing_record` for an account that has not
    /// churned).
    #[wasm_bindgen(js_name = winBackPlan, unchecked_return_type = "CommandResult")]
    pub fn win_back_plan(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] account: JsValue,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateInput")] as_of: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.account_command(Command::WinBackPlan, &account, &as_of)
    }

    /// "Renewal prep for [account]": timeline, risk assessment and talk track.
    #[wasm_bindgen(js_name = renewalPrep, unchecked_return_type = "CommandResult")]
    pub fn renewal_prep(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] account: JsValue,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateInput")] as_of: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.account_command(Command::RenewalPrep, &account, &as_of)
    }

    /// "Success plan for [account]": objectives, milestones and stakeholders.
    #[wasm_bindgen(js_name = successPlan, unchecked_return_type = "CommandResult")]
    pub fn success_plan(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] account: JsValue,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateInput")] as_of: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.account_command(Command::SuccessPlan, &account, &as_of)
    }

    /// "Save play for [account]": the intervention plan for an at-risk account.
    #[wasm_bindgen(js_name = savePlay, unchecked_return_type = "CommandResult")]
    pub fn save_play(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] account: JsValue,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateInput")] as_of: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.account_command(Command::SavePlay, &account, &as_of)
    }

    /// "Portfolio review": the weekly dashboard and the monthly review answers (`top` at-risk
    /// accounts listed, default 10).
    #[wasm_bindgen(js_name = portfolioReview, unchecked_return_type = "CommandResult")]
    pub fn portfolio_review(
        &self,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateInput")] as_of: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CommandOptions | null")] options: Option<
            JsValue,
        >,
    ) -> Result<JsValue, JsValue> {
        let options = self::options(options)?;
        self.answer(Command::PortfolioReview, None, &as_of, &options)
    }

    /// "Cohort analysis": the retention cohort table of the subscriptions (`period`:
    /// `"month"`, the default, or `"quarter"`).
    #[wasm_bindgen(js_name = cohortAnalysis, unchecked_return_type = "CommandResult")]
    pub fn cohort_analysis(
        &self,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateInput")] as_of: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CommandOptions | null")] options: Option<
            JsValue,
        >,
    ) -> Result<JsValue, JsValue> {
        let options = self::options(options)?;
        self.answer(Command::CohortAnalysis, None, &as_of, &options)
    }

    /// "NRR report": net revenue retention with the expansion and contraction breakdown over
    /// `from` ... `through` (default: the 12 months before `asOf`'s month).
    #[wasm_bindgen(js_name = nrrReport, unchecked_return_type = "CommandResult")]
    pub fn nrr_report(
        &self,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateInput")] as_of: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CommandOptions | null")] options: Option<
            JsValue,
        >,
    ) -> Result<JsValue, JsValue> {
        let options = self::options(options)?;
        self.answer(Command::NrrReport, None, &as_of, &options)
    }

    /// Runs a command request `{command, account?, asOf, options?}` (`input.unknown_command`
    /// for a name that is not one of `commands()`).
    #[wasm_bindgen(unchecked_return_type = "CommandResult")]
    pub fn run(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CommandRequest")] request: JsValue,
    ) -> Result<JsValue, JsValue> {
        let request: CommandRequest = input(&request, "")?;
        Ok(result_to_js(
            &self.portfolio.run_request(&request).map_err(throw)?,
        ))
    }
}
