import SQLKit

extension SQLQueryFetcher {
    /// The rows decoded as `Row`, whose camelCase properties name the snake_case columns.
    func rows<Row: Decodable>(_ type: Row.Type) async throws -> [Row] {
        try await all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// The first row decoded as `Row`, or nil.
    func row<Row: Decodable>(_ type: Row.Type) async throws -> Row? {
        try await first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
    }
}

extension SQLRow {
    /// This row decoded as `Row`, whose camelCase properties name the snake_case columns.
    func typed<Row: Decodable>(_ type: Row.Type) throws -> Row {
        try decode(model: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
    }
}

/// A stored value no rule would have written (a hand edit, an older version): the request that
/// reads it is answered 422 `data_anomaly` naming the column, never a crash.
struct StoredValueError: Error {
    var column: String
}

extension SQLInsertBuilder {
    /// Runs the insert and answers the new row's `id`.
    func runReturningID() async throws -> Int64 {
        // An INSERT … RETURNING id answers exactly its one row; nothing else is a driver failure.
        guard let id = try await returning("id").first(decodingColumn: "id", as: Int64.self) else { throw StoredValueError(column: "id") }
        return id
    }
}
