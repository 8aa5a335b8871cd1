import Foundation

// Information security of chain leaders (Policy S6): third-party inspections — on-site checks
// and simulated-attack remote tests — with findings to rectify by a deadline and a re-test; a
// finding is overdue by the working days since its deadline while not rectified.

public enum InspectionKind: String, Sendable, CaseIterable, Codable {
    case onsite, remote

    public var nameZh: String { self == .onsite ? "现场检查" : "远程模拟攻击测试" }
}

public enum FindingSeverity: String, Sendable, CaseIterable, Codable {
    case critical, high, medium, low

    public var nameZh: String {
        switch self {
        case .critical: "严重"
        case .high: "高危"
        case .medium: "中危"
        case .low: "低危"
        }
    }
}

/// open → rectified → closed (re-test passed) or back to open (re-test failed).
public enum FindingStatus: String, Sendable, CaseIterable, Codable {
    case open, rectified, closed

    public var nameZh: String {
        switch self {
        case .open: "待整改"
        case .rectified: "已整改待复测"
        case .closed: "复测通过"
        }
    }
}

public enum Infosec {
    /// Working days a finding is past its deadline: while open, until today; once rectified,
    /// until the day it was rectified.
    public static func overdue(deadline: SimpleDate, rectified: SimpleDate?, today: SimpleDate, calendar: WorkingCalendar) -> Int {
        max(0, calendar.workingDays(from: deadline, to: rectified ?? today))
    }
}
