// What a rule or a service refuses, in the user's language, with the field at fault. Core and the
// app's services throw these; the app turns each into the API's error JSON or a page message in
// one place each (no HTTP in the rules).

public struct DomainError: Error, Equatable, Sendable {
    public enum Kind: String, Sendable {
        /// The request cannot be read (malformed JSON, a wrong type, an unknown value).
        case malformed
        /// No caller is known (no or a bad token, a password change first).
        case unauthenticated
        /// The caller may not do this.
        case forbidden
        case notFound
        /// The state does not allow it (a duplicate, a status that moved on, a race lost).
        case conflict
        /// The change was based on a version that is no longer the stored one (optimistic concurrency).
        case stale
        /// More than the route reads.
        case tooLarge
        /// Well-formed but against a rule.
        case invalid
        /// Too many at once (login attempts, imports): try later.
        case tooMany
        /// The system cannot take it now (a busy database): try later; nothing changed.
        case unavailable
        /// A failure of our own.
        case `internal`
    }

    /// A bad row of a file: its row number, column letter and the reason.
    public struct RowError: Codable, Equatable, Sendable {
        public var row: Int
        public var column: String
        public var reason: String

        public init(row: Int, column: String, reason: String) {
            self.row = row
            self.column = column
            self.reason = reason
        }
    }

    public var kind: Kind
    /// A stable machine code, e.g. `wrong_status`.
    public var code: String
    /// For the user, in Chinese.
    public var message: String
    public var field: String?
    public var rows: [RowError]?
    /// Seconds to wait before trying again (`tooMany`, `unavailable`).
    public var retryAfter: Int?

    public init(_ kind: Kind, _ code: String, _ message: String, field: String? = nil, rows: [RowError]? = nil, retryAfter: Int? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.field = field
        self.rows = rows
        self.retryAfter = retryAfter
    }

    public static func notFound(_ what: String, field: String? = nil) -> DomainError {
        DomainError(.notFound, "not_found", "\(what)不存在", field: field)
    }

    public static func invalid(_ field: String, _ message: String, code: String = "invalid") -> DomainError {
        DomainError(.invalid, code, message, field: field)
    }

    public static func malformed(_ message: String = "请求格式错误（JSON 格式、字段类型或枚举值不正确）", field: String? = nil) -> DomainError {
        DomainError(.malformed, "bad_request", message, field: field)
    }

    public static func forbidden(_ reason: String, field: String? = nil, code: String = "forbidden") -> DomainError {
        DomainError(.forbidden, code, reason, field: field)
    }

    public static let unauthenticated = DomainError(.unauthenticated, "unauthorized", "未登录或令牌无效、已过期")
    public static let `internal` = DomainError(.internal, "internal", "服务器内部错误")

    /// A rule's refusal of one field.
    public init(_ e: FieldError) {
        self.init(.invalid, e.code, e.message, field: e.field)
    }
}
