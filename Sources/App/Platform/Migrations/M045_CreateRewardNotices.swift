import Fluent
import SQLKit

/// Public notices of rewards without application (免申即享公示, Policy S4): confirmed rewards
/// published for some working days, on a page and as `.docx`/`.xlsx`, before they are paid.
struct M045_CreateRewardNotices: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("reward_notices")
            .field("id", .int64, .identifier(auto: true))
            .field("title", .string, .required)
            .field("from_date", .string, .required)
            .field("starts_on", .string, .required)
            .field("notice_until", .string, .required)
            .field("working_days", .int, .required)
            .field("published_by", .string, .required)
            .field("published_at", .datetime, .required)
            .create()
        try await db.schema("rewards").field("notice_id", .int64).update()
        try await db.sql.create(index: "idx_rewards_notice").on("rewards").column("notice_id").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "idx_rewards_notice").run()
        try await db.schema("rewards").deleteField("notice_id").update()
        try await db.schema("reward_notices").delete()
    }
}
