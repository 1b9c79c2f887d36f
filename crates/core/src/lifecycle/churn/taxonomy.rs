//! The churn taxonomy: six categories of churn with their sub-reasons, how preventable each is
//! and the save play for each reason; and the classification of one churn event in it.

use crate::error::{Error, ErrorCode, Result};
use crate::lifecycle::{check_amount, duplicate, month_key};
use crate::shared::json::parse_json;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The JSON text of the built-in churn taxonomy (categories, sub-reasons, preventability and
/// save plays), which [`ChurnTaxonomy::seed`] reads.
pub const CHURN_TAXONOMY_JSON: &str = include_str!("churn_taxonomy.json");

/// How preventable a churn category is: whether a customer-success team can usually head it off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Preventability {
    /// ✅ Yes.
    Yes,
    /// ✅ Partially.
    Partially,
    /// ⚠️ Sometimes.
    Sometimes,
    /// ❌ Rarely.
    Rarely,
}

impl Preventability {
    /// Whether churn of this kind counts as preventable in the shares the analyses report:
    /// yes and partially do, sometimes and rarely do not.
    pub fn preventable(self) -> bool {
        matches!(self, Preventability::Yes | Preventability::Partially)
    }
}

/// A sub-reason of a churn category.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubReason {
    /// Stable key, unique in its category.
    pub key: String,
    /// Display name.
    pub label: String,
    /// Save play for this sub-reason, overriding the category's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub save_play: Option<String>,
}

/// A churn category.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChurnCategory {
    /// Stable key.
    pub key: String,
    /// Display name.
    pub label: String,
    /// How preventable it is.
    pub preventability: Preventability,
    /// Save play of the category (`null`: none for the category as a whole; its sub-reasons
    /// may name their own).
    #[serde(default)]
    pub save_play: Option<String>,
    /// Its sub-reasons.
    pub sub_reasons: Vec<SubReason>,
}

/// A save play: what to do against one reason of churn.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavePlay {
    /// Stable key.
    pub key: String,
    /// Display name.
    pub label: String,
    /// The steps, in order.
    pub steps: Vec<String>,
}

/// Churn categories with their sub-reasons, preventability and save plays.
/// [`ChurnTaxonomy::seed`] is the built-in taxonomy of six categories.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChurnTaxonomy {
    /// Where the taxonomy comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Notes on the choices made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Categories in order.
    pub categories: Vec<ChurnCategory>,
    /// Save plays.
    pub save_plays: Vec<SavePlay>,
}

impl ChurnTaxonomy {
    /// The built-in taxonomy: Product (partially preventable), Value (yes), Relationship
    /// (yes), Financial (sometimes), Competition (partially), Strategic (rarely).
    ///
    /// ```
    /// let taxonomy = tenure::ChurnTaxonomy::seed();
    /// assert_eq!(taxonomy.categories.len(), 6);
    /// assert_eq!(taxonomy.categories[0].sub_reasons[0].key, "missing_feature");
    /// ```
    pub fn seed() -> ChurnTaxonomy {
        // The embedded text is checked by the test `builtin_taxonomy_is_valid`; were it ever
        // broken, an empty taxonomy would come back (and every classification would fail).
        ChurnTaxonomy::from_json(CHURN_TAXONOMY_JSON).unwrap_or(ChurnTaxonomy {
            source: None,
            note: None,
            categories: Vec::new(),
            save_plays: Vec::new(),
        })
    }

    /// A custom taxonomy, validated (errors under `taxonomy`), or the built-in one when `None`.
    pub fn or_seed(custom: Option<ChurnTaxonomy>) -> Result<ChurnTaxonomy> {
        match custom {
            Some(t) => {
                t.validate().map_err(|e| e.within("taxonomy"))?;
                Ok(t)
            }
            None => Ok(ChurnTaxonomy::seed()),
        }
    }

    /// Parses and validates a taxonomy from JSON text.
    pub fn from_json(text: &str) -> Result<ChurnTaxonomy> {
        let taxonomy: ChurnTaxonomy = parse_json(text, crate::error::ErrorFamily::Input)?;
        taxonomy.validate()?;
        Ok(taxonomy)
    }

    /// Checks that categories exist, keys are unique and every save play named is defined.
    pub fn validate(&self) -> Result<()> {
        if self.categories.is_empty() {
            return Err(Error::new(
                ErrorCode::InputEmpty,
                "categories",
                "a taxonomy needs at least one category",
            ));
        }
        for (i, play) in self.save_plays.iter().enumerate() {
            if self.save_plays.iter().take(i).any(|p| p.key == play.key) {
                return Err(duplicate(&format!("save_plays[{i}].key"), &play.key));
            }
        }
        let check_play = |play: &Option<String>, path: String| -> Result<()> {
            match play {
                Some(key) if !self.save_plays.iter().any(|p| &p.key == key) => Err(Error::new(
                    ErrorCode::InputUnknownSavePlay,
                    path,
                    format!("save play `{key}` is not defined"),
                )
                .with_value(key.as_str())),
                _ => Ok(()),
            }
        };
        for (c, cat) in self.categories.iter().enumerate() {
            if self.categories.iter().take(c).any(|o| o.key == cat.key) {
                return Err(duplicate(&format!("categories[{c}].key"), &cat.key));
            }
            check_play(&cat.save_play, format!("categories[{c}].save_play"))?;
            for (s, sub) in cat.sub_reasons.iter().enumerate() {
                if cat.sub_reasons.iter().take(s).any(|o| o.key == sub.key) {
                    return Err(duplicate(
                        &format!("categories[{c}].sub_reasons[{s}].key"),
                        &sub.key,
                    ));
                }
                check_play(
                    &sub.save_play,
                    format!("categories[{c}].sub_reasons[{s}].save_play"),
                )?;
            }
        }
        Ok(())
    }

    /// The category with a key.
    pub fn category(&self, key: &str) -> Option<&ChurnCategory> {
        self.categories.iter().find(|c| c.key == key)
    }

    /// The save play with a key.
    pub fn save_play(&self, key: &str) -> Option<&SavePlay> {
        self.save_plays.iter().find(|p| p.key == key)
    }
}

/// One churned account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChurnEvent {
    /// Account id.
    pub account: String,
    /// Day of the churn.
    pub date: NaiveDate,
    /// Category key (needed to classify; surprise churn does not read it).
    #[serde(default)]
    pub category: Option<String>,
    /// Sub-reason key within the category, if known.
    #[serde(default)]
    pub sub_reason: Option<String>,
    /// ARR lost (exact decimal; JSON number or string).
    pub arr: Decimal,
}

/// A churn event placed in the taxonomy.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClassifiedChurn {
    /// Account id.
    pub account: String,
    /// Day of the churn.
    pub date: NaiveDate,
    /// Its calendar month, `YYYY-MM`.
    pub month: String,
    /// Category key.
    pub category: String,
    /// Category name.
    pub category_label: String,
    /// Sub-reason key, when given.
    pub sub_reason: Option<String>,
    /// Sub-reason name, when given.
    pub sub_reason_label: Option<String>,
    /// The category's preventability.
    pub preventability: Preventability,
    /// Whether it counts as preventable.
    pub preventable: bool,
    /// The save play for the reason (the sub-reason's, else the category's), if any.
    pub save_play: Option<SavePlay>,
    /// ARR lost.
    pub arr: Decimal,
}

/// Places a churn event in the taxonomy: category, sub-reason, preventability and save play.
/// An unknown category or sub-reason is a typed error.
///
/// ```
/// use tenure::{classify_churn, ChurnEvent, ChurnTaxonomy, Decimal, ErrorCode, NaiveDate};
/// let taxonomy = ChurnTaxonomy::seed();
/// let mut event = ChurnEvent {
///     account: "acme".into(),
///     date: "2026-03-14".parse::<NaiveDate>().unwrap(),
///     category: Some("relationship".into()),
///     sub_reason: Some("champion_left".into()),
///     arr: Decimal::new(48_000, 0),
/// };
/// let churn = classify_churn(&taxonomy, &event)?;
/// assert!(churn.preventable);
/// assert_eq!(churn.save_play.map(|p| p.key).as_deref(), Some("champion_left"));
/// event.sub_reason = Some("budget_cuts".into());
/// let err = classify_churn(&taxonomy, &event).unwrap_err();
/// assert_eq!(err.code(), ErrorCode::InputUnknownChurnSubReason);
/// # Ok::<(), tenure::Error>(())
/// ```
pub fn classify_churn(taxonomy: &ChurnTaxonomy, event: &ChurnEvent) -> Result<ClassifiedChurn> {
    classify_at(taxonomy, event, "")
}

/// The category (and sub-reason) of an event, by position in the taxonomy; errors name the
/// event's field under `at()`.
#[allow(clippy::type_complexity)]
pub(super) fn locate<'t>(
    taxonomy: &'t ChurnTaxonomy,
    event: &ChurnEvent,
    at: impl Fn() -> String,
) -> Result<(usize, &'t ChurnCategory, Option<(usize, &'t SubReason)>)> {
    let path = |field: &str| crate::error::join_path(&at(), field);
    check_amount(event.arr, || path("arr"))?;
    let key = event.category.as_deref().unwrap_or("");
    let Some((index, category)) = taxonomy
        .categories
        .iter()
        .enumerate()
        .find(|(_, c)| c.key == key)
    else {
        let error = Error::new(
            ErrorCode::InputUnknownChurnCategory,
            path("category"),
            format!(
                "`{key}` is not a churn category (one of: {})",
                taxonomy
                    .categories
                    .iter()
                    .map(|c| c.key.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
        return Err(match &event.category {
            Some(c) => error.with_value(c.as_str()),
            None => error.with_value(serde_json::Value::Null),
        });
    };
    let sub = match &event.sub_reason {
        None => None,
        Some(s) => Some(
            category
                .sub_reasons
                .iter()
                .enumerate()
                .find(|(_, r)| &r.key == s)
                .ok_or_else(|| {
                    Error::new(
                        ErrorCode::InputUnknownChurnSubReason,
                        path("sub_reason"),
                        format!("`{s}` is not a sub-reason of `{}`", category.key),
                    )
                    .with_value(s.as_str())
                })?,
        ),
    };
    Ok((index, category, sub))
}

fn classify_at(taxonomy: &ChurnTaxonomy, event: &ChurnEvent, at: &str) -> Result<ClassifiedChurn> {
    let (_, category, sub) = locate(taxonomy, event, || at.to_string())?;
    let sub = sub.map(|(_, s)| s);
    let play = sub
        .and_then(|s| s.save_play.as_deref())
        .or(category.save_play.as_deref())
        .and_then(|k| taxonomy.save_play(k))
        .cloned();
    Ok(ClassifiedChurn {
        account: event.account.clone(),
        date: event.date,
        month: month_key(event.date),
        category: category.key.clone(),
        category_label: category.label.clone(),
        sub_reason: sub.map(|s| s.key.clone()),
        sub_reason_label: sub.map(|s| s.label.clone()),
        preventability: category.preventability,
        preventable: category.preventability.preventable(),
        save_play: play,
        arr: event.arr,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn builtin_taxonomy_is_valid() {
        let taxonomy = super::ChurnTaxonomy::from_json(super::CHURN_TAXONOMY_JSON);
        assert!(taxonomy.is_ok(), "{taxonomy:?}");
        let taxonomy = super::ChurnTaxonomy::seed();
        let keys: Vec<&str> = taxonomy.categories.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "product",
                "value",
                "relationship",
                "financial",
                "competition",
                "strategic"
            ]
        );
    }
}
