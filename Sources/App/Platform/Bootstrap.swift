import ChainLeadCore
import Foundation
import SQLKit
import Vapor

/// The first account. `serve` creates `admin` when there is none; with `--demo` it also
/// (re)sets the password so the banner can print it. `CHAINLEAD_ADMIN_PASSWORD` wins.
public enum Bootstrap {
    public struct AdminLogin: Sendable {
        public var username: String
        public var password: String?
        public var created: Bool
    }

    public static func ensureAdmin(
        _ app: Application, demo: Bool,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> AdminLogin {
        let users = UserStore(db: app.db.sql)
        let given = environment["CHAINLEAD_ADMIN_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        if let given, let problem = PasswordPolicy.problem(with: given) {
            throw CommandLineError(
                "CHAINLEAD_ADMIN_PASSWORD does not meet the password policy: \(problem) (10+ characters of 3 kinds: lower case, upper case, digits, other)"
            )
        }
        let exists = try await users.find(username: "admin") != nil
        if exists && !demo && given == nil {
            return AdminLogin(username: "admin", password: nil, created: false)
        }
        let password = given ?? UserStore.randomPassword()
        // The demo's admin holds every city-wide role (marked as such in the banner);
        // otherwise the system administrator holds only its own (三员分立).
        let grants: [Grant] = demo ? [Grant(.admin, .city), Grant(.security, .city), Grant(.official, .city)] : [Grant(.admin, .city)]
        // The demo's account is the one documented exception to 三员分立.
        try await users.upsert(username: "admin", password: password, grants: grants, separationOfDuties: !demo)
        return AdminLogin(username: "admin", password: given == nil ? password : nil, created: !exists)
    }
}

extension Bootstrap {
    public struct DemoUser: Sendable {
        public var username: String
        public var role: String
        public var scope: String
        public var password: String
    }

    /// `serve --demo`: one account of every role, with fresh passwords printed at start.
    public static func ensureDemoUsers(_ app: Application) async throws -> [DemoUser] {
        let sql = app.db.sql
        let firm = try await sql.raw(
            """
            SELECT uscc FROM enterprises WHERE tier = 'leader' AND synthetic = \(bind: true)
            ORDER BY latest_output_value DESC NULLS LAST, uscc LIMIT 1
            """
        ).first(decodingColumn: "uscc", as: String.self)
        // The demo bank user's scope names a registered bank.
        try await sql.raw(
            """
            INSERT INTO banks (name, branch, created_at) VALUES ('示例银行无锡分行', '公司业务部', \(bind: Date.nowSeconds()))
            ON CONFLICT (name) DO NOTHING
            """
        ).run()
        var accounts: [(String, Grant)] = [
            ("security", Grant(.security, .city)),
            ("auditor", Grant(.auditor, .city)),
            ("official", Grant(.official, .city)),
            ("dept_fgw", Grant(.department, .department("市发展改革委", head: true))),
            ("district_jy", Grant(.district, .district("320281"))),
            ("chief_ic", Grant(.chief, .chains(["ic-fab", "ic-packaging"]))),
            ("bank_demo", Grant(.bank, .bank("示例银行无锡分行"))),
            ("expert_demo", Grant(.expert, .expert(employer: nil))),
        ]
        if let firm { accounts.append(("firm_demo", Grant(.enterprise, .enterprise(firm)))) }
        var firmName: String?
        if let firm {
            firmName = try await sql.raw("SELECT name FROM enterprises WHERE uscc = \(bind: firm)").first(
                decodingColumn: "name", as: String.self)
        }
        // Plausible people and units (synthetic, like the demo city).
        let people: [String: (String, String)] = [
            "admin": ("演示管理员", "市工业和信息化局"), "security": ("王立新", "市工业和信息化局信息中心"), "auditor": ("陈静", "市审计局"),
            "official": ("张明远", "市工业和信息化局产业链办"), "dept_fgw": ("李建华", "市发展改革委"),
            "district_jy": ("周晓东", "江阴市工业和信息化局"), "chief_ic": ("赵国强", "集成电路产业链工作专班"),
            "bank_demo": ("孙蕾", "示例银行无锡分行"), "expert_demo": ("吴海涛", "江南大学"), "firm_demo": ("刘洋", firmName ?? "演示企业"),
        ]
        var out: [DemoUser] = []
        for (name, grant) in accounts {
            let password = UserStore.randomPassword()
            try await UserStore(db: sql).upsert(username: name, password: password, grants: [grant])
            out.append(DemoUser(username: name, role: grant.role.rawValue, scope: grant.scopeText, password: password))
        }
        for (name, (person, unit)) in people {
            try await sql.update("users").set("display_name", to: SQLBind(person)).set("unit", to: SQLBind(unit))
                .where("username", .equal, SQLBind(name)).run()
        }
        return out
    }
}
