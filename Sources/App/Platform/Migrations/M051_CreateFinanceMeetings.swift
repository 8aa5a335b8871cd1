import Fluent
import SQLKit

/// Government–bank–enterprise meetings (政银企对接会, Policy S5): who came and what became of the
/// needs discussed.
struct M051_CreateFinanceMeetings: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("finance_meetings")
            .field("id", .int64, .identifier(auto: true))
            .field("date", .string, .required)
            .field("title", .string, .required)
            .field("place", .string)
            .field("banks", .string, .required)  // registered names, one per line
            .field("enterprises", .string, .required)  // USCCs, one per line
            .field("notes", .string)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await db.sql.create(index: "idx_finance_meetings_date").on("finance_meetings").column("date").run()
        try await db.schema("finance_meeting_needs")
            .field("meeting_id", .int64, .required, .references("finance_meetings", "id"))
            .field("need_id", .int64, .required, .references("finance_needs", "id"))
            .field("outcome", .string, .required)
            .unique(on: "meeting_id", "need_id")
            .create()
        try await db.sql.create(index: "idx_finance_meeting_needs_need").on("finance_meeting_needs").column("need_id").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("finance_meeting_needs").delete()
        try await db.schema("finance_meetings").delete()
    }
}
