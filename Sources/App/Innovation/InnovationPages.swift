import ChainLeadCore
import Vapor

/// Honours and rewards as pages (Policy S3, S4, G3): the list with the recording form for city
/// officials, and the reward list with its moves. Every write goes through `Honours`/`Rewards`,
/// which check the policy; the pages post, then redirect back (post → redirect → get).
struct InnovationPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("honours", use: honours)
        routes.post("honours", use: record)
        routes.get("rewards", use: rewards)
        routes.post("rewards", ":id", "moves", use: move)
        routes.post("rewards", "notices", use: publishNotice)
    }

    struct HonourRow: Encodable, Sendable {
        var id: Int64
        var enterprise: String
        var name: String
        var kind: String
        var level: String
        var year: Int
        var product: String
        var firstTime: Bool
    }

    struct HonoursPage: Encodable, Sendable {
        var rows: [HonourRow]
        var total: Int
        var kinds: [EnterprisePages.Option]
        var years: [EnterprisePages.Option]
        var canRecord: Bool
        var message: String?
        var error: String?
        var errorField: String?
    }

    func honours(req: Request) async throws -> Response { try await renderHonours(req) }

    func renderHonours(_ req: Request, message: String? = nil, error: DomainError? = nil) async throws -> Response {
        try await req.require(.read, .honours)
        let t = req.texts
        let en = req.locale == .en
        let kind: String? = req.queryValue("kind").flatMap { $0.isEmpty ? nil : String($0.prefix(60)) }
        let year: Int? = req.queryValue("year", as: Int.self).flatMap { AnnualFigures.validYears.contains($0) ? $0 : nil }
        let kinds = try await Honours.kinds(req.sql)
        let result = try await Honours(db: req.sql, caller: req.caller).list(
            HonourFilter(kind: kind, year: year), page: PageRequest(page: 1, per: 200))
        let thisYear = SimpleDate.today().year
        let content = HonoursPage(
            rows: result.items.map {
                HonourRow(
                    id: $0.id, enterprise: $0.enterprise, name: $0.enterpriseName, kind: $0.kindName, level: t["level_" + $0.level],
                    year: $0.year, product: $0.product ?? "", firstTime: $0.firstTime)
            }, total: result.total,
            kinds: kinds.map { .init(value: $0.code, label: (en ? $0.nameEn : $0.name), selected: $0.code == kind) },
            years: (thisYear - 6...thisYear).reversed().map { .init(value: String($0), label: String($0), selected: $0 == year) },
            canRecord: Policy.decide(req.caller.grants, .create, .honours).allowed,
            message: message ?? (req.queryValue("recorded") != nil ? t["honourRecorded"] : nil), error: error?.message,
            errorField: error?.field)
        let response = try await req.render("innovation/honours", title: t["honoursTitle"], nav: "honours", content)
        if let error { response.status = error.status }
        return response
    }

    struct RecordForm: Decodable {
        var enterprise: String?
        var kind: String?
        var year: String?
        var product: String?
        var evidence: String?
    }

    func record(req: Request) async throws -> Response {
        try await req.require(.create, .honours)
        let form = try req.content.decode(RecordForm.self)
        do {
            guard let year = form.year.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
                throw DomainError.invalid("year", "请填写名单年度（四位数字）")
            }
            let uscc = (form.enterprise ?? "").trimmingCharacters(in: .whitespaces).uppercased()
            guard (try? USCC.checkFormat(uscc).get()) != nil else { throw DomainError.invalid("enterprise", "请填写18位统一社会信用代码") }
            _ = try await Honours(db: req.sql, caller: req.caller).record(
                HonourInput(
                    enterprise: uscc, kind: form.kind ?? "", year: year, product: form.product?.nilIfBlank,
                    evidence: form.evidence?.nilIfBlank))
            return req.redirect(to: "/honours?recorded=1")
        } catch let e as DomainError {
            return try await renderHonours(req, error: e)
        }
    }

    struct RewardRow: Encodable, Sendable {
        var id: Int64
        var enterprise: String
        var name: String
        var kind: String
        var year: Int
        var amount: String
        var status: String
        var statusLabel: String
        var reason: String
        var paid: String
        var notice: Int64?
        var next: [EnterprisePages.Option]
    }

    struct RewardsPage: Encodable, Sendable {
        var rows: [RewardRow]
        var statuses: [EnterprisePages.Option]
        var canMove: Bool
        /// Rewards confirmed and waiting for the public notice.
        var confirmed: Int
        var message: String?
        var error: String?
    }

    func rewards(req: Request) async throws -> Response { try await renderRewards(req) }

    func renderRewards(_ req: Request, message: String? = nil, error: DomainError? = nil) async throws -> Response {
        let t = req.texts
        let status = req.queryValue("status").flatMap(RewardStatus.init(rawValue:))
        let list = try await Rewards(db: req.sql, caller: req.caller).list(year: nil, status: status)
        let content = RewardsPage(
            rows: list.map { r in
                let s = RewardStatus(rawValue: r.status) ?? .pending
                return RewardRow(
                    id: r.id, enterprise: r.enterprise, name: r.enterpriseName, kind: r.kindName, year: r.year,
                    amount: Display.grouped(Double(r.amount), decimals: 0), status: r.status, statusLabel: t["reward_" + r.status],
                    reason: r.reason ?? "", paid: [r.paidOn, r.voucher].compactMap { $0 }.joined(separator: " · "), notice: r.notice,
                    next: RewardStatus.allCases.filter { s.canMove(to: $0) }.map {
                        .init(value: $0.rawValue, label: t["reward_" + $0.rawValue], selected: false)
                    })
            },
            statuses: RewardStatus.allCases.map { .init(value: $0.rawValue, label: t["reward_" + $0.rawValue], selected: $0 == status) },
            canMove: Policy.decide(req.caller.grants, .update, .rewards(enterprise: nil)).allowed,
            confirmed: status == nil || status == .confirmed ? list.filter { $0.status == RewardStatus.confirmed.rawValue }.count : 0,
            message: message ?? (req.queryValue("moved") != nil ? t["rewardMoved"] : nil), error: error?.message)
        let response = try await req.render("innovation/rewards", title: t["rewards"], nav: "honours", content)
        if let error { response.status = error.status }
        return response
    }

    struct MoveForm: Decodable {
        var to: String?
        var reason: String?
        var paidOn: String?
        var voucher: String?
    }

    func move(req: Request) async throws -> Response {
        try await req.require(.update, .rewards(enterprise: nil))
        guard let id = req.parameters.get("id", as: Int64.self) else { throw DomainError.notFound("页面") }
        let form = try req.content.decode(MoveForm.self)
        do {
            guard let to = form.to.flatMap(RewardStatus.init(rawValue:)) else { throw DomainError.invalid("to", "请选择办理结果") }
            let paidOn = try form.paidOn?.nilIfBlank.map { raw in
                guard let d = SimpleDate(iso: raw) else { throw DomainError.invalid("paidOn", "拨付日期格式应为 YYYY-MM-DD") }
                return d
            }
            _ = try await Rewards(db: req.sql, caller: req.caller).move(
                id, to: to, reason: form.reason, paidOn: paidOn, voucher: form.voucher)
            return req.redirect(to: "/rewards?moved=1")
        } catch let e as DomainError {
            return try await renderRewards(req, error: e)
        }
    }

    struct NoticeForm: Decodable {
        var from: String?
        var workingDays: String?
    }

    /// Publishes every confirmed reward on a public notice, then shows the notice.
    func publishNotice(req: Request) async throws -> Response {
        try await req.require(.update, .rewards(enterprise: nil))
        let form = try req.content.decode(NoticeForm.self)
        do {
            guard let from = form.from.flatMap(SimpleDate.init(iso:)) else { throw DomainError.invalid("from", "请填写公示开始日期（YYYY-MM-DD）") }
            guard let days = form.workingDays.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
                throw DomainError.invalid("workingDays", "公示期应为1到30个工作日")
            }
            let notice = try await RewardNotices(db: req.sql, caller: req.caller).publish(
                rewards: nil, from: from, workingDays: days, title: nil)
            return req.redirect(to: notice.url)
        } catch let e as DomainError {
            return try await renderRewards(req, error: e)
        }
    }
}
