import App
import ArgumentParser
import Foundation
import Logging
import Vapor

@main
struct ChainLeadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chainlead",
        abstract: "ChainLead (链主通): Wuxi's industrial-chain and chain-leader platform.",
        subcommands: [
            Serve.self, Migrate.self, Demo.self, Import.self, Export.self, Users.self, Selection.self, Bench.self, BackupCommand.self,
            RestoreCommand.self, Casebook.self, Province.self,
        ],
        defaultSubcommand: Serve.self)
}

/// Options every command takes.
struct DatabaseOptions: ParsableArguments {
    @ArgumentParser.Option(
        help: "sqlite:///path.db, a file path, or postgres://user@host:port/db (default: DATABASE_URL, else chainlead.sqlite)")
    var database: String?

    func location() throws -> DatabaseLocation {
        do { return try DatabaseLocation.resolve(option: database) } catch {
            throw ValidationError("\(error)")
        }
    }
}

enum Runtime {
    private static let bootstrapLogging: Void = {
        bootstrapChainLeadLogging(environment: ProcessInfo.processInfo.environment)
    }()

    /// A Vapor application configured for `location`. ArgumentParser owns argv: Vapor's own
    /// console sees only the program name.
    static func makeApp(_ location: DatabaseLocation) async throws -> Application {
        _ = bootstrapLogging
        let app = try await Application.make(Environment(name: "production", arguments: ["chainlead"]))
        do {
            var config = AppConfig(database: location)
            config.apply(environment: ProcessInfo.processInfo.environment)
            try await configure(app, config)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return app
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the web app and the JSON API.")

    @ArgumentParser.Option(help: "Address to listen on") var hostname = "127.0.0.1"
    @ArgumentParser.Option(help: "Port to listen on") var port = 8080
    @ArgumentParser.Option(help: "Log lines as text or json (default: CHAINLEAD_LOG_FORMAT, else text)") var logFormat: String?
    @OptionGroup var db: DatabaseOptions
    @ArgumentParser.Flag(help: "Load the synthetic demo city into an empty registry and print the admin login")
    var demo = false
    @ArgumentParser.Option(help: "Demo enterprises (with --demo)") var enterprises = 2000
    @ArgumentParser.Option(help: "Demo seed (with --demo)") var seed: UInt64 = 2027

    func run() async throws {
        if let logFormat { setenv("CHAINLEAD_LOG_FORMAT", logFormat, 1) }
        let problems = AppConfig.problems(environment: ProcessInfo.processInfo.environment)
        guard problems.isEmpty else {
            for p in problems { FileHandle.standardError.write(Data(("配置错误 / configuration error: " + p + "\n").utf8)) }
            throw ExitCode(2)
        }
        let location = try db.location()
        let app = try await Runtime.makeApp(location)
        do {
            if demo {
                let loader = DemoLoader(db: app.db, progress: { print($0) })
                if try await loader.registryCount() == 0 {
                    try await loader.load(enterprises: enterprises, seed: seed)
                } else {
                    print("Registry not empty: keeping its data.")
                }
            }
            let login = try await Bootstrap.ensureAdmin(app, demo: demo)
            app.http.server.configuration.hostname = hostname
            app.http.server.configuration.port = port
            // SIGTERM: stop accepting, let in-flight requests finish within the timeout.
            app.http.server.configuration.shutdownTimeout = .milliseconds(Int64(app.chainLead.shutdownTimeout * 1000))
            print(
                """
                ChainLead (链主通) on http://\(hostname):\(port)  —  database \(location)
                API: http://\(hostname):\(port)/api/v1  (spec: /api/v1/openapi.yaml)
                """)
            if let password = login.password {
                print("Log in as \(login.username) with password: \(password)")
                print(
                    "  token: curl -s -X POST http://\(hostname):\(port)/api/v1/auth/token -H 'Content-Type: application/json' -d '{\"username\":\"\(login.username)\",\"password\":\"…\"}'"
                )
            } else {
                print("Log in as \(login.username) (password unchanged; set CHAINLEAD_ADMIN_PASSWORD or use --demo to reset it).")
            }
            if demo {
                print("Demo account: admin holds the admin, security and official roles (演示用全权账号).")
                print("Demo users of every role (passwords are new at each start):")
                for u in try await Bootstrap.ensureDemoUsers(app) {
                    print(
                        "  \(u.username.padding(toLength: 12, withPad: " ", startingAt: 0)) \(u.role.padding(toLength: 11, withPad: " ", startingAt: 0)) \(u.scope.padding(toLength: 40, withPad: " ", startingAt: 0)) \(u.password)"
                    )
                }
                print("Demo data are synthetic (演示数据为虚构数据).")
            }
            // Written at once, also when standard output is a file (the logins are needed now): nil flushes every stream.
            fflush(nil)
            // Escalation of overdue requests: one loop per cluster of instances (a lease row decides).
            let interval = ProcessInfo.processInfo.environment["CHAINLEAD_JOB_INTERVAL_SECONDS"].flatMap(Double.init) ?? 60
            EscalationJob.start(app, interval: max(1, interval))
            try await app.execute()
            // The server first: Vapor shuts the rest down in its storage's (random) order, and
            // the database must outlive the requests still in flight.
            await app.server.shutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or upgrade the database schema.")
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        let location = try db.location()
        let app = try await Runtime.makeApp(location)
        print("Database \(location) is up to date.")
        try await app.asyncShutdown()
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load the synthetic demo city into an empty registry.")
    @OptionGroup var db: DatabaseOptions
    @ArgumentParser.Option(help: "How many enterprises") var enterprises = 2000
    @ArgumentParser.Option(help: "Random seed (same seed, same city)") var seed: UInt64 = 2027

    func validate() throws {
        guard (30...2_000_000).contains(enterprises) else { throw ValidationError("--enterprises must be 30…2000000") }
    }

    func run() async throws {
        let app = try await Runtime.makeApp(try db.location())
        do {
            let n = try await DemoLoader(db: app.db, progress: { print($0) }).load(enterprises: enterprises, seed: seed)
            print("Loaded \(n) synthetic enterprises.")
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import an .xlsx or .csv file of enterprises or yearly figures (all or nothing).")
    @ArgumentParser.Argument(help: "enterprises or figures") var kind: String
    @ArgumentParser.Argument(help: "The .xlsx or .csv file") var file: String
    @ArgumentParser.Flag(help: "Write the good rows and report the bad ones") var skipInvalid = false
    @OptionGroup var db: DatabaseOptions

    func validate() throws { _ = try importKind() }

    func importKind() throws -> CommandLineData.Kind {
        guard let kind = CommandLineData.Kind(rawValue: kind) else {
            throw ValidationError("kind must be enterprises, figures or supply-links")
        }
        return kind
    }

    func run() async throws {
        let kind = try importKind()
        let app = try await Runtime.makeApp(try db.location())
        do {
            let summary = try await CommandLineData.importFile(
                app, kind: kind, path: file,
                // Flushed line by line: progress shows live also when the output goes to a pipe or a file.
                skipInvalid: skipInvalid,
                progress: {
                    print($0)
                    fflush(nil)
                })
            print(summary)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Export the enterprise list as .xlsx (the import's columns).")
    @ArgumentParser.Argument(help: "enterprises") var kind: String
    @ArgumentParser.Argument(help: "The .xlsx file to write") var file: String
    @ArgumentParser.Option(help: "Filter like the list: q, cluster, chain, segment, district, tier, status (key=value)")
    var filter: [String] = []
    @OptionGroup var db: DatabaseOptions

    func validate() throws {
        guard kind == "enterprises" else { throw ValidationError("only 'enterprises' can be exported") }
    }

    func run() async throws {
        var query: [String: String] = [:]
        for f in filter {
            let parts = f.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--filter takes key=value") }
            query[parts[0]] = parts[1]
        }
        let app = try await Runtime.makeApp(try db.location())
        do {
            let n = try await CommandLineData.exportEnterprises(app, to: file, query: query)
            print("Wrote \(n) enterprises to \(file)")
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

/// Chain-leader selection from the command line (Policy S2).
struct Selection: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Chain-leader selection.", subcommands: [Score.self])

    struct Score: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Score a campaign's applications and store the scores, with progress.")
        @ArgumentParser.Argument(help: "The campaign's id") var campaign: Int64
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let app = try await Runtime.makeApp(try db.location())
            do {
                print(try await CommandLineSelection.score(app, campaign: campaign, progress: { print($0) }))
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }
}

struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Accounts.", subcommands: [Create.self, ResetPassword.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account (or add a role to it) with a final password.")
        @ArgumentParser.Option(help: "Login name") var username: String
        @ArgumentParser.Option(help: "At least 10 characters of 3 kinds") var password: String
        @ArgumentParser.Option(help: "admin, security, auditor, official, department, district, chief, enterprise, bank, expert")
        var role: String
        @ArgumentParser.Option(
            help:
                "city (default), clusters:a,b, chains:a,b, department:NAME[:head], district:CODE, enterprise:USCC, bank:NAME, expert[:USCC]"
        )
        var scope: String?
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let app = try await Runtime.makeApp(try db.location())
            do {
                print(try await CommandLineUsers.create(app, username: username, password: password, role: role, scope: scope))
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password",
            abstract: "Reset an account's password on the server (the only way for admin, security and auditor accounts).",
            discussion: "The user must change it at the next login; every session and token of the account ends; the reset is audited.")
        @ArgumentParser.Option(help: "Login name") var username: String
        @ArgumentParser.Option(help: "The new temporary password (default: a random one, printed)") var password: String?
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let app = try await Runtime.makeApp(try db.location())
            do {
                print(try await CommandLineUsers.resetPassword(app, username: username, password: password))
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }
}

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Write a consistent copy of the SQLite database to FILE, also while serving (PostgreSQL: pg_dump)."
    )
    @ArgumentParser.Argument(help: "The backup file to write (must not exist)") var file: String
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        let location = try db.location()
        let app = try await Runtime.makeApp(location)
        do {
            try await Backup.write(app, to: file)
            print("已备份到 / backed up to \(file)")
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Put a backup FILE in place of the SQLite database (stop the server first; PostgreSQL: pg_restore).")
    @ArgumentParser.Argument(help: "The backup file") var file: String
    @ArgumentParser.Flag(help: "Replace a database that holds data") var force = false
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        let location = try db.location()
        var hasData = false
        if case .sqlite(let path) = location, FileManager.default.fileExists(atPath: path) {
            let app = try await Runtime.makeApp(location)
            hasData = (try? await Backup.hasData(app)) ?? true
            try await app.asyncShutdown()
        }
        try Backup.restore(file, to: location, force: force, hasData: hasData)
        print("已恢复 / restored \(file) → \(location)")
    }
}
