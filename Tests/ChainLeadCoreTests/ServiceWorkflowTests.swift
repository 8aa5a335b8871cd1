import Testing

@testable import ChainLeadCore

@Suite(.tags(.s6)) struct ServiceWorkflowTests {
    typealias Step = (RequestAction, ActorKind, RequestStatus)

    /// Policy S6: the full path, including a return and a dissatisfied firm.
    static let path: [Step] = [
        (.assign(department: "市工业和信息化局"), .system, .assigned),
        (.return(reason: "用地事项不属本部门职责"), .leadDepartment, .returned),
        (.reroute(department: "市自然资源规划局", reason: "用地事项"), .dispatcher, .assigned),
        (.contribute(note: "已提供园区规划资料"), .coDepartment, .assigned),
        (.accept, .leadDepartment, .accepted),
        (.start, .leadDepartment, .inProgress),
        (.answer(text: "已安排用地预审"), .leadDepartment, .answered),
        (.confirm(satisfied: false, reason: "未说明办理时限"), .enterprise, .reopened),
        (.answer(text: "预审将于10个工作日内完成"), .leadDepartment, .answered),
        (.confirm(satisfied: true, reason: nil), .enterprise, .closed),
    ]

    @Test func theWholePathIsLegal() {
        var status = RequestStatus.submitted
        for (action, actor, expected) in Self.path {
            let result = RequestWorkflow.apply(action, to: status, actor: actor)
            #expect(result == .success(expected), "\(action.nameZh) by \(actor) from \(status)")
            if case .success(let next) = result { status = next }
        }
        #expect(status == .closed)
    }

    @Test func otherLegalMoves() {
        let legal: [(RequestAction, RequestStatus, ActorKind, RequestStatus)] = [
            (.assign(department: "市数据局"), .submitted, .dispatcher, .assigned),
            (.start, .reopened, .leadDepartment, .inProgress),
            (.answer(text: "答复"), .accepted, .leadDepartment, .answered),
            (.return(reason: "非本部门职责"), .inProgress, .leadDepartment, .returned),
            (.return(reason: "非本部门职责"), .reopened, .leadDepartment, .returned),
            (.reroute(department: "市应急局", reason: "消防事项"), .inProgress, .dispatcher, .assigned),
            (.close, .answered, .dispatcher, .closed),
            (.close, .answered, .system, .closed),
            (.contribute(note: "意见"), .reopened, .coDepartment, .reopened),
        ]
        for (action, from, actor, to) in legal {
            #expect(RequestWorkflow.apply(action, to: from, actor: actor) == .success(to), "\(action.nameZh) from \(from)")
        }
    }

    enum Kind { case notPermitted, notNow, missingInput }

    static let illegal: [(RequestAction, RequestStatus, ActorKind, Kind)] = [
        (.accept, .assigned, .enterprise, .notPermitted),
        (.accept, .assigned, .coDepartment, .notPermitted),
        (.reroute(department: "市数据局", reason: "信息安全"), .returned, .leadDepartment, .notPermitted),
        (.reroute(department: "市数据局", reason: "信息安全"), .returned, .system, .notPermitted),
        (.confirm(satisfied: true, reason: nil), .answered, .dispatcher, .notPermitted),
        (.confirm(satisfied: true, reason: nil), .answered, .leadDepartment, .notPermitted),
        (.close, .answered, .enterprise, .notPermitted),
        (.contribute(note: "意见"), .accepted, .leadDepartment, .notPermitted),
        (.answer(text: "答复"), .accepted, .coDepartment, .notPermitted),
        (.assign(department: "市数据局"), .submitted, .leadDepartment, .notPermitted),

        (.accept, .submitted, .leadDepartment, .notNow),
        (.accept, .returned, .leadDepartment, .notNow),
        (.accept, .accepted, .leadDepartment, .notNow),
        (.answer(text: "答复"), .assigned, .leadDepartment, .notNow),  // accept first
        (.answer(text: "答复"), .returned, .leadDepartment, .notNow),
        (.answer(text: "答复"), .closed, .leadDepartment, .notNow),
        (.start, .inProgress, .leadDepartment, .notNow),
        (.start, .assigned, .leadDepartment, .notNow),
        (.assign(department: "市数据局"), .assigned, .dispatcher, .notNow),
        (.confirm(satisfied: true, reason: nil), .inProgress, .enterprise, .notNow),
        (.confirm(satisfied: false, reason: "不满意"), .closed, .enterprise, .notNow),
        (.confirm(satisfied: true, reason: nil), .reopened, .enterprise, .notNow),
        (.close, .inProgress, .dispatcher, .notNow),  // no hiding unanswered requests
        (.close, .returned, .dispatcher, .notNow),
        (.close, .closed, .dispatcher, .notNow),
        (.return(reason: "非本部门职责"), .answered, .leadDepartment, .notNow),
        (.return(reason: "非本部门职责"), .returned, .leadDepartment, .notNow),
        (.reroute(department: "市数据局", reason: "信息安全"), .submitted, .dispatcher, .notNow),
        (.reroute(department: "市数据局", reason: "信息安全"), .answered, .dispatcher, .notNow),
        (.reroute(department: "市数据局", reason: "信息安全"), .closed, .dispatcher, .notNow),
        (.contribute(note: "意见"), .closed, .coDepartment, .notNow),

        (.return(reason: ""), .assigned, .leadDepartment, .missingInput),
        (.return(reason: "  \n"), .assigned, .leadDepartment, .missingInput),
        (.reroute(department: "", reason: "消防事项"), .returned, .dispatcher, .missingInput),
        (.reroute(department: "市应急局", reason: ""), .returned, .dispatcher, .missingInput),
        (.answer(text: " "), .inProgress, .leadDepartment, .missingInput),
        (.confirm(satisfied: false, reason: nil), .answered, .enterprise, .missingInput),
        (.confirm(satisfied: false, reason: ""), .answered, .enterprise, .missingInput),
        (.assign(department: ""), .submitted, .system, .missingInput),
        (.contribute(note: ""), .accepted, .coDepartment, .missingInput),
    ]

    @Test(arguments: illegal.indices)
    func illegalMovesAreRefusedWithAChineseReason(index: Int) {
        let (action, from, actor, kind) = Self.illegal[index]
        let result = RequestWorkflow.apply(action, to: from, actor: actor)
        guard case .failure(let error) = result else {
            Issue.record("\(action.nameZh) by \(actor) from \(from) should fail, got \(result)")
            return
        }
        switch (kind, error) {
        case (.notPermitted, .notPermitted), (.notNow, .notNow), (.missingInput, .missingInput): break
        default: Issue.record("\(action.nameZh) by \(actor) from \(from): expected \(kind), got \(error)")
        }
        #expect(error.message.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF })
    }

    @Test func messagesSayWhat() {
        #expect(
            RequestWorkflow.apply(.return(reason: ""), to: .assigned, actor: .leadDepartment)
                == .failure(.missingInput("退回须说明理由")))
        #expect(
            RequestWorkflow.apply(.reroute(department: "市应急局", reason: "x"), to: .returned, actor: .leadDepartment)
                == .failure(.notPermitted("牵头部门不能改派诉求")))
        #expect(
            RequestWorkflow.apply(.confirm(satisfied: true, reason: nil), to: .inProgress, actor: .enterprise)
                == .failure(.notNow("诉求办理中，不能评价")))
    }

    /// A returned (or any open) request is never a dead end: some legal sequence closes it.
    @Test func everyOpenStatusCanReachClosed() {
        let moves: [(RequestAction, ActorKind)] = [
            (.assign(department: "市数据局"), .system), (.accept, .leadDepartment), (.start, .leadDepartment),
            (.answer(text: "答复"), .leadDepartment), (.return(reason: "理由"), .leadDepartment),
            (.reroute(department: "市数据局", reason: "理由"), .dispatcher),
            (.confirm(satisfied: true, reason: nil), .enterprise), (.confirm(satisfied: false, reason: "原因"), .enterprise),
            (.close, .dispatcher), (.contribute(note: "意见"), .coDepartment),
        ]
        for start in RequestStatus.allCases where start != .closed {
            var seen: Set<RequestStatus> = [start]
            var frontier = [start]
            while let s = frontier.popLast() {
                for (action, actor) in moves {
                    if case .success(let n) = RequestWorkflow.apply(action, to: s, actor: actor), seen.insert(n).inserted {
                        frontier.append(n)
                    }
                }
            }
            #expect(seen.contains(.closed), "\(start) cannot reach closed")
        }
    }
}
