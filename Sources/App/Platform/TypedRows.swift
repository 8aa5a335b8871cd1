import NIOConcurrencyHelpers
import SQLKit

/// camelCase property → snake_case column, remembered: SQLKit's own `convertFromSnakeCase`
/// recomputes the conversion with Unicode property look-ups for every key of every row, which
/// was a fifth of a list request's time (issue 21, profiled with `perf`). The keys are the
/// properties of the row types, a small closed set.
enum SnakeColumns {
    private static let known = NIOLockedValueBox<[String: String]>([:])

    static func column(_ key: String) -> String {
        if let hit = known.withLockedValue({ $0[key] }) { return hit }
        let out = snakeCased(key)
        known.withLockedValue { $0[key] = out }
        return out
    }

    /// SQLKit's `convertedToSnakeCase`, step for step (so every column reads as before): words
    /// start at capitals (a run of capitals is one word), each word's first letter lowered,
    /// joined by `_` — `latestOutputValue` → `latest_output_value`.
    static func snakeCased(_ key: String) -> String {
        guard !key.isEmpty else { return key }
        var words: [Range<String.Index>] = []
        var wordStart = key.startIndex
        var searchIndex = key.index(after: wordStart)
        while let upper = key[searchIndex...].firstIndex(where: \.isUppercase) {
            words.append(wordStart..<upper)
            wordStart = upper
            guard let lower = key[upper...].firstIndex(where: \.isLowercase) else { break }
            searchIndex = lower
            if lower != key.index(after: upper) {
                let beforeLower = key.index(before: lower)
                words.append(upper..<beforeLower)
                wordStart = beforeLower
            }
        }
        words.append(wordStart..<key.endIndex)
        return words.map { range in
            let word = key[range]
            return word.isEmpty ? "" : word[word.startIndex].lowercased() + word.dropFirst()
        }.joined(separator: "_")
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static let strategy = SQLRowDecoder.KeyDecodingStrategy.custom { path in
        Key(stringValue: column(path.last?.stringValue ?? ""))
    }
}

extension SQLQueryFetcher {
    /// The rows decoded as `Row`, whose camelCase properties name the snake_case columns.
    func rows<Row: Decodable>(_ type: Row.Type) async throws -> [Row] {
        try await all(decoding: Row.self, keyDecodingStrategy: SnakeColumns.strategy)
    }

    /// The first row decoded as `Row`, or nil.
    func row<Row: Decodable>(_ type: Row.Type) async throws -> Row? {
        try await first(decoding: Row.self, keyDecodingStrategy: SnakeColumns.strategy)
    }
}

extension SQLRow {
    /// This row decoded as `Row`, whose camelCase properties name the snake_case columns.
    func typed<Row: Decodable>(_ type: Row.Type) throws -> Row {
        try decode(model: Row.self, keyDecodingStrategy: SnakeColumns.strategy)
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
