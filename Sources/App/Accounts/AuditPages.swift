import ChainLeadCore
import SQLKit
import Vapor

/// The audit trail for auditors and administrators; read-only, like everything about it.
struct AuditPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("audit", use: list)
    }

    struct Entry: Encodable, Sendable {
        var when: String
        var user: String
        var ip: String
        var entity: String
        var key: String
        var action: String
        /// The stored key (`set_grants`), for the filter; the page shows `action`, in words.
        var actionKey: String
        var changes: [String]
    }

    struct ListPage: Encodable, Sendable {
        var entity: String
        var user: String
        var action: String
        var key: String
        var entries: [Entry]
        var total: Int
        var nextLink: String?
    }

    static func entries(_ records: [AuditRecord], db: any SQLDatabase) async throws -> [Entry] {
        let names = try await PeopleNames.load(records.compactMap(\.username), db: db)
        let codes = records.reduce(into: Set<String>()) { $0.formUnion(AuditWords.chainCodes($1.changes)) }
        var chains = try await GrantWords.chainNames(codes, db: db)
        // Segment codes (a project's segment) by name too; chain and segment codes never coincide.
        if !codes.isEmpty {
            for row in try await db.raw("SELECT code, name FROM segments WHERE code IN \(SQLBind.group(codes.sorted()))").all() {
                chains[try row.decode(column: "code", as: String.self)] = try row.decode(column: "name", as: String.self)
            }
        }
        return records.map { r in
            Entry(
                when: ImportPages.when(r.at), user: r.username.map { names[$0] ?? $0 } ?? "—", ip: r.clientIP ?? "—",
                entity: AuditWords.entity(r.entity),
                key: r.key,
                action: AuditWords.action(r.action), actionKey: r.action,
                changes: r.changes.sorted { $0.key < $1.key }.map { k, c in
                    AuditWords.change(k, from: c.from, to: c.to, chains: chains)
                })
        }
    }

    func list(req: Request) async throws -> Response {
        try await req.require(.readAudit, .audit)
        func param(_ k: String) -> String? {
            guard let v = req.queryValue(k), !v.isEmpty else { return nil }
            return String(v.prefix(200))
        }
        let page = PageRequest(page: min(max(1, req.queryValue("page", as: Int.self) ?? 1), PageRequest.maxPage), per: 100)
        let filter = AuditFilter(entity: param("entity"), user: param("user"), action: param("action"), key: param("key"))
        let result = try await AuditQueries(db: req.sql).list(filter, page: page)
        var next: String?
        if page.page * page.per < result.total {
            var c = URLComponents()
            c.queryItems =
                [("entity", filter.entity), ("user", filter.user), ("action", filter.action), ("key", filter.key)]
                .compactMap { k, v in v.map { URLQueryItem(name: k, value: $0) } } + [
                    URLQueryItem(name: "page", value: String(page.page + 1))
                ]
            next = "/audit?" + (c.percentEncodedQuery ?? "")
        }
        let content = ListPage(
            entity: filter.entity ?? "", user: filter.user ?? "", action: filter.action ?? "", key: filter.key ?? "",
            entries: try await Self.entries(result.items, db: req.sql), total: result.total, nextLink: next)
        return try await req.render("accounts/audit", title: req.texts["audit"], nav: "audit", content)
    }
}
