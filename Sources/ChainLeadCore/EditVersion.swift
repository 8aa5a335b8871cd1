/// Optimistic concurrency on what people edit (enterprises, figures, leads, routing, schemes,
/// campaigns): each stored row carries a `version`, one more with every change. A change may name
/// the version it was based on — HTTP `If-Match: "7"` or a `version` field — and is then written
/// only if that is still the stored one (one conditional `UPDATE … WHERE version = 7`); a change
/// naming none applies to whatever is stored, as before.
public enum EditVersion {
    /// The version a change is based on: `If-Match` (`"7"`, `W/"7"`, `7`; `*` means any) or the
    /// body's or form's `version`; nil when neither is sent.
    public static func expected(ifMatch: String?, field: Int64?) throws -> Int64? {
        if let ifMatch, ifMatch.unicodeScalars.count > 40 {
            throw DomainError.invalid("If-Match", "If-Match 过长：应为读取时得到的 ETag，例如 \"3\"", code: "bad_if_match")
        }
        guard let raw = ifMatch?.trimmingCharacters(in: .whitespaces), !raw.isEmpty, raw != "*" else { return field }
        var text = Substring(raw)
        if text.hasPrefix("W/") { text = text.dropFirst(2) }
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = text.dropFirst().dropLast() }
        guard let version = Int64(text), version >= 1 else {
            throw DomainError.invalid("If-Match", "If-Match 应为读取时得到的 ETag，例如 \"3\"", code: "bad_if_match")
        }
        if let field, field != version {
            throw DomainError.invalid("version", "If-Match（\(version)）与 version（\(field)）不一致", code: "version_mismatch")
        }
        return version
    }

    /// The `ETag` of a stored version.
    public static func etag(_ version: Int64) -> String { "\"\(version)\"" }

    /// The refusal of a change based on an old version.
    public static func stale(_ what: String, stored: Int64?) -> DomainError {
        let now = stored.map { "（现为第 \($0) 版）" } ?? ""
        return DomainError(.stale, "stale_version", "\(what)在您读取之后已被他人修改\(now)。请重新打开查看最新内容，再决定是否修改。", field: "version")
    }
}
