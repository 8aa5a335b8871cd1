import App
import ArgumentParser
import Foundation

/// The yearly case book of the selected cases (Policy S7), as `.docx`.
struct Casebook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compile the year's selected cases into 《重点产业链链主企业创新发展案例汇编》 (.docx).")
    @ArgumentParser.Argument(help: "The year, e.g. 2026") var year: Int
    @ArgumentParser.Argument(help: "The .docx file to write") var file: String
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        let app = try await Runtime.makeApp(try db.location())
        do {
            print(try await CommandLineCases.casebook(app, year: year, file: file, progress: { print($0) }))
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
