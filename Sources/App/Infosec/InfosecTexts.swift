/// Information security (Policy S6), merged into `L10n`.
enum InfosecTexts {
    static let zh: [String: String] = [
        "infosec": "信息安全", "infosecTitle": "链主企业信息安全检查",
        "infosecHint": "第三方机构对链主企业开展现场检查和远程模拟攻击测试；发现的问题明确整改责任人和期限，整改后复测；按工作日历标出超期未整改的问题。",
        "isShowOverdue": "只看有超期问题的检查", "isInspections": "检查次数", "isFindings": "发现问题", "isCritical": "严重", "isHigh": "高危",
        "isOpen": "未闭环", "isOverdue": "超期", "isFinding": "问题", "isSeverity": "严重程度", "isOwner": "整改责任人", "isDeadline": "整改期限",
        "isRectification": "整改情况", "isRectify": "报告已整改", "isPassed": "复测通过", "isFailed": "复测未通过", "isRetest": "记录复测",
        "isAddFinding": "添加问题", "isNone": "暂无信息安全检查记录。", "isRecord": "记录检查", "isKind": "检查方式", "isOrganisation": "检查机构",
    ]

    static let en: [String: String] = [
        "infosec": "Info security", "infosecTitle": "Chain leaders' information security",
        "infosecHint":
            "Third-party on-site checks and simulated-attack remote tests of chain leaders; each finding has an owner and a deadline and is re-tested once rectified; findings late on the working calendar are flagged.",
        "isShowOverdue": "Only inspections with late findings", "isInspections": "Inspections", "isFindings": "Findings",
        "isCritical": "Critical",
        "isHigh": "High", "isOpen": "Not closed", "isOverdue": "Late", "isFinding": "Finding", "isSeverity": "Severity", "isOwner": "Owner",
        "isDeadline": "Deadline", "isRectification": "Rectification", "isRectify": "Report rectified", "isPassed": "Re-test passed",
        "isFailed": "Re-test failed", "isRetest": "Record re-test", "isAddFinding": "Add a finding", "isNone": "No inspection recorded.",
        "isRecord": "Record an inspection", "isKind": "Kind", "isOrganisation": "Organisation",
    ]
}
