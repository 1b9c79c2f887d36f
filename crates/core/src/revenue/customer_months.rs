//! [`CustomerMonths`], the normalised form every revenue computation reads: per customer
//! (ascending id) its active months and their MRR in integer minor units, the window of
//! observed months, segments, currency and conventions. It is built in `from_records`
//! (subscription periods, snapshots) and `from_columns` (columns), with the steps both share in
//! `normalise`.

use super::convention::MrrConvention;
use super::month::Month;
use crate::shared::money::minor_to_decimal;
use rust_decimal::Decimal;
use serde::Serialize;

/// Customer ids: integers or text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum CustomerIds {
    /// Integer ids, ascending.
    Integers(Vec<i64>),
    /// Text ids, ascending (byte order).
    Texts(Vec<String>),
}

impl CustomerIds {
    /// Number of customers.
    pub fn len(&self) -> usize {
        match self {
            CustomerIds::Integers(v) => v.len(),
            CustomerIds::Texts(v) => v.len(),
        }
    }

    /// Whether there is no customer.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The id of customer `i` as JSON (number or string).
    pub fn json(&self, i: usize) -> serde_json::Value {
        match self {
            CustomerIds::Integers(v) => v.get(i).map_or(serde_json::Value::Null, |x| (*x).into()),
            CustomerIds::Texts(v) => v
                .get(i)
                .map_or(serde_json::Value::Null, |x| x.as_str().into()),
        }
    }

    /// The id of customer `i` as text.
    pub fn label(&self, i: usize) -> String {
        match self {
            CustomerIds::Integers(v) => v.get(i).map(i64::to_string).unwrap_or_default(),
            CustomerIds::Texts(v) => v.get(i).cloned().unwrap_or_default(),
        }
    }
}

/// Customer-month MRR: for every customer (ascending id) its active months (ascending, MRR > 0)
/// in integer minor units, and the window of months observed.
///
/// Money is held as `i64` minor units (10^-`minor_unit_digits` of the currency). A normalised
/// MRR (an annual amount / 12, a weekly one × 52 / 12, a converted currency, a snapshot with
/// more digits) is rounded to the minor unit once, half away from zero, before any sum; sums are
/// exact integers from then on.
///
/// ```
/// use tenure::{CustomerMonths, MonthlyOptions, SubscriptionPeriod, BillingInterval};
/// let periods: Vec<SubscriptionPeriod> = serde_json::from_str(r#"[
///   {"customer": "a", "start": "2024-01-01", "end": "2024-04-01", "amount": "1200", "interval": "annual"},
///   {"customer": "b", "start": "2024-02-01", "end": "2024-03-01", "amount": "10.00", "interval": "weekly"}
/// ]"#).unwrap();
/// let cm = CustomerMonths::from_periods(&periods, &MonthlyOptions::default())?;
/// assert_eq!(cm.customer_count(), 2);
/// let (months, mrr) = cm.customer_rows(1);        // b: 10 × 52 / 12 = 43.333… -> 43.33
/// assert_eq!(mrr, &[4333]);
/// assert_eq!(months.len(), 1);
/// let (first, last) = cm.window().unwrap();
/// assert_eq!((first.to_string(), last.to_string()), ("2024-01".into(), "2024-04".into()));
/// # Ok::<(), tenure::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct CustomerMonths {
    pub(super) customers: CustomerIds,
    /// Segment index per customer (empty when no input names a segment).
    pub(super) customer_segment: Vec<Option<u32>>,
    pub(super) segment_names: Vec<String>,
    /// Rows of customer `i` are `offsets[i]..offsets[i + 1]`.
    pub(super) offsets: Vec<usize>,
    pub(super) months: Vec<i32>,
    pub(super) mrr: Vec<i64>,
    pub(super) window: Option<(Month, Month)>,
    pub(super) minor_unit_digits: u32,
    pub(super) currency: Option<String>,
    pub(super) convention: MrrConvention,
}

impl CustomerMonths {
    /// The customer ids, ascending.
    pub fn customers(&self) -> &CustomerIds {
        &self.customers
    }

    /// Number of customers (also those without an active month).
    pub fn customer_count(&self) -> usize {
        self.customers.len()
    }

    /// Number of active customer-month rows.
    pub fn row_count(&self) -> usize {
        self.months.len()
    }

    /// The active months (month indices, ascending) and their MRR (minor units, > 0) of customer `i`.
    pub fn customer_rows(&self, i: usize) -> (&[i32], &[i64]) {
        let (Some(&a), Some(&b)) = (self.offsets.get(i), self.offsets.get(i + 1)) else {
            return (&[], &[]);
        };
        (
            self.months.get(a..b).unwrap_or(&[]),
            self.mrr.get(a..b).unwrap_or(&[]),
        )
    }

    /// Row offsets: the rows of customer `i` are `offsets[i]..offsets[i + 1]` of
    /// [`month_indices`](Self::month_indices) and [`mrr_minor`](Self::mrr_minor).
    pub fn offsets(&self) -> &[usize] {
        &self.offsets
    }

    /// Month index of every row (customer by customer, ascending within a customer).
    pub fn month_indices(&self) -> &[i32] {
        &self.months
    }

    /// MRR of every row in minor units.
    pub fn mrr_minor(&self) -> &[i64] {
        &self.mrr
    }

    /// The window of observed months, first and last (inclusive); `None` without any row.
    pub fn window(&self) -> Option<(Month, Month)> {
        self.window
    }

    /// Decimal digits of the minor unit.
    pub fn minor_unit_digits(&self) -> u32 {
        self.minor_unit_digits
    }

    /// The currency of every amount, when the input named one.
    pub fn currency(&self) -> Option<&str> {
        self.currency.as_deref()
    }

    /// The conventions the rows were built with (movements use them too).
    pub fn convention(&self) -> &MrrConvention {
        &self.convention
    }

    /// Segment names, ascending.
    pub fn segment_names(&self) -> &[String] {
        &self.segment_names
    }

    /// Segment index (into [`segment_names`](Self::segment_names)) of customer `i`.
    pub fn segment_index(&self, i: usize) -> Option<u32> {
        self.customer_segment.get(i).copied().flatten()
    }

    /// Segment name of customer `i`.
    pub fn segment_of(&self, i: usize) -> Option<&str> {
        self.segment_index(i)
            .and_then(|s| self.segment_names.get(s as usize))
            .map(String::as_str)
    }

    /// An amount in minor units as an exact decimal with `minor_unit_digits` decimals.
    pub fn to_decimal(&self, minor: i128) -> Option<Decimal> {
        minor_to_decimal(minor, self.minor_unit_digits)
    }
}

/// The serde form of [`CustomerMonths`]: `{customers, window: {first, last}, minor_unit_digits,
/// currency, convention, segments, rows: [{customer, month, mrr, segment}]}`, money as decimal
/// strings with `minor_unit_digits` decimals.
impl Serialize for CustomerMonths {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        #[derive(Serialize)]
        struct Window {
            first: Month,
            last: Month,
        }
        #[derive(Serialize)]
        struct RowOut<'a> {
            customer: serde_json::Value,
            month: Month,
            mrr: Decimal,
            segment: Option<&'a str>,
        }
        let mut rows = Vec::with_capacity(self.months.len());
        for i in 0..self.customer_count() {
            let (months, mrr) = self.customer_rows(i);
            for (m, v) in months.iter().zip(mrr) {
                rows.push(RowOut {
                    customer: self.customers.json(i),
                    month: Month::from_index(*m).map_err(serde::ser::Error::custom)?,
                    mrr: self
                        .to_decimal(i128::from(*v))
                        .ok_or_else(|| serde::ser::Error::custom("MRR beyond 96 bits"))?,
                    segment: self.segment_of(i),
                });
            }
        }
        let mut st = serializer.serialize_struct("CustomerMonths", 7)?;
        st.serialize_field("customers", &self.customers)?;
        st.serialize_field(
            "window",
            &self.window.map(|(first, last)| Window { first, last }),
        )?;
        st.serialize_field("minor_unit_digits", &self.minor_unit_digits)?;
        st.serialize_field("currency", &self.currency)?;
        st.serialize_field("convention", &self.convention)?;
        st.serialize_field("segments", &self.segment_names)?;
        st.serialize_field("rows", &rows)?;
        st.end()
    }
}
