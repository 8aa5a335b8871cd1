import ChainLeadAPI
import ChainLeadCore
import Foundation
import OpenAPIRuntime

/// Selection II over the API (Policy S1, S2): expert profiles, assignments, declarations and
/// scores. Shortlists, notices and objections are in `NoticeAPI.swift`.
extension APIHandler {
    func getExpertProfile(_ input: Operations.GetExpertProfile.Input) async throws -> Operations.GetExpertProfile.Output {
        try Self.checkLengths([("username", input.path.username, 100)])
        return .ok(.init(body: .json(try Bridge.convert(try await ExpertProfiles(db: sql, caller: caller).find(input.path.username)))))
    }

    func putExpertProfile(_ input: Operations.PutExpertProfile.Input) async throws -> Operations.PutExpertProfile.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try Self.checkLengths([("username", input.path.username, 100)])
        try rejectNulls(except: ["field", "title", "employer", "employerName", "enterprise", "detail"])
        struct In: Decodable {
            var field, title, employer, employerName: String?
            var interests: [ExpertProfile.Interest]?
        }
        let b = try Bridge.convert(body, to: In.self)
        try Self.checkLengths([("field", b.field, 200), ("title", b.title, 100), ("employerName", b.employerName, 200)])
        if (b.interests ?? []).count > 100 { throw DomainError.invalid("interests", "利益关系最多100条") }
        for (i, interest) in (b.interests ?? []).enumerated() {
            try Self.checkLengths([("interests[\(i)].name", interest.name, 200), ("interests[\(i)].detail", interest.detail, 500)])
            if interest.name.trimmingCharacters(in: .whitespaces).isEmpty {
                throw DomainError.invalid("interests[\(i)].name", "请填写利益关系涉及的单位或人员", code: "required")
            }
        }
        let profile = ExpertProfile(
            username: input.path.username, field: b.field?.nilIfBlank, title: b.title?.nilIfBlank, employer: b.employer?.nilIfBlank,
            employerName: b.employerName?.nilIfBlank, interests: b.interests ?? [])
        let saved = try await ExpertProfiles(db: sql, caller: caller).save(input.path.username, profile)
        return .ok(.init(body: .json(try Bridge.convert(saved))))
    }

    func createAssignments(_ input: Operations.CreateAssignments.Input) async throws -> Operations.CreateAssignments.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        struct In: Decodable {
            struct P: Decodable {
                var application: Int64
                var expert: String
            }
            var chain: String?
            var experts: [String]?
            var perApplication: Int?
            var pairs: [P]?
        }
        let b = try Bridge.convert(body, to: In.self)
        let planner = AssignmentPlanner(db: sql, caller: caller)
        let made: [AssignmentView]
        if let pairs = b.pairs {
            guard b.chain == nil, b.experts == nil, b.perApplication == nil else {
                throw DomainError.invalid("pairs", "请只给出 pairs，或只给出 chain、experts 和 perApplication")
            }
            made = try await planner.assign(
                campaign: input.path.id, pairs: pairs.map { .init(application: $0.application, expert: $0.expert) })
        } else {
            guard let chain = b.chain else { throw DomainError.invalid("chain", "请选择产业链", code: "required") }
            try Self.checkCodes([(chain, "chain")])
            guard let experts = b.experts else { throw DomainError.invalid("experts", "请选择专家", code: "required") }
            guard let per = b.perApplication else { throw DomainError.invalid("perApplication", "请填写每份申报的专家人数", code: "required") }
            made = try await planner.assign(campaign: input.path.id, chain: chain, experts: experts, perApplication: per)
        }
        return .created(.init(body: .json(try Bridge.convert(made))))
    }

    func listCampaignAssignments(_ input: Operations.ListCampaignAssignments.Input) async throws
        -> Operations.ListCampaignAssignments.Output
    {
        try Self.checkCodes([(input.query.chain, "chain")])
        try Self.checkLengths([("expert", input.query.expert, 100)])
        if input.query.expert?.isEmpty == true { throw DomainError.invalid("expert", "请填写专家账号", code: "required") }
        let list = try await Assignments(db: sql, caller: caller).list(
            campaign: input.path.id, chain: input.query.chain, expert: input.query.expert, mine: false)
        return .ok(.init(body: .json(try Bridge.convert(list))))
    }

    func listAssignments(_ input: Operations.ListAssignments.Input) async throws -> Operations.ListAssignments.Output {
        let list = try await Assignments(db: sql, caller: caller).list(
            campaign: input.query.campaign, chain: nil, expert: nil, mine: input.query.mine ?? false)
        return .ok(.init(body: .json(try Bridge.convert(list))))
    }

    func declareOnAssignment(_ input: Operations.DeclareOnAssignment.Input) async throws -> Operations.DeclareOnAssignment.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try Self.checkLengths([("detail", body.detail, 1000)])
        let a = try await Assignments(db: sql, caller: caller).declare(
            input.path.id, conflict: body.conflict, kind: body.kind.flatMap { ConflictKind(rawValue: $0.rawValue) },
            detail: body.detail?.nilIfBlank)
        return .ok(.init(body: .json(try Bridge.convert(a))))
    }

    func scoreAssignment(_ input: Operations.ScoreAssignment.Input) async throws -> Operations.ScoreAssignment.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try Self.checkLengths([("comment", body.comment, 2000)])
        let a = try await ExpertPanel(db: sql, caller: caller).score(
            input.path.id, score: body.score, comment: body.comment?.nilIfBlank, submit: body.submit ?? false)
        return .ok(.init(body: .json(try Bridge.convert(a))))
    }

    func reopenAssignment(_ input: Operations.ReopenAssignment.Input) async throws -> Operations.ReopenAssignment.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try Self.checkLengths([("reason", body.reason, 1000)])
        let a = try await ExpertPanel(db: sql, caller: caller).reopen(input.path.id, reason: body.reason)
        return .ok(.init(body: .json(try Bridge.convert(a))))
    }

    func getCampaignHistory(_ input: Operations.GetCampaignHistory.Input) async throws -> Operations.GetCampaignHistory.Output {
        let c = try await Campaigns(db: sql, caller: caller).find(input.path.id)
        try await require(.read, .selection(.campaign(chains: Set(c.chains))))
        return .ok(.init(body: .json(try Bridge.convert(try await CampaignEvents.list(c.id, caller: caller, db: sql)))))
    }
}
