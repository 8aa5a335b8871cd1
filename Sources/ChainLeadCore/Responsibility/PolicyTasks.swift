import Foundation

// The responsibility matrix (责任分工): each clause of part three of the policy (S1–S7) with the
// departments the text lists after it, exactly as written (`docs/policy-zh.txt`). Clause S2 adds
// that the county-level governments and the Wuxi Economic Development Zone are responsible for
// every clause from there on ("以下均需……负责，不再列出"): `localGovernments`.

public struct PolicyTask: Sendable, Equatable {
    public let clause: String
    public let title: String
    /// The departments named after the clause, in the text's order.
    public let departments: [String]
    public let localGovernments: Bool
}

public enum TaskStatus: String, Sendable, CaseIterable, Codable {
    case notStarted = "not-started"
    case onTrack = "on-track"
    case behind
    case done

    public var nameZh: String {
        switch self {
        case .notStarted: "未启动"
        case .onTrack: "按计划推进"
        case .behind: "滞后"
        case .done: "已完成"
        }
    }
}

public enum PolicyTasks {
    static let core = [Department.developmentReform, Department.scienceTechnology, Department.industryIT, Department.transport]

    public static let all: [PolicyTask] = [
        PolicyTask(clause: "S1", title: "加强组织领导", departments: ["市制造强市和现代产业集群建设领导小组各成员单位"], localGovernments: false),
        PolicyTask(clause: "S2", title: "建立培育体系", departments: core, localGovernments: true),
        PolicyTask(clause: "S3", title: "支持做大做强", departments: core, localGovernments: true),
        PolicyTask(
            clause: "S4", title: "加大政策支持", departments: [Department.organisation] + core + [Department.financeBureau],
            localGovernments: true),
        PolicyTask(
            clause: "S5", title: "加强要素保障",
            departments: [Department.organisation, Department.financeOffice] + core + [
                Department.financeBureau, Department.naturalResources, Department.ecoEnvironment, Department.municipalGardens,
                Department.stateAssets, Department.data,
            ], localGovernments: true),
        PolicyTask(
            clause: "S6", title: "抓好服务保障",
            departments: [Department.organisation, Department.financeOffice] + core + [
                Department.humanResources, Department.naturalResources, Department.ecoEnvironment, Department.emergency,
                Department.powerSupply,
            ], localGovernments: true),
        PolicyTask(clause: "S7", title: "强化宣传引导", departments: [Department.publicity] + core, localGovernments: true),
    ]

    /// Every department named by some clause, in first-named order.
    public static var departments: [String] {
        var seen: [String] = []
        for t in all { for d in t.departments where !seen.contains(d) { seen.append(d) } }
        return seen
    }

    public static func task(_ clause: String) -> PolicyTask? { all.first { $0.clause == clause } }

    /// A quarter's report is due on the 10th working day after the quarter ends.
    public static func due(year: Int, quarter: Int, calendar: WorkingCalendar) -> SimpleDate? {
        guard (1...4).contains(quarter), let end = SimpleDate(year: year, month: quarter * 3, day: quarter == 1 || quarter == 4 ? 31 : 30)
        else {
            return nil
        }
        return calendar.addWorkingDays(from: end, days: 10)
    }
}
