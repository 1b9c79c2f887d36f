//! Segment models: several health models chosen by account attributes, with a default.

use super::account::{Account, InputValue};
use super::explanation::HealthScore;
use super::model::HealthModel;
use super::scorer::Scorer;
use crate::error::{Error, ErrorCode, ErrorFamily, Result};
use crate::shared::json::parse_json;
use crate::shared::keys::check_key;
use serde::{Deserialize, Serialize};

/// Several models and the routes that choose one per account.
///
/// ```
/// use tenure::{Account, HealthModel, SegmentedModel};
/// let mut enterprise = HealthModel::builtin();
/// enterprise.id = "enterprise".into();
/// let mut smb = HealthModel::builtin();
/// smb.id = "smb".into();
/// let set = SegmentedModel::from_json(&format!(
///     r#"{{"id": "by-size", "models": [{}, {}],
///         "routes": [{{"attribute": "segment", "one_of": ["enterprise", "mid-market"], "model": "enterprise"}}],
///         "default_model": "smb"}}"#,
///     enterprise.to_json(), smb.to_json())).unwrap();
/// let scorer = set.scorer().unwrap();
/// let account = Account::new("a").with_attribute("segment", "enterprise").with("dau_mau_ratio", 0.5);
/// assert_eq!(scorer.choose(&account).0, "enterprise");
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentedModel {
    /// Identifier of the set.
    pub id: String,
    /// The models, each with a unique `id`.
    pub models: Vec<HealthModel>,
    /// Routes, tried in order; the first that matches chooses the model.
    #[serde(default)]
    pub routes: Vec<SegmentRoute>,
    /// Model used when no route matches.
    pub default_model: String,
}

/// A route: a test on one account attribute and the model it chooses.
///
/// Exactly one kind of test: `equals`, `one_of`, or a numeric range `at_least` (inclusive)
/// and/or `below` (exclusive). An account without the attribute never matches.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentRoute {
    /// Attribute name, e.g. `segment` or `arr`.
    pub attribute: String,
    /// Matches an attribute equal to this value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<InputValue>,
    /// Matches an attribute equal to any of these values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub one_of: Option<Vec<InputValue>>,
    /// Matches a number at least this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<f64>,
    /// Matches a number below this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below: Option<f64>,
    /// Id of the model chosen.
    pub model: String,
}

impl SegmentRoute {
    fn matches(&self, value: Option<&InputValue>) -> bool {
        let Some(value) = value else { return false };
        if let Some(expected) = &self.equals {
            return expected == value;
        }
        if let Some(options) = &self.one_of {
            return options.iter().any(|o| o == value);
        }
        match value {
            InputValue::Number(x) if !x.is_nan() => {
                self.at_least.is_none_or(|lo| *x >= lo) && self.below.is_none_or(|hi| *x < hi)
            }
            _ => false,
        }
    }

    fn validate(&self, path: &str, models: &[HealthModel]) -> Result<()> {
        let kinds = [
            self.equals.is_some(),
            self.one_of.is_some(),
            self.at_least.is_some() || self.below.is_some(),
        ];
        if kinds.iter().filter(|k| **k).count() != 1 {
            return Err(Error::new(
                ErrorCode::ModelRouteInvalid,
                path,
                "a route needs exactly one test: equals, one_of, or at_least/below",
            ));
        }
        if let Some(options) = &self.one_of {
            if options.is_empty() {
                return Err(Error::new(
                    ErrorCode::ModelEmpty,
                    format!("{path}.one_of"),
                    "one_of needs at least one value",
                ));
            }
        }
        for (bound, name) in [(self.at_least, "at_least"), (self.below, "below")] {
            if let Some(v) = bound {
                if !v.is_finite() {
                    return Err(Error::new(
                        ErrorCode::ModelRouteInvalid,
                        format!("{path}.{name}"),
                        "range bounds must be finite",
                    )
                    .with_number(v));
                }
            }
        }
        if let (Some(lo), Some(hi)) = (self.at_least, self.below) {
            if lo >= hi {
                return Err(Error::new(
                    ErrorCode::ModelRouteInvalid,
                    format!("{path}.below"),
                    "`below` must be above `at_least`",
                )
                .with_number(hi));
            }
        }
        if !models.iter().any(|m| m.id == self.model) {
            return Err(Error::new(
                ErrorCode::ModelUnknownReference,
                format!("{path}.model"),
                format!("no model has id `{}`", self.model),
            )
            .with_value(self.model.as_str()));
        }
        Ok(())
    }
}

impl SegmentedModel {
    /// Parses and validates a model set from JSON text.
    pub fn from_json(text: &str) -> Result<SegmentedModel> {
        let set: SegmentedModel = parse_json(text, ErrorFamily::Model)?;
        set.validate()?;
        Ok(set)
    }

    /// Reads a model set from any serde deserializer (a JSON value, a Python or JavaScript object
    /// in the bindings) and validates it; errors carry the exact path.
    ///
    /// ```
    /// let err = tenure::SegmentedModel::from_deserializer(serde_json::json!(
    ///     {"id": "s", "models": [], "default_model": "x"})).unwrap_err();
    /// assert_eq!(err.code().as_str(), "model.empty");
    /// ```
    pub fn from_deserializer<'de, D>(deserializer: D) -> Result<SegmentedModel>
    where
        D: serde::Deserializer<'de>,
        D::Error: std::fmt::Display,
    {
        let set: SegmentedModel = serde_path_to_error::deserialize(deserializer)
            .map_err(|e| crate::error::from_json_error(e, ErrorFamily::Model))?;
        set.validate()?;
        Ok(set)
    }

    /// Validates every model, the uniqueness of model ids and every reference.
    pub fn validate(&self) -> Result<()> {
        check_key(&self.id, "id", ErrorCode::ModelInvalidKey, "")?;
        if self.models.is_empty() {
            return Err(Error::new(
                ErrorCode::ModelEmpty,
                "models",
                "a model set needs at least one model",
            ));
        }
        for (m, model) in self.models.iter().enumerate() {
            model
                .validate()
                .map_err(|e| e.within(&format!("models[{m}]")))?;
            if self.models.iter().take(m).any(|o| o.id == model.id) {
                return Err(Error::new(
                    ErrorCode::ModelDuplicateKey,
                    format!("models[{m}].id"),
                    format!("model id `{}` is used twice", model.id),
                )
                .with_value(model.id.as_str()));
            }
        }
        for (r, route) in self.routes.iter().enumerate() {
            route.validate(&format!("routes[{r}]"), &self.models)?;
        }
        if !self.models.iter().any(|m| m.id == self.default_model) {
            return Err(Error::new(
                ErrorCode::ModelUnknownReference,
                "default_model",
                format!("no model has id `{}`", self.default_model),
            )
            .with_value(self.default_model.as_str()));
        }
        Ok(())
    }

    /// Validates and compiles every model.
    pub fn scorer(&self) -> Result<SegmentedScorer> {
        self.validate()?;
        let scorers = self
            .models
            .iter()
            .enumerate()
            .map(|(m, model)| {
                Scorer::new(model.clone()).map_err(|e| e.within(&format!("models[{m}]")))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(SegmentedScorer {
            set: self.clone(),
            scorers,
        })
    }
}

/// A compiled [`SegmentedModel`].
#[derive(Clone, Debug)]
pub struct SegmentedScorer {
    set: SegmentedModel,
    scorers: Vec<Scorer>,
}

/// A score from a segmented model: the route taken and the score.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SegmentedScore {
    /// Index of the route that matched; `null` when the default model was used.
    pub route: Option<usize>,
    /// The score (its `model` names the model chosen).
    #[serde(flatten)]
    pub score: HealthScore,
}

impl SegmentedScorer {
    /// The id of the model an account is scored with, and the index of the route that chose it.
    pub fn choose(&self, account: &Account) -> (&str, Option<usize>) {
        for (r, route) in self.set.routes.iter().enumerate() {
            if route.matches(
                account
                    .attributes
                    .get(&route.attribute)
                    .and_then(Option::as_ref),
            ) {
                return (route.model.as_str(), Some(r));
            }
        }
        (self.set.default_model.as_str(), None)
    }

    /// Scores an account with the model its attributes choose.
    pub fn score(&self, account: &Account) -> Result<SegmentedScore> {
        let (model_id, route) = self.choose(account);
        let scorer = self
            .scorers
            .iter()
            .find(|s| s.model().id == model_id)
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::ModelUnknownReference,
                    "default_model",
                    "model not compiled",
                )
            })?;
        Ok(SegmentedScore {
            route,
            score: scorer.score(account)?,
        })
    }

    /// The compiled scorer of a model id.
    pub fn scorer(&self, model_id: &str) -> Option<&Scorer> {
        self.scorers.iter().find(|s| s.model().id == model_id)
    }
}
