import ChainLeadCore
import SQLKit
import Vapor

/// Reviews due (复核), open reviews with their decision form, and early warnings (Policy S2).
extension SelectionPages {
    struct DueRow: Encodable, Sendable {
        var recognition: Int64
        var enterprise: String
        var name: String
        var chain: String
        var recognisedOn: String
        var reviewDue: String
        var overdue: Bool
    }

    struct OpenRow: Encodable, Sendable {
        var id: Int64
        var enterprise: String
        var name: String
        var chain: String
        var score: String
    }

    struct WarningRow: Encodable, Sendable {
        var enterprise: String
        var name: String
        var chain: String
        var kind: String
        var message: String
    }

    struct ReviewsPage: Encodable, Sendable {
        var due: [DueRow]
        var open: [OpenRow]
        var warnings: [WarningRow]
        var canDecide: Bool
        var tiers: [Option]
        var message: String?
        var error: String?
    }

    func renderReviews(_ req: Request, message: String? = nil, error: DomainError? = nil) async throws -> Response {
        try await req.require(.read, .selection(.chain(nil)))
        let today = SimpleDate.today()
        let en = req.locale == .en
        let reviews = Reviews(db: req.sql, caller: req.caller)
        let due = try await reviews.due(withinDays: 90, today: today)
        let open = try await reviews.open()
        let warnings = try await Warnings(db: req.sql, caller: req.caller).list(today: today)
        let names = Dictionary(try await Self.chainNames(req.sql, en: en).map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let content = ReviewsPage(
            due: due.map {
                DueRow(
                    recognition: $0.id, enterprise: $0.enterprise, name: $0.enterpriseName, chain: names[$0.chain] ?? $0.chain,
                    recognisedOn: $0.recognisedOn,
                    reviewDue: $0.reviewDue, overdue: $0.reviewDue < today.description)
            },
            open: open.map {
                OpenRow(
                    id: $0.id, enterprise: $0.enterprise, name: $0.enterpriseName, chain: names[$0.chain] ?? $0.chain,
                    score: $0.score.map { Display.grouped($0, decimals: 1) } ?? "—")
            },
            warnings: warnings.map {
                WarningRow(
                    enterprise: $0.enterprise, name: $0.enterpriseName, chain: names[$0.chain] ?? $0.chain,
                    kind: en ? $0.warning.kind.rawValue : $0.warning.kind.nameZh,
                    message: $0.warning.message)
            },
            canDecide: Policy.decide(req.caller.grants, .update, .selection(.campaigns)).allowed,
            tiers: [Tier.candidate, .backbone, .emerging, .none].map {
                Option(value: $0.rawValue, label: en ? $0.rawValue : $0.nameZh, selected: false)
            },
            message: message, error: error?.message)
        let response = try await req.render("selection/reviews", title: req.texts["reviews"], nav: "selection", content)
        if let error { response.status = error.status }
        return response
    }

    func reviews(req: Request) async throws -> Response { try await renderReviews(req) }

    func startReview(req: Request) async throws -> Response {
        struct Form: Decodable { var recognition: Int64? }
        let form = try req.content.decode(Form.self)
        do {
            _ = try await Reviews(db: req.sql, caller: req.caller).start(recognition: form.recognition ?? 0, today: .today())
            return try await renderReviews(req, message: req.texts["reviewStarted"])
        } catch let e as DomainError {
            return try await renderReviews(req, error: e)
        }
    }

    func decideReview(req: Request) async throws -> Response {
        let id = try Self.id(req)
        struct Form: Decodable {
            var outcome: String?
            var items: String?
            var deadline: String?
            var toTier: String?
            var reason: String?
        }
        let form = try req.content.decode(Form.self)
        do {
            guard let outcome = form.outcome.flatMap(ReviewOutcome.init(rawValue:)) else { throw DomainError.invalid("outcome", "请选择复核结论") }
            var deadline: SimpleDate?
            if let d = form.deadline?.nilIfBlank {
                guard let parsed = SimpleDate(iso: d) else { throw DomainError.invalid("deadline", "整改期限格式应为 YYYY-MM-DD") }
                deadline = parsed
            }
            let items = (form.items ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
            _ = try await Reviews(db: req.sql, caller: req.caller).decide(
                id,
                .init(
                    outcome: outcome, items: items, deadline: deadline, toTier: form.toTier.flatMap(Tier.init(rawValue:)),
                    reason: form.reason ?? ""),
                today: .today())
            return try await renderReviews(req, message: req.texts["saved"])
        } catch let e as DomainError {
            return try await renderReviews(req, error: e)
        }
    }
}
