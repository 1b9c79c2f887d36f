// The portfolio operations of the conformance corpus (tests/conformance/portfolio/) through the
// JavaScript API (the Node.js binding, and the same calls in the browser build):
// `validate_portfolio` builds a `Portfolio` from the case's portfolio (a name from the file's
// `portfolios`, or inline); `command` runs the case's `input` (`{command, account?, as_of,
// options?}`) on it.
//
// Spellings: `json` reads the portfolio with `Portfolio.fromJson` and runs the request with
// `run`; `object` passes the portfolio as it is and calls the command's own method
// (`churnRisk(account, asOf)`, `nrrReport(asOf, options)`) when the request fits one;
// `camel` passes the portfolio and the request with camelCase keys (an account's `signals`
// keys kept as given, as the binding keeps them) and ISO days as `Date`s, through `run`.

import { camelCase, camelKeys, datesAsDateObjects } from './keys.mjs'

const ACCOUNT_COMMANDS = new Set([
  'score',
  'onboarding_plan',
  'qbr_prep',
  'churn_risk',
  'expansion_opportunities',
  'win_back_plan',
  'renewal_prep',
  'success_plan',
  'save_play',
])
const PORTFOLIO_COMMANDS = new Set(['portfolio_review', 'cohort_analysis', 'nrr_report'])

/** The portfolio with camelCase keys, each account's `signals` keys as given. */
export function portfolioCamelKeys(portfolio) {
  if (portfolio === null || typeof portfolio !== 'object' || Array.isArray(portfolio)) return camelKeys(portfolio)
  const out = {}
  for (const [key, value] of Object.entries(portfolio)) {
    if (key === 'accounts' && Array.isArray(value)) {
      out.accounts = value.map((account) => {
        if (account === null || typeof account !== 'object' || Array.isArray(account)) return camelKeys(account)
        const { signals, ...rest } = account
        const camel = camelKeys(rest)
        if (signals !== undefined) camel.signals = signals
        return camel
      })
    } else {
      out[camelCase(key)] = camelKeys(value)
    }
  }
  return out
}

export function portfolioOf(testCase, portfolios) {
  const spec = testCase.portfolio
  if (typeof spec === 'string') {
    if (!portfolios || !(spec in portfolios)) throw new Error(`no portfolio named ${spec} in the file`)
    return portfolios[spec]
  }
  return spec
}

function load(api, spec, variant) {
  if (variant === 'json') return api.Portfolio.fromJson(JSON.stringify(spec))
  if (variant === 'object') return new api.Portfolio(spec)
  return new api.Portfolio(datesAsDateObjects(portfolioCamelKeys(spec)))
}

function byMethod(portfolio, request) {
  const known = new Set(['command', 'account', 'as_of', 'options'])
  if (request === null || typeof request !== 'object' || Object.keys(request).some((k) => !known.has(k))) return null
  const { command, account, as_of: asOf, options } = request
  const method = typeof command === 'string' ? camelCase(command) : null
  if (ACCOUNT_COMMANDS.has(command) && account !== undefined && (options === undefined || options === null)) {
    return () => portfolio[method](account, asOf)
  }
  if (PORTFOLIO_COMMANDS.has(command)) return () => portfolio[method](asOf, options)
  return null
}

export function validate_portfolio(ctx) {
  const portfolio = load(ctx.tenure, portfolioOf(ctx.case, ctx.portfolios), ctx.variant)
  return { valid: true, accounts: portfolio.length }
}

/** Runs the case's request on its portfolio in the case's spelling. */
export function command(ctx) {
  const { variant } = ctx
  const portfolio = load(ctx.tenure, portfolioOf(ctx.case, ctx.portfolios), variant)
  const request = ctx.case.input ?? null
  if (variant === 'object') {
    const call = byMethod(portfolio, request)
    if (call) return call()
    return portfolio.run(request)
  }
  if (variant === 'camel') return portfolio.run(datesAsDateObjects(camelKeys(request)))
  return portfolio.run(request)
}
