import ChainLeadCore
import Foundation
import Vapor

/// The parts of `/finance` beside needs and answers (Policy S5): talent nominations (a firm's
/// own, or every one for government, with an official's moves) and 政银企 meetings (with the
/// .docx summary), plus the round's workbook as a page download.
struct FinanceSidePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("finance", "rounds", ":id", "recommendations.xlsx", use: exportRound)
        routes.get("finance", "meetings", ":id", "summary.docx", use: summary)
        routes.post("finance", "meetings", use: recordMeeting)
        routes.post("finance", "talent", use: nominate)
        routes.post("finance", "talent", ":id", "moves", use: moveTalent)
    }

    struct TalentRow: Encodable, Sendable {
        var id: Int64
        var cells: [String]
        var moves: [FinancePages.Option]
    }

    struct Side: Encodable, Sendable {
        var talent: [TalentRow]
        var canNominate: Bool
        var canMoveTalent: Bool
        var meetings: [[String]]
        var meetingIDs: [Int64]
        var canRecordMeeting: Bool
        var seesMeetings: Bool
        var year: Int
    }

    static func side(_ req: Request, ownFirm: String?) async throws -> Side {
        let caller = req.caller
        let may = { (a: Action, r: FinanceResource) in Policy.decide(caller.grants, a, .finance(r)).allowed }
        let seesTalent = ownFirm.map { may(.read, .talent(enterprise: $0)) } ?? may(.read, .talent(enterprise: ""))
        let talent = seesTalent ? try await TalentNominations(db: req.sql, caller: caller).list(enterprise: nil, year: nil) : []
        let canMove = may(.update, .talentOutcome)
        let seesMeetings = may(.read, .meetings)
        let meetings = seesMeetings ? try await FinanceMeetings(db: req.sql, caller: caller).list() : []
        return Side(
            talent: talent.prefix(200).map { n in
                let status = TalentStatus(rawValue: n.status)
                return TalentRow(
                    id: n.id,
                    cells: [
                        n.enterpriseName, n.programme, n.person, n.field, String(n.year), status?.nameZh ?? n.status, n.outcome ?? "",
                    ],
                    moves: canMove
                        ? TalentStatus.allCases.filter { status?.mayMove(to: $0) == true }.map {
                            .init(value: $0.rawValue, label: $0.nameZh)
                        }
                        : [])
            },
            canNominate: ownFirm.map { may(.create, .talent(enterprise: $0)) } ?? may(.create, .talent(enterprise: "")),
            canMoveTalent: canMove,
            meetings: meetings.map { m in
                [m.date, m.title, m.banks.joined(separator: "、"), String(m.enterprises.count), String(m.needs.count)]
            },
            meetingIDs: meetings.map(\.id), canRecordMeeting: may(.create, .meetings), seesMeetings: seesMeetings,
            year: SimpleDate.today().year)
    }

    func exportRound(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        let data = try await FinanceFiguresQuery(db: req.sql, caller: req.caller).workbook(round: id)
        return try NoticePages().download(
            data, name: "finance-round-\(id).xlsx", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    }

    func summary(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        let doc = try await FinanceMeetings(db: req.sql, caller: req.caller).summary(id)
        return try NoticePages().download(
            doc.data, name: "finance-meeting-\(id).docx", type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    }

    struct MeetingForm: Decodable {
        var date: String?
        var title: String?
        var place: String?
        var banks: [String]?
        var enterprises: String?
        var needs: String?
        var notes: String?
    }

    func recordMeeting(req: Request) async throws -> Response {
        try await req.require(.create, .finance(.meetings))
        let form = try req.content.decode(MeetingForm.self)
        do {
            // "需求编号，结果" per line; the line at fault is named.
            var needs: [(need: Int64, outcome: String)] = []
            for (i, line) in (form.needs ?? "").split(whereSeparator: \.isNewline).enumerated() {
                let text = line.trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else { continue }
                let parts = text.split(maxSplits: 1, whereSeparator: { $0 == "，" || $0 == "," }).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                guard parts.count == 2, let id = Int64(parts[0]) else {
                    throw DomainError.invalid("needs", "第\(i + 1)行应写作“需求编号，对接结果”")
                }
                needs.append((id, parts[1]))
            }
            let enterprises = (form.enterprises ?? "").split(whereSeparator: { $0.isNewline || $0 == "," || $0 == "，" || $0 == " " }).map(
                String.init)
            let m = try await FinanceMeetings(db: req.sql, caller: req.caller).create(
                MeetingInput(
                    date: form.date ?? "", title: form.title ?? "", place: form.place, banks: form.banks ?? [], enterprises: enterprises,
                    needs: needs, notes: form.notes))
            return req.redirect(to: "/finance?done=meeting#meeting-\(m.id)")
        } catch let e as DomainError where e.status != .forbidden {
            return try await FinancePages().render(req, round: nil, error: e)
        }
    }

    struct TalentForm: Decodable {
        var enterprise: String?
        var programme: String?
        var person: String?
        var field: String?
        var level: String?
        var year: String?
    }

    func nominate(req: Request) async throws -> Response {
        let form = try req.content.decode(TalentForm.self)
        let enterprise = (form.enterprise ?? "").trimmingCharacters(in: .whitespaces)
        try await req.require(.create, .finance(.talent(enterprise: enterprise)))
        do {
            guard let year = Int((form.year ?? "").trimmingCharacters(in: .whitespaces)) else {
                throw DomainError.invalid("year", "年度应为四位数字")
            }
            _ = try await TalentNominations(db: req.sql, caller: req.caller).nominate(
                enterprise: enterprise, programme: form.programme ?? "", person: form.person ?? "", field: form.field ?? "",
                level: form.level ?? "", year: year)
            return req.redirect(to: "/finance?done=talent#talent")
        } catch let e as DomainError where e.status != .forbidden {
            return try await FinancePages().render(req, round: nil, error: e)
        }
    }

    struct MoveForm: Decodable {
        var to: String?
        var outcome: String?
    }

    func moveTalent(req: Request) async throws -> Response {
        try await req.require(.update, .finance(.talentOutcome))
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        let form = try req.content.decode(MoveForm.self)
        do {
            guard let to = TalentStatus(rawValue: form.to ?? "") else { throw DomainError.invalid("to", "请选择推荐结果") }
            _ = try await TalentNominations(db: req.sql, caller: req.caller).move(id, to: to, outcome: form.outcome)
            return req.redirect(to: "/finance?done=talent#talent-\(id)")
        } catch let e as DomainError where e.status != .forbidden {
            return try await FinancePages().render(req, round: nil, error: e)
        }
    }
}
