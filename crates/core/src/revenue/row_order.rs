//! The order of integer-id customer-month rows given as columns: where a pair of id and month
//! columns first breaks (customer, month) order, dense ids grouped by a counting sort, and any
//! ids ordered by a counting sort by month then a radix sort by id. `from_columns` reads the
//! rows in the order these give.

/// An `i64` customer id as an order-preserving `u64`.
fn ordered_id(c: i64) -> u64 {
    (c as u64) ^ (1u64 << 63)
}

/// Where a customer-month column pair first breaks (customer, month) order.
pub(super) enum Disorder {
    /// Strictly increasing throughout.
    Sorted,
    /// Row `i` repeats the customer and month of row `i - 1`.
    Duplicate(usize),
    /// Some row comes before its predecessor.
    Unsorted,
}

pub(super) fn first_disorder(ids: &[i64], months: &[i32]) -> Disorder {
    let mut prev: Option<(i64, i32)> = None;
    for (i, (&c, &m)) in ids.iter().zip(months).enumerate() {
        if let Some(p) = prev {
            if (c, m) == p {
                return Disorder::Duplicate(i);
            }
            if (c, m) < p {
                return Disorder::Unsorted;
            }
        }
        prev = Some((c, m));
    }
    Disorder::Sorted
}

/// Integer-id rows grouped by customer (ascending ids), months ascending within a customer,
/// rows outside the window dropped, rows without MRR kept only as a customer entry.
pub(super) struct GroupedRows {
    pub(super) ids: Vec<i64>,
    pub(super) offsets: Vec<usize>,
    pub(super) months: Vec<i32>,
    pub(super) mrr: Vec<i64>,
    pub(super) first: i32,
    pub(super) last: i32,
}

/// Unsorted integer-id rows grouped by a counting sort over the id range, when the ids are
/// dense (a range of at most 4 ids a row): one histogram pass and one scatter of the months and
/// amounts into their customer's slots (in month order: the rows' own order when the months
/// never decrease, else a counting sort by month). `None` when the ids are not dense or a
/// customer has two rows for one month (the general path then reports the same error as
/// always). The result is the one the radix path builds.
pub(super) fn dense_rows(
    ids: &[i64],
    months: &[i32],
    minor: &[i64],
    lo: i32,
    hi: i32,
) -> Option<GroupedRows> {
    let n = ids.len();
    if n == 0 || months.len() != n || minor.len() != n {
        return None;
    }
    let (min, max) = ids
        .iter()
        .fold((i64::MAX, i64::MIN), |(a, b), &c| (a.min(c), b.max(c)));
    let span = usize::try_from(i128::from(max) - i128::from(min) + 1).ok()?;
    if span > n.saturating_mul(4).saturating_add(4096) {
        return None;
    }
    let slot_of = |c: i64| (c.wrapping_sub(min)) as u64 as usize;
    // ends[k + 1] counts customer k's rows; after the prefix sums ends[k] is where it starts
    // (customers before k hold ends[k] rows).
    let mut ends = vec![0u32; span + 1];
    for &c in ids {
        if let Some(e) = ends.get_mut(slot_of(c) + 1) {
            *e += 1;
        }
    }
    let mut total = 0u32;
    for e in ends.iter_mut() {
        total += *e;
        *e = total;
    }
    // Month and amount side by side: one cache line touched per scattered row.
    let mut scattered: Vec<(i32, i64)> = vec![(0, 0); n];
    let mut place = |row: usize| {
        let (Some(&c), Some(&m), Some(&v)) = (ids.get(row), months.get(row), minor.get(row)) else {
            return;
        };
        if let Some(e) = ends.get_mut(slot_of(c)) {
            let p = *e as usize;
            *e += 1;
            if let Some(slot) = scattered.get_mut(p) {
                *slot = (m, v);
            }
        }
    };
    if months.windows(2).all(|w| matches!(w, [a, b] if a <= b)) {
        (0..n).for_each(&mut place);
    } else {
        month_order(months).iter().for_each(|&r| place(r as usize));
    }
    // Now ends[k] is where customer k's rows end. Compact, as the sorted path does.
    let mut sorted_months: Vec<i32> = Vec::with_capacity(n);
    let mut sorted_mrr: Vec<i64> = Vec::with_capacity(n);
    let mut out_ids: Vec<i64> = Vec::new();
    let mut offsets: Vec<usize> = vec![0];
    let (mut first, mut last) = (i32::MAX, i32::MIN);
    let mut begin = 0usize;
    for (k, &end) in ends.iter().take(span).enumerate() {
        let end = end as usize;
        let c = min.wrapping_add(k as i64);
        let mut previous: Option<i32> = None;
        for &(m, v) in scattered.get(begin..end).unwrap_or(&[]) {
            if previous == Some(m) {
                return None;
            }
            previous = Some(m);
            if m < lo || m > hi {
                continue;
            }
            first = first.min(m);
            last = last.max(m);
            if out_ids.last() != Some(&c) {
                if !out_ids.is_empty() {
                    offsets.push(sorted_months.len());
                }
                out_ids.push(c);
            }
            if v > 0 {
                sorted_months.push(m);
                sorted_mrr.push(v);
            }
        }
        begin = end;
    }
    if !out_ids.is_empty() {
        offsets.push(sorted_months.len());
    }
    Some(GroupedRows {
        ids: out_ids,
        offsets,
        months: sorted_months,
        mrr: sorted_mrr,
        first,
        last,
    })
}

/// The rows in (month, row) order, by a counting sort (month indices span at most 120,000
/// values).
fn month_order(months: &[i32]) -> Vec<u32> {
    let n = months.len();
    let (lo, hi) = months
        .iter()
        .fold((i32::MAX, i32::MIN), |(a, b), &m| (a.min(m), b.max(m)));
    let span = if n == 0 {
        0
    } else {
        (i64::from(hi) - i64::from(lo) + 1) as usize
    };
    let mut order: Vec<u32> = vec![0; n];
    // Counting sort by month (month indices span at most 120,000 values).
    let mut counts = vec![0usize; span + 1];
    for &m in months.iter().take(n) {
        if let Some(c) = counts.get_mut((m - lo) as usize + 1) {
            *c += 1;
        }
    }
    for k in 1..counts.len() {
        let before = counts.get(k - 1).copied().unwrap_or(0);
        if let Some(c) = counts.get_mut(k) {
            *c += before;
        }
    }
    for (i, &m) in months.iter().take(n).enumerate() {
        if let Some(c) = counts.get_mut((m - lo) as usize) {
            if let Some(slot) = order.get_mut(*c) {
                *slot = i as u32;
            }
            *c += 1;
        }
    }
    order
}

/// The rows in (customer, month, row) order: a counting sort by month, then a stable LSD radix
/// sort by customer id, byte by byte, skipping the bytes every id shares.
pub(super) fn radix_order(ids: &[i64], months: &[i32]) -> Vec<u32> {
    let n = ids.len().min(months.len());
    let mut order = month_order(months.get(..n).unwrap_or(months));
    let mut keys: Vec<u64> = order
        .iter()
        .map(|&r| ordered_id(ids.get(r as usize).copied().unwrap_or(0)))
        .collect();
    // Byte histograms of all ids at once; a byte every id shares needs no pass.
    let mut histograms = vec![[0usize; 256]; 8];
    for &k in &keys {
        for (b, h) in histograms.iter_mut().enumerate() {
            if let Some(c) = h.get_mut(((k >> (8 * b)) & 0xFF) as usize) {
                *c += 1;
            }
        }
    }
    let mut next_keys = vec![0u64; n];
    let mut next_order = vec![0u32; n];
    for (b, h) in histograms.iter().enumerate() {
        if h.contains(&n) {
            continue;
        }
        let mut start = [0usize; 256];
        let mut total = 0;
        for (s, &c) in start.iter_mut().zip(h.iter()) {
            *s = total;
            total += c;
        }
        for (&k, &r) in keys.iter().zip(&order) {
            if let Some(s) = start.get_mut(((k >> (8 * b)) & 0xFF) as usize) {
                if let (Some(nk), Some(no)) = (next_keys.get_mut(*s), next_order.get_mut(*s)) {
                    *nk = k;
                    *no = r;
                }
                *s += 1;
            }
        }
        std::mem::swap(&mut keys, &mut next_keys);
        std::mem::swap(&mut order, &mut next_order);
    }
    order
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn radix_order_sorts_any_ids() {
        let ids = [
            i64::MAX,
            -1,
            0,
            1 << 40,
            i64::MIN,
            -1,
            0,
            1 << 40,
            7,
            300,
            299,
        ];
        let months = [5, 9, 3, 2, 1, 8, 4, 1, 0, 6, 6];
        let order = radix_order(&ids, &months);
        let mut expected: Vec<u32> = (0..ids.len() as u32).collect();
        expected.sort_by_key(|&r| (ids[r as usize], months[r as usize], r));
        assert_eq!(order, expected);
        assert!(matches!(first_disorder(&ids, &months), Disorder::Unsorted));
        assert!(matches!(
            first_disorder(&[1, 1, 2], &[5, 6, 0]),
            Disorder::Sorted
        ));
        assert!(matches!(
            first_disorder(&[1, 1, 2], &[5, 5, 0]),
            Disorder::Duplicate(1)
        ));
    }
}
