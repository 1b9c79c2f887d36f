// Revenue API types under `tsc --noEmit --strict`: real usage compiles, misuse does not.

import {
  customerMonths,
  mergeMovements,
  movementDetail,
  movementSeries,
  mrrMovements,
  mrrMovementsAsync,
  mrrMovementsColumns,
  mrrMovementsColumnsAsync,
  retentionMetrics,
  type MrrMovements,
  type RetentionReport,
  type RevenueInput,
} from '../../crates/node'

const input: RevenueInput = {
  periods: [
    { customer: 'a', start: '2024-01-01', end: '2024-03-01', amount: '49.99' },
    { customer: 'b', start: new Date(Date.UTC(2024, 1, 1)), amount: 1200, interval: 'annual', segment: 'smb' },
  ],
  options: { asOf: '2024-04', convention: { base: 'dbt_mrr_playbook', reactivationWindowMonths: 3 } },
}
const movements: MrrMovements = mrrMovements(input)
const ending: string | undefined = movements.months[0]?.endingMrr
const detail = movementDetail(input)
const kind: 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation' | undefined = detail[0]?.movement
const normalised = customerMonths(input)
const firstMonth: string | undefined = normalised.window?.first
const columns = mrrMovementsColumns(
  { customer: Float64Array.of(1, 2), month: Int32Array.of(648, 648), mrr: Float64Array.of(10, 20) },
  { convention: 'default' },
)
const series = movementSeries(columns)
const values: Float64Array | undefined = series?.endingMrr
const merged: MrrMovements | null = mergeMovements([movements, columns])
const report: RetentionReport = retentionMetrics({ data: input, from: '2024-02', through: '2024-03' })
const nrr: number | null = report.total.nrr.value
const later: Promise<MrrMovements> = mrrMovementsAsync(input)
const laterColumns: Promise<MrrMovements> = mrrMovementsColumnsAsync({ customer: ['a'], month: ['2024-01'], mrr: [1] })

// @ts-expect-error an unknown convention name
mrrMovements({ options: { convention: 'stripe' } })
// @ts-expect-error an unknown billing interval
mrrMovements({ periods: [{ customer: 'a', start: '2024-01-01', amount: '1', interval: 'daily' }] })

export { ending, kind, firstMonth, values, merged, nrr, later, laterColumns }
