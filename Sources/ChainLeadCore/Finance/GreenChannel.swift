import Foundation

// The green channel for major and key-node projects (重大项目绿色通道, Policy S5): each project
// goes through planning, approvals, construction and operation; each step has a target date and
// a responsible department, and is overdue by the working days since its target while not done.

/// The phases of a green-channel project's steps (a project's own `ProjectStage` is where it stands).
public enum GreenChannelPhase: String, Sendable, CaseIterable, Codable {
    case planning, approvals, construction, operation

    public var nameZh: String {
        switch self {
        case .planning: "前期谋划"
        case .approvals: "审批办理"
        case .construction: "开工建设"
        case .operation: "竣工投产"
        }
    }
}

public enum GreenChannel {
    /// Working days a step is late on `today`: > 0 only when it is not done and its target passed.
    /// A step done late stays late by the working days between its target and its completion.
    public static func overdue(target: SimpleDate, done: SimpleDate?, today: SimpleDate, calendar: WorkingCalendar) -> Int {
        max(0, calendar.workingDays(from: target, to: done ?? today))
    }
}

/// Talent-programme nominations (人才计划推荐): nominated by the firm, recommended on by the city,
/// then selected or not.
public enum TalentStatus: String, Sendable, CaseIterable, Codable {
    case nominated, recommended, selected
    case notSelected = "not-selected"

    public func mayMove(to next: TalentStatus) -> Bool {
        switch (self, next) {
        case (.nominated, .recommended), (.nominated, .notSelected), (.recommended, .selected), (.recommended, .notSelected): true
        default: false
        }
    }

    public var nameZh: String {
        switch self {
        case .nominated: "企业推荐"
        case .recommended: "已向上推荐"
        case .selected: "已入选"
        case .notSelected: "未入选"
        }
    }
}

/// Land, energy-use and emission quotas for projects (要素保障).
public enum QuotaKind: String, Sendable, CaseIterable, Codable {
    case land, energy, emission

    public var nameZh: String {
        switch self {
        case .land: "用地指标"
        case .energy: "用能指标"
        case .emission: "排放总量指标"
        }
    }

    /// The unit amounts are given in.
    public var unitZh: String {
        switch self {
        case .land: "亩"
        case .energy: "吨标准煤"
        case .emission: "吨"
        }
    }
}

public enum QuotaStatus: String, Sendable, CaseIterable, Codable {
    case submitted, granted, partly, declined

    public var nameZh: String {
        switch self {
        case .submitted: "已申请"
        case .granted: "已足额保障"
        case .partly: "部分保障"
        case .declined: "未予保障"
        }
    }
}
