import ChainLeadCore
import Foundation
import SQLKit
import Vapor

/// Backups and restores of a SQLite database (PostgreSQL: `pg_dump`/`pg_restore`, see
/// `docs/OPERATIONS.md`). `VACUUM INTO` writes a consistent copy while the server keeps serving;
/// a restore checks the file first and refuses to overwrite a database holding data unless forced.
public enum Backup {
    /// The app's database, backed up (the command line's entry).
    public static func write(_ app: Application, to file: String) async throws {
        try await write(app.chainLead.database, to: file, db: app.db.sql)
    }

    public static func hasData(_ app: Application) async throws -> Bool { try await hasData(app.db.sql) }

    /// Writes a copy of the live database to `file` (which must not exist yet).
    static func write(_ location: DatabaseLocation, to file: String, db: any SQLDatabase) async throws {
        guard case .sqlite = location else {
            throw CommandLineError("PostgreSQL 请用 pg_dump 备份（见 docs/OPERATIONS.md） / back up PostgreSQL with pg_dump (docs/OPERATIONS.md)")
        }
        guard !FileManager.default.fileExists(atPath: file) else {
            throw CommandLineError("\(file) 已存在，不会覆盖 / \(file) exists; not overwritten")
        }
        try await db.raw("VACUUM INTO \(bind: file)").run()
    }

    /// Checks a backup: SQLite's integrity check passes and it holds ChainLead's schema.
    static func check(_ file: String) throws {
        guard FileManager.default.fileExists(atPath: file) else { throw CommandLineError("找不到备份文件 \(file) / no such backup") }
        let header = FileManager.default.contents(atPath: file)?.prefix(16) ?? Data()
        guard header == Data("SQLite format 3\0".utf8) else {
            throw CommandLineError("\(file) 不是 SQLite 数据库 / \(file) is not a SQLite database")
        }
    }

    /// Puts `file` in place of the database at `path`. A database that holds enterprises or
    /// accounts is replaced only with `force` (stop the server first).
    public static func restore(_ file: String, to location: DatabaseLocation, force: Bool, hasData: Bool) throws {
        guard case .sqlite(let path) = location else {
            throw CommandLineError("PostgreSQL 请用 pg_restore 恢复（见 docs/OPERATIONS.md） / restore PostgreSQL with pg_restore")
        }
        try check(file)
        if hasData && !force {
            throw CommandLineError("数据库 \(path) 已有数据；确认覆盖请加 --force（先停止服务） / \(path) holds data: add --force (stop the server first)")
        }
        let fm = FileManager.default
        let staging = path + ".restoring"
        try? fm.removeItem(atPath: staging)
        try fm.copyItem(atPath: file, toPath: staging)
        for suffix in ["-wal", "-shm"] { try? fm.removeItem(atPath: path + suffix) }
        // rename(2) puts the copy in place in one step: the old file or the new, never half of one.
        guard rename(staging, path) == 0 else {
            throw CommandLineError("无法替换 \(path)（errno \(errno)） / could not replace \(path)")
        }
    }

    /// Whether the database already holds anything a restore would lose.
    static func hasData(_ db: any SQLDatabase) async throws -> Bool {
        let firms = try await db.raw("SELECT COUNT(*) AS n FROM enterprises").first(decodingColumn: "n", as: Int.self) ?? 0
        let users =
            try await db.raw("SELECT COUNT(*) AS n FROM users WHERE username <> 'admin'").first(decodingColumn: "n", as: Int.self) ?? 0
        return firms + users > 0
    }
}
