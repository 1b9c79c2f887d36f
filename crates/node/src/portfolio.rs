//! The portfolio and the seed's commands: a `Portfolio` class read once from a plain object
//! (camelCase or snake_case keys, `Date`s or ISO days, amounts as numbers or decimal strings)
//! or JSON text, with one method per command. Answers are plain objects with camelCase keys
//! (amounts as decimal strings, days as `YYYY-MM-DD`); `portfolioReviewAsync` computes the
//! review on the libuv thread pool.
//!
//! Keys: the one rule of both JavaScript bindings, as a portfolio has it
//! ([`tenure_interop::KeyRule::portfolio`]): the keys of an account's `signals` (health-model
//! input keys, chosen by the user like those of an account's `inputs`) are kept as given, in
//! and out.

use crate::input::{input, json_text};
use crate::thrown::OrThrow;
use crate::value::{read, Js};
use napi::bindgen_prelude::{AsyncTask, Env, Task, Unknown};
use napi::ValueType;
use napi_derive::napi;
use std::sync::Arc;
use tenure::{Command, CommandOptions, CommandRequest, ErrorCode, NaiveDate};
use tenure_interop::KeyRule;

fn options(env: &Env, value: Option<Unknown<'_>>) -> napi::Result<CommandOptions> {
    match value {
        None => Ok(CommandOptions::default()),
        Some(v) if matches!(v.get_type()?, ValueType::Undefined | ValueType::Null) => {
            Ok(CommandOptions::default())
        }
        Some(v) => input(env, v, "options"),
    }
}

/// A portfolio of accounts, validated, ready for the seed's commands.
#[napi]
pub struct Portfolio {
    portfolio: Arc<tenure::PreparedPortfolio>,
}

impl Portfolio {
    fn validated(env: &Env, portfolio: tenure::Portfolio) -> napi::Result<Portfolio> {
        Ok(Portfolio {
            portfolio: Arc::new(tenure::PreparedPortfolio::new(portfolio).or_throw(env)?),
        })
    }

    fn answer(
        &self,
        env: &Env,
        command: Command,
        account: Option<Unknown<'_>>,
        as_of: Unknown<'_>,
        options: &CommandOptions,
    ) -> napi::Result<Js> {
        let account: Option<String> = match account {
            Some(a) => Some(input(env, a, "account")?),
            None => None,
        };
        let as_of: NaiveDate = input(env, as_of, "as_of")?;
        let output = self
            .portfolio
            .run(command, account.as_deref(), as_of, options)
            .or_throw(env)?;
        Js::of(&output)
    }

    fn account_command(
        &self,
        env: &Env,
        command: Command,
        account: Unknown<'_>,
        as_of: Unknown<'_>,
    ) -> napi::Result<Js> {
        self.answer(
            env,
            command,
            Some(account),
            as_of,
            &CommandOptions::default(),
        )
    }
}

#[napi]
impl Portfolio {
    /// Reads and validates a portfolio from a plain object (camelCase or snake_case keys,
    /// `Date`s or ISO days, amounts as numbers or decimal strings).
    #[napi(constructor, catch_unwind, ts_args_type = "data: PortfolioData")]
    pub fn new(env: Env, data: Unknown) -> napi::Result<Portfolio> {
        let data = read(data, KeyRule::portfolio())?;
        let portfolio: tenure::Portfolio = tenure_interop::read::input(data, "").or_throw(&env)?;
        Portfolio::validated(&env, portfolio)
    }

    /// Parses and validates a portfolio from its JSON form (snake_case keys).
    #[napi(factory, catch_unwind, ts_args_type = "text: string")]
    pub fn from_json(env: &Env, text: Unknown) -> napi::Result<Portfolio> {
        let text = json_text(env, text, ErrorCode::InputParse)?;
        Portfolio::validated(env, tenure::Portfolio::from_json(&text).or_throw(env)?)
    }

    /// The names of the commands, in the seed's order (`"score"` ... `"nrr_report"`).
    #[napi(ts_return_type = "CommandName[]")]
    pub fn commands() -> Vec<&'static str> {
        Command::ALL.iter().map(|c| c.name()).collect()
    }

    /// The number of accounts.
    #[napi(getter)]
    pub fn length(&self) -> u32 {
        u32::try_from(self.portfolio.portfolio().accounts.len()).unwrap_or(u32::MAX)
    }

    /// The ids of the accounts, in portfolio order.
    #[napi(getter)]
    pub fn account_ids(&self) -> Vec<String> {
        self.portfolio.account_ids().map(str::to_string).collect()
    }

    /// The portfolio as a plain object (camelCase keys; amounts as decimal strings).
    #[napi(catch_unwind, ts_return_type = "PortfolioData")]
    pub fn to_object(&self) -> napi::Result<Js> {
        Js::with_keys(self.portfolio.portfolio(), KeyRule::portfolio())
    }

    /// The portfolio as JSON text (snake_case keys; reads back with `fromJson`).
    #[napi(catch_unwind)]
    pub fn to_json(&self) -> napi::Result<String> {
        serde_json::to_string(self.portfolio.portfolio())
            .map_err(|e| napi::Error::from_reason(e.to_string()))
    }

    /// "Score [account]": the health score of the account's signals with its explanation and
    /// its trend over the score history.
    #[napi(
        catch_unwind,
        ts_args_type = "account: string, asOf: DateInput",
        ts_return_type = "CommandResult"
    )]
    pub fn score(&self, env: &Env, account: Unknown, as_of: Unknown) -> napi::Result<Js> {
        self.account_command(env, Command::Score, account, as_of)
    }

    /// "Onboarding plan for [account]" (`input.missing_record` without an onboarding).
    #[napi(
        catch_unwind,
        ts_args_type = "account: string, asOf: DateInput",
        ts_return_type = "CommandResult"
    )]
    pub fn onboarding_plan(&self, env: &Env, account: Unknown, as_of: Unknown) -> napi::Result<Js> {
        self.account_command(env, Command::OnboardingPlan, account, as_of)
    }

    /// "QBR prep for [account]": agenda, data summary, checklist and recommendations.
    #[napi(
        catch_unwind,
        ts_args_type = "account: string, asOf: DateInput",
        ts_return_type = "CommandResult"
    )]
    pub fn qbr_prep(&self, env: &Env, account: Unknown, as_of: Unknown) -> napi::Result<Js> {
        self.account_command(env, Command::QbrPrep, account, as_of)
    }

    /// "Churn risk for [account]": leading indicators and a risk assessment.
    #[napi(
        catch_unwind,
        ts_args_type = "account: string, asOf: DateInput",
        ts_return_type = "CommandResult"
    )]
    pub fn churn_risk(&self, env: &Env, account: Unknown, as_of: Unknown) -> napi::Result<Js> {
        self.account_command(env, Command::ChurnRisk, account, as_of)
    }

    /// "Expansion opportunities for [account]": expansion plays, scored.
    #[napi(
        catch_unwind,
        ts_args_type = "account: string, asOf: DateInput",
        ts_return_type = "CommandResult"
    )]
    pub fn expansion_opportunities(
        &self,
        env: &Env,
        account: Unknown,
        as_of: Unknown,
    ) -> napi::Result<Js> {
        self.account_command(env, Command::ExpansionOpportunities, account, as_of)
    }

    /// "Win-back plan for [account]" (`input.missing_record` for an account that has not
    /// churned).
    #[napi(
        catch_unwind,
        ts_args_type = "account: string, asOf: DateInput",
        ts_return_type = "CommandResult"
    )]
    pub fn win_back_plan(&self, env: &Env, account: Unknown, as_of: Unknown) -> napi::Result<Js> {
        self.account_command(env, Command::WinBackPlan, account, as_of)
    }

    /// "Renewal prep for [account]": timeline, risk assessment and talk track.
    #[napi(
        catch_unwind,
        ts_args_type = "account: string, asOf: DateInput",
        ts_return_type = "CommandResult"
    )]
    pub fn renewal_prep(&self, env: &Env, account: Unknown, as_of: Unknown) -> napi::Result<Js> {
        self.account_command(env, Command::RenewalPrep, account, as_of)
    }

    /// "Success plan for [account]": objectives, milestones and stakeholders.
    #[napi(
        catch_unwind,
        ts_args_type = "account: string, asOf: DateInput",
        ts_return_type = "CommandResult"
    )]
    pub fn success_plan(&self, env: &Env, account: Unknown, as_of: Unknown) -> napi::Result<Js> {
        self.account_command(env, Command::SuccessPlan, account, as_of)
    }

    /// "Save play for [account]": the intervention plan for an at-risk account.
    #[napi(
        catch_unwind,
        ts_args_type = "account: string, asOf: DateInput",
        ts_return_type = "CommandResult"
    )]
    pub fn save_play(&self, env: &Env, account: Unknown, as_of: Unknown) -> napi::Result<Js> {
        self.account_command(env, Command::SavePlay, account, as_of)
    }

    /// "Portfolio review": the weekly dashboard and the monthly review answers (`top` at-risk
    /// accounts listed, default 10).
    #[napi(
        catch_unwind,
        ts_args_type = "asOf: DateInput, options?: CommandOptions | null",
        ts_return_type = "CommandResult"
    )]
    pub fn portfolio_review(
        &self,
        env: &Env,
        as_of: Unknown,
        options_value: Option<Unknown>,
    ) -> napi::Result<Js> {
        let options = options(env, options_value)?;
        self.answer(env, Command::PortfolioReview, None, as_of, &options)
    }

    /// `portfolioReview` computed on the libuv thread pool (the day and options are read on
    /// the calling thread).
    #[napi(
        catch_unwind,
        ts_args_type = "asOf: DateInput, options?: CommandOptions | null",
        ts_return_type = "Promise<CommandResult>"
    )]
    pub fn portfolio_review_async(
        &self,
        env: &Env,
        as_of: Unknown,
        options_value: Option<Unknown>,
    ) -> napi::Result<AsyncTask<CommandTask>> {
        let options = options(env, options_value)?;
        let as_of: NaiveDate = input(env, as_of, "as_of")?;
        Ok(AsyncTask::new(CommandTask {
            portfolio: Arc::clone(&self.portfolio),
            command: Command::PortfolioReview,
            as_of,
            options,
        }))
    }

    /// "Cohort analysis": the retention cohort table of the subscriptions (`period`:
    /// `"month"`, the default, or `"quarter"`).
    #[napi(
        catch_unwind,
        ts_args_type = "asOf: DateInput, options?: CommandOptions | null",
        ts_return_type = "CommandResult"
    )]
    pub fn cohort_analysis(
        &self,
        env: &Env,
        as_of: Unknown,
        options_value: Option<Unknown>,
    ) -> napi::Result<Js> {
        let options = options(env, options_value)?;
        self.answer(env, Command::CohortAnalysis, None, as_of, &options)
    }

    /// "NRR report": net revenue retention with the expansion and contraction breakdown over
    /// `from` ... `through` (default: the 12 months before `asOf`'s month).
    #[napi(
        catch_unwind,
        ts_args_type = "asOf: DateInput, options?: CommandOptions | null",
        ts_return_type = "CommandResult"
    )]
    pub fn nrr_report(
        &self,
        env: &Env,
        as_of: Unknown,
        options_value: Option<Unknown>,
    ) -> napi::Result<Js> {
        let options = options(env, options_value)?;
        self.answer(env, Command::NrrReport, None, as_of, &options)
    }

    /// Runs a command request `{command, account?, asOf, options?}` (`input.unknown_command`
    /// for a name that is not one of `commands()`).
    #[napi(
        catch_unwind,
        ts_args_type = "request: CommandRequest",
        ts_return_type = "CommandResult"
    )]
    pub fn run(&self, env: &Env, request: Unknown) -> napi::Result<Js> {
        let request: CommandRequest = input(env, request, "")?;
        Js::of(&self.portfolio.run_request(&request).or_throw(env)?)
    }
}

/// A command computed off the event loop.
pub struct CommandTask {
    portfolio: Arc<tenure::PreparedPortfolio>,
    command: Command,
    as_of: NaiveDate,
    options: CommandOptions,
}

impl Task for CommandTask {
    type Output = tenure::Result<Js>;
    type JsValue = Js;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        // The core does not panic; should it ever, the promise rejects instead of aborting.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.portfolio
                .run(self.command, None, self.as_of, &self.options)
                .map(|r| Js::of(&r))
        }))
        .map_err(|_| napi::Error::from_reason("tenure: internal error in a portfolio command"))?
        .map_or_else(|e| Ok(Err(e)), |js| js.map(Ok))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Js> {
        output.or_throw(&env)
    }
}
