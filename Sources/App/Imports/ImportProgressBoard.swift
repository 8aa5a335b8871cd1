import Vapor

/// Live progress of the imports this instance runs. On SQLite nothing else can write while an
/// import holds the lock, so progress lives here and reaches the database when the job ends;
/// on PostgreSQL it is written through as well, for the other instances.
actor ImportProgressBoard {
    private var progress: [Int64: (done: Int, total: Int)] = [:]

    func set(_ id: Int64, done: Int, total: Int) { progress[id] = (done, total) }
    func get(_ id: Int64) -> (done: Int, total: Int)? { progress[id] }
    func clear(_ id: Int64) { progress[id] = nil }
}

extension Application {
    struct ProgressBoardKey: StorageKey { typealias Value = ImportProgressBoard }

    var importProgress: ImportProgressBoard {
        if let board = storage[ProgressBoardKey.self] { return board }
        let board = ImportProgressBoard()
        storage[ProgressBoardKey.self] = board
        return board
    }
}
