//! Churn: the taxonomy of reasons and the classification of a churn event
//! (`taxonomy`), churn-reason analysis over many events (`reasons`), surprise churn
//! (`surprise`) and the outcomes of save attempts (`saves`).

mod reasons;
mod saves;
mod surprise;
mod taxonomy;

pub use reasons::{
    churn_reason_analysis, CategoryCount, CategoryMonth, CategoryTrend, ChurnMonth,
    ChurnReasonAnalysis, SubReasonCount,
};
pub use saves::{
    save_outcomes, PlayOutcomes, SaveAttempt, SaveOutcome, SaveOutcomes, SaveOutcomesInput,
    SaveOutcomesOptions, SaveResult,
};
pub use surprise::{
    surprise_churn, AccountHistory, SurpriseAccount, SurpriseChurn, SurpriseChurnInput,
    SurpriseChurnOptions, SurpriseClass, SurprisePeriod,
};
pub use taxonomy::{
    classify_churn, ChurnCategory, ChurnEvent, ChurnTaxonomy, ClassifiedChurn, Preventability,
    SavePlay, SubReason, CHURN_TAXONOMY_JSON,
};
