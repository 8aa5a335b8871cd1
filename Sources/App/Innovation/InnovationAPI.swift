import ChainLeadAPI
import ChainLeadCore
import Foundation
import OpenAPIRuntime

/// Honours and rewards without application over the API (Policy L4, S3, S4, G3).
extension APIHandler {
    func listHonourKinds(_ input: Operations.ListHonourKinds.Input) async throws -> Operations.ListHonourKinds.Output {
        try await require(.read, .honours)
        return .ok(.init(body: .json(try Bridge.convert(try await Honours.kindViews(sql)))))
    }

    func putHonourKind(_ input: Operations.PutHonourKind.Input) async throws -> Operations.PutHonourKind.Output {
        try await require(.update, .honours)
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        let kind = try await Honours(db: sql, caller: caller).putKind(
            .init(
                code: input.path.code, name: body.name, nameEn: body.nameEn ?? "", level: body.level.rawValue,
                validityYears: body.validityYears.map(Int.init), perProduct: body.perProduct ?? false,
                firstAfterLapse: body.firstAfterLapse ?? false, platform: body.platform ?? false))
        return .ok(.init(body: .json(try Bridge.convert(kind))))
    }

    /// The list years the spec allows (the generated server does not check a query's bounds).
    static func checkListYear(_ year: Int32?) throws {
        if let year, !AnnualFigures.validYears.contains(Int(year)) {
            throw DomainError.invalid("year", "年度应在1949至2100之间", code: "out_of_range")
        }
    }

    func listHonours(_ input: Operations.ListHonours.Input) async throws -> Operations.ListHonours.Output {
        try await require(.read, .honours)
        try Self.checkListYear(input.query.year)
        try Self.checkCodes([(input.query.chain, "chain")])
        if let k = input.query.kind, k.unicodeScalars.count > 60 { throw DomainError.invalid("kind", "荣誉类型代码不超过60个字符") }
        if let u = input.query.enterprise { _ = try Self.pathUSCC(u, field: "enterprise") }
        let page = try PageRequest.make(page: input.query.page.map(Int.init), per: input.query.per.map(Int.init))
        let filter = HonourFilter(
            kind: input.query.kind, year: input.query.year.map(Int.init), chain: input.query.chain, enterprise: input.query.enterprise)
        let result = try await Honours(db: sql, caller: caller).list(filter, page: page)
        return .ok(
            .init(body: .json(.init(items: try Bridge.convert(result.items), metadata: page.metadata(total: result.total)))))
    }

    func createHonour(_ input: Operations.CreateHonour.Input) async throws -> Operations.CreateHonour.Output {
        try await require(.create, .honours)
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        let honour = try await Honours(db: sql, caller: caller).record(
            HonourInput(
                enterprise: try Self.pathUSCC(body.enterprise, field: "enterprise"), kind: body.kind, year: Int(body.year),
                grantedOn: try Self.date(body.grantedOn, field: "grantedOn"),
                validUntil: try Self.date(body.validUntil, field: "validUntil"),
                product: body.product, evidence: body.evidence))
        return .created(.init(body: .json(try Bridge.convert(honour))))
    }

    func deleteHonour(_ input: Operations.DeleteHonour.Input) async throws -> Operations.DeleteHonour.Output {
        try await require(.update, .honours)
        try await Honours(db: sql, caller: caller).delete(input.path.id, reason: input.query.reason)
        return .noContent(.init())
    }

    func listRewardRules(_ input: Operations.ListRewardRules.Input) async throws -> Operations.ListRewardRules.Output {
        .ok(.init(body: .json(try Bridge.convert(try await Rewards(db: sql, caller: caller).rules()))))
    }

    func setRewardRule(_ input: Operations.SetRewardRule.Input) async throws -> Operations.SetRewardRule.Output {
        try await require(.update, .rewards(enterprise: nil))
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        let rule = try await Rewards(db: sql, caller: caller).setRule(
            kind: input.path.kind, firstTimeOnly: body.firstTimeOnly ?? true, amount: body.amount,
            fromYear: body.fromYear.map(Int.init) ?? today.year)
        return .ok(.init(body: .json(try Bridge.convert(rule))))
    }

    func listRewards(_ input: Operations.ListRewards.Input) async throws -> Operations.ListRewards.Output {
        try Self.checkListYear(input.query.year)
        let list = try await Rewards(db: sql, caller: caller).list(
            year: input.query.year.map(Int.init), status: input.query.status.flatMap { RewardStatus(rawValue: $0.rawValue) })
        return .ok(.init(body: .json(try Bridge.convert(list))))
    }

    func moveReward(_ input: Operations.MoveReward.Input) async throws -> Operations.MoveReward.Output {
        try await require(.update, .rewards(enterprise: nil))
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        guard let to = RewardStatus(rawValue: body.to.rawValue) else { throw DomainError.malformed() }
        let reward = try await Rewards(db: sql, caller: caller).move(
            input.path.id, to: to, reason: body.reason, paidOn: try Self.date(body.paidOn, field: "paidOn"), voucher: body.voucher)
        return .ok(.init(body: .json(try Bridge.convert(reward))))
    }
}

/// Innovation consortia over the API (Policy L1, G4).
extension APIHandler {
    func listConsortia(_ input: Operations.ListConsortia.Input) async throws -> Operations.ListConsortia.Output {
        try await require(.read, .honours)
        try Self.checkListYear(input.query.year)
        try Self.checkCodes([(input.query.chain, "chain")])
        if let u = input.query.enterprise { _ = try Self.pathUSCC(u, field: "enterprise") }
        let list = try await Consortia(db: sql, caller: caller).list(
            year: input.query.year.map(Int.init), level: input.query.level?.rawValue, chain: input.query.chain,
            enterprise: input.query.enterprise)
        return .ok(.init(body: .json(try Bridge.convert(list))))
    }

    func createConsortium(_ input: Operations.CreateConsortium.Input) async throws -> Operations.CreateConsortium.Output {
        try await require(.create, .honours)
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        guard let approvedOn = try Self.date(body.approvedOn, field: "approvedOn") else { throw DomainError.malformed() }
        let made = try await Consortia(db: sql, caller: caller).create(
            ConsortiumInput(
                name: body.name, lead: try Self.pathUSCC(body.lead, field: "lead"),
                members: try (body.members ?? []).map {
                    .init(
                        enterprise: try $0.enterprise.map { try Self.pathUSCC($0, field: "members") }, institution: $0.institution,
                        role: $0.role)
                }, type: body._type.rawValue, chains: body.chains ?? [], level: body.level.rawValue, approvedOn: approvedOn,
                projects: body.projects, outcomes: body.outcomes))
        return .created(.init(body: .json(try Bridge.convert(made))))
    }
}

/// An official honours list imported at once (Policy S3, S4, G3).
extension APIHandler {
    /// A sheet's bytes read within the import limit while holding one of the import slots.
    func sheet<T: Sendable>(_ body: HTTPBody, _ run: @Sendable (Data) async throws -> T) async throws -> T {
        let slot = try app.importSlots.acquire()
        defer { slot.release() }
        return try await run(try await Upload.collect(body, limit: app.chainLead.maxImportBytes))
    }

    func importHonours(_ input: Operations.ImportHonours.Input) async throws -> Operations.ImportHonours.Output {
        try await require(.importData, .honours)
        let body: HTTPBody
        switch input.body {
        case .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(let b), .csv(let b), .binary(let b),
            .applicationVnd_msExcel(let b):
            body = b
        }
        let report = try await sheet(body) { try await HonourImport(db: sql, caller: caller).run($0) }
        return .ok(
            .init(
                body: .json(
                    .init(
                        rows: Int32(clamping: report.rows), recorded: Int32(clamping: report.recorded),
                        firstTime: Int32(clamping: report.firstTime)))))
    }
}

/// Projects and standards over the API (Policy L1, L4, S4, S5).
extension APIHandler {
    func listProjects(_ input: Operations.ListProjects.Input) async throws -> Operations.ListProjects.Output {
        try await require(.read, .honours)
        try Self.checkListYear(input.query.year)
        try Self.checkCodes([(input.query.chain, "chain"), (input.query.segment, "segment")])
        if let u = input.query.enterprise { _ = try Self.pathUSCC(u, field: "enterprise") }
        let list = try await Projects(db: sql, caller: caller).list(
            ProjectFilter(
                kind: input.query.kind.flatMap { ProjectKind(rawValue: $0.rawValue) }, year: input.query.year.map(Int.init),
                chain: input.query.chain, segment: input.query.segment, enterprise: input.query.enterprise))
        return .ok(.init(body: .json(try Bridge.convert(list))))
    }

    func createProject(_ input: Operations.CreateProject.Input) async throws -> Operations.CreateProject.Output {
        try await require(.create, .honours)
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        guard let kind = ProjectKind(rawValue: body.kind.rawValue) else { throw DomainError.malformed() }
        try Self.checkCodes([(body.chain, "chain"), (body.segment, "segment")])
        let made = try await Projects(db: sql, caller: caller).create(
            ProjectInput(
                kind: kind, name: body.name, enterprise: try body.enterprise.map { try Self.pathUSCC($0, field: "enterprise") },
                investor: body.investor, programme: body.programme, year: Int(body.year), amount: body.amount, chain: body.chain,
                segment: body.segment, action: body.action.flatMap { ChainAction(rawValue: $0.rawValue) },
                stage: body.stage.flatMap { ProjectStage(rawValue: $0.rawValue) } ?? .planned, caseByCase: body.caseByCase ?? false,
                greenChannel: body.greenChannel ?? false))
        return .created(.init(body: .json(try Bridge.convert(made))))
    }

    func listStandards(_ input: Operations.ListStandards.Input) async throws -> Operations.ListStandards.Output {
        try await require(.read, .honours)
        try Self.checkListYear(input.query.year)
        try Self.checkCodes([(input.query.chain, "chain")])
        if let u = input.query.enterprise { _ = try Self.pathUSCC(u, field: "enterprise") }
        let list = try await Standards(db: sql, caller: caller).list(
            enterprise: input.query.enterprise, level: input.query.level.flatMap { StandardLevel(rawValue: $0.rawValue) },
            year: input.query.year.map(Int.init), chain: input.query.chain)
        return .ok(.init(body: .json(try Bridge.convert(list))))
    }

    func createStandard(_ input: Operations.CreateStandard.Input) async throws -> Operations.CreateStandard.Output {
        try await require(.create, .honours)
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        guard let level = StandardLevel(rawValue: body.level.rawValue), let role = StandardRole(rawValue: body.role.rawValue) else {
            throw DomainError.malformed()
        }
        let made = try await Standards(db: sql, caller: caller).create(
            StandardInput(
                enterprise: try Self.pathUSCC(body.enterprise, field: "enterprise"), number: body.number, name: body.name, level: level,
                role: role, year: Int(body.year)))
        return .created(.init(body: .json(try Bridge.convert(made))))
    }
}

/// Firms close to a national honour's thresholds (Policy S3).
extension APIHandler {
    func listHonourHints(_ input: Operations.ListHonourHints.Input) async throws -> Operations.ListHonourHints.Output {
        try await require(.update, .honours)
        try Self.checkListYear(input.query.year)
        let list = try await HonourHintsQuery(db: sql, caller: caller, rules: app.chainLead.honourHints).list(
            kind: input.query.kind?.rawValue ?? "little-giant", year: input.query.year.map(Int.init) ?? today.year)
        return .ok(.init(body: .json(try Bridge.convert(list))))
    }
}

/// Public notices of rewards without application (Policy S4).
extension APIHandler {
    func publishRewardNotice(_ input: Operations.PublishRewardNotice.Input) async throws -> Operations.PublishRewardNotice.Output {
        try await require(.update, .rewards(enterprise: nil))
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        guard let from = try Self.date(body.from, field: "from") else { throw DomainError.invalid("from", "请填写公示开始日期") }
        let notice = try await RewardNotices(db: sql, caller: caller).publish(
            rewards: body.rewards, from: from, workingDays: Int(body.workingDays), title: body.title)
        return .created(.init(body: .json(try Bridge.convert(notice))))
    }

    func getRewardNotice(_ input: Operations.GetRewardNotice.Input) async throws -> Operations.GetRewardNotice.Output {
        .ok(.init(body: .json(try Bridge.convert(try await RewardNotices.find(input.path.id, db: sql)))))
    }
}

/// Projects, standards and consortia in and out as sheets (Policy L1, L4, S4, S5, G4).
extension APIHandler {
    func importInnovation(_ input: Operations.ImportInnovation.Input) async throws -> Operations.ImportInnovation.Output {
        try await require(.importData, .honours)
        guard let records = InnovationImport.Records(rawValue: input.query.records.rawValue) else { throw DomainError.malformed() }
        let body: HTTPBody
        switch input.body {
        case .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(let b), .csv(let b), .binary(let b),
            .applicationVnd_msExcel(let b):
            body = b
        }
        let report = try await sheet(body) { try await InnovationImport(db: sql, caller: caller).run($0, records: records) }
        return .ok(
            .init(
                body: .json(
                    .init(records: report.records, rows: Int32(clamping: report.rows), recorded: Int32(clamping: report.recorded)))))
    }

    func exportInnovation(_ input: Operations.ExportInnovation.Input) async throws -> Operations.ExportInnovation.Output {
        try await require(.export, .honours)
        guard let records = InnovationExport.Records(rawValue: input.query.records.rawValue) else { throw DomainError.malformed() }
        let data = try await InnovationExport.export(records, db: sql, caller: caller)
        return .ok(.init(body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(HTTPBody(data))))
    }
}
