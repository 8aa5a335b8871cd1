import Foundation

/// A private PostgreSQL server on loopback for a bench (province mode: a coordinator and its
/// shards), made with the machine's `initdb` and `pg_ctl` in the work folder and stopped after.
struct BenchCluster: Sendable {
    let dir: String
    let port: Int
    let bin: String

    static func binaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        guard let newest = versions.last else {
            throw CommandLineError("PostgreSQL server binaries not found (apt-get install postgresql)")
        }
        return "\(root)/\(newest)/bin"
    }

    /// As the `postgres` user when run as root (PostgreSQL refuses to run as root).
    static func shell(_ command: String) throws -> (Int32, String) {
        getuid() == 0
            ? try BenchDatabase.run(["su", "postgres", "-s", "/bin/sh", "-c", command]) : try BenchDatabase.run(["sh", "-c", command])
    }

    /// Runs `command` so that a server it starts holds nothing of this process: Foundation's
    /// `Process` learns that its child ended when a descriptor the child inherited is closed, so
    /// a server keeping it would make `waitUntilExit` wait for the server. Bash (dash cannot name
    /// descriptors above 9) closes every descriptor above 2 before it runs the command.
    static func detached(_ command: String) throws -> Int32 {
        let closing = "for f in /proc/self/fd/*; do n=${f##*/}; [ \"$n\" -gt 2 ] && eval \"exec $n>&-\" 2>/dev/null; done; "
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            getuid() == 0 ? ["su", "postgres", "-s", "/bin/bash", "-c", closing + command] : ["bash", "-c", closing + command]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    static func start(_ dir: String) throws -> BenchCluster {
        let bin = try binaries()
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(
            atPath: dir + "/data", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        if getuid() == 0 { _ = try BenchDatabase.run(["chown", "-R", "postgres:postgres", dir]) }
        let (made, out) = try shell("\(bin)/initdb -D \(dir)/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8")
        guard made == 0 else { throw CommandLineError("initdb failed in \(dir):\n\(out.suffix(1500))") }
        let port = try BenchServer.freePort()
        let status = try detached(
            "\(bin)/pg_ctl -D \(dir)/data -l \(dir)/log -t 120 -w start -o '-p \(port) -k \(dir) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200'"
        )
        guard status == 0 else {
            let log = (try? String(contentsOfFile: dir + "/log", encoding: .utf8)) ?? ""
            throw CommandLineError("PostgreSQL did not start in \(dir):\n\(log.suffix(1500))")
        }
        return BenchCluster(dir: dir, port: port, bin: bin)
    }

    func url(_ database: String) -> String { "postgres://postgres@127.0.0.1:\(port)/\(database)?sslmode=disable" }

    /// An empty database of that name (dropped first if it was there).
    func recreate(_ database: String) throws {
        let (status, out) = try BenchDatabase.run(
            [
                "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url("postgres"), "-c", "DROP DATABASE IF EXISTS \"\(database)\" WITH (FORCE)",
                "-c",
                "CREATE DATABASE \"\(database)\"",
            ])
        guard status == 0 else { throw CommandLineError("psql failed on \(url("postgres")):\n\(out)") }
    }

    func stop() { _ = try? Self.detached("\(bin)/pg_ctl -D \(dir)/data -m immediate -w stop") }

    /// The largest peak resident memory (`VmHWM`) among the server's processes, MiB: the backend
    /// that did the biggest part of the work.
    func peakBackendMiB() -> Int {
        guard let pidText = try? String(contentsOfFile: dir + "/data/postmaster.pid", encoding: .utf8),
            let postmaster = pidText.split(separator: "\n").first.flatMap({ Int($0) })
        else { return 0 }
        var peak = 0
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int(entry), let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { continue }
            // pid (comm) state ppid …: the fields after the last ')'
            let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
            guard pid == postmaster || (fields.count > 1 && Int(fields[1]) == postmaster) else { continue }
            let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
            if let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
            {
                peak = max(peak, kib / 1024)
            }
        }
        return peak
    }
}
