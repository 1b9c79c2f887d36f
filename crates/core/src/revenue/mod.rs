//! Revenue and retention math: customer-month MRR from subscription periods, snapshots or
//! columns; MRR movements; retention metrics.

mod convention;
mod input;
mod month;

pub use convention::{
    ActiveMonth, ChurnRecognition, ConventionName, MrrConvention, SameMonthCancel,
};
pub use input::{
    BillingInterval, CustomerColumn, CustomerIds, CustomerMonthColumns, CustomerMonths,
    ExchangeRates, MonthColumn, MonthlyOptions, MrrColumn, MrrSnapshot, RevenueInput,
    SubscriptionPeriod,
};
pub use month::Month;
