// Typical use of the Portfolio class, type-checked with `tsc --strict` (see tsconfig.json).
import { Portfolio } from '../../crates/node'
import type { CommandName, CommandOptions, CommandRequest, CommandResult, PortfolioData } from '../../crates/node'

const data: PortfolioData = {
  currency: 'USD',
  accounts: [
    {
      id: 'acme',
      arr: '120000',
      segment: 'enterprise',
      csm: 'dana',
      renewal: { date: new Date('2026-03-01T00:00:00Z') },
      signals: { dau_mau_ratio: 0.45, usage_trend: 'up', payment_status: 'current' },
      subscriptions: [{ start: '2024-03-01', amount: 10000, interval: 'monthly' }],
      contacts: [{ name: 'Ann', role: 'champion' }],
    },
    { id: 'globex', arr: 30000, churn: { date: '2025-11-15', category: 'value' } },
  ],
}
const portfolio = new Portfolio(data)
const count: number = portfolio.length
const ids: string[] = portfolio.accountIds
const names: CommandName[] = Portfolio.commands()
const score: CommandResult = portfolio.score('acme', '2026-01-05')
const risk = portfolio.churnRisk('acme', new Date())
const options: CommandOptions = { top: 5, from: '2025-01', through: '2025-12', period: 'quarter' }
const review = portfolio.portfolioReview('2026-01-05', options)
const nrr = portfolio.nrrReport('2026-01-05', { from: '2025-01' })
const cohorts = portfolio.cohortAnalysis('2026-01-05')
const request: CommandRequest = { command: 'win_back_plan', account: 'globex', asOf: '2026-01-05' }
const winBack: CommandResult = portfolio.run(request)
const again: Portfolio = Portfolio.fromJson(portfolio.toJson())
const copy: PortfolioData = portfolio.toObject()
async function weekly(): Promise<CommandResult> {
  return portfolio.portfolioReviewAsync(new Date(), { top: 10 })
}
void [count, ids, names, score, risk, review, nrr, cohorts, winBack, again, copy, weekly]
