import ChainLeadCore
import Foundation

/// The selection API's JSON shapes, kept beside the generated types and bridged through JSON
/// (`Bridge.convert`): the nested, open-ended shapes (schemes, figures by year, evidence) then
/// need no field-by-field copying.
enum SelectionDTO {
    struct Points: Codable {
        var code: String
        var name: String
        var raw: Double?
        var normalised: Double?
        var weight: Int
        var points: Double
        var missing: Bool

        init(_ p: IndicatorPoints, en: Bool = false) {
            code = p.code.rawValue
            name = en ? p.code.nameEn : p.code.nameZh
            raw = p.raw
            normalised = p.normalised
            weight = p.weight
            points = p.points
            missing = p.missing
        }
    }

    struct Application: Codable {
        var id: Int64
        var campaign: Int64
        var chain: String
        var enterprise: String
        var enterpriseName: String
        var status: String
        var nominated: Bool
        var figures: [String: YearFigures]
        var evidence: [String: Double]
        var note: String?
        var districtRecommend: Bool?
        var districtReason: String?
        var eligible: Bool?
        var reasons: [EligibilityReason]
        var indicatorScore: Double?
        var finalScore: Double?
        var rank: Int?
        var proposedTier: String?
        var indicators: [Points]
        var attachments: [ApplicationAttachments.Info]
        var sight: String?
        var expertScore: Double?
        var expertsComplete: Bool?

        init(_ v: ApplicationView, attachments: [ApplicationAttachments.Info] = []) {
            self.attachments = attachments
            id = v.id
            campaign = v.campaign
            chain = v.chain
            enterprise = v.enterprise
            enterpriseName = v.enterpriseName
            status = v.status
            nominated = v.nominated
            figures = v.figures
            evidence = v.evidence
            note = v.note
            districtRecommend = v.districtRecommend
            districtReason = v.districtReason
            eligible = v.eligible
            reasons = v.reasons
            indicatorScore = v.indicatorScore
            finalScore = v.finalScore
            rank = v.rank
            proposedTier = v.proposedTier
            indicators = v.indicators.map { Points($0) }
            expertScore = v.expertScore
            expertsComplete = v.expertsComplete
        }
    }

    struct RankingItem: Codable {
        var application: Int64
        var enterprise: String
        var name: String
        var eligible: Bool
        var reasons: [EligibilityReason]
        var indicatorScore: Double?
        var finalScore: Double?
        var rank: Int?
        var proposedTier: String?
        var status: String
        var indicators: [Points]
        var expertScore: Double? = nil
        var experts: [ExpertMark]? = nil
        /// False while an expert score of the application is missing (experts stage only).
        var expertsComplete: Bool? = nil
    }

    /// One expert's submitted score of an application, raw and calibrated.
    struct ExpertMark: Codable {
        var expert: String
        var raw: Double
        var calibrated: Double
        var calibratedUsed: Bool
    }

    struct Ranking: Codable {
        struct Metadata: Codable {
            var campaign: Int64
            var chain: String
            var year: Int
            var quota: Int
            var minScore: Double
            var scored: Bool
            var scoredAt: Date?
            var experts: Bool? = nil
            /// Final-score weights when experts score.
            var weights: SelectionScheme.Final? = nil
        }
        var items: [RankingItem]
        var metadata: Metadata
    }

    struct Scheme: Encodable {
        var id: Int64
        var frozen: Bool
        var isDefault: Bool
        var scheme: SelectionScheme
        var version: Int64 = 1

        func encode(to encoder: any Encoder) throws {
            try scheme.encode(to: encoder)
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(id, forKey: .id)
            try c.encode(frozen, forKey: .frozen)
            try c.encode(isDefault, forKey: .default)
            try c.encode(version, forKey: .version)
        }

        enum Key: String, CodingKey { case id, frozen, `default`, version }
    }

    struct Campaign: Codable {
        var id: Int64
        var year: Int
        var scheme: Int64
        var status: String
        var stage: String
        var applyUntil: String
        var chains: [String]
        var applications: Int
        var recognised: Int
        var scoredAt: Date?
        var stages: SelectionScheme.Stages
        var version: Int64

        init(_ c: CampaignView, today: SimpleDate) {
            id = c.id
            year = c.year
            scheme = c.schemeID
            status = c.status
            stage = c.stage(today: today)
            applyUntil = c.applyUntil
            chains = c.chains
            applications = c.applications
            recognised = c.recognised
            scoredAt = c.scoredAt
            stages = c.stages
            version = c.version
        }
    }

    struct Review: Codable {
        var id: Int64
        var recognition: Int64
        var enterprise: String
        var enterpriseName: String
        var chain: String
        var score: Double?
        var indicators: [Points]
        var outcome: String?
        var items: [String]
        var deadline: String?
        var toTier: String?
        var reason: String?
        var decidedBy: String?

        init(_ v: ReviewView) {
            id = v.id
            recognition = v.recognition
            enterprise = v.enterprise
            enterpriseName = v.enterpriseName
            chain = v.chain
            score = v.score
            indicators = v.indicators.map { Points($0) }
            outcome = v.outcome
            items = v.items
            deadline = v.deadline
            toTier = v.toTier
            reason = v.reason
            decidedBy = v.decidedBy
        }
    }
}

/// Converts between two Codable shapes of the same JSON (our DTOs and the generated types).
enum Bridge {
    static func convert<Out: Decodable>(_ value: some Encodable, to: Out.Type = Out.self) throws -> Out {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(Out.self, from: try encoder.encode(value))
        } catch {
            throw DomainError.malformed()
        }
    }
}
