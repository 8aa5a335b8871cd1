import App
import ArgumentParser
import Foundation
import Vapor

/// Province mode (issue 22): one coordinator database, the supply links on the shards.
struct Province: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Province mode: spread the supply links over several PostgreSQL servers.", subcommands: [ProvinceInit.self])
}

struct ProvinceInit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the schema on a fresh PostgreSQL coordinator with supply_links hash-partitioned over the shards.")
    @OptionGroup var db: DatabaseOptions
    @ArgumentParser.Option(name: .customLong("shard"), help: "A shard's PostgreSQL URL (repeat for each shard)") var shards: [String] = []
    @ArgumentParser.Option(help: "Hash partitions (spread round robin over the shards)") var partitions = 8

    func validate() throws {
        guard !shards.isEmpty else { throw ValidationError("give at least one --shard postgres://…") }
        guard (shards.count...1024).contains(partitions) else {
            throw ValidationError("--partitions must be between the number of shards (\(shards.count)) and 1024")
        }
    }

    func run() async throws {
        let addresses = try shards.map { try ShardAddress(url: $0) }
        let location = try db.location()
        // Creating the schema is the migrations' work; the partitions replace two of its tables.
        let app = try await Runtime.makeApp(location)
        do {
            print("Province init on \(location): \(addresses.count) shards, \(partitions) partitions")
            let said = try await ProvinceSetup(app: app, log: { print($0) }).initialise(shards: addresses, partitions: partitions)
            for line in said { print(line) }
        } catch let error as ProvinceError {
            try? await app.asyncShutdown()
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(1)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
