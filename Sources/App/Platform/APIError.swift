import ChainLeadCore
import Foundation
import HTTPTypes
import OpenAPIRuntime
import Vapor

/// Every 4xx the app answers: `{"error", "message" (Chinese), "field"?, "rows"?}`.
public struct APIError: Error, HTTPResponseConvertible, AbortError, Sendable {
    public struct Row: Codable, Sendable, Equatable {
        public var row: Int
        public var column: String
        public var reason: String
        public init(row: Int, column: String, reason: String) {
            self.row = row
            self.column = column
            self.reason = reason
        }
    }

    public var status: HTTPResponseStatus
    public var code: String
    public var message: String
    public var field: String?
    public var rows: [Row]?
    public var extraHeaders: [(String, String)] = []

    public init(_ status: HTTPResponseStatus, _ code: String, _ message: String, field: String? = nil, rows: [Row]? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.rows = rows
    }

    public var reason: String { message }

    // MARK: common errors

    public static func notFound(_ what: String, field: String? = nil) -> APIError {
        APIError(.notFound, "not_found", "\(what)不存在", field: field)
    }
    public static func invalid(_ field: String, _ message: String, code: String = "invalid") -> APIError {
        APIError(.unprocessableEntity, code, message, field: field)
    }
    public static func badRequest(_ message: String = "请求格式错误（JSON 格式、字段类型或枚举值不正确）", field: String? = nil) -> APIError {
        APIError(.badRequest, "bad_request", message, field: field)
    }
    /// A stored total too large for the API's 64-bit field: the stored data are wrong, not the request.
    public static func dataAnomaly(_ field: String) -> APIError {
        APIError(.unprocessableEntity, "data_anomaly",
                 "数据异常：\(field) 的合计超出可表示的范围（大于9.2×10^18元），请核查原始数据（单笔金额上限为\(Money.ceilingZh)）", field: field)
    }

    /// A stored value no rule would have written (a date that does not exist, …).
    public static func storedValue(_ column: String) -> APIError {
        APIError(.unprocessableEntity, "data_anomaly", "数据异常：\(column) 的存储值无效，请核查原始数据", field: column)
    }

    /// A wide total (see `Money`) as the API's 64-bit amount, or 422 `data_anomaly`.
    public static func amount(_ total: Double, field: String) throws -> Int64 {
        guard let value = Money.int64(total) else { throw dataAnomaly(field) }
        return value
    }

    public static let unauthorized = APIError(.unauthorized, "unauthorized", "未登录或令牌无效、已过期")
    public static let tooLarge = APIError(.payloadTooLarge, "too_large", "请求体过大")
    public static let internalError = APIError(.internalServerError, "internal", "服务器内部错误")

    // MARK: rendering

    struct Body: Codable {
        var error: String
        var message: String
        var field: String?
        var rows: [Row]?
    }

    public var jsonData: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(Body(error: code, message: message, field: field, rows: rows))) ?? Data()
    }

    public var httpStatus: HTTPTypes.HTTPResponse.Status { .init(code: Int(status.code)) }

    public var httpHeaderFields: HTTPTypes.HTTPFields {
        var fields = HTTPFields()
        fields[.contentType] = "application/json; charset=utf-8"
        for (name, value) in extraHeaders {
            if let n = HTTPField.Name(name) { fields[n] = value }
        }
        return fields
    }

    public var httpBody: OpenAPIRuntime.HTTPBody? { HTTPBody(jsonData) }

    /// A Vapor response with the same body, for routes outside the generated API.
    public func vaporResponse() -> Response {
        var headers = HTTPHeaders([("Content-Type", "application/json; charset=utf-8")])
        for (n, v) in extraHeaders { headers.add(name: n, value: v) }
        return Response(status: status, headers: headers, body: .init(data: jsonData))
    }
}
