import ChainLeadCore
import SQLKit
import Vapor

/// A shortlist's page (Policy S1, S2): the firms with their scores, the chain chief's approval,
/// the official's notice, and the objections to it with their decisions.
extension SelectionPages {
    struct ShortlistEntryRow: Encodable, Sendable {
        var enterprise: String
        var name: String
        var score: String
        var expertScore: String
        var removedReason: String?
    }

    struct ObjectionRow: Encodable, Sendable {
        var id: Int64
        var name: String
        var reason: String
        var objector: String
        var contact: String?
        var status: String
        var statusLabel: String
        var outcome: String?
    }

    struct ShortlistPage: Encodable, Sendable {
        var id: Int64
        var campaign: Int64
        var chainName: String
        var status: String
        var statusLabel: String
        var note: String?
        var comment: String?
        var decidedBy: String?
        var entries: [ShortlistEntryRow]
        var canDecide: Bool
        var canNotice: Bool
        var canDecideObjections: Bool
        var notice: Int64?
        var noticePeriod: String?
        var objections: [ObjectionRow]
        var today: String
        var message: String?
        var error: String?
    }

    func renderShortlist(_ req: Request, _ id: Int64, message: String? = nil, error: DomainError? = nil) async throws -> Response {
        let s = try await Shortlists(db: req.sql, caller: req.caller).find(id)
        let t = req.texts
        let grants = req.caller.grants
        let chainName = try await Self.chainNames(req.sql, en: req.locale == .en).first { $0.code == s.chain }?.name ?? s.chain
        var notice: NoticeView?
        var objections: [ObjectionView] = []
        if let n = s.notice {
            let found = try await Notices.find(n, db: req.sql)
            notice = found
            if Policy.decide(grants, .read, .selection(.objections(chains: [s.chain]))).allowed {
                objections = try await Objections(db: req.sql, caller: req.caller).list(notice: found)
            }
        }
        let names = Dictionary(s.enterprises.map { ($0.enterprise, $0.name) }, uniquingKeysWith: { a, _ in a })
        let content = ShortlistPage(
            id: s.id, campaign: s.campaign, chainName: chainName, status: s.status, statusLabel: t["shortlist_" + s.status], note: s.note,
            comment: s.comment, decidedBy: s.decidedBy,
            entries: s.enterprises.map {
                ShortlistEntryRow(
                    enterprise: $0.enterprise, name: $0.name, score: $0.finalScore.map { Display.grouped($0, decimals: 2) } ?? "—",
                    expertScore: $0.expertScore.map { Display.grouped($0, decimals: 2) } ?? "—", removedReason: $0.removedReason)
            },
            canDecide: s.status == "proposed" && Policy.decide(grants, .update, .selection(.shortlistDecision(chain: s.chain))).allowed,
            canNotice: s.status == "approved" && s.notice == nil
                && Policy.decide(grants, .update, .selection(.campaign(chains: [s.chain]))).allowed,
            canDecideObjections: Policy.decide(grants, .update, .selection(.objections(chains: [s.chain]))).allowed,
            notice: s.notice, noticePeriod: notice.map { "\($0.startsOn) – \($0.noticeUntil)（\($0.workingDays)）" },
            objections: objections.map { o in
                ObjectionRow(
                    id: o.id, name: names[o.enterprise] ?? o.enterpriseName, reason: o.reason, objector: o.objector, contact: o.contact,
                    status: o.status, statusLabel: t["objection_" + o.status], outcome: o.outcome)
            },
            today: SimpleDate.today().description, message: message, error: error?.message)
        let response = try await req.render("selection/shortlist", title: "\(chainName) · \(t["shortlist"])", nav: "selection", content)
        if let error { response.status = error.status }
        return response
    }

    func shortlistPage(req: Request) async throws -> Response { try await renderShortlist(req, try Self.id(req)) }

    struct DecisionForm: Decodable {
        var decision: String?
        var comment: String?
    }

    func decideShortlistPage(req: Request) async throws -> Response {
        let id = try Self.id(req)
        let form = try req.content.decode(DecisionForm.self)
        do {
            _ = try await Shortlists(db: req.sql, caller: req.caller).decide(
                id, approve: form.decision == "approve", comment: form.comment.map { String($0.prefix(2000)) })
            return try await renderShortlist(req, id, message: req.texts["saved"])
        } catch let e as DomainError {
            return try await renderShortlist(req, id, error: e)
        }
    }

    struct NoticeForm: Decodable {
        var from: String?
        var workingDays: Int?
    }

    func publishNoticePage(req: Request) async throws -> Response {
        let id = try Self.id(req)
        let form = try req.content.decode(NoticeForm.self)
        do {
            guard let from = form.from.flatMap(SimpleDate.init(iso:)) else {
                throw DomainError.invalid("from", "日期格式应为 YYYY-MM-DD", code: "bad_date")
            }
            let n = try await Notices(db: req.sql, caller: req.caller).publish(
                shortlist: id, from: from, workingDays: form.workingDays ?? 5)
            return try await renderShortlist(
                req, id,
                message: req.texts["noticePublished"].replacingOccurrences(of: "{from}", with: n.startsOn)
                    .replacingOccurrences(of: "{until}", with: n.noticeUntil))
        } catch let e as DomainError {
            return try await renderShortlist(req, id, error: e)
        }
    }

    struct ObjectionDecisionForm: Decodable {
        var outcome: String?
        var reason: String?
    }

    func decideObjectionPage(req: Request) async throws -> Response {
        let id = try Self.id(req)
        let form = try req.content.decode(ObjectionDecisionForm.self)
        let objections = Objections(db: req.sql, caller: req.caller)
        let shortlist = try await objections.row(id).shortlistId
        do {
            _ = try await objections.decide(id, upheld: form.outcome == "upheld", reason: String((form.reason ?? "").prefix(1000)))
            return try await renderShortlist(req, shortlist, message: req.texts["saved"])
        } catch let e as DomainError {
            return try await renderShortlist(req, shortlist, error: e)
        }
    }

    /// The ranking page's second button: the ticked firms as a shortlist for the chain chief.
    func proposeShortlistPage(req: Request) async throws -> Response {
        let id = try Self.id(req)
        struct Form: Decodable {
            var chain: String?
            var enterprises: [String]?
            var note: String?
        }
        let form = try req.content.decode(Form.self)
        do {
            let s = try await Shortlists(db: req.sql, caller: req.caller).propose(
                campaign: id, chain: form.chain ?? "", enterprises: form.enterprises ?? [], note: form.note?.nilIfBlank)
            return req.redirect(to: "/selection/shortlists/\(s.id)")
        } catch let e as DomainError {
            return try await renderRanking(req, id, chain: form.chain, error: e)
        }
    }
}
