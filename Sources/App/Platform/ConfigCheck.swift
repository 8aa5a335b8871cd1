import ChainLeadCore
import Foundation
import Logging

extension AppConfig {
    /// Every problem with the `CHAINLEAD_*` settings, one line each in Chinese and English; `serve`
    /// prints them and exits with code 2 rather than start with a value silently ignored.
    public static func problems(environment env: [String: String]) -> [String] {
        var out: [String] = []
        func positive(_ key: String, zh: String, en: String) {
            if let v = env[key], !(Double(v).map { $0 > 0 && $0.isFinite } ?? false) { out.append("\(key)=\(v)：\(zh) / \(en)") }
        }
        func addresses(_ key: String) {
            guard let v = env[key] else { return }
            for a in v.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !a.isEmpty {
                let ipv4 = ClientAddress(trustedProxies: [a]).isTrusted(a.split(separator: "/").first.map(String.init) ?? a)
                let ipv6 = a.contains(":") && a.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
                let parts = a.split(separator: ".")
                let looksV4 = parts.count == 4 && parts.allSatisfy { p in UInt8(p.split(separator: "/").first ?? "") != nil }
                if !(ipv6 || (looksV4 && ipv4)) {
                    out.append("\(key)：“\(a)”不是IP地址或IPv4网段 / “\(a)” is not an IP address or IPv4 CIDR block")
                }
            }
        }
        if let v = env["CHAINLEAD_SEPARATION_OF_DUTIES"]?.lowercased(), !["on", "off", "true", "false", "1", "0", "yes", "no"].contains(v) {
            out.append("CHAINLEAD_SEPARATION_OF_DUTIES=\(v)：应为 on 或 off / must be on or off")
        }
        addresses("CHAINLEAD_TRUSTED_PROXIES")
        addresses("CHAINLEAD_METRICS_ALLOW")
        positive("CHAINLEAD_SESSION_IDLE_MINUTES", zh: "应为正数（分钟）", en: "must be a positive number of minutes")
        positive("CHAINLEAD_SESSION_MAX_HOURS", zh: "应为正数（小时）", en: "must be a positive number of hours")
        positive("CHAINLEAD_JOB_INTERVAL_SECONDS", zh: "应为正数（秒）", en: "must be a positive number of seconds")
        positive("CHAINLEAD_SHUTDOWN_TIMEOUT_SECONDS", zh: "应为正数（秒）", en: "must be a positive number of seconds")
        if let v = env["CHAINLEAD_MAX_CONCURRENT_IMPORTS"], !(Int(v).map { $0 > 0 } ?? false) {
            out.append("CHAINLEAD_MAX_CONCURRENT_IMPORTS=\(v)：应为正整数 / must be a positive whole number")
        }
        if let v = env["CHAINLEAD_API_RATE_LIMIT"], !(Int(v).map { $0 >= 0 } ?? false) {
            out.append("CHAINLEAD_API_RATE_LIMIT=\(v)：应为不小于0的整数（0为不限） / must be a whole number, 0 for no limit")
        }
        if let v = env["CHAINLEAD_BCRYPT_COST"], !(Int(v).map { (4...31).contains($0) } ?? false) {
            out.append("CHAINLEAD_BCRYPT_COST=\(v)：应为4到31的整数 / must be a whole number from 4 to 31")
        }
        if let v = env["CHAINLEAD_LOCAL_DISTRICTS"] {
            for c in v.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where District.named(code: c) == nil {
                out.append("CHAINLEAD_LOCAL_DISTRICTS：“\(c)”不是本市区县代码 / “\(c)” is not a district code of the city")
            }
        }
        if let v = env["CHAINLEAD_EXCLUDED_CATEGORIES"], v != "none" {
            for c in v.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where SupplyCategory(rawValue: c) == nil {
                out.append("CHAINLEAD_EXCLUDED_CATEGORIES：“\(c)”不是采购类别 / “\(c)” is not a purchase category")
            }
        }
        if let v = env["CHAINLEAD_WEAK_LOCAL_SHARE"], !(Double(v).map { (0...1).contains($0) } ?? false) {
            out.append("CHAINLEAD_WEAK_LOCAL_SHARE=\(v)：应为0到1之间的数 / must be a number from 0 to 1")
        }
        if let v = env["CHAINLEAD_CONCENTRATED_HHI"], !(Double(v).map { (0...10_000).contains($0) } ?? false) {
            out.append("CHAINLEAD_CONCENTRATED_HHI=\(v)：应为0到10000之间的数 / must be a number from 0 to 10000")
        }
        if let path = env["CHAINLEAD_HONOUR_HINTS"] {
            do {
                for p in try HonourHintRules.load(path).problems { out.append("CHAINLEAD_HONOUR_HINTS \(path)：\(p)") }
            } catch {
                out.append("CHAINLEAD_HONOUR_HINTS=\(path)：无法读取或不是有效的JSON / cannot be read or is not valid JSON")
            }
        }
        if let v = env["CHAINLEAD_LOG_FORMAT"]?.lowercased(), !["text", "json"].contains(v) {
            out.append("CHAINLEAD_LOG_FORMAT=\(v)：应为 text 或 json / must be text or json")
        }
        if let v = env["LOG_LEVEL"], Logger.Level(rawValue: v.lowercased()) == nil {
            out.append("LOG_LEVEL=\(v)：应为 trace、debug、info、notice、warning、error 或 critical / must be a log level")
        }
        if let v = env["CHAINLEAD_ADMIN_PASSWORD"], !v.isEmpty, let problem = PasswordPolicy.problem(with: v) {
            out.append("CHAINLEAD_ADMIN_PASSWORD：不符合密码规则（\(problem)） / does not meet the password policy")
        }
        return out
    }
}
