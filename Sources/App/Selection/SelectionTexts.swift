/// The selection pages' texts (Policy S2, G1, G2), merged into `L10n`.
enum SelectionTexts {
    static let zh: [String: String] = [
        "tierByDecision": "梯队由链主遴选认定、培育库调整和复核产生，不在此修改"
    ]

    static let en: [String: String] = [
        "tierByDecision": "Tiers come from selection, pool moves and reviews, not from this form"
    ]
}
