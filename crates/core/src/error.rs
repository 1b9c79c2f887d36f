//! Typed errors with stable string codes.
//!
//! Every error carries a stable [`ErrorCode`] (its string form, e.g. `"model.band_gap"`, never
//! changes between releases), the JSON-style path of the offending item (e.g.
//! `"dimensions[0].signals[1].kind.bands[2].from"`) and, where there is one, the offending value.

use serde::Serialize;
use std::fmt;

/// The family an error belongs to; bindings map each family to an exception or error class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorFamily {
    /// The health model (or a model set) is malformed or inconsistent.
    Model,
    /// An account, a batch, a score history or another input is malformed.
    Input,
    /// A lifecycle rule set is malformed, inconsistent or beyond its limits.
    Rules,
}

macro_rules! error_codes {
    ($( $(#[$doc:meta])* $variant:ident => $code:literal, $family:ident; )*) => {
        /// Stable error codes. The string form (see [`ErrorCode::as_str`]) is part of the public API.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $( $(#[$doc])* $variant, )*
        }

        impl ErrorCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The stable string form of the code.
            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $code,)* }
            }

            /// The family of the code.
            pub fn family(self) -> ErrorFamily {
                match self { $(ErrorCode::$variant => ErrorFamily::$family,)* }
            }

            /// Looks a code up by its string form.
            pub fn from_code(code: &str) -> Option<ErrorCode> {
                match code { $($code => Some(ErrorCode::$variant),)* _ => None }
            }
        }
    };
}

error_codes! {
    /// The JSON text is not valid JSON, or a field has the wrong type.
    ModelParse => "model.parse", Model;
    /// A field name the model format does not know.
    ModelUnknownField => "model.unknown_field", Model;
    /// A required field is absent.
    ModelMissingField => "model.missing_field", Model;
    /// A list that must not be empty is empty (dimensions, signals, bands, categories, tiers).
    ModelEmpty => "model.empty", Model;
    /// Two items share a key where keys must be unique.
    ModelDuplicateKey => "model.duplicate_key", Model;
    /// A key is empty, longer than 128 characters, or has characters other than `a-z`, `0-9`, `_`, `-` and `.`.
    ModelInvalidKey => "model.invalid_key", Model;
    /// A weight is zero, negative or not finite.
    ModelWeightNotPositive => "model.weight_not_positive", Model;
    /// Points outside 0..=10, or not finite.
    ModelPointsOutOfRange => "model.points_out_of_range", Model;
    /// A band bound is not finite, or a band's `from` is above its `to`.
    ModelBandInvalid => "model.band_invalid", Model;
    /// Bands are not listed in ascending order.
    ModelBandOrder => "model.band_order", Model;
    /// Two adjacent bands leave a value uncovered.
    ModelBandGap => "model.band_gap", Model;
    /// Two adjacent bands both cover the same value.
    ModelBandOverlap => "model.band_overlap", Model;
    /// An unbounded band interpolates points (it must give constant points).
    ModelBandUnboundedSlope => "model.band_unbounded_slope", Model;
    /// The points of a signal contradict its declared direction.
    ModelDirectionViolated => "model.direction_violated", Model;
    /// A direction was declared for a signal kind that has no order (categorical).
    ModelDirectionNotApplicable => "model.direction_not_applicable", Model;
    /// The tiers leave part of the 0-100 scale uncovered (no tier starts at 0).
    ModelTierUncovered => "model.tier_uncovered", Model;
    /// A tier can never be assigned (same threshold as another, or above 100).
    ModelTierUnreachable => "model.tier_unreachable", Model;
    /// A tier threshold is negative, not finite, or not on the 0.1 rounding grid.
    ModelTierThresholdInvalid => "model.tier_threshold_invalid", Model;
    /// `min_coverage` outside 0..=1.
    ModelCoverageOutOfRange => "model.coverage_out_of_range", Model;
    /// A seasonal baseline does not have 12 positive finite monthly factors, or is on a kind it cannot adjust.
    ModelSeasonalInvalid => "model.seasonal_invalid", Model;
    /// A reference to a model, dimension or signal that does not exist.
    ModelUnknownReference => "model.unknown_reference", Model;
    /// A segment route has no test, or tests of two different kinds.
    ModelRouteInvalid => "model.route_invalid", Model;
    /// Two signals read the same input key in an incompatible way.
    ModelInputConflict => "model.input_conflict", Model;
    /// The account names a signal input the model does not read.
    InputUnknownSignal => "input.unknown_signal", Input;
    /// A signal whose missing-data policy is `fail` has no usable value.
    InputMissingRequired => "input.missing_required", Input;
    /// A batch column does not have the same length as the others.
    InputColumnLength => "input.column_length", Input;
    /// A key given twice (a batch column, a product in a roll-up).
    InputDuplicateKey => "input.duplicate_key", Input;
    /// A value outside the range the operation accepts (a score above 100, a negative ARR, ...).
    InputOutOfRange => "input.out_of_range", Input;
    /// An input list is empty where at least one item is needed.
    InputEmpty => "input.empty", Input;
    /// Dates out of order or duplicated in a history, or an expiry before the assessment date.
    InputDateOrder => "input.date_order", Input;
    /// An input could not be parsed (JSON text or a value of the wrong shape).
    InputParse => "input.parse", Input;
    // revenue
    /// Amounts in different currencies without an exchange rate between them.
    InputCurrencyMismatch => "input.currency_mismatch", Input;
    /// A negative amount or MRR.
    InputNegativeAmount => "input.negative_amount", Input;
    /// Two rows for the same customer and month.
    InputDuplicateCustomerMonth => "input.duplicate_customer_month", Input;
    /// A running subscription period (no end) without an `as_of` month.
    InputAsOfRequired => "input.as_of_required", Input;
    /// One customer given two different segments.
    InputSegmentConflict => "input.segment_conflict", Input;
    /// Partial results that cannot be merged (different conventions, currencies or minor units).
    InputPartialMismatch => "input.partial_mismatch", Input;
    // survival
    /// A duration or an entry time is negative.
    SurvivalNegativeDuration => "input.negative_duration", Input;
    /// A subject enters observation after its duration (entry > duration).
    SurvivalEntryAfterDuration => "input.entry_after_duration", Input;
    /// A duration or an entry time is NaN or infinite.
    SurvivalTimeNotFinite => "input.time_not_finite", Input;
    /// Groups were given, but a subject has none.
    SurvivalMissingGroup => "input.missing_group", Input;
    // rules
    /// The rule set is not valid JSON, or a field has the wrong JSON type.
    RulesParse => "rules.parse", Rules;
    /// A field name the rule format does not know.
    RulesUnknownField => "rules.unknown_field", Rules;
    /// A required field of a rule, action or condition is absent.
    RulesMissingField => "rules.missing_field", Rules;
    /// A list that must not be empty is empty (rules, `all`, `any`, `in` values).
    RulesEmpty => "rules.empty", Rules;
    /// Two rules share a key.
    RulesDuplicateKey => "rules.duplicate_key", Rules;
    /// A rule, play, category, tier or fact key is empty, longer than 128 characters, or has characters other than `a-z`, `0-9`, `_`, `-` and `.`.
    RulesInvalidKey => "rules.invalid_key", Rules;
    /// A condition names an operator that does not exist.
    RulesUnknownOperator => "rules.unknown_operator", Rules;
    /// A condition names a measure that does not exist.
    RulesUnknownMeasure => "rules.unknown_measure", Rules;
    /// A comparison's value does not fit its operator or measure (`<` with text, a date compared with a number, ...).
    RulesTypeMismatch => "rules.type_mismatch", Rules;
    /// One fact is read as two different kinds (a number in one condition, a date in another).
    RulesFactConflict => "rules.fact_conflict", Rules;
    /// A window (`window_days`, `periods`, `within_days`) is zero, too long, missing or given twice.
    RulesInvalidWindow => "rules.invalid_window", Rules;
    /// A `between` range with `min` above `max`, or a percentage outside 0-100.
    RulesInvalidRange => "rules.invalid_range", Rules;
    /// A value outside what the field accepts (a severity, direction or strength that does not exist, a non-finite number, a priority, due time or cooldown out of range).
    RulesInvalidValue => "rules.invalid_value", Rules;
    /// A tier key that the rule set's tier scale does not have.
    RulesUnknownTier => "rules.unknown_tier", Rules;
    /// A message template with an unbalanced brace or an unusable placeholder.
    RulesInvalidMessage => "rules.invalid_message", Rules;
    /// The rule set exceeds a limit (nesting depth, conditions, rules, `in` values, message length).
    RulesLimitExceeded => "rules.limit_exceeded", Rules;
    /// No `as_of` date was given for a rule evaluation (neither in the facts nor as an argument).
    InputMissingAsOf => "input.missing_as_of", Input;
    // lifecycle
    /// A churn category the churn taxonomy does not list.
    InputUnknownChurnCategory => "input.unknown_churn_category", Input;
    /// A churn sub-reason that the event's category does not list.
    InputUnknownChurnSubReason => "input.unknown_churn_sub_reason", Input;
    /// A completed step or milestone, or a sent email, that the plan does not have.
    InputUnknownStep => "input.unknown_step", Input;
    /// A save play that the churn taxonomy does not define.
    InputUnknownSavePlay => "input.unknown_save_play", Input;
    /// A tier key that the model's tier scale does not have.
    InputUnknownTier => "input.unknown_tier", Input;
    /// Date arithmetic would leave the calendar (before chrono's first or after its last day).
    InputDateOutOfRange => "input.date_out_of_range", Input;
    /// A fact column of another kind than the rules read the fact as (numbers for a date, ...).
    InputColumnKind => "input.column_kind", Input;
    // portfolio
    /// An account id that the portfolio does not hold.
    InputUnknownAccount => "input.unknown_account", Input;
    /// A command needs a record the account does not have (a churn for a win-back plan, an onboarding for an onboarding plan, an account id for an account command).
    InputMissingRecord => "input.missing_record", Input;
    /// A command name that does not exist.
    InputUnknownCommand => "input.unknown_command", Input;
}

impl ErrorCode {
    /// The code as a string, for display.
    pub fn to_str(self) -> &'static str {
        self.as_str()
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// An error from tenure: a stable code, the path of the offending item, the offending value and a
/// human-readable message.
///
/// ```
/// use tenure::{HealthModel, ErrorCode};
/// let err = HealthModel::from_json(r#"{"id": "m", "dimensions": [], "tiers": []}"#).unwrap_err();
/// assert_eq!(err.code(), ErrorCode::ModelEmpty);
/// assert_eq!(err.code().as_str(), "model.empty");
/// assert_eq!(err.path(), "dimensions");
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, thiserror::Error)]
#[error("{code}: {message} (at `{path}`{})", value_suffix(.value))]
pub struct Error {
    code: ErrorCode,
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<serde_json::Value>,
    message: String,
}

fn value_suffix(value: &Option<serde_json::Value>) -> String {
    match value {
        Some(v) => format!(", value {v}"),
        None => String::new(),
    }
}

impl Error {
    /// Creates an error.
    pub fn new(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            code,
            path: path.into(),
            value: None,
            message: message.into(),
        }
    }

    /// Attaches the offending value.
    pub fn with_value(mut self, value: impl Into<serde_json::Value>) -> Self {
        self.value = Some(value.into());
        self
    }

    /// Attaches a floating-point offending value (non-finite values are given as strings).
    pub fn with_number(self, value: f64) -> Self {
        self.with_value(number_value(value))
    }

    /// The stable error code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The family of the error.
    pub fn family(&self) -> ErrorFamily {
        self.code.family()
    }

    /// The path of the offending item, e.g. `dimensions[1].weight` or `signals.dau_mau_ratio`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The offending value, when there is one.
    pub fn value(&self) -> Option<&serde_json::Value> {
        self.value.as_ref()
    }

    /// The human-readable message (without code and path).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The same error at another path.
    pub fn at(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// Prefixes the path, e.g. to place an error found inside a nested model.
    pub fn within(mut self, prefix: &str) -> Self {
        self.path = join_path(prefix, &self.path);
        self
    }
}

/// Joins two path fragments (`a` + `b` -> `a.b`, `a` + `[0]` -> `a[0]`).
pub(crate) fn join_path(prefix: &str, rest: &str) -> String {
    if prefix.is_empty() {
        rest.to_string()
    } else if rest.is_empty() {
        prefix.to_string()
    } else if rest.starts_with('[') {
        format!("{prefix}{rest}")
    } else {
        format!("{prefix}.{rest}")
    }
}

/// A JSON value for a float; JSON has no NaN or infinities, so those become strings.
pub(crate) fn number_value(value: f64) -> serde_json::Value {
    match serde_json::Number::from_f64(value) {
        Some(n) => serde_json::Value::Number(n),
        None => serde_json::Value::String(format!("{value}")),
    }
}

/// Result alias used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Converts a deserialisation error met at a path into a typed error.
pub(crate) fn from_json_error<E: fmt::Display>(
    err: serde_path_to_error::Error<E>,
    family: ErrorFamily,
) -> Error {
    let path = err.path().to_string();
    let path = if path == "." { String::new() } else { path };
    let text = err.into_inner().to_string();
    let code = match family {
        ErrorFamily::Model if text.starts_with("unknown field") => ErrorCode::ModelUnknownField,
        ErrorFamily::Model if text.starts_with("missing field") => ErrorCode::ModelMissingField,
        ErrorFamily::Model if text.starts_with("duplicate field") => ErrorCode::ModelDuplicateKey,
        ErrorFamily::Model => ErrorCode::ModelParse,
        _ => ErrorCode::InputParse,
    };
    let mut error = Error::new(code, path, text.clone());
    if let Some(name) = quoted_name(&text) {
        if code == ErrorCode::ModelUnknownField || code == ErrorCode::ModelDuplicateKey {
            error = error.with_value(name);
        } else if code == ErrorCode::ModelMissingField {
            error.path = join_path(&error.path, &name);
        }
    }
    error
}

/// Deserialises an input (an account, a history, products, options, ...) from any serde
/// deserializer, such as a Python object or a JavaScript value in the bindings; failures are
/// `input.parse` errors with the path of the offending item.
///
/// ```
/// let account: tenure::Account = tenure::deserialize_input(
///     serde_json::json!({"id": "a", "inputs": {"dau_mau_ratio": 0.4}})).unwrap();
/// assert_eq!(account.id.as_deref(), Some("a"));
/// let err = tenure::deserialize_input::<tenure::Account, _>(
///     serde_json::json!({"inputs": {}, "colour": 1})).unwrap_err();
/// assert_eq!(err.code().as_str(), "input.parse");
/// ```
pub fn deserialize_input<'de, T, D>(deserializer: D) -> Result<T>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
    D::Error: fmt::Display,
{
    serde_path_to_error::deserialize(deserializer)
        .map_err(|e| from_json_error(e, ErrorFamily::Input))
}

fn quoted_name(text: &str) -> Option<String> {
    let start = text.find('`')? + 1;
    let rest = text.get(start..)?;
    let end = rest.find('`')?;
    rest.get(..end).map(str::to_string)
}
