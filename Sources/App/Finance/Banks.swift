import ChainLeadCore
import Foundation
import SQLKit

/// A bank (金融机构) as registered: its name is what a bank user's scope `bank:NAME` names.
struct BankView: Sendable, Codable {
    var name: String
    var branch: String?
    var contactPerson: String?
    var contactPhone: String?
}

/// Banks as reference data (Policy S5).
struct Banks {
    let db: any SQLDatabase
    let caller: Caller

    func list() async throws -> [BankView] {
        try await Access.require(.read, .finance(.banks), caller: caller, db: db)
        return try await db.raw(
            "SELECT name, branch, contact_person, contact_phone FROM banks ORDER BY name LIMIT 1000"
        ).rows(BankView.self)
    }

    func create(_ bank: BankView) async throws -> BankView {
        try await Access.require(.create, .finance(.banks), caller: caller, db: db)
        let name = bank.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.unicodeScalars.count <= 50, !name.contains(":") else {
            throw DomainError.invalid("name", "银行名称应为1至50个字符，不含冒号")
        }
        let made = BankView(
            name: name, branch: bank.branch?.nilIfBlank, contactPerson: bank.contactPerson?.nilIfBlank,
            contactPhone: bank.contactPhone?.nilIfBlank)
        for (field, value, limit) in [
            ("branch", made.branch, 100), ("contactPerson", made.contactPerson, 50), ("contactPhone", made.contactPhone, 30),
        ]
        where (value?.unicodeScalars.count ?? 0) > limit {
            throw DomainError.invalid(field, "\(field) 不超过\(limit)个字符")
        }
        let caller = self.caller
        try await db.withTransaction { tx in
            let added = try await tx.raw(
                """
                INSERT INTO banks (name, branch, contact_person, contact_phone, created_at)
                VALUES (\(bind: made.name), \(bind: made.branch), \(bind: made.contactPerson), \(bind: made.contactPhone), \(bind: Date.nowSeconds()))
                ON CONFLICT (name) DO NOTHING RETURNING name
                """
            ).all()
            guard !added.isEmpty else { throw DomainError(.conflict, "duplicate", "银行“\(made.name)”已登记", field: "name") }
            try await AuditLog(db: tx, caller: caller).record(entity: "bank", key: made.name, action: "create")
        }
        return made
    }

    /// The names among `names` that are not registered.
    static func unknown(_ names: [String], db: any SQLDatabase) async throws -> [String] {
        guard !names.isEmpty else { return [] }
        let found = Set(
            try await db.raw("SELECT name FROM banks WHERE name IN \(SQLBind.group(names))").all(decodingColumn: "name", as: String.self))
        return names.filter { !found.contains($0) }
    }
}
