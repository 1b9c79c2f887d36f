fn main() {
    let scorer = tenure::Scorer::new(tenure::HealthModel::builtin()).unwrap();
    let a = tenure::Account::new("acme")
        .with("dau_mau_ratio", 0.3)
        .with("features_adopted", 6.0)
        .with("features_available", 10.0)
        .with("core_actions_weekly", 12.0)
        .with("usage_trend", "flat")
        .with("login_trend", "flat")
        .with("support_tickets_30d", 2.0)
        .with("community_active", false)
        .with("champion_identified", true)
        .with("exec_sponsor", false)
        .with("contacts_count", 2.0)
        .with("goals_achieved", 1.0)
        .with("goals_defined", 4.0)
        .with("roi_documented", false)
        .with("payment_status", "current")
        .with("expansion_signals", 0.0);
    let s = scorer.score(&a).unwrap();
    println!("{}", serde_json::to_string_pretty(&s).unwrap());
}
