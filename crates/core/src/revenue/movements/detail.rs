//! The movement of every customer and month (customer by customer, months ascending).

use super::monthly::{customer_movements, mrr_sum_decimal, MovementDetail};
use crate::error::{Error, Result};
use crate::revenue::customer_months::CustomerMonths;
use crate::revenue::month::Month;

/// The movement of every customer and month, customer by customer (ascending id), months
/// ascending; months without a movement are not listed.
///
/// ```
/// use tenure::{movement_detail, MovementKind, RevenueInput};
/// let input: RevenueInput = serde_json::from_str(r#"{"snapshots": [
///   {"customer": "a", "month": "2024-01", "mrr": "10"},
///   {"customer": "a", "month": "2024-02", "mrr": "8"},
///   {"customer": "b", "month": "2024-03", "mrr": "1"}
/// ]}"#).unwrap();
/// let detail = movement_detail(&input.customer_months()?)?;
/// let kinds: Vec<_> = detail.iter().map(|d| (d.month.to_string(), d.movement)).collect();
/// assert_eq!(kinds, [
///     ("2024-01".to_string(), MovementKind::New),
///     ("2024-02".to_string(), MovementKind::Contraction),
///     ("2024-03".to_string(), MovementKind::Churn),
///     ("2024-03".to_string(), MovementKind::New),
/// ]);
/// # Ok::<(), tenure::Error>(())
/// ```
pub fn movement_detail(customer_months: &CustomerMonths) -> Result<Vec<MovementDetail>> {
    let cm = customer_months;
    let Some((_, last)) = cm.window() else {
        return Ok(Vec::new());
    };
    let digits = cm.minor_unit_digits();
    let convention = *cm.convention();
    let mut out = Vec::new();
    let mut failure: Option<Error> = None;
    for i in 0..cm.customer_count() {
        let (months, mrr) = cm.customer_rows(i);
        let id = cm.customers().json(i);
        customer_movements(
            months,
            mrr,
            &convention,
            last.index(),
            |m, kind, amount, prev, cur| {
                let row = (|| -> Result<MovementDetail> {
                    Ok(MovementDetail {
                        customer: id.clone(),
                        month: Month::from_index(m)?,
                        previous_mrr: mrr_sum_decimal(i128::from(prev), digits)?,
                        mrr: mrr_sum_decimal(i128::from(cur), digits)?,
                        movement: kind,
                        amount: mrr_sum_decimal(i128::from(amount), digits)?,
                    })
                })();
                match row {
                    Ok(r) => out.push(r),
                    Err(e) => failure = failure.take().or(Some(e)),
                }
            },
        );
    }
    match failure {
        Some(e) => Err(e),
        None => Ok(out),
    }
}
