/// The responsibility matrix (Policy S1–S7), merged into `L10n`.
enum TaskTexts {
    static let zh: [String: String] = [
        "tasks": "责任分工", "tasksTitle": "政策责任分工落实情况",
        "tasksHint": "按实施意见第三部分各条款所列责任单位，逐季度报送进展；到期未报送的标为逾期。", "taskDue": "本季度报送截止：",
        "taskClause": "条款", "taskOverdue": "逾期未报", "taskMissing": "未报送", "taskReport": "报送本季度进展", "taskReportFor": "代责任单位报送进展",
        "taskProgress": "进展情况",
        "tasksLocal": "第（二）条起，各市（县）区人民政府、无锡经开区管委会均为责任单位（原文“以下均需……负责，不再列出”），未在表中逐列列出。",
    ]

    static let en: [String: String] = [
        "tasks": "Responsibilities", "tasksTitle": "Responsibility matrix",
        "tasksHint":
            "Each clause of part three of the policy with the departments it names; each reports its progress per quarter, and a missing report past the due day is overdue.",
        "taskDue": "Due:", "taskClause": "Clause", "taskOverdue": "Overdue", "taskMissing": "Not reported",
        "taskReport": "Report this quarter", "taskReportFor": "Report for a department",
        "taskProgress": "Progress",
        "tasksLocal":
            "From clause S2 on, the county-level governments and the Wuxi Economic Development Zone are responsible too (not listed column by column).",
    ]
}
