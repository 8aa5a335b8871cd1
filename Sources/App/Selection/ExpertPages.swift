import ChainLeadCore
import SQLKit
import Vapor

/// An expert's queue (Policy S1, S2): declare on each assignment, then read the application and
/// score it (a draft, then submitted). Officials assign a chain's panel from the campaign page.
extension SelectionPages {
    struct QueueRow: Encodable, Sendable {
        var id: Int64
        var application: Int64
        var name: String
        var chain: String
        var status: String
        var statusLabel: String
        var blockedReason: String?
        var score: String
        var comment: String
        var reopenReason: String?
    }

    struct QueuePage: Encodable, Sendable {
        var rows: [QueueRow]
        var kinds: [Option]
        var message: String?
        var error: String?
    }

    func renderQueue(_ req: Request, message: String? = nil, error: DomainError? = nil) async throws -> Response {
        let list = try await Assignments(db: req.sql, caller: req.caller).list(campaign: nil, chain: nil, expert: nil, mine: true)
        let names = Dictionary(
            try await Self.chainNames(req.sql, en: req.locale == .en).map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let t = req.texts
        let content = QueuePage(
            rows: list.map { a in
                QueueRow(
                    id: a.id, application: a.application, name: a.enterpriseName, chain: names[a.chain] ?? a.chain, status: a.status,
                    statusLabel: t["assignment_" + a.status], blockedReason: a.blockedReason,
                    score: a.score.map { Display.grouped($0, decimals: 1) } ?? "", comment: a.comment ?? "", reopenReason: a.reopenReason)
            },
            kinds: ConflictKind.allCases.map { Option(value: $0.rawValue, label: t["conflict_" + $0.rawValue], selected: false) },
            message: message, error: error?.message)
        let response = try await req.render("selection/assignments", title: t["myAssignments"], nav: "assignments", content)
        if let error { response.status = error.status }
        return response
    }

    func assignmentQueue(req: Request) async throws -> Response { try await renderQueue(req) }

    struct DeclarationForm: Decodable {
        var conflict: String?
        var kind: String?
        var detail: String?
    }

    func declarePage(req: Request) async throws -> Response {
        let id = try Self.id(req)
        let form = try req.content.decode(DeclarationForm.self)
        do {
            let conflict = form.conflict == "yes"
            let a = try await Assignments(db: req.sql, caller: req.caller).declare(
                id, conflict: conflict, kind: conflict ? form.kind.flatMap(ConflictKind.init(rawValue:)) : nil,
                detail: form.detail?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfBlank.map { String($0.prefix(1000)) })
            if a.status == "declared" { return req.redirect(to: "/selection/applications/\(a.application)?assignment=\(a.id)") }
            return try await renderQueue(req, message: req.texts["conflictRecorded"])
        } catch let e as DomainError {
            return try await renderQueue(req, error: e)
        }
    }

    struct ScoreForm: Decodable {
        var score: String?
        var comment: String?
        var submit: String?
    }

    func scorePage(req: Request) async throws -> Response {
        let id = try Self.id(req)
        let form = try req.content.decode(ScoreForm.self)
        do {
            guard let text = form.score?.trimmingCharacters(in: .whitespaces), let value = Double(text) else {
                throw DomainError.invalid("score", req.texts["scoreInvalid"], code: "bad_score")
            }
            let submit = form.submit == "yes"
            _ = try await ExpertPanel(db: req.sql, caller: req.caller).score(
                id, score: value, comment: form.comment?.nilIfBlank.map { String($0.prefix(2000)) }, submit: submit)
            return try await renderQueue(req, message: req.texts[submit ? "scoreSubmitted" : "scoreDrafted"])
        } catch let e as DomainError {
            return try await renderQueue(req, error: e)
        }
    }

    struct AssignForm: Decodable {
        var chain: String?
        var experts: String?
        var perApplication: Int?
    }

    /// An official assigns a chain's panel from the campaign page (usernames separated by commas or spaces).
    func assignPage(req: Request) async throws -> Response {
        let id = try Self.id(req)
        let form = try req.content.decode(AssignForm.self)
        do {
            let experts = (form.experts ?? "").split(whereSeparator: { ",，、 \n".contains($0) }).map(String.init)
            let made = try await AssignmentPlanner(db: req.sql, caller: req.caller).assign(
                campaign: id, chain: form.chain ?? "", experts: experts, perApplication: form.perApplication ?? 3)
            return try await renderCampaign(req, id, message: String(format: req.texts["assignedNote"], made.count))
        } catch let e as DomainError {
            return try await renderCampaign(req, id, error: e)
        }
    }
}
