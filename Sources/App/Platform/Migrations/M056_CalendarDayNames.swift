import Fluent
import SQLKit

/// The festival a holiday or make-up working day belongs to (元旦, 春节 …), from the imported calendar.
struct M056_CalendarDayNames: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("calendar_days").field("name", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("calendar_days").deleteField("name").update()
    }
}
