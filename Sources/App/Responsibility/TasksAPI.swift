import ChainLeadAPI
import ChainLeadCore
import Foundation

/// The responsibility matrix over the API (Policy S1–S7).
extension APIHandler {
    static func currentQuarter() throws -> Quarter {
        guard let q = Quarter(containing: SimpleDate.today()) else { throw DomainError.internal }
        return q
    }

    func getTaskMatrix(_ input: Operations.GetTaskMatrix.Input) async throws -> Operations.GetTaskMatrix.Output {
        try await require(.read, .tasks(.matrix))
        let quarter = try input.query.quarter.map(Self.quarter) ?? (try Self.currentQuarter())
        return .ok(.init(body: .json(try Bridge.convert(try await TaskReports(db: sql, caller: caller).matrix(quarter)))))
    }

    func reportTask(_ input: Operations.ReportTask.Input) async throws -> Operations.ReportTask.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        let department = body.department.trimmingCharacters(in: .whitespaces)
        try await require(.create, .tasks(.report(department: department)))
        let cell = try await TaskReports(db: sql, caller: caller).report(
            clause: input.path.clause.rawValue, department: department, quarter: try Self.quarter(body.quarter),
            status: TaskStatus(rawValue: body.status.rawValue) ?? .onTrack, progress: body.progress)
        return .ok(.init(body: .json(try Bridge.convert(cell))))
    }
}
