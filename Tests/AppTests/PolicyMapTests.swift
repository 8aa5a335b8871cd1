import Foundation
import Testing
import Vapor

@testable import App

/// `docs/POLICY-MAP.md` stays true: every clause of the policy is listed, a clause not yet built
/// names nothing, and every file, API operation and page it names exists.
@Suite struct PolicyMapTests {
    static let clauses = ["G1", "G2", "G3", "G4", "G5", "L1", "L2", "L3", "L4", "S1", "S2", "S3", "S4", "S5", "S6", "S7"]
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Clause {
        var id: String
        var status: String = ""
        var lines: [String: [String]] = [:]  // "Area", "API", "Pages", "Tests" → the backticked items
    }

    static func clausesInMap() throws -> [Clause] {
        let text = try String(contentsOf: root.appendingPathComponent("docs/POLICY-MAP.md"), encoding: .utf8)
        var out: [Clause] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("## ") {
                out.append(Clause(id: String(line.dropFirst(3).prefix { !$0.isWhitespace })))
            } else if line.hasPrefix("Status: "), !out.isEmpty {
                out[out.count - 1].status = String(line.dropFirst("Status: ".count))
            } else if line.hasPrefix("- "), !out.isEmpty, let colon = line.firstIndex(of: ":") {
                let key = String(line[line.index(line.startIndex, offsetBy: 2)..<colon])
                let items = line[colon...].split(separator: "`", omittingEmptySubsequences: false).enumerated()
                    .filter { $0.offset % 2 == 1 }.map { String($0.element) }
                out[out.count - 1].lines[key, default: []] += items
            }
        }
        return out
    }

    /// "METHOD /path" for every operation in the spec.
    static func specOperations() throws -> Set<String> {
        let spec = try String(contentsOf: root.appendingPathComponent("Sources/ChainLeadAPI/openapi.yaml"), encoding: .utf8)
        var path = ""
        var out: Set<String> = []
        for line in spec.split(separator: "\n").map(String.init) {
            if line.hasPrefix("  /"), line.hasSuffix(":") { path = String(line.dropFirst(2).dropLast()) }
            for method in ["get", "post", "put", "patch", "delete"] where line == "    \(method):" {
                out.insert("\(method.uppercased()) \(path)")
            }
        }
        return out
    }

    @Test func everyClauseIsListedOnceAndNotYetNamesNothing() throws {
        let map = try Self.clausesInMap()
        #expect(map.map(\.id) == Self.clauses)
        for clause in map {
            #expect(["built", "partly", "not yet"].contains { clause.status.hasPrefix($0) }, "\(clause.id): status \(clause.status)")
            if clause.status.hasPrefix("not yet") {
                #expect(clause.lines.isEmpty, "\(clause.id) is not yet built but names \(clause.lines)")
            } else {
                for key in ["Area", "Tests"] { #expect(!(clause.lines[key] ?? []).isEmpty, "\(clause.id) names no \(key)") }
            }
        }
    }

    @Test func everyFileAndOperationNamedExists() throws {
        let operations = try Self.specOperations()
        for clause in try Self.clausesInMap() {
            for item in (clause.lines["Area"] ?? []) + (clause.lines["Tests"] ?? []) {
                #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(item).path), "\(clause.id): \(item)")
            }
            for item in clause.lines["API"] ?? [] {
                #expect(operations.contains(item), "\(clause.id): \(item) is not in openapi.yaml")
            }
        }
    }

    @Test func everyPageNamedIsARoute() async throws {
        try await TestServer.with { server in
            let routes = Set(server.app.routes.all.map { AccessMatrixTests.key($0.method, $0.path) })
            for clause in try Self.clausesInMap() {
                for item in clause.lines["Pages"] ?? [] {
                    #expect(routes.contains(item), "\(clause.id): \(item) is not a route")
                }
            }
        }
    }

    /// A clause that is built or partly built is named in the doc comments of its code.
    @Test func everyClauseWithCodeIsCitedInTheCode() throws {
        var sources = ""
        let enumerator = FileManager.default.enumerator(at: Self.root.appendingPathComponent("Sources"), includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "swift" { sources += try String(contentsOf: url, encoding: .utf8) }
        }
        for clause in try Self.clausesInMap() where !clause.status.hasPrefix("not yet") {
            #expect(
                sources.contains("Policy \(clause.id)") || sources.contains(", \(clause.id)"), "\(clause.id) is cited nowhere in Sources")
        }
    }
}
