import ChainLeadCore
import SQLKit
import Vapor

/// The firms behind the 2027 targets G1 (about 100 chain leaders) and G2 (15 of them above 10
/// billion yuan output), counted from recognitions (Policy G1, G2).
extension SelectionPages {
    struct TargetRow: Encodable, Sendable {
        var enterprise: String
        var name: String
        var chain: String
        var output: String
    }

    struct TargetsPage: Encodable, Sendable {
        var year: Int
        var g1: [TargetRow]
        var g2: [TargetRow]
        var g3: [TargetRow]
        var g4: [TargetRow]
    }

    func targets(req: Request) async throws -> Response {
        try await req.require(.read, .selection(.targets))
        let today = SimpleDate.today()
        let year: Int = req.queryValue("year", as: Int.self).map { min(max($0, 2000), 2100) } ?? today.year
        let names = Dictionary(
            try await Self.chainNames(req.sql, en: req.locale == .en).map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let leaders = try await Targets(db: req.sql, caller: req.caller).leaders(year: year, today: today)
        let rows = leaders.map {
            TargetRow(enterprise: $0.enterprise, name: $0.name, chain: names[$0.chains] ?? $0.chains, output: Display.wan($0.outputValue))
        }
        let big = Set(leaders.filter { ($0.outputValue ?? 0) >= Targets.g2Threshold }.map(\.enterprise))
        let champions = try await Targets(db: req.sql, caller: req.caller).firstTimeChampions(year: year).map {
            TargetRow(enterprise: $0.enterprise, name: $0.name, chain: names[$0.chains] ?? $0.chains, output: Display.wan($0.outputValue))
        }
        let consortia = try await Targets(db: req.sql, caller: req.caller).cityConsortia(year: year).map {
            TargetRow(enterprise: $0.enterprise, name: $0.name, chain: names[$0.chains] ?? $0.chains, output: Display.wan($0.outputValue))
        }
        let content = TargetsPage(year: year, g1: rows, g2: rows.filter { big.contains($0.enterprise) }, g3: champions, g4: consortia)
        return try await req.render("selection/targets", title: req.texts["targetsTitle"], nav: "selection", content)
    }
}
