/// Financing (融资, Policy S5), merged into `L10n`.
enum FinanceTexts {
    static let zh: [String: String] = [
        "whitelists": "融资白名单", "whitelistsTitle": "融资白名单",
        "whitelistsHint": "按季度生成：链主企业及其核心供应商（占链主年度采购5%以上或采购额1000万元以上的本地企业），按失信、资产负债率和数据缺失规则筛选，逐一确认后发布给金融机构。",
        "quarter": "季度", "dataYear": "数据年度", "whitelist_draft": "草稿", "whitelist_published": "已发布", "whitelistIncluded": "列入 / 候选",
        "noWhitelists": "尚未生成融资白名单。", "deriveWhitelist": "生成白名单", "publishWhitelist": "发布给金融机构",
        "whitelistBasis": "依据", "whitelistOf": "所供链主企业", "whitelistShare": "最高采购占比", "whitelistIncludedWord": "列入",
        "whitelistExcludedBecause": "未列入原因", "noWhitelistItems": "本季度没有候选企业。", "basisLeader": "链主企业",
        "basisCoreSupplier": "核心供应商", "basisAdded": "人工增补", "firmWhitelists": "融资白名单记录",
        "wlMinShare": "核心供应商占比门槛", "wlMinAmount": "或采购额门槛", "wanUnit": "万元", "wlMaxDebt": "资产负债率上限（留空不检查）",
        "wlExcludeDishonest": "排除失信企业", "wlRequireFigures": "须有上一年度资产负债数据", "wlRules": "生成规则",
    ]

    static let en: [String: String] = [
        "whitelists": "Financing whitelist", "whitelistsTitle": "Financing whitelists",
        "whitelistsHint":
            "Derived per quarter: chain leaders and their core suppliers (local firms with at least 5% of a leader's purchases or 10 million yuan), filtered by dishonesty, debt ratio and missing figures, confirmed one by one, then published to banks.",
        "quarter": "Quarter", "dataYear": "Data year", "whitelist_draft": "Draft", "whitelist_published": "Published",
        "whitelistIncluded": "Included / candidates", "noWhitelists": "No whitelist yet.", "deriveWhitelist": "Derive",
        "publishWhitelist": "Publish to banks", "whitelistBasis": "Basis", "whitelistOf": "Leaders supplied",
        "whitelistShare": "Largest share",
        "whitelistIncludedWord": "Included", "whitelistExcludedBecause": "Why not", "noWhitelistItems": "No candidate this quarter.",
        "basisLeader": "Chain leader", "basisCoreSupplier": "Core supplier", "basisAdded": "Added by an official",
        "firmWhitelists": "Financing whitelist",
        "wlMinShare": "Core supplier share", "wlMinAmount": "or amount", "wanUnit": "10k yuan",
        "wlMaxDebt": "Debt ratio limit (blank: none)",
        "wlExcludeDishonest": "Leave out dishonest firms", "wlRequireFigures": "Require last year's balance sheet", "wlRules": "Rules",
    ]

    static func basisKey(_ basis: String) -> String {
        switch basis {
        case "leader": "basisLeader"
        case "core-supplier": "basisCoreSupplier"
        default: "basisAdded"
        }
    }
}
