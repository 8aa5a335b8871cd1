import ChainLeadCore
import Foundation
import SQLKit

/// Looking after enterprises (Policy S1, S6): liaison officers (`Liaison.swift`), visits
/// (`Visits.swift`), topic meetings (`Meetings.swift`) and the clusters' service lists
/// (`ServiceLists.swift`).
struct EnterpriseCare {
    let db: any SQLDatabase
    /// Who acts: checked, and recorded in the audit trail.
    let caller: Caller
    var sql: any SQLDatabase { db }
}
