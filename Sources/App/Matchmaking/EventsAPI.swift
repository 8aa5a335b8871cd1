import ChainLeadAPI
import ChainLeadCore
import Foundation
import OfficeFormats
import OpenAPIRuntime
import SQLKit

/// Events over the API (Policy L1, L3).
extension APIHandler {
    func listEvents(_ input: Operations.ListEvents.Input) async throws -> Operations.ListEvents.Output {
        .ok(.init(body: .json(try Bridge.convert(try await Events(db: sql, caller: caller).list()))))
    }

    func createEvent(_ input: Operations.CreateEvent.Input) async throws -> Operations.CreateEvent.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try await require(.create, .matchmaking(.events))
        try Self.checkCodes(body.chains.map { ($0, "chains") })
        guard let date = try Self.date(body.date, field: "date") else { throw DomainError.invalid("date", "请填写活动日期") }
        let made = try await Events(db: sql, caller: caller).create(
            title: body.title, chains: body.chains, date: date, place: body.place, host: body.host)
        return .created(.init(body: .json(try Bridge.convert(made))))
    }

    func getEvent(_ input: Operations.GetEvent.Input) async throws -> Operations.GetEvent.Output {
        let detail = try await EventDetail.load(input.path.id, db: sql, caller: caller)
        return .ok(.init(body: .json(try Bridge.convert(detail))))
    }

    func inviteToEvent(_ input: Operations.InviteToEvent.Input) async throws -> Operations.InviteToEvent.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try await require(.update, .matchmaking(.events))
        try Self.checkCodes((body.chains ?? []).map { ($0, "chains") } + (body.segments ?? []).map { ($0, "segments") })
        if (body.tiers?.count ?? 0) > 5 { throw DomainError.invalid("tiers", "梯队最多选5个") }
        if (body.chains?.count ?? 0) > 20 { throw DomainError.invalid("chains", "一次最多按20条产业链邀请") }
        let events = Events(db: sql, caller: caller)
        let added = try await events.invite(
            input.path.id, chains: body.chains, segments: body.segments ?? [],
            tiers: (body.tiers ?? []).compactMap { Tier(rawValue: $0.rawValue) })
        return .ok(
            .init(body: .json(.init(invited: Int32(clamping: added), event: try Bridge.convert(try await events.find(input.path.id))))))
    }

    func registerForEvent(_ input: Operations.RegisterForEvent.Input) async throws -> Operations.RegisterForEvent.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        let firm = try await Events(db: sql, caller: caller).register(
            input.path.id, enterprise: try Self.pathUSCC(body.enterprise, field: "enterprise"))
        return .ok(.init(body: .json(try Bridge.convert(firm))))
    }

    func exportEventRegistrations(_ input: Operations.ExportEventRegistrations.Input) async throws
        -> Operations.ExportEventRegistrations.Output
    {
        let data = try await EventDetail.export(input.path.id, db: sql, caller: caller)
        return .ok(.init(body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(HTTPBody(data))))
    }
}

/// One event with its firms, the demands and offers of those invited, for the API and the page.
struct EventDetail: Sendable, Codable {
    var event: EventView
    var firms: [EventFirmView]
    var demands: [DemandView]
    var offers: [OfferView]

    static func load(_ id: Int64, db: any SQLDatabase, caller: Caller) async throws -> EventDetail {
        let events = Events(db: db, caller: caller)
        let event = try await events.find(id)
        return EventDetail(
            event: event, firms: try await events.firms(id, limit: 500),
            demands: try await Demands(db: db, caller: caller).list(DemandFilter(status: "open", event: id), limit: 200),
            offers: try await Offers(db: db, caller: caller).list(event: id, limit: 200))
    }

    /// Registrations and outcomes, one row per firm: what it published and started through the
    /// event, its deals there. Government only; audited like every export.
    static func export(_ id: Int64, db: any SQLDatabase, caller: Caller) async throws -> Data {
        try await Access.require(.export, .matchmaking(.events), caller: caller, db: db)
        let event = try await Events(db: db, caller: caller).find(id)
        struct Row: Decodable {
            var enterpriseUscc: String
            var name: String
            var tier: String
            var invitedAt: Date?
            var registeredAt: Date?
            var demands: Int
            var matches: Int
            var deals: Int
            var dealValue: Double?
        }
        let rows = try await db.raw(
            """
            SELECT f.enterprise_uscc, e.name, e.tier, f.invited_at, f.registered_at,
              (SELECT COUNT(*) FROM demands d WHERE d.event_id = f.event_id AND d.buyer_uscc = f.enterprise_uscc) AS demands,
              (SELECT COUNT(*) FROM matches m WHERE m.event_id = f.event_id
                 AND (m.buyer_uscc = f.enterprise_uscc OR m.supplier_uscc = f.enterprise_uscc)) AS matches,
              (SELECT COUNT(*) FROM matches m WHERE m.event_id = f.event_id AND m.status = 'deal'
                 AND (m.buyer_uscc = f.enterprise_uscc OR m.supplier_uscc = f.enterprise_uscc)) AS deals,
              (SELECT SUM(CAST(m.amount AS DOUBLE PRECISION)) FROM matches m WHERE m.event_id = f.event_id AND m.status = 'deal'
                 AND (m.buyer_uscc = f.enterprise_uscc OR m.supplier_uscc = f.enterprise_uscc)) AS deal_value
            FROM event_firms f JOIN enterprises e ON e.uscc = f.enterprise_uscc WHERE f.event_id = \(bind: id)
            ORDER BY CASE WHEN f.registered_at IS NULL THEN 1 ELSE 0 END, e.name LIMIT 100000
            """
        ).rows(Row.self)
        let data = try XLSXWriter.write(
            sheetName: "报名和成效",
            header: ["统一社会信用代码", "企业名称", "梯队", "受邀", "已报名", "发布需求", "参与对接", "成交", "成交金额（万元）"],
            rows: rows.map { r in
                [
                    .text(r.enterpriseUscc), .text(r.name), .text(Tier(rawValue: r.tier)?.nameZh ?? r.tier),
                    .text(r.invitedAt == nil ? "否" : "是"),
                    .text(r.registeredAt == nil ? "否" : "是"), .number(Double(r.demands)), .number(Double(r.matches)),
                    .number(Double(r.deals)), .number(((r.dealValue ?? 0) / 10_000 * 10).rounded() / 10),
                ]
            }, columnWidths: [22, 36, 10, 8, 8, 10, 10, 8, 16], stamp: ExportStamp(caller))
        try await AuditLog(db: db, caller: caller).record(
            entity: "export", key: "event-\(event.id)", action: "export_event", extra: ["rows": String(rows.count)])
        return data
    }
}
