// Survival and cohort API types under `tsc --noEmit --strict`: real usage compiles, misuse does not.

import { cohortCounts, cohortTable, kaplanMeier, mergeCohortCounts, type CellStatus } from '../../crates/node'

const km = kaplanMeier({ duration: new Float64Array([1, 2]), event: [true, false], group: ['a', null] }, { confidenceLevel: 0.9 })
const survival: Float64Array = km.overall.curve.survival
const median: number | null = km.groups[0]?.median ?? km.overall.median
const table = cohortTable({ customer: ['a'], month: ['2024-01'], mrr: [10] }, { period: 'quarter', asOf: new Date() })
const status: CellStatus | undefined = table.cohorts[0]?.cells[0]?.status
const merged = mergeCohortCounts([cohortCounts({ customer: [1], month: ['2024-01'], mrr: ['9.99'] })])
const better: boolean | undefined = merged.trend?.newerRetainBetter
// @ts-expect-error events are booleans
kaplanMeier({ duration: [1], event: ['yes'] })
// @ts-expect-error a cohort period is a month or a quarter
cohortTable({ customer: ['a'], month: ['2024-01'], mrr: [1] }, { period: 'week' })
void [survival, median, status, better]
